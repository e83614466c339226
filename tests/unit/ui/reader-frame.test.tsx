// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { PAYLOAD_STATUSES, type StoredMessage } from '../../../src/messaging/protocol';
import { isFrameMessage } from '../../../src/ui/frame-messages';
import { en } from '../../../src/ui/i18n/en';
import { ReaderFrame } from '../../../src/ui/reader/ReaderFrame';
import { PATTERN, callsOf, flush, mount, ok, refused, scriptBackground, text, unmountAll, type Script } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));

const MESSAGE: StoredMessage = {
  text: 'line one\nline two <b>not bold</b> https://example.invalid/averyveryveryveryveryverylongwordwithoutbreaks',
  direction: 'received',
  at: Date.UTC(2025, 4, 3, 14, 2),
  contactName: 'Bob',
  verification: 'verified',
};

let posted: MockInstance<typeof window.postMessage>;
beforeEach(() => {
  posted = vi.spyOn(window.parent, 'postMessage').mockImplementation(() => {});
});
afterEach(async () => {
  await unmountAll();
  window.location.hash = '';
});

function background(overrides: Script = {}) {
  return scriptBackground({
    status: () => ok({ version: '0.1.0', browser: 'chrome', vault: 'unlocked', pattern: PATTERN }),
    readMessage: () => ok(MESSAGE),
    ...overrides,
  });
}

async function openFrame(hash: string) {
  window.location.hash = hash;
  return mount(<ReaderFrame />);
}

const FAILURES = PAYLOAD_STATUSES.filter((s) => s !== 'ok');

describe('reader frame', () => {
  it('s=ok: asks the background and shows its text as plain text, with its badge, direction and the pattern', async () => {
    const calls = background();
    const root = await openFrame('#m=msg_1-A&s=ok&p=1&n=1');
    expect(callsOf(calls, 'readMessage')).toEqual([{ messageId: 'msg_1-A' }]);
    const shown = root.querySelector('[data-testid="reader-text"]')!;
    expect(shown.textContent).toBe(MESSAGE.text); // line breaks kept
    expect(shown.querySelector('b')).toBeNull(); // never markup
    expect(root.querySelector('[data-verification="verified"]')).not.toBeNull();
    expect(text(root)).toContain(en['verification.verified']);
    expect(root.querySelector('[data-direction="received"]')).not.toBeNull();
    expect(text(root)).toContain('From Bob');
    expect(root.querySelector('[data-testid="security-pattern"]')).not.toBeNull();
  });

  it('shows a multi-part message once: parts after the first only point to part 1', async () => {
    const calls = background();
    const root = await openFrame('#m=abc&s=ok&p=3&n=4');
    expect(callsOf(calls, 'readMessage')).toEqual([]);
    expect(root.querySelector('[data-testid="reader-text"]')).toBeNull();
    expect(text(root)).toContain('Part 3 of 4');
    const first = await openFrame('#m=abc&s=ok&p=1&n=4');
    expect(first.querySelector('[data-testid="reader-text"]')!.textContent).toBe(MESSAGE.text);
  });

  it('the verification comes from the background, whatever the hash says', async () => {
    background({ readMessage: () => ok({ ...MESSAGE, direction: 'sent', verification: 'key-changed' }) });
    const root = await openFrame('#m=abc&s=ok&p=1&n=1');
    expect(root.querySelector('[data-verification="key-changed"]')).not.toBeNull();
    expect(root.querySelector('[data-verification="verified"]')).toBeNull();
    expect(root.querySelector('[data-direction="sent"]')).not.toBeNull();
    expect(text(root)).toContain('Sent to Bob');
  });

  it('a failure status in the URL never shows text or a verified look, and asks for no message', async () => {
    for (const status of FAILURES) {
      const calls = background();
      const root = await openFrame(`#m=abc&s=${status}&p=1&n=1`);
      expect(callsOf(calls, 'readMessage'), status).toEqual([]);
      expect(root.querySelector('[data-testid="reader-text"]'), status).toBeNull();
      expect(root.querySelector('[data-verification]'), status).toBeNull();
      expect(text(root), status).not.toContain(en['verification.verified']);
      expect(text(root), status).not.toContain('line one');
      expect(root.querySelector(`[data-testid="payload-failure"][data-status="${status}"]`), status).not.toBeNull();
      expect(text(root), status).toContain(en[`payload.${status}.badge`]);
      expect(root.querySelector('[data-testid="security-pattern"]'), status).not.toBeNull();
      await unmountAll();
    }
  });

  it('incomplete says which part this is', async () => {
    background();
    let root = await openFrame('#m=abc&s=incomplete&p=2&n=3');
    expect(text(root)).toContain('Part 2 of 3.');
    await unmountAll();
    root = await openFrame('#s=incomplete&p=4&n=3');
    expect(text(root)).toContain(en['payload.incomplete.body']);
  });

  it('a hash that is not a reader address is an error state, never text', async () => {
    for (const hash of ['', '#s=ok', '#m=abc&s=verified', '#m=abc&s=ok&v=verified', '#m=abc&s=ok&s=tampered', '#m=a%2Fb&s=ok', '#m=abc']) {
      const calls = background();
      const root = await openFrame(hash);
      expect(text(root.querySelector('[role="alert"]')), hash).toBe(en['frame.badLink']);
      expect(callsOf(calls, 'readMessage'), hash).toEqual([]);
      expect(root.querySelector('[data-verification]'), hash).toBeNull();
      await unmountAll();
    }
  });

  it("no-message: not in this browser's archive", async () => {
    background({ readMessage: () => refused('no-message') });
    const root = await openFrame('#m=abc&s=ok&p=1&n=1');
    expect(text(root)).toContain("Not in this browser's archive");
    expect(root.querySelector('[data-testid="reader-text"]')).toBeNull();
  });

  it('a locked vault shows the locked badge; other failures their plain message', async () => {
    background({ readMessage: () => refused('locked') });
    let root = await openFrame('#m=abc&s=ok&p=1&n=1');
    expect(root.querySelector('[data-status="locked"]')).not.toBeNull();
    await unmountAll();
    background({ readMessage: () => ({ ok: false, error: 'unreachable' }) });
    root = await openFrame('#m=abc&s=ok&p=1&n=1');
    expect(text(root.querySelector('[role="alert"]'))).toBe(en['error.unreachable']);
  });

  it('a rewritten hash asks about the new message; the old text goes away', async () => {
    const calls = background({ readMessage: ({ messageId }) => (messageId === 'first' ? ok(MESSAGE) : refused('no-message')) });
    const root = await openFrame('#m=first&s=ok&p=1&n=1');
    expect(text(root)).toContain('line one');
    await act(() => {
      window.location.hash = '#m=second&s=tampered&p=1&n=1';
    });
    await flush();
    expect(text(root)).not.toContain('line one');
    expect(root.querySelector('[data-status="tampered"]')).not.toBeNull();
    expect(callsOf(calls, 'readMessage')).toEqual([{ messageId: 'first' }]);
  });

  it('posts only resize messages to the parent, never the text', async () => {
    background();
    await openFrame('#m=abc&s=ok&p=1&n=1');
    expect(posted).toHaveBeenCalled();
    for (const [message] of posted.mock.calls) {
      expect(isFrameMessage(message)).toBe(true);
      expect((message as { type: string }).type).toBe('resize');
      expect(JSON.stringify(message)).not.toMatch(/line|Bob/);
    }
  });
});
