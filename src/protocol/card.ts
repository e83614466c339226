/**
 * Contact card: the out-of-band invite (docs/PROTOCOL.md "Contact card").
 *
 * Binary layout (big-endian integers), L = 253 + n + m bytes:
 *   0    1   version (0x01)
 *   1    2   L, total card length including this header and the signature
 *   3    32  Ed25519 identity public key
 *   35   32  X25519 identity public key
 *   67   16  device id
 *   83   4   created, unix seconds
 *   87   4   signed prekey id (non-zero)
 *   91   32  signed prekey public key (X25519)
 *   123  64  prekey signature: Ed25519("SealedDMs/1 prekey" || id || prekey public key)
 *   187  1   n, display name length in bytes (0..64)
 *   188  n   display name, UTF-8 (no control, bidi-control or line-separator characters)
 *   .    1   m, Instagram username length (0..30; 0 = none)
 *   .    m   Instagram username, ASCII [a-z0-9._]
 *   L-64 64  card signature: Ed25519("SealedDMs/1 card" || bytes[0 .. L-64))
 *
 * Text form: "SDMKEY1" || base64url(card || SHA-256(card)[0..4]). The declared length L tells a
 * truncated code ('truncated') apart from a mistyped one ('bad-checksum'); whitespace inside a
 * pasted code is ignored. The QR form is the card bytes alone (QR has its own error correction).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, equalBytes, fromBase64url, toBase64url, utf8 } from '../encoding/bytes';
import { isValidEd25519Public, isValidX25519Public, KEY_LEN, sign, SIGNATURE_LEN, verify } from '../crypto/keys';
import { readIdentity, verifyPrekey, type IdentityState } from './identity';
import { DEVICE_ID_LEN, type PublicIdentity } from './ids';

export const CARD_VERSION = 1;
export const CARD_PREFIX = 'SDMKEY';
export const CARD_TEXT_PREFIX = `${CARD_PREFIX}${CARD_VERSION}`;
export const CHECKSUM_LEN = 4;
export const MAX_NAME_BYTES = 64;
export const MAX_INSTAGRAM_LEN = 30;
/** Length of a card with empty name and no username. */
export const CARD_FIXED_LEN = 188 + 1 + SIGNATURE_LEN;
export const CARD_MAX_LEN = CARD_FIXED_LEN + MAX_NAME_BYTES + MAX_INSTAGRAM_LEN;

const CARD_SIGNATURE_LABEL = utf8.encode('SealedDMs/1 card');
const HEADER_CHARS = 4; // base64url of the first 3 bytes: version and L

export interface ContactCard extends PublicIdentity {
  version: typeof CARD_VERSION;
  /** Unix seconds when the card was made. */
  created: number;
  prekey: { id: number; publicKey: Uint8Array; signature: Uint8Array };
  name: string;
  instagram: string | undefined;
  signature: Uint8Array;
  /** The exact signed encoding (what cardBytes returns). */
  bytes: Uint8Array;
}

export type CardError = 'malformed' | 'truncated' | 'bad-checksum' | 'bad-signature' | 'unsupported-version';
export type CardResult = { ok: true; card: ContactCard } | { ok: false; error: CardError };

// Display names are shown next to security decisions: refuse characters that can hide or reorder
// text (C0/C1 controls, bidi controls, line/paragraph separators).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;
const INSTAGRAM_RE = /^[a-z0-9._]{1,30}$/;

/** Display name accepted on a card (the caller trims if it wants to). */
export function isValidName(name: string): boolean {
  if (typeof name !== 'string' || FORBIDDEN_NAME_CHARS.test(name)) return false;
  return utf8.encode(name).length <= MAX_NAME_BYTES && utf8.decode(utf8.encode(name)) === name;
}

/** "@Some.User" -> "some.user"; undefined if it cannot be an Instagram username. */
export function normalizeInstagram(username: string): string | undefined {
  if (typeof username !== 'string') return undefined;
  const u = username.trim().replace(/^@/, '').toLowerCase();
  return INSTAGRAM_RE.test(u) ? u : undefined;
}

function cardSignatureMessage(unsigned: Uint8Array): Uint8Array {
  return concatBytes(CARD_SIGNATURE_LABEL, unsigned);
}

function checksum(card: Uint8Array): Uint8Array {
  return sha256(card).slice(0, CHECKSUM_LEN);
}

/**
 * Makes and signs this device's card with its current prekey. `now` in milliseconds.
 * 'malformed' for an invalid name or username, 'bad-state' for an invalid identity.
 */
