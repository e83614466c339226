/**
 * The card-offer frame's background request (`cardOffer`, src/background/contact-service.ts)
 * through the real router and vault: the code is decoded and checked in the background, which
 * username adding would link (the card's vs the chat's; nothing when they disagree), the contact
 * it would update (a changed key keeps that contact's username), and that a frame appearing does
 * not count as user activity.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createCard, encodeCard } from '../../../src/protocol/card';
import { createIdentity } from '../../../src/protocol/identity';
import { Clock, resetBrowser } from '../vault/helpers';
import { contentScript, profile, readerFrame, setUp } from './profile';

let clock: Clock;
let bob: ReturnType<typeof profile>;
let bobCode: string;

beforeEach(async () => {
  resetBrowser();
  clock = new Clock();
  bob = profile(clock, 'bob');
  bobCode = await setUp(bob, 'Bob', 'bob');
  return async () => bob.restart();
});

/** A card from a device that is not one of our profiles. */
function strangerCode(name: string, instagram?: string): string {
  const made = createCard(createIdentity(clock.now()), { name, instagram }, clock.now());
  if (!made.ok) throw new Error('card');
  return encodeCard(made.card);
}

/** One character of the code's body changed. */
function tamper(code: string): string {
  return code.slice(0, 100) + (code[100] === 'A' ? 'B' : 'A') + code.slice(101);
}

describe('cardOffer', () => {
  it("links the card's username when the chat agrees or is unknown, the chat's when the card names none", async () => {
    const alice = strangerCode('Alice', 'alice');
    const offer = { name: 'Alice', instagram: 'alice', chat: 'alice', link: 'alice', existing: null };
    expect(await bob.ok('cardOffer', { code: alice, chat: 'alice' }, readerFrame)).toEqual(offer);
    expect(await bob.ok('cardOffer', { code: alice, chat: '@Alice' }, readerFrame)).toEqual(offer);
    expect(await bob.ok('cardOffer', { code: alice, chat: null }, readerFrame)).toEqual({ ...offer, chat: null });
    const anon = strangerCode('Anon');
    expect(await bob.ok('cardOffer', { code: anon, chat: 'anon.user' }, readerFrame)).toEqual({ name: 'Anon', instagram: null, chat: 'anon.user', link: 'anon.user', existing: null });
    expect(await bob.ok('cardOffer', { code: anon, chat: null }, readerFrame)).toEqual({ name: 'Anon', instagram: null, chat: null, link: null, existing: null });
    // A chat username that cannot be one is no username.
    expect(await bob.ok('cardOffer', { code: anon, chat: 'not a user!' }, readerFrame)).toMatchObject({ chat: null, link: null });
  });

  it('links nothing when the card and the chat disagree', async () => {
    const code = strangerCode('Alice', 'alice');
    expect(await bob.ok('cardOffer', { code, chat: 'mallory' }, readerFrame)).toEqual({ name: 'Alice', instagram: 'alice', chat: 'mallory', link: null, existing: null });
  });

  it('decodes the code itself: damaged codes and our own are refused with their reason', async () => {
    const code = strangerCode('Alice', 'alice');
    expect(await bob.why('cardOffer', { code: tamper(code), chat: 'alice' }, readerFrame)).toBe('card-bad-checksum');
    expect(await bob.why('cardOffer', { code: code.slice(0, 80), chat: 'alice' }, readerFrame)).toBe('card-truncated');
    expect(await bob.why('cardOffer', { code: 'SDMKEY1 nothing here', chat: null }, readerFrame)).not.toBe('ok');
    expect(await bob.why('cardOffer', { code: bobCode, chat: 'bob' }, readerFrame)).toBe('own-card');
  });

  it('adding what it offers gives an unverified contact; the same code then says it is known', async () => {
    const code = strangerCode('Alice', 'alice');
    const offer = await bob.ok('cardOffer', { code, chat: 'alice' }, readerFrame);
    const { id } = await bob.ok('addContact', { code, name: offer.name, instagram: offer.link }, readerFrame);
    expect((await bob.ok('listContacts', {})).contacts).toEqual([{ id, name: 'Alice', instagram: 'alice', verification: 'unverified' }]);
    expect(await bob.ok('cardOffer', { code, chat: 'alice' }, readerFrame)).toMatchObject({ existing: { id, name: 'Alice', sameKey: true } });
  });

  it("a code that would change a contact's key says so and keeps that contact's username, whatever the chat says", async () => {
    const { id } = await bob.ok('addContact', { code: strangerCode('Alice', 'alice'), name: 'Alice W.', instagram: 'alice' });
    await bob.ok('setVerified', { id, verified: true });
    const impostor = strangerCode('Alice', 'alice');
    const offer = await bob.ok('cardOffer', { code: impostor, chat: 'mallory' }, readerFrame);
    expect(offer).toEqual({ name: 'Alice', instagram: 'alice', chat: 'mallory', link: 'alice', existing: { id, name: 'Alice W.', sameKey: false } });
    // By the chat's username alone (the card names none).
    const anon = strangerCode('Anon');
    expect(await bob.ok('cardOffer', { code: anon, chat: 'alice' }, readerFrame)).toMatchObject({ link: 'alice', existing: { id, sameKey: false } });
    // Nothing changed by asking.
    expect((await bob.ok('listContacts', {})).contacts).toEqual([{ id, name: 'Alice W.', instagram: 'alice', verification: 'verified' }]);
  });

  it('is privileged: the content script may not ask', async () => {
    const reply = await bob.send('cardOffer', { code: strangerCode('A'), chat: null }, contentScript);
    expect(reply).toEqual({ ok: false, error: 'forbidden' });
    expect(await bob.why('cardOffer', { code: strangerCode('A'), chat: null, extra: 1 } as never, readerFrame)).toBe('malformed');
  });

  it('a frame asking as it appears is not user activity: the vault still locks itself on time', async () => {
    await bob.ok('setPassphrase', { current: null, next: 'pass' });
    await bob.ok('setAutoLock', { minutes: 5 });
    const code = strangerCode('Alice', 'alice');
    clock.advance(4 * 60_000);
    await bob.ok('cardOffer', { code, chat: 'alice' }, readerFrame);
    clock.advance(2 * 60_000);
    expect((await bob.ok('status', {})).vault).toBe('locked');
    expect(await bob.why('cardOffer', { code, chat: 'alice' }, readerFrame)).toBe('locked');
  });
});
