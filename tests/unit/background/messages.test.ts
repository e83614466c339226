/**
 * Sending and receiving through the real handlers, router and vault, between two profiles: the
 * compose frame's `send`, the fake content script's `post`, the other side's `readPayloads` and
 * the reader frame's `readMessage`. The content script never gets a name or a word of plaintext.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_SEND_TEXT_BYTES } from '../../../src/background/send-limits';
import type { PayloadResult, PostOutcome, SendOutcome } from '../../../src/messaging/protocol';
import { createCard, encodeCard } from '../../../src/protocol/card';
import { createIdentity } from '../../../src/protocol/identity';
import { Clock, putRaw, resetBrowser } from '../vault/helpers';
import { composeFrame, contentScript, popup, profile, readerFrame, setUp, type Profile } from './profile';

const T = '340282366841710300949128171234567';
const OTHER_THREAD = '340282366841710300949128179999999';

let clock: Clock;
let alice: Profile;
let bob: Profile;
let bobId: string;
let aliceId: string;

beforeEach(async () => {
  resetBrowser();
  clock = new Clock();
  alice = profile(clock, 'alice');
  bob = profile(clock, 'bob');
  const aliceCode = await setUp(alice, 'Alice', 'alice.w');
  const bobCode = await setUp(bob, 'Bob', 'bob');
  bobId = (await alice.ok('addContact', { code: bobCode, name: 'Bobby', instagram: 'bob' })).id;
  aliceId = (await bob.ok('addContact', { code: aliceCode, name: 'Alice', instagram: 'alice.w' })).id;
  return async () => {
    await alice.restart();
    await bob.restart();
  };
});

/** Both sides open thread T (each header shows the other's username). */
async function openThread() {
  expect(await alice.content('threadState', { threadId: T, username: 'bob' })).toEqual({ ok: true, value: { mode: 'on' } });
  expect(await bob.content('threadState', { threadId: T, username: '@Alice.W' })).toEqual({ ok: true, value: { mode: 'on' } });
}

/** `send` from the compose frame; returns the outcome and the parts the fake content script got. */
async function sendText(from: Profile, text: string, confirmKeyChange = false): Promise<{ outcome: SendOutcome; parts: string[] }> {
  const before = from.posted.length;
  const outcome = await from.ok('send', { threadId: T, text, confirmKeyChange }, composeFrame);
  expect(from.posted).toHaveLength(before + 1);
  const posted = from.posted.at(-1)!;
  expect(posted).toEqual({ tabId: composeFrame.tab.id, request: { threadId: T, parts: expect.any(Array) } });
  return { outcome, parts: posted.request.parts };
}

/** `readPayloads` from the content script, one bubble per entry. */
async function read(p: Profile, bubbles: (string[] | { parts: string[]; outgoing: boolean })[], threadId = T): Promise<PayloadResult[]> {
  const items = bubbles.map((b, i) => ('parts' in b ? { key: `k${i}`, ...b } : { key: `k${i}`, parts: b, outgoing: false }));
  const reply = await p.content('readPayloads', { threadId, items });
  if (!reply.ok) throw new Error(`readPayloads: ${JSON.stringify(reply)}`);
  return reply.value.results;
}

async function archive(p: Profile, contactId: string) {
  return (await p.vault()).read((tx) => tx.listArchive(contactId));
}

function messageIdOf(outcome: SendOutcome): string {
  return outcome.messageId;
}