export function createCard(
  identity: IdentityState,
  profile: { name: string; instagram?: string | undefined },
  now: number,
): { ok: true; card: ContactCard } | { ok: false; error: 'malformed' | 'bad-state' } {
  const keys = readIdentity(identity);
  if (!keys) return { ok: false, error: 'bad-state' };
  const instagram = profile.instagram === undefined || profile.instagram === '' ? undefined : normalizeInstagram(profile.instagram);
  if (!isValidName(profile.name) || (profile.instagram && instagram === undefined)) return { ok: false, error: 'malformed' };
  const created = Math.floor(now / 1000);
  if (!Number.isSafeInteger(created) || created < 0 || created > 0xffffffff) return { ok: false, error: 'malformed' };
  const prekey = keys.prekeys[0]!;
  const name = utf8.encode(profile.name);
  const ig = utf8.encode(instagram ?? '');
  const len = CARD_FIXED_LEN + name.length + ig.length;
  const out = new Uint8Array(len);
  const view = new DataView(out.buffer);
  out[0] = CARD_VERSION;
  view.setUint16(1, len);
  out.set(keys.public.signingKey, 3);
  out.set(keys.public.agreementKey, 35);
  out.set(keys.public.deviceId, 67);
  view.setUint32(83, created);
  view.setUint32(87, prekey.id);
  out.set(prekey.pair.public, 91);
  out.set(prekey.signature, 123);
  out[187] = name.length;
  out.set(name, 188);
  out[188 + name.length] = ig.length;
  out.set(ig, 189 + name.length);
  const signature = sign(keys.signing.secret, cardSignatureMessage(out.subarray(0, len - SIGNATURE_LEN)));
  out.set(signature, len - SIGNATURE_LEN);
  const parsed = decodeCardBytes(out);
  // Our own fresh card must parse; anything else is a bug in the stored identity.
  return parsed.ok ? parsed : { ok: false, error: 'bad-state' };
}

/** The binary card (for a QR code). */
export function cardBytes(card: ContactCard): Uint8Array {
  return card.bytes.slice();
}

/** The copyable text form: "SDMKEY1" followed by base64url(card || checksum). */
export function encodeCard(card: ContactCard): string {
  return CARD_TEXT_PREFIX + toBase64url(concatBytes(card.bytes, checksum(card.bytes)));
}

/** Number of base64url characters for `n` bytes without padding. */
function base64Chars(n: number): number {
  return Math.floor(n / 3) * 4 + [0, 2, 3][n % 3]!;
}

const B64_CHAR = /[A-Za-z0-9_-]/;
const SPACE_CHAR = /\s/;

interface Scan {
  /** The version digit after "SDMKEY" (as written). */
  versionChar: string;
  /** base64url characters collected, whitespace removed. */
  chars: string;
  /** True when `chars` stopped at the length the card header declares. */
  complete: boolean;
  /** Index just after the last character consumed. */
  end: number;
}

/**
 * Reads one code starting at `start` (the index of "SDMKEY"): the version character, then base64url
 * characters, skipping whitespace, up to the declared length (or the first other character).
 */
function scanCode(text: string, start: number): Scan {
  let i = start + CARD_PREFIX.length;
  const versionChar = text[i] ?? '';
  i++;
  let chars = '';
  let need = Infinity;
  let end = i;
  while (i < text.length && chars.length < need) {
    const c = text[i]!;
    if (B64_CHAR.test(c)) {
      chars += c;
      end = i + 1;
      if (chars.length === HEADER_CHARS) {
        const head = fromBase64url(chars);
        const len = head ? (head[1]! << 8) | head[2]! : 0;
        // Only a plausible v1 length is trusted to bound the code.
        if (head && head[0] === CARD_VERSION && len >= CARD_FIXED_LEN && len <= CARD_MAX_LEN) need = base64Chars(len + CHECKSUM_LEN);
      }
    } else if (!SPACE_CHAR.test(c)) {
      break;
    }
    i++;
  }
  return { versionChar, chars, complete: chars.length === need, end };
}

/**
 * Decodes a pasted invite code. Text before the "SDMKEY" prefix is ignored, whitespace inside the
 * code is ignored. Never throws.
 */
