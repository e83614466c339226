/**
 * Typed, decrypting access to the vault's records inside one IndexedDB transaction. Created only by
 * Vault.read / Vault.transact (vault.ts), which commit or abort the transaction as a whole.
 *
 * IndexedDB commits a transaction as soon as a task ends with no request pending, so a callback
 * must await only these methods (never a fetch, a timer or a message) until it returns.
 *
 * Every record read back is authenticated (record-seal.ts), decoded (value-codec.ts) and
 * shape-checked (records.ts); any failure is a VaultError 'corrupted' naming the store and keys.
 * Nothing is ever skipped or regenerated silently.
 */
import type { IDBPTransaction } from 'idb';
import {
  DeletedMessages,
  isDeletedRecord,
  isRemovedKey,
  isRemovedRecord,
  mergeDeletedIdBytes,
  mergeDeletedIds,
  REMOVED_KEYS,
  removedKey,
  type DeletedRecord,
  type RemovedRecord,
} from './deleted-messages';
import { VaultError } from './errors';
import {
  isIdentityState,
  isSessionState,
  type IdentityState,
  type SessionState,
} from './protocol-types';
import { openRecord, sealRecord } from './record-seal';
import {
  DEFAULT_SETTINGS,
  isArchiveEntry,
  isContactRecord,
  isProfile,
  isVaultSettings,
  type ArchiveEntry,
  type ContactRecord,
  type Profile,
  type VaultSettings,
} from './records';
import { IDENTITY_KEY, PROFILE_KEY, THREAD_HINTS_KEY, type StoreName, type VaultSchema } from './schema';
import { decodeValue, encodeValue } from './value-codec';

export interface VaultReadTx {
  hasIdentity(): Promise<boolean>;
  getIdentity(): Promise<IdentityState | undefined>;
  getContact(id: string): Promise<ContactRecord | undefined>;
  /** Ordered by contact id. Throws 'corrupted' (with every bad key) rather than leave one out. */
  listContacts(): Promise<ContactRecord[]>;
  getSession(contactId: string): Promise<SessionState | undefined>;
  getArchiveEntry(payloadId: string): Promise<ArchiveEntry | undefined>;
  /** Oldest first (by `at`, then payload id). */
  listArchive(contactId: string): Promise<ArchiveEntry[]>;
  /** The ids of this contact's messages deleted from the archive by deleteArchive (deleted-messages.ts). */
  getDeletedMessages(contactId: string): Promise<DeletedMessages>;
  getSettings(): Promise<VaultSettings>;
  getProfile(): Promise<Profile | undefined>;
}

export interface VaultTx extends VaultReadTx {
  /** Refuses ('identity-exists') to replace an identity: a new identity is never written silently. */
  createIdentity(identity: IdentityState): Promise<void>;
  /** Replaces the stored identity state (e.g. after a prekey rotation); 'no-identity' if none. */
  updateIdentity(identity: IdentityState): Promise<void>;
  putContact(contact: ContactRecord): Promise<void>;
  /**
   * Removes the contact, its session and its whole archive. The message ids of its archived and
   * deleted messages are kept in a RemovedRecord with `identities` (the base64url identity hashes
   * it was known by; deleted-messages.ts), so that if the same person is added again, their
   * earlier messages still in the thread read 'deleted' rather than 'tampered' (adoptRemovedIds).
   * Its own deleted record is deleted even if it cannot be read (its ids are then not kept).
   */
  deleteContact(id: string, identities: readonly string[]): Promise<void>;
  /**
   * Moves the ids kept for removed contacts known by `identity` into this contact's deleted ids.
   * A kept record that cannot be read stays where it is and is not adopted: it must not stop the
   * user from adding a contact (its messages then read as before the removal was kept: 'tampered').
   */
  adoptRemovedIds(contactId: string, identity: string): Promise<void>;
  /** The contact must exist ('invalid-record' otherwise). */
  putSession(contactId: string, state: SessionState): Promise<void>;
  deleteSession(contactId: string): Promise<void>;
  /** Inserts or replaces (same payload id) an entry; the contact must exist. */
  putArchiveEntry(entry: ArchiveEntry): Promise<void>;
  /**
   * Deletes the contact's whole archive ("Delete message history") and keeps the deleted entries'
   * message ids (getDeletedMessages), so their bubbles read as deleted, not as altered. Returns
   * how many entries were deleted.
   */
  deleteArchive(contactId: string): Promise<number>;
  /**
   * Deletes one entry (none with that id: nothing happens) and, like deleteArchive, keeps its
   * message id: a message the user discarded as not sent may still have reached the thread.
   */
  deleteArchiveEntry(payloadId: string): Promise<void>;
  putSettings(settings: VaultSettings): Promise<void>;
  /** Written with the identity; 'no-identity' without one. */
  putProfile(profile: Profile): Promise<void>;
}

