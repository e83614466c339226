/**
 * Armor: the text form of an encrypted message in an Instagram DM (docs/PROTOCOL.md "Armor").
 *
 * One token per part: the marker `SDM1`, a header of base64url digits, then the payload bytes in
 * base64url (RFC 4648 §5, unpadded). Only `[A-Za-z0-9_-]` follows the marker: nothing Instagram
 * would linkify or trim. Every part, marker included, is at most 900 characters.
 *
 * Header digits are 6-bit values in the base64url alphabet ('A' = 0 ... '_' = 63), read big-endian:
 *
 *   single part:  SDM1 h0 h1                 body          (2 header digits)
 *     12-bit word: bit 11 = 0, bits 0..10 = L = body length in bytes (1..2047)
 *   one of n parts: SDM1 h0 h1 h2 h3 i0..i7  body          (4 header digits + 8 id digits)
 *     24-bit word: bit 23 = 1, bits 17..22 = n - 1 (n = 2..64), bits 11..16 = index (0..n-1),
 *                  bits 0..10 = L = this part's body length in bytes (1..2047)
 *     id: 8 digits = base64url of SHA-256(whole payload)[0..6]
 *   body: exactly ceil(4L/3) digits, canonical (zero trailing bits).
 *
 * So the first header digit says the kind: 'A'..'f' single, 'g'..'_' multi-part.
 * The explicit length lets the parser find the end of a part without a delimiter, so parts glued
 * together or followed by text still parse, and line breaks or zero-width characters the page
 * inserts inside a part are skipped. The multi-part id doubles as a checksum of the reassembled
 * payload, so a damaged part is reported as 'corrupt' before decryption; a single part has no
 * check of its own because the ciphertext's AEAD tag already rejects any change. Neither is a MAC.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, equalBytes, fromBase64url, toBase64url } from '../encoding/bytes';
import {
  ARMOR_MARKER,
  DIGITS,
  ID_DIGITS,
  MULTI_HEADER_DIGITS,
  SINGLE_HEADER_DIGITS,
  locateArmor,
  type ArmorMalformed,
  type ArmorUnsupported,
} from './armor-locate';

export { ARMOR_MARKER, type ArmorMalformed, type ArmorUnsupported };

/** Hard ceiling per part, marker included (Instagram allows about 1000 characters per DM). */
export const MAX_PART_CHARS = 900;
/** Smallest maxPartChars that still fits a multi-part header and one body byte. */
export const MIN_PART_CHARS = 24;
export const MAX_PARTS = 64;
const MAX_PART_BYTES = 2047; // 11-bit length field
const ID_BYTES = 6;

export interface ArmorOptions {
  /** Characters per part, marker included; default and maximum 900. */
  maxPartChars?: number;
}

/** A well-formed part. Single-part messages have id undefined, index 0, count 1. */
export interface ArmorMessagePart {
  kind: 'part';
  /** 8-digit message id (multi-part only); use it to group parts across DMs. */
  id: string | undefined;
  index: number;
  count: number;
  body: Uint8Array;
  /** Offsets in the parsed text: [start, end) covers the marker through the last body digit. */
  start: number;
  end: number;
}

export type ArmorPart = ArmorMessagePart | ArmorMalformed | ArmorUnsupported;

export type ReassembleResult =
  | { ok: true; payload: Uint8Array }
  | { ok: false; error: 'incomplete'; have: number; need: number; missing: number[] }
  /** No well-formed part among the inputs. */
  | { ok: false; error: 'malformed' }
  /** Parts of different messages, or two different bodies for the same part. */
  | { ok: false; error: 'inconsistent' }
  /** All parts present but the joined payload does not match the message id: a part was damaged. */
  | { ok: false; error: 'corrupt' };

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

function digits(value: number, n: number): string {
  let out = '';
  for (let i = n - 1; i >= 0; i--) out += DIGITS[Math.floor(value / 64 ** i) % 64]!;
  return out;
}

/** Largest L with bodyDigits(L) <= chars. */
function bytesFitting(chars: number): number {
  return Math.floor((chars * 3) / 4);
}

function messageId(payload: Uint8Array): string {
  return toBase64url(sha256(payload).subarray(0, ID_BYTES));
}

/**
 * The largest payload, in bytes, that armor() writes as at most `parts` parts of at most
 * `maxPartChars` characters (0 if none fits). Lets a sender bound the text before encrypting.
 */
export function armorCapacity(parts: number, maxPartChars: number = MAX_PART_CHARS): number {
  if (!Number.isSafeInteger(parts) || parts < 1 || !validPartChars(maxPartChars)) return 0;
  const { singleCap, partCap } = partCapacities(maxPartChars);
  return parts === 1 ? singleCap : Math.max(singleCap, Math.min(parts, MAX_PARTS) * partCap);
}

function validPartChars(maxPartChars: number): boolean {
  return Number.isSafeInteger(maxPartChars) && maxPartChars >= MIN_PART_CHARS && maxPartChars <= MAX_PART_CHARS;
}

