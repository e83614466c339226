/**
 * What "Delete message history" leaves behind for one contact: the message ids (docs/PROTOCOL.md
 * "Message id") of the deleted archive entries, and nothing else (no text, no time, no direction).
 * Removing a contact leaves the same behind for it (RemovedRecord, below).
 *
 * Why: everything we send is archived before it is posted, so an own message missing from the
 * archive reads as 'tampered'. After the user deleted the history, the thread still shows those
 * messages; with their ids kept, they read as 'deleted' instead of a false alarm. Sound because
 * the id is SHA-256 of the whole payload: a bubble whose bytes differ from the deleted message has
 * another id and still reads as 'tampered'. The ids are computed from ciphertext Instagram already
 * holds, and are sealed at rest like every record (vault-tx.ts).
 *
 * Stored as the 16-byte ids, sorted and concatenated: 16 bytes per deleted message, one record per
 * contact, looked up by binary search.
 */
import { fromBase64url } from '../encoding/bytes';
import { isMessageId, MESSAGE_ID_BYTES } from '../protocol/message-id';
import { isExactObject, type Guard } from '../messaging/guards';
import { MAX_ID_LENGTH } from './records';

export interface DeletedRecord {
  contactId: string;
  /** MESSAGE_ID_BYTES per id, sorted bytewise, no duplicates. */
  ids: Uint8Array;
}

/** 2^20 ids (16 MiB): far beyond any real history, and a bound on what a damaged record can cost. */
export const MAX_DELETED_IDS = 1 << 20;

function compareAt(a: Uint8Array, ai: number, b: Uint8Array, bi: number): number {
  for (let k = 0; k < MESSAGE_ID_BYTES; k++) {
    const d = a[ai + k]! - b[bi + k]!;
    if (d !== 0) return d;
  }
  return 0;
}

function isSortedIds(ids: Uint8Array): boolean {
  if (ids.length % MESSAGE_ID_BYTES !== 0 || ids.length / MESSAGE_ID_BYTES > MAX_DELETED_IDS) return false;
  for (let o = MESSAGE_ID_BYTES; o < ids.length; o += MESSAGE_ID_BYTES) {
    if (compareAt(ids, o - MESSAGE_ID_BYTES, ids, o) >= 0) return false;
  }
  return true;
}

export const isDeletedRecord: Guard<DeletedRecord> = isExactObject<DeletedRecord>({
  contactId: (v): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH,
  ids: (v): v is Uint8Array => v instanceof Uint8Array && isSortedIds(v),
});

function idChunks(ids: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let o = 0; o < ids.length; o += MESSAGE_ID_BYTES) chunks.push(ids.subarray(o, o + MESSAGE_ID_BYTES));
  return chunks;
}

/** The ids of `existing` plus `add` (archive keys; anything that is not a message id cannot match a bubble and is left out). */
export function mergeDeletedIds(existing: Uint8Array, add: readonly string[]): Uint8Array {
  const chunks = idChunks(existing);
  for (const id of add) {
    const bytes = isMessageId(id) ? fromBase64url(id) : undefined;
    if (bytes?.length === MESSAGE_ID_BYTES) chunks.push(bytes);
  }
  return sortedUnique(chunks);
}

/** The ids of two records together. */
export function mergeDeletedIdBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  return sortedUnique([...idChunks(a), ...idChunks(b)]);
}

function sortedUnique(chunks: Uint8Array[]): Uint8Array {
  chunks.sort((a, b) => compareAt(a, 0, b, 0));
  const out = new Uint8Array(chunks.length * MESSAGE_ID_BYTES);
  let n = 0;
  for (const c of chunks) {
    if (n > 0 && compareAt(out, (n - 1) * MESSAGE_ID_BYTES, c, 0) === 0) continue;
    out.set(c, n * MESSAGE_ID_BYTES);
    n++;
  }
  return out.slice(0, n * MESSAGE_ID_BYTES);
}

/**
 * Removing a contact deletes its whole history too, and its message ids (archived and deleted)
 * stay, as after "Delete message history", in a RemovedRecord under `removed:<its old contact id>`
 * (random, and already visible at rest while the contact existed: nothing derived from a public
 * key shows on disk). The record holds, sealed, the identity hashes it was known by (its card and
 * previous cards). Adding someone with one of those identities again moves the ids to that contact
 * (VaultTx.adoptRemovedIds), so their earlier messages still in the thread read 'deleted' instead
 * of a false 'tampered'. Contact ids never contain ':' (records.ts), so the keys cannot meet.
 */
export interface RemovedRecord {
  /** `removed:` + the removed contact's id: the record's own key. */
  key: string;
  /** Base64url identity hashes (docs/PROTOCOL.md "identityHash") of its card and previous cards. */
  identities: string[];
  ids: Uint8Array;
}

const REMOVED_PREFIX = 'removed:';
const MAX_REMOVED_IDENTITIES = 16;

export function removedKey(contactId: string): string {
  return `${REMOVED_PREFIX}${contactId}`;
}

export function isRemovedKey(key: string): boolean {
  return key.startsWith(REMOVED_PREFIX);
}

/** The range of every removed record's key (':' + 1 is ';'). */
export const REMOVED_KEYS = { lower: REMOVED_PREFIX, upper: 'removed;' } as const;

export const isRemovedRecord: Guard<RemovedRecord> = isExactObject<RemovedRecord>({
  key: (v): v is string => typeof v === 'string' && isRemovedKey(v) && v.length <= MAX_ID_LENGTH,
  identities: (v): v is string[] => Array.isArray(v) && v.length > 0 && v.length <= MAX_REMOVED_IDENTITIES && v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= MAX_ID_LENGTH),
  ids: (v): v is Uint8Array => v instanceof Uint8Array && isSortedIds(v),
});

/** One contact's deleted message ids, for lookups while reading bubbles. */
export class DeletedMessages {
  static readonly none = new DeletedMessages(new Uint8Array(0));

  constructor(private readonly ids: Uint8Array) {}

  get size(): number {
    return this.ids.length / MESSAGE_ID_BYTES;
  }

  has(messageId: string): boolean {
    const key = isMessageId(messageId) ? fromBase64url(messageId) : undefined;
    if (key?.length !== MESSAGE_ID_BYTES) return false;
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const d = compareAt(this.ids, mid * MESSAGE_ID_BYTES, key, 0);
      if (d === 0) return true;
      if (d < 0) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }
}
