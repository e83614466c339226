// @vitest-environment happy-dom
/**
 * The reader frame (src/ui/reader/reader-page.ts, plain DOM) against a scripted background: what it
 * shows for every kind of address, and that it shows nothing the background did not say.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { PAYLOAD_STATUSES, type ReaderMessage } from '../../../src/messaging/protocol';
import { isFrameMessage } from '../../../src/ui/frame-messages';
import { en } from '../../../src/ui/i18n/en';
import { describePattern as describeInPopup } from '../../../src/ui/pattern/SecurityPatternBadge';
import { describePattern } from '../../../src/ui/reader/pattern-badge';
import { mountReader, REREAD_RETRY_MS } from '../../../src/ui/reader/reader-page';
import { READER_STRINGS } from '../../../src/ui/reader/reader-strings';
import { readerTargetMessage } from '../../../src/ui/reader/reader-target';
import { REREAD_RETRY_MS as POPUP_RETRY_MS } from '../../../src/ui/useBackground';
import { PATTERN, callsOf, ok, refused, scriptBackground, text, type Script } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));

const MESSAGE: ReaderMessage = {
  text: 'line one\nline two <b>not bold</b> https://example.invalid/averyveryveryveryveryverylongwordwithoutbreaks',
  direction: 'received',
  at: Date.UTC(2025, 4, 3, 14, 2),
  contactName: 'Bob',
  verification: 'verified',
  pattern: PATTERN,
};

let posted: MockInstance<typeof window.postMessage>;
beforeEach(() => {
  posted = vi.spyOn(window.parent, 'postMessage').mockImplementation(() => {});
});
/** The background's `changed` notices as the frame subscribes to them (start.ts wires the real ones). */
const listeners = new Set<() => void>();
const notices = (callback: () => void) => {
  listeners.add(callback);
  return () => listeners.delete(callback);
};
const announce = () => {
  for (const callback of listeners) callback();
};

let mounted: Array<{ root: HTMLElement; stop: () => void }> = [];
afterEach(async () => {
  unmountAll();
  window.location.hash = '';
});

function unmountAll(): void {
  for (const m of mounted) {
    m.stop();
    m.root.remove();
  }
  mounted = [];
}