/** Typed as read-write; Vault.read hands a read-only one behind the VaultReadTx interface. */
export type Tx = IDBPTransaction<VaultSchema, StoreName[], 'readwrite'>;

function isArchiveRow(v: unknown): v is { payloadId: string; contactId: string; sealed: unknown } {
  if (typeof v !== 'object' || v === null) return false;
  const row = v as Record<string, unknown>;
  return typeof row.payloadId === 'string' && typeof row.contactId === 'string';
}

export class VaultTxImpl implements VaultTx {
  /** Set when settings were written, so the vault can refresh its copy after commit. */
  settingsWritten: VaultSettings | undefined;
  /** Set when contacts changed, so the vault rewrites its unsealed thread hints in the same transaction. */
  contactsChanged = false;

  constructor(
    private readonly tx: Tx,
    private readonly key: Uint8Array,
  ) {}

  // --- sealing -----------------------------------------------------------------------------

  private seal(store: StoreName, key: string, value: unknown): Uint8Array {
    let plaintext: Uint8Array;
    try {
      plaintext = encodeValue(value);
    } catch {
      throw new VaultError('invalid-record', { store, keys: [key] });
    }
    return sealRecord(this.key, store, key, plaintext);
  }

  /** Decrypt, decode and check one record; undefined only when `raw` is undefined (absent). */
  private open<T>(store: StoreName, key: string, raw: unknown, guard: (v: unknown) => v is T): T | undefined {
    if (raw === undefined) return undefined;
    const plaintext = openRecord(this.key, store, key, raw);
    const decoded = plaintext ? decodeValue(plaintext) : undefined;
    if (!decoded?.ok || !guard(decoded.value)) throw new VaultError('corrupted', { store, keys: [key] });
    return decoded.value;
  }

  private openArchiveRow(row: unknown, expectedKey: string): ArchiveEntry {
    const entry = isArchiveRow(row) ? this.open('archive', row.payloadId, row.sealed, isArchiveEntry) : undefined;
    // The plain ids next to the sealed entry must agree with the sealed ones, or an entry could be
    // moved into another contact's thread by editing the index field.
    if (!entry || !isArchiveRow(row) || entry.payloadId !== expectedKey || entry.contactId !== row.contactId) {
      throw new VaultError('corrupted', { store: 'archive', keys: [expectedKey] });
    }
    return entry;
  }

  /** Opens every row, or throws 'corrupted' naming every bad one (never leaves one out silently). */
  private openArchiveRows(rows: unknown[]): ArchiveEntry[] {
    const out: ArchiveEntry[] = [];
    const bad: string[] = [];
    for (const row of rows) {
      const key = isArchiveRow(row) ? row.payloadId : '?';
      try {
        out.push(this.openArchiveRow(row, key));
      } catch {
        bad.push(key);
      }
    }
    if (bad.length > 0) throw new VaultError('corrupted', { store: 'archive', keys: bad });
    return out;
  }

  /**
   * One record of a store whose records carry their own key (`idOf`): a record found under another
   * key was moved there, and is corrupted.
   */
  private async getKeyed<T>(store: 'contacts' | 'deleted', key: string, guard: (v: unknown) => v is T, idOf: (v: T) => string): Promise<T | undefined> {
    const record = this.open(store, key, await this.tx.objectStore(store).get(key), guard);
    if (record && idOf(record) !== key) throw new VaultError('corrupted', { store, keys: [key] });
    return record;
  }

