// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from '../../../src/ui/i18n/en';
import { FirstRunScreen } from '../../../src/ui/popup/screens/FirstRunScreen';
import { button, byLabel, callsOf, click, fakeNav, mount, ok, refused, scriptBackground, submit, text, typeInto, unmountAll } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));
afterEach(unmountAll);

const form = (root: HTMLElement) => root.querySelector('form')!;

describe('first run', () => {
  it('explains what is and is not protected', async () => {
    scriptBackground({});
    const root = await mount(<FirstRunScreen nav={fakeNav()} />);
    const body = text(root);
    expect(root.querySelector('h2')?.textContent).toBe(en['firstRun.heading']);
    for (const key of ['firstRun.protects.text', 'firstRun.notProtected.who', 'firstRun.notProtected.length', 'firstRun.notProtected.device', 'firstRun.notProtected.plain'] as const) {
      expect(body).toContain(en[key]);
    }
    expect(document.activeElement).toBe(root.querySelector('h2'));
  });

  it('creates the identity in one step with the right payload, then shows my card', async () => {
    const calls = scriptBackground({ createIdentity: () => ok({}) });
    const nav = fakeNav();
    const root = await mount(<FirstRunScreen nav={nav} />);
    await typeInto(byLabel(root, en['field.displayName']), '  Alice  ');
    await typeInto(byLabel(root, `${en['field.instagram']} ${en['common.optional']}`), '@Alice.Smith');
    await typeInto(byLabel(root, en['field.passphrase']), 'correct horse');
    await typeInto(byLabel(root, en['field.passphraseConfirm']), 'correct horse');
    await submit(form(root));
    expect(callsOf(calls, 'createIdentity')).toEqual([{ displayName: 'Alice', instagram: 'alice.smith', passphrase: 'correct horse' }]);
    expect(nav.go).toHaveBeenCalledWith({ screen: 'my-card' });
    expect(nav.refresh).toHaveBeenCalled();
  });

  it('sends null for an empty username and passphrase', async () => {
    const calls = scriptBackground({ createIdentity: () => ok({}) });
    const root = await mount(<FirstRunScreen nav={fakeNav()} />);
    await typeInto(byLabel(root, en['field.displayName']), 'Bob');
    await submit(form(root));
    expect(callsOf(calls, 'createIdentity')).toEqual([{ displayName: 'Bob', instagram: null, passphrase: null }]);
  });

  it('refuses mismatched passphrases and a missing name without asking the background', async () => {
    const calls = scriptBackground({ createIdentity: () => ok({}) });
    const root = await mount(<FirstRunScreen nav={fakeNav()} />);
    await submit(form(root));
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['field.name.required']);
    await typeInto(byLabel(root, en['field.displayName']), 'Alice');
    await typeInto(byLabel(root, en['field.passphrase']), 'one');
    await typeInto(byLabel(root, en['field.passphraseConfirm']), 'two');
    await submit(form(root));
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['field.passphrase.mismatch']);
    expect(byLabel(root, en['field.passphraseConfirm']).getAttribute('aria-invalid')).toBe('true');
    expect(calls).toEqual([]);
  });

  it('shows a refusal in plain words', async () => {
    scriptBackground({ createIdentity: () => refused('invalid-username') });
    const nav = fakeNav();
    const root = await mount(<FirstRunScreen nav={nav} />);
    await typeInto(byLabel(root, en['field.displayName']), 'Alice');
    await typeInto(byLabel(root, `${en['field.instagram']} ${en['common.optional']}`), 'not a name!');
    await submit(form(root));
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['refusal.invalid-username']);
    expect(nav.go).not.toHaveBeenCalled();
  });

  it('offers to restore a backup instead', async () => {
    scriptBackground({});
    const root = await mount(<FirstRunScreen nav={fakeNav()} />);
    await click(button(root, en['firstRun.restoreInstead']));
    expect(root.querySelector('h2')?.textContent).toBe(en['backup.import.heading']);
    expect(document.activeElement).toBe(root.querySelector('h2'));
    expect(byLabel(root, en['backup.import.file']).type).toBe('file');
    await click(button(root, en['firstRun.createInstead']));
    expect(root.querySelector('h2')?.textContent).toBe(en['firstRun.heading']);
  });
});
