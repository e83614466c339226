/**
 * The vault: the background's one holder of the identity, contacts, sessions, message archive and
 * settings, encrypted at rest in the extension origin's IndexedDB. Format and guarantees:
 * src/vault/README.md. Layout: schema.ts. Record encryption: record-seal.ts. Lock: keyslot.ts,
 * throttle.ts. Backup: backup-format.ts, backup-payload.ts.
 *
 * Concurrency: every public method runs in one FIFO queue, so a lock, an unlock or a passphrase
 * change never interleaves with a read or a write (a write sealed under a key that was just replaced
 * would be unreadable). IndexedDB gives atomicity; the queue gives a consistent key.
 *
 * Browser APIs used: IndexedDB (through idb) and, through the injected UnlockedKeyStore,
 * storage.session. The clock and the scrypt cost are injectable for tests.
 */
import { randomBytes } from '@noble/ciphers/utils.js';
import { equalBytes, toBase64url, utf8 } from '../encoding/bytes';
import { readBackupHeader, openBackup, sealBackup } from './backup-format';
import { decodeBackupContent, encodeBackupContent, type BackupContent } from './backup-payload';
import { VaultError } from './errors';
import { isKeySlot, unwrapVaultKey, wrapVaultKey, type KeySlot } from './keyslot';
import { DEFAULT_SCRYPT, type ScryptParams } from './passphrase-kdf';
import { openRecord, sealRecord, VAULT_KEY_LENGTH } from './record-seal';
import { DEFAULT_SETTINGS, type VaultSettings } from './records';
import { openVaultDB, SEALED_META_KEYS, STORES, THREAD_HINTS_KEY, type StoreName, type VaultDB } from './schema';
import { isThrottleState, nextAttemptAt, NO_FAILURES, type ThrottleState } from './throttle';
import type { UnlockedKeyStore } from './unlocked-key-store';
import { encodeValue } from './value-codec';
import { VaultTxImpl, type Tx, type VaultReadTx, type VaultTx } from './vault-tx';

export const FORMAT_VERSION = 1;
const CHECK_PLAINTEXT = utf8.encode('sealed-dms vault key check v1');
const MAX_PASSPHRASE_LENGTH = 4096;

export interface VaultOptions {
  /** Where the unlocked key waits while the worker is stopped (browserSessionKeyStore in the extension). */
  unlockedKeyStore: UnlockedKeyStore;
  /** IndexedDB database name; default "sealed-dms-vault". */
  dbName?: string;
  /** Clock in epoch ms; default Date.now. */
  now?: () => number;
  /** scrypt cost for new key slots and backups; default DEFAULT_SCRYPT (N = 2^17, r = 8, p = 1). */
  scrypt?: ScryptParams;
  /**
   * Called once the vault has gone from unlocked to locked (by `lock`, or by the idle timer on any
   * call or on opening), so the background can tell the pages that show decrypted text.
   */
  onLocked?: () => void;
}

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

export interface VaultStatus {
  state: VaultState;
  hasPassphrase: boolean;
  hasIdentity: boolean;
  /** While wrong passphrases are throttled: epoch ms of the next allowed attempt; otherwise null. */
  retryAt: number | null;
}

export interface ImportOptions {
  /** Must be true to replace a vault that already holds an identity or any contact. */
  replaceExisting?: boolean;
}

interface FormatRecord {
  version: number;
  vaultId: string;
  createdAt: number;
}

function isFormatRecord(v: unknown): v is FormatRecord {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return Number.isSafeInteger(f.version) && (f.version as number) >= 1 && typeof f.vaultId === 'string' && typeof f.createdAt === 'number';
}

function checkPassphrase(passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== 'string' || passphrase.length === 0 || passphrase.length > MAX_PASSPHRASE_LENGTH) {
    throw new VaultError('invalid-passphrase');
  }
}

type ScryptSlot = Extract<KeySlot, { kind: 'scrypt' }>;

export class Vault {
  private key: Uint8Array | undefined;
  private vaultId: string | undefined;
  private hasPassphrase = false;
  private settings: VaultSettings = { ...DEFAULT_SETTINGS };
  private lastActivityAt = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly scrypt: ScryptParams;
  private readonly onLocked: () => void;