  /** Every record of such a store, or 'corrupted' naming every bad one (never leaves one out silently). */
  private async listKeyed<T>(store: 'contacts' | 'deleted', guard: (v: unknown) => v is T, idOf: (v: T) => string, wanted: (key: string) => boolean = () => true): Promise<T[]> {
    const os = this.tx.objectStore(store);
    const [keys, values] = await Promise.all([os.getAllKeys(), os.getAll()]);
    const out: T[] = [];
    const bad: string[] = [];
    keys.forEach((k, i) => {
      if (!wanted(k)) return;
      try {
        const record = this.open(store, k, values[i], guard);
        if (record !== undefined && idOf(record) === k) out.push(record);
        else bad.push(k);
      } catch {
        bad.push(k);
      }
    });
    if (bad.length > 0) throw new VaultError('corrupted', { store, keys: bad });
    return out;
  }

  private async requireContact(contactId: string, store: StoreName): Promise<void> {
    if ((await this.tx.objectStore('contacts').count(contactId)) === 0) {
      throw new VaultError('invalid-record', { store, keys: [contactId] });
    }
  }

  // --- reads -------------------------------------------------------------------------------

  async hasIdentity(): Promise<boolean> {
    return (await this.tx.objectStore('identity').count(IDENTITY_KEY)) > 0;
  }

  async getIdentity(): Promise<IdentityState | undefined> {
    const raw = await this.tx.objectStore('identity').get(IDENTITY_KEY);
    return this.open('identity', IDENTITY_KEY, raw, isIdentityState);
  }

  getContact(id: string): Promise<ContactRecord | undefined> {
    return this.getKeyed('contacts', id, isContactRecord, (c) => c.id);
  }

  listContacts(): Promise<ContactRecord[]> {
    return this.listKeyed('contacts', isContactRecord, (c) => c.id);
  }

  async getSession(contactId: string): Promise<SessionState | undefined> {
    const raw = await this.tx.objectStore('sessions').get(contactId);
    return this.open('sessions', contactId, raw, isSessionState);
  }

  async getArchiveEntry(payloadId: string): Promise<ArchiveEntry | undefined> {
    const row = await this.tx.objectStore('archive').get(payloadId);
    return row === undefined ? undefined : this.openArchiveRow(row, payloadId);
  }

  async listArchive(contactId: string): Promise<ArchiveEntry[]> {
    const rows: unknown[] = await this.tx.objectStore('archive').index('byContact').getAll(contactId);
    return this.openArchiveRows(rows).sort((a, b) => a.at - b.at || (a.payloadId < b.payloadId ? -1 : a.payloadId > b.payloadId ? 1 : 0));
  }

  private getDeletedRecord(contactId: string): Promise<DeletedRecord | undefined> {
    return this.getKeyed('deleted', contactId, isDeletedRecord, (r) => r.contactId);
  }

  async getDeletedMessages(contactId: string): Promise<DeletedMessages> {
    const record = await this.getDeletedRecord(contactId);
    return record ? new DeletedMessages(record.ids) : DeletedMessages.none;
  }

  async getSettings(): Promise<VaultSettings> {
    const raw = await this.tx.objectStore('meta').get('settings');
    // Settings written by an older version lack newer fields: fill them from the defaults.
    const withDefaults = (v: unknown): v is VaultSettings =>
      typeof v === 'object' && v !== null && !Array.isArray(v) && isVaultSettings({ ...DEFAULT_SETTINGS, ...v });
    const stored = this.open('meta', 'settings', raw, withDefaults);
    if (stored === undefined) throw new VaultError('corrupted', { store: 'meta', keys: ['settings'] });
    return { ...DEFAULT_SETTINGS, ...stored };
  }

  async getProfile(): Promise<Profile | undefined> {
    const raw = await this.tx.objectStore('identity').get(PROFILE_KEY);
    return this.open('identity', PROFILE_KEY, raw, isProfile);
  }

  // --- writes ------------------------------------------------------------------------------

