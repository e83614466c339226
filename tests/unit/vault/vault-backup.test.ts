import { IDBObjectStore } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { utf8 } from '../../../src/encoding/bytes';
import { isVaultError, type VaultErrorCode } from '../../../src/vault/errors';
import type { Vault } from '../../../src/vault/vault';
import {
  Clock,
  containsBytes,
  dumpRaw,
  openVault,
  putRaw,
  resetBrowser,
  sampleCard,
  sampleContact,
  sampleEntry,
  sampleIdentity,
  sampleSession,
  T0,
  codeOf,
} from './helpers';


interface Snapshot {
  identity: unknown;
  profile: unknown;
  contacts: unknown;
  sessions: unknown;
  archive: unknown;
  settings: unknown;
}

async function snapshot(vault: Vault): Promise<Snapshot> {
  return vault.read(async (tx) => {
    const contacts = await tx.listContacts();
    return {
      identity: await tx.getIdentity(),
      profile: await tx.getProfile(),
      contacts,
      sessions: await Promise.all(contacts.map((c) => tx.getSession(c.id))),
      archive: await Promise.all(contacts.map((c) => tx.listArchive(c.id))),
      settings: await tx.getSettings(),
    };
  });
}

let clock: Clock;
let source: Vault;

beforeEach(async () => {
  resetBrowser();
  clock = new Clock();
  source = await openVault(clock, { dbName: 'source' });
  await source.initialize({ passphrase: 'source lock' });
  await source.transact(async (tx) => {
    await tx.createIdentity(sampleIdentity(1));
    await tx.putProfile({ displayName: 'Source', instagram: 'source.user', patternSeed: Uint8Array.of(9, 8, 7, 6, 5, 4) });
    await tx.putContact(sampleContact('a', { verification: 'verified' }));
    await tx.putContact(sampleContact('b', { previousCards: [{ card: sampleCard('o'), replacedAt: T0 }], verification: 'key-changed' }));
    await tx.putSession('a', sampleSession('a'));
    await tx.putArchiveEntry(sampleEntry('p1', 'a', T0, 'archived secret words'));
    await tx.putArchiveEntry({ ...sampleEntry('p2', 'b', T0 + 1, 'reply from b'), direction: 'received', status: 'received' });
    await tx.putSettings({ autoLockMinutes: 42 });
  });
  return () => source.close();
});

async function freshTarget(name = 'target'): Promise<Vault> {
  const target = await openVault(clock, { dbName: name });
  await target.initialize();
  return target;
}

