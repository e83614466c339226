/**
 * The message ids "Delete message history" leaves behind (src/vault/deleted-messages.ts): only
 * ids, sealed at rest, kept across reopening and re-keying; kept when the contact is removed and
 * taken back when it is added again; and a database of the previous version gains the store on upgrade.
 */
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { concatBytes, fromBase64url, utf8 } from '../../../src/encoding/bytes';
import { messageId } from '../../../src/protocol/message-id';
import { DeletedMessages, isDeletedRecord, mergeDeletedIds } from '../../../src/vault/deleted-messages';
import type { Vault } from '../../../src/vault/vault';
import { Clock, codeOf, containsBytes, dumpRaw, openVault, putRaw, rawBytes, resetBrowser, sampleContact, sampleEntry, sampleIdentity, T0 } from './helpers';

const id = (n: number): string => messageId(Uint8Array.of(n));

describe('deleted message ids', () => {
  it('merges sorted without duplicates, leaves out what is not a message id, and finds exactly those ids', () => {
    const first = mergeDeletedIds(new Uint8Array(0), [id(3), id(1), 'pa1', id(3)]);
    expect(first).toHaveLength(32);
    const both = mergeDeletedIds(first, [id(2), id(1)]);
    expect(both).toHaveLength(48);
    expect(isDeletedRecord({ contactId: 'a', ids: both })).toBe(true);
    const set = new DeletedMessages(both);
    expect([1, 2, 3, 4].map((n) => set.has(id(n)))).toEqual([true, true, true, false]);
    // An id one bit away, a prefix, and junk are not in it.
    const near = fromBase64url(id(1))!;
    near[15]! ^= 1;
    expect(set.has(messageId(near))).toBe(false);
    expect(set.has(id(1).slice(0, 21))).toBe(false);
    expect(set.has('')).toBe(false);
    expect(DeletedMessages.none.has(id(1))).toBe(false);
  });

  it('refuses a record whose ids are not whole, sorted and unique', () => {
    const two = mergeDeletedIds(new Uint8Array(0), [id(1), id(2)]);
    expect(isDeletedRecord({ contactId: 'a', ids: two.subarray(0, 20) })).toBe(false);
    expect(isDeletedRecord({ contactId: 'a', ids: concatBytes(two.subarray(16), two.subarray(0, 16)) })).toBe(false);
    expect(isDeletedRecord({ contactId: 'a', ids: concatBytes(two.subarray(0, 16), two.subarray(0, 16)) })).toBe(false);
    expect(isDeletedRecord({ contactId: 'a', ids: two, extra: 1 })).toBe(false);
  });
});

