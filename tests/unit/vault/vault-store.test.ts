import { IDBObjectStore } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fromBase64url, utf8 } from '../../../src/encoding/bytes';
import { SESSION_KEY } from '../../../src/vault/browser-session-store';
import { isVaultError } from '../../../src/vault/errors';
import { newContactId } from '../../../src/vault/records';
import { createCard, decodeCardBytes } from '../../../src/protocol/card';
import { createIdentity, readIdentity } from '../../../src/protocol/identity';
import type { Vault } from '../../../src/vault/vault';
import {
  Clock,
  containsBytes,
  dumpRaw,
  openVault,
  putRaw,
  rawBytes,
  resetBrowser,
  sampleCard,
  sampleContact,
  sampleEntry,
  sampleIdentity,
  sampleSession,
  T0,
  codeOf,
} from './helpers';


/** A vault holding one identity, contacts a and b, a session with a, and archive entries for both. */
async function populated(vault: Vault): Promise<void> {
  await vault.transact(async (tx) => {
    await tx.createIdentity(sampleIdentity());
    await tx.putContact(sampleContact('a'));
    await tx.putContact(sampleContact('b'));
    await tx.putSession('a', sampleSession('a'));
    await tx.putSession('b', sampleSession('b'));
    await tx.putArchiveEntry(sampleEntry('pa2', 'a', T0 + 20, 'second message to a'));
    await tx.putArchiveEntry(sampleEntry('pa1', 'a', T0 + 10, 'first message to a'));
    await tx.putArchiveEntry({ ...sampleEntry('pb1', 'b', T0 + 5, 'secret plan for b'), direction: 'received', status: 'received' });
  });
}

let clock: Clock;

beforeEach(() => {
  resetBrowser();
  clock = new Clock();
});

describe('vault lifecycle', () => {
  it('starts uninitialized, refuses record access, then initializes once', async () => {
    const vault = await openVault(clock);
    expect(await vault.status()).toEqual({ state: 'uninitialized', hasPassphrase: false, hasIdentity: false, retryAt: null });
    expect(await codeOf(vault.read((tx) => tx.listContacts()))).toBe('not-initialized');
    expect(await codeOf(vault.unlock('x'))).toBe('not-initialized');
    await vault.initialize();
    expect(await vault.status()).toEqual({ state: 'unlocked', hasPassphrase: false, hasIdentity: false, retryAt: null });
    expect(await codeOf(vault.initialize())).toBe('already-initialized');
    vault.close();
    const other = await openVault(clock);
    expect(await codeOf(other.initialize())).toBe('already-initialized');
    other.close();
  });

  it('keeps nothing in storage.local or storage.session without a passphrase', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await populated(vault);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    vault.close();
  });
});

