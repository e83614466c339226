/**
 * Where armor parts are in text, without decoding them (layout: armor.ts, docs/PROTOCOL.md
 * "Armor"). The content script only needs the parts' bounds to hand them to the background, which
 * re-parses everything; armor.ts builds parseArmor on this scan, so both always find the same parts
 * with the same bounds.
 */

export const ARMOR_MARKER = 'SDM1';
export const SINGLE_HEADER_DIGITS = 2;
export const MULTI_HEADER_DIGITS = 4;
export const ID_DIGITS = 8;
/** An `SDM<digit>` token of another version is reported only if this many digits follow it. */
const UNSUPPORTED_MIN_DIGITS = 16;

/** base64url alphabet (RFC 4648 §5), the one bytes.ts encodes with; also the header digits. */
export const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) DIGIT_VALUE[DIGITS.charCodeAt(i)] = i;

/**
 * Characters a page may insert inside a long token when wrapping or copying it: line breaks,
 * soft hyphen, zero-width space/joiners, word joiner, BOM. Skipped inside a part. Ordinary spaces
 * and tabs are not: they end a part.
 */
const INVISIBLE_BREAKS = new Set([0x0a, 0x0d, 0x2028, 0x2029, 0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

/** A well-formed part, its body still base64url (armor.ts decodes it). */
export interface LocatedPart {
  kind: 'part';
  id: string | undefined;
  index: number;
  count: number;
  /** The body's digits, invisible breaks removed: canonical base64url of the body bytes. */
  encodedBody: string;
  /** [start, end) covers the marker through the last body digit. */
  start: number;
  end: number;
}

/** The marker at a token start, but what follows is not a valid part. */
export interface ArmorMalformed {
  kind: 'malformed';
  reason: 'truncated' | 'header' | 'encoding';
  start: number;
  end: number;
}

/** `SDM<d>` of another armor version followed by a long token: "needs a newer version". */
export interface ArmorUnsupported {
  kind: 'unsupported';
  version: number;
  start: number;
  end: number;
}

export type LocatedArmor = LocatedPart | ArmorMalformed | ArmorUnsupported;

function isDigitChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i); // NaN past the end
  return c < 128 && DIGIT_VALUE[c]! >= 0;
}

function isBreak(text: string, i: number): boolean {
  return INVISIBLE_BREAKS.has(text.charCodeAt(i));
}

function digitsValue(chars: string): number {
  let v = 0;
  for (let i = 0; i < chars.length; i++) v = v * 64 + DIGIT_VALUE[chars.charCodeAt(i)]!;
  return v;
}

/** Base64url length of `bytes` bytes, unpadded. */
function bodyDigits(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/**
 * Reads base64url digits from `text` starting at `pos`, skipping invisible breaks, until `n` are
 * collected. Stops early at any other character, at the end, or where a break run is followed by
 * a marker "SDM<x>" (the next part or a card: a truncated part must not swallow it).
 */
function readDigits(text: string, pos: number, n: number): { chars: string; end: number } | undefined {
  const runs: string[] = [];
  let have = 0;
  let i = pos;
  for (;;) {
    const runStart = i;
    while (have < n && isDigitChar(text, i)) {
      i++;
      have++;
    }
    if (i > runStart) runs.push(text.slice(runStart, i));
    if (have === n) return { chars: runs.join(''), end: i };
    if (!isBreak(text, i)) return undefined;
    while (isBreak(text, i)) i++;
    if (readMarker(text, i)) return undefined;
  }
}

/** Reads "SDM" + one char at `pos` (breaks allowed in between); returns that char and the end. */
function readMarker(text: string, pos: number): { version: string; end: number } | undefined {
  let i = pos;
  for (const expected of 'SDM') {
    while (isBreak(text, i)) i++;
    if (text[i] !== expected) return undefined;
    i++;
  }
  while (isBreak(text, i)) i++;
  if (i >= text.length) return undefined;
  return { version: text[i]!, end: i + 1 };
}

/**
 * Unused low bits of the last digit are zero (bytes.ts fromBase64url's rule), so each body has one
 * encoding and a part located here always decodes.
 */
function isCanonical(chars: string): boolean {
  const spareBits = (chars.length * 6) % 8;
  return (DIGIT_VALUE[chars.charCodeAt(chars.length - 1)]! & ((1 << spareBits) - 1)) === 0;
}

/** Locates one v1 part whose marker ends at `pos`. */
function locatePart(text: string, start: number, pos: number): LocatedPart | ArmorMalformed {
  const malformed = (reason: ArmorMalformed['reason'], end: number): ArmorMalformed => ({ kind: 'malformed', reason, start, end });
  const h = readDigits(text, pos, SINGLE_HEADER_DIGITS);
  if (!h) return malformed('truncated', pos);
  let word = digitsValue(h.chars);
  let id: string | undefined;
  let index = 0;
  let count = 1;
  let at = h.end;
  if (word >= 0x800) {
    const h2 = readDigits(text, at, MULTI_HEADER_DIGITS - SINGLE_HEADER_DIGITS + ID_DIGITS);
    if (!h2) return malformed('truncated', at);
    word = word * 64 ** 2 + digitsValue(h2.chars.slice(0, 2));
    id = h2.chars.slice(2);
    count = Math.floor(word / 0x20000) % 64 + 1;
    index = Math.floor(word / 0x800) % 64;
    at = h2.end;
    if (count < 2 || index >= count) return malformed('header', at);
  }
  const len = word % 0x800;
  if (len === 0) return malformed('header', at);
  const b = readDigits(text, at, bodyDigits(len));
  if (!b) return malformed('truncated', at);
  if (!isCanonical(b.chars)) return malformed('encoding', b.end);
  return { kind: 'part', id, index, count, encodedBody: b.chars, start, end: b.end };
}

/** Counts digits (through breaks) after `pos`, up to `limit`. */
function digitRun(text: string, pos: number, limit: number): { n: number; end: number } {
  let n = 0;
  let i = pos;
  while (n < limit) {
    while (isBreak(text, i)) i++;
    if (i >= text.length || !isDigitChar(text, i)) break;
    n++;
    i++;
  }
  return { n, end: i };
}

/**
 * Finds every armor part in arbitrary text (a DM bubble, several bubbles, pasted text). A marker
 * counts only at a token start: at the beginning, after a non-digit character, or directly after
 * the previous part, so `SDM1` inside a card code (`SDMKEY1...`) or inside a body is not a part.
 * Never throws; non-string input yields [].
 */
export function locateArmor(text: string): LocatedArmor[] {
  if (typeof text !== 'string') return [];
  const found: LocatedArmor[] = [];
  let from = 0;
  let lastPartEnd = -1;
  while (from < text.length) {
    const s = text.indexOf('S', from);
    if (s < 0) break;
    from = s + 1;
    if (s > 0 && s !== lastPartEnd && isDigitChar(text, s - 1)) continue;
    const marker = readMarker(text, s);
    if (!marker) continue;
    if (marker.version === '1') {
      const part = locatePart(text, s, marker.end);
      found.push(part);
      if (part.kind === 'part') {
        from = part.end;
        lastPartEnd = part.end;
      }
    } else if (marker.version >= '2' && marker.version <= '9') {
      const run = digitRun(text, marker.end, UNSUPPORTED_MIN_DIGITS);
      if (run.n === UNSUPPORTED_MIN_DIGITS) {
        found.push({ kind: 'unsupported', version: Number(marker.version), start: s, end: run.end });
        from = run.end;
      }
    }
  }
  return found;
}
