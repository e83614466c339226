// @vitest-environment happy-dom
/**
 * The card-offer frame (src/ui/card-offer/CardOfferFrame.tsx): everything it shows comes from the
 * background's `cardOffer` answer, never from the fragment; damaged codes show why and no button;
 * our own code and a known contact say so; "Add contact" asks again and adds exactly what was
 * shown (unverified, with the username the background proposed); a key change needs the warning
 * and a confirming click; disagreeing usernames are said and not linked.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { CardOffer, RefusalReason } from '../../../src/messaging/protocol';
import { act } from 'preact/test-utils';
import { CardOfferFrame } from '../../../src/ui/card-offer/CardOfferFrame';
import { FRAME_CONFIRM_ARM_MS } from '../../../src/ui/components/Confirm';
import { parseCardOfferHash } from '../../../src/ui/card-offer/card-offer-hash';
import { isFrameMessage } from '../../../src/ui/frame-messages';
import { en } from '../../../src/ui/i18n/en';
import { PATTERN, button, callsOf, click, hasButton, mount, ok, refused, scriptBackground, text, unmountAll, type Script } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));

const CODE = `SDMKEY1${'A'.repeat(340)}`;
const OFFER: CardOffer = { name: 'Alice', instagram: 'alice', chat: 'alice', link: 'alice', existing: null };

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
    cardOffer: () => ok(OFFER),
    addContact: () => ok({ id: 'c1' }),
    ...overrides,
  });
}

async function openFrame(hash = `#c=${CODE}&u=alice`) {
  window.location.hash = hash;
  return mount(<CardOfferFrame />);
}

const state = (root: HTMLElement) => root.querySelector('[data-testid="card-offer"]')?.getAttribute('data-state');
const stateChanges = () => posted.mock.calls.filter(([m]) => isFrameMessage(m) && m.type === 'state-changed').length;

describe('card-offer hash', () => {
  it('reads the code and the username; refuses anything else', () => {
    expect(parseCardOfferHash(`#c=${CODE}&u=alice`)).toEqual({ code: CODE, chat: 'alice' });
    expect(parseCardOfferHash(`#c=${CODE}`)).toEqual({ code: CODE, chat: null });
    for (const bad of ['', '#u=alice', `#c=${CODE}&u=Alice!`, `#c=${CODE}&c=${CODE}`, `#c=${CODE}&x=1`, '#c=SDM1abc', `#c=${CODE}${'A'.repeat(700)}`, `#c=${CODE}%20x`]) {
      expect(parseCardOfferHash(bad), bad).toBeNull();
    }
  });
});

describe('card-offer frame', () => {
  it('shows the name and username from the background, the pattern, the unverified note and Add contact', async () => {
    const calls = background();
    const root = await openFrame();
    expect(callsOf(calls, 'cardOffer')).toEqual([{ code: CODE, chat: 'alice' }]);
    expect(state(root)).toBe('offer');
    expect(text(root)).toContain('Invite code of Alice');
    expect(text(root)).toContain('Instagram: @alice');
    expect(text(root)).toContain(en['cardOffer.link'].replace('{username}', 'alice'));
    expect(text(root)).toContain(en['cardOffer.unverified']);
    expect(root.querySelector('[data-testid="security-pattern"]')).not.toBeNull();
    expect(hasButton(root, 'Add contact')).toBe(true);
    expect(callsOf(calls, 'addContact')).toEqual([]);
  });

  it('Add contact asks again, adds with the proposed username, says to compare safety numbers and tells the page', async () => {
    const calls = background();
    const root = await openFrame();
    await click(button(root, 'Add contact'));
    expect(callsOf(calls, 'cardOffer')).toHaveLength(2);
    expect(callsOf(calls, 'addContact')).toEqual([{ code: CODE, name: 'Alice', instagram: 'alice' }]);
    expect(state(root)).toBe('added');
    expect(text(root)).toContain('Compare safety numbers');
    expect(root.querySelector('[data-testid="security-pattern"]')).not.toBeNull();
    expect(stateChanges()).toBe(1);
  });

  it('adds nothing when the answer changed since it was shown', async () => {
    let n = 0;
    const calls = background({ cardOffer: () => ok(n++ === 0 ? OFFER : { ...OFFER, existing: { id: 'c9', name: 'Alice', sameKey: false } }) });
    const root = await openFrame();
    await click(button(root, 'Add contact'));
    expect(callsOf(calls, 'addContact')).toEqual([]);
    expect(text(root)).toContain(en['cardOffer.changed']);
    expect(state(root)).toBe('key-changed');
    expect(stateChanges()).toBe(0);
  });

  it('a failed add says why and stays on the offer', async () => {
    background({ addContact: () => refused('locked') });
    const root = await openFrame();
    await click(button(root, 'Add contact'));
    expect(state(root)).toBe('offer');
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['refusal.locked']);
    expect(stateChanges()).toBe(0);
  });

  it('card and chat usernames that disagree are shown, and nothing is linked', async () => {
    const calls = background({ cardOffer: () => ok({ ...OFFER, chat: 'mallory', link: null }) });
    const root = await openFrame(`#c=${CODE}&u=mallory`);
    expect(text(root.querySelector('[data-testid="card-offer-conflict"]'))).toContain('The code says @alice, but this chat is with @mallory.');
    expect(text(root)).toContain(en['cardOffer.conflict.noLink']);
    await click(button(root, 'Add contact'));
    expect(callsOf(calls, 'addContact')).toEqual([{ code: CODE, name: 'Alice', instagram: null }]);
  });

  it("a card without a name is added under its username, or the chat's", async () => {
    const calls = background({ cardOffer: () => ok({ name: '', instagram: null, chat: 'anon', link: 'anon', existing: null }) });
    const root = await openFrame(`#c=${CODE}&u=anon`);
    expect(text(root)).toContain('Invite code of @anon');
    await click(button(root, 'Add contact'));
    expect(callsOf(calls, 'addContact')).toEqual([{ code: CODE, name: '@anon', instagram: 'anon' }]);
  });

  it('a known contact with the same key: already in your contacts, no button', async () => {
    background({ cardOffer: () => ok({ ...OFFER, existing: { id: 'c1', name: 'Alice W.', sameKey: true } }) });
    const root = await openFrame();
    expect(state(root)).toBe('known');
    expect(text(root)).toContain('“Alice W.” is already in your contacts.');
    expect(root.querySelectorAll('button')).toHaveLength(0);
  });

  it('a changed key shows the key-change warning and replaces only after a confirming click', async () => {
    const existing = { id: 'c1', name: 'Alice W.', sameKey: false };
    const calls = background({ cardOffer: () => ok({ ...OFFER, existing }) });
    const root = await openFrame();
    expect(state(root)).toBe('key-changed');
    expect(text(root.querySelector('[data-testid="key-changed-warning"]'))).toContain(en['add.keyChanged.heading'].replace('{name}', 'Alice W.'));
    expect(hasButton(root, 'Add contact')).toBe(false);
    await click(button(root, 'Replace their key'));
    expect(callsOf(calls, 'addContact')).toEqual([]);
    expect(text(root)).toContain('Replace the key of “Alice W.” with the one in this code?');
    // The confirming button took the trigger's place: a click at once (a lured double click on a
    // hidden frame) does nothing; it answers after FRAME_CONFIRM_ARM_MS.
    await click(button(root, 'Replace their key'));
    expect(callsOf(calls, 'addContact')).toEqual([]);
    await act(async () => {
      await new Promise((r) => setTimeout(r, FRAME_CONFIRM_ARM_MS + 50));
    });
    await click(button(root, 'Replace their key'));
    expect(callsOf(calls, 'addContact')).toEqual([{ code: CODE, name: 'Alice W.', instagram: 'alice' }]);
    expect(state(root)).toBe('replaced');
    expect(stateChanges()).toBe(1);
  });

  const refusals: [RefusalReason, string, string][] = [
    ['card-bad-checksum', 'error', en['refusal.card-bad-checksum']],
    ['card-truncated', 'error', en['refusal.card-truncated']],
    ['card-bad-signature', 'error', en['refusal.card-bad-signature']],
    ['card-malformed', 'error', en['refusal.card-malformed']],
    ['card-unsupported-version', 'error', en['refusal.card-unsupported-version']],
    ['own-card', 'own', en['cardOffer.own']],
    ['locked', 'locked', en['cardOffer.locked']],
    ['no-identity', 'no-identity', en['frame.noIdentity']],
  ];
  it.each(refusals)('%s: says so, with the pattern, and offers no button', async (reason, shown, message) => {
    background({ cardOffer: () => refused(reason) });
    const root = await openFrame();
    expect(state(root)).toBe(shown);
    expect(text(root)).toContain(message);
    expect(root.querySelector('[data-testid="security-pattern"]')).not.toBeNull();
    expect(root.querySelectorAll('button')).toHaveLength(0);
  });

  it('an unreachable background says so', async () => {
    background({ cardOffer: () => ({ ok: false, error: 'unreachable' }) as never });
    const root = await openFrame();
    expect(state(root)).toBe('unavailable');
    expect(text(root)).toContain(en['error.unreachable']);
  });

  it('a malformed address asks nothing and says so', async () => {
    const calls = background();
    const root = await openFrame('#c=nope');
    expect(state(root)).toBe('bad-link');
    expect(callsOf(calls, 'cardOffer')).toEqual([]);
  });
});