describe('records', () => {
  it('round-trips every store, across a reopen', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await populated(vault);
    await vault.transact((tx) => tx.putSettings({ autoLockMinutes: 30 }));
    vault.close();

    const again = await openVault(clock);
    await again.read(async (tx) => {
      expect(await tx.hasIdentity()).toBe(true);
      expect(await tx.getIdentity()).toEqual(sampleIdentity());
      expect(await tx.getContact('a')).toEqual(sampleContact('a'));
      expect(await tx.getContact('zz')).toBeUndefined();
      expect((await tx.listContacts()).map((c) => c.id)).toEqual(['a', 'b']);
      expect(await tx.getSession('a')).toEqual(sampleSession('a'));
      expect(await tx.getSession('zz')).toBeUndefined();
      expect((await tx.listArchive('a')).map((e) => e.text)).toEqual(['first message to a', 'second message to a']);
      expect(await tx.getArchiveEntry('pb1')).toMatchObject({ contactId: 'b', direction: 'received', text: 'secret plan for b' });
      expect(await tx.getArchiveEntry('nope')).toBeUndefined();
      expect(await tx.getSettings()).toEqual({ autoLockMinutes: 30 });
    });
    again.close();
  });

  it('updates an archive entry in place (same payload id) and sorts by time', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await populated(vault);
    await vault.transact((tx) => tx.putArchiveEntry({ ...sampleEntry('pa1', 'a', T0 + 10, 'first message to a'), status: 'failed' }));
    const list = await vault.read((tx) => tx.listArchive('a'));
    expect(list.map((e) => [e.payloadId, e.status])).toEqual([
      ['pa1', 'failed'],
      ['pa2', 'sent'],
    ]);
    vault.close();
  });

  it('never replaces an identity silently', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    expect(await codeOf(vault.transact((tx) => tx.updateIdentity(sampleIdentity())))).toBe('no-identity');
    await vault.transact((tx) => tx.createIdentity(sampleIdentity(1)));
    expect(await codeOf(vault.transact((tx) => tx.createIdentity(sampleIdentity(2))))).toBe('identity-exists');
    expect(await vault.read((tx) => tx.getIdentity())).toEqual(sampleIdentity(1));
    await vault.transact((tx) => tx.updateIdentity(sampleIdentity(3)));
    expect(await vault.read((tx) => tx.getIdentity())).toEqual(sampleIdentity(3));
    vault.close();
  });

  it('keeps a profile only next to an identity, and checks its shape', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    const profile = { displayName: 'Ana', instagram: null, patternSeed: Uint8Array.of(1, 2, 3, 4, 5, 6) };
    expect(await codeOf(vault.transact((tx) => tx.putProfile(profile)))).toBe('no-identity');
    await vault.transact((tx) => tx.createIdentity(sampleIdentity(1)));
    expect(await vault.read((tx) => tx.getProfile())).toBeUndefined();
    expect(await codeOf(vault.transact((tx) => tx.putProfile({ ...profile, patternSeed: new Uint8Array(5) })))).toBe('invalid-record');
    await vault.transact((tx) => tx.putProfile(profile));
    expect(await vault.read((tx) => tx.getProfile())).toEqual(profile);
    vault.close();
  });

  it('refuses records of the wrong shape and sessions or messages of unknown contacts', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await vault.transact((tx) => tx.putContact(sampleContact('a')));
    const bad = { ...sampleContact('x'), verification: 'trusted' } as never;
    expect(await codeOf(vault.transact((tx) => tx.putContact(bad)))).toBe('invalid-record');
    expect(await codeOf(vault.transact((tx) => tx.putContact({ ...sampleContact('x'), card: new Date() as never })))).toBe(
      'invalid-record',
    );
    expect(await codeOf(vault.transact((tx) => tx.putSession('zz', sampleSession('zz'))))).toBe('invalid-record');
    expect(await codeOf(vault.transact((tx) => tx.putArchiveEntry(sampleEntry('p', 'zz', T0, 'x'))))).toBe('invalid-record');
    expect(await codeOf(vault.transact((tx) => tx.putSettings({ autoLockMinutes: -1 })))).toBe('invalid-record');
    expect((await vault.read((tx) => tx.listContacts())).map((c) => c.id)).toEqual(['a']);
    vault.close();
  });

  it('deletes a contact with its session and archive, and an archive on its own', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await populated(vault);
    await vault.transact((tx) => tx.deleteContact('a', ['ID-A']));
    await vault.read(async (tx) => {
      expect(await tx.getContact('a')).toBeUndefined();
      expect(await tx.getSession('a')).toBeUndefined();
      expect(await tx.listArchive('a')).toEqual([]);
      expect(await tx.getArchiveEntry('pa1')).toBeUndefined();
      expect(await tx.getSession('b')).toEqual(sampleSession('b'));
      expect(await tx.listArchive('b')).toHaveLength(1);
    });
    expect(await vault.transact((tx) => tx.deleteArchive('b'))).toBe(1);
    expect(await vault.read((tx) => tx.listArchive('b'))).toEqual([]);
    expect(await vault.read((tx) => tx.getContact('b'))).toEqual(sampleContact('b'));
    vault.close();
  });

  it('stores the real identity and card of src/protocol unchanged', async () => {
    const identity = createIdentity(T0);
    const made = createCard(identity, { name: 'Me', instagram: 'me.here' }, T0);
    const noIg = createCard(identity, { name: 'Me' }, T0);
    if (!made.ok || !noIg.ok) throw new Error('createCard failed');
    const vault = await openVault(clock);
    await vault.initialize();
    const id = newContactId();
    await vault.transact(async (tx) => {
      await tx.createIdentity(identity);
      await tx.putContact({ ...sampleContact(id), card: made.card, previousCards: [{ card: noIg.card, replacedAt: T0 }] });
    });
    const back = await vault.read(async (tx) => ({ identity: await tx.getIdentity(), contact: await tx.getContact(id) }));
    expect(back.identity).toEqual(identity);
    expect(readIdentity(back.identity)).toBeDefined();
    expect(back.contact?.card).toEqual(made.card);
    expect(back.contact?.previousCards[0]?.card).toEqual(noIg.card);
    expect(decodeCardBytes(back.contact!.card.bytes)).toEqual({ ok: true, card: made.card });
    vault.close();
  });

  it('makes random contact ids', () => {
    const a = newContactId();
    expect(fromBase64url(a)).toHaveLength(16);
    expect(newContactId()).not.toBe(a);
  });
});