describe('threads', () => {
  it('a contact record that fails to read: a thread known to have encryption on still answers on (fail closed); others get the error', async () => {
    await openThread();
    await alice.restart();
    await putRaw('contacts', Uint8Array.of(1, 2, 3), bobId, 'alice');
    expect(await alice.content('threadState', { threadId: T, username: 'bob' })).toEqual({ ok: true, value: { mode: 'on' } });
    expect(await alice.content('threadState', { threadId: OTHER_THREAD, username: 'carol' })).toEqual({ ok: false, error: 'refused', reason: 'corrupted' });
  });

  it('tells the content script whether some chat has encryption on (reader frames loaded ahead on the inbox), and nothing more', async () => {
    const fresh = profile(clock, 'fresh');
    expect(await fresh.content('directState', {})).toEqual({ ok: true, value: { encryptedChats: false } });
    await fresh.restart();
    const locked = profile(clock, 'locked');
    await setUp(locked, 'Locked', 'locked', 'correct horse battery');
    await locked.ok('addContact', { code: await bob.ok('myCard', {}).then((c) => c.code), name: 'Bob', instagram: 'bob' });
    expect(await locked.content('threadState', { threadId: T, username: 'bob' })).toEqual({ ok: true, value: { mode: 'on' } });
    await locked.ok('lock', {});
    expect(await locked.content('directState', {})).toEqual({ ok: true, value: { encryptedChats: true } }); // the hints are readable while locked
    await locked.restart();

    expect(await alice.content('directState', {})).toEqual({ ok: true, value: { encryptedChats: false } }); // a contact, no chat yet
    await openThread();
    expect(await alice.content('directState', {})).toEqual({ ok: true, value: { encryptedChats: true } });
    await alice.ok('setThreadEncryption', { threadId: T, encrypt: false }, composeFrame);
    expect(await alice.content('directState', {})).toEqual({ ok: true, value: { encryptedChats: false } });
    expect(await alice.content('directState', { threadId: T } as never)).toEqual({ ok: false, error: 'malformed' });
  });

  it('links a thread to the contact with the header username, on by default; sticky; never names', async () => {
    const fresh = profile(clock, 'fresh');
    expect(await fresh.content('threadState', { threadId: T, username: 'bob' })).toEqual({ ok: true, value: { mode: 'inactive' } });
    await fresh.restart();

    expect(await alice.content('threadState', { threadId: T, username: 'carol' })).toEqual({ ok: true, value: { mode: 'plain' } });
    expect(await alice.content('threadState', { threadId: T, username: null })).toEqual({ ok: true, value: { mode: 'plain' } });
    expect(await alice.ok('composeState', { threadId: T }, composeFrame)).toEqual({ contact: null, encrypt: false, maxTextBytes: MAX_SEND_TEXT_BYTES });

    const state = await alice.content('threadState', { threadId: T, username: '@BOB' });
    expect(state).toEqual({ ok: true, value: { mode: 'on' } });
    expect(JSON.stringify(state)).not.toMatch(/bob/i);
    expect((await alice.vault().then((v) => v.read((tx) => tx.getContact(bobId))))!.threads).toEqual([{ threadId: T, encrypt: true }]);
    // The link is sticky: another username in the header does not move or drop it.
    expect(await alice.content('threadState', { threadId: T, username: 'carol' })).toEqual({ ok: true, value: { mode: 'on' } });
    expect(await alice.ok('composeState', { threadId: T }, composeFrame)).toEqual({
      contact: { id: bobId, name: 'Bobby', instagram: 'bob', verification: 'unverified' },
      encrypt: true,
      maxTextBytes: MAX_SEND_TEXT_BYTES,
    });

    await alice.ok('setThreadEncryption', { threadId: T, encrypt: false }, composeFrame);
    expect(await alice.content('threadState', { threadId: T, username: 'bob' })).toEqual({ ok: true, value: { mode: 'off' } });
    expect(await alice.why('send', { threadId: T, text: 'hi', confirmKeyChange: false }, composeFrame)).toBe('no-thread');
    await alice.ok('setThreadEncryption', { threadId: T, encrypt: true }, composeFrame);
    expect(await alice.content('threadState', { threadId: T, username: 'bob' })).toEqual({ ok: true, value: { mode: 'on' } });
    expect(await alice.why('setThreadEncryption', { threadId: OTHER_THREAD, encrypt: true }, composeFrame)).toBe('no-thread');
    expect(alice.posted).toEqual([]);
  });

  it('says locked while the vault is locked, without looking anything up', async () => {
    const carol = profile(clock, 'carol');
    await setUp(carol, 'Carol', null, 'pass');
    await carol.ok('lock', {});
    expect(await carol.content('threadState', { threadId: T, username: 'bob' })).toEqual({ ok: true, value: { mode: 'locked' } });
    await carol.restart();
  });

  it('keeps an encrypted thread guarded while locked (unsealed hints), also after a worker restart', async () => {
    await alice.ok('setPassphrase', { current: null, next: 'pass' });
    await openThread();
    await alice.ok('lock', {});
    await alice.restart();
    expect(await alice.content('threadState', { threadId: T, username: null })).toEqual({ ok: true, value: { mode: 'on' } });
    expect(await alice.content('threadState', { threadId: OTHER_THREAD, username: 'bob' })).toEqual({ ok: true, value: { mode: 'locked' } });
    expect(await alice.why('composeState', { threadId: T }, composeFrame)).toBe('locked');
    // Encryption off for the thread: it is no longer hinted, so a locked vault leaves it alone.
    await alice.ok('unlock', { passphrase: 'pass' });
    await alice.ok('setThreadEncryption', { threadId: T, encrypt: false }, composeFrame);
    await alice.ok('lock', {});
    expect(await alice.content('threadState', { threadId: T, username: 'bob' })).toEqual({ ok: true, value: { mode: 'locked' } });
  });
});

