/**
 * ChaCha20-Poly1305 (RFC 8439) for message bodies. Each message key is used for exactly one
 * message, so the nonce is derived with the key (see kdf.ts) and never transmitted.
 * The 16-byte tag is appended to the ciphertext.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';

export const TAG_LEN = 16;

export function seal(key: Uint8Array, nonce: Uint8Array, associatedData: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return chacha20poly1305(key, nonce, associatedData).encrypt(plaintext);
}

/** The plaintext, or undefined when the tag does not verify (no partial output is ever returned). */
export function open(
  key: Uint8Array,
  nonce: Uint8Array,
  associatedData: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array | undefined {
  if (ciphertext.length < TAG_LEN) return undefined;
  try {
    return chacha20poly1305(key, nonce, associatedData).decrypt(ciphertext);
  } catch {
    return undefined;
  }
}
