/**
 * Every privileged handler through the real router, with the real vault on a fake IndexedDB and
 * WXT's fake browser: first run, invite codes, key changes, verification, lock, backup, refusals.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fromBase64url } from '../../../src/encoding/bytes';
import { privilegedRequestGuards, type PrivilegedProtocol } from '../../../src/messaging/protocol';
import { createCard, decodeCard, encodeCard } from '../../../src/protocol/card';
import { createIdentity } from '../../../src/protocol/identity';
import { encrypt } from '../../../src/protocol/session';
import { Clock, dumpRaw, putRaw, resetBrowser } from '../vault/helpers';
import { contentScript, profile, setUp } from './profile';

const DAY = 24 * 3600 * 1000;

type P = PrivilegedProtocol;

/** A card from a device that is not one of our profiles. */
function strangerCode(clock: Clock, name: string, instagram?: string): string {
  const made = createCard(createIdentity(clock.now()), { name, instagram }, clock.now());
  if (!made.ok) throw new Error('card');
  return encodeCard(made.card);
}

let clock: Clock;
let alice: ReturnType<typeof profile>;
let bob: ReturnType<typeof profile>;

beforeEach(() => {
  resetBrowser();
  clock = new Clock();
  alice = profile(clock, 'alice');
  bob = profile(clock, 'bob');
  return async () => {
    await alice.restart();
    await bob.restart();
  };
});

describe('first run and status', () => {
  it('creates the identity in one step, with a security pattern, and never a second one', async () => {
    expect(await alice.ok('status', {})).toMatchObject({ vault: 'uninitialized', pattern: null, browser: 'chrome' });
    expect(await alice.why('myCard', {})).toBe('no-identity');
    expect(await alice.why('createIdentity', { displayName: '  ', instagram: null, passphrase: null })).toBe('invalid-name');
    expect(await alice.why('createIdentity', { displayName: 'Al\u202eice', instagram: null, passphrase: null })).toBe('invalid-name');
    expect(await alice.why('createIdentity', { displayName: 'Alice', instagram: 'not a user!', passphrase: null })).toBe('invalid-username');
    expect(await alice.ok('status', {})).toMatchObject({ vault: 'uninitialized' });

    await alice.ok('createIdentity', { displayName: ' Alice ', instagram: '@Alice.W', passphrase: null });
    const status = await alice.ok('status', {});
    expect(status.vault).toBe('unlocked');
    expect(status.pattern).toMatchObject({ hues: [expect.any(Number), expect.any(Number)] });
    const card = await alice.ok('myCard', {});
    expect(card).toMatchObject({ displayName: 'Alice', instagram: 'alice.w' });
    expect(card.shareText).toContain(card.code);
    const decoded = decodeCard(card.code);
    expect(decoded.ok && decoded.card.name).toBe('Alice');
    expect(fromBase64url(card.qr)).toEqual(decoded.ok ? decoded.card.bytes : undefined);

    expect(await alice.why('createIdentity', { displayName: 'Other', instagram: null, passphrase: null })).toBe('identity-exists');
    expect((await alice.ok('myCard', {})).code).toBe(card.code);
    // The pattern is the installation's own: the same after a restart, different in another profile.
    await alice.restart();
    expect((await alice.ok('status', {})).pattern).toEqual(status.pattern);
    await setUp(bob, 'Bob', null);
    expect((await bob.ok('status', {})).pattern).not.toEqual(status.pattern);
  });

  it('keeps the same code until the prekey rotates after 7 days', async () => {
    const first = await setUp(alice, 'Alice', null);
    clock.advance(6 * DAY);
    expect((await alice.ok('myCard', {})).code).toBe(first);
    clock.advance(2 * DAY);
    const rotated = (await alice.ok('myCard', {})).code;
    expect(rotated).not.toBe(first);
    const [a, b] = [decodeCard(first), decodeCard(rotated)];
    expect(a.ok && b.ok && a.card.prekey.id !== b.card.prekey.id).toBe(true);
    expect(a.ok && b.ok && a.card.signingKey).toEqual(b.ok ? b.card.signingKey : undefined);
  });
});

