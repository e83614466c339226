import { describe, expect, it, vi } from 'vitest';
import { answerWithSendResponse } from '../../../src/messaging/async-listener';

describe('answerWithSendResponse', () => {
  it('keeps the channel open and answers through sendResponse once the promise settles', async () => {
    const sendResponse = vi.fn();
    const listener = answerWithSendResponse((message: unknown) => Promise.resolve({ echoed: message }));
    expect(listener('hi', {}, sendResponse)).toBe(true);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ echoed: 'hi' }));
  });

  it('does not claim messages the handler ignores', () => {
    const sendResponse = vi.fn();
    expect(answerWithSendResponse(() => undefined)('other', {}, sendResponse)).toBeUndefined();
    expect(sendResponse).not.toHaveBeenCalled();
  });

  it('answers nothing (never the error) when the handler fails', async () => {
    const sendResponse = vi.fn();
    const listener = answerWithSendResponse(() => Promise.reject(new Error('secret detail')));
    expect(listener('hi', {}, sendResponse)).toBe(true);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledTimes(1));
    expect(sendResponse).toHaveBeenCalledWith();
  });
});
