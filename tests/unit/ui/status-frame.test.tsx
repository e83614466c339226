// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContactSummary } from '../../../src/messaging/protocol';
import { en } from '../../../src/ui/i18n/en';
import { StatusFrame } from '../../../src/ui/status-frame/StatusFrame';
import { PATTERN, button, callsOf, click, hasButton, mount, ok, refused, scriptBackground, text, unmountAll } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));
afterEach(async () => {
  await unmountAll();
  window.location.hash = '';
});

const BOB: ContactSummary = { id: 'c-bob', name: 'Bob', instagram: 'bob', verification: 'unverified' };
const UNLOCKED = { version: '0.1.0', browser: 'chrome', vault: 'unlocked' as const, pattern: PATTERN };

describe('status frame', () => {
  it('says it is active and shows the security pattern beside the status text', async () => {
    scriptBackground({ status: () => ok({ version: '0.1.0', browser: 'chrome', vault: 'unlocked', pattern: PATTERN }) });
    const root = await mount(<StatusFrame />);
    // The browser smoke tests read this exact text from the role=status element.
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Sealed DMs active');
    expect(root.querySelector('[data-testid="security-pattern"]')).not.toBeNull();
  });

  it('while the vault is locked: says so, so nobody takes the page for protected', async () => {
    scriptBackground({ status: () => ok({ version: '0.1.0', browser: 'chrome', vault: 'locked', pattern: null }) });
    const root = await mount(<StatusFrame />);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Sealed DMs locked: unlock it from the toolbar button');
  });

  it('without a background: says so, and draws no pattern', async () => {
    scriptBackground({ status: () => ({ ok: false, error: 'unreachable' }) });
    const root = await mount(<StatusFrame />);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Sealed DMs: background unavailable');
    expect(root.querySelector('[data-testid="security-pattern"]')).toBeNull();
  });

  it('without a thread in the hash: asks nothing about threads', async () => {
    const calls = scriptBackground({ status: () => ok(UNLOCKED), composeState: () => ok({ contact: BOB, encrypt: false, maxTextBytes: 1000 }) });
    const root = await mount(<StatusFrame />);
    expect(callsOf(calls, 'composeState')).toEqual([]);
    expect(hasButton(root, en['statusFrame.encryptChat'])).toBe(false);
  });

  it('#t=<thread> with encryption off for a contact: "Encrypt this chat" turns it on and tells the parent', async () => {
    const posted = vi.spyOn(window.parent, 'postMessage').mockImplementation(() => {});
    let encrypt = false;
    const calls = scriptBackground({
      status: () => ok(UNLOCKED),
      composeState: () => ok({ contact: BOB, encrypt, maxTextBytes: 1000 }),
      setThreadEncryption: (p) => {
        encrypt = p.encrypt;
        return ok({});
      },
    });
    window.location.hash = '#t=thread1';
    const root = await mount(<StatusFrame />);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Sealed DMs active');
    expect(callsOf(calls, 'composeState')).toEqual([{ threadId: 'thread1' }]);
    await click(button(root, en['statusFrame.encryptChat']));
    expect(callsOf(calls, 'setThreadEncryption')).toEqual([{ threadId: 'thread1', encrypt: true }]);
    expect(posted).toHaveBeenCalledWith({ source: 'sealed-dms', type: 'state-changed' }, '*');
    expect(hasButton(root, en['statusFrame.encryptChat'])).toBe(false);
  });

  it('#t=<thread>: no button when encryption is on, or the chat has no contact; a refusal is shown', async () => {
    for (const state of [
      { contact: BOB, encrypt: true, maxTextBytes: 1000 },
      { contact: null, encrypt: false, maxTextBytes: 1000 },
    ]) {
      scriptBackground({ status: () => ok(UNLOCKED), composeState: () => ok(state) });
      window.location.hash = '#t=thread1';
      const root = await mount(<StatusFrame />);
      expect(hasButton(root, en['statusFrame.encryptChat'])).toBe(false);
      await unmountAll();
    }
    scriptBackground({ status: () => ok(UNLOCKED), composeState: () => ok({ contact: BOB, encrypt: false, maxTextBytes: 1000 }), setThreadEncryption: () => refused('no-tab') });
    window.location.hash = '#t=thread1';
    const root = await mount(<StatusFrame />);
    await click(button(root, en['statusFrame.encryptChat']));
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['refusal.no-tab']);
    expect(hasButton(root, en['statusFrame.encryptChat'])).toBe(true);
  });

  it('#t=<thread>&paused=page-changed: says encryption is paused, and keeps the status text', async () => {
    scriptBackground({ status: () => ok(UNLOCKED), composeState: () => ok({ contact: BOB, encrypt: true, maxTextBytes: 1000 }) });
    window.location.hash = '#t=thread1&paused=page-changed';
    const root = await mount(<StatusFrame />);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Sealed DMs active');
    expect(text(root.querySelector('[data-testid="status-paused"]'))).toContain(en['statusFrame.paused']);
    expect(hasButton(root, en['statusFrame.encryptChat'])).toBe(false);
  });
});
