/**
 * locateArmor (what the content script runs to find armor in bubbles) must find exactly the parts
 * parseArmor finds (what the background runs), with the same bounds, on the armor vectors and on
 * mutated armor text like the fuzz run's.
 */
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../../src/encoding/bytes';
import { armor, parseArmor } from '../../../src/protocol/armor';
import { locateArmor } from '../../../src/protocol/armor-locate';
import { prng } from './helpers';
import vectors from './vectors/armor.json';

/** parseArmor's result in locateArmor's form (the body as the base64url digits it was read from). */
function parsedAsLocated(text: string): unknown[] {
  return parseArmor(text).map((p) => {
    if (p.kind !== 'part') return p;
    const { body, ...rest } = p;
    return { ...rest, encodedBody: toBase64url(body) };
  });
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INSERT = ['SDM1', 'SDMKEY1', 'SDM', 'SDM2AAAAAAAAAAAAAAAAAAAA', '\n', '\r\n', ' ', '\u200b', '\u00ad', '\ufeff', '\u2028', '@', 'A', 'g', '-', '_', '🙂', '\u0000'];
const SEPARATORS = ['', ' ', '\n', '\u200b', ' text '];

function mutatedCorpus(seed: number, n: number): string[] {
  const rand = prng(seed);
  const int = (k: number): number => Math.floor(rand() * k);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const base: string[] = vectors.vectors.map((v) => v.parts.join(pick(SEPARATORS)));
  for (let i = 0; i < 60; i++) {
    const payload = Uint8Array.from({ length: 1 + int(rand() < 0.7 ? 200 : 2500) }, () => int(256));
    base.push(armor(payload, { maxPartChars: 200 + int(701) }).join(pick(SEPARATORS)));
  }
  const out = [...base];
  while (out.length < n) {
    let s = pick(base);
    for (let r = 1 + int(3); r > 0; r--) {
      const i = int(s.length + 1);
      const j = Math.min(i, Math.max(0, s.length - 1));
      switch (int(6)) {
        case 0:
          s = s.slice(0, j) + String.fromCharCode(s.charCodeAt(j) ^ (1 << int(16))) + s.slice(j + 1); // bit flip
          break;
        case 1:
          s = s.slice(0, i); // truncate
          break;
        case 2:
          s = s.slice(0, i) + pick(INSERT) + s.slice(i); // insert
          break;
        case 3: {
          const other = pick(base);
          s = s.slice(0, i) + other.slice(int(other.length + 1)); // splice
          break;
        }
        case 4:
          s = s.slice(0, j) + B64[int(64)]! + s.slice(j + 1); // one digit changed (often non-canonical)
          break;
        default:
          s = s.slice(0, i) + s.slice(i + 1 + int(8)); // delete a few
      }
    }
    out.push(s);
  }
  return out;
}

describe('locateArmor', () => {
  it('finds what parseArmor finds on the armor vectors', () => {
    for (const v of vectors.vectors) {
      for (const sep of SEPARATORS) {
        const text = v.parts.join(sep);
        expect(locateArmor(text)).toEqual(parsedAsLocated(text));
        expect(locateArmor(text).filter((p) => p.kind === 'part')).toHaveLength(v.parts.length);
      }
    }
  });

  it('finds what parseArmor finds on mutated armor text, including non-canonical bodies', () => {
    let encoding = 0;
    for (const text of mutatedCorpus(0x10ca7e, 4000)) {
      const located = locateArmor(text);
      expect(located, JSON.stringify(text)).toEqual(parsedAsLocated(text));
      encoding += located.filter((p) => p.kind === 'malformed' && p.reason === 'encoding').length;
    }
    expect(encoding).toBeGreaterThan(0); // the corpus does reach the canonical-encoding rule
  });

  it('a non-canonical body is malformed, so a part glued after it is not at a token start', () => {
    // 'SDM1ABAB': a 1-byte body 'AB' whose unused bits are not zero; the next part follows directly.
    const text = `SDM1ABAB${armor(Uint8Array.of(7))[0]!}`;
    expect(locateArmor(text)).toEqual([{ kind: 'malformed', reason: 'encoding', start: 0, end: 8 }]);
    expect(locateArmor(text)).toEqual(parsedAsLocated(text));
  });
});
