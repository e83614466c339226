import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromBase64url, toBase64url, utf8 } from '../../../src/encoding/bytes';
import { sign } from '../../../src/crypto/keys';
import {
  CARD_FIXED_LEN,
  CARD_TEXT_PREFIX,
  cardBytes,
  createCard,
  decodeCard,
  decodeCardBytes,
  encodeCard,
  findCards,
  isValidName,
  normalizeInstagram,
} from '../../../src/protocol/card';
import { readIdentity } from '../../../src/protocol/identity';
import { sameIdentity } from '../../../src/protocol/ids';
import { flipBit, makeParty, RUNS, T0 } from './helpers';

const alice = makeParty('card-alice', 'Alice');
const made = createCard(alice.identity, { name: 'Alice Liddell', instagram: '@Alice.Liddell' }, T0);
if (!made.ok) throw new Error('setup');
const card = made.card;
const code = encodeCard(card);

/** Re-signs modified card bytes with Alice's key, so only the targeted check can fail. */
function resign(bytes: Uint8Array): Uint8Array {
  const keys = readIdentity(alice.identity)!;
  const out = bytes.slice();
  const body = out.subarray(0, out.length - 64);
  out.set(sign(keys.signing.secret, concatBytes(utf8.encode('SealedDMs/1 card'), body)), out.length - 64);
  return out;
}

function textOf(bytes: Uint8Array): string {
  return CARD_TEXT_PREFIX + toBase64url(concatBytes(bytes, sha256(bytes).slice(0, 4)));
}