/** Payload bytes in a single part, and in each part of a multi-part message. */
function partCapacities(maxPartChars: number): { singleCap: number; partCap: number } {
  return {
    singleCap: Math.min(MAX_PART_BYTES, bytesFitting(maxPartChars - ARMOR_MARKER.length - SINGLE_HEADER_DIGITS)),
    partCap: Math.min(MAX_PART_BYTES, bytesFitting(maxPartChars - ARMOR_MARKER.length - MULTI_HEADER_DIGITS - ID_DIGITS)),
  };
}

/**
 * Armors a binary payload (the encrypted message) as one or more parts, each a string of at most
 * `maxPartChars` characters. Throws RangeError on an empty or too large payload (caller bug: the
 * envelope layer bounds message size) or an out-of-range maxPartChars.
 */
export function armor(payload: Uint8Array, opts: ArmorOptions = {}): string[] {
  const maxPartChars = opts.maxPartChars ?? MAX_PART_CHARS;
  if (!validPartChars(maxPartChars)) {
    throw new RangeError(`maxPartChars must be an integer in ${MIN_PART_CHARS}..${MAX_PART_CHARS}`);
  }
  if (!(payload instanceof Uint8Array) || payload.length === 0) throw new RangeError('payload must be non-empty bytes');

  const { singleCap, partCap } = partCapacities(maxPartChars);
  if (payload.length <= singleCap) {
    return [ARMOR_MARKER + digits(payload.length, SINGLE_HEADER_DIGITS) + toBase64url(payload)];
  }

  const count = Math.ceil(payload.length / partCap);
  if (count > MAX_PARTS) throw new RangeError(`payload needs ${count} parts, more than ${MAX_PARTS}`);
  const id = messageId(payload);
  // Even split (sizes differ by at most one byte), so no part stands out by length.
  const base = Math.floor(payload.length / count);
  const extra = payload.length % count;
  const parts: string[] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    const len = base + (index < extra ? 1 : 0);
    const word = 0x800000 + (count - 1) * 0x20000 + index * 0x800 + len;
    parts.push(ARMOR_MARKER + digits(word, MULTI_HEADER_DIGITS) + id + toBase64url(payload.subarray(offset, offset + len)));
    offset += len;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/**
 * Finds every armor part in arbitrary text (a DM bubble, several bubbles, pasted text) and decodes
 * the well-formed ones. Where parts are, and why one is malformed, is armor-locate.ts. Never
 * throws; non-string input yields [].
 */
export function parseArmor(text: string): ArmorPart[] {
  return locateArmor(text).map((found): ArmorPart => {
    if (found.kind !== 'part') return found;
    const { encodedBody, ...part } = found;
    const body = fromBase64url(encodedBody);
    // locateArmor already refused non-canonical bodies, so this never fails; stay total anyway.
    return body ? { ...part, body } : { kind: 'malformed', reason: 'encoding', start: part.start, end: part.end };
  });
}

// ---------------------------------------------------------------------------------------------
// Reassembly
// ---------------------------------------------------------------------------------------------

/**
 * Joins the parts of ONE message (group multi-part parts by `id` first). Accepts any order and
 * exact duplicates; ignores malformed/unsupported entries as long as a well-formed part is
 * present. Never throws.
 */
export function reassemble(parts: readonly ArmorPart[]): ReassembleResult {
  if (!Array.isArray(parts)) return { ok: false, error: 'malformed' };
  const good = parts.filter(isMessagePart);
  const first = good[0];
  if (!first) return { ok: false, error: 'malformed' };
  for (const p of good) {
    if (p.id !== first.id || p.count !== first.count) return { ok: false, error: 'inconsistent' };
  }
  const slots = new Array<Uint8Array | undefined>(first.count).fill(undefined);
  for (const p of good) {
    const seen = slots[p.index];
    if (seen && !equalBytes(seen, p.body)) return { ok: false, error: 'inconsistent' };
    slots[p.index] = p.body;
  }
  const missing: number[] = [];
  const bodies: Uint8Array[] = [];
  slots.forEach((body, i) => (body ? bodies.push(body) : missing.push(i)));
  if (missing.length > 0) {
    return { ok: false, error: 'incomplete', have: bodies.length, need: first.count, missing };
  }
  const payload = concatBytes(...bodies);
  if (first.id !== undefined && messageId(payload) !== first.id) return { ok: false, error: 'corrupt' };
  return { ok: true, payload };
}

/**
 * Parts may come back through extension messaging or storage, so their shape is checked again
 * rather than trusted: the fields must be what parsePart could have produced.
 */
function isMessagePart(p: unknown): p is ArmorMessagePart {
  if (typeof p !== 'object' || p === null || (p as ArmorPart).kind !== 'part') return false;
  const { id, index, count, body } = p as ArmorMessagePart;
  if (!(body instanceof Uint8Array) || body.length === 0 || body.length > MAX_PART_BYTES) return false;
  if (!Number.isInteger(count) || !Number.isInteger(index) || index < 0 || index >= count) return false;
  if (id === undefined) return count === 1;
  return typeof id === 'string' && id.length === ID_DIGITS && count >= 2 && count <= MAX_PARTS;
}