describe('invite codes and contacts', () => {
  it('explains what is wrong with a code', async () => {
    const own = await setUp(alice, 'Alice', 'alice');
    const other = strangerCode(clock, 'Bob', 'bob');
    expect(await alice.why('previewCard', { code: own })).toBe('own-card');
    expect(await alice.why('addContact', { code: own, name: 'Me', instagram: null })).toBe('own-card');
    expect(await alice.why('previewCard', { code: other.slice(0, 60) })).toBe('card-truncated');
    const typo = other.slice(0, 40) + (other[40] === 'A' ? 'B' : 'A') + other.slice(41);
    expect(await alice.why('previewCard', { code: typo })).toBe('card-bad-checksum');
    expect(await alice.why('previewCard', { code: 'hello there' })).toBe('card-malformed');
    expect(await alice.why('previewCard', { code: other.replace('SDMKEY1', 'SDMKEY9') })).toMatch(/card-(unsupported-version|malformed)/);
    expect(await alice.ok('previewCard', { code: `  Here is my code:\n${other}\n` })).toEqual({ name: 'Bob', instagram: 'bob', existing: null });
    expect(await alice.why('addContact', { code: other, name: '', instagram: null })).toBe('invalid-name');
    expect(await alice.why('addContact', { code: other, name: 'Bob', instagram: 'b@d' })).toBe('invalid-username');
    expect((await alice.ok('listContacts', {})).contacts).toEqual([]);
  });

  it('gives both people the same 60-digit safety number, and keeps verification', async () => {
    const aliceCode = await setUp(alice, 'Alice', 'alice');
    const bobCode = await setUp(bob, 'Bob', 'bob');
    const { id: bobId } = await alice.ok('addContact', { code: bobCode, name: 'Bobby', instagram: 'bob' });
    const { id: aliceId } = await bob.ok('addContact', { code: aliceCode, name: 'Alice', instagram: 'alice' });
    const [ab, ba] = [await alice.ok('contactDetails', { id: bobId }), await bob.ok('contactDetails', { id: aliceId })];
    expect(ab.safetyNumber).toMatch(/^\d{60}$/);
    expect(ab.safetyNumber).toBe(ba.safetyNumber);
    expect(ab.safetyQr).not.toBe(ba.safetyQr); // each side's QR puts its own fingerprint first
    expect(ab).toMatchObject({ name: 'Bobby', instagram: 'bob', verification: 'unverified', keyChangedAt: null, archivedMessages: 0 });

    await alice.ok('setVerified', { id: bobId, verified: true });
    expect((await alice.ok('listContacts', {})).contacts).toEqual([{ id: bobId, name: 'Bobby', instagram: 'bob', verification: 'verified' }]);
    // The same code again (or a newer one from the same device) keeps the verified mark.
    expect(await alice.ok('previewCard', { code: bobCode })).toMatchObject({ existing: { id: bobId, sameKey: true } });
    await alice.ok('addContact', { code: bobCode, name: 'Bob', instagram: 'bob' });
    expect((await alice.ok('contactDetails', { id: bobId })).verification).toBe('verified');

    await alice.ok('updateContact', { id: bobId, name: 'Robert', instagram: '@Robert' });
    expect(await alice.ok('contactDetails', { id: bobId })).toMatchObject({ name: 'Robert', instagram: 'robert', verification: 'verified' });
    await alice.ok('setVerified', { id: bobId, verified: false });
    expect((await alice.ok('contactDetails', { id: bobId })).verification).toBe('unverified');
    expect(await alice.why('contactDetails', { id: 'nope' })).toBe('no-contact');
    expect(await alice.why('setVerified', { id: 'nope', verified: true })).toBe('no-contact');
  });

  it('warns about a changed key: loses verification, keeps the old card, drops the old session', async () => {
    await setUp(alice, 'Alice', 'alice');
    const bobCode = await setUp(bob, 'Bob', 'bob');
    const { id } = await alice.ok('addContact', { code: bobCode, name: 'Bob', instagram: 'bob' });
    await alice.ok('setVerified', { id, verified: true });
    const before = await alice.ok('contactDetails', { id });
    const vault = await alice.vault();
    await vault.transact(async (tx) => {
      const me = (await tx.getIdentity())!;
      const contact = (await tx.getContact(id))!;
      const sent = encrypt(undefined, me, contact.card, { text: 'hello', sentAt: Math.floor(clock.now() / 1000) }, clock.now());
      if (!sent.ok) throw new Error(`encrypt: ${sent.error}`);
      await tx.putSession(id, sent.state);
    });

    clock.advance(1000);
    const newBob = strangerCode(clock, 'Bob', 'bob'); // bob reinstalled: a new identity
    expect(await alice.ok('previewCard', { code: newBob })).toMatchObject({ existing: { id, name: 'Bob', sameKey: false } });
    expect(await alice.ok('addContact', { code: newBob, name: 'Bob', instagram: 'bob' })).toEqual({ id });
    const after = await alice.ok('contactDetails', { id });
    expect(after.verification).toBe('key-changed');
    expect(after.keyChangedAt).toBe(clock.now());
    expect(after.safetyNumber).not.toBe(before.safetyNumber);
    expect(await vault.read((tx) => tx.getSession(id))).toBeUndefined();
    expect((await vault.read((tx) => tx.getContact(id)))!.previousCards).toHaveLength(1);
    // "Unverify" does not clear the warning; comparing the new number does.
    await alice.ok('setVerified', { id, verified: false });
    expect((await alice.ok('contactDetails', { id })).verification).toBe('key-changed');
    await alice.ok('setVerified', { id, verified: true });
    expect((await alice.ok('contactDetails', { id })).verification).toBe('verified');
  });

  it('removes a contact and deletes an archive', async () => {
    await setUp(alice, 'Alice', 'alice');
    const { id } = await alice.ok('addContact', { code: strangerCode(clock, 'Carol'), name: 'Carol', instagram: null });
    const vault = await alice.vault();
    await vault.transact((tx) => tx.putArchiveEntry({ payloadId: 'p1', contactId: id, direction: 'sent', at: 1, status: 'sent', text: 'x' }));
    expect((await alice.ok('contactDetails', { id })).archivedMessages).toBe(1);
    expect(await alice.ok('deleteArchive', { id })).toEqual({ deleted: 1 });
    expect((await alice.ok('contactDetails', { id })).archivedMessages).toBe(0);
    await alice.ok('removeContact', { id });
    expect((await alice.ok('listContacts', {})).contacts).toEqual([]);
    expect(await alice.why('removeContact', { id })).toBe('no-contact');
  });
});