export function decodeCard(text: string): CardResult {
  try {
    if (typeof text !== 'string') return { ok: false, error: 'malformed' };
    const start = text.indexOf(CARD_PREFIX);
    if (start < 0) return { ok: false, error: 'malformed' };
    const scan = scanCode(text, start);
    if (!/^[1-9]$/.test(scan.versionChar)) return { ok: false, error: scan.versionChar === '' ? 'truncated' : 'malformed' };
    if (scan.versionChar !== String(CARD_VERSION)) return { ok: false, error: 'unsupported-version' };
    if (!scan.complete) {
      // No trustworthy length: either the code is cut short or its header is mistyped. If the
      // checksum over everything we have verifies, it is an intact code we cannot read.
      const all = fromBase64url(scan.chars);
      if (all && all.length > CHECKSUM_LEN) {
        const body = all.subarray(0, all.length - CHECKSUM_LEN);
        if (equalBytes(checksum(body), all.subarray(body.length))) {
          return { ok: false, error: body[0] !== CARD_VERSION ? 'unsupported-version' : 'malformed' };
        }
      }
      const head = scan.chars.length >= HEADER_CHARS ? fromBase64url(scan.chars.slice(0, HEADER_CHARS)) : undefined;
      const plausibleHead = !head || (head[0] === CARD_VERSION && ((head[1]! << 8) | head[2]!) >= CARD_FIXED_LEN);
      return { ok: false, error: plausibleHead ? 'truncated' : 'bad-checksum' };
    }
    const all = fromBase64url(scan.chars);
    if (!all) return { ok: false, error: 'bad-checksum' }; // impossible trailing bits: a typo
    const body = all.subarray(0, all.length - CHECKSUM_LEN);
    if (!equalBytes(checksum(body), all.subarray(body.length))) return { ok: false, error: 'bad-checksum' };
    return decodeCardBytes(body);
  } catch {
    return { ok: false, error: 'malformed' };
  }
}

/** Decodes binary card bytes (the QR form). Never throws. */
export function decodeCardBytes(bytes: Uint8Array): CardResult {
  try {
    if (!(bytes instanceof Uint8Array) || bytes.length < 3) return { ok: false, error: bytes instanceof Uint8Array ? 'truncated' : 'malformed' };
    if (bytes[0] !== CARD_VERSION) return { ok: false, error: 'unsupported-version' };
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const len = view.getUint16(1);
    if (len < CARD_FIXED_LEN || len > CARD_MAX_LEN) return { ok: false, error: 'malformed' };
    if (bytes.length < len) return { ok: false, error: 'truncated' };
    if (bytes.length > len) return { ok: false, error: 'malformed' };
    const n = bytes[187]!;
    if (n > MAX_NAME_BYTES || 189 + n > len - SIGNATURE_LEN) return { ok: false, error: 'malformed' };
    const m = bytes[188 + n]!;
    if (m > MAX_INSTAGRAM_LEN || CARD_FIXED_LEN + n + m !== len) return { ok: false, error: 'malformed' };
    const signingKey = bytes.slice(3, 35);
    const agreementKey = bytes.slice(35, 67);
    const deviceId = bytes.slice(67, 67 + DEVICE_ID_LEN);
    const created = view.getUint32(83);
    const prekeyId = view.getUint32(87);
    const prekeyPublic = bytes.slice(91, 91 + KEY_LEN);
    const prekeySignature = bytes.slice(123, 123 + SIGNATURE_LEN);
    const name = utf8.decode(bytes.subarray(188, 188 + n));
    const igBytes = bytes.subarray(189 + n, 189 + n + m);
    const instagram = m === 0 ? undefined : utf8.decode(igBytes);
    const signature = bytes.slice(len - SIGNATURE_LEN, len);
    if (name === undefined || !isValidName(name)) return { ok: false, error: 'malformed' };
    if (m !== 0 && (instagram === undefined || !INSTAGRAM_RE.test(instagram))) return { ok: false, error: 'malformed' };
    if (prekeyId === 0) return { ok: false, error: 'malformed' };
    if (!isValidEd25519Public(signingKey) || !isValidX25519Public(agreementKey) || !isValidX25519Public(prekeyPublic)) {
      return { ok: false, error: 'malformed' };
    }
    const cardOk = verify(signature, cardSignatureMessage(bytes.subarray(0, len - SIGNATURE_LEN)), signingKey);
    const prekeyOk = verifyPrekey(signingKey, prekeyId, prekeyPublic, prekeySignature);
    if (!cardOk || !prekeyOk) return { ok: false, error: 'bad-signature' };
    return {
      ok: true,
      card: {
        version: CARD_VERSION,
        signingKey,
        agreementKey,
        deviceId,
        created,
        prekey: { id: prekeyId, publicKey: prekeyPublic, signature: prekeySignature },
        name,
        instagram,
        signature,
        bytes: bytes.slice(0, len),
      },
    };
  } catch {
    return { ok: false, error: 'malformed' };
  }
}

/**
 * Every invite code inside arbitrary text (for example a DM bubble), each normalized to
 * "SDMKEY<v>" + its base64url characters without whitespace. Candidates are not validated: pass
 * each to decodeCard to learn whether it is intact. Never throws.
 */
export function findCards(text: string): string[] {
  if (typeof text !== 'string') return [];
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(CARD_PREFIX, from);
    if (start < 0) return out;
    const scan = scanCode(text, start);
    if (/^[1-9]$/.test(scan.versionChar) && scan.chars.length > 0) out.push(CARD_PREFIX + scan.versionChar + scan.chars);
    from = Math.max(scan.end, start + CARD_PREFIX.length);
  }
}
