import { IDBObjectStore } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fromBase64url } from '../../../src/encoding/bytes';
import { browserSessionKeyStore, restrictSessionStorage, SESSION_KEY, type SessionArea } from '../../../src/vault/browser-session-store';
import { isVaultError } from '../../../src/vault/errors';
import { openRecord } from '../../../src/vault/record-seal';
import { FAST_SCRYPT } from './helpers';
import {
  codeOf,
  Clock,
  dumpRaw,
  openVault,
  resetBrowser,
  sampleContact,
  sampleEntry,
  sampleIdentity,
  sampleSession,
  T0,
} from './helpers';
import type { Vault } from '../../../src/vault/vault';


async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

async function fill(vault: Vault): Promise<void> {
  await vault.transact(async (tx) => {
    await tx.createIdentity(sampleIdentity());
    await tx.putContact(sampleContact('a'));
    await tx.putSession('a', sampleSession('a'));
    await tx.putArchiveEntry(sampleEntry('p1', 'a', T0, 'hello a'));
  });
}

async function sessionKey(): Promise<unknown> {
  return (await fakeBrowser.storage.session.get(SESSION_KEY))[SESSION_KEY];
}

const MIN = 60_000;
let clock: Clock;

beforeEach(() => {
  resetBrowser();
  clock = new Clock();
});

describe('passphrase lock', () => {
  it('locks, refuses access while locked, and unlocks with the right passphrase only', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'open sesame' });
    await fill(vault);
    expect(await vault.status()).toMatchObject({ state: 'unlocked', hasPassphrase: true });
    await vault.lock();
    expect(await vault.status()).toMatchObject({ state: 'locked', hasPassphrase: true, hasIdentity: true });
    expect(await sessionKey()).toBeUndefined();
    expect(await codeOf(vault.read((tx) => tx.listContacts()))).toBe('locked');
    expect(await codeOf(vault.transact((tx) => tx.putContact(sampleContact('b'))))).toBe('locked');
    expect(await codeOf(vault.exportBackup('x'))).toBe('locked');
    expect(await codeOf(vault.unlock('open sesamE'))).toBe('wrong-passphrase');
    expect(await codeOf(vault.unlock(''))).toBe('invalid-passphrase');
    await vault.unlock('open sesame');
    expect(await vault.read((tx) => tx.getContact('a'))).toEqual(sampleContact('a'));
    vault.close();
  });

  it('throttles wrong passphrases with a persisted, exponential delay', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'open sesame' });
    await vault.lock();
    for (let i = 0; i < 3; i++) expect(await codeOf(vault.unlock('wrong'))).toBe('wrong-passphrase');
    // Fourth attempt at the same instant: refused before checking, even with the right passphrase.
    const err = await errorOf(vault.unlock('open sesame'));
    expect(isVaultError(err, 'throttled') && err.detail.retryAt).toBe(T0 + 1000);
    expect(await vault.status()).toMatchObject({ state: 'locked', retryAt: T0 + 1000 });

    clock.advance(1000);
    const wrong = await errorOf(vault.unlock('wrong'));
    expect(isVaultError(wrong, 'wrong-passphrase') && wrong.detail.retryAt).toBe(T0 + 1000 + 2000);
    clock.advance(1999);
    expect(await codeOf(vault.unlock('open sesame'))).toBe('throttled');

    // A restarted worker does not reset the counter.
    vault.close();
    const restarted = await openVault(clock);
    expect(await codeOf(restarted.unlock('open sesame'))).toBe('throttled');
    clock.advance(1);
    await restarted.unlock('open sesame');
    expect(await restarted.status()).toMatchObject({ state: 'unlocked', retryAt: null });

    // Success clears the count: three free attempts again.
    await restarted.lock();
    for (let i = 0; i < 3; i++) expect(await codeOf(restarted.unlock('wrong'))).toBe('wrong-passphrase');
    expect(await codeOf(restarted.unlock('wrong'))).toBe('throttled');
    restarted.close();
  });

  it('counts an attempt before checking it, so an interrupted attempt is not free', async () => {
    // A slower slot (N = 2^16) so the derivation is still running when we look at the disk,
    // even on a loaded machine (2^14 finished first once under a full parallel run).
    const vault = await openVault(clock, { scrypt: { log2N: 16, r: 8, p: 1 } });
    await vault.initialize({ passphrase: 'open sesame' });
    await vault.lock();
    for (let i = 0; i < 3; i++) expect(await codeOf(vault.unlock('wrong'))).toBe('wrong-passphrase');
    clock.advance(1000);
    let settled = false;
    const pending = vault.unlock('open sesame').finally(() => {
      settled = true;
    });
    // If the worker died now, the attempt would already be on disk.
    await vi.waitFor(
      async () => {
        const t = (await dumpRaw()).meta!.find((r) => r.key === 'throttle');
        expect(t?.value).toEqual({ failures: 4, lastAttemptAt: T0 + 1000 });
      },
      { interval: 2, timeout: 5000 },
    );
    expect(settled).toBe(false);
    await pending;
    expect((await dumpRaw()).meta!.find((r) => r.key === 'throttle')?.value).toEqual({ failures: 0, lastAttemptAt: 0 });
    vault.close();
  });

  it('auto-locks after the idle time, counting only noted activity', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'open sesame' });
    await vault.transact((tx) => tx.putSettings({ autoLockMinutes: 5 }));
    clock.advance(4 * MIN);
    expect(await vault.checkIdle()).toBe('unlocked');
    await vault.noteActivity();
    clock.advance(4 * MIN);
    expect(await vault.read((tx) => tx.getSettings())).toEqual({ autoLockMinutes: 5 });
    expect(await vault.checkIdle()).toBe('unlocked');
    clock.advance(1 * MIN); // 5 minutes since the last noted activity; reads did not count
    expect(await vault.checkIdle()).toBe('locked');
    expect(await sessionKey()).toBeUndefined();
    expect(await codeOf(vault.read((tx) => tx.getSettings()))).toBe('locked');
    // Noting activity does not revive a locked vault.
    await vault.noteActivity();
    expect(await vault.status()).toMatchObject({ state: 'locked' });
    vault.close();
  });

  it('locks on the next request when the idle time ran out, and never with autoLockMinutes null', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'open sesame' });
    clock.advance(15 * MIN); // default setting: 15 minutes
    expect(await codeOf(vault.read((tx) => tx.listContacts()))).toBe('locked');
    await vault.unlock('open sesame');
    await vault.transact((tx) => tx.putSettings({ autoLockMinutes: null }));
    clock.advance(1000 * 24 * 60 * MIN);
    expect(await vault.read((tx) => tx.listContacts())).toEqual([]);
    vault.close();
  });
});