describe('backup', () => {
  it('exports and imports into a fresh vault: same identity, contacts, sessions, archive, settings', async () => {
    const file = await source.exportBackup('backup words');
    expect(containsBytes(file, utf8.encode('archived secret'))).toBe(false);
    expect(containsBytes(file, utf8.encode(sampleIdentity(1).signing.secret))).toBe(false);
    const target = await freshTarget();
    await target.importBackup(file, 'backup words');
    const restored = await snapshot(target);
    expect(restored).toEqual(await snapshot(source));
    expect(restored.profile).toMatchObject({ displayName: 'Source', instagram: 'source.user' });
    expect(await target.status()).toMatchObject({ state: 'unlocked', hasPassphrase: false, hasIdentity: true });
    target.close();
  });

  it('refuses to replace existing data without confirmation, replaces with it', async () => {
    const file = await source.exportBackup('backup words');
    const target = await freshTarget();
    await target.transact(async (tx) => {
      await tx.createIdentity(sampleIdentity(7));
      await tx.putContact(sampleContact('z'));
    });
    const before = await snapshot(target);
    expect(await codeOf(target.importBackup(file, 'backup words'))).toBe('would-overwrite');
    expect(await snapshot(target)).toEqual(before);
    // A vault with contacts but no identity holds data too.
    const other = await freshTarget('other');
    await other.transact((tx) => tx.putContact(sampleContact('z')));
    expect(await codeOf(other.importBackup(file, 'backup words'))).toBe('would-overwrite');
    other.close();

    await target.importBackup(file, 'backup words', { replaceExisting: true });
    const after = await snapshot(target);
    expect(after).toEqual(await snapshot(source));
    expect(await target.read((tx) => tx.getContact('z'))).toBeUndefined();
    target.close();
  });

  it('changes nothing on a wrong passphrase, a truncated or a bit-flipped file', async () => {
    const file = await source.exportBackup('backup words');
    const target = await freshTarget();
    await target.transact(async (tx) => {
      await tx.createIdentity(sampleIdentity(7));
      await tx.putContact(sampleContact('z'));
    });
    const before = await dumpRaw('target');
    const flipped = Uint8Array.from(file);
    flipped[200]! ^= 0x10;
    const cases: [Uint8Array, string, VaultErrorCode][] = [
      [file, 'wrong words', 'backup-wrong-passphrase'],
      [file.subarray(0, file.length - 10), 'backup words', 'backup-truncated'],
      [file.subarray(0, 50), 'backup words', 'backup-truncated'],
      [flipped, 'backup words', 'backup-damaged'],
      [utf8.encode('not a backup at all'), 'backup words', 'backup-not-a-backup'],
    ];
    for (const [bytes, pass, code] of cases) {
      expect(await codeOf(target.importBackup(bytes, pass, { replaceExisting: true }))).toBe(code);
    }
    expect(await dumpRaw('target')).toEqual(before);
    target.close();
  });

  it('changes nothing when IndexedDB fails in the middle of the import', async () => {
    const file = await source.exportBackup('backup words');
    const target = await freshTarget();
    await target.transact(async (tx) => {
      await tx.createIdentity(sampleIdentity(7));
      await tx.putContact(sampleContact('z'));
    });
    const before = await dumpRaw('target');
    const realPut = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (++calls === 4) throw new DOMException('simulated crash', 'UnknownError');
      return realPut.apply(this, args);
    });
    await expect(target.importBackup(file, 'backup words', { replaceExisting: true })).rejects.toThrow('simulated crash');
    vi.restoreAllMocks();
    expect(await dumpRaw('target')).toEqual(before);
    expect(await target.read((tx) => tx.getIdentity())).toEqual(sampleIdentity(7));
    target.close();
  });

  it('refuses to export a partial backup when a record is corrupted', async () => {
    const raw = await dumpRaw('source');
    const bad = Uint8Array.from(raw.sessions![0]!.value as Uint8Array);
    bad[40]! ^= 1;
    await putRaw('sessions', bad, 'a', 'source');
    const err = await source.exportBackup('backup words').catch((e: unknown) => e);
    expect(isVaultError(err, 'corrupted') && err.detail).toEqual({ store: 'sessions', keys: ['a'] });
  });

  it('refuses to export when a session or message has lost its contact', async () => {
    const raw = await dumpRaw('source');
    const session = raw.sessions!.find((r) => r.key === 'a')!.value;
    await putRaw('sessions', session, 'ghost', 'source');
    const err = await source.exportBackup('backup words').catch((e: unknown) => e);
    expect(isVaultError(err, 'corrupted') && err.detail).toEqual({ store: 'sessions', keys: ['ghost'] });
    await source.transact((tx) => tx.deleteSession('ghost'));
    await source.transact((tx) => tx.putContact(sampleContact('c')));
    await source.transact((tx) => tx.putArchiveEntry(sampleEntry('pc', 'c', T0, 'to c')));
    // Remove the contact behind the vault's back: its message is now an orphan.
    const db = await openDB('source');
    await db.delete('contacts', 'c');
    db.close();
    const err2 = await source.exportBackup('backup words').catch((e: unknown) => e);
    expect(isVaultError(err2, 'corrupted') && err2.detail).toEqual({ store: 'archive', keys: ['pc'] });
  });

  it('restores into a passphrase-locked vault, which stays locked by its own passphrase', async () => {
    const file = await source.exportBackup('backup words');
    const target = await openVault(clock, { dbName: 'target' });
    await target.initialize({ passphrase: 'target lock' });
    await target.importBackup(file, 'backup words');
    await target.lock();
    expect(await codeOf(target.unlock('source lock'))).toBe('wrong-passphrase');
    await target.unlock('target lock');
    expect(await snapshot(target)).toEqual(await snapshot(source));
    target.close();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('needs an unlocked vault and a non-empty backup passphrase', async () => {
    expect(await codeOf(source.exportBackup(''))).toBe('invalid-passphrase');
    const file = await source.exportBackup('backup words');
    await source.lock();
    expect(await codeOf(source.exportBackup('backup words'))).toBe('locked');
    expect(await codeOf(source.importBackup(file, 'backup words'))).toBe('locked');
    const uninitialized = await openVault(clock, { dbName: 'empty' });
    expect(await codeOf(uninitialized.importBackup(file, 'backup words'))).toBe('not-initialized');
    uninitialized.close();
  });
});
