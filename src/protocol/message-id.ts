/**
 * The message id (docs/PROTOCOL.md "Message id"): the archive key of one message, computed the same
 * way by sender and receiver from the binary payload (the bytes inside the armor, after reassembly):
 *
 *   messageId = base64url(SHA-256(payload)[0..16])      22 characters
 *
 * Derived from ciphertext Instagram already has, so it reveals nothing new at rest or to the page,
 * and the receiver needs no keys to find an archived message again (history across reloads, our own
 * sent messages). 128 bits: no accidental collision between messages, and a forged payload cannot
 * be made to hit an existing entry. Unlike the 48-bit armor id, it exists for single parts too.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64url } from '../encoding/bytes';

export const MESSAGE_ID_BYTES = 16;
/** base64url length of MESSAGE_ID_BYTES, unpadded. */
export const MESSAGE_ID_LENGTH = 22;

export function messageId(payload: Uint8Array): string {
  return toBase64url(sha256(payload).subarray(0, MESSAGE_ID_BYTES));
}

export function isMessageId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{21}[AQgw]$/.test(value);
}