describe('onLocked (the background tells the frames to hide what they show)', () => {
  it('is called once per change from unlocked to locked: by lock, by the idle timer on any call, and on opening after the idle time ran out', async () => {
    let locks = 0;
    const onLocked = () => locks++;
    const vault = await openVault(clock, { onLocked });
    await vault.initialize({ passphrase: 'open sesame' });
    await vault.lock();
    expect(locks).toBe(1);
    await vault.lock(); // already locked: nothing changed
    expect(locks).toBe(1);
    await vault.unlock('open sesame');
    await vault.transact((tx) => tx.putSettings({ autoLockMinutes: 5 }));
    clock.advance(5 * MIN);
    expect(await codeOf(vault.read((tx) => tx.listContacts()))).toBe('locked');
    expect(locks).toBe(2);
    expect(await vault.checkIdle()).toBe('locked');
    expect(locks).toBe(2);
    await vault.unlock('open sesame');
    vault.close(); // the worker stops with the vault unlocked; its idle time runs out meanwhile
    clock.advance(5 * MIN);
    const restarted = await openVault(clock, { onLocked });
    expect(locks).toBe(3);
    expect(await restarted.status()).toMatchObject({ state: 'locked' });
    restarted.close();
  });

  it('is never called for a vault without a passphrase (lock does nothing there)', async () => {
    let locks = 0;
    const vault = await openVault(clock, { onLocked: () => locks++ });
    await vault.initialize();
    await vault.lock();
    clock.advance(1000 * MIN);
    expect(await vault.checkIdle()).toBe('unlocked');
    expect(locks).toBe(0);
    vault.close();
  });
});

