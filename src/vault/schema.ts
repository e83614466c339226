/**
 * IndexedDB layout of the vault (database "sealed-dms-vault", version 2), in the extension's own
 * origin, which neither instagram.com nor our content script can open.
 *
 *   store      key                 value
 *   meta       "format"            { version: 1, vaultId, createdAt }                 plain
 *              "keyslot"           KeySlot (keyslot.ts)                               plain (wrapped key)
 *              "throttle"          ThrottleState (throttle.ts)                        plain
 *              "check"             sealed constant, proves a key is this vault's key  sealed
 *              "settings"          sealed VaultSettings                               sealed
 *              "threadHints"       Instagram thread ids with encryption on            plain
 *   identity   "self"              sealed IdentityState                               sealed
 *              "profile"           sealed Profile (name, @username, pattern seed)     sealed
 *   contacts   contact id          sealed ContactRecord                               sealed
 *   sessions   contact id          sealed SessionState                                sealed
 *   archive    (keyPath payloadId) { payloadId, contactId, sealed ArchiveEntry }      sealed + 2 plain ids
 *              index "byContact" on contactId
 *   deleted    contact id          sealed DeletedRecord (deleted-messages.ts)         sealed
 *              "removed:" + old id sealed RemovedRecord: the same, kept for a removed contact  sealed
 *
 * Version 2 added the "deleted" store (message ids left by "Delete message history").
 *
 * Values are typed `unknown`: whatever is read back is checked before use.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const DB_NAME = 'sealed-dms-vault';
export const DB_VERSION = 2;

export const STORES = ['meta', 'identity', 'contacts', 'sessions', 'archive', 'deleted'] as const;
export type StoreName = (typeof STORES)[number];
/** Meta records that are sealed under the vault key (the others hold no secret). */
export const SEALED_META_KEYS = ['check', 'settings'] as const;
export const IDENTITY_KEY = 'self';
export const PROFILE_KEY = 'profile';
/**
 * Unsealed on purpose: while the vault is locked the content script must still know which threads
 * to keep guarded (fail closed). Instagram already knows these threads carry ciphertext.
 */
export const THREAD_HINTS_KEY = 'threadHints';

export interface ArchiveRow {
  payloadId: string;
  contactId: string;
  sealed: Uint8Array;
}

export interface VaultSchema extends DBSchema {
  meta: { key: string; value: unknown };
  identity: { key: string; value: unknown };
  contacts: { key: string; value: unknown };
  sessions: { key: string; value: unknown };
  archive: { key: string; value: ArchiveRow; indexes: { byContact: string } };
  deleted: { key: string; value: unknown };
}

export type VaultDB = IDBPDatabase<VaultSchema>;

export function openVaultDB(name: string = DB_NAME): Promise<VaultDB> {
  return openDB<VaultSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('meta');
        db.createObjectStore('identity');
        db.createObjectStore('contacts');
        db.createObjectStore('sessions');
        db.createObjectStore('archive', { keyPath: 'payloadId' }).createIndex('byContact', 'contactId');
      }
      if (oldVersion < 2) db.createObjectStore('deleted');
    },
  });
}
