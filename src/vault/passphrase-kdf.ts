/**
 * Passphrase → 32-byte key with scrypt (RFC 7914, @noble/hashes). Pure, no browser API.
 *
 * Production cost: N = 2^17, r = 8, p = 1 (128 MiB of memory, about 1 s in Node 20 on the
 * development machine; see README.md). Used for the vault lock and for backup files. `scryptAsync`
 * yields to the event loop every few ms so the background worker keeps answering while it runs.
 * Passphrases are Unicode-normalised (NFKC) before UTF-8 encoding, so the same words typed on
 * another keyboard or OS give the same key.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { utf8 } from '../encoding/bytes';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  log2N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ log2N: 17, r: 8, p: 1 });
export const SALT_LENGTH = 32;
export const DERIVED_KEY_LENGTH = 32;
/** Upper bound on scrypt memory (128·r·N bytes) we agree to spend, also for a hostile backup file. */
export const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

/** Bounds for parameters read from storage or from a backup file (a crafted file must not hang us). */
export function isScryptParams(v: ScryptParams): boolean {
  const ok = (n: number, lo: number, hi: number) => Number.isInteger(n) && n >= lo && n <= hi;
  return ok(v.log2N, 1, 20) && ok(v.r, 1, 16) && ok(v.p, 1, 4) && 128 * v.r * 2 ** v.log2N <= MAX_SCRYPT_MEMORY;
}

export function passphraseBytes(passphrase: string): Uint8Array {
  return utf8.encode(passphrase.normalize('NFKC'));
}

export async function deriveKey(passphrase: string, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array> {
  if (!isScryptParams(params)) throw new RangeError('scrypt parameters out of bounds');
  return scryptAsync(passphraseBytes(passphrase), salt, {
    N: 2 ** params.log2N,
    r: params.r,
    p: params.p,
    dkLen: DERIVED_KEY_LENGTH,
    maxmem: MAX_SCRYPT_MEMORY + 128 * params.r * (params.p + 2),
  });
}
