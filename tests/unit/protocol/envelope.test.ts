import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/encoding/bytes';
import { decodeEnvelope, encodeEnvelope, MAX_TEXT_BYTES, paddedLength } from '../../../src/protocol/envelope';
import { RUNS } from './helpers';

describe('inner envelope', () => {
  it('has the documented layout', () => {
    const e = encodeEnvelope({ text: 'hi', sentAt: 0x01020304 })!;
    expect(Array.from(e)).toEqual([0x00, 0x01, 0x02, 0x03, 0x04, 0x68, 0x69, 0x80, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('pads to multiples of 16 bytes, at least 16', () => {
    expect(paddedLength(1)).toBe(16);
    expect(paddedLength(16)).toBe(16);
    expect(paddedLength(17)).toBe(32);
    for (const [len, padded] of [[0, 16], [10, 16], [11, 32], [26, 32], [27, 48], [600, 608]] as const) {
      expect(encodeEnvelope({ text: 'x'.repeat(len), sentAt: 1 })!.length, `text ${len}`).toBe(padded);
    }
  });

  it('round-trips any text and time (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 0, max: 0xffffffff }), (raw, sentAt) => {
        const text = utf8.decode(utf8.encode(raw))!; // lone surrogates become U+FFFD on encoding
        const bytes = encodeEnvelope({ text, sentAt })!;
        expect(bytes.length % 16).toBe(0);
        expect(decodeEnvelope(bytes)).toEqual({ ok: true, envelope: { text, sentAt } });
      }),
      { numRuns: RUNS * 10 },
    );
    expect(decodeEnvelope(encodeEnvelope({ text: '\ufeffbom', sentAt: 1 })!)).toEqual({ ok: true, envelope: { text: '\ufeffbom', sentAt: 1 } });
  });

  it('refuses what it cannot encode', () => {
    expect(encodeEnvelope({ text: 'x'.repeat(MAX_TEXT_BYTES), sentAt: 1 })).toBeDefined();
    expect(encodeEnvelope({ text: 'x'.repeat(MAX_TEXT_BYTES + 1), sentAt: 1 })).toBeUndefined();
    expect(encodeEnvelope({ text: 'x', sentAt: -1 })).toBeUndefined();
    expect(encodeEnvelope({ text: 'x', sentAt: 2 ** 32 })).toBeUndefined();
    expect(encodeEnvelope({ text: 'x', sentAt: 1.5 })).toBeUndefined();
  });

  it('returns typed errors on malformed input', () => {
    const good = encodeEnvelope({ text: 'hello', sentAt: 7 })!;
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(0), 'malformed'],
      [good.subarray(0, 15), 'malformed'], // not a multiple of 16
      [new Uint8Array(16), 'malformed'], // no marker
      [Uint8Array.from([...good.subarray(0, 15), 1]), 'malformed'], // non-zero padding
      [Uint8Array.from([0, 0, 0, 0, 0, 0x80, ...new Uint8Array(26)]), 'malformed'], // padding not minimal
      [Uint8Array.from([0, 0, 0, 0, 0, 0xff, 0x80, ...new Uint8Array(9)]), 'malformed'], // invalid UTF-8
      [Uint8Array.from([1, ...good.subarray(1)]), 'unsupported-version'], // unknown kind
    ];
    for (const [bytes, error] of cases) expect(decodeEnvelope(bytes)).toEqual({ ok: false, error });
    expect(decodeEnvelope(null as unknown as Uint8Array)).toEqual({ ok: false, error: 'malformed' });
  });
});
