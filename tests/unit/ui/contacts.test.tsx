// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContactSummary } from '../../../src/messaging/protocol';
import { en } from '../../../src/ui/i18n/en';
import { ContactsScreen } from '../../../src/ui/popup/screens/ContactsScreen';
import { button, click, fakeNav, mount, ok, scriptBackground, text, unmountAll } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));
afterEach(unmountAll);

const CONTACTS: ContactSummary[] = [
  { id: 'c3', name: 'Zoe', instagram: null, verification: 'unverified' },
  { id: 'c1', name: 'Bob', instagram: 'bob.ig', verification: 'verified' },
  { id: 'c2', name: 'Carol', instagram: 'carol', verification: 'key-changed' },
];

describe('contacts', () => {
  it('lists name, @username and a verification badge in words and icon', async () => {
    scriptBackground({ listContacts: () => ok({ contacts: CONTACTS }) });
    const root = await mount(<ContactsScreen nav={fakeNav()} />);
    const rows = [...root.querySelectorAll('[data-testid="contact-list"] li')];
    expect(rows.map((r) => r.querySelector('.contact-name')?.textContent)).toEqual(['Bob', 'Carol', 'Zoe']);
    expect(text(rows[0]!)).toContain('@bob.ig');
    expect(text(rows[2]!)).toContain(en['contact.noUsername']);
    const badges = rows.map((r) => r.querySelector('[data-verification]')!);
    expect(badges.map((b) => b.getAttribute('data-verification'))).toEqual(['verified', 'key-changed', 'unverified']);
    expect(badges.map((b) => text(b))).toEqual(['✓ Verified', '⚠ Key changed', '○ Not verified']);
    // The icon is decoration; the words carry the meaning.
    expect(badges.every((b) => b.querySelector('[aria-hidden="true"]') !== null)).toBe(true);
  });

  it('opens a contact', async () => {
    scriptBackground({ listContacts: () => ok({ contacts: CONTACTS }) });
    const nav = fakeNav();
    const root = await mount(<ContactsScreen nav={nav} />);
    await click(root.querySelector<HTMLButtonElement>('[data-contact-id="c2"]')!);
    expect(nav.go).toHaveBeenCalledWith({ screen: 'contact', id: 'c2' });
  });

  it('an empty list invites to add a contact', async () => {
    scriptBackground({ listContacts: () => ok({ contacts: [] }) });
    const nav = fakeNav();
    const root = await mount(<ContactsScreen nav={nav} />);
    expect(text(root)).toContain(en['contacts.empty']);
    await click(button(root, en['contacts.add']));
    expect(nav.go).toHaveBeenCalledWith({ screen: 'add-contact' });
  });

  it('a failed read is shown, not an empty list', async () => {
    scriptBackground({ listContacts: () => ({ ok: false, error: 'internal' }) });
    const root = await mount(<ContactsScreen nav={fakeNav()} />);
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['error.internal']);
    expect(text(root)).not.toContain(en['contacts.empty']);
  });
});