describe('worker restart', () => {
  it('restores the unlocked key from storage.session, and not after lock', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'open sesame' });
    await fill(vault);
    const stored = (await sessionKey()) as { vaultId: string; key: string };
    expect(fromBase64url(stored.key)).toHaveLength(32);
    vault.close(); // the worker is stopped; memory is gone, storage.session is not

    const restarted = await openVault(clock);
    expect(await restarted.status()).toMatchObject({ state: 'unlocked' });
    expect(await restarted.read((tx) => tx.getSession('a'))).toEqual(sampleSession('a'));
    await restarted.lock();
    expect(await sessionKey()).toBeUndefined();
    restarted.close();

    const afterLock = await openVault(clock);
    expect(await afterLock.status()).toMatchObject({ state: 'locked' });
    afterLock.close();
  });

  it('keeps the idle timer across a restart', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'open sesame' });
    await vault.transact((tx) => tx.putSettings({ autoLockMinutes: 5 }));
    clock.advance(3 * MIN);
    vault.close();
    const early = await openVault(clock);
    expect(await early.status()).toMatchObject({ state: 'unlocked' });
    early.close();
    clock.advance(2 * MIN);
    const late = await openVault(clock);
    expect(await late.status()).toMatchObject({ state: 'locked' });
    expect(await sessionKey()).toBeUndefined();
    late.close();
  });

  it('is locked after the browser restarts (storage.session emptied) and ignores a foreign key', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'open sesame' });
    const stored = (await sessionKey()) as Record<string, unknown>;
    vault.close();
    await fakeBrowser.storage.session.clear();
    const restarted = await openVault(clock);
    expect(await restarted.status()).toMatchObject({ state: 'locked' });
    restarted.close();

    await fakeBrowser.storage.session.set({ [SESSION_KEY]: { ...stored, key: 'A'.repeat(43) } });
    const wrongKey = await openVault(clock);
    expect(await wrongKey.status()).toMatchObject({ state: 'locked' });
    expect(await sessionKey()).toBeUndefined();
    wrongKey.close();
  });

  it('asks for TRUSTED_CONTEXTS access on storage.session where the browser supports it', async () => {
    const setAccessLevel = vi.fn(async () => undefined);
    const area = { ...fakeBrowser.storage.session, setAccessLevel } as unknown as SessionArea;
    expect(await restrictSessionStorage(area)).toBe(true);
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    const noSupport = { get: area.get, set: area.set, remove: area.remove };
    expect(await restrictSessionStorage(noSupport)).toBe(false);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const failing = { ...noSupport, setAccessLevel: vi.fn(async () => Promise.reject(new Error('nope'))) };
    expect(await restrictSessionStorage(failing)).toBe(false);
    expect(warn).toHaveBeenCalledOnce();
    // The adapter round-trips through the area.
    const store = browserSessionKeyStore(area);
    await store.save({ vaultId: 'v', key: new Uint8Array(32).fill(3), lastActivityAt: 5 });
    expect(await store.load()).toEqual({ vaultId: 'v', key: new Uint8Array(32).fill(3), lastActivityAt: 5 });
    await store.clear();
    expect(await store.load()).toBeUndefined();
  });
});

