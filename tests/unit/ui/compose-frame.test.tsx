// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { ClientReply } from '../../../src/messaging/client';
import type { ComposeState, ContactSummary, SendOutcome } from '../../../src/messaging/protocol';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ComposeFrame } from '../../../src/ui/compose/ComposeFrame';
import { FRAME_CONFIRM_ARM_MS } from '../../../src/ui/components/Confirm';
import { isFrameMessage } from '../../../src/ui/frame-messages';
import { en } from '../../../src/ui/i18n/en';
import { PATTERN, announceChanged, button, byLabel, callsOf, click, flush, hasButton, mount, ok, refused, scriptBackground, text, typeInto, unmountAll, type Script } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));

const BOB: ContactSummary = { id: 'c-bob', name: 'Bob', instagram: 'bob', verification: 'verified' };
const SECRET = 'meet me at the old mill\nat nine';

let posted: MockInstance<typeof window.postMessage>;
beforeEach(() => {
  posted = vi.spyOn(window.parent, 'postMessage').mockImplementation(() => {});
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => {}) }, configurable: true });
});
afterEach(async () => {
  await unmountAll();
  window.location.hash = '';
});

function background(overrides: Script = {}, state: Partial<ComposeState> = {}) {
  return scriptBackground({
    status: () => ok({ version: '0.1.0', browser: 'chrome', vault: 'unlocked', pattern: PATTERN }),
    composeState: () => ok({ contact: BOB, encrypt: true, maxTextBytes: 1000, ...state }),
    ...overrides,
  });
}

async function openFrame(hash = '#t=340282366841710301244276017723107508377') {
  window.location.hash = hash;
  return mount(<ComposeFrame />);
}

const box = (root: HTMLElement) => byLabel<HTMLTextAreaElement>(root, en['compose.label']);
/** The text box if the user can see it (not inside a hidden element). */
const shownBox = (root: HTMLElement) => [...root.querySelectorAll('textarea')].find((t) => t.closest('[hidden]') === null) ?? null;
const sendButton = (root: HTMLElement) => button(root, en['compose.send']);
const feedback = (root: HTMLElement) => text(root.querySelector('[data-testid="feedback"]'));

