// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CardPreview, RefusalReason } from '../../../src/messaging/protocol';
import { en } from '../../../src/ui/i18n/en';
import { AddContactScreen } from '../../../src/ui/popup/screens/AddContactScreen';
import { button, byLabel, callsOf, click, fakeNav, hasButton, mount, ok, refused, scriptBackground, submit, text, typeInto, unmountAll } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));
afterEach(unmountAll);

const CODE = 'SDMC1-0123456789abcdefghijklmnopqrstuvwxyz';
const form = (root: HTMLElement) => root.querySelector('form')!;

async function pasteAndCheck(root: HTMLElement, code = CODE) {
  await typeInto(byLabel<HTMLTextAreaElement>(root, en['add.code']), code);
  await submit(form(root));
}

describe('add contact: refusals in plain words', () => {
  const cases: [RefusalReason, string][] = [
    ['card-truncated', 'This code is incomplete: copy it again, all of it.'],
    ['own-card', 'This is your own code. Send it to your contact, and paste theirs here.'],
    ['card-bad-checksum', en['refusal.card-bad-checksum']],
    ['card-malformed', en['refusal.card-malformed']],
    ['card-bad-signature', en['refusal.card-bad-signature']],
    ['card-unsupported-version', en['refusal.card-unsupported-version']],
  ];
  it.each(cases)('%s', async (reason, message) => {
    const calls = scriptBackground({ previewCard: () => refused(reason) });
    const root = await mount(<AddContactScreen nav={fakeNav()} />);
    await pasteAndCheck(root, `  ${CODE}\n`);
    expect(callsOf(calls, 'previewCard')).toEqual([{ code: CODE }]);
    expect(text(root.querySelector('[role="alert"]'))).toContain(message);
    // Still on the paste step, code kept for correction.
    expect(byLabel<HTMLTextAreaElement>(root, en['add.code']).value).toBe(`  ${CODE}\n`);
  });

  it('every card refusal has its own message', () => {
    const texts = cases.map(([, message]) => message);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('an empty or oversized paste is caught before asking the background', async () => {
    const calls = scriptBackground({ previewCard: () => refused('card-malformed') });
    const root = await mount(<AddContactScreen nav={fakeNav()} />);
    await submit(form(root));
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['add.empty']);
    await pasteAndCheck(root, 'x'.repeat(5000));
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['add.tooLong']);
    expect(calls).toEqual([]);
  });
});

describe('add contact: review and save', () => {
  it('a new contact: prefilled name, normalised username, then opens the contact', async () => {
    const preview: CardPreview = { name: 'Bob', instagram: 'bob.ig', existing: null };
    const calls = scriptBackground({ previewCard: () => ok(preview), addContact: () => ok({ id: 'c-bob' }) });
    const nav = fakeNav();
    const root = await mount(<AddContactScreen nav={nav} />);
    await pasteAndCheck(root);
    expect(text(root)).toContain('Invite code of Bob');
    expect(text(root)).toContain('Instagram: @bob.ig');
    expect(root.querySelector('[data-testid="key-changed-warning"]')).toBeNull();
    expect(document.activeElement?.tagName).toBe('H3');
    const name = byLabel(root, en['add.name']);
    expect(name.value).toBe('Bob');
    await typeInto(name, 'Bobby');
    await typeInto(byLabel(root, `${en['add.instagram']} ${en['common.optional']}`), ' @Bob.Other ');
    await submit(form(root));
    expect(callsOf(calls, 'addContact')).toEqual([{ code: CODE, name: 'Bobby', instagram: 'bob.other' }]);
    expect(nav.go).toHaveBeenCalledWith({ screen: 'contact', id: 'c-bob' });
  });

  it('a different key for an existing contact shows the key-change warning before saving', async () => {
    const preview: CardPreview = { name: 'Bob (new laptop)', instagram: 'bob.ig', existing: { id: 'c-bob', name: 'Bob', sameKey: false } };
    const calls = scriptBackground({ previewCard: () => ok(preview), addContact: () => ok({ id: 'c-bob' }) });
    const root = await mount(<AddContactScreen nav={fakeNav()} />);
    await pasteAndCheck(root);
    const warning = root.querySelector('[data-testid="key-changed-warning"]');
    expect(warning).not.toBeNull();
    expect(warning?.getAttribute('role')).toBe('alert');
    expect(text(warning)).toContain('Different key for “Bob”');
    expect(text(warning)).toContain('verified mark is removed');
    // The name the user chose for the contact is kept, not the one the card claims.
    expect(byLabel(root, en['add.name']).value).toBe('Bob');
    expect(hasButton(root, en['add.save'])).toBe(false);
    await submit(form(root));
    expect(callsOf(calls, 'addContact')).toEqual([{ code: CODE, name: 'Bob', instagram: 'bob.ig' }]);
    expect(button(root, en['add.replace'])).toBeTruthy();
  });

  it('the same key for an existing contact says it only updates', async () => {
    const preview: CardPreview = { name: 'Bob', instagram: null, existing: { id: 'c-bob', name: 'Bobby', sameKey: true } };
    scriptBackground({ previewCard: () => ok(preview) });
    const root = await mount(<AddContactScreen nav={fakeNav()} />);
    await pasteAndCheck(root);
    expect(root.querySelector('[data-testid="key-changed-warning"]')).toBeNull();
    expect(text(root)).toContain('This is your contact “Bobby”, with the same key.');
    expect(text(root)).toContain(en['add.preview.noUsername']);
    expect(byLabel(root, `${en['add.instagram']} ${en['common.optional']}`).value).toBe('');
  });

  it('a refused save stays on the review step with the reason', async () => {
    scriptBackground({ previewCard: () => ok({ name: 'Bob', instagram: null, existing: null }), addContact: () => refused('invalid-name') });
    const nav = fakeNav();
    const root = await mount(<AddContactScreen nav={nav} />);
    await pasteAndCheck(root);
    await submit(form(root));
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['refusal.invalid-name']);
    expect(nav.go).not.toHaveBeenCalled();
  });

  it('"use a different code" returns to the paste step', async () => {
    scriptBackground({ previewCard: () => ok({ name: 'Bob', instagram: null, existing: null }) });
    const root = await mount(<AddContactScreen nav={fakeNav()} />);
    await pasteAndCheck(root);
    await click(button(root, en['add.otherCode']));
    expect(root.querySelector('h3')).toBeNull();
    expect(byLabel<HTMLTextAreaElement>(root, en['add.code']).value).toBe(CODE);
  });
});
