/**
 * Key derivation for session setup and the Double Ratchet.
 *
 * Follows Signal's X3DH spec §2.2 (KDF with F = 32 x 0xFF, zero salt) and Double Ratchet spec §5.2
 * (recommended cryptographic functions), with SHA-256 throughout and our own info strings:
 *   SK          = HKDF(salt = 0^32, ikm = 0xFF^32 || DH1 || DH2 || DH3, info = "SealedDMs/1 X3DH", 32)
 *   RK', CK     = HKDF(salt = RK, ikm = DH output, info = "SealedDMs/1 root", 64)      (KDF_RK)
 *   MK          = HMAC-SHA256(CK, 0x01);  CK' = HMAC-SHA256(CK, 0x02)                   (KDF_CK)
 *   key, nonce  = HKDF(salt = 0^32, ikm = MK, info = "SealedDMs/1 message", 44)       (32 + 12)
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8 } from '../encoding/bytes';

export const INFO_X3DH = 'SealedDMs/1 X3DH';
export const INFO_ROOT = 'SealedDMs/1 root';
export const INFO_MESSAGE = 'SealedDMs/1 message';

const ZERO_SALT = new Uint8Array(32);
const X3DH_F = new Uint8Array(32).fill(0xff);
const MESSAGE_KEY_SEED = Uint8Array.of(0x01);
const CHAIN_KEY_SEED = Uint8Array.of(0x02);

export function x3dhSecret(dh1: Uint8Array, dh2: Uint8Array, dh3: Uint8Array): Uint8Array {
  return hkdf(sha256, concatBytes(X3DH_F, dh1, dh2, dh3), ZERO_SALT, utf8.encode(INFO_X3DH), 32);
}

/** KDF_RK: mixes a DH output into the root key; returns the next root key and a chain key. */
export function kdfRoot(rootKey: Uint8Array, dhOut: Uint8Array): { rootKey: Uint8Array; chainKey: Uint8Array } {
  const out = hkdf(sha256, dhOut, rootKey, utf8.encode(INFO_ROOT), 64);
  return { rootKey: out.slice(0, 32), chainKey: out.slice(32, 64) };
}

/** KDF_CK: one step of a sending or receiving chain. */
export function kdfChain(chainKey: Uint8Array): { chainKey: Uint8Array; messageKey: Uint8Array } {
  return { chainKey: hmac(sha256, chainKey, CHAIN_KEY_SEED), messageKey: hmac(sha256, chainKey, MESSAGE_KEY_SEED) };
}

/** Expands a single-use message key into the AEAD key and nonce (never sent on the wire). */
export function messageCipherKeys(messageKey: Uint8Array): { key: Uint8Array; nonce: Uint8Array } {
  const out = hkdf(sha256, messageKey, ZERO_SALT, utf8.encode(INFO_MESSAGE), 44);
  return { key: out.slice(0, 32), nonce: out.slice(32, 44) };
}