describe('lock and passphrase', () => {
  it('locks, throttles wrong passphrases, unlocks, changes and removes the passphrase', async () => {
    await setUp(alice, 'Alice', null, 'correct horse');
    expect(await alice.ok('settings', {})).toEqual({ hasPassphrase: true, autoLockMinutes: 15 });
    await alice.ok('lock', {});
    expect(await alice.ok('status', {})).toMatchObject({ vault: 'locked', pattern: null });
    expect(await alice.why('myCard', {})).toBe('locked');
    expect(await alice.why('listContacts', {})).toBe('locked');
    for (let i = 0; i < 3; i++) expect(await alice.why('unlock', { passphrase: 'wrong' })).toBe('wrong-passphrase');
    // After three misses even the right passphrase waits.
    const throttled = await alice.send('unlock', { passphrase: 'correct horse' });
    expect(throttled).toMatchObject({ ok: false, error: 'refused', reason: 'throttled', retryAt: expect.any(Number) });
    clock.advance(60_000);
    await alice.ok('unlock', { passphrase: 'correct horse' });
    expect((await alice.ok('status', {})).vault).toBe('unlocked');

    expect(await alice.why('setPassphrase', { current: 'nope', next: 'battery staple' })).toBe('wrong-passphrase');
    await alice.ok('setPassphrase', { current: 'correct horse', next: 'battery staple' });
    await alice.ok('lock', {});
    expect(await alice.why('unlock', { passphrase: 'correct horse' })).toBe('wrong-passphrase');
    await alice.ok('unlock', { passphrase: 'battery staple' });
    await alice.ok('setPassphrase', { current: 'battery staple', next: null });
    expect(await alice.ok('settings', {})).toMatchObject({ hasPassphrase: false });
    await alice.ok('lock', {});
    expect((await alice.ok('status', {})).vault).toBe('unlocked'); // nothing to lock with
    expect(await alice.why('setPassphrase', { current: null, next: null })).toBe('invalid-passphrase');
    await alice.ok('setPassphrase', { current: null, next: 'again' });
    expect(await alice.ok('settings', {})).toMatchObject({ hasPassphrase: true });
  });

  it('stays unlocked across a worker restart and locks itself after the idle time', async () => {
    await setUp(alice, 'Alice', null, 'pass');
    await alice.ok('setAutoLock', { minutes: 5 });
    expect(await alice.ok('settings', {})).toEqual({ hasPassphrase: true, autoLockMinutes: 5 });
    await alice.restart();
    clock.advance(4 * 60_000);
    expect((await alice.ok('status', {})).vault).toBe('unlocked');
    await alice.ok('listContacts', {}); // user activity restarts the timer
    clock.advance(4 * 60_000);
    expect((await alice.ok('status', {})).vault).toBe('unlocked');
    clock.advance(2 * 60_000);
    expect((await alice.ok('status', {})).vault).toBe('locked');
  });
});

