/**
 * "Delete message history" (popup → deleteArchive) and what the thread's older bubbles read as
 * afterwards, through the real handlers, router and vault: our own deleted messages and the
 * contact's read 'deleted' (not 'tampered'), while anything that is not exactly a deleted message
 * still reads as before.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { PayloadResult, SendOutcome } from '../../../src/messaging/protocol';
import { Clock, resetBrowser } from '../vault/helpers';
import { composeFrame, profile, readerFrame, setUp, type Profile } from './profile';

const T = '340282366841710300949128171234567';

let clock: Clock;
let alice: Profile;
let bob: Profile;
let bobId: string;
const extra: Profile[] = [];

beforeEach(async () => {
  resetBrowser();
  clock = new Clock();
  alice = profile(clock, 'alice');
  bob = profile(clock, 'bob');
  const aliceCode = await setUp(alice, 'Alice', 'alice.w', 'alice pass');
  const bobCode = await setUp(bob, 'Bob', 'bob');
  bobId = (await alice.ok('addContact', { code: bobCode, name: 'Bobby', instagram: 'bob' })).id;
  await bob.ok('addContact', { code: aliceCode, name: 'Alice', instagram: 'alice.w' });
  expect(await alice.content('threadState', { threadId: T, username: 'bob' })).toEqual({ ok: true, value: { mode: 'on' } });
  expect(await bob.content('threadState', { threadId: T, username: 'alice.w' })).toEqual({ ok: true, value: { mode: 'on' } });
  return async () => {
    for (const p of [alice, bob, ...extra.splice(0)]) await p.restart();
  };
});

async function sendText(from: Profile, text: string): Promise<{ outcome: SendOutcome; parts: string[] }> {
  const outcome = await from.ok('send', { threadId: T, text, confirmKeyChange: false }, composeFrame);
  return { outcome, parts: from.posted.at(-1)!.request.parts };
}

type Bubble = { parts: string[]; outgoing: boolean };
const mine = (m: { parts: string[] }): Bubble => ({ parts: m.parts, outgoing: true });
const theirs = (m: { parts: string[] }): Bubble => ({ parts: m.parts, outgoing: false });

async function statuses(p: Profile, bubbles: Bubble[]): Promise<PayloadResult['status'][]> {
  const items = bubbles.map((b, i) => ({ key: `k${i}`, ...b }));
  const reply = await p.content('readPayloads', { threadId: T, items });
  if (!reply.ok) throw new Error(`readPayloads: ${JSON.stringify(reply)}`);
  return reply.value.results.map((r) => r.status);
}

/** One character of a part changed, far from its header and its last (canonical) digit. */
function alter(part: string, at = 30): string {
  return part.slice(0, at) + (part[at] === 'A' ? 'B' : 'A') + part.slice(at + 1);
}

/** A conversation alice has read both ways, then deletes from her history in the popup. */
async function conversationThenDelete() {
  const mine1 = await sendText(alice, 'my first');
  const theirs1 = await sendText(bob, 'their answer');
  const long = await sendText(alice, 'z'.repeat(1500)); // several parts
  const longBubbles = long.parts.map((p) => mine({ parts: [p] }));
  expect(await statuses(alice, [mine(mine1), theirs(theirs1), ...longBubbles])).toEqual(['ok', 'ok', ...long.parts.map(() => 'ok')]);
  expect(await alice.ok('deleteArchive', { id: bobId })).toEqual({ deleted: 3 });
  return { mine1, theirs1, long, longBubbles };
}

