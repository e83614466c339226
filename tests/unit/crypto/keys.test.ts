import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { dh, generateEd25519, generateX25519, isCanonicalX25519, isValidEd25519Public, isValidX25519Public, sign, verify } from '../../../src/crypto/keys';
import { open, seal } from '../../../src/crypto/aead';
import { kdfChain, kdfRoot, messageCipherKeys, x3dhSecret } from '../../../src/crypto/kdf';
import { seededRng } from '../protocol/helpers';

// Small-order u-coordinates on Curve25519 (RFC 7748 / libsodium blocklist), little-endian.
const SMALL_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];
const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((h) => parseInt(h, 16)));

describe('curve wrappers', () => {
  const rng = seededRng('keys');
  const a = generateX25519(rng);
  const b = generateX25519(rng);

  it('agrees on a shared secret', () => {
    expect(dh(a.secret, b.public)).toEqual(dh(b.secret, a.public));
    expect(isValidX25519Public(a.public)).toBe(true);
  });

  it('refuses small-order and non-canonical public keys without throwing', () => {
    for (const h of SMALL_ORDER) {
      expect(dh(a.secret, hex(h)), h).toBeUndefined();
      expect(isValidX25519Public(hex(h))).toBe(false);
    }
    const nonCanonical = a.public.slice();
    nonCanonical[31]! |= 0x80;
    expect(isCanonicalX25519(nonCanonical)).toBe(false);
    expect(dh(a.secret, nonCanonical)).toBeUndefined();
    const p = hex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'); // = p
    expect(isCanonicalX25519(p)).toBe(false);
    expect(dh(a.secret, new Uint8Array(31))).toBeUndefined();
  });

  it('verifies Ed25519 strictly and never throws', () => {
    const s = generateEd25519(rng);
    const msg = Uint8Array.of(1, 2, 3);
    const sig = sign(s.secret, msg);
    expect(verify(sig, msg, s.public)).toBe(true);
    expect(verify(sig, Uint8Array.of(1, 2, 4), s.public)).toBe(false);
    // S + L (non-canonical S) is accepted by lenient verifiers, refused here.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let sv = 0n;
    for (let i = 31; i >= 0; i--) sv = (sv << 8n) | BigInt(sig[32 + i]!);
    const big = sv + L;
    const malleable = sig.slice();
    for (let i = 0; i < 32; i++) malleable[32 + i] = Number((big >> BigInt(8 * i)) & 0xffn);
    expect(verify(malleable, msg, s.public)).toBe(false);
    const identity = ed25519.Point.ZERO.toBytes();
    expect(isValidEd25519Public(identity)).toBe(false);
    expect(verify(sig, msg, identity)).toBe(false);
    expect(verify(sig, msg, new Uint8Array(32).fill(0xff))).toBe(false);
    expect(verify(new Uint8Array(3), msg, s.public)).toBe(false);
  });
});

describe('KDFs and AEAD', () => {
  it('derives distinct, deterministic keys', () => {
    const k = new Uint8Array(32).fill(7);
    const chain = kdfChain(k);
    expect(chain.chainKey).not.toEqual(chain.messageKey);
    expect(kdfChain(k)).toEqual(chain);
    const root = kdfRoot(k, new Uint8Array(32).fill(9));
    expect(root.rootKey).not.toEqual(root.chainKey);
    expect(x3dhSecret(k, k, k).length).toBe(32);
    const mk = messageCipherKeys(k);
    expect(mk.key.length).toBe(32);
    expect(mk.nonce.length).toBe(12);
  });

  it('opens only what it sealed with the same associated data', () => {
    const key = new Uint8Array(32).fill(1);
    const nonce = new Uint8Array(12).fill(2);
    const ct = seal(key, nonce, Uint8Array.of(9), Uint8Array.of(1, 2, 3));
    expect(ct.length).toBe(3 + 16);
    expect(open(key, nonce, Uint8Array.of(9), ct)).toEqual(Uint8Array.of(1, 2, 3));
    expect(open(key, nonce, Uint8Array.of(8), ct)).toBeUndefined();
    expect(open(key, nonce, Uint8Array.of(9), ct.subarray(0, 10))).toBeUndefined();
    expect(open(key, nonce, Uint8Array.of(9), new Uint8Array(3))).toBeUndefined();
  });
});
