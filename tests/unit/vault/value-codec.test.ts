import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, MAX_DEPTH } from '../../../src/vault/value-codec';

const RUNS = Number(process.env.FC_RUNS ?? 200);

function roundTrip(v: unknown): unknown {
  const decoded = decodeValue(encodeValue(v));
  if (!decoded.ok) throw new Error('decode failed');
  return decoded.value;
}

const storedValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.string({ unit: 'grapheme' }),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('value codec', () => {
  it('round-trips nested values with bytes, maps, unicode and special numbers', () => {
    const v = {
      n: null,
      t: true,
      f: false,
      nums: [0, -0, 1.5, -(2 ** 53), Number.MAX_VALUE, Infinity, -Infinity],
      s: 'héllo 🌍 \u0000 end',
      b: Uint8Array.from([0, 255, 1, 2]),
      empty: { a: [], o: {}, b: new Uint8Array(0), s: '' },
      m: new Map<unknown, unknown>([
        [1, 'one'],
        ['k', Uint8Array.of(9)],
      ]),
    };
    const back = roundTrip(v) as typeof v;
    expect(back).toEqual(v);
    expect(Object.is(back.nums[1], -0)).toBe(true);
    expect(back.b).toBeInstanceOf(Uint8Array);
    expect(back.m).toBeInstanceOf(Map);
    expect(Number.isNaN(roundTrip(NaN))).toBe(true);
  });

  it('round-trips arbitrary values and re-encodes them to the same bytes', () => {
    fc.assert(
      fc.property(storedValue, (v) => {
        const bytes = encodeValue(v);
        const decoded = decodeValue(bytes);
        expect(decoded.ok).toBe(true);
        if (decoded.ok) {
          expect(decoded.value).toEqual(v);
          expect(encodeValue(decoded.value)).toEqual(bytes);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('skips undefined object properties and refuses values it cannot carry', () => {
    expect(roundTrip({ a: 1, b: undefined })).toStrictEqual({ a: 1 });
    expect(() => encodeValue([1, undefined])).toThrow(TypeError);
    expect(() => encodeValue(undefined)).toThrow(TypeError);
    expect(() => encodeValue(new Date(0))).toThrow(TypeError);
    expect(() => encodeValue(10n)).toThrow(TypeError);
    expect(() => encodeValue({ f: () => 1 })).toThrow(TypeError);
    class Thing {
      x = 1;
    }
    expect(() => encodeValue(new Thing())).toThrow(TypeError);
  });

  it('keeps a "__proto__" key as data, without touching prototypes', () => {
    const v = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const back = roundTrip(v) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(back, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((back as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('rejects every truncation and any trailing byte', () => {
    const bytes = encodeValue({ a: [1, 'two', Uint8Array.of(3)], b: new Map([[1, 2]]) });
    for (let n = 0; n < bytes.length; n++) expect(decodeValue(bytes.subarray(0, n)).ok).toBe(false);
    expect(decodeValue(Uint8Array.from([...bytes, 0])).ok).toBe(false);
  });

  it('rejects unknown tags, invalid UTF-8, duplicate keys, impossible counts and deep nesting', () => {
    expect(decodeValue(Uint8Array.of(0x09)).ok).toBe(false);
    // string of length 1 holding a lone continuation byte
    expect(decodeValue(Uint8Array.of(0x04, 0, 0, 0, 1, 0x80)).ok).toBe(false);
    // object with the key "a" twice
    const dup = Uint8Array.of(0x07, 0, 0, 0, 2, 0, 0, 0, 1, 0x61, 0x00, 0, 0, 0, 1, 0x61, 0x00);
    expect(decodeValue(dup).ok).toBe(false);
    // array claiming 2^32-1 items in a 5-byte input
    expect(decodeValue(Uint8Array.of(0x06, 0xff, 0xff, 0xff, 0xff)).ok).toBe(false);
    // bytes claiming more than available
    expect(decodeValue(Uint8Array.of(0x05, 0, 0, 0, 9, 1)).ok).toBe(false);
    const nested = Uint8Array.from([...Array.from({ length: MAX_DEPTH + 2 }, () => [0x06, 0, 0, 0, 1]).flat(), 0x00]);
    expect(decodeValue(nested).ok).toBe(false);
    let v: unknown = null;
    for (let i = 0; i < MAX_DEPTH + 2; i++) v = [v];
    expect(() => encodeValue(v)).toThrow(TypeError);
    let ok: unknown = null;
    for (let i = 0; i < MAX_DEPTH; i++) ok = [ok];
    expect(roundTrip(ok)).toEqual(ok);
  });
});