describe('after "Delete message history"', () => {
  it("our own and the contact's deleted messages read 'deleted', not altered; their text is gone", async () => {
    const { mine1, theirs1, long, longBubbles } = await conversationThenDelete();
    expect(await statuses(alice, [mine(mine1), theirs(theirs1), ...longBubbles])).toEqual(['deleted', 'deleted', ...long.parts.map(() => 'deleted')]);
    // Whichever side the page shows them on.
    expect(await statuses(alice, [theirs(mine1), mine(theirs1)])).toEqual(['deleted', 'deleted']);
    expect(await alice.why('readMessage', { messageId: mine1.outcome.messageId }, readerFrame)).toBe('no-message');
    expect(await (await alice.vault()).read((tx) => tx.listArchive(bobId))).toEqual([]);
    // New messages both ways still read normally.
    const next = await sendText(alice, 'after the deletion');
    const answer = await sendText(bob, 'seen');
    expect(await statuses(alice, [mine(next), theirs(answer)])).toEqual(['ok', 'ok']);
  });

  it('an altered copy of a deleted message still reads as altered (single part and multi-part)', async () => {
    const { mine1, theirs1, long } = await conversationThenDelete();
    expect(await statuses(alice, [{ parts: [alter(mine1.parts[0]!)], outgoing: true }])).toEqual(['tampered']);
    // Bob's message, altered: its id no longer matches, and it cannot be decrypted.
    expect(await statuses(alice, [{ parts: [alter(theirs1.parts[0]!)], outgoing: false }])).toEqual(['tampered']);
    // One part of the long message changed, the armor id (a checksum of the whole) kept. Here the
    // genuine parts read before contradict it ('malformed'); in a background that never saw them
    // (a restored copy, with the deleted ids) the whole fails its armor id: 'tampered'.
    const damaged = long.parts.map((p, n) => mine({ parts: [n === 1 ? alter(p, 40) : p] }));
    expect(await statuses(alice, damaged)).toEqual(long.parts.map(() => 'malformed'));
    const backup = await alice.ok('exportBackup', { passphrase: 'backup words' });
    const restored = profile(clock, 'alice-restored');
    extra.push(restored);
    await restored.ok('importBackup', { file: backup.file, passphrase: 'backup words', replaceExisting: false });
    await restored.content('threadState', { threadId: T, username: 'bob' });
    expect(await statuses(restored, damaged)).toEqual(long.parts.map(() => 'tampered'));
    expect(await statuses(restored, long.parts.map((p) => mine({ parts: [p] })))).toEqual(long.parts.map(() => 'deleted'));
  });

  it('our own message that was never in the archive still reads as altered', async () => {
    // A copy of alice's profile (a restored backup) sends with her identity and session: that
    // message is hers, but it never was in this browser's archive, before or after the deletion.
    const backup = await alice.ok('exportBackup', { passphrase: 'backup words' });
    const twin = profile(clock, 'alice-twin');
    extra.push(twin);
    await twin.ok('importBackup', { file: backup.file, passphrase: 'backup words', replaceExisting: false });
    await twin.content('threadState', { threadId: T, username: 'bob' });
    const forked = await sendText(twin, 'sent from the other copy');
    expect(await statuses(alice, [mine(forked)])).toEqual(['tampered']);
    await conversationThenDelete();
    expect(await statuses(alice, [mine(forked)])).toEqual(['tampered']);
  });

  it("the contact's deleted message does not read as replayed or missing keys (its keys are gone)", async () => {
    const { theirs1 } = await conversationThenDelete();
    const [status] = await statuses(alice, [theirs(theirs1)]);
    expect(status).toBe('deleted');
    expect((await alice.ok('contactDetails', { id: bobId })).archivedMessages).toBe(0);
  });

  it('is remembered across a worker restart, lock and unlock, and a passphrase change', async () => {
    const { mine1, theirs1 } = await conversationThenDelete();
    await alice.restart();
    expect(await statuses(alice, [mine(mine1), theirs(theirs1)])).toEqual(['deleted', 'deleted']);
    await alice.ok('lock', {});
    expect(await statuses(alice, [mine(mine1), theirs(theirs1)])).toEqual(['locked', 'locked']);
    await alice.ok('unlock', { passphrase: 'alice pass' });
    expect(await statuses(alice, [mine(mine1), theirs(theirs1)])).toEqual(['deleted', 'deleted']);
    // A new passphrase re-encrypts every record under a new vault key.
    await alice.ok('setPassphrase', { current: 'alice pass', next: 'new pass' });
    await alice.restart();
    expect(await statuses(alice, [mine(mine1), theirs(theirs1)])).toEqual(['deleted', 'deleted']);
  });

  it('goes into a backup: the restored profile reads them as deleted too', async () => {
    const { mine1, theirs1 } = await conversationThenDelete();
    const backup = await alice.ok('exportBackup', { passphrase: 'backup words' });
    const restored = profile(clock, 'alice-restored');
    extra.push(restored);
    await restored.ok('importBackup', { file: backup.file, passphrase: 'backup words', replaceExisting: false });
    await restored.content('threadState', { threadId: T, username: 'bob' });
    expect(await statuses(restored, [mine(mine1), theirs(theirs1)])).toEqual(['deleted', 'deleted']);
  });

  it('a second deletion keeps the first one’s ids; removing the contact removes them', async () => {
    const { mine1 } = await conversationThenDelete();
    const later = await sendText(alice, 'later');
    expect(await statuses(alice, [mine(later)])).toEqual(['ok']);
    expect(await alice.ok('deleteArchive', { id: bobId })).toEqual({ deleted: 1 });
    expect(await statuses(alice, [mine(mine1), mine(later)])).toEqual(['deleted', 'deleted']);
    expect(await alice.ok('deleteArchive', { id: bobId })).toEqual({ deleted: 0 });
    expect(await statuses(alice, [mine(mine1), mine(later)])).toEqual(['deleted', 'deleted']);
    await alice.ok('removeContact', { id: bobId });
    expect(await (await alice.vault()).read((tx) => tx.getDeletedMessages(bobId))).toMatchObject({ size: 0 });
  });
});