  async createIdentity(identity: IdentityState): Promise<void> {
    if (!isIdentityState(identity)) throw new VaultError('invalid-record', { store: 'identity' });
    if (await this.hasIdentity()) throw new VaultError('identity-exists');
    await this.tx.objectStore('identity').put(this.seal('identity', IDENTITY_KEY, identity), IDENTITY_KEY);
  }

  async updateIdentity(identity: IdentityState): Promise<void> {
    if (!isIdentityState(identity)) throw new VaultError('invalid-record', { store: 'identity' });
    if (!(await this.hasIdentity())) throw new VaultError('no-identity');
    await this.tx.objectStore('identity').put(this.seal('identity', IDENTITY_KEY, identity), IDENTITY_KEY);
  }

  async putProfile(profile: Profile): Promise<void> {
    if (!isProfile(profile)) throw new VaultError('invalid-record', { store: 'identity', keys: [PROFILE_KEY] });
    if (!(await this.hasIdentity())) throw new VaultError('no-identity');
    await this.tx.objectStore('identity').put(this.seal('identity', PROFILE_KEY, profile), PROFILE_KEY);
  }

  async putContact(contact: ContactRecord): Promise<void> {
    if (!isContactRecord(contact)) throw new VaultError('invalid-record', { store: 'contacts' });
    this.contactsChanged = true;
    await this.tx.objectStore('contacts').put(this.seal('contacts', contact.id, contact), contact.id);
  }

  async deleteContact(id: string, identities: readonly string[]): Promise<void> {
    this.contactsChanged = true;
    const archived = await this.deleteArchiveRows(id);
    let deleted: Uint8Array = new Uint8Array(0);
    try {
      deleted = (await this.getDeletedRecord(id))?.ids ?? deleted;
    } catch {
      // Unreadable: it goes with the contact, as it always did; only its ids are not kept.
    }
    const record: RemovedRecord = { key: removedKey(id), identities: [...new Set(identities)], ids: mergeDeletedIds(deleted, archived) };
    // Nothing to keep, or more than a record holds (a removal must not fail for it): nothing kept.
    if (record.ids.length > 0 && isRemovedRecord(record)) await this.tx.objectStore('deleted').put(this.seal('deleted', record.key, record), record.key);
    await this.tx.objectStore('deleted').delete(id);
    await this.tx.objectStore('sessions').delete(id);
    await this.tx.objectStore('contacts').delete(id);
  }

  async adoptRemovedIds(contactId: string, identity: string): Promise<void> {
    const store = this.tx.objectStore('deleted');
    const range = IDBKeyRange.bound(REMOVED_KEYS.lower, REMOVED_KEYS.upper, false, true);
    const [keys, values] = await Promise.all([store.getAllKeys(range), store.getAll(range)]);
    const adopted: string[] = [];
    let ids = (await this.getDeletedRecord(contactId))?.ids ?? new Uint8Array(0);
    keys.forEach((key, i) => {
      let record: RemovedRecord | undefined;
      try {
        record = this.open('deleted', key, values[i], isRemovedRecord);
      } catch {
        return; // left in place, not adopted (see the interface)
      }
      if (record?.key !== key || !record.identities.includes(identity)) return;
      ids = mergeDeletedIdBytes(ids, record.ids);
      adopted.push(key);
    });
    if (adopted.length === 0) return;
    await this.putDeletedRecord({ contactId, ids });
    await Promise.all(adopted.map((key) => store.delete(key)));
  }

  async putSession(contactId: string, state: SessionState): Promise<void> {
    if (!isSessionState(state)) throw new VaultError('invalid-record', { store: 'sessions', keys: [contactId] });
    await this.requireContact(contactId, 'sessions');
    await this.tx.objectStore('sessions').put(this.seal('sessions', contactId, state), contactId);
  }

  async deleteSession(contactId: string): Promise<void> {
    await this.tx.objectStore('sessions').delete(contactId);
  }

  async putArchiveEntry(entry: ArchiveEntry): Promise<void> {
    if (!isArchiveEntry(entry)) throw new VaultError('invalid-record', { store: 'archive' });
    await this.requireContact(entry.contactId, 'archive');
    const sealed = this.seal('archive', entry.payloadId, entry);
    await this.tx.objectStore('archive').put({ payloadId: entry.payloadId, contactId: entry.contactId, sealed });
  }

