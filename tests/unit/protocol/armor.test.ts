import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  armor,
  MAX_PART_CHARS,
  parseArmor,
  reassemble,
  type ArmorMessagePart,
  type ArmorPart,
} from '../../../src/protocol/armor';
import { toBase64url } from '../../../src/encoding/bytes';
import { createCard, encodeCard } from '../../../src/protocol/card';
import { createIdentity } from '../../../src/protocol/identity';
import vectors from './vectors/armor.json';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const T0 = Date.UTC(2025, 0, 1);
const ALPHABET = /^[A-Za-z0-9_-]+$/;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Independent reading of the documented header layout (docs/PROTOCOL.md, Armor). */
function readHeader(part: string): { multi: boolean; count: number; index: number; len: number; id?: string; body: string } {
  expect(part.startsWith('SDM1')).toBe(true);
  const d = (i: number) => B64.indexOf(part[4 + i]!);
  const w12 = d(0) * 64 + d(1);
  if (w12 < 2048) return { multi: false, count: 1, index: 0, len: w12, body: part.slice(6) };
  const w24 = w12 * 4096 + d(2) * 64 + d(3);
  return {
    multi: true,
    count: ((w24 >> 17) & 63) + 1,
    index: (w24 >> 11) & 63,
    len: w24 & 2047,
    id: part.slice(8, 16),
    body: part.slice(16),
  };
}

function partsOf(found: ArmorPart[]): ArmorMessagePart[] {
  return found.filter((p): p is ArmorMessagePart => p.kind === 'part');
}

// size 'max': lengths spread over the whole range (fast-check's default favours tiny arrays).
const payloadArb = (max: number, min = 1) => fc.uint8Array({ minLength: min, maxLength: max, size: 'max' });
/** Text that cannot contain a marker: no capital S. */
const noiseArb = fc.string({ maxLength: 40 }).map((s) => s.replace(/S/g, 's'));
const separatorArb = fc.constantFrom(' ', '\n', '  \n\t', ' some words ', '\u00a0', '', '. ', '\n\n');
const breakArb = fc.constantFrom('\n', '\r\n', '\u200b', '\u00ad', '\u2060', '\ufeff', '\u200d');

describe('armor: known-answer vectors', () => {
  for (const v of vectors.vectors) {
    it(v.name, () => {
      const payload = hexToBytes(v.payloadHex);
      const opts = 'maxPartChars' in v ? { maxPartChars: v.maxPartChars as number } : {};
      expect(armor(payload, opts)).toEqual(v.parts);
      // The strings follow the documented layout.
      let joined = '';
      v.parts.forEach((part, i) => {
        const h = readHeader(part);
        expect(h.count).toBe(v.parts.length);
        expect(h.index).toBe(i);
        expect(h.body.length).toBe(Math.ceil((h.len * 4) / 3));
        if (h.multi) expect(h.id).toBe(toBase64url(sha256(payload).subarray(0, 6)));
        joined += h.body;
      });
      if (v.parts.length === 1) expect(v.parts[0]!.slice(6)).toBe(toBase64url(payload));
      const r = reassemble(parseArmor(v.parts.join(' ')));
      expect(r.ok && bytesToHex(r.payload)).toBe(v.payloadHex);
      expect(joined.length).toBeGreaterThan(0);
    });
  }
});