describe('a contact removed and added again', () => {
  it("the earlier messages still in the thread read 'deleted' (never altered), an altered copy still 'tampered', new ones 'ok'", async () => {
    const mine1 = await sendText(alice, 'before the removal');
    const theirs1 = await sendText(bob, 'their answer');
    expect(await statuses(alice, [mine(mine1), theirs(theirs1)])).toEqual(['ok', 'ok']);
    await alice.ok('removeContact', { id: bobId });
    bobId = (await alice.ok('addContact', { code: (await bob.ok('myCard', {})).code, name: 'Bob', instagram: 'bob' })).id;
    await alice.content('threadState', { threadId: T, username: 'bob' });
    // Both went with the contact's history, as after "Delete message history". Before, ours read
    // 'tampered' (not in the archive, where everything we send is kept) and theirs was decrypted again.
    expect(await statuses(alice, [mine(mine1), theirs(theirs1)])).toEqual(['deleted', 'deleted']);
    expect(await statuses(alice, [{ parts: [alter(mine1.parts[0]!)], outgoing: true }])).toEqual(['tampered']);
    expect(await alice.why('readMessage', { messageId: mine1.outcome.messageId }, readerFrame)).toBe('no-message');
    // Alice starts a new session with him: her new message reads normally.
    const next = await sendText(alice, 'after adding him again');
    expect(await statuses(alice, [mine(next)])).toEqual(['ok']);
  });

  it('the same, when he comes back through a key change (another card for his username was added meanwhile)', async () => {
    const mine1 = await sendText(alice, 'before the removal');
    expect(await statuses(alice, [mine(mine1)])).toEqual(['ok']);
    await alice.ok('removeContact', { id: bobId });
    const other = profile(clock, 'bob-elsewhere');
    extra.push(other);
    const otherId = (await alice.ok('addContact', { code: await setUp(other, 'Bob', 'bob'), name: 'Bob', instagram: 'bob' })).id;
    // His first card again: the contact with his username gets it back as a key change.
    expect((await alice.ok('addContact', { code: (await bob.ok('myCard', {})).code, name: 'Bob', instagram: 'bob' })).id).toBe(otherId);
    await alice.content('threadState', { threadId: T, username: 'bob' });
    expect(await statuses(alice, [mine(mine1)])).toEqual(['deleted']);
  });
});