describe('the changed notice (frames re-read what they show)', () => {
  it('is sent after each change a frame may show, once it succeeded, and never after a read or a refusal', async () => {
    const count = () => alice.announced.count;
    await setUp(alice, 'Alice', 'alice', 'pass');
    expect(count()).toBe(1); // createIdentity
    await alice.ok('status', {});
    await alice.ok('myCard', {});
    await alice.ok('listContacts', {});
    expect(count()).toBe(1);
    const { id } = await alice.ok('addContact', { code: strangerCode(clock, 'Carol', 'carol'), name: 'Carol', instagram: 'carol' });
    expect(count()).toBe(2);
    await alice.ok('setVerified', { id, verified: true });
    await alice.ok('updateContact', { id, name: 'Caro', instagram: 'carol' });
    await alice.contentOk('threadState', { threadId: '340282366920938463463374607431768211455', username: 'carol' }); // links the chat
    await alice.ok('setThreadEncryption', { threadId: '340282366920938463463374607431768211455', encrypt: false });
    await alice.ok('deleteArchive', { id });
    expect(count()).toBe(6);
    expect(await alice.why('setVerified', { id: 'no-such-contact', verified: true })).toBe('no-contact');
    expect(count()).toBe(6);
    // Locking is announced by the vault, once; a wrong passphrase changes nothing; unlocking is announced.
    await alice.ok('lock', {});
    expect(count()).toBe(7);
    await alice.ok('lock', {});
    expect(await alice.why('unlock', { passphrase: 'wrong' })).toBe('wrong-passphrase');
    expect(count()).toBe(7);
    await alice.ok('unlock', { passphrase: 'pass' });
    expect(count()).toBe(8);
    await alice.ok('removeContact', { id });
    expect(count()).toBe(9);
  });

  it('the auto-lock alarm is re-armed after every request the user makes, not after those frames make on their own', async () => {
    await setUp(alice, 'Alice', null, 'pass');
    const before = alice.idleChanges.count;
    await alice.ok('status', {});
    await alice.why('readMessage', { messageId: 'A'.repeat(22) });
    expect(alice.idleChanges.count).toBe(before);
    await alice.ok('listContacts', {});
    await alice.ok('setAutoLock', { minutes: 5 });
    await alice.ok('lock', {});
    expect(alice.idleChanges.count).toBe(before + 3);
  });

  it('is sent when the idle time ran out, whatever request found it (here a frame reading a message)', async () => {
    await setUp(alice, 'Alice', null, 'pass');
    await alice.ok('setAutoLock', { minutes: 5 });
    const before = alice.announced.count;
    clock.advance(5 * 60_000);
    expect(await alice.why('readMessage', { messageId: 'A'.repeat(22) })).toBe('locked');
    expect(alice.announced.count).toBe(before + 1);
  });
});

