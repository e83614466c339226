/** Test helpers: deterministic randomness and ready-made parties. */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../../../src/encoding/bytes';
import type { Rng } from '../../../src/crypto/random';
import { createCard, type ContactCard } from '../../../src/protocol/card';
import { createIdentity, type IdentityState } from '../../../src/protocol/identity';

/** SHA-256 in counter mode over a seed string: the same seed always gives the same bytes. */
export function seededRng(seed: string): Rng {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let o = 0; o < n; o += 32) out.set(sha256(utf8.encode(`${seed}/${counter++}`)).subarray(0, Math.min(32, n - o)), o);
    return out;
  };
}

/** mulberry32: small, fast, deterministic numbers in [0, 1) for fuzz and corpus generators. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Party {
  identity: IdentityState;
  card: ContactCard;
}

export const T0 = Date.UTC(2025, 0, 1);

const parties = new Map<string, Party>();

/** A deterministic party (memoized: the returned objects must not be modified). */
export function makeParty(seed: string, name = seed, now = T0): Party {
  const key = JSON.stringify([seed, name, now]);
  const known = parties.get(key);
  if (known) return known;
  const identity = createIdentity(now, seededRng(`identity/${seed}`));
  const made = createCard(identity, { name }, now);
  if (!made.ok) throw new Error(`card: ${made.error}`);
  const party = { identity, card: made.card };
  parties.set(key, party);
  return party;
}

export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

/** Property-test run count: modest by default, more with PROTOCOL_RUNS=n. */
export const RUNS = Number(process.env.PROTOCOL_RUNS ?? 30);
/** Exhaustive bit-flip runs over expensive (X3DH) inputs only with PROTOCOL_FULL=1. */
export const FULL = process.env.PROTOCOL_FULL === '1';
