/**
 * Where the unlocked vault key waits while the MV3 worker is stopped (Chrome stops an idle worker
 * after ~30 s; Firefox unloads its event page). Only used when a passphrase is set; without one the
 * key is read from IndexedDB at every start. Pure: the browser adapter is browser-session-store.ts.
 *
 * Stored form (a JSON-safe object, as storage.session requires):
 *   { v: 1, vaultId, key: base64url(32 bytes), lastActivityAt: epoch ms }
 */
import { fromBase64url, toBase64url } from '../encoding/bytes';
import { VAULT_KEY_LENGTH } from './record-seal';

export interface UnlockedKey {
  vaultId: string;
  key: Uint8Array;
  /** Last user activity, so that the idle timer survives a worker restart. */
  lastActivityAt: number;
}

export interface UnlockedKeyStore {
  load(): Promise<UnlockedKey | undefined>;
  save(value: UnlockedKey): Promise<void>;
  clear(): Promise<void>;
}

export function toStoredUnlockedKey(u: UnlockedKey): Record<string, unknown> {
  return { v: 1, vaultId: u.vaultId, key: toBase64url(u.key), lastActivityAt: u.lastActivityAt };
}

/** Anything unexpected reads as "not unlocked" (fail closed: the user types the passphrase again). */
export function fromStoredUnlockedKey(v: unknown): UnlockedKey | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as Record<string, unknown>;
  if (s.v !== 1 || typeof s.vaultId !== 'string' || typeof s.key !== 'string') return undefined;
  if (typeof s.lastActivityAt !== 'number' || !Number.isSafeInteger(s.lastActivityAt)) return undefined;
  const key = fromBase64url(s.key);
  if (!key || key.length !== VAULT_KEY_LENGTH) return undefined;
  return { vaultId: s.vaultId, key, lastActivityAt: s.lastActivityAt };
}