describe('in the vault', () => {
  let clock: Clock;
  beforeEach(() => {
    resetBrowser();
    clock = new Clock();
  });

  async function withHistory(vault: Vault): Promise<void> {
    await vault.transact(async (tx) => {
      await tx.createIdentity(sampleIdentity());
      await tx.putContact(sampleContact('a'));
      await tx.putContact(sampleContact('b'));
      await tx.putArchiveEntry(sampleEntry(id(1), 'a', T0, 'secret one for a'));
      await tx.putArchiveEntry({ ...sampleEntry(id(2), 'a', T0 + 1, 'secret two from a'), direction: 'received', status: 'received' });
      await tx.putArchiveEntry(sampleEntry(id(3), 'b', T0 + 2, 'secret for b'));
    });
  }

  it('deleteArchive keeps the ids of that contact only, sealed; nothing of the text stays', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await withHistory(vault);
    expect(await vault.transact((tx) => tx.deleteArchive('a'))).toBe(2);
    await vault.read(async (tx) => {
      const a = await tx.getDeletedMessages('a');
      expect([a.size, a.has(id(1)), a.has(id(2)), a.has(id(3))]).toEqual([2, true, true, false]);
      expect((await tx.getDeletedMessages('b')).size).toBe(0);
    });
    vault.close();
    const dump = await dumpRaw();
    expect(dump.deleted!.map((r) => r.key)).toEqual(['a']);
    const raw = rawBytes(dump);
    for (const text of ['secret one', 'secret two']) expect(containsBytes(raw, utf8.encode(text))).toBe(false);
    // The ids themselves are sealed too (only the archive row of b still shows its own id).
    expect(containsBytes(raw, fromBase64url(id(1))!)).toBe(false);
    expect(containsBytes(raw, utf8.encode(id(1)))).toBe(false);
  });

  it('survives reopening and a new vault key; goes with the contact; damage reads as corrupted', async () => {
    let vault = await openVault(clock);
    await vault.initialize();
    await withHistory(vault);
    await vault.transact((tx) => tx.deleteArchive('a'));
    await vault.setPassphrase('new pass');
    vault.close();
    vault = await openVault(clock);
    await vault.lock();
    await vault.unlock('new pass');
    expect(await vault.read(async (tx) => (await tx.getDeletedMessages('a')).has(id(2)))).toBe(true);
    // A discarded single entry is remembered too (a message reported as not sent may have arrived).
    await vault.transact((tx) => tx.deleteArchiveEntry(id(3)));
    expect(await vault.read(async (tx) => (await tx.getDeletedMessages('b')).has(id(3)))).toBe(true);
    await vault.transact((tx) => tx.deleteContact('a', ['ID-A']));
    expect(await vault.read(async (tx) => (await tx.getDeletedMessages('a')).size)).toBe(0);
    vault.close();
    // Its ids stay, kept for a removed contact (the next tests).
    expect((await dumpRaw()).deleted!.map((r) => r.key)).toEqual(['b', 'removed:a']);
    // Another contact's record copied over this one fails its seal.
    await putRaw('deleted', (await dumpRaw()).deleted![0]!.value, 'a');
    vault = await openVault(clock);
    await vault.transact((tx) => tx.putContact(sampleContact('a')));
    expect(await codeOf(vault.read((tx) => tx.getDeletedMessages('a')))).toBe('corrupted');
    vault.close();
  });

  it('removing a contact keeps the ids of its archived and deleted messages, sealed, under its old id (no identity on disk); the same identity added again takes them; backups leave them out', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await withHistory(vault); // a: ids 1 and 2 archived; b: id 3
    await vault.transact((tx) => tx.deleteArchiveEntry(id(1)));
    await vault.transact((tx) => tx.deleteContact('a', ['ID-A', 'ID-A-BEFORE']));
    await vault.read(async (tx) => {
      expect(await tx.getContact('a')).toBeUndefined();
      expect(await tx.getArchiveEntry(id(2))).toBeUndefined();
    });
    const raw = rawBytes(await dumpRaw());
    for (const identity of ['ID-A', 'ID-A-BEFORE']) expect(containsBytes(raw, utf8.encode(identity))).toBe(false);
    const backup = await vault.exportBackup('backup words');
    // Kept across a new vault key.
    await vault.setPassphrase('new pass');
    // Another person added: nothing of a's.
    await vault.transact(async (tx) => {
      await tx.putContact(sampleContact('c'));
      await tx.adoptRemovedIds('c', 'ID-C');
    });
    expect(await vault.read(async (tx) => (await tx.getDeletedMessages('c')).size)).toBe(0);
    // The same person added again (a new contact id), by an identity it had before: both of its messages read as deleted.
    await vault.transact(async (tx) => {
      await tx.putContact(sampleContact('a2'));
      await tx.adoptRemovedIds('a2', 'ID-A-BEFORE');
    });
    await vault.read(async (tx) => {
      const again = await tx.getDeletedMessages('a2');
      expect([again.size, again.has(id(1)), again.has(id(2)), again.has(id(3))]).toEqual([2, true, true, false]);
    });
    vault.close();
    expect((await dumpRaw()).deleted!.map((r) => r.key)).toEqual(['a2']);
    // The backup made while the ids were kept restores without them.
    resetBrowser();
    const restored = await openVault(clock);
    await restored.initialize();
    await restored.importBackup(backup, 'backup words');
    expect((await restored.read((tx) => tx.listContacts())).map((c) => c.id)).toEqual(['b']);
    restored.close();
    expect((await dumpRaw()).deleted ?? []).toEqual([]);
  });

  it('two removals of the same person are both taken back; a damaged kept record neither blocks adding nor backups, and is left in place', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await withHistory(vault); // a: ids 1 and 2; b: id 3
    await vault.transact((tx) => tx.deleteContact('a', ['ID-A']));
    await vault.transact((tx) => tx.deleteContact('b', ['ID-A']));
    vault.close();
    // A third kept record, damaged: another record's bytes under its key.
    await putRaw('deleted', (await dumpRaw()).deleted![0]!.value, 'removed:z');
    const reopened = await openVault(clock);
    expect(await reopened.exportBackup('backup words')).toBeInstanceOf(Uint8Array);
    await reopened.transact(async (tx) => {
      await tx.putContact(sampleContact('a3'));
      await tx.adoptRemovedIds('a3', 'ID-A');
    });
    expect(await reopened.read(async (tx) => (await tx.getDeletedMessages('a3')).size)).toBe(3);
    reopened.close();
    expect((await dumpRaw()).deleted!.map((r) => r.key)).toEqual(['a3', 'removed:z']);
  });

  it('a contact whose deleted record is damaged can still be removed (its ids are then not kept)', async () => {
    let vault = await openVault(clock);
    await vault.initialize();
    await withHistory(vault);
    await vault.transact((tx) => tx.deleteArchive('b'));
    vault.close();
    await putRaw('deleted', (await dumpRaw()).deleted![0]!.value, 'a'); // b's record under a's key
    vault = await openVault(clock);
    expect(await codeOf(vault.read((tx) => tx.getDeletedMessages('a')))).toBe('corrupted');
    await vault.transact((tx) => tx.deleteContact('a', ['ID-A']));
    expect(await vault.read(async (tx) => (await tx.getContact('a')) ?? null)).toBeNull();
    vault.close();
    // The archived ids of a (1 and 2) are kept; the damaged record is gone.
    expect((await dumpRaw()).deleted!.map((r) => r.key)).toEqual(['b', 'removed:a']);
  });

  it('a contact id with a colon is refused (it could name the ids kept for a removed contact)', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    expect(await codeOf(vault.transact((tx) => tx.putContact({ ...sampleContact('x'), id: 'removed:ID-A' })))).toBe('invalid-record');
    vault.close();
  });

  it('a database of version 1 (before deleted ids) gains the store when opened', async () => {
    const old = await openDB('sealed-dms-vault', 1, {
      upgrade(db) {
        for (const s of ['meta', 'identity', 'contacts', 'sessions']) db.createObjectStore(s);
        db.createObjectStore('archive', { keyPath: 'payloadId' }).createIndex('byContact', 'contactId');
      },
    });
    old.close();
    const vault = await openVault(clock);
    await vault.initialize();
    await withHistory(vault);
    expect(await vault.transact((tx) => tx.deleteArchive('a'))).toBe(2);
    expect(await vault.read(async (tx) => (await tx.getDeletedMessages('a')).size)).toBe(2);
    vault.close();
  });
});