function enter(target: HTMLElement, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

async function pressEnter(target: HTMLElement, init: KeyboardEventInit = {}): Promise<KeyboardEvent> {
  let event!: KeyboardEvent;
  await act(() => {
    event = enter(target, init);
  });
  await flush();
  return event;
}

/** A background whose vault the test locks and unlocks: `status` and `composeState` follow `vault.state`. */
function lockableBackground(overrides: Script = {}) {
  const vault: { state: 'locked' | 'unlocked' } = { state: 'unlocked' };
  const calls = background({
    status: () => ok({ version: '0.1.0', browser: 'chrome', vault: vault.state, pattern: PATTERN }),
    composeState: () => (vault.state === 'locked' ? refused('locked') : ok({ contact: BOB, encrypt: true, maxTextBytes: 1000 })),
    ...overrides,
  });
  return { vault, calls };
}

/** A reply the test releases by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('compose frame: what it shows', () => {
  it('shows the security pattern, the contact from the background and its verification', async () => {
    const calls = background();
    const root = await openFrame('#t=abc_DEF-123');
    expect(callsOf(calls, 'composeState')).toEqual([{ threadId: 'abc_DEF-123' }]);
    expect(root.querySelector('[data-testid="security-pattern"]')).not.toBeNull();
    expect(text(root.querySelector('[data-testid="compose-to"]'))).toBe('Encrypted to Bob');
    expect(root.querySelector('[data-verification="verified"]')).not.toBeNull();
    expect(root.querySelector('[data-testid="key-changed-warning"]')).toBeNull();
    expect(box(root).readOnly).toBe(false);
    expect(byLabel(root, en['compose.switch']).checked).toBe(true);
    expect(byLabel(root, en['compose.switch']).getAttribute('role')).toBe('switch');
  });

  it('warns clearly when the contact key changed', async () => {
    background({}, { contact: { ...BOB, verification: 'key-changed' } });
    const root = await openFrame();
    expect(root.querySelector('[data-verification="key-changed"]')).not.toBeNull();
    expect(text(root.querySelector('[data-testid="key-changed-warning"]'))).toContain("Bob's key changed.");
  });

  it('an invalid thread in the hash is an error state that asks the background nothing about threads', async () => {
    for (const hash of ['', '#t=', '#t=a/b', `#t=${'x'.repeat(65)}`, '#t=abc&t=def', '#t=abc&x=1', '#thread=abc']) {
      const calls = background();
      const root = await openFrame(hash);
      expect(text(root.querySelector('[role="alert"]')), hash).toBe(en['frame.badLink']);
      expect(root.querySelector('textarea'), hash).toBeNull();
      expect(callsOf(calls, 'composeState'), hash).toEqual([]);
      await unmountAll();
    }
  });

  it('locked vault: tells the user to unlock from the toolbar, and there is no text box', async () => {
    background({ status: () => ok({ version: '0.1.0', browser: 'chrome', vault: 'locked', pattern: PATTERN }), composeState: () => refused('locked') });
    const root = await openFrame();
    expect(text(root)).toContain('Unlock Sealed DMs from the toolbar button to send');
    expect(root.querySelector('textarea')).toBeNull();
    expect(root.querySelector('[data-testid="security-pattern"]')).not.toBeNull();
  });

  const focusFrame = () =>
    act(() => {
      window.dispatchEvent(new Event('focus'));
    });

  it.each([
    ['focusing the frame', focusFrame],
    ['the background’s changed notice (no focus needed)', announceChanged],
  ])('the vault locked, then unlocked elsewhere: %s re-reads the state; the draft leaves the screen and comes back', async (_how, reread) => {
    const { vault } = lockableBackground();
    const root = await openFrame();
    await typeInto(box(root), SECRET);
    vault.state = 'locked';
    await reread();
    await flush();
    expect(text(root)).toContain(en['compose.locked']);
    expect(shownBox(root)).toBeNull(); // kept mounted, hidden, for a send in flight
    expect(root.textContent).not.toContain('old mill');
    vault.state = 'unlocked';
    await reread();
    await flush();
    expect(box(root).value).toBe(SECRET);
  });

  it('listens for the changed notice while mounted only', async () => {
    lockableBackground();
    await openFrame();
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(true);
    await unmountAll();
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(false);
  });

  it('the vault locking while a send is in flight: the send finishes off screen; after unlocking the box is empty and says it was sent (never the text back to send twice)', async () => {
    const reply = deferred<ClientReply<SendOutcome>>();
    const { vault, calls } = lockableBackground({ send: () => reply.promise });
    const root = await openFrame();
    await typeInto(box(root), SECRET);
    await pressEnter(box(root));
    expect(callsOf(calls, 'send')).toHaveLength(1);
    vault.state = 'locked';
    await announceChanged();
    await flush();
    expect(text(root)).toContain(en['compose.locked']);
    expect(root.querySelector('textarea')?.closest('[hidden]')).not.toBeNull(); // mounted, not shown
    await act(() => reply.resolve(ok<SendOutcome>({ outcome: 'sent', messageId: 'm1' })));
    await flush();
    vault.state = 'unlocked';
    await announceChanged();
    await flush();
    expect(box(root).closest('[hidden]')).toBeNull();
    expect(box(root).value).toBe('');
    expect(feedback(root)).toContain(en['compose.sent']);
    expect(callsOf(calls, 'send')).toHaveLength(1);
  });

  it('a locked refusal of composeState is also the locked state', async () => {
    background({ composeState: () => refused('locked') });
    const root = await openFrame();
    expect(text(root)).toContain(en['compose.locked']);
    expect(root.querySelector('textarea')).toBeNull();
  });

  it('no contact, or encryption off: a short message and no text box', async () => {
    background({}, { contact: null });
    let root = await openFrame();
    expect(text(root)).toContain(en['compose.noContact']);
    expect(root.querySelector('textarea')).toBeNull();
    await unmountAll();

    background({}, { encrypt: false });
    root = await openFrame();
    expect(text(root)).toContain(en['compose.encryptionOff']);
    expect(root.querySelector('textarea')).toBeNull();
    expect(byLabel(root, en['compose.switch']).checked).toBe(false);
  });

  it('an unreachable background: says so, no text box', async () => {
    scriptBackground({ status: () => ({ ok: false, error: 'unreachable' }), composeState: () => ({ ok: false, error: 'unreachable' }) });
    const root = await openFrame();
    expect(text(root.querySelector('[role="alert"]'))).toBe(en['error.unreachable']);
    expect(root.querySelector('textarea')).toBeNull();
  });

  it('counts the remaining length in UTF-8 bytes and refuses an over-long text without sending', async () => {
    const calls = background({ send: () => ok<SendOutcome>({ outcome: 'sent', messageId: 'm1' }) }, { maxTextBytes: 10 });
    const root = await openFrame();
    expect(text(root.querySelector('[data-testid="compose-length"]'))).toBe('10 bytes left');
    await typeInto(box(root), 'é€😀'); // 2 + 3 + 4 bytes
    expect(text(root.querySelector('[data-testid="compose-length"]'))).toBe('1 byte left');
    await typeInto(box(root), 'é€😀ab');
    expect(text(root.querySelector('[data-testid="compose-length"]'))).toBe('Too long by 1 byte. Shorten the message to send it.');
    expect(box(root).getAttribute('aria-invalid')).toBe('true');
    await pressEnter(box(root));
    await click(sendButton(root));
    expect(callsOf(calls, 'send')).toEqual([]);
    expect(feedback(root)).toContain('Too long by 1 byte');
  });
});

describe('compose frame: sending', () => {
  it('Enter sends the text to the background and a sent outcome clears the box', async () => {
    const calls = background({ send: () => ok<SendOutcome>({ outcome: 'sent', messageId: 'm1' }) });
    const root = await openFrame('#t=thread1');
    await typeInto(box(root), SECRET);
    const event = await pressEnter(box(root));
    expect(event.defaultPrevented).toBe(true);
    expect(callsOf(calls, 'send')).toEqual([{ threadId: 'thread1', text: SECRET, confirmKeyChange: false }]);
    expect(box(root).value).toBe('');
    expect(feedback(root)).toContain(en['compose.sent']);
  });

  it('Shift+Enter does not send (the browser inserts the line break)', async () => {
    const calls = background({ send: () => ok<SendOutcome>({ outcome: 'sent', messageId: 'm1' }) });
    const root = await openFrame();
    await typeInto(box(root), 'first line');
    const event = await pressEnter(box(root), { shiftKey: true });
    expect(event.defaultPrevented).toBe(false);
    expect(callsOf(calls, 'send')).toEqual([]);
    expect(box(root).value).toBe('first line');
  });

  it('Enter during an IME composition does not send', async () => {
    const calls = background({ send: () => ok<SendOutcome>({ outcome: 'sent', messageId: 'm1' }) });
    const root = await openFrame();
    await typeInto(box(root), 'にほんご');
    const composing = await pressEnter(box(root), { isComposing: true });
    expect(composing.defaultPrevented).toBe(false);
    await act(() => {
      box(root).dispatchEvent(new Event('compositionstart', { bubbles: true }));
    });
    await pressEnter(box(root));
    expect(callsOf(calls, 'send')).toEqual([]);
    await act(() => {
      box(root).dispatchEvent(new Event('compositionend', { bubbles: true }));
    });
    await pressEnter(box(root));
    expect(callsOf(calls, 'send')).toHaveLength(1);
  });

  it('Enter on an empty box sends nothing; the Send button says what is missing', async () => {
    const calls = background({ send: () => ok<SendOutcome>({ outcome: 'sent', messageId: 'm1' }) });
    const root = await openFrame();
    await typeInto(box(root), '   \n  ');
    await pressEnter(box(root));
    expect(feedback(root)).toBe('');
    await click(sendButton(root));
    expect(feedback(root)).toContain(en['refusal.message-empty']);
    expect(callsOf(calls, 'send')).toEqual([]);
  });

  it('a double Enter sends once; while sending the box is read-only and Send disabled', async () => {
    const reply = deferred<ClientReply<SendOutcome>>();
    const calls = background({ send: () => reply.promise });
    const root = await openFrame();
    await typeInto(box(root), SECRET);
    await act(() => {
      enter(box(root));
      enter(box(root));
    });
    await pressEnter(box(root));
    await act(() => button(root, en['compose.sending']).click());
    expect(callsOf(calls, 'send')).toHaveLength(1);
    expect(box(root).readOnly).toBe(true);
    expect(button(root, en['compose.sending']).disabled).toBe(true);
    expect(byLabel(root, en['compose.switch']).disabled).toBe(true);
    reply.resolve(ok({ outcome: 'sent', messageId: 'm1' }));
    await flush();
    expect(callsOf(calls, 'send')).toHaveLength(1);
    expect(box(root).readOnly).toBe(false);
    expect(sendButton(root).disabled).toBe(false);
    expect(box(root).value).toBe('');
  });

  it('key changed: asks first, resends with confirmKeyChange only after "Send anyway"', async () => {
    const calls = background({
      send: ({ confirmKeyChange }) => (confirmKeyChange ? ok<SendOutcome>({ outcome: 'sent', messageId: 'm1' }) : refused('key-change-unconfirmed')),
    });
    const root = await openFrame();
    await typeInto(box(root), SECRET);
    await pressEnter(box(root));
    expect(callsOf(calls, 'send')).toEqual([{ threadId: expect.any(String), text: SECRET, confirmKeyChange: false }]);
    const prompt = root.querySelector('.confirm')!;
    expect(text(prompt)).toContain("Bob's key changed. Send anyway?");
    expect(box(root).value).toBe(SECRET);
    expect(box(root).readOnly).toBe(true);
    // Enter while the question is open does not send.
    await pressEnter(box(root));
    expect(callsOf(calls, 'send')).toHaveLength(1);

    // Cancel: nothing is sent, the text stays, the box is editable again.
    await click(button(root, en['common.cancel']));
    expect(root.querySelector('.confirm')).toBeNull();
    expect(callsOf(calls, 'send')).toHaveLength(1);
    expect(box(root).value).toBe(SECRET);
    expect(box(root).readOnly).toBe(false);

    // Again, and confirm this time: not at once (a lured double click on a hidden frame), but a moment later.
    await pressEnter(box(root));
    expect(callsOf(calls, 'send')).toHaveLength(2);
    await click(button(root, en['compose.keyChanged.send']));
    expect(callsOf(calls, 'send')).toHaveLength(2);
    await act(async () => {
      await new Promise((r) => setTimeout(r, FRAME_CONFIRM_ARM_MS + 50));
    });
    await click(button(root, en['compose.keyChanged.send']));
    expect(callsOf(calls, 'send')).toHaveLength(3);
    expect(callsOf(calls, 'send')[2]).toEqual({ threadId: expect.any(String), text: SECRET, confirmKeyChange: true });
    expect(callsOf(calls, 'send').filter((p) => (p as { confirmKeyChange: boolean }).confirmKeyChange)).toHaveLength(1);
    expect(box(root).value).toBe('');
    expect(hasButton(root, en['compose.keyChanged.send'])).toBe(false);
  });

  it('failed outcome: keeps the text and says why and that nothing was sent', async () => {
    background({ send: () => ok<SendOutcome>({ outcome: 'failed', messageId: 'm1', reason: 'composer-missing', sentParts: 0 }) });
    const root = await openFrame();
    await typeInto(box(root), SECRET);
    await pressEnter(box(root));
    expect(box(root).value).toBe(SECRET);
    expect(box(root).readOnly).toBe(false);
    const alert = text(root.querySelector('[role="alert"]'));
    expect(alert).toContain(en['postFailure.composer-missing']);
    expect(alert).toContain(en['compose.failed.nothingSent']);
  });

  it('failed outcome after some parts: says how many parts left', async () => {
    background({ send: () => ok<SendOutcome>({ outcome: 'failed', messageId: 'm1', reason: 'send-failed', sentParts: 2 }) });
    const root = await openFrame();
    await typeInto(box(root), SECRET);
    await click(sendButton(root));
    expect(box(root).value).toBe(SECRET);
    expect(feedback(root)).toContain(en['postFailure.send-failed']);
    expect(feedback(root)).toContain('Only 2 parts of the message were sent');
  });

  it('a refusal or an unreachable background keeps the text and shows the reason', async () => {
    for (const [reply, message] of [
      // No answer: the message may have left (a stopped worker), so the frame does not say "try again".
      [{ ok: false, error: 'unreachable' }, en['compose.failed.unknown']],
      [{ ok: false, error: 'internal' }, en['error.internal']],
      [refused('no-thread'), en['refusal.no-thread']],
      [refused('locked'), en['refusal.locked']],
    ] as const) {
      background({ send: () => reply });
      const root = await openFrame();
      await typeInto(box(root), SECRET);
      await pressEnter(box(root));
      expect(box(root).value).toBe(SECRET);
      expect(feedback(root)).toContain(message);
      await unmountAll();
    }
  });

  it('the background away for a moment after a send (a worker restart): the outcome and the text stay on screen while the frame asks again', async () => {
    let reachable = true;
    const away = { ok: false, error: 'unreachable' } as const;
    const calls = scriptBackground({
      status: () => (reachable ? ok({ version: '0.1.0', browser: 'chrome', vault: 'unlocked', pattern: PATTERN }) : away),
      composeState: () => (reachable ? ok({ contact: BOB, encrypt: true, maxTextBytes: 1000 }) : away),
      send: () => {
        reachable = false;
        return away;
      },
    });
    const root = await openFrame();
    await typeInto(box(root), SECRET);
    await pressEnter(box(root));
    expect(feedback(root)).toContain(en['compose.failed.unknown']);
    // The frame gets the focus back: it re-reads its state while the new worker is not up yet.
    await act(() => {
      window.dispatchEvent(new Event('focus'));
    });
    await flush();
    expect(root.querySelector('[role="alert"]:not([data-testid="feedback"])')).toBeNull();
    expect(feedback(root)).toContain(en['compose.failed.unknown']);
    expect(box(root).value).toBe(SECRET);
    const asked = callsOf(calls, 'composeState').length;
    reachable = true;
    await act(() => new Promise((resolve) => setTimeout(resolve, 400)));
    await flush();
    expect(callsOf(calls, 'composeState').length).toBeGreaterThan(asked);
    expect(feedback(root)).toContain(en['compose.failed.unknown']);
    expect(box(root).value).toBe(SECRET);
  });

  it('manual outcome: shows the armored parts, read-only, with copy buttons and instructions; never the plaintext', async () => {
    const parts = ['SDM1.aaaa.1-2', 'SDM1.bbbb.2-2'];
    background({ send: () => ok<SendOutcome>({ outcome: 'manual', messageId: 'm1', parts }) });
    const root = await openFrame();
    await typeInto(box(root), SECRET);
    await pressEnter(box(root));
    const manual = root.querySelector<HTMLElement>('[data-testid="manual-parts"]')!;
    expect(manual).not.toBeNull();
    expect(text(manual)).toContain('only accepts typed input');
    const first = byLabel<HTMLTextAreaElement>(manual, 'Encrypted part 1 of 2');
    const second = byLabel<HTMLTextAreaElement>(manual, 'Encrypted part 2 of 2');
    expect([first.value, second.value]).toEqual(parts);
    expect(first.readOnly && second.readOnly).toBe(true);
    await click(button(manual, 'Copy part 2'));
    expect(navigator.clipboard.writeText).toHaveBeenCalledWith(parts[1]);
    // The plaintext is nowhere in the frame any more.
    const values = [...root.querySelectorAll('textarea')].map((t) => t.value);
    expect(values.join('|')).not.toContain('old mill');
    expect(text(root)).not.toContain('old mill');
    await click(button(manual, en['compose.manual.done']));
    expect(root.querySelector('[data-testid="manual-parts"]')).toBeNull();
  });

  it('a new thread in the hash starts from scratch: the draft is dropped', async () => {
    const calls = background();
    const root = await openFrame('#t=first');
    await typeInto(box(root), SECRET);
    await act(() => {
      window.location.hash = '#t=second';
    });
    await flush();
    expect(callsOf(calls, 'composeState')).toContainEqual({ threadId: 'second' });
    expect(box(root).value).toBe('');
  });
});

/** Turns encryption off as a user does: the switch, then "Turn encryption off" once it answers. */
async function turnOff(root: HTMLElement): Promise<void> {
  await click(byLabel(root, en['compose.switch']));
  await act(async () => {
    await new Promise((r) => setTimeout(r, FRAME_CONFIRM_ARM_MS + 50));
  });
  await click(button(root, en['compose.switch.turnOff']));
}

describe('compose frame: encryption switch', () => {
  it('turning it off takes a confirmation that answers only after a moment (a hidden frame under a click cannot do it)', async () => {
    const calls = background({ setThreadEncryption: () => ok({}) });
    const root = await openFrame('#t=thread1');
    await click(byLabel(root, en['compose.switch']));
    expect(callsOf(calls, 'setThreadEncryption')).toEqual([]);
    expect(byLabel(root, en['compose.switch']).checked).toBe(true);
    // A second click at once (a double click, or a lured one) does nothing.
    expect(button(root, en['compose.switch.turnOff']).disabled).toBe(true);
    await click(button(root, en['compose.switch.turnOff']));
    expect(callsOf(calls, 'setThreadEncryption')).toEqual([]);
    // Cancel ends it.
    await click(button(root, en['common.cancel']));
    expect(hasButton(root, en['compose.switch.turnOff'])).toBe(false);
    expect(callsOf(calls, 'setThreadEncryption')).toEqual([]);
    expect(root.querySelector('textarea')).not.toBeNull();
  });

  it('turning it off asks the background, tells the parent, and shows the off state', async () => {
    let encrypt = true;
    const calls = background({
      composeState: () => ok({ contact: BOB, encrypt, maxTextBytes: 1000 }),
      setThreadEncryption: (p) => {
        encrypt = p.encrypt;
        return ok({});
      },
    });
    const root = await openFrame('#t=thread1');
    posted.mockClear();
    await turnOff(root);
    expect(callsOf(calls, 'setThreadEncryption')).toEqual([{ threadId: 'thread1', encrypt: false }]);
    expect(posted).toHaveBeenCalledWith({ source: 'sealed-dms', type: 'state-changed' }, '*');
    expect(text(root)).toContain(en['compose.encryptionOff']);
    expect(root.querySelector('textarea')).toBeNull();
    // And back on.
    await click(byLabel(root, en['compose.switch']));
    expect(callsOf(calls, 'setThreadEncryption')).toEqual([
      { threadId: 'thread1', encrypt: false },
      { threadId: 'thread1', encrypt: true },
    ]);
    expect(root.querySelector('textarea')).not.toBeNull();
  });

  it('a refused toggle keeps encryption on and says why', async () => {
    background({ setThreadEncryption: () => refused('no-thread') });
    const root = await openFrame();
    await turnOff(root);
    expect(byLabel(root, en['compose.switch']).checked).toBe(true);
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['refusal.no-thread']);
    expect(root.querySelector('textarea')).not.toBeNull();
  });
});

