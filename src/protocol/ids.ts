/**
 * Names derived from public identities (docs/PROTOCOL.md "Identifiers").
 *
 *   identityHash  = SHA-256("SealedDMs/1 identity" || Ed25519 key || X25519 key || device id)
 *   conversation  = SHA-256("SealedDMs/1 conversation" || min(hashA, hashB) || max(hashA, hashB))
 *   pairTag(S->R) = SHA-256("SealedDMs/1 pair tag" || hash(S) || hash(R))[0..4]
 *
 * The identity hash covers every component of an identity, so any change to either key or the
 * device id is a different identity. The pair tag is a routing hint in every message header (not an
 * authenticator: the AEAD associated data binds the full hashes).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, equalBytes, utf8 } from '../encoding/bytes';

/** The public half of a device identity, as carried by a contact card. */
export interface PublicIdentity {
  /** Ed25519 identity public key (32 bytes). */
  signingKey: Uint8Array;
  /** X25519 identity public key (32 bytes). */
  agreementKey: Uint8Array;
  /** Random device id (16 bytes). */
  deviceId: Uint8Array;
}

export const DEVICE_ID_LEN = 16;
export const PAIR_TAG_LEN = 4;

const IDENTITY_LABEL = utf8.encode('SealedDMs/1 identity');
const CONVERSATION_LABEL = utf8.encode('SealedDMs/1 conversation');
const PAIR_TAG_LABEL = utf8.encode('SealedDMs/1 pair tag');

export function identityHash(id: PublicIdentity): Uint8Array {
  return sha256(concatBytes(IDENTITY_LABEL, id.signingKey, id.agreementKey, id.deviceId));
}

/** Same keys and same device id. */
export function sameIdentity(a: PublicIdentity, b: PublicIdentity): boolean {
  const k = equalBytes(a.signingKey, b.signingKey);
  const x = equalBytes(a.agreementKey, b.agreementKey);
  const d = equalBytes(a.deviceId, b.deviceId);
  return k && x && d;
}

/** Lexicographic (unsigned byte) order; not constant time (used on public values only). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function conversationId(hashA: Uint8Array, hashB: Uint8Array): Uint8Array {
  const [lo, hi] = compareBytes(hashA, hashB) <= 0 ? [hashA, hashB] : [hashB, hashA];
  return sha256(concatBytes(CONVERSATION_LABEL, lo, hi));
}

export function pairTag(senderHash: Uint8Array, recipientHash: Uint8Array): Uint8Array {
  return sha256(concatBytes(PAIR_TAG_LABEL, senderHash, recipientHash)).slice(0, PAIR_TAG_LEN);
}