describe('contact card', () => {
  it('round-trips its own code and QR bytes', () => {
    expect(code.startsWith('SDMKEY1')).toBe(true);
    expect(code).toMatch(/^SDMKEY1[A-Za-z0-9_-]+$/);
    const back = decodeCard(code);
    expect(back).toMatchObject({ ok: true, card: { name: 'Alice Liddell', instagram: 'alice.liddell', version: 1 } });
    if (!back.ok) return;
    expect(sameIdentity(back.card, card)).toBe(true);
    expect(back.card.prekey.id).toBe(alice.identity.prekeys[0]!.id);
    expect(back.card.created).toBe(Math.floor(T0 / 1000));
    expect(decodeCardBytes(cardBytes(card))).toMatchObject({ ok: true, card: { name: 'Alice Liddell' } });
    expect(cardBytes(card).length).toBe(CARD_FIXED_LEN + 'Alice Liddell'.length + 'alice.liddell'.length);
  });

  it('matches the documented layout', () => {
    const b = cardBytes(card);
    expect(b[0]).toBe(1);
    expect((b[1]! << 8) | b[2]!).toBe(b.length);
    expect(b.slice(3, 35)).toEqual(card.signingKey);
    expect(b.slice(35, 67)).toEqual(card.agreementKey);
    expect(b.slice(67, 83)).toEqual(card.deviceId);
    expect(b.slice(91, 123)).toEqual(card.prekey.publicKey);
    expect(b[187]).toBe(13);
    expect(utf8.decode(b.slice(188, 201))).toBe('Alice Liddell');
    expect(b[201]).toBe(13);
    const decoded = fromBase64url(code.slice(7))!;
    expect(decoded.slice(0, b.length)).toEqual(b);
    expect(decoded.slice(b.length)).toEqual(sha256(b).slice(0, 4));
  });

  it('tolerates whitespace, line breaks and surrounding text', () => {
    const wrapped = code.replace(/(.{40})/g, '$1\n  ');
    expect(decodeCard(`  ${wrapped}\n`).ok).toBe(true);
    expect(decodeCard(`Add me on Sealed DMs: ${code} thanks!`).ok).toBe(true);
    expect(decodeCard(`${code.slice(0, 100)} \t\r\n ${code.slice(100)}`).ok).toBe(true);
  });

  it('reports truncation distinctly from a typo', () => {
    for (const cut of [7, 8, 10, 50, code.length - 1, code.length - 5]) {
      expect(decodeCard(code.slice(0, cut)), `cut at ${cut}`).toEqual({ ok: false, error: 'truncated' });
    }
    expect(decodeCard('SDMKEY')).toEqual({ ok: false, error: 'truncated' });
    // A mistyped character (not in the first four, which hold the length).
    for (const at of [12, 100, code.length - 3]) {
      const c = code[at] === 'A' ? 'B' : 'A';
      expect(decodeCard(code.slice(0, at) + c + code.slice(at + 1)), `typo at ${at}`).toEqual({ ok: false, error: 'bad-checksum' });
    }
    // A dropped character in the middle is a checksum error or a truncation, never accepted.
    const dropped = decodeCard(code.slice(0, 60) + code.slice(61));
    expect(dropped.ok).toBe(false);
  });

  it('rejects a bad signature, a future version and junk', () => {
    const b = cardBytes(card);
    const forged = b.slice();
    forged[b.length - 1]! ^= 1; // signature byte
    expect(decodeCard(textOf(forged))).toEqual({ ok: false, error: 'bad-signature' });
    expect(decodeCardBytes(forged)).toEqual({ ok: false, error: 'bad-signature' });
    const renamed = b.slice();
    renamed[188] = 'B'.charCodeAt(0); // name changed, checksum recomputed: signature must fail
    expect(decodeCard(textOf(renamed))).toEqual({ ok: false, error: 'bad-signature' });
    const badPrekey = b.slice();
    badPrekey[123]! ^= 1; // prekey signature, card re-signed
    expect(decodeCard(textOf(resign(badPrekey)))).toEqual({ ok: false, error: 'bad-signature' });

    expect(decodeCard('SDMKEY2' + code.slice(7))).toEqual({ ok: false, error: 'unsupported-version' });
    const v2 = b.slice();
    v2[0] = 2;
    expect(decodeCard(textOf(v2))).toEqual({ ok: false, error: 'unsupported-version' });
    expect(decodeCardBytes(v2)).toEqual({ ok: false, error: 'unsupported-version' });

    for (const junk of ['', 'hello', 'SDMKEYx', 'sdmkey1' + code.slice(7), 42, null, undefined]) {
      const r = decodeCard(junk as string);
      expect(r.ok).toBe(false);
    }
    expect(decodeCard('hello')).toEqual({ ok: false, error: 'malformed' });
  });

  it('rejects invalid fields even when correctly signed', () => {
    const b = cardBytes(card);
    const ctrl = b.slice();
    ctrl[188] = 0x07; // BEL in the display name
    expect(decodeCard(textOf(resign(ctrl)))).toEqual({ ok: false, error: 'malformed' });
    const upper = b.slice();
    upper[202] = 'A'.charCodeAt(0); // uppercase username
    expect(decodeCard(textOf(resign(upper)))).toEqual({ ok: false, error: 'malformed' });
    const zeroKey = b.slice();
    zeroKey.fill(0, 35, 67); // X25519 identity key of small order
    expect(decodeCard(textOf(resign(zeroKey)))).toEqual({ ok: false, error: 'malformed' });
  });

  it('rejects every single-bit flip of the text form and of the QR bytes', () => {
    const raw = fromBase64url(code.slice(7))!;
    for (let bit = 0; bit < raw.length * 8; bit++) {
      const r = decodeCard(CARD_TEXT_PREFIX + toBase64url(flipBit(raw, bit)));
      if (r.ok) throw new Error(`text bit ${bit} accepted`);
    }
    // Without a checksum each flip reaches signature verification: sample one bit per byte.
    const b = cardBytes(card);
    for (let i = 0; i < b.length; i++) {
      if (decodeCardBytes(flipBit(b, i * 8 + (i % 8))).ok) throw new Error(`byte ${i} accepted`);
    }
  });

  it('rejects every truncation and extension', () => {
    for (let len = 0; len < code.length; len++) expect(decodeCard(code.slice(0, len)).ok).toBe(false);
    const b = cardBytes(card);
    for (let len = 0; len < b.length; len++) expect(decodeCardBytes(b.subarray(0, len)).ok).toBe(false);
    expect(decodeCardBytes(concatBytes(b, new Uint8Array(1)))).toEqual({ ok: false, error: 'malformed' });
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), fc.boolean(), (s, prefixed) => {
        const r = decodeCard(prefixed ? `SDMKEY1${s}` : s);
        expect(r.ok).toBe(false);
        expect(Array.isArray(findCards(s))).toBe(true);
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('validates names and Instagram usernames', () => {
    expect(isValidName('Zoë 🌸')).toBe(true);
    expect(isValidName('')).toBe(true);
    expect(isValidName('x'.repeat(65))).toBe(false);
    expect(isValidName('evil\u202Eeman')).toBe(false);
    expect(isValidName('two\nlines')).toBe(false);
    expect(normalizeInstagram(' @Some.User_1 ')).toBe('some.user_1');
    expect(normalizeInstagram('no spaces')).toBeUndefined();
    expect(normalizeInstagram('x'.repeat(31))).toBeUndefined();
    expect(createCard(alice.identity, { name: 'a\u0000b' }, T0)).toEqual({ ok: false, error: 'malformed' });
    expect(createCard(alice.identity, { name: 'ok', instagram: 'bad name' }, T0)).toEqual({ ok: false, error: 'malformed' });
    expect(createCard({} as never, { name: 'ok' }, T0)).toEqual({ ok: false, error: 'bad-state' });
    const noIg = createCard(alice.identity, { name: 'ok', instagram: '' }, T0);
    expect(noIg.ok && noIg.card.instagram).toBeUndefined();
  });
});

describe('findCards', () => {
  const bob = makeParty('card-bob', 'Bob').card;
  const bobCode = encodeCard(bob);

  it('finds every code in surrounding text, and only up to its declared length', () => {
    const text = `hey, here is mine: ${code}and Bob's:\n${bobCode.slice(0, 50)}\n${bobCode.slice(50)} bye`;
    const found = findCards(text);
    expect(found).toEqual([code, bobCode]);
    expect(found.map((f) => decodeCard(f).ok)).toEqual([true, true]);
    // Letters right after a complete code are not swallowed.
    expect(findCards(`${code}xyz`)).toEqual([code]);
  });

  it('returns damaged candidates so the caller can say what is wrong', () => {
    const found = findCards(`look ${code.slice(0, 80)}`);
    expect(found).toHaveLength(1);
    expect(decodeCard(found[0]!)).toEqual({ ok: false, error: 'truncated' });
    expect(findCards('nothing here SDMKEY')).toEqual([]);
  });
});
