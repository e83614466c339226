import { describe, expect, it, vi } from 'vitest';
import { MESSAGE_TAG, contentRequestGuards, privilegedRequestGuards } from '../../../src/messaging/protocol';
import { Refusal } from '../../../src/messaging/refusal';
import { createRouter, type RouterHandlers } from '../../../src/messaging/router';

const self = { id: 'ext-id', baseUrl: 'chrome-extension://ext-id/' };
const page = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const content = { id: 'ext-id', url: 'https://www.instagram.com/direct/t/1/', tab: { id: 1 }, frameId: 0 };

const STATUS = { version: '9', browser: 'chrome', vault: 'uninitialized', pattern: null } as const;

const unexpected = () => {
  throw new Error('unexpected call');
};

/** Every privileged handler throws unless a test overrides it: only the ones a test names may run. */
function privilegedHandlers(overrides: Partial<RouterHandlers['privileged']> = {}): RouterHandlers['privileged'] {
  const all = Object.fromEntries(Object.keys(privilegedRequestGuards).map((k) => [k, vi.fn(unexpected)]));
  return { ...all, status: vi.fn(() => STATUS), ...overrides } as RouterHandlers['privileged'];
}

/** The same for content handlers; `threadState` answers unless overridden. */
function contentHandlers(overrides: Partial<RouterHandlers['content']> = {}): RouterHandlers['content'] {
  const all = Object.fromEntries(Object.keys(contentRequestGuards).map((k) => [k, vi.fn(unexpected)]));
  return { ...all, threadState: vi.fn(() => ({ mode: 'plain' as const })), ...overrides } as RouterHandlers['content'];
}

function setup() {
  const handlers: RouterHandlers = {
    content: contentHandlers(),
    privileged: privilegedHandlers(),
  };
  return { handlers, router: createRouter(self, handlers) };
}

/** A valid content request's payload. */
const ASK = { threadId: '17842055330127433', username: null };

const msg = (channel: string, type: string, payload: unknown) => ({ tag: MESSAGE_TAG, channel, type, payload });

