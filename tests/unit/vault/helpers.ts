/** Shared fixtures for the vault tests: a fresh fake IndexedDB, a clock, sample records, raw dumps. */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { concatBytes, toBase64url, utf8 } from '../../../src/encoding/bytes';
import { browserSessionKeyStore } from '../../../src/vault/browser-session-store';
import type { ScryptParams } from '../../../src/vault/passphrase-kdf';
import type { ContactCard, IdentityState, SessionState } from '../../../src/vault/protocol-types';
import type { ArchiveEntry, ContactRecord } from '../../../src/vault/records';
import { STORES } from '../../../src/vault/schema';
import { isVaultError, type VaultErrorCode } from '../../../src/vault/errors';
import { Vault, type VaultOptions } from '../../../src/vault/vault';

/** Cheap scrypt for tests (N = 16); production cost is tested separately. */
export const FAST_SCRYPT: ScryptParams = { log2N: 4, r: 8, p: 1 };

export const T0 = 1_700_000_000_000;

export class Clock {
  t = T0;
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A brand-new, empty IndexedDB (call in beforeEach, with fakeBrowser.reset()). */
export function freshIndexedDB(): void {
  globalThis.indexedDB = new IDBFactory();
}

export function openVault(clock: Clock, options: Partial<VaultOptions> = {}): Promise<Vault> {
  return Vault.open({ unlockedKeyStore: browserSessionKeyStore(), now: clock.now, scrypt: FAST_SCRYPT, ...options });
}

const bytes = (len: number, fill: number): Uint8Array => new Uint8Array(len).fill(fill & 0xff);
const b64 = (len: number, fill: number): string => toBase64url(bytes(len, fill));

/** A structurally valid identity state (src/protocol/identity.ts); its secrets are what tests look for on disk. */
export function sampleIdentity(seed = 1): IdentityState {
  return {
    v: 1,
    deviceId: b64(16, seed),
    signing: { secret: b64(32, 0x10 + seed), public: b64(32, 0x20 + seed) },
    agreement: { secret: b64(32, 0x30 + seed), public: b64(32, 0x40 + seed) },
    prekeys: [{ id: 7, secret: b64(32, 0x50 + seed), public: b64(32, 0x60 + seed), signature: b64(64, 1), created: T0, retiredAt: null }],
    created: T0,
  };
}

/** A structurally valid decoded card (src/protocol/card.ts). */
export function sampleCard(tag: string): ContactCard {
  const c = tag.charCodeAt(0);
  return {
    version: 1,
    signingKey: bytes(32, c),
    agreementKey: bytes(32, c + 1),
    deviceId: bytes(16, c + 2),
    created: 1_700_000_000,
    prekey: { id: 9, publicKey: bytes(32, c + 3), signature: bytes(64, c + 4) },
    name: `card-of-${tag}`,
    instagram: `insta_${tag}`,
    signature: bytes(64, c + 5),
    bytes: bytes(280, c + 6),
  };
}

export function sampleContact(id: string, overrides: Partial<ContactRecord> = {}): ContactRecord {
  return {
    id,
    card: sampleCard(id),
    name: `Contact name ${id}`,
    instagramUsername: `insta_${id}`,
    verification: 'unverified',
    previousCards: [],
    threads: [{ threadId: `thread-${id}`, encrypt: true }],
    addedAt: T0,
    ...overrides,
  };
}

/** A structurally valid session state (src/protocol/session-state.ts); `n` = messages sent. */
export function sampleSession(tag: string, n = 7): SessionState {
  const c = tag.charCodeAt(0);
  return {
    v: 1,
    self: b64(32, 1),
    peer: b64(32, c),
    active: {
      baseKey: b64(32, c + 1),
      prekeyId: 9,
      initiator: true,
      confirmed: true,
      peerTime: 0,
      lastUsed: T0,
      retiredAt: null,
      rootKey: b64(32, c + 2),
      self: { secret: b64(32, c + 3), public: b64(32, c + 4) },
      remote: null,
      send: { key: b64(32, c + 5), n },
      recv: null,
      pn: 0,
      skipped: [],
      pastRemote: [],
    },
    retired: [],
  };
}

export function sampleEntry(payloadId: string, contactId: string, at: number, text: string): ArchiveEntry {
  return { payloadId, contactId, direction: 'sent', at, status: 'sent', text };
}

export interface RawDump {
  [store: string]: { key: unknown; value: unknown }[];
}

/** Every record of the vault's database as stored (no decryption). */
export async function dumpRaw(dbName = 'sealed-dms-vault'): Promise<RawDump> {
  const db = await openDB(dbName);
  const out: RawDump = {};
  for (const store of STORES) {
    const keys = await db.getAllKeys(store);
    const values = await db.getAll(store);
    out[store] = keys.map((key, i) => ({ key, value: values[i] }));
  }
  db.close();
  return out;
}

/** All bytes and strings of a raw dump, flattened, to search for secrets. */
export function rawBytes(dump: RawDump): Uint8Array {
  const parts: Uint8Array[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) parts.push(v);
    else if (typeof v === 'string') parts.push(utf8.encode(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  walk(dump);
  return concatBytes(...parts);
}

export function containsBytes(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Overwrites one raw record (bypassing the vault), as disk corruption or an attacker would. */
export async function putRaw(store: string, value: unknown, key?: string, dbName = 'sealed-dms-vault'): Promise<void> {
  const db = await openDB(dbName);
  await (key === undefined ? db.put(store as never, value) : db.put(store as never, value, key));
  db.close();
}

export function resetBrowser(): void {
  fakeBrowser.reset();
  freshIndexedDB();
}

/** The VaultError code a promise rejects with, or 'no-error'; any other exception is rethrown. */
export async function codeOf(p: Promise<unknown>): Promise<VaultErrorCode | 'no-error'> {
  try {
    await p;
    return 'no-error';
  } catch (e) {
    if (isVaultError(e)) return e.code;
    throw e;
  }
}