/** Lets pending replies and the redraws they cause run. */
async function flush(rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

function background(overrides: Script = {}) {
  return scriptBackground({
    status: () => ok({ version: '0.1.0', browser: 'chrome', vault: 'unlocked', pattern: PATTERN }),
    readMessage: () => ok(MESSAGE),
    ...overrides,
  });
}

async function openFrame(hash: string): Promise<HTMLElement> {
  window.location.hash = hash;
  const root = document.createElement('div');
  document.body.append(root);
  mounted.push({ root, stop: mountReader(root, window, notices) });
  await flush();
  return root;
}

const FAILURES = PAYLOAD_STATUSES.filter((s) => s !== 'ok');

describe('reader frame', () => {
  it('s=ok: asks the background and shows its text as plain text, with its badge, direction and the pattern', async () => {
    const calls = background();
    const root = await openFrame('#m=msg_1-A&s=ok&p=1&n=1');
    // One request: the answer carries the pattern (no `status` round trip per bubble).
    expect(calls.map((c) => c.type)).toEqual(['readMessage']);
    expect(callsOf(calls, 'readMessage')).toEqual([{ messageId: 'msg_1-A' }]);
    const shown = root.querySelector('[data-testid="reader-text"]')!;
    expect(shown.textContent).toBe(MESSAGE.text); // line breaks kept
    expect(shown.querySelector('b')).toBeNull(); // never markup
    expect(root.querySelector('[data-verification="verified"]')).not.toBeNull();
    expect(text(root)).toContain(en['verification.verified']);
    expect(root.querySelector('[data-direction="received"]')).not.toBeNull();
    expect(text(root)).toContain('From Bob');
    expect(root.querySelector('[data-testid="security-pattern"]')!.getAttribute('aria-label')).toBe(describeInPopup(PATTERN));
    expect(root.querySelector('time')!.getAttribute('datetime')).toBe(new Date(MESSAGE.at).toISOString());
  });

  it('draws the pattern the background answered with, and none when it has none', async () => {
    const other = { hues: [10, 200] as [number, number], shape: 3, cells: 0xf0f0 };
    background({ readMessage: () => ok({ ...MESSAGE, pattern: other }) });
    let root = await openFrame('#m=abc&s=ok&p=1&n=1');
    expect(root.querySelector('[data-testid="security-pattern"]')!.getAttribute('aria-label')).toBe(describePattern(other));
    expect(root.querySelectorAll('[data-testid="security-pattern"] polygon').length).toBe(8);
    unmountAll();
    background({ readMessage: () => ok({ ...MESSAGE, pattern: null }) });
    root = await openFrame('#m=abc&s=ok&p=1&n=1');
    expect(root.querySelector('[data-testid="reader-text"]')).not.toBeNull();
    expect(root.querySelector('[data-testid="security-pattern"]')).toBeNull();
  });

  it('its own strings are the catalog\'s, and its re-read schedule the other frames\' one', () => {
    for (const [key, value] of Object.entries(READER_STRINGS)) expect(value, key).toBe(en[key as keyof typeof en]);
    expect(REREAD_RETRY_MS).toEqual(POPUP_RETRY_MS);
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
      unmountAll();
    }
  });

  it('a deleted message reads as the user\'s own doing: its own icon and neutral class, not an alarm', async () => {
    background();
    const root = await openFrame('#m=abc&s=deleted&p=1&n=1');
    const badge = root.querySelector('.payload-badge')!;
    expect(badge.className).toBe('payload-badge payload-deleted');
    expect(badge.querySelector('[aria-hidden]')?.textContent).toBe('🗑');
    expect(text(root)).toContain(en['payload.deleted.body']);
    unmountAll();
    const tampered = await openFrame('#m=abc&s=tampered&p=1&n=1');
    expect(tampered.querySelector('.payload-badge [aria-hidden]')?.textContent).toBe('⚠');
  });

  it('incomplete says which part this is', async () => {
    background();
    let root = await openFrame('#m=abc&s=incomplete&p=2&n=3');
    expect(text(root)).toContain('Part 2 of 3.');
    unmountAll();
    root = await openFrame('#s=incomplete&p=4&n=3');
    expect(text(root)).toContain(en['payload.incomplete.body']);
  });

  it('a hash that is not a reader address is an error state, never text', async () => {
    for (const hash of ['#s=ok', '#m=abc&s=verified', '#m=abc&s=ok&v=verified', '#m=abc&s=ok&s=tampered', '#m=a%2Fb&s=ok', '#m=abc']) {
      const calls = background();
      const root = await openFrame(hash);
      expect(text(root.querySelector('[role="alert"]')), hash).toBe(en['frame.badLink']);
      expect(callsOf(calls, 'readMessage'), hash).toEqual([]);
      expect(root.querySelector('[data-verification]'), hash).toBeNull();
      unmountAll();
    }
  });

  it("no-message: not in this browser's archive, with the pattern asked separately", async () => {
    const calls = background({ readMessage: () => refused('no-message') });
    const root = await openFrame('#m=abc&s=ok&p=1&n=1');
    expect(text(root)).toContain("Not in this browser's archive");
    expect(root.querySelector('[data-testid="reader-text"]')).toBeNull();
    expect(calls.map((c) => c.type)).toEqual(['readMessage', 'status']);
    expect(root.querySelector('[data-testid="security-pattern"]')).not.toBeNull();
  });

  it('a locked vault shows the locked badge; other failures their plain message', async () => {
    background({ readMessage: () => refused('locked') });
    let root = await openFrame('#m=abc&s=ok&p=1&n=1');
    expect(root.querySelector('[data-status="locked"]')).not.toBeNull();
    unmountAll();
    background({ readMessage: () => ({ ok: false, error: 'unreachable' }) });
    root = await openFrame('#m=abc&s=ok&p=1&n=1');
    expect(text(root.querySelector('[role="alert"]'))).toBe(en['error.unreachable']);
  });

  it('a rewritten hash asks about the new message; the old text goes away', async () => {
    const calls = background({ readMessage: ({ messageId }) => (messageId === 'first' ? ok(MESSAGE) : refused('no-message')) });
    const root = await openFrame('#m=first&s=ok&p=1&n=1');
    expect(text(root)).toContain('line one');
    window.location.hash = '#m=second&s=tampered&p=1&n=1';
    await flush();
    expect(text(root)).not.toContain('line one');
    expect(root.querySelector('[data-status="tampered"]')).not.toBeNull();
    expect(callsOf(calls, 'readMessage')).toEqual([{ messageId: 'first' }]);
  });

  it('posts only its size and, once its answer is drawn, `shown` to the parent, never the text', async () => {
    background();
    await openFrame('#m=abc&s=ok&p=1&n=1');
    expect(posted).toHaveBeenCalled();
    for (const [message] of posted.mock.calls) {
      expect(isFrameMessage(message)).toBe(true);
      expect(['resize', 'shown']).toContain((message as { type: string }).type);
      expect(JSON.stringify(message)).not.toMatch(/line|Bob|abc/);
    }
    expect(posted.mock.calls.filter(([m]) => (m as { type: string }).type === 'shown')).toHaveLength(1);
    // A re-read (focus) draws again but does not say `shown` again.
    window.dispatchEvent(new Event('focus'));
    await new Promise((r) => setTimeout(r, 20));
    expect(posted.mock.calls.filter(([m]) => (m as { type: string }).type === 'shown')).toHaveLength(1);
  });
});