describe('router', () => {
  it('ignores messages that are not ours', () => {
    const { router } = setup();
    expect(router.handle({ type: 'hello' }, page)).toBeUndefined();
    expect(router.handle('hello', page)).toBeUndefined();
  });

  it('answers a valid content request from the content script', async () => {
    const { router, handlers } = setup();
    await expect(router.handle(msg('content', 'threadState', ASK), content)).resolves.toEqual({ ok: true, value: { mode: 'plain' } });
    expect(handlers.content.threadState).toHaveBeenCalledWith(ASK, content);
  });

  it('refuses privileged requests from the content script, whatever the message claims', async () => {
    const { router, handlers } = setup();
    await expect(router.handle(msg('privileged', 'status', {}), content)).resolves.toEqual({ ok: false, error: 'forbidden' });
    await expect(router.handle({ ...msg('privileged', 'status', {}), sender: 'popup', privileged: true }, content)).resolves.toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(handlers.privileged.status).not.toHaveBeenCalled();
  });

  it('refuses everything from untrusted senders', async () => {
    const { router } = setup();
    const foreign = { id: 'other', url: 'chrome-extension://other/x.html' };
    await expect(router.handle(msg('content', 'threadState', ASK), foreign)).resolves.toEqual({ ok: false, error: 'forbidden' });
  });

  it('allows extension pages on both channels', async () => {
    const { router } = setup();
    await expect(router.handle(msg('privileged', 'status', {}), page)).resolves.toMatchObject({ ok: true });
    await expect(router.handle(msg('content', 'threadState', ASK), page)).resolves.toMatchObject({ ok: true });
  });

  it('rejects malformed payloads and unknown types before any handler runs', async () => {
    const { router, handlers } = setup();
    const bad = [
      msg('content', 'threadState', {}),
      msg('content', 'threadState', { ...ASK, threadId: 5 }),
      msg('content', 'threadState', { ...ASK, extra: 1 }),
      msg('content', 'threadState', { ...ASK, threadId: '1'.repeat(65) }),
      msg('content', 'threadState', null),
      msg('content', 'threadState', ['x']),
    ];
    for (const m of bad) await expect(router.handle(m, content)).resolves.toEqual({ ok: false, error: 'malformed' });
    await expect(router.handle(msg('content', 'toString', {}), content)).resolves.toEqual({ ok: false, error: 'unknown-type' });
    await expect(router.handle(msg('content', '__proto__', {}), content)).resolves.toEqual({ ok: false, error: 'unknown-type' });
    await expect(router.handle(msg('admin', 'threadState', ASK), content)).resolves.toEqual({ ok: false, error: 'malformed' });
    expect(handlers.content.threadState).not.toHaveBeenCalled();
  });

  it('turns a handler failure into a bare error code', async () => {
    const onError = vi.fn();
    const router = createRouter(
      self,
      {
        content: contentHandlers({
          threadState: () => {
            throw new Error('secret detail');
          },
        }),
        privileged: privilegedHandlers(),
      },
      onError,
    );
    const reply = await router.handle(msg('content', 'threadState', ASK), content);
    expect(reply).toEqual({ ok: false, error: 'internal' });
    expect(JSON.stringify(reply)).not.toContain('secret');
    expect(onError).toHaveBeenCalledWith('threadState', expect.any(Error));
  });

  it('passes a refusal reason through, and nothing else of the error', async () => {
    const router = createRouter(self, {
      content: contentHandlers(),
      privileged: privilegedHandlers({
        unlock: () => {
          throw new Refusal('throttled', 1234);
        },
        lock: () => {
          throw new Refusal('locked');
        },
      }),
    });
    await expect(router.handle(msg('privileged', 'unlock', { passphrase: 'x' }), page)).resolves.toEqual({
      ok: false,
      error: 'refused',
      reason: 'throttled',
      retryAt: 1234,
    });
    await expect(router.handle(msg('privileged', 'lock', {}), page)).resolves.toEqual({ ok: false, error: 'refused', reason: 'locked' });
  });

  it('validates privileged payloads too', async () => {
    const { router } = setup();
    const bad = [
      msg('privileged', 'createIdentity', { displayName: 'a', instagram: null }),
      msg('privileged', 'createIdentity', { displayName: 'a'.repeat(65), instagram: null, passphrase: null }),
      msg('privileged', 'setAutoLock', { minutes: 0 }),
      msg('privileged', 'setAutoLock', { minutes: 1.5 }),
      msg('privileged', 'setVerified', { id: 'x', verified: 'yes' }),
      msg('privileged', 'importBackup', { file: 'x', passphrase: 'p' }),
    ];
    for (const m of bad) await expect(router.handle(m, page)).resolves.toEqual({ ok: false, error: 'malformed' });
  });

  it('validates content payloads: thread ids, bubbles, and at most 64 bubbles of 8 parts', async () => {
    const threadState = vi.fn(() => ({ mode: 'plain' as const }));
    const readPayloads = vi.fn(() => ({ results: [] }));
    const router = createRouter(self, { content: contentHandlers({ threadState, readPayloads }), privileged: privilegedHandlers() });
    const item = { key: 'b', parts: ['SDM1ABCw'], outgoing: false };
    await expect(router.handle(msg('content', 'threadState', { threadId: '123', username: null }), content)).resolves.toEqual({ ok: true, value: { mode: 'plain' } });
    await expect(router.handle(msg('content', 'readPayloads', { threadId: '123', items: [item] }), content)).resolves.toMatchObject({ ok: true });
    const bad = [
      msg('content', 'threadState', { threadId: '../1', username: null }),
      msg('content', 'threadState', { threadId: '', username: 'bob' }),
      msg('content', 'threadState', { threadId: '1', username: 'x'.repeat(31) }),
      msg('content', 'readPayloads', { threadId: '1', items: Array.from({ length: 65 }, () => item) }),
      msg('content', 'readPayloads', { threadId: '1', items: [{ ...item, parts: Array.from({ length: 9 }, () => 'x') }] }),
      msg('content', 'readPayloads', { threadId: '1', items: [{ ...item, parts: ['x'.repeat(1025)] }] }),
      msg('content', 'readPayloads', { threadId: '1', items: [{ ...item, text: 'plain' }] }),
    ];
    for (const m of bad) await expect(router.handle(m, content)).resolves.toEqual({ ok: false, error: 'malformed' });
    expect(threadState).toHaveBeenCalledTimes(1);
    expect(readPayloads).toHaveBeenCalledTimes(1);
  });
});
