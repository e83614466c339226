/**
 * Curve25519 key pairs and the three operations the protocol needs, wrapped so that hostile
 * public keys give `undefined`/`false` instead of exceptions.
 *
 * - X25519 (RFC 7748) for key agreement. Public keys must be canonical (u < 2^255 - 19, top bit
 *   clear) and not of small order; a DH whose result is all zeros is refused.
 * - Ed25519 (RFC 8032) for signatures, verified in strict mode (no ZIP-215 leniency: one valid
 *   encoding per signature) and with small-order public keys refused.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { take, type Rng } from './random';

export interface KeyPair {
  secret: Uint8Array;
  public: Uint8Array;
}

export const KEY_LEN = 32;
export const SIGNATURE_LEN = 64;

export function generateX25519(rng: Rng): KeyPair {
  const secret = take(rng, KEY_LEN);
  return { secret, public: x25519.getPublicKey(secret) };
}

export function x25519Public(secret: Uint8Array): Uint8Array {
  return x25519.getPublicKey(secret);
}

/** X25519(secret, public); undefined for a non-canonical or small-order public key. */
export function dh(secret: Uint8Array, publicKey: Uint8Array): Uint8Array | undefined {
  if (secret.length !== KEY_LEN || !isCanonicalX25519(publicKey)) return undefined;
  try {
    // noble refuses an all-zero result, which is exactly the small-order case.
    return x25519.getSharedSecret(secret, publicKey);
  } catch {
    return undefined;
  }
}

// Any clamped scalar is a multiple of the cofactor 8, so [k]P is the identity (u = 0, refused by
// noble) exactly when P has small order.
const PROBE_SCALAR = new Uint8Array(KEY_LEN).fill(0x42);

/** 32 bytes encoding u < 2^255 - 19 with the top bit clear (one encoding per key). Cheap. */
export function isCanonicalX25519(publicKey: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== KEY_LEN) return false;
  if (publicKey[31]! & 0x80) return false;
  // u >= p = 2^255 - 19: bytes (little-endian) ed..ff, ff x30, 7f.
  return !(publicKey[31] === 0x7f && publicKey[0]! >= 0xed && publicKey.subarray(1, 31).every((b) => b === 0xff));
}

/** Canonical and not of small order (costs one scalar multiplication: use when accepting a card). */
export function isValidX25519Public(publicKey: Uint8Array): boolean {
  if (!isCanonicalX25519(publicKey)) return false;
  try {
    x25519.scalarMult(PROBE_SCALAR, publicKey);
    return true;
  } catch {
    return false;
  }
}

export function generateEd25519(rng: Rng): KeyPair {
  const secret = take(rng, KEY_LEN);
  return { secret, public: ed25519.getPublicKey(secret) };
}

export function ed25519Public(secret: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secret);
}

export function sign(secret: Uint8Array, message: Uint8Array): Uint8Array {
  return ed25519.sign(message, secret);
}

/** Strict RFC 8032 verification; false on any malformed input. */
export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_LEN || !isValidEd25519Public(publicKey)) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** A canonical point encoding that is not of small order. */
export function isValidEd25519Public(publicKey: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== KEY_LEN) return false;
  try {
    return !ed25519.Point.fromBytes(publicKey, false).isSmallOrder();
  } catch {
    return false;
  }
}
