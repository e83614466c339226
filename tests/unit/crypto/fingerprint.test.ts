import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkScannable,
  compareScannable,
  encodeScannable,
  numericFingerprint,
  type FingerprintParty,
} from '../../../src/crypto/fingerprint';
import { utf8 } from '../../../src/encoding/bytes';
import vectors from './vectors/fingerprint.json';

const aliceKey = hexToBytes(vectors.keys.alice);
const bobKey = hexToBytes(vectors.keys.bob);

type Vector = (typeof vectors.vectors)[number] & { aliceIdUtf8?: string; aliceIdHex?: string; bobIdUtf8?: string; bobIdHex?: string; bobScannable?: string };

function ids(v: Vector): { alice: Uint8Array; bob: Uint8Array } {
  const id = (utf: string | undefined, hex: string | undefined): Uint8Array =>
    utf !== undefined ? utf8.encode(utf) : hexToBytes(hex!);
  return { alice: id(v.aliceIdUtf8, v.aliceIdHex), bob: id(v.bobIdUtf8, v.bobIdHex) };
}

function pair(version: number, iterations: number, alice: FingerprintParty, bob: FingerprintParty) {
  return {
    a: numericFingerprint({ version, iterations, local: alice, remote: bob }),
    b: numericFingerprint({ version, iterations, local: bob, remote: alice }),
  };
}

const randomKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((k) => Uint8Array.of(5, ...k));

describe('numericFingerprint: libsignal vectors', () => {
  for (const v of vectors.vectors as Vector[]) {
    it(v.name, () => {
      const id = ids(v);
      const { a, b } = pair(v.version, v.iterations, { id: id.alice, key: aliceKey }, { id: id.bob, key: bobKey });
      expect(a.displayable).toBe(v.displayable);
      expect(b.displayable).toBe(v.displayable);
      expect(bytesToHex(a.scannable)).toBe(v.aliceScannable);
      expect(a.scannable.length).toBe(74);
      if (v.bobScannable) expect(bytesToHex(b.scannable)).toBe(v.bobScannable);
      expect(compareScannable(a.scannable, b.scannable)).toBe(true);
      expect(compareScannable(b.scannable, a.scannable)).toBe(true);
    });
  }

  it('sorts the 30-digit halves (smaller first), independent of who is local', () => {
    const r = numericFingerprint({
      version: 1,
      local: { id: utf8.encode('+14153333333'), key: bobKey },
      remote: { id: utf8.encode('+14152222222'), key: aliceKey },
    });
    expect(r.displayable).toBe(vectors.halves.alice30 + vectors.halves.bob30);
    // The scannable contents are the first 32 bytes of each party's 64-byte fingerprint.
    expect(bytesToHex(r.scannable.subarray(6, 38))).toBe(vectors.halves.bobFp.slice(0, 64));
    expect(bytesToHex(r.scannable.subarray(42, 74))).toBe(vectors.halves.aliceFp.slice(0, 64));
  });

  it('defaults to 5200 iterations and version 2', () => {
    const v = vectors.vectors[1]!;
    const r = numericFingerprint({
      local: { id: utf8.encode(v.aliceIdUtf8!), key: aliceKey },
      remote: { id: utf8.encode(v.bobIdUtf8!), key: bobKey },
    });
    expect(r.displayable).toBe(v.displayable);
    expect(bytesToHex(r.scannable)).toBe(v.aliceScannable);
  });

  it('fingerprint_encodings: protobuf layout', () => {
    const e = vectors.encodings;
    const bytes = encodeScannable({ version: e.version, local: hexToBytes(e.localHex), remote: hexToBytes(e.remoteHex) });
    expect(bytesToHex(bytes)).toBe(e.expected);
  });

  it('encodes a multi-byte version varint', () => {
    const bytes = encodeScannable({ version: 300, local: new Uint8Array(32), remote: new Uint8Array(32) });
    expect(bytesToHex(bytes.subarray(0, 3))).toBe('08ac02');
    expect(checkScannable(bytes, bytes)).toEqual({ result: 'match' }); // all-zero contents are symmetric
  });

  it('validates iterations like libsignal (2..1,000,000)', () => {
    const p = { id: new Uint8Array(1), key: aliceKey };
    for (const iterations of [-1, 0, 1, 1_000_001, 2.5, Number.NaN]) {
      expect(() => numericFingerprint({ iterations, local: p, remote: p })).toThrow(RangeError);
    }
    expect(numericFingerprint({ iterations: 2, local: p, remote: p }).displayable).toMatch(/^\d{60}$/);
  });

  it('rejects a bad version and non-byte arguments', () => {
    const p = { id: new Uint8Array(1), key: aliceKey };
    expect(() => numericFingerprint({ version: -1, local: p, remote: p })).toThrow(RangeError);
    expect(() => numericFingerprint({ version: 2 ** 32, local: p, remote: p })).toThrow(RangeError);
    expect(() => numericFingerprint({ local: { id: 'x' as unknown as Uint8Array, key: aliceKey }, remote: p })).toThrow(TypeError);
    expect(() => encodeScannable({ version: -1, local: new Uint8Array(32), remote: new Uint8Array(32) })).toThrow(RangeError);
    expect(() => encodeScannable({ version: 2, local: [1] as unknown as Uint8Array, remote: new Uint8Array(32) })).toThrow(TypeError);
  });
});

