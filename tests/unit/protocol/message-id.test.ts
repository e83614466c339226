import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/encoding/bytes';
import { armor, armorCapacity, MAX_PART_CHARS, parseArmor, reassemble } from '../../../src/protocol/armor';
import { MAX_TEXT_BYTES, paddedLength } from '../../../src/protocol/envelope';
import { isMessageId, MESSAGE_ID_LENGTH, messageId } from '../../../src/protocol/message-id';
import { encrypt } from '../../../src/protocol/session';
import { maxTextBytes } from '../../../src/protocol/text-capacity';
import { MAX_HEADER_LEN } from '../../../src/protocol/wire';
import { makeParty, seededRng, T0 } from './helpers';

/** The documented definition, with Node's own SHA-256 and base64url. */
const independent = (payload: Uint8Array) => createHash('sha256').update(payload).digest().subarray(0, 16).toString('base64url');

describe('message id', () => {
  it('is base64url(SHA-256(payload)[0..16]), 22 characters', () => {
    for (const payload of [Uint8Array.of(0x0b), utf8.encode('SealedDMs'), new Uint8Array(5000).map((_, i) => i * 7)]) {
      const id = messageId(payload);
      expect(id).toBe(independent(payload));
      expect(id).toHaveLength(MESSAGE_ID_LENGTH);
      expect(isMessageId(id)).toBe(true);
    }
    // Known answer: SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 ...
    expect(messageId(utf8.encode('abc'))).toBe('ungWv48Bz-pBQUDeXa4iIw');
  });

  it('is the same on both sides: computed from the reassembled payload, whatever the armor', () => {
    const payload = new Uint8Array(2500).map((_, i) => (i * 31) & 0xff);
    const parts = armor(payload);
    expect(parts.length).toBeGreaterThan(1);
    const joined = reassemble(parts.reverse().flatMap((p) => parseArmor(p)));
    expect(joined.ok && messageId(joined.payload)).toBe(messageId(payload));
  });

  it('recognizes only canonical 22-character ids', () => {
    expect(isMessageId('ungWv48Bz-pBQUDeXa4iIw')).toBe(true);
    expect(isMessageId('ungWv48Bz-pBQUDeXa4iIx')).toBe(false); // non-zero trailing bits
    expect(isMessageId('ungWv48Bz-pBQUDeXa4iI')).toBe(false);
    expect(isMessageId('ungWv48Bz+pBQUDeXa4iIw')).toBe(false);
    expect(isMessageId(42)).toBe(false);
  });
});

describe('text capacity', () => {
  it('armorCapacity is the largest payload that armors into at most n parts', () => {
    for (const chars of [MAX_PART_CHARS, 300, 24]) {
      for (const n of [1, 2, 3, 8]) {
        const cap = armorCapacity(n, chars);
        expect(armor(new Uint8Array(cap).fill(1), { maxPartChars: chars }).length).toBeLessThanOrEqual(n);
        expect(armor(new Uint8Array(cap + 1).fill(1), { maxPartChars: chars }).length).toBeGreaterThan(n);
      }
    }
    expect(armorCapacity(1)).toBe(670);
    expect(armorCapacity(8)).toBe(8 * 663);
    expect(armorCapacity(0)).toBe(0);
    expect(armorCapacity(2, 10)).toBe(0);
  });

  it('maxTextBytes fits the worst-case header, and one byte more would not', () => {
    const max = maxTextBytes(8);
    expect(max).toBe(5194);
    const payload = (text: number) => MAX_HEADER_LEN + paddedLength(5 + text + 1) + 16;
    expect(payload(max)).toBeLessThanOrEqual(armorCapacity(8));
    expect(payload(max + 1)).toBeGreaterThan(armorCapacity(8));
    expect(maxTextBytes(1000)).toBe(MAX_TEXT_BYTES);
    expect(maxTextBytes(0)).toBe(0);
  });

  it('a first message of maxTextBytes (multi-byte text) goes in at most 8 parts', () => {
    const alice = makeParty('alice');
    const bob = makeParty('bob');
    const text = '😀'.repeat(Math.floor(maxTextBytes(8) / 4)) + 'ab';
    expect(utf8.encode(text).length).toBe(maxTextBytes(8));
    const sent = encrypt(undefined, alice.identity, bob.card, { text, sentAt: T0 / 1000 }, T0, seededRng('cap'));
    expect(sent.ok).toBe(true);
    if (sent.ok) expect(armor(sent.message).length).toBe(8);
  });
});
