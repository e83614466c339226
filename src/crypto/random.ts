/**
 * Injectable randomness. Production code uses the platform CSPRNG (crypto.getRandomValues via
 * @noble/hashes); tests pass a deterministic source to reproduce known-answer vectors.
 */
import { randomBytes } from '@noble/hashes/utils.js';

/** Returns `n` fresh random bytes. */
export type Rng = (n: number) => Uint8Array;

export const defaultRng: Rng = (n) => randomBytes(n);

/** Calls `rng` and checks the length, so a faulty source fails loudly instead of weakening keys. */
export function take(rng: Rng, n: number): Uint8Array {
  const out = rng(n);
  if (!(out instanceof Uint8Array) || out.length !== n) throw new Error('rng returned the wrong number of bytes');
  return out;
}