describe('changing the passphrase', () => {
  it('adds a passphrase to an unprotected vault and retires the old on-disk key', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    await fill(vault);
    const oldSlot = (await dumpRaw()).meta!.find((r) => r.key === 'keyslot')!.value as { key: Uint8Array };
    expect(await codeOf(vault.changePassphrase('a', 'b'))).toBe('no-passphrase');
    await vault.setPassphrase('new secret');
    expect(await codeOf(vault.setPassphrase('again'))).toBe('has-passphrase');
    // Every sealed record was re-encrypted: the old key, which sat unwrapped on disk, opens nothing.
    const raw = await dumpRaw();
    const c = raw.contacts!.find((r) => r.key === 'a')!.value;
    expect(openRecord(oldSlot.key, 'contacts', 'a', c)).toBeUndefined();
    const row = raw.archive![0]!.value as { sealed: Uint8Array };
    expect(openRecord(oldSlot.key, 'archive', 'p1', row.sealed)).toBeUndefined();
    expect(raw.meta!.find((r) => r.key === 'keyslot')!.value).toMatchObject({ kind: 'scrypt' });
    expect(await vault.read((tx) => tx.listArchive('a'))).toEqual([sampleEntry('p1', 'a', T0, 'hello a')]);
    vault.close();

    await fakeBrowser.storage.session.clear();
    const restarted = await openVault(clock);
    expect(await restarted.status()).toMatchObject({ state: 'locked', hasPassphrase: true });
    await restarted.unlock('new secret');
    expect(await restarted.read((tx) => tx.getIdentity())).toEqual(sampleIdentity());
    restarted.close();
  });

  it('changes the passphrase: the old one stops working, a wrong current one changes nothing', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'first' });
    await fill(vault);
    expect(await codeOf(vault.changePassphrase('wrong', 'second'))).toBe('wrong-passphrase');
    await vault.changePassphrase('first', 'second');
    expect(await vault.read((tx) => tx.getSession('a'))).toEqual(sampleSession('a'));
    await vault.lock();
    expect(await codeOf(vault.unlock('first'))).toBe('wrong-passphrase');
    await vault.unlock('second');
    expect(await vault.read((tx) => tx.getContact('a'))).toEqual(sampleContact('a'));
    vault.close();
  });

  it('is atomic: a crash in the middle of re-encryption leaves the old passphrase and data intact', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'first' });
    await fill(vault);
    const before = await dumpRaw();
    const realPut = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      // Let the throttle bookkeeping through; fail on the third re-encrypted record.
      if ((this.name !== 'meta' || args[1] === 'keyslot') && ++calls === 3) {
        throw new DOMException('simulated crash', 'UnknownError');
      }
      return realPut.apply(this, args);
    });
    await expect(vault.changePassphrase('first', 'second')).rejects.toThrow('simulated crash');
    vi.restoreAllMocks();
    const after = await dumpRaw();
    expect(after.contacts).toEqual(before.contacts);
    expect(after.archive).toEqual(before.archive);
    expect(after.meta!.find((r) => r.key === 'keyslot')).toEqual(before.meta!.find((r) => r.key === 'keyslot'));
    vault.close();

    await fakeBrowser.storage.session.clear();
    const restarted = await openVault(clock);
    expect(await codeOf(restarted.unlock('second'))).toBe('wrong-passphrase');
    await restarted.unlock('first');
    expect(await restarted.read((tx) => tx.getSession('a'))).toEqual(sampleSession('a'));
    restarted.close();
  });

  it('removes the passphrase: the vault opens unlocked and lock does nothing', async () => {
    const vault = await openVault(clock);
    await vault.initialize({ passphrase: 'first' });
    await fill(vault);
    expect(await codeOf(vault.removePassphrase('nope'))).toBe('wrong-passphrase');
    await vault.removePassphrase('first');
    expect(await sessionKey()).toBeUndefined();
    await vault.lock();
    expect(await vault.status()).toMatchObject({ state: 'unlocked', hasPassphrase: false });
    expect(await codeOf(vault.removePassphrase('first'))).toBe('no-passphrase');
    vault.close();
    const restarted = await openVault(clock);
    expect(await restarted.read((tx) => tx.getContact('a'))).toEqual(sampleContact('a'));
    restarted.close();
  });

  it('uses the documented production scrypt cost by default', async () => {
    const vault = await openVault(clock, { scrypt: undefined });
    await vault.initialize({ passphrase: 'production cost' });
    const slot = (await dumpRaw()).meta!.find((r) => r.key === 'keyslot')!.value;
    expect(slot).toMatchObject({ kind: 'scrypt', log2N: 17, r: 8, p: 1 });
    vault.close();
  });

  it('unlocks a slot at the cost stored in it, whatever the current default', async () => {
    const vault = await openVault(clock, { scrypt: { log2N: 6, r: 4, p: 2 } });
    await vault.initialize({ passphrase: 'pw' });
    await vault.lock();
    vault.close();
    const other = await openVault(clock, { scrypt: FAST_SCRYPT });
    await other.unlock('pw');
    expect(await other.status()).toMatchObject({ state: 'unlocked' });
    other.close();
  });
});