  private constructor(
    private readonly db: VaultDB,
    private readonly unlockedKeyStore: UnlockedKeyStore,
    options: VaultOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.scrypt = options.scrypt ?? DEFAULT_SCRYPT;
    this.onLocked = options.onLocked ?? (() => undefined);
  }

  /**
   * Opens (creating if needed) the database and restores the unlocked key from the
   * UnlockedKeyStore when it belongs to this vault and the idle time has not run out.
   * Throws 'corrupted' or 'unsupported-version' when the vault's own metadata is unusable.
   */
  static async open(options: VaultOptions): Promise<Vault> {
    const db = await openVaultDB(options.dbName);
    const vault = new Vault(db, options.unlockedKeyStore, options);
    try {
      await vault.serial(() => vault.load());
    } catch (e) {
      db.close();
      throw e;
    }
    return vault;
  }

  close(): void {
    this.key = undefined;
    this.db.close();
  }

  // --- state -------------------------------------------------------------------------------

  status(): Promise<VaultStatus> {
    return this.serial(async () => {
      if (this.vaultId === undefined) return { state: 'uninitialized', hasPassphrase: false, hasIdentity: false, retryAt: null };
      await this.expireIfIdle();
      let retryAt: number | null = null;
      if (this.hasPassphrase) {
        const next = nextAttemptAt(await this.readThrottle());
        retryAt = next > this.now() ? next : null;
      }
      return {
        state: this.key ? 'unlocked' : 'locked',
        hasPassphrase: this.hasPassphrase,
        hasIdentity: (await this.db.count('identity')) > 0,
        retryAt,
      };
    });
  }

  /** Creates an empty vault (no identity yet), unlocked. With a passphrase, the key is wrapped under it. */
  initialize(options: { passphrase?: string } = {}): Promise<void> {
    return this.serial(async () => {
      if (this.vaultId !== undefined) throw new VaultError('already-initialized');
      if (options.passphrase !== undefined) checkPassphrase(options.passphrase);
      const vaultId = toBase64url(randomBytes(16));
      const key = randomBytes(VAULT_KEY_LENGTH);
      const slot: KeySlot =
        options.passphrase === undefined
          ? { kind: 'plain', key }
          : await wrapVaultKey(key, options.passphrase, this.scrypt, vaultId);
      await this.withTx(['meta'], 'readwrite', async (tx) => {
        const meta = tx.objectStore('meta');
        if ((await meta.count('format')) > 0) throw new VaultError('already-initialized');
        const format: FormatRecord = { version: FORMAT_VERSION, vaultId, createdAt: this.now() };
        await Promise.all([
          meta.put(format, 'format'),
          meta.put(slot, 'keyslot'),
          meta.put({ ...NO_FAILURES }, 'throttle'),
          meta.put(sealRecord(key, 'meta', 'check', CHECK_PLAINTEXT), 'check'),
          meta.put(sealRecord(key, 'meta', 'settings', encodeValue({ ...DEFAULT_SETTINGS })), 'settings'),
        ]);
      });
      this.vaultId = vaultId;
      this.settings = { ...DEFAULT_SETTINGS };
      await this.becomeUnlocked(key, slot.kind === 'scrypt');
    });
  }

  /**
   * Throws 'throttled' (detail.retryAt) before trying when too many attempts failed, and
   * 'wrong-passphrase' (detail.retryAt = next allowed attempt). A no-op when already unlocked or
   * when the vault has no passphrase.
   */
  unlock(passphrase: string): Promise<void> {
    return this.serial(async () => {
      this.requireInitialized();
      checkPassphrase(passphrase);
      await this.expireIfIdle();
      if (this.key) return;
      const slot = await this.readSlot();
      if (slot.kind !== 'scrypt') throw new VaultError('corrupted', { store: 'meta', keys: ['keyslot'] });
      const key = await this.verifyPassphrase(slot, passphrase);
      if (!(await this.keyMatches(key))) throw new VaultError('corrupted', { store: 'meta', keys: ['check'] });
      await this.becomeUnlocked(key, true);
    });
  }

  /** Forgets the key in memory and in storage.session. A no-op without a passphrase (nothing to lock with). */
  lock(): Promise<void> {
    return this.serial(() => this.lockNow());
  }