describe('atomic writes', () => {
  it('writes nothing when the callback throws after some writes', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await populated(vault);
    await expect(
      vault.transact(async (tx) => {
        await tx.putSession('a', sampleSession('a', 99));
        await tx.putArchiveEntry(sampleEntry('new', 'a', T0 + 30, 'never stored'));
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await vault.read((tx) => tx.getSession('a'))).toEqual(sampleSession('a'));
    expect(await vault.read((tx) => tx.getArchiveEntry('new'))).toBeUndefined();
    vault.close();
  });

  it('writes nothing when IndexedDB fails in the middle (simulated crash)', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await populated(vault);
    const realPut = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (++calls === 2) throw new DOMException('simulated crash', 'UnknownError');
      return realPut.apply(this, args);
    });
    const result = codeOf(
      vault.transact(async (tx) => {
        await tx.putContact(sampleContact('a', { verification: 'key-changed', name: 'changed' }));
        await tx.putSession('a', sampleSession('a', 0));
      }),
    );
    await expect(result).rejects.toThrow('simulated crash');
    vi.restoreAllMocks();
    expect(await vault.read((tx) => tx.getContact('a'))).toEqual(sampleContact('a'));
    expect(await vault.read((tx) => tx.getSession('a'))).toEqual(sampleSession('a'));
    vault.close();
  });
});

describe('encryption at rest', () => {
  it('shows no plaintext, no secret key bytes and no vault key in raw IndexedDB', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'pass phrase' });
    await populated(vault);
    const unlocked = (await fakeBrowser.storage.session.get(SESSION_KEY))[SESSION_KEY] as { key: string };
    const vaultKey = fromBase64url(unlocked.key)!;
    const hay = rawBytes(await dumpRaw());
    const needles = [
      utf8.encode('secret plan'),
      utf8.encode('first message'),
      utf8.encode('Contact name'),
      utf8.encode('insta_a'),
      utf8.encode('card-of-a'),
      utf8.encode(sampleSession('a').active!.rootKey),
      utf8.encode(sampleSession('a').active!.send!.key),
      utf8.encode(sampleIdentity().signing.secret),
      utf8.encode(sampleIdentity().agreement.secret),
      utf8.encode(sampleIdentity().prekeys[0]!.secret),
      sampleCard('a').signingKey.subarray(0, 8),
      sampleCard('a').bytes.subarray(0, 8),
      vaultKey.subarray(0, 8),
      vaultKey.subarray(24, 32),
    ];
    for (const needle of needles) expect(containsBytes(hay, needle)).toBe(false);
    // The search itself works: the plain ids are there, and so, on purpose, are the ids of the
    // threads with encryption on (schema.ts THREAD_HINTS_KEY: needed while locked).
    expect(containsBytes(hay, utf8.encode('pa1'))).toBe(true);
    expect(containsBytes(hay, utf8.encode('thread-a'))).toBe(true);
    expect(await vault.threadHints()).toEqual(['thread-a', 'thread-b']);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    vault.close();
  });
});

