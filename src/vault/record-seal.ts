/**
 * Encryption at rest of one vault record. Pure, no browser API.
 *
 *   sealed = 0x01 (record format) || nonce (24 random bytes) || XChaCha20-Poly1305(vaultKey, nonce, AAD, plaintext)
 *   AAD    = "sealed-dms/vault-record/v1" || u32be(len store) || store || u32be(len key) || key   (UTF-8)
 *
 * The AAD binds a record to its object store and its key, so a record copied or swapped to another
 * place (another contact's session, another message id) fails authentication instead of being read.
 * Random 192-bit nonces make nonce reuse under one vault key negligible (XChaCha20, RFC draft-irtf-cfrg-xchacha).
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { concatBytes, utf8 } from '../encoding/bytes';

export const RECORD_FORMAT = 0x01;
export const VAULT_KEY_LENGTH = 32;
export const NONCE_LENGTH = 24;
const TAG_LENGTH = 16;
const AAD_LABEL = utf8.encode('sealed-dms/vault-record/v1');

function lengthPrefixed(text: string): Uint8Array {
  const b = utf8.encode(text);
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, b.length);
  return concatBytes(len, b);
}

export function recordAad(store: string, key: string): Uint8Array {
  return concatBytes(AAD_LABEL, lengthPrefixed(store), lengthPrefixed(key));
}

export function sealRecord(vaultKey: Uint8Array, store: string, key: string, plaintext: Uint8Array): Uint8Array {
  const nonce = randomBytes(NONCE_LENGTH);
  const ct = xchacha20poly1305(vaultKey, nonce, recordAad(store, key)).encrypt(plaintext);
  return concatBytes(Uint8Array.of(RECORD_FORMAT), nonce, ct);
}

/** Returns undefined for anything that is not an authentic record of this store and key. */
export function openRecord(vaultKey: Uint8Array, store: string, key: string, sealed: unknown): Uint8Array | undefined {
  if (!(sealed instanceof Uint8Array)) return undefined;
  if (sealed.length < 1 + NONCE_LENGTH + TAG_LENGTH || sealed[0] !== RECORD_FORMAT) return undefined;
  const nonce = sealed.subarray(1, 1 + NONCE_LENGTH);
  try {
    return xchacha20poly1305(vaultKey, nonce, recordAad(store, key)).decrypt(sealed.subarray(1 + NONCE_LENGTH));
  } catch {
    return undefined;
  }
}