  /**
   * Records user activity (restarts the idle timer). The caller decides what counts: user actions
   * in extension pages, not events the page can trigger on its own.
   */
  noteActivity(): Promise<void> {
    return this.serial(async () => {
      await this.expireIfIdle();
      if (this.key && this.hasPassphrase) await this.saveActivity(this.now());
    });
  }

  /**
   * When the idle time runs out (epoch ms), or null when nothing will lock: locked, no passphrase,
   * or no auto-lock time. The background arms its alarm for it (src/background/idle-alarm.ts).
   */
  idleDeadline(): Promise<number | null> {
    return this.serial(async () => {
      if (this.vaultId === undefined) return null;
      await this.expireIfIdle();
      return this.lockDeadline();
    });
  }

  /** Locks when the idle time ran out; the background calls this when its alarm fires. */
  checkIdle(): Promise<VaultState> {
    return this.serial(async () => {
      if (this.vaultId === undefined) return 'uninitialized';
      await this.expireIfIdle();
      return this.key ? 'unlocked' : 'locked';
    });
  }

  // --- passphrase --------------------------------------------------------------------------

  /**
   * Adds a passphrase to a vault that has none. The vault key is replaced and every record
   * re-encrypted in the same transaction as the new key slot, so the old key, which sat unprotected
   * on disk, opens nothing written from now on.
   */
  setPassphrase(passphrase: string): Promise<void> {
    return this.serial(async () => {
      const oldKey = await this.requireKey();
      if (this.hasPassphrase) throw new VaultError('has-passphrase');
      checkPassphrase(passphrase);
      await this.replaceKey(oldKey, passphrase);
    });
  }

  /** Checks the current passphrase (throttled like unlock), then re-keys as setPassphrase does. */
  changePassphrase(current: string, next: string): Promise<void> {
    return this.serial(async () => {
      const oldKey = await this.requireKey();
      if (!this.hasPassphrase) throw new VaultError('no-passphrase');
      checkPassphrase(current);
      checkPassphrase(next);
      await this.checkCurrentPassphrase(current, oldKey);
      await this.replaceKey(oldKey, next);
    });
  }

  /** Checks the current passphrase, then stores the vault key unwrapped (one write). */
  removePassphrase(current: string): Promise<void> {
    return this.serial(async () => {
      const key = await this.requireKey();
      if (!this.hasPassphrase) throw new VaultError('no-passphrase');
      checkPassphrase(current);
      await this.checkCurrentPassphrase(current, key);
      const plain: KeySlot = { kind: 'plain', key: Uint8Array.from(key) };
      await this.withTx(['meta'], 'readwrite', async (tx) => {
        await tx.objectStore('meta').put(plain, 'keyslot');
      });
      this.hasPassphrase = false;
      await this.unlockedKeyStore.clear();
    });
  }

  // --- records -----------------------------------------------------------------------------