describe('tampering and corruption', () => {
  it('detects records swapped between keys', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await populated(vault);
    const raw = await dumpRaw();
    const value = (store: string, key: string) => raw[store]!.find((r) => r.key === key)!.value;

    await putRaw('sessions', value('sessions', 'a'), 'b');
    expect(await codeOf(vault.read((tx) => tx.getSession('b')))).toBe('corrupted');
    expect(await vault.read((tx) => tx.getSession('a'))).toEqual(sampleSession('a'));

    await putRaw('contacts', value('contacts', 'b'), 'a');
    const err = await vault.read((tx) => tx.listContacts()).catch((e: unknown) => e);
    expect(isVaultError(err, 'corrupted') && err.detail).toEqual({ store: 'contacts', keys: ['a'] });

    // An archive entry moved to another contact's thread by editing the plain index field.
    const row = value('archive', 'pb1') as { payloadId: string; contactId: string; sealed: Uint8Array };
    await putRaw('archive', { ...row, contactId: 'a' });
    expect(await codeOf(vault.read((tx) => tx.listArchive('a')))).toBe('corrupted');
    // An entry's ciphertext put under another payload id.
    await putRaw('archive', { payloadId: 'pa1', contactId: 'a', sealed: (value('archive', 'pa2') as typeof row).sealed });
    expect(await codeOf(vault.read((tx) => tx.getArchiveEntry('pa1')))).toBe('corrupted');
    vault.close();
  });

  it('reports a corrupted record with a typed error and keeps it (no silent drop, no new identity)', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await populated(vault);
    const raw = await dumpRaw();
    const flip = (v: unknown) => {
      const b = Uint8Array.from(v as Uint8Array);
      b[30]! ^= 0x01;
      return b;
    };
    await putRaw('identity', flip(raw.identity![0]!.value), 'self');
    await putRaw('contacts', flip(raw.contacts![1]!.value), 'b');

    const err = await vault.read((tx) => tx.getIdentity()).catch((e: unknown) => e);
    expect(isVaultError(err, 'corrupted') && err.detail).toEqual({ store: 'identity', keys: ['self'] });
    expect(await codeOf(vault.transact((tx) => tx.createIdentity(sampleIdentity(9))))).toBe('identity-exists');
    expect(await vault.status()).toMatchObject({ hasIdentity: true });

    const listErr = await vault.read((tx) => tx.listContacts()).catch((e: unknown) => e);
    expect(isVaultError(listErr, 'corrupted') && listErr.detail).toEqual({ store: 'contacts', keys: ['b'] });
    expect(await vault.read((tx) => tx.getContact('a'))).toEqual(sampleContact('a'));
    // Still on disk, byte for byte: nothing was deleted or rewritten.
    expect((await dumpRaw()).contacts!.map((r) => r.key)).toEqual(['a', 'b']);

    // A record that decrypts but has the wrong shape is corrupted too.
    await putRaw('archive', { payloadId: 'junk', contactId: 'a', sealed: 'not bytes' });
    expect(await codeOf(vault.read((tx) => tx.getArchiveEntry('junk')))).toBe('corrupted');
    vault.close();
  });

  it('still opens with unreadable settings, reports them, and lets them be written again', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'pw' });
    vault.close();
    const settings = (await dumpRaw()).meta!.find((r) => r.key === 'settings')!.value as Uint8Array;
    const bad = Uint8Array.from(settings);
    bad[bad.length - 1]! ^= 1;
    await putRaw('meta', bad, 'settings');
    const again = await openVault(clock);
    expect(await again.status()).toMatchObject({ state: 'unlocked' });
    expect(await codeOf(again.read((tx) => tx.getSettings()))).toBe('corrupted');
    await again.transact((tx) => tx.putSettings({ autoLockMinutes: 3 }));
    expect(await again.read((tx) => tx.getSettings())).toEqual({ autoLockMinutes: 3 });
    again.close();
  });

  it('refuses to open a vault whose metadata is damaged or from a newer version', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    vault.close();
    const raw = await dumpRaw();
    const meta = (k: string) => raw.meta!.find((r) => r.key === k)!.value;

    await putRaw('meta', { kind: 'plain', key: new Uint8Array(32) }, 'keyslot');
    expect(await codeOf(openVault(clock))).toBe('corrupted');
    await putRaw('meta', { kind: 'plain' }, 'keyslot');
    expect(await codeOf(openVault(clock))).toBe('corrupted');
    await putRaw('meta', meta('keyslot'), 'keyslot');

    await putRaw('meta', { ...(meta('format') as object), version: 2 }, 'format');
    expect(await codeOf(openVault(clock))).toBe('unsupported-version');
    await putRaw('meta', 'garbage', 'format');
    expect(await codeOf(openVault(clock))).toBe('corrupted');
    await putRaw('meta', meta('format'), 'format');

    const ok = await openVault(clock);
    expect(await ok.status()).toMatchObject({ state: 'unlocked' });
    ok.close();
  });
});
