/**
 * Binary message layout (docs/PROTOCOL.md "Message format"). Integers big-endian; varints are
 * unsigned LEB128, minimal, at most 2^32-1.
 *
 * First message of a session (type 1, "prekey"), sent until the initiator hears back:
 *   0   1   0x11 = version 1 << 4 | type 1
 *   1   4   pair tag (ids.ts)
 *   5   4   responder's signed prekey id
 *   9   32  initiator's ephemeral (base) key EK_A
 *   41  32  sender's ratchet public key
 *   73  v   N, message number in the sending chain
 *   ..      AEAD ciphertext of the padded envelope || 16-byte tag
 *
 * Every later message (type 2, "normal"):
 *   0   1   0x12
 *   1   4   pair tag
 *   5   32  sender's ratchet public key
 *   37  v   PN, length of the sender's previous sending chain
 *   ..  v   N
 *   ..      ciphertext || tag
 *
 * The header is everything before the ciphertext; it is authenticated as associated data.
 */
import { encodeLeb128 } from '../encoding/varint';
import { TAG_LEN } from '../crypto/aead';
import { KEY_LEN } from '../crypto/keys';
import { MAX_ENVELOPE_LEN, PAD_BLOCK } from './envelope';
import { PAIR_TAG_LEN } from './ids';

export const MESSAGE_VERSION = 1;
export const TYPE_PREKEY = 1;
export const TYPE_NORMAL = 2;
const U32_MAX = 0xffffffff;
/** The longest header: a first message (73 fixed bytes) whose N takes a 5-byte varint. */
export const MAX_HEADER_LEN = 78;

export interface PrekeyHeader {
  type: 'prekey';
  tag: Uint8Array;
  prekeyId: number;
  baseKey: Uint8Array;
  ratchetKey: Uint8Array;
  n: number;
}

export interface NormalHeader {
  type: 'normal';
  tag: Uint8Array;
  ratchetKey: Uint8Array;
  pn: number;
  n: number;
}

export type Header = PrekeyHeader | NormalHeader;

export interface ParsedMessage {
  header: Header;
  /** The exact header bytes (associated data). */
  headerBytes: Uint8Array;
  ciphertext: Uint8Array;
}

export type ParseResult = { ok: true; message: ParsedMessage } | { ok: false; error: 'malformed' | 'unsupported-version' };

export function encodeVarint(n: number): number[] {
  if (n > U32_MAX) throw new RangeError('varint out of range');
  return encodeLeb128(n);
}

/** Minimal LEB128 at `pos`; undefined if truncated, non-minimal or above 2^32-1. */
function readVarint(bytes: Uint8Array, pos: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 5; i++) {
    const b = bytes[pos + i];
    if (b === undefined) return undefined;
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) {
      if (i > 0 && b === 0) return undefined; // non-minimal
      return value > U32_MAX ? undefined : { value, next: pos + i + 1 };
    }
    scale *= 0x80;
  }
  return undefined;
}

export function encodeHeader(h: Header): Uint8Array {
  if (h.type === 'prekey') {
    const out = new Uint8Array(73);
    out[0] = (MESSAGE_VERSION << 4) | TYPE_PREKEY;
    out.set(h.tag, 1);
    new DataView(out.buffer).setUint32(5, h.prekeyId);
    out.set(h.baseKey, 9);
    out.set(h.ratchetKey, 41);
    return Uint8Array.from([...out, ...encodeVarint(h.n)]);
  }
  const out = new Uint8Array(37);
  out[0] = (MESSAGE_VERSION << 4) | TYPE_NORMAL;
  out.set(h.tag, 1);
  out.set(h.ratchetKey, 5);
  return Uint8Array.from([...out, ...encodeVarint(h.pn), ...encodeVarint(h.n)]);
}

/** Splits a binary message into header and ciphertext. Checks layout only. Never throws. */
export function parseMessage(bytes: Uint8Array): ParseResult {
  if (!(bytes instanceof Uint8Array) || bytes.length < 1) return { ok: false, error: 'malformed' };
  const version = bytes[0]! >> 4;
  const type = bytes[0]! & 0x0f;
  if (version !== MESSAGE_VERSION || (type !== TYPE_PREKEY && type !== TYPE_NORMAL)) return { ok: false, error: 'unsupported-version' };
  let header: Header;
  let pos: number;
  if (type === TYPE_PREKEY) {
    if (bytes.length < 74) return { ok: false, error: 'malformed' };
    const n = readVarint(bytes, 73);
    if (!n) return { ok: false, error: 'malformed' };
    header = {
      type: 'prekey',
      tag: bytes.slice(1, 1 + PAIR_TAG_LEN),
      prekeyId: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(5),
      baseKey: bytes.slice(9, 9 + KEY_LEN),
      ratchetKey: bytes.slice(41, 41 + KEY_LEN),
      n: n.value,
    };
    pos = n.next;
    if (header.prekeyId === 0) return { ok: false, error: 'malformed' };
  } else {
    const pn = readVarint(bytes, 37);
    const n = pn && readVarint(bytes, pn.next);
    if (!pn || !n) return { ok: false, error: 'malformed' };
    header = { type: 'normal', tag: bytes.slice(1, 1 + PAIR_TAG_LEN), ratchetKey: bytes.slice(5, 5 + KEY_LEN), pn: pn.value, n: n.value };
    pos = n.next;
  }
  const ciphertext = bytes.slice(pos);
  const body = ciphertext.length - TAG_LEN;
  if (body < PAD_BLOCK || body > MAX_ENVELOPE_LEN || body % PAD_BLOCK !== 0) return { ok: false, error: 'malformed' };
  return { ok: true, message: { header, headerBytes: bytes.slice(0, pos), ciphertext } };
}