describe('backup', () => {
  it('restores identity, contacts and safety numbers into a fresh profile; refuses bad files and overwrites', async () => {
    const aliceCode = await setUp(alice, 'Alice', 'alice');
    const bobCode = await setUp(bob, 'Bob', 'bob');
    const { id } = await alice.ok('addContact', { code: bobCode, name: 'Bob', instagram: 'bob' });
    await alice.ok('setVerified', { id, verified: true });
    const number = (await alice.ok('contactDetails', { id })).safetyNumber;
    const pattern = (await alice.ok('status', {})).pattern;
    const backup = await alice.ok('exportBackup', { passphrase: 'backup words' });
    expect(backup.fileName).toMatch(/^sealed-dms-backup-\d{4}-\d{2}-\d{2}\.sdmbackup$/);

    const fresh = profile(clock, 'fresh');
    const bytes = fromBase64url(backup.file)!;
    const truncated = backup.file.slice(0, Math.floor(backup.file.length / 8) * 4); // half, still whole base64 groups
    expect(await fresh.why('importBackup', { file: truncated, passphrase: 'backup words', replaceExisting: false })).toBe('backup-truncated');
    expect(await fresh.why('importBackup', { file: backup.file, passphrase: 'wrong words', replaceExisting: false })).toBe('backup-wrong-passphrase');
    expect(await fresh.why('importBackup', { file: 'bm90IGEgYmFja3Vw', passphrase: 'x', replaceExisting: false })).toMatch(/backup-(not-a-backup|truncated)/);
    expect(await fresh.why('importBackup', { file: '!!', passphrase: 'x', replaceExisting: false })).toBe('backup-not-a-backup');
    expect(bytes.length).toBeGreaterThan(100);
    expect((await fresh.ok('status', {})).vault).toBe('uninitialized');

    expect(fresh.announced.count).toBe(0); // refused restores announce nothing
    await fresh.ok('importBackup', { file: backup.file, passphrase: 'backup words', replaceExisting: false });
    expect(fresh.announced.count).toBe(1); // a restore changes what every frame shows
    expect(await fresh.ok('status', {})).toMatchObject({ vault: 'unlocked', pattern });
    expect((await fresh.ok('myCard', {})).code).toBe(aliceCode);
    expect((await fresh.ok('listContacts', {})).contacts).toEqual([{ id, name: 'Bob', instagram: 'bob', verification: 'verified' }]);
    expect((await fresh.ok('contactDetails', { id })).safetyNumber).toBe(number);

    // Bob's profile holds an identity: a restore there needs the explicit confirmation.
    expect(await bob.why('importBackup', { file: backup.file, passphrase: 'backup words', replaceExisting: false })).toBe('would-overwrite');
    expect((await bob.ok('myCard', {})).code).toBe(bobCode);
    await fresh.restart();
  });
});

describe('refusals', () => {
  it('refuses every privileged request from the content script, before any handler runs', async () => {
    await setUp(alice, 'Alice', 'alice');
    const before = await dumpRaw('alice');
    for (const type of Object.keys(privilegedRequestGuards) as (keyof P)[]) {
      const reply = await alice.send(type, {} as never, contentScript);
      expect(reply, type).toEqual({ ok: false, error: 'forbidden' });
    }
    expect(await dumpRaw('alice')).toEqual(before);
  });

  it('reports a corrupted identity and never makes a new one', async () => {
    await setUp(alice, 'Alice', 'alice');
    await alice.restart();
    await putRaw('identity', Uint8Array.of(1, 2, 3), 'self', 'alice');
    expect(await alice.why('myCard', {})).toBe('corrupted');
    expect(await alice.why('createIdentity', { displayName: 'New', instagram: null, passphrase: null })).toBe('identity-exists');
    expect(await alice.why('exportBackup', { passphrase: 'x' })).toBe('corrupted');
  });
});