describe('compose frame: messages to the parent', () => {
  it('only resize and state-changed, never the typed text', async () => {
    background({ send: () => ok<SendOutcome>({ outcome: 'failed', messageId: 'm1', reason: 'dialog', sentParts: 0 }), setThreadEncryption: () => ok({}) });
    const root = await openFrame();
    await typeInto(box(root), SECRET);
    await pressEnter(box(root));
    await turnOff(root);
    expect(posted).toHaveBeenCalled();
    expect(posted.mock.calls.some(([message]) => isFrameMessage(message) && message.type === 'resize')).toBe(true);
    expect(posted.mock.calls.filter(([message]) => isFrameMessage(message) && message.type === 'state-changed').length).toBeGreaterThanOrEqual(2);
    for (const [message, origin] of posted.mock.calls) {
      expect(isFrameMessage(message)).toBe(true);
      expect(origin).toBe('*');
      expect(JSON.stringify(message)).not.toMatch(/mill|nine|Bob/);
    }
  });
});

describe('compose frame: unsent messages offered back', () => {
  const notice = (root: HTMLElement) => root.querySelector<HTMLElement>('[data-testid="unsent-message"]');

  it('not sent: says so and shows the text; put back in the box and sent, it is dismissed in the background', async () => {
    const calls = background({
      unsentMessages: () => ok({ messages: [{ messageId: 'u1', text: SECRET, at: 1, state: 'not-sent' }] }),
      send: () => ok<SendOutcome>({ outcome: 'sent', messageId: 'm2' }),
      dismissUnsent: () => ok({}),
    });
    const root = await openFrame();
    expect(callsOf(calls, 'unsentMessages')).toContainEqual({ threadId: '340282366841710301244276017723107508377' });
    expect(notice(root)!.getAttribute('data-state')).toBe('not-sent');
    expect(text(notice(root))).toContain(en['compose.unsent.notSent'].replaceAll('{name}', 'Bob'));
    expect(root.querySelector('[data-testid="unsent-text"]')!.textContent).toBe(SECRET);
    await click(button(notice(root)!, en['compose.unsent.restore']));
    expect(box(root).value).toBe(SECRET);
    expect(notice(root)).toBeNull();
    expect(callsOf(calls, 'dismissUnsent')).toEqual([]);
    await pressEnter(box(root));
    expect(callsOf(calls, 'send')).toEqual([{ threadId: '340282366841710301244276017723107508377', text: SECRET, confirmKeyChange: false }]);
    expect(callsOf(calls, 'dismissUnsent')).toEqual([{ messageId: 'u1' }]);
  });

  it('discard asks the background to forget it; a text deleted from the box is not dismissed by another send', async () => {
    let list = [
      { messageId: 'u1', text: 'older one', at: 1, state: 'not-sent' as const },
      { messageId: 'u2', text: SECRET, at: 2, state: 'not-sent' as const },
    ];
    const calls = background({
      unsentMessages: () => ok({ messages: list }),
      dismissUnsent: (p) => {
        list = list.filter((m) => m.messageId !== (p as { messageId: string }).messageId);
        return ok({});
      },
      send: () => ok<SendOutcome>({ outcome: 'sent', messageId: 'm3' }),
    });
    const root = await openFrame();
    expect(text(notice(root))).toContain('1 more message after this one.');
    await click(button(notice(root)!, en['compose.unsent.discard']));
    expect(callsOf(calls, 'dismissUnsent')).toEqual([{ messageId: 'u2' }]);
    expect(root.querySelector('[data-testid="unsent-text"]')!.textContent).toBe('older one');
    await click(button(notice(root)!, en['compose.unsent.restore']));
    await typeInto(box(root), 'something else entirely');
    await pressEnter(box(root));
    expect(callsOf(calls, 'dismissUnsent')).toEqual([{ messageId: 'u2' }]);
  });

  it('maybe sent: says to check the chat first, offers Dismiss; a send of this frame is not offered back here', async () => {
    const calls = background({
      unsentMessages: () =>
        ok({
          messages: [
            { messageId: 'u1', text: 'from before', at: 1, state: 'maybe-sent' as const },
            { messageId: 'mine', text: SECRET, at: 2, state: 'maybe-sent' as const },
          ],
        }),
      send: () => ok<SendOutcome>({ outcome: 'failed', messageId: 'mine', reason: 'unconfirmed', sentParts: 0 }),
      dismissUnsent: () => ok({}),
    });
    const root = await openFrame();
    await typeInto(box(root), SECRET);
    await pressEnter(box(root));
    await flush();
    // The outcome of its own send is on the feedback line: "may have been sent", not "nothing was sent".
    expect(feedback(root)).toContain(en['postFailure.unconfirmed']);
    expect(feedback(root)).toContain(en['compose.failed.maybeSent']);
    expect(feedback(root)).not.toContain(en['compose.failed.nothingSent']);
    expect(root.querySelector('[data-testid="unsent-text"]')!.textContent).toBe('from before');
    expect(notice(root)!.getAttribute('data-state')).toBe('maybe-sent');
    expect(text(notice(root))).toContain('may have been sent');
    expect(text(notice(root))).not.toContain('more message');
    await click(button(notice(root)!, en['compose.unsent.dismiss']));
    expect(callsOf(calls, 'dismissUnsent')).toEqual([{ messageId: 'u1' }]);
    // Sending the same text again deals with the unconfirmed one.
    await pressEnter(box(root));
    expect(callsOf(calls, 'dismissUnsent')).toEqual([{ messageId: 'u1' }, { messageId: 'mine' }]);
  });
});