  /** Runs `fn` in one read-only transaction. Throws 'locked' / 'not-initialized'. */
  read<T>(fn: (tx: VaultReadTx) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      const key = await this.requireKey();
      return this.withVaultTx('readonly', key, fn);
    });
  }

  /**
   * Runs `fn` in one read-write transaction over every store: all its writes commit together or,
   * if it throws (or the browser dies), none do. `fn` must await only `tx` methods.
   */
  transact<T>(fn: (tx: VaultTx) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      const key = await this.requireKey();
      return this.withVaultTx('readwrite', key, fn);
    });
  }

  /**
   * Thread ids with encryption on, readable while locked (they are stored unsealed, see
   * schema.ts THREAD_HINTS_KEY). Anything unexpected reads as no hints.
   */
  threadHints(): Promise<string[]> {
    return this.serial(async () => {
      if (this.vaultId === undefined) return [];
      const raw: unknown = await this.db.get('meta', THREAD_HINTS_KEY);
      return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
    });
  }

  // --- backup ------------------------------------------------------------------------------

  /** The whole vault content (not the lock) as a backup file encrypted under `passphrase`. */
  exportBackup(passphrase: string): Promise<Uint8Array> {
    return this.serial(async () => {
      const key = await this.requireKey();
      checkPassphrase(passphrase);
      const content = await this.withVaultTx('readonly', key, async (tx): Promise<BackupContent> => {
        const contacts = await tx.listContacts();
        const ids = new Set(contacts.map((c) => c.id));
        const archive = await tx.allArchive();
        // A session or message whose contact is gone cannot be restored; say so instead of dropping it.
        const orphanSessions = (await tx.sessionKeys()).filter((k) => !ids.has(k));
        if (orphanSessions.length > 0) throw new VaultError('corrupted', { store: 'sessions', keys: orphanSessions });
        const orphanEntries = archive.filter((a) => !ids.has(a.contactId)).map((a) => a.payloadId);
        if (orphanEntries.length > 0) throw new VaultError('corrupted', { store: 'archive', keys: orphanEntries });
        const deleted = await tx.allDeleted();
        const orphanDeleted = deleted.filter((d) => !ids.has(d.contactId)).map((d) => d.contactId);
        if (orphanDeleted.length > 0) throw new VaultError('corrupted', { store: 'deleted', keys: orphanDeleted });
        const sessions: BackupContent['sessions'] = [];
        for (const c of contacts) {
          const state = await tx.getSession(c.id);
          if (state !== undefined) sessions.push({ contactId: c.id, state });
        }
        const identity = (await tx.getIdentity()) ?? null;
        const profile = (await tx.getProfile()) ?? null;
        return { exportedAt: this.now(), settings: await tx.getSettings(), identity, profile, contacts, sessions, archive, deleted };
      });
      const payload = encodeBackupContent(content);
      try {
        return await sealBackup(payload, passphrase, this.scrypt);
      } finally {
        payload.fill(0);
      }
    });
  }

  /**
   * Replaces the vault content with a backup's, in one transaction: on any error nothing changes.
   * Refuses ('would-overwrite') when the vault holds an identity or any record, unless
   * `replaceExisting` is set. The lock (passphrase, vault key) of this vault stays as it is.
   */
  importBackup(file: Uint8Array, passphrase: string, options: ImportOptions = {}): Promise<void> {
    return this.serial(async () => {
      const key = await this.requireKey();
      checkPassphrase(passphrase);
      readBackupHeader(file); // cheap checks first, before the scrypt cost
      const replace = options.replaceExisting === true;
      if (!replace && !(await this.isEmpty())) throw new VaultError('would-overwrite');
      const payload = await openBackup(file, passphrase);
      let content: BackupContent;
      try {
        content = decodeBackupContent(payload);
      } finally {
        payload.fill(0);
      }
      await this.withVaultTx('readwrite', key, async (tx) => {
        if (!replace && !(await tx.isEmpty())) throw new VaultError('would-overwrite');
        await tx.clearContent();
        if (content.identity !== null) await tx.createIdentity(content.identity);
        if (content.profile !== null) await tx.putProfile(content.profile);
        for (const c of content.contacts) await tx.putContact(c);
        for (const s of content.sessions) await tx.putSession(s.contactId, s.state);
        for (const a of content.archive) await tx.putArchiveEntry(a);
        for (const d of content.deleted) await tx.putDeletedRecord(d);
        await tx.putSettings(content.settings);
      });
    });
  }

  // --- internals ---------------------------------------------------------------------------

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<void> {
    const format = await this.db.get('meta', 'format');
    if (format === undefined) return;
    if (!isFormatRecord(format)) throw new VaultError('corrupted', { store: 'meta', keys: ['format'] });
    if (format.version > FORMAT_VERSION) throw new VaultError('unsupported-version');
    this.vaultId = format.vaultId;
    const slot = await this.readSlot();
    this.hasPassphrase = slot.kind === 'scrypt';
    if (slot.kind === 'plain') {
      if (!(await this.keyMatches(slot.key))) throw new VaultError('corrupted', { store: 'meta', keys: ['check'] });
      this.key = slot.key;
      this.settings = await this.loadSettings(slot.key);
      return;
    }
    const saved = await this.unlockedKeyStore.load();
    if (saved && saved.vaultId === this.vaultId && (await this.keyMatches(saved.key))) {
      this.key = saved.key;
      this.lastActivityAt = saved.lastActivityAt;
      this.settings = await this.loadSettings(saved.key);
      await this.expireIfIdle();
    } else if (saved) {
      await this.unlockedKeyStore.clear();
    }
  }

  private requireInitialized(): void {
    if (this.vaultId === undefined) throw new VaultError('not-initialized');
  }

  private async requireKey(): Promise<Uint8Array> {
    this.requireInitialized();
    await this.expireIfIdle();
    if (!this.key) throw new VaultError('locked');
    return this.key;
  }

  /** When the idle time runs out, or null when nothing will lock (locked, no passphrase, no auto-lock time). */
  private lockDeadline(): number | null {
    const minutes = this.settings.autoLockMinutes;
    return this.key && this.hasPassphrase && minutes !== null ? this.lastActivityAt + minutes * 60_000 : null;
  }

  private async expireIfIdle(): Promise<void> {
    const deadline = this.lockDeadline();
    if (deadline !== null && this.now() >= deadline) await this.lockNow();
  }

  private async lockNow(): Promise<void> {
    if (!this.hasPassphrase) return;
    const wasUnlocked = this.key !== undefined;
    this.key?.fill(0);
    this.key = undefined;
    try {
      await this.unlockedKeyStore.clear();
    } finally {
      // Locked in memory from here on, whatever the store did: the pages are told either way.
      if (wasUnlocked) {
        try {
          this.onLocked();
        } catch {
          // A failed notice changes nothing about the lock.
        }
      }
    }
  }

  private async becomeUnlocked(key: Uint8Array, withPassphrase: boolean): Promise<void> {
    if (this.key && this.key !== key) this.key.fill(0);
    this.key = key;
    this.hasPassphrase = withPassphrase;
    this.settings = await this.loadSettings(key);
    if (withPassphrase) await this.saveActivity(this.now());
    else await this.unlockedKeyStore.clear();
  }

  /**
   * The settings the vault itself needs (the idle timer). Unreadable settings must not make the
   * whole vault unusable: the timer falls back to the default, while every getSettings() call still
   * reports 'corrupted' until the UI writes them again with putSettings().
   */
  private async loadSettings(key: Uint8Array): Promise<VaultSettings> {
    try {
      return await this.withVaultTx('readonly', key, (tx) => tx.getSettings());
    } catch (e) {
      if (e instanceof VaultError && e.code === 'corrupted') return { ...DEFAULT_SETTINGS };
      throw e;
    }
  }

  private async saveActivity(at: number): Promise<void> {
    this.lastActivityAt = at;
    if (this.key && this.vaultId !== undefined) {
      await this.unlockedKeyStore.save({ vaultId: this.vaultId, key: this.key, lastActivityAt: at });
    }
  }

  private async readSlot(): Promise<KeySlot> {
    const slot = await this.db.get('meta', 'keyslot');
    if (!isKeySlot(slot)) throw new VaultError('corrupted', { store: 'meta', keys: ['keyslot'] });
    return slot;
  }

  /** True when `key` opens this vault's check record. */
  private async keyMatches(key: Uint8Array): Promise<boolean> {
    const opened = openRecord(key, 'meta', 'check', await this.db.get('meta', 'check'));
    return opened !== undefined && equalBytes(opened, CHECK_PLAINTEXT);
  }

  /**
   * Only the extension's own UI can reach this path; someone who can edit the profile's IndexedDB
   * can also guess offline, so a missing or malformed counter reads as zero rather than locking the
   * user out.
   */
  private async readThrottle(): Promise<ThrottleState> {
    const state = await this.db.get('meta', 'throttle');
    return isThrottleState(state) ? state : { ...NO_FAILURES };
  }

  private async writeThrottle(state: ThrottleState): Promise<void> {
    await this.withTx(['meta'], 'readwrite', async (tx) => {
      await tx.objectStore('meta').put({ ...state }, 'throttle');
    });
  }

  /** The vault key if `passphrase` opens `slot`; the attempt is counted before the (slow) check. */
  private async verifyPassphrase(slot: ScryptSlot, passphrase: string): Promise<Uint8Array> {
    const now = this.now();
    const state = await this.readThrottle();
    const retryAt = nextAttemptAt(state);
    if (now < retryAt) throw new VaultError('throttled', { retryAt });
    const counted = { failures: state.failures + 1, lastAttemptAt: now };
    await this.writeThrottle(counted);
    const key = await unwrapVaultKey(slot, passphrase, this.vaultId!);
    if (!key) throw new VaultError('wrong-passphrase', { retryAt: nextAttemptAt(counted) });
    await this.writeThrottle(NO_FAILURES);
    return key;
  }

  /**
   * New random vault key wrapped under `passphrase`; every sealed record is re-encrypted and the new
   * slot written in one transaction. The slow scrypt runs before the transaction opens.
   */
  /**
   * Checks (throttled, like unlock) that `current` unwraps exactly the key in use; a slot that
   * unwraps to another key is 'corrupted'. For changing or removing the passphrase.
   */
  private async checkCurrentPassphrase(current: string, key: Uint8Array): Promise<void> {
    const slot = await this.readSlot();
    if (slot.kind !== 'scrypt') throw new VaultError('corrupted', { store: 'meta', keys: ['keyslot'] });
    const unwrapped = await this.verifyPassphrase(slot, current);
    const same = equalBytes(unwrapped, key);
    unwrapped.fill(0);
    if (!same) throw new VaultError('corrupted', { store: 'meta', keys: ['keyslot'] });
  }

  private async replaceKey(oldKey: Uint8Array, passphrase: string): Promise<void> {
    const newKey = randomBytes(VAULT_KEY_LENGTH);
    const slot = await wrapVaultKey(newKey, passphrase, this.scrypt, this.vaultId!);
    await this.withTx([...STORES], 'readwrite', async (tx) => {
      const reseal = (store: StoreName, key: string, raw: unknown): Uint8Array => {
        const plaintext = openRecord(oldKey, store, key, raw);
        if (!plaintext) throw new VaultError('corrupted', { store, keys: [key] });
        return sealRecord(newKey, store, key, plaintext);
      };
      for (const store of ['identity', 'contacts', 'sessions', 'deleted'] as const) {
        const os = tx.objectStore(store);
        const [keys, values] = await Promise.all([os.getAllKeys(), os.getAll()]);
        await Promise.all(keys.map((k, i) => os.put(reseal(store, k, values[i]), k)));
      }
      const meta = tx.objectStore('meta');
      for (const k of SEALED_META_KEYS) await meta.put(reseal('meta', k, await meta.get(k)), k);
      const archive = tx.objectStore('archive');
      const rows: unknown[] = await archive.getAll();
      await Promise.all(
        rows.map((row) => {
          const r = row as { payloadId?: unknown; contactId?: unknown; sealed?: unknown };
          if (typeof r.payloadId !== 'string' || typeof r.contactId !== 'string') {
            throw new VaultError('corrupted', { store: 'archive' });
          }
          return archive.put({ payloadId: r.payloadId, contactId: r.contactId, sealed: reseal('archive', r.payloadId, r.sealed) });
        }),
      );
      await meta.put(slot, 'keyslot');
      await meta.put({ ...NO_FAILURES }, 'throttle');
    });
    await this.becomeUnlocked(newKey, true);
  }

  private async isEmpty(): Promise<boolean> {
    const counts = await Promise.all((['identity', 'contacts', 'sessions', 'archive'] as const).map((s) => this.db.count(s)));
    return counts.every((n) => n === 0);
  }

  /** One IndexedDB transaction: commits when `fn` resolves, aborts (nothing written) when it throws. */
  private async withTx<T>(stores: StoreName[], mode: IDBTransactionMode, fn: (tx: Tx) => Promise<T>): Promise<T> {
    // 'strict': the commit reaches the disk before it is reported, so a power cut cannot roll a
    // ratchet session back to a state whose message keys were already used.
    // Typed read-write either way: a write in a read-only transaction fails at run time (ReadOnlyError).
    const tx = (
      mode === 'readwrite' ? this.db.transaction(stores, mode, { durability: 'strict' }) : this.db.transaction(stores, mode)
    ) as Tx;
    try {
      const result = await fn(tx);
      await tx.done;
      return result;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // Already finished or aborted.
      }
      await tx.done.catch(() => undefined);
      throw e;
    }
  }

  private async withVaultTx<T>(mode: IDBTransactionMode, key: Uint8Array, fn: (tx: VaultTxImpl) => Promise<T>): Promise<T> {
    let written: VaultSettings | undefined;
    const result = await this.withTx([...STORES], mode, async (tx) => {
      const vtx = new VaultTxImpl(tx, key);
      const r = await fn(vtx);
      if (vtx.contactsChanged) await vtx.writeThreadHints();
      written = vtx.settingsWritten;
      return r;
    });
    if (written) this.settings = written;
    return result;
  }
}