  async deleteArchiveEntry(payloadId: string): Promise<void> {
    const store = this.tx.objectStore('archive');
    const row: unknown = await store.get(payloadId);
    if (row === undefined) return;
    // The plain contact id beside the sealed entry says whose deleted ids keep this one (as
    // deleteArchive's index does); a row without one is not ours to interpret.
    if (!isArchiveRow(row) || row.payloadId !== payloadId) throw new VaultError('corrupted', { store: 'archive', keys: [payloadId] });
    await store.delete(payloadId);
    await this.keepDeletedIds(row.contactId, [payloadId]);
  }

  async deleteArchive(contactId: string): Promise<number> {
    const keys = await this.deleteArchiveRows(contactId);
    if (keys.length > 0) await this.keepDeletedIds(contactId, keys);
    return keys.length;
  }

  private async keepDeletedIds(contactId: string, payloadIds: readonly string[]): Promise<void> {
    const ids = mergeDeletedIds((await this.getDeletedRecord(contactId))?.ids ?? new Uint8Array(0), payloadIds);
    if (ids.length > 0) await this.putDeletedRecord({ contactId, ids });
  }

  private async deleteArchiveRows(contactId: string): Promise<string[]> {
    const store = this.tx.objectStore('archive');
    const keys = await store.index('byContact').getAllKeys(contactId);
    await Promise.all(keys.map((k) => store.delete(k)));
    return keys;
  }

  /** Also for Vault.importBackup; the contact must exist. */
  async putDeletedRecord(record: DeletedRecord): Promise<void> {
    if (!isDeletedRecord(record)) throw new VaultError('invalid-record', { store: 'deleted' });
    await this.requireContact(record.contactId, 'deleted');
    await this.tx.objectStore('deleted').put(this.seal('deleted', record.contactId, record), record.contactId);
  }

  // --- for Vault.exportBackup / importBackup only (not part of VaultTx) ----------------------

  /** Every archive entry, whatever contact it names. */
  async allArchive(): Promise<ArchiveEntry[]> {
    return this.openArchiveRows(await this.tx.objectStore('archive').getAll());
  }

  async sessionKeys(): Promise<string[]> {
    return this.tx.objectStore('sessions').getAllKeys();
  }

  /**
   * Every contact's deleted message ids, whatever contact the key names. Not the ids kept for
   * removed contacts (backups leave them out), which are not even opened.
   */
  allDeleted(): Promise<DeletedRecord[]> {
    return this.listKeyed('deleted', isDeletedRecord, (r) => r.contactId, (key) => !isRemovedKey(key));
  }

  async isEmpty(): Promise<boolean> {
    const stores = ['identity', 'contacts', 'sessions', 'archive'] as const;
    const counts = await Promise.all(stores.map((s) => this.tx.objectStore(s).count()));
    return counts.every((n) => n === 0);
  }

  async clearContent(): Promise<void> {
    this.contactsChanged = true;
    await Promise.all((['identity', 'contacts', 'sessions', 'archive', 'deleted'] as const).map((s) => this.tx.objectStore(s).clear()));
  }

  /**
   * Rewrites the unsealed list of thread ids with encryption on (schema.ts THREAD_HINTS_KEY) from
   * the contacts as they now stand in this transaction.
   */
  async writeThreadHints(): Promise<void> {
    const ids = new Set<string>();
    for (const c of await this.listContacts()) for (const t of c.threads) if (t.encrypt) ids.add(t.threadId);
    await this.tx.objectStore('meta').put([...ids].sort(), THREAD_HINTS_KEY);
  }

  async putSettings(settings: VaultSettings): Promise<void> {
    if (!isVaultSettings(settings)) throw new VaultError('invalid-record', { store: 'meta', keys: ['settings'] });
    await this.tx.objectStore('meta').put(this.seal('meta', 'settings', settings), 'settings');
    this.settingsWritten = { ...settings };
  }
}
