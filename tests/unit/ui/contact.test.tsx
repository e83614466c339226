// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toBase64url } from '../../../src/encoding/bytes';
import type { ContactDetails } from '../../../src/messaging/protocol';
import { en } from '../../../src/ui/i18n/en';
import { ContactScreen } from '../../../src/ui/popup/screens/ContactScreen';
import { button, byLabel, callsOf, click, fakeNav, hasButton, mount, ok, refused, scriptBackground, submit, text, typeInto, unmountAll } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));
afterEach(unmountAll);

// 60 digits with no repeating group, so a shifted or dropped group would show.
const DIGITS = Array.from({ length: 60 }, (_, i) => String((i * 7 + Math.floor(i / 10)) % 10)).join('');

function details(over: Partial<ContactDetails> = {}): ContactDetails {
  return {
    id: 'c1',
    name: 'Bob',
    instagram: 'bob.ig',
    verification: 'unverified',
    safetyNumber: DIGITS,
    safetyQr: toBase64url(Uint8Array.from({ length: 66 }, (_, i) => i)),
    addedAt: Date.UTC(2025, 4, 3),
    keyChangedAt: null,
    archivedMessages: 7,
    ...over,
  };
}

/** A background holding one contact whose state the requests change. */
function contactBackground(initial: ContactDetails) {
  let current: ContactDetails | null = initial;
  const calls = scriptBackground({
    contactDetails: () => (current ? ok(current) : refused('no-contact')),
    setVerified: ({ verified }) => {
      current = { ...current!, verification: verified ? 'verified' : 'unverified', keyChangedAt: null };
      return ok({});
    },
    updateContact: ({ name, instagram }) => {
      current = { ...current!, name, instagram };
      return ok({});
    },
    deleteArchive: () => {
      const deleted = current!.archivedMessages;
      current = { ...current!, archivedMessages: 0 };
      return ok({ deleted });
    },
    removeContact: () => {
      current = null;
      return ok({});
    },
  });
  return calls;
}

describe('contact page', () => {
  it('shows the safety number as 12 groups of 5 digits, readable aloud, and its QR code', async () => {
    contactBackground(details());
    const root = await mount(<ContactScreen nav={fakeNav()} id="c1" />);
    const grid = root.querySelector('[data-testid="safety-number"]')!;
    const groups = [...grid.querySelectorAll('.safety-group')].map((g) => g.textContent);
    expect(groups).toHaveLength(12);
    expect(groups.every((g) => /^\d{5}$/.test(g ?? ''))).toBe(true);
    expect(groups.join('')).toBe(DIGITS);
    const label = grid.getAttribute('aria-label')!;
    expect(label).toContain(`${DIGITS.slice(0, 5).split('').join(' ')}, ${DIGITS.slice(5, 10).split('').join(' ')},`);
    expect(label.endsWith(DIGITS.slice(55).split('').join(' '))).toBe(true);
    expect(root.querySelector('svg[data-testid="qr-code"]')?.getAttribute('aria-label')).toBe(en['contact.safety.qr']);
    expect(root.querySelector('h2')?.textContent).toBe('Bob');
    expect(document.activeElement).toBe(root.querySelector('h2'));
  });

  it('marks as verified, then unverifies', async () => {
    const calls = contactBackground(details());
    const root = await mount(<ContactScreen nav={fakeNav()} id="c1" />);
    expect(root.querySelector('.contact-meta [data-verification]')?.getAttribute('data-verification')).toBe('unverified');
    await click(button(root, en['contact.markVerified']));
    expect(callsOf(calls, 'setVerified')).toEqual([{ id: 'c1', verified: true }]);
    expect(root.querySelector('.contact-meta [data-verification]')?.getAttribute('data-verification')).toBe('verified');
    expect(text(root)).toContain(en['contact.verifiedNotice']);
    await click(button(root, en['contact.unverify']));
    expect(callsOf(calls, 'setVerified')).toEqual([
      { id: 'c1', verified: true },
      { id: 'c1', verified: false },
    ]);
    expect(hasButton(root, en['contact.markVerified'])).toBe(true);
  });

  it('a key change shows the warning banner until verified again', async () => {
    contactBackground(details({ verification: 'key-changed', keyChangedAt: Date.UTC(2025, 5, 1) }));
    const root = await mount(<ContactScreen nav={fakeNav()} id="c1" />);
    const banner = root.querySelector('[data-testid="key-changed-banner"]');
    expect(text(banner)).toContain(en['contact.keyChanged.heading']);
    expect(text(banner)).toContain('Compare the new safety number below with Bob');
    expect(text(banner)).toContain('asks for your confirmation');
    await click(button(root, en['contact.markVerified']));
    expect(root.querySelector('[data-testid="key-changed-banner"]')).toBeNull();
  });

  it('edits name and username', async () => {
    const calls = contactBackground(details());
    const root = await mount(<ContactScreen nav={fakeNav()} id="c1" />);
    await typeInto(byLabel(root, en['contact.name']), ' Robert ');
    await typeInto(byLabel(root, `${en['contact.instagram']} ${en['common.optional']}`), '');
    await submit(byLabel(root, en['contact.name']).form!);
    expect(callsOf(calls, 'updateContact')).toEqual([{ id: 'c1', name: 'Robert', instagram: null }]);
    expect(root.querySelector('h2')?.textContent).toBe('Robert');
  });

  it('deletes the archive only after confirmation, showing the count', async () => {
    const calls = contactBackground(details());
    const root = await mount(<ContactScreen nav={fakeNav()} id="c1" />);
    expect(text(root.querySelector('[data-testid="archive-count"]'))).toContain('7 messages');
    await click(button(root, en['contact.archive.delete']));
    expect(text(root.querySelector('.confirm'))).toContain('Delete 7 stored messages with Bob?');
    expect(document.activeElement).toBe(root.querySelector('.confirm p'));
    await click(button(root, en['common.cancel']));
    expect(callsOf(calls, 'deleteArchive')).toEqual([]);
    expect(document.activeElement).toBe(button(root, en['contact.archive.delete']));
    await click(button(root, en['contact.archive.delete']));
    await click(button(root, en['contact.archive.confirmButton']));
    expect(callsOf(calls, 'deleteArchive')).toEqual([{ id: 'c1' }]);
    expect(text(root)).toContain('Deleted 7 messages.');
    expect(text(root.querySelector('[data-testid="archive-count"]'))).toContain('0 messages');
  });

  it('removes the contact only after confirmation, then returns to the list', async () => {
    const calls = contactBackground(details());
    const nav = fakeNav();
    const root = await mount(<ContactScreen nav={nav} id="c1" />);
    await click(button(root, en['contact.remove']));
    expect(callsOf(calls, 'removeContact')).toEqual([]);
    await click(button(root, 'Remove Bob'));
    expect(callsOf(calls, 'removeContact')).toEqual([{ id: 'c1' }]);
    expect(nav.go).toHaveBeenCalledWith({ screen: 'contacts' });
  });

  it('a missing contact says so', async () => {
    scriptBackground({ contactDetails: () => refused('no-contact') });
    const root = await mount(<ContactScreen nav={fakeNav()} id="gone" />);
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['refusal.no-contact']);
  });
});