describe('armor: shape of the output', () => {
  it('single part costs exactly 6 characters over base64url', () => {
    fc.assert(
      fc.property(payloadArb(670), (payload) => {
        const parts = armor(payload);
        expect(parts).toHaveLength(1);
        expect(parts[0]!.length).toBe(6 + Math.ceil((payload.length * 4) / 3));
      }),
      { numRuns: RUNS },
    );
  });

  it('parts never exceed maxPartChars (<= 900) and use only [A-Za-z0-9_-] after the marker', () => {
    fc.assert(
      fc.property(payloadArb(8192), fc.integer({ min: 200, max: 900 }), (payload, maxPartChars) => {
        for (const opts of [{}, { maxPartChars }]) {
          const parts = armor(payload, opts);
          for (const p of parts) {
            expect(p.length).toBeLessThanOrEqual(opts.maxPartChars ?? MAX_PART_CHARS);
            expect(p.startsWith('SDM1')).toBe(true);
            expect(p.slice(4)).toMatch(ALPHABET);
            expect(p).not.toMatch(/[@#:./]/);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('multi-part messages split evenly (part lengths differ by at most one byte)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 671, max: 8192 }), (n) => {
        const lens = armor(new Uint8Array(n)).map((p) => readHeader(p).len);
        expect(lens.reduce((a, b) => a + b, 0)).toBe(n);
        expect(Math.max(...lens) - Math.min(...lens)).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it('rejects an empty or too large payload and a bad maxPartChars', () => {
    expect(() => armor(new Uint8Array(0))).toThrow(RangeError);
    expect(() => armor(new Uint8Array(64 * 663 + 1))).toThrow(RangeError);
    expect(armor(new Uint8Array(64 * 663))).toHaveLength(64);
    for (const maxPartChars of [23, 901, 100.5, Number.NaN]) {
      expect(() => armor(new Uint8Array(10), { maxPartChars })).toThrow(RangeError);
    }
  });
});

describe('armor: round trips', () => {
  it('any size up to 8 KB, any arrival order, duplicates, any separators', () => {
    fc.assert(
      fc.property(
        payloadArb(8192),
        fc.integer({ min: 200, max: 900 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 80 }),
        fc.array(separatorArb, { minLength: 1, maxLength: 5 }),
        (payload, maxPartChars, picks, seps) => {
          const parts = armor(payload, { maxPartChars });
          // Every part at least once, plus random duplicates, in a random order.
          const delivered = [...parts, ...picks.map((k) => parts[k % parts.length]!)];
          const order = delivered.map((p, i) => ({ p, k: picks[i % picks.length]! * 7919 + i })).sort((a, b) => a.k - b.k);
          const text = order.map((o, i) => o.p + seps[i % seps.length]!).join('');
          const found = parseArmor(text);
          expect(found.every((f) => f.kind === 'part')).toBe(true);
          expect(found).toHaveLength(delivered.length);
          const r = reassemble(found);
          expect(r.ok).toBe(true);
          if (r.ok) expect(bytesToHex(r.payload)).toBe(bytesToHex(payload));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('incomplete until the last part arrives, whichever it is', () => {
    fc.assert(
      fc.property(payloadArb(4000, 671), fc.nat(), (payload, k) => {
        const parts = armor(payload).map((p) => partsOf(parseArmor(p))[0]!);
        const missingIndex = k % parts.length;
        const some = parts.filter((_, i) => i !== missingIndex);
        const r = reassemble(some);
        expect(r).toEqual({ ok: false, error: 'incomplete', have: parts.length - 1, need: parts.length, missing: [missingIndex] });
        expect(reassemble([...some, parts[missingIndex]!]).ok).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parseArmor: finding parts in page text', () => {
  it('finds parts inside surrounding noise with their offsets', () => {
    fc.assert(
      fc.property(payloadArb(2000), noiseArb, noiseArb, (payload, before, after) => {
        const parts = armor(payload);
        const text = `${before} ${parts.join(' ')} ${after}`;
        const found = partsOf(parseArmor(text));
        expect(found.map((f) => text.slice(f.start, f.end))).toEqual(parts);
      }),
      { numRuns: RUNS },
    );
  });

  it('skips line breaks and zero-width characters the page inserts anywhere inside a part', () => {
    fc.assert(
      fc.property(
        payloadArb(2000),
        fc.array(fc.tuple(fc.nat(), breakArb), { maxLength: 12 }),
        (payload, inserts) => {
          const parts = armor(payload).map((p) => {
            let s = p;
            for (const [at, br] of inserts) {
              const i = at % (s.length + 1);
              s = s.slice(0, i) + br + s.slice(i);
            }
            return s;
          });
          const r = reassemble(parseArmor(parts.join('\n')));
          expect(r.ok && bytesToHex(r.payload)).toBe(bytesToHex(payload));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('parts glued together without separators, and text glued after a part', () => {
    const payload = new Uint8Array(3000).map((_, i) => i);
    const parts = armor(payload);
    const found = parseArmor(parts.join('') + 'trailing words');
    expect(found.map((f) => f.kind)).toEqual(parts.map(() => 'part'));
    expect(reassemble(found).ok).toBe(true);
  });

  it('no parts in random text without a marker, and no exceptions on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (text) => {
        const found = parseArmor(text);
        if (!text.includes('S')) expect(found).toEqual([]);
        expect(partsOf(found).every((p) => text.slice(p.start, p.end).replace(/[^A-Za-z0-9_-]/g, '').startsWith('SDM1'))).toBe(true);
      }),
      { numRuns: RUNS * 10 },
    );
    // Base64url-looking tokens are the realistic near-miss: they only match with the marker at a token start.
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom(...B64), maxLength: 60 }), { maxLength: 20 }), (tokens) => {
        const text = tokens.join(' ');
        const found = parseArmor(text);
        if (!tokens.some((t) => t.startsWith('SDM'))) expect(found).toEqual([]);
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('a card code is never taken for a message, even with SDM1 inside its body', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...B64), minLength: 20, maxLength: 300 }), fc.nat(), (body, at) => {
        const i = at % (body.length + 1);
        const card = 'SDMKEY1' + body.slice(0, i) + 'SDM1' + body.slice(i);
        expect(parseArmor(card)).toEqual([]);
        expect(parseArmor(`my code: ${card} thanks`)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('real contact cards (src/protocol/card.ts) are never taken for messages', () => {
    for (let i = 0; i < 5; i++) {
      const made = createCard(createIdentity(T0), { name: `Person ${i}`, instagram: `person.${i}` }, T0);
      expect(made.ok).toBe(true);
      if (!made.ok) continue;
      const code = encodeCard(made.card);
      expect(parseArmor(code)).toEqual([]);
      expect(parseArmor(`here is my code\n${code}\nadd me`)).toEqual([]);
      // And a message next to a card is still found, with the card left alone.
      const part = armor(made.card.bytes)[0]!;
      expect(parseArmor(`${code} ${part}`).map((f) => f.kind)).toEqual(['part']);
    }
  });

  it('a marker inside a longer token is not a part', () => {
    const part = armor(new Uint8Array([1, 2, 3]))[0]!;
    expect(parseArmor('x' + part)).toEqual([]);
    expect(parseArmor('_' + part)).toEqual([]);
    expect(partsOf(parseArmor('.' + part))).toHaveLength(1);
    expect(partsOf(parseArmor('(' + part + ')'))).toHaveLength(1);
  });

  it('reports malformed marker occurrences with a reason and keeps going', () => {
    const good = armor(new Uint8Array([9, 9, 9]))[0]!;
    const cases: [string, string][] = [
      ['SDM1', 'truncated'],
      ['SDM1 hello', 'truncated'],
      ['SDM1A', 'truncated'],
      ['SDM1AA', 'header'], // length 0
      ['SDM1ABC', 'truncated'], // length 1 needs 2 body digits
      ['SDM1ABAB', 'encoding'], // non-zero trailing bits
      ['SDM1gAAB' + 'AAAAAAAA' + 'AA', 'header'], // multi with count 1
      ['SDM1ghAB' + 'AAAAAAAA' + 'AA', 'header'], // index 2 of 2
      ['SDM1ggAB' + 'AAAA', 'truncated'], // id cut short
    ];
    for (const [text, reason] of cases) {
      const found = parseArmor(`${text} ${good}`);
      expect(found[0]).toMatchObject({ kind: 'malformed', reason, start: 0 });
      expect(found[1]).toMatchObject({ kind: 'part', body: new Uint8Array([9, 9, 9]) });
      expect(found).toHaveLength(2);
    }
  });

  it('a truncated part does not swallow the next part after a line break', () => {
    const a = armor(new Uint8Array(100).fill(1))[0]!;
    const b = armor(new Uint8Array(100).fill(2))[0]!;
    const found = parseArmor(a.slice(0, 50) + '\n' + b);
    expect(found[0]).toMatchObject({ kind: 'malformed', reason: 'truncated' });
    expect(found[1]).toMatchObject({ kind: 'part', body: new Uint8Array(100).fill(2) });
    // Also when the page broke the next marker itself, or a card code follows.
    const broken = parseArmor(a.slice(0, 50) + '\r\n' + b.slice(0, 2) + '\u200b' + b.slice(2));
    expect(broken.map((f) => f.kind)).toEqual(['malformed', 'part']);
    expect(parseArmor(a.slice(0, 50) + '\nSDMKEY1' + 'A'.repeat(300))).toEqual([
      { kind: 'malformed', reason: 'truncated', start: 0, end: 6 },
    ]);
  });

  it('reports other armor versions as unsupported, but not short SDM<digit> words', () => {
    expect(parseArmor('SDM2' + 'A'.repeat(16))).toEqual([{ kind: 'unsupported', version: 2, start: 0, end: 20 }]);
    expect(parseArmor('the SDM2 and SDM3000 models')).toEqual([]);
    expect(parseArmor('SDM0' + 'A'.repeat(40))).toEqual([]);
  });

  it('returns [] for non-string input', () => {
    expect(parseArmor(undefined as unknown as string)).toEqual([]);
    expect(parseArmor(42 as unknown as string)).toEqual([]);
  });
});

describe('reassemble: damaged and mixed inputs', () => {
  const payload = new Uint8Array(2000).map((_, i) => (i * 13) & 0xff);
  const parts = armor(payload);
  const parsed = parts.map((p) => partsOf(parseArmor(p))[0]!);

  it('a conflicting duplicate is inconsistent; an exact duplicate is fine', () => {
    const forged = { ...parsed[1]!, body: parsed[1]!.body.map((b) => b ^ 1) };
    expect(reassemble([...parsed, forged])).toEqual({ ok: false, error: 'inconsistent' });
    expect(reassemble([...parsed, { ...parsed[1]!, body: parsed[1]!.body.slice() }]).ok).toBe(true);
    const single = partsOf(parseArmor(armor(Uint8Array.of(1))[0]!))[0]!;
    const other = partsOf(parseArmor(armor(Uint8Array.of(2))[0]!))[0]!;
    expect(reassemble([single, single]).ok).toBe(true);
    expect(reassemble([single, other])).toEqual({ ok: false, error: 'inconsistent' });
  });

  it('parts of different messages are inconsistent', () => {
    const otherParts = partsOf(parseArmor(armor(payload.map((b) => b ^ 0xff)).join(' ')));
    expect(reassemble([parsed[0]!, otherParts[1]!])).toEqual({ ok: false, error: 'inconsistent' });
    const single = partsOf(parseArmor(armor(Uint8Array.of(1))[0]!))[0]!;
    expect(reassemble([parsed[0]!, single])).toEqual({ ok: false, error: 'inconsistent' });
  });

  it('any one changed digit in a multi-part body is never accepted (corrupt or malformed)', () => {
    const target = parts[2]!;
    for (let i = 16; i < target.length; i++) {
      const c = target[i]!;
      const changed = target.slice(0, i) + (c === 'A' ? 'B' : 'A') + target.slice(i + 1);
      const found = parseArmor([parts[0], parts[1], changed, parts[3]].join(' '));
      const r = reassemble(found);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['corrupt', 'incomplete']).toContain(r.error);
    }
  });

  it('only malformed entries, nothing, or junk objects give malformed, never an exception', () => {
    expect(reassemble(parseArmor('SDM1'))).toEqual({ ok: false, error: 'malformed' });
    expect(reassemble([])).toEqual({ ok: false, error: 'malformed' });
    const junk = [
      null,
      { kind: 'part' },
      { ...parsed[0]!, index: 9 },
      { ...parsed[0]!, index: -1 },
      { ...parsed[0]!, count: 1 },
      { ...parsed[0]!, id: 7 },
      { ...parsed[0]!, body: [1, 2, 3] },
      { ...parsed[0]!, body: new Uint8Array(0) },
    ] as unknown as ArmorPart[];
    for (const j of junk) expect(reassemble([j])).toEqual({ ok: false, error: 'malformed' });
    expect(reassemble(undefined as unknown as ArmorPart[])).toEqual({ ok: false, error: 'malformed' });
  });
});