describe('send and read', () => {
  it('delivers both ways; the content script gets ids and statuses only; the reader frame gets the text', async () => {
    await openThread();
    const text = 'Meet at 7? Bring the 🔑';
    const sent = await sendText(alice, text);
    expect(sent.outcome).toEqual({ outcome: 'sent', messageId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
    expect(sent.parts).toHaveLength(1);
    expect(sent.parts[0]).toMatch(/^SDM1[A-Za-z0-9_-]+$/);
    expect(JSON.stringify(alice.posted)).not.toContain('Meet');

    const reply = await bob.content('readPayloads', { threadId: T, items: [{ key: 'bubble-1', parts: sent.parts, outgoing: false }] });
    expect(reply).toEqual({ ok: true, value: { results: [{ key: 'bubble-1', messageId: messageIdOf(sent.outcome), status: 'ok', part: 1, parts: 1 }] } });
    const json = JSON.stringify(reply);
    for (const secret of ['Meet', '🔑', 'Alice', 'Bob']) expect(json).not.toContain(secret);

    expect(await bob.ok('readMessage', { messageId: messageIdOf(sent.outcome) }, readerFrame)).toEqual({
      text,
      direction: 'received',
      at: clock.now(),
      contactName: 'Alice',
      verification: 'unverified',
      pattern: (await bob.ok('status', {}, readerFrame)).pattern,
    });
    // Alice reads her own bubble from the archive.
    expect(await read(alice, [{ parts: sent.parts, outgoing: true }])).toMatchObject([{ status: 'ok', messageId: messageIdOf(sent.outcome) }]);
    expect(await alice.ok('readMessage', { messageId: messageIdOf(sent.outcome) }, readerFrame)).toMatchObject({ text, direction: 'sent', contactName: 'Bobby' });
    expect(await archive(alice, bobId)).toMatchObject([{ status: 'sent', direction: 'sent', text }]);

    // Bob answers; Alice reads it; then Alice again (now a normal message after the first round trip).
    clock.advance(60_000);
    const answer = await sendText(bob, 'Yes.\nSee you there.');
    expect(await read(alice, [answer.parts])).toMatchObject([{ status: 'ok', messageId: messageIdOf(answer.outcome) }]);
    expect(await alice.ok('readMessage', { messageId: messageIdOf(answer.outcome) }, readerFrame)).toMatchObject({
      text: 'Yes.\nSee you there.',
      direction: 'received',
      contactName: 'Bobby',
    });
    clock.advance(60_000);
    const again = await sendText(alice, 'ok');
    expect(await read(bob, [again.parts])).toMatchObject([{ status: 'ok' }]);
    expect((await archive(bob, aliceId)).map((e) => [e.direction, e.text])).toEqual([
      ['received', text],
      ['sent', 'Yes.\nSee you there.'],
      ['received', 'ok'],
    ]);
    expect((await bob.ok('contactDetails', { id: aliceId })).archivedMessages).toBe(3);
  });

  it('sends a long message as several parts that reassemble in any order, across requests', async () => {
    await openThread();
    const line = 'Zeile 😀 ñ — ok\n';
    const text = line.repeat(Math.ceil(2000 / line.length)).slice(0, 1999) + '!';
    expect(text).toHaveLength(2000);
    const { outcome, parts } = await sendText(alice, text);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.length).toBeLessThanOrEqual(8);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(900);

    const order = parts.map((_, i) => i).reverse();
    order.push(order.shift()!); // e.g. [2, 1, 0, 3]: the last part arrives last but not in order
    for (const [n, index] of order.entries()) {
      const [result] = await read(bob, [[parts[index]!]]);
      if (n < order.length - 1) expect(result).toEqual({ key: 'k0', messageId: null, status: 'incomplete', part: index + 1, parts: parts.length });
      else expect(result).toEqual({ key: 'k0', messageId: messageIdOf(outcome), status: 'ok', part: index + 1, parts: parts.length });
    }
    // An earlier bubble asked again resolves now.
    expect(await read(bob, [[parts[order[0]!]!]])).toMatchObject([{ status: 'ok', messageId: messageIdOf(outcome) }]);
    expect((await bob.ok('readMessage', { messageId: messageIdOf(outcome) }, readerFrame)).text).toBe(text);

    // After a worker restart the parts in memory are gone; all bubbles at once, shuffled, still resolve from the archive.
    await bob.restart();
    const shuffled = [...parts].sort();
    const results = await read(bob, shuffled.map((p) => [p]));
    expect(results.every((r) => r.status === 'ok' && r.messageId === messageIdOf(outcome))).toBe(true);
    expect(await archive(bob, aliceId)).toHaveLength(1);
  });

  it('reports a tampered part, then reads the genuine one; a replay comes from the archive, once', async () => {
    await openThread();
    const { outcome, parts } = await sendText(alice, 'original');
    const part = parts[0]!;
    const i = 30; // inside the body, far from the last (canonical) digit
    const tampered = part.slice(0, i) + (part[i] === 'A' ? 'B' : 'A') + part.slice(i + 1);
    const [bad] = await read(bob, [[tampered]]);
    expect(bad).toMatchObject({ status: 'tampered', part: 1, parts: 1 });
    expect(bad!.messageId).not.toBe(messageIdOf(outcome));
    expect(await archive(bob, aliceId)).toEqual([]);

    expect(await read(bob, [[part]])).toMatchObject([{ status: 'ok' }]);
    // Replayed in the same request and later: 'ok' from the archive, no second entry, no 'replayed'.
    expect(await read(bob, [[part], [part]])).toMatchObject([{ status: 'ok' }, { status: 'ok' }]);
    expect(await archive(bob, aliceId)).toHaveLength(1);

    // A damaged part of a multi-part message fails the armor id: also 'tampered'.
    const long = await sendText(alice, 'x'.repeat(1500));
    const damaged = long.parts.map((p, n) => (n === 1 ? p.slice(0, 40) + (p[40] === 'A' ? 'B' : 'A') + p.slice(41) : p));
    const results = await read(bob, damaged.map((p) => [p]));
    expect(results.map((r) => r.status)).toEqual(damaged.map(() => 'tampered'));
    expect((await read(bob, long.parts.map((p) => [p]))).map((r) => r.status)).toEqual(long.parts.map(() => 'ok'));
  });

  it('answers unknown-sender without a contact; a message for us is read whatever side the page shows it on; a stranger gets not-for-this-device', async () => {
    await openThread();
    const { parts } = await sendText(alice, 'for bob only');
    // A thread bob has no contact in (and alice is not among his contacts there): unknown sender.
    await bob.ok('removeContact', { id: aliceId });
    expect(await read(bob, [[...parts]])).toMatchObject([{ status: 'unknown-sender', messageId: expect.any(String) }]);
    aliceId = (await bob.ok('addContact', { code: (await alice.ok('myCard', {})).code, name: 'Alice', instagram: 'alice.w' })).id;
    await bob.content('threadState', { threadId: T, username: 'alice.w' });
    // The header's pair tag says it is from alice to bob: read, even if the page shows it as bob's own.
    expect(await read(bob, [{ parts, outgoing: true }])).toMatchObject([{ status: 'ok' }]);
    // A third profile that is not in the conversation.
    const carol = profile(clock, 'carol');
    await setUp(carol, 'Carol', 'carol');
    await carol.ok('addContact', { code: (await alice.ok('myCard', {})).code, name: 'Alice', instagram: 'alice.w' });
    await carol.content('threadState', { threadId: T, username: 'alice.w' });
    expect(await read(carol, [[...parts]])).toMatchObject([{ status: 'not-for-this-device' }]);
    expect(await read(carol, [{ parts, outgoing: true }])).toMatchObject([{ status: 'not-for-this-device' }]);
    expect(await read(carol, [['hello'], ['SDM1' + 'A'.repeat(30)]])).toEqual([
      { key: 'k0', messageId: null, status: 'malformed', part: 0, parts: 0 },
      { key: 'k1', messageId: null, status: 'malformed', part: 0, parts: 0 },
    ]);
    await carol.restart();
  });

  it('our own message altered on the way reads as tampered (never "not for this browser"); the genuine one reads', async () => {
    await openThread();
    const { outcome, parts } = await sendText(alice, 'mine, then changed');
    const part = parts[0]!;
    const i = 30;
    const altered = part.slice(0, i) + (part[i] === 'A' ? 'B' : 'A') + part.slice(i + 1);
    const [bad] = await read(alice, [{ parts: [altered], outgoing: true }]);
    expect(bad).toMatchObject({ status: 'tampered', part: 1, parts: 1 });
    expect(bad!.messageId).not.toBe(messageIdOf(outcome));
    // Shown on the other side by the page: still ours, still not what we sent.
    expect(await read(alice, [[altered]])).toMatchObject([{ status: 'tampered' }]);
    expect(await read(alice, [{ parts: [part], outgoing: true }])).toMatchObject([{ status: 'ok', messageId: messageIdOf(outcome) }]);
    // Bob, for whom it was encrypted, finds the change too.
    expect(await read(bob, [[altered]])).toMatchObject([{ status: 'tampered' }]);
  });

  it("a message of one chat shown in another contact's chat reads as other-chat, archived or not", async () => {
    await openThread();
    const carol = profile(clock, 'carol');
    const carolCode = await setUp(carol, 'Carol', 'carol');
    await bob.ok('addContact', { code: carolCode, name: 'Carol', instagram: 'carol' });
    expect(await bob.content('threadState', { threadId: OTHER_THREAD, username: 'carol' })).toEqual({ ok: true, value: { mode: 'on' } });
    const first = await sendText(alice, 'for the alice chat');
    const second = await sendText(alice, 'also for the alice chat');
    // Not read yet: its pair tag names alice, not carol.
    expect(await read(bob, [[...second.parts]], OTHER_THREAD)).toMatchObject([{ status: 'other-chat', messageId: messageIdOf(second.outcome) }]);
    // Read (and archived) in its own chat, then copied by the page into carol's chat.
    expect(await read(bob, [[...first.parts], [...second.parts]])).toMatchObject([{ status: 'ok' }, { status: 'ok' }]);
    expect(await read(bob, [[...first.parts]], OTHER_THREAD)).toMatchObject([{ status: 'other-chat' }]);
    // Alice's own sent message, copied by her page into another chat.
    await alice.ok('addContact', { code: carolCode, name: 'Carol', instagram: 'carol' });
    expect(await alice.content('threadState', { threadId: OTHER_THREAD, username: 'carol' })).toEqual({ ok: true, value: { mode: 'on' } });
    expect(await read(alice, [{ parts: first.parts, outgoing: true }], OTHER_THREAD)).toMatchObject([{ status: 'other-chat' }]);
    expect(await read(alice, [{ parts: first.parts, outgoing: true }])).toMatchObject([{ status: 'ok' }]);
    await carol.restart();
  });

  it('a first message to a prekey this browser no longer has reads as missing-keys', async () => {
    await openThread();
    const { parts } = await sendText(alice, 'sent to an old invite code');
    // Bob's prekeys rotate (weekly, on myCard) until the one alice used is past its retention.
    for (let day = 0; day < 45; day += 7) {
      clock.advance(7 * 24 * 3600 * 1000);
      await bob.ok('myCard', {});
    }
    expect(await read(bob, [[...parts]])).toMatchObject([{ status: 'missing-keys' }]);
  });

  it('answers locked for every bubble while locked, and reads them after unlocking', async () => {
    const carol = profile(clock, 'carol');
    const carolCode = await setUp(carol, 'Carol', 'carol', 'pass');
    await alice.ok('addContact', { code: carolCode, name: 'Carol', instagram: 'carol' });
    const { id: carolsAlice } = await carol.ok('addContact', { code: (await alice.ok('myCard', {})).code, name: 'Alice', instagram: 'alice.w' });
    await alice.content('threadState', { threadId: T, username: 'carol' });
    await carol.content('threadState', { threadId: T, username: 'alice.w' });
    const { parts } = await sendText(alice, 'while you were away');
    const long = await sendText(alice, 'y'.repeat(1500));

    await carol.ok('lock', {});
    const locked = await read(carol, [[...parts], [long.parts[0]!], ['not armor']]);
    expect(locked.map((r) => r.status)).toEqual(['locked', 'locked', 'locked']);
    expect(JSON.stringify(locked)).not.toContain('away');

    await carol.ok('unlock', { passphrase: 'pass' });
    expect(await read(carol, [[...parts]])).toMatchObject([{ status: 'ok' }]);
    expect((await read(carol, long.parts.map((p) => [p]))).map((r) => r.status)).toEqual(long.parts.map(() => 'ok'));
    expect(await archive(carol, carolsAlice)).toHaveLength(2);
    await carol.restart();
  });
});

describe('send outcomes and refusals', () => {
  it('archives a failed post as failed, and as sent once its bubble shows up', async () => {
    await openThread();
    alice.answerPosts(async () => ({ outcome: 'failed', reason: 'composer-missing', sentParts: 0 }));
    const { outcome, parts } = await sendText(alice, 'did it go?');
    expect(outcome).toEqual({ outcome: 'failed', messageId: expect.any(String), reason: 'composer-missing', sentParts: 0 });
    expect(await archive(alice, bobId)).toMatchObject([{ payloadId: messageIdOf(outcome), status: 'failed', text: 'did it go?' }]);
    // The ratchet moved on before posting: the next message uses a new key, and Bob reads it.
    alice.answerPosts(async () => ({ outcome: 'sent' }));
    const next = await sendText(alice, 'second try');
    expect(next.parts).not.toEqual(parts);
    expect(await read(bob, [next.parts])).toMatchObject([{ status: 'ok' }]);
    // The first one did go out after all (it is in the thread): both sides now agree.
    expect(await read(alice, [{ parts, outgoing: true }])).toMatchObject([{ status: 'ok' }]);
    expect((await archive(alice, bobId)).map((e) => e.status)).toEqual(['sent', 'sent']);
    expect(await read(bob, [parts])).toMatchObject([{ status: 'ok' }]);
  });

  it('clamps the reported sentParts and treats a throwing post as unreachable', async () => {
    await openThread();
    alice.answerPosts(async () => ({ outcome: 'failed', reason: 'send-failed', sentParts: 99 }));
    expect((await sendText(alice, 'one part')).outcome).toMatchObject({ outcome: 'failed', reason: 'send-failed', sentParts: 1 });
    alice.answerPosts(() => Promise.reject(new Error('gone')));
    expect((await sendText(alice, 'two')).outcome).toMatchObject({ outcome: 'failed', reason: 'unreachable', sentParts: 0 });
  });

  it('hands the parts to the user when the page refuses inserted text', async () => {
    await openThread();
    alice.answerPosts(async () => ({ outcome: 'failed', reason: 'insertion-rejected', sentParts: 0 }));
    const { outcome, parts } = await sendText(alice, 'paste me');
    expect(outcome).toEqual({ outcome: 'manual', messageId: expect.any(String), parts });
    expect(await archive(alice, bobId)).toMatchObject([{ status: 'sending' }]);
    expect(await read(alice, [{ parts, outgoing: true }])).toMatchObject([{ status: 'ok' }]);
    expect(await archive(alice, bobId)).toMatchObject([{ status: 'sent' }]);
  });

  it('refuses to send to a changed key until the user confirms, then trusts it on first use', async () => {
    await openThread();
    const reinstalled = createCard(createIdentity(clock.now()), { name: 'Bob', instagram: 'bob' }, clock.now());
    if (!reinstalled.ok) throw new Error('card');
    await alice.ok('addContact', { code: encodeCard(reinstalled.card), name: 'Bobby', instagram: 'bob' });
    expect((await alice.ok('composeState', { threadId: T }, composeFrame)).contact?.verification).toBe('key-changed');
    expect(await alice.why('send', { threadId: T, text: 'hi', confirmKeyChange: false }, composeFrame)).toBe('key-change-unconfirmed');
    expect(alice.posted).toEqual([]);
    expect(await archive(alice, bobId)).toEqual([]);
    expect((await alice.vault().then((v) => v.read((tx) => tx.getSession(bobId))))).toBeUndefined();

    expect((await sendText(alice, 'hi', true)).outcome.outcome).toBe('sent');
    expect((await alice.ok('contactDetails', { id: bobId })).verification).toBe('unverified');
  });

  it('verifying a new key never makes the messages under the earlier key read verified', async () => {
    await openThread();
    await alice.ok('setVerified', { id: bobId, verified: true });
    const before = await sendText(alice, 'under the first key');
    expect((await alice.ok('readMessage', { messageId: messageIdOf(before.outcome) }, readerFrame)).verification).toBe('verified');

    clock.advance(60_000);
    const reinstalled = createCard(createIdentity(clock.now()), { name: 'Bob', instagram: 'bob' }, clock.now());
    if (!reinstalled.ok) throw new Error('card');
    await alice.ok('addContact', { code: encodeCard(reinstalled.card), name: 'Bobby', instagram: 'bob' });
    const changed = await alice.ok('readMessage', { messageId: messageIdOf(before.outcome) }, readerFrame);
    expect(changed.verification).toBe('earlier-key');
    // The user compares the new safety number and marks it verified: only messages under it say so.
    clock.advance(60_000);
    await alice.ok('setVerified', { id: bobId, verified: true });
    const after = await sendText(alice, 'under the new key');
    expect((await alice.ok('readMessage', { messageId: messageIdOf(before.outcome) }, readerFrame)).verification).toBe('earlier-key');
    expect((await alice.ok('readMessage', { messageId: messageIdOf(after.outcome) }, readerFrame)).verification).toBe('verified');
  });

  it('refuses empty, too long, tab-less and thread-less sends before anything is encrypted', async () => {
    await openThread();
    const why = (text: string, sender: object = composeFrame, threadId = T) => alice.why('send', { threadId, text, confirmKeyChange: false }, sender);
    expect(await why('hello', popup)).toBe('no-tab');
    expect(await why('  \n\t\u200b ')).toBe('message-empty');
    expect(await why('')).toBe('message-empty');
    expect(await why('€'.repeat(Math.floor(MAX_SEND_TEXT_BYTES / 3) + 1))).toBe('message-too-long');
    expect(await why('hello', composeFrame, OTHER_THREAD)).toBe('no-thread');
    expect(await alice.send('send', { threadId: T, text: 'x'.repeat(16385), confirmKeyChange: false }, composeFrame)).toEqual({ ok: false, error: 'malformed' });
    expect(alice.posted).toEqual([]);
    expect(await archive(alice, bobId)).toEqual([]);
    expect(await alice.vault().then((v) => v.read((tx) => tx.getSession(bobId)))).toBeUndefined();
    // The longest allowed text goes out (in at most 8 parts).
    const { parts } = await sendText(alice, 'a'.repeat(MAX_SEND_TEXT_BYTES));
    expect(parts.length).toBeLessThanOrEqual(8);
  });

  it('serializes sends per thread: the second waits until the first is posted', async () => {
    await openThread();
    const releases: (() => void)[] = [];
    alice.answerPosts(() => new Promise<PostOutcome>((resolve) => releases.push(() => resolve({ outcome: 'sent' }))));
    const first = alice.ok('send', { threadId: T, text: 'one', confirmKeyChange: false }, composeFrame);
    const second = alice.ok('send', { threadId: T, text: 'two', confirmKeyChange: false }, composeFrame);
    await waitFor(() => alice.posted.length === 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(alice.posted).toHaveLength(1);
    clock.advance(1000); // the archive orders by time: keep the two apart
    releases[0]!();
    await waitFor(() => alice.posted.length === 2);
    releases[1]!();
    const [a, b] = await Promise.all([first, second]);
    const results = await read(bob, alice.posted.map((p) => p.request.parts));
    expect(results.map((r) => r.messageId)).toEqual([a.messageId, b.messageId]);
    expect((await archive(bob, aliceId)).map((e) => e.text)).toEqual(['one', 'two']);
  });
});

describe('unsent messages (offered back to the compose frame)', () => {
  const unsent = async () => (await alice.ok('unsentMessages', { threadId: T }, composeFrame)).messages;

  it('offers failed sends as not sent, unconfirmed and unreachable ones as maybe sent; never one being posted', async () => {
    await openThread();
    alice.answerPosts(async () => ({ outcome: 'failed', reason: 'wrong-thread', sentParts: 0 }));
    const failed = (await sendText(alice, 'left before it went in')).outcome;
    clock.advance(1000);
    alice.answerPosts(async () => ({ outcome: 'failed', reason: 'unconfirmed', sentParts: 0 }));
    const unconfirmed = (await sendText(alice, 'left after Send')).outcome;
    expect(unconfirmed).toMatchObject({ outcome: 'failed', reason: 'unconfirmed' });
    clock.advance(1000);
    alice.answerPosts(() => Promise.reject(new Error('tab reloaded')));
    const unreachable = (await sendText(alice, 'tab reloaded mid-send')).outcome;
    // The outcome of the last two is unknown: still 'sending' in the archive, not 'failed'.
    expect((await archive(alice, bobId)).map((e) => e.status)).toEqual(['failed', 'sending', 'sending']);
    expect(await unsent()).toEqual([
      { messageId: failed.messageId, text: 'left before it went in', at: expect.any(Number), state: 'not-sent' },
      { messageId: unconfirmed.messageId, text: 'left after Send', at: expect.any(Number), state: 'maybe-sent' },
      { messageId: unreachable.messageId, text: 'tab reloaded mid-send', at: expect.any(Number), state: 'maybe-sent' },
    ]);

    // A message being posted right now is not "unsent".
    let release!: (o: PostOutcome) => void;
    alice.answerPosts(() => new Promise<PostOutcome>((resolve) => (release = resolve)));
    clock.advance(1000);
    const inFlight = alice.ok('send', { threadId: T, text: 'on its way', confirmKeyChange: false }, composeFrame);
    await waitFor(() => alice.posted.length === 4);
    expect((await unsent()).map((m) => m.text)).not.toContain('on its way');
    release({ outcome: 'sent' });
    await inFlight;
    expect((await unsent()).map((m) => m.text)).not.toContain('on its way');

    // A maybe-sent message whose bubble shows up is sent: no longer offered.
    expect(await read(alice, [{ parts: alice.posted[1]!.request.parts, outgoing: true }])).toMatchObject([{ status: 'ok' }]);
    expect((await unsent()).map((m) => m.state)).toEqual(['not-sent', 'maybe-sent']);
    // Nothing for a thread without a contact, and nothing of this to the content script.
    expect(await alice.ok('unsentMessages', { threadId: OTHER_THREAD }, composeFrame)).toEqual({ messages: [] });
    expect(await alice.send('unsentMessages', { threadId: T }, contentScript)).toEqual({ ok: false, error: 'forbidden' });
  });

  it('dismissing: a not-sent message is deleted, a maybe-sent one is kept (as sent) so its bubble still reads', async () => {
    await openThread();
    alice.answerPosts(async () => ({ outcome: 'failed', reason: 'composer-missing', sentParts: 0 }));
    const failed = (await sendText(alice, 'discard me')).outcome;
    clock.advance(1000);
    alice.answerPosts(async () => ({ outcome: 'failed', reason: 'unconfirmed', sentParts: 0 }));
    const { outcome: maybe, parts } = await sendText(alice, 'maybe it went');
    await alice.ok('dismissUnsent', { messageId: failed.messageId }, composeFrame);
    await alice.ok('dismissUnsent', { messageId: maybe.messageId }, composeFrame);
    expect(await unsent()).toEqual([]);
    expect(await archive(alice, bobId)).toMatchObject([{ payloadId: maybe.messageId, status: 'sent', text: 'maybe it went' }]);
    expect(await read(alice, [{ parts, outgoing: true }])).toMatchObject([{ status: 'ok', messageId: maybe.messageId }]);
    expect(await alice.why('dismissUnsent', { messageId: failed.messageId }, composeFrame)).toBe('no-message');
    expect(await alice.send('dismissUnsent', { messageId: maybe.messageId }, contentScript)).toEqual({ ok: false, error: 'forbidden' });
  });

  it('manual paste: which parts are in the chat, from the bubbles the reader saw; all once the message is whole', async () => {
    await openThread();
    alice.answerPosts(async () => ({ outcome: 'failed', reason: 'insertion-rejected', sentParts: 0 }));
    const { outcome, parts } = await sendText(alice, 'long '.repeat(300));
    expect(outcome.outcome).toBe('manual');
    expect(parts.length).toBeGreaterThan(2);
    const progress = async () => (await alice.ok('manualProgress', { messageId: outcome.messageId, parts }, composeFrame)).seen;
    expect(await progress()).toEqual(parts.map(() => false));
    await read(alice, [{ parts: [parts[1]!], outgoing: true }]);
    expect(await progress()).toEqual(parts.map((_, i) => i === 1));
    // A look-alike of a part (another body) is not that part.
    const other = parts[0]!.slice(0, -2) + (parts[0]!.endsWith('AA') ? 'BA' : 'AA');
    expect((await alice.ok('manualProgress', { messageId: outcome.messageId, parts: [other] }, composeFrame)).seen).toEqual([false]);
    await read(alice, parts.map((p) => ({ parts: [p], outgoing: true })));
    expect(await progress()).toEqual(parts.map(() => true));
    expect(await alice.why('manualProgress', { messageId: 'AAAAAAAAAAAAAAAAAAAAAA', parts }, composeFrame)).toBe('no-message');
  });
});

describe('privilege', () => {
  it('refuses send, readMessage and composeState to the content script; readMessage of an unknown id', async () => {
    await openThread();
    const { outcome } = await sendText(alice, 'secret');
    for (const sender of [contentScript, { ...contentScript, url: 'https://evil.example/', frameId: 0 }]) {
      expect(await alice.send('readMessage', { messageId: messageIdOf(outcome) }, sender)).toEqual({ ok: false, error: 'forbidden' });
      expect(await alice.send('send', { threadId: T, text: 'x', confirmKeyChange: false }, sender)).toEqual({ ok: false, error: 'forbidden' });
      expect(await alice.send('composeState', { threadId: T }, sender)).toEqual({ ok: false, error: 'forbidden' });
    }
    expect(await alice.why('readMessage', { messageId: 'AAAAAAAAAAAAAAAAAAAAAA' }, readerFrame)).toBe('no-message');
    expect(await alice.send('readPayloads' as never, { threadId: T, items: [] } as never)).toEqual({ ok: false, error: 'unknown-type' });
    // At most 64 bubbles per request.
    const items = Array.from({ length: 65 }, (_, i) => ({ key: `${i}`, parts: ['x'], outgoing: false }));
    expect(await alice.content('readPayloads', { threadId: T, items })).toEqual({ ok: false, error: 'malformed' });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}