describe('compareScannable: libsignal comparison cases', () => {
  const v1 = vectors.vectors[0]!;
  const v2 = vectors.vectors[1]!;
  const aliceV1 = hexToBytes(v1.aliceScannable);
  const bobV1 = hexToBytes(v1.bobScannable!);
  const aliceV2 = hexToBytes(v2.aliceScannable);
  const bobV2 = hexToBytes(v2.bobScannable!);

  it('matches the peer code, not our own', () => {
    expect(compareScannable(aliceV2, bobV2)).toBe(true);
    expect(compareScannable(bobV2, aliceV2)).toBe(true);
    expect(compareScannable(aliceV2, aliceV2)).toBe(false);
    expect(checkScannable(bobV2, bobV2)).toEqual({ result: 'mismatch' });
  });

  it('fingerprint_mismatching_versions: version must match', () => {
    expect(checkScannable(aliceV1, bobV2)).toEqual({ result: 'version-mismatch', ours: 1, theirs: 2 });
    expect(checkScannable(aliceV2, bobV1)).toEqual({ result: 'version-mismatch', ours: 2, theirs: 1 });
    expect(compareScannable(aliceV1, bobV2)).toBe(false);
  });

  it('missing version counts as 0', () => {
    const noVersion = bobV2.subarray(2);
    expect(checkScannable(aliceV2, noVersion)).toEqual({ result: 'version-mismatch', ours: 2, theirs: 0 });
    const v0 = encodeScannable({ version: 0, local: new Uint8Array(32), remote: new Uint8Array(32) });
    expect(checkScannable(v0, v0.subarray(2))).toEqual({ result: 'match' });
  });

  it('changing byte 5 (the nested length) is a parsing error', () => {
    const bad = bobV2.slice();
    bad[5] = bad[5]! + 1;
    expect(checkScannable(aliceV2, bad)).toEqual({ result: 'malformed' });
    expect(checkScannable(bad, aliceV2)).toEqual({ result: 'malformed' });
  });

  it('missing local or remote fingerprint is a parsing error', () => {
    expect(checkScannable(aliceV2, bobV2.subarray(0, 38))).toEqual({ result: 'malformed' });
    expect(checkScannable(aliceV2, Uint8Array.of(0x08, 0x02, 0x12, 0x00, 0x1a, 0x00))).toEqual({ result: 'malformed' });
  });

  it('fields in any order and unknown fields are accepted (protobuf semantics)', () => {
    const reordered = Uint8Array.from([...bobV2.subarray(38), ...bobV2.subarray(2, 38), 0x08, 0x02]);
    expect(compareScannable(aliceV2, reordered)).toBe(true);
    const withUnknown = Uint8Array.from([...bobV2, 0x20, 0x07, 0x2a, 0x01, 0xff, 0x35, 1, 2, 3, 4, 0x39, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(compareScannable(aliceV2, withUnknown)).toBe(true);
  });

  it('repeated known fields, wrong wire types, groups and overlong varints are malformed', () => {
    const cases = [
      Uint8Array.from([...bobV2, 0x08, 0x02]),
      Uint8Array.from([...bobV2, ...bobV2.subarray(2, 38)]),
      Uint8Array.from([0x0d, 2, 0, 0, 0, ...bobV2.subarray(2)]),
      Uint8Array.from([...bobV2, 0x23, 0x24]),
      Uint8Array.from([0x08, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, ...bobV2.subarray(2)]),
      Uint8Array.from([0x08, 0x80, 0x80, 0x80, 0x80, 0x10, ...bobV2.subarray(2)]), // 2^32 > uint32
      Uint8Array.from([0x00, 0x00, ...bobV2]),
      Uint8Array.of(0x08),
      Uint8Array.of(0x12, 0x05, 0x0a),
    ];
    for (const c of cases) expect(checkScannable(aliceV2, c)).toEqual({ result: 'malformed' });
  });

  it('every truncation and every single-bit flip of the peer code fails', () => {
    for (let n = 0; n < bobV2.length; n++) expect(compareScannable(aliceV2, bobV2.subarray(0, n))).toBe(false);
    for (let i = 0; i < bobV2.length * 8; i++) {
      const flipped = bobV2.slice();
      flipped[i >> 3]! ^= 1 << (i & 7);
      expect(compareScannable(aliceV2, flipped)).toBe(false);
    }
  });

  it('never throws on arbitrary input, including non-bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.uint8Array({ maxLength: 120 }), (x, y) => {
        expect(typeof compareScannable(x, y)).toBe('boolean');
        expect(compareScannable(aliceV2, x)).toBe(false);
      }),
      { numRuns: 500 },
    );
    expect(compareScannable(null as unknown as Uint8Array, bobV2)).toBe(false);
    expect(compareScannable(aliceV2, 'bob' as unknown as Uint8Array)).toBe(false);
  });
});