describe('reader frame re-reads', () => {
  it('when the background says something changed (the vault locked), the text gives way to "locked" without focus; unmounted, it stops listening', async () => {
    let locked = false;
    const calls = background({ readMessage: () => (locked ? refused('locked') : ok(MESSAGE)) });
    const root = await openFrame('#m=msg_1-A&s=ok&p=1&n=1');
    expect(root.querySelector('[data-testid="reader-text"]')!.textContent).toBe(MESSAGE.text);
    locked = true;
    announce();
    await flush();
    expect(root.querySelector('[data-testid="reader-text"]')).toBeNull();
    expect(root.querySelector('[data-testid="payload-failure"]')!.getAttribute('data-status')).toBe('locked');
    expect(root.textContent).not.toContain('line one');
    expect(callsOf(calls, 'readMessage')).toHaveLength(2);
    unmountAll();
    expect(listeners.size).toBe(0);
  });


  it('asks again on focus; a re-read that finds the background away keeps the text, then says so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let away = false;
      const calls = background({ readMessage: () => (away ? { ok: false, error: 'unreachable' } : ok(MESSAGE)) });
      window.location.hash = '#m=abc&s=ok&p=1&n=1';
      const root = document.createElement('div');
      document.body.append(root);
      mounted.push({ root, stop: mountReader(root, window, notices) });
      await vi.runAllTimersAsync();
      expect(root.querySelector('[data-testid="reader-text"]')!.textContent).toBe(MESSAGE.text);
      away = true;
      window.dispatchEvent(new Event('focus'));
      await vi.advanceTimersByTimeAsync(REREAD_RETRY_MS[0]! + REREAD_RETRY_MS[1]!);
      expect(callsOf(calls, 'readMessage').length).toBe(4);
      expect(root.querySelector('[data-testid="reader-text"]')!.textContent).toBe(MESSAGE.text);
      await vi.runAllTimersAsync();
      expect(root.querySelector('[data-testid="reader-text"]')).toBeNull();
      expect(text(root.querySelector('[role="alert"]'))).toBe(en['error.unreachable']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('reader frame created before its address was known', () => {
  const post = (data: unknown, source: Window | null = window.parent): void => {
    window.dispatchEvent(new MessageEvent('message', { data, source }));
  };

  it('waits without asking anything, then takes its address from its parent, once', async () => {
    const calls = background();
    const root = await openFrame('');
    expect(calls).toEqual([]);
    expect(text(root)).toContain(en['common.loading']);
    expect(root.querySelector('[role="alert"]')).toBeNull();
    // Not from the parent window, or not the right shape: ignored.
    post(readerTargetMessage('#m=abc&s=ok&p=1&n=1'), null);
    post({ source: 'sealed-dms', type: 'reader-target', hash: '#m=abc&s=ok&p=1&n=1', extra: 1 });
    await flush();
    expect(calls).toEqual([]);
    post(readerTargetMessage('#m=abc&s=ok&p=1&n=1'));
    await flush();
    expect(callsOf(calls, 'readMessage')).toEqual([{ messageId: 'abc' }]);
    expect(root.querySelector('[data-testid="reader-text"]')!.textContent).toBe(MESSAGE.text);
    // A second address is refused: the frame takes one.
    post(readerTargetMessage('#m=other&s=ok&p=1&n=1'));
    await flush();
    expect(callsOf(calls, 'readMessage')).toEqual([{ messageId: 'abc' }]);
    expect(root.querySelector('[data-testid="reader-text"]')!.textContent).toBe(MESSAGE.text);
  });

  it('a posted failure status shows its badge, never text; a frame with an address in its fragment ignores posted ones', async () => {
    const calls = background();
    let root = await openFrame('');
    post(readerTargetMessage('#m=abc&s=tampered&p=1&n=1'));
    await flush();
    expect(root.querySelector('[data-status="tampered"]')).not.toBeNull();
    expect(callsOf(calls, 'readMessage')).toEqual([]);
    unmountAll();
    window.location.hash = '';
    root = await openFrame('#m=first&s=ok&p=1&n=1');
    post(readerTargetMessage('#m=abc&s=tampered&p=1&n=1'));
    await flush();
    expect(root.querySelector('[data-status="tampered"]')).toBeNull();
    expect(callsOf(calls, 'readMessage')).toEqual([{ messageId: 'first' }]);
  });
});