describe('compose frame: pasting by hand', () => {
  async function waitUntil(check: () => boolean, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await flush(1);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('stands above Instagram’s bar while the parts are shown, marks each part once it is in the chat, closes when all are', async () => {
    const parts = ['SDM1.aaaa.1-2', 'SDM1.bbbb.2-2'];
    let seen = [false, false];
    const calls = background({
      send: () => ok<SendOutcome>({ outcome: 'manual', messageId: 'm1', parts }),
      manualProgress: () => ok({ seen }),
    });
    const root = await openFrame();
    await typeInto(box(root), SECRET);
    await pressEnter(box(root));
    const placements = () => posted.mock.calls.map(([m]) => m).filter((m) => isFrameMessage(m) && m.type === 'placement');
    expect(placements()).toEqual([{ source: 'sealed-dms', type: 'placement', above: true }]);
    const listed = () => [...root.querySelectorAll('[data-testid="manual-part"]')].map((p) => p.getAttribute('data-sent'));
    expect(listed()).toEqual(['false', 'false']);
    seen = [true, false];
    await waitUntil(() => listed()[0] === 'true');
    expect(listed()).toEqual(['true', 'false']);
    expect(callsOf(calls, 'manualProgress')).toContainEqual({ messageId: 'm1', parts });
    seen = [true, true];
    await waitUntil(() => root.querySelector('[data-testid="manual-parts"]') === null);
    expect(feedback(root)).toBe(`✓ ${en['compose.sent']}`);
    // The list's effect clean-up posts it; Preact may run that after the render above.
    await waitUntil(() => (placements().at(-1) as { above?: boolean } | undefined)?.above === false);
    expect(placements().at(-1)).toEqual({ source: 'sealed-dms', type: 'placement', above: false });
  });
});
