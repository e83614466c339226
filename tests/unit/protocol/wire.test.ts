import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHeader, encodeVarint, parseMessage, type Header } from '../../../src/protocol/wire';
import { RUNS } from './helpers';

const key = (b: number) => new Uint8Array(32).fill(b);
const tag = Uint8Array.of(1, 2, 3, 4);
const body = new Uint8Array(32); // 16-byte padded envelope + 16-byte tag

describe('message layout', () => {
  it('encodes a first message header byte by byte', () => {
    const h = encodeHeader({ type: 'prekey', tag, prekeyId: 0x0a0b0c0d, baseKey: key(0xbb), ratchetKey: key(0xcc), n: 300 });
    expect(h.length).toBe(75);
    expect(h[0]).toBe(0x11);
    expect(Array.from(h.subarray(1, 9))).toEqual([1, 2, 3, 4, 0x0a, 0x0b, 0x0c, 0x0d]);
    expect(h.subarray(9, 41)).toEqual(key(0xbb));
    expect(h.subarray(41, 73)).toEqual(key(0xcc));
    expect(Array.from(h.subarray(73))).toEqual([0xac, 0x02]); // 300 as LEB128
  });

  it('encodes a normal header byte by byte', () => {
    const h = encodeHeader({ type: 'normal', tag, ratchetKey: key(0xcc), pn: 5, n: 127 });
    expect(Array.from(h.subarray(0, 5))).toEqual([0x12, 1, 2, 3, 4]);
    expect(h.subarray(5, 37)).toEqual(key(0xcc));
    expect(Array.from(h.subarray(37))).toEqual([5, 127]);
  });

  it('parses what it encodes (property)', () => {
    const arb = fc.oneof(
      fc.record({ type: fc.constant('prekey' as const), tag: fc.uint8Array({ minLength: 4, maxLength: 4 }), prekeyId: fc.integer({ min: 1, max: 0xffffffff }), baseKey: fc.uint8Array({ minLength: 32, maxLength: 32 }), ratchetKey: fc.uint8Array({ minLength: 32, maxLength: 32 }), n: fc.integer({ min: 0, max: 0xffffffff }) }),
      fc.record({ type: fc.constant('normal' as const), tag: fc.uint8Array({ minLength: 4, maxLength: 4 }), ratchetKey: fc.uint8Array({ minLength: 32, maxLength: 32 }), pn: fc.integer({ min: 0, max: 0xffffffff }), n: fc.integer({ min: 0, max: 0xffffffff }) }),
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 8 }), (header: Header, blocks) => {
        const h = encodeHeader(header);
        const ct = new Uint8Array(16 * blocks + 16);
        const parsed = parseMessage(Uint8Array.from([...h, ...ct]));
        expect(parsed).toEqual({ ok: true, message: { header, headerBytes: h, ciphertext: ct } });
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('refuses bad versions, varints and ciphertext lengths', () => {
    const h = encodeHeader({ type: 'normal', tag, ratchetKey: key(1), pn: 0, n: 0 });
    const msg = (head: ArrayLike<number>, ct = body) => Uint8Array.from([...Array.from(head), ...ct]);
    expect(parseMessage(msg(h)).ok).toBe(true);
    expect(parseMessage(msg([0x21, ...h.subarray(1)]))).toEqual({ ok: false, error: 'unsupported-version' });
    expect(parseMessage(msg([0x13, ...h.subarray(1)]))).toEqual({ ok: false, error: 'unsupported-version' });
    expect(parseMessage(msg([...h.subarray(0, 37), 0x80, 0x00, 0]))).toEqual({ ok: false, error: 'malformed' }); // non-minimal
    expect(parseMessage(msg([...h.subarray(0, 37), 0xff, 0xff, 0xff, 0xff, 0x7f, 0]))).toEqual({ ok: false, error: 'malformed' }); // > 2^32-1
    expect(parseMessage(msg(h, new Uint8Array(31)))).toEqual({ ok: false, error: 'malformed' });
    expect(parseMessage(msg(h, new Uint8Array(16)))).toEqual({ ok: false, error: 'malformed' });
    expect(parseMessage(msg(h, new Uint8Array(40)))).toEqual({ ok: false, error: 'malformed' });
    const p = encodeHeader({ type: 'prekey', tag, prekeyId: 1, baseKey: key(2), ratchetKey: key(3), n: 0 });
    const zeroId = p.slice();
    zeroId.fill(0, 5, 9);
    expect(parseMessage(msg(zeroId))).toEqual({ ok: false, error: 'malformed' });
    expect(parseMessage(new Uint8Array(0))).toEqual({ ok: false, error: 'malformed' });
    expect(encodeVarint(0)).toEqual([0]);
    expect(encodeVarint(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => encodeVarint(2 ** 32)).toThrow(RangeError);
  });
});
