// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VaultState } from '../../../src/messaging/protocol';
import { en } from '../../../src/ui/i18n/en';
import { PopupApp } from '../../../src/ui/popup/PopupApp';
import { INITIAL_NAV, navReducer } from '../../../src/ui/popup/useNavigation';
import { PATTERN, announceChanged, button, byLabel, callsOf, click, flush, mount, ok, refused, scriptBackground, submit, text, typeInto, unmountAll } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));
afterEach(unmountAll);

const status = (vault: VaultState) => ok({ version: '0.1.0', browser: 'chrome', vault, pattern: vault === 'uninitialized' ? null : PATTERN });
const screenOf = (root: HTMLElement) => root.querySelector('[data-testid="popup-screen"]')!.getAttribute('data-screen');

describe('popup app', () => {
  it('first run: shows the create-identity screen, without menu or pattern', async () => {
    scriptBackground({ status: () => status('uninitialized') });
    const root = await mount(<PopupApp />);
    expect(screenOf(root)).toBe('first-run');
    expect(root.querySelector('[data-testid="popup-screen"] h2')?.textContent).toBe('Create your identity');
    expect(root.querySelector('nav')).toBeNull();
    expect(root.querySelector('[data-testid="security-pattern"]')).toBeNull();
  });

  it('after creating the identity, shows my card', async () => {
    let vault: VaultState = 'uninitialized';
    scriptBackground({
      status: () => status(vault),
      createIdentity: () => {
        vault = 'unlocked';
        return ok({});
      },
      myCard: () => ok({ displayName: 'Alice', instagram: null, code: 'CODE', qr: 'AAEC', shareText: 'share CODE' }),
    });
    const root = await mount(<PopupApp />);
    await typeInto(byLabel(root, en['field.displayName']), 'Alice');
    await submit(root.querySelector('form')!);
    expect(screenOf(root)).toBe('my-card');
    expect(root.querySelector('[data-testid="security-pattern"]')?.getAttribute('aria-label')).toContain('Your security pattern');
    expect(root.querySelector('[aria-current="page"]')?.textContent).toBe(en['nav.myCard']);
  });

  it('locked → unlock → contacts, with the pattern in the header', async () => {
    let vault: VaultState = 'locked';
    scriptBackground({
      status: () => status(vault),
      unlock: () => {
        vault = 'unlocked';
        return ok({});
      },
      listContacts: () => ok({ contacts: [{ id: 'c1', name: 'Bob', instagram: null, verification: 'verified' }] }),
    });
    const root = await mount(<PopupApp />);
    expect(screenOf(root)).toBe('locked');
    expect(root.querySelector('header [data-testid="security-pattern"]')).not.toBeNull();
    await typeInto(byLabel(root, en['field.passphrase']), 'pw');
    await submit(root.querySelector('form')!);
    expect(screenOf(root)).toBe('contacts');
    expect(text(root)).toContain('Bob');
    expect(document.activeElement?.textContent).toBe(en['contacts.heading']);
  });

  it('the menu switches screens, moves focus to the new heading, and marks the current one', async () => {
    scriptBackground({
      status: () => status('unlocked'),
      listContacts: () => ok({ contacts: [] }),
      settings: () => ok({ hasPassphrase: false, autoLockMinutes: null }),
    });
    const root = await mount(<PopupApp />);
    const menu = root.querySelector('nav')!;
    expect(menu.getAttribute('aria-label')).toBe(en['nav.label']);
    await click(button(menu, en['nav.settings']));
    expect(screenOf(root)).toBe('settings');
    expect(document.activeElement?.textContent).toBe(en['settings.heading']);
    expect(button(menu, en['nav.settings']).getAttribute('aria-current')).toBe('page');
    expect(button(menu, en['nav.contacts']).getAttribute('aria-current')).toBeNull();
    await click(button(menu, en['nav.addContact']));
    expect(screenOf(root)).toBe('add-contact');
  });

  it('a request refused as locked sends the popup back to the lock screen', async () => {
    let vault: VaultState = 'unlocked';
    const calls = scriptBackground({
      status: () => status(vault),
      listContacts: () => {
        vault = 'locked';
        return refused('locked');
      },
    });
    const root = await mount(<PopupApp />);
    expect(screenOf(root)).toBe('locked');
    expect(callsOf(calls, 'status')).toHaveLength(2);
  });

  it('the vault locking on its idle timer while the popup is open: the background’s notice sends it to the lock screen', async () => {
    let vault: VaultState = 'unlocked';
    scriptBackground({ status: () => status(vault), listContacts: () => ok({ contacts: [] }) });
    const root = await mount(<PopupApp />);
    expect(screenOf(root)).toBe('contacts');
    vault = 'locked';
    await announceChanged();
    await flush();
    expect(screenOf(root)).toBe('locked');
  });

  it('an unreachable background is said plainly, with a retry', async () => {
    let reachable = false;
    scriptBackground({ status: () => (reachable ? status('uninitialized') : { ok: false, error: 'unreachable' }) });
    const root = await mount(<PopupApp />);
    expect(screenOf(root)).toBe('unreachable');
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['app.unreachable.body']);
    reachable = true;
    await click(button(root, en['app.retry']));
    expect(screenOf(root)).toBe('first-run');
  });
});

describe('navigation state machine', () => {
  const statusEvent = (vault: VaultState) => ({ type: 'status' as const, reply: status(vault) });

  it('keeps the route across a lock and unlock', () => {
    let state = navReducer(INITIAL_NAV, statusEvent('unlocked'));
    state = navReducer(state, { type: 'go', route: { screen: 'contact', id: 'c1' } });
    state = navReducer(state, statusEvent('locked'));
    expect(state.phase).toBe('locked');
    state = navReducer(state, statusEvent('unlocked'));
    expect(state).toMatchObject({ phase: 'unlocked', route: { screen: 'contact', id: 'c1' }, pattern: PATTERN });
  });

  it('a vault back to uninitialized resets the route; a failed status hides everything', () => {
    let state = navReducer(navReducer(INITIAL_NAV, statusEvent('unlocked')), { type: 'go', route: { screen: 'settings' } });
    state = navReducer(state, statusEvent('uninitialized'));
    expect(state).toMatchObject({ phase: 'first-run', route: { screen: 'contacts' }, pattern: null });
    expect(navReducer(state, { type: 'status', reply: { ok: false, error: 'internal' } }).phase).toBe('unreachable');
  });
});