describe('numericFingerprint: random identities (1024 iterations, as in libsignal)', () => {
  const aliceId = utf8.encode('+14152222222');
  const bobId = utf8.encode('+14153333333');

  it('fingerprint_matching_identifiers: both sides agree', () => {
    fc.assert(
      fc.property(randomKey, randomKey, (ka, kb) => {
        const { a, b } = pair(1, 1024, { id: aliceId, key: ka }, { id: bobId, key: kb });
        expect(a.displayable).toBe(b.displayable);
        expect(a.displayable).toMatch(/^\d{60}$/);
        expect(compareScannable(a.scannable, b.scannable)).toBe(true);
        expect(compareScannable(b.scannable, a.scannable)).toBe(true);
        expect(compareScannable(a.scannable, a.scannable)).toBe(false);
      }),
      { numRuns: 5 },
    );
  });

  it('fingerprint_mismatching_fingerprints: a MITM key is detected', () => {
    fc.assert(
      fc.property(randomKey, randomKey, randomKey, (ka, kb, km) => {
        fc.pre(bytesToHex(km) !== bytesToHex(kb));
        const a = numericFingerprint({ version: 1, iterations: 1024, local: { id: aliceId, key: ka }, remote: { id: bobId, key: km } });
        const b = numericFingerprint({ version: 1, iterations: 1024, local: { id: bobId, key: kb }, remote: { id: aliceId, key: ka } });
        expect(a.displayable).not.toBe(b.displayable);
        expect(compareScannable(a.scannable, b.scannable)).toBe(false);
        expect(compareScannable(b.scannable, a.scannable)).toBe(false);
      }),
      { numRuns: 3 },
    );
  });

  it('fingerprint_mismatching_identifiers: a wrong id is detected', () => {
    fc.assert(
      fc.property(randomKey, randomKey, (ka, kb) => {
        const a = numericFingerprint({ version: 1, iterations: 1024, local: { id: utf8.encode('+141512222222'), key: ka }, remote: { id: bobId, key: kb } });
        const b = numericFingerprint({ version: 1, iterations: 1024, local: { id: bobId, key: kb }, remote: { id: aliceId, key: ka } });
        expect(a.displayable).not.toBe(b.displayable);
        expect(compareScannable(a.scannable, b.scannable)).toBe(false);
        expect(compareScannable(b.scannable, a.scannable)).toBe(false);
      }),
      { numRuns: 3 },
    );
  });
});
