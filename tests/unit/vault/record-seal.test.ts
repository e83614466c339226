import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/encoding/bytes';
import { openRecord, recordAad, RECORD_FORMAT, sealRecord } from '../../../src/vault/record-seal';
import { containsBytes } from './helpers';

const key = new Uint8Array(32).fill(7);
const plaintext = utf8.encode('meet me at the usual place');

describe('record sealing', () => {
  it('round-trips and hides the plaintext', () => {
    const sealed = sealRecord(key, 'contacts', 'c1', plaintext);
    expect(sealed[0]).toBe(RECORD_FORMAT);
    expect(sealed.length).toBe(1 + 24 + plaintext.length + 16);
    expect(containsBytes(sealed, plaintext.subarray(0, 8))).toBe(false);
    expect(openRecord(key, 'contacts', 'c1', sealed)).toEqual(plaintext);
  });

  it('uses a fresh nonce each time', () => {
    const a = sealRecord(key, 'contacts', 'c1', plaintext);
    const b = sealRecord(key, 'contacts', 'c1', plaintext);
    expect(a.subarray(1, 25)).not.toEqual(b.subarray(1, 25));
  });

  it('binds the store and the key: a record moved elsewhere does not open', () => {
    const sealed = sealRecord(key, 'sessions', 'alice', plaintext);
    expect(openRecord(key, 'sessions', 'bob', sealed)).toBeUndefined();
    expect(openRecord(key, 'contacts', 'alice', sealed)).toBeUndefined();
    expect(openRecord(new Uint8Array(32).fill(8), 'sessions', 'alice', sealed)).toBeUndefined();
  });

  it('frames store and key unambiguously in the associated data', () => {
    expect(recordAad('ab', 'c')).not.toEqual(recordAad('a', 'bc'));
    const sealed = sealRecord(key, 'ab', 'c', plaintext);
    expect(openRecord(key, 'a', 'bc', sealed)).toBeUndefined();
  });

  it('rejects any flipped bit, truncation, other format bytes and non-bytes', () => {
    const sealed = sealRecord(key, 'identity', 'self', plaintext);
    for (let i = 0; i < sealed.length; i++) {
      const bad = Uint8Array.from(sealed);
      bad[i]! ^= 1 << (i % 8);
      expect(openRecord(key, 'identity', 'self', bad)).toBeUndefined();
    }
    expect(openRecord(key, 'identity', 'self', sealed.subarray(0, sealed.length - 1))).toBeUndefined();
    expect(openRecord(key, 'identity', 'self', sealed.subarray(0, 20))).toBeUndefined();
    expect(openRecord(key, 'identity', 'self', 'text')).toBeUndefined();
    expect(openRecord(key, 'identity', 'self', undefined)).toBeUndefined();
    expect(openRecord(key, 'identity', 'self', Array.from(sealed))).toBeUndefined();
  });
});
