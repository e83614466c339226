import { describe, expect, it, vi } from 'vitest';
import { createPost } from '../../../src/background/post-command';
import { isCommandEnvelope, isPostOutcome } from '../../../src/messaging/commands';
import { MESSAGE_TAG } from '../../../src/messaging/protocol';

const request = { threadId: '123', parts: ['SDM1ABCw'] };
const unreachable = { outcome: 'failed', reason: 'unreachable', sentParts: 0 };

describe('post command', () => {
  it('sends a checked envelope to the top frame and passes a well-formed answer through', async () => {
    const send = vi.fn(async (_tab: number, message: unknown) => {
      expect(isCommandEnvelope(message)).toBe(true);
      return { outcome: 'failed', reason: 'dialog', sentParts: 1 };
    });
    const post = createPost(send);
    await expect(post(5, request)).resolves.toEqual({ outcome: 'failed', reason: 'dialog', sentParts: 1 });
    expect(send).toHaveBeenCalledWith(5, { tag: MESSAGE_TAG, command: 'post', payload: request }, { frameId: 0 });
    await expect(createPost(async () => ({ outcome: 'sent' }))(5, request)).resolves.toEqual({ outcome: 'sent' });
  });

  it('turns no answer, a wrong answer, an error or silence into unreachable', async () => {
    const answers: unknown[] = [undefined, null, 'sent', { outcome: 'sent', extra: 1 }, { outcome: 'failed', reason: 'nope', sentParts: 0 }, { outcome: 'failed', reason: 'busy', sentParts: -1 }, { outcome: 'failed', reason: 'busy' }];
    for (const answer of answers) await expect(createPost(async () => answer)(1, request)).resolves.toEqual(unreachable);
    await expect(createPost(() => Promise.reject(new Error('Could not establish connection')))(1, request)).resolves.toEqual(unreachable);
    await expect(createPost(() => new Promise(() => undefined), 10)(1, request)).resolves.toEqual(unreachable);
  });

  it('the content script side accepts only our exact command envelope', () => {
    expect(isCommandEnvelope({ tag: MESSAGE_TAG, command: 'post', payload: request })).toBe(true);
    expect(isCommandEnvelope({ tag: MESSAGE_TAG, command: 'post', payload: request, extra: 1 })).toBe(false);
    expect(isCommandEnvelope({ tag: MESSAGE_TAG, command: 'read', payload: request })).toBe(false);
    expect(isCommandEnvelope({ tag: 'other', command: 'post', payload: request })).toBe(false);
    expect(isCommandEnvelope({ tag: MESSAGE_TAG, command: 'post', payload: { threadId: '../x', parts: [] } })).toBe(false);
    expect(isCommandEnvelope({ tag: MESSAGE_TAG, command: 'post', payload: { threadId: '1', parts: ['x'.repeat(1025)] } })).toBe(false);
    expect(isPostOutcome({ outcome: 'failed', reason: 'send-failed', sentParts: 2 })).toBe(true);
  });
});
