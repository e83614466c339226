/**
 * Inner envelope: the plaintext inside every message (docs/PROTOCOL.md "Inner envelope").
 *
 *   0    1   kind: 0x00 = text message (every other value is reserved for later versions:
 *            disappearing timer, attachments, ...; a v1 reader answers 'unsupported-version')
 *   1    4   sent at, unix seconds (u32 big-endian)
 *   5    n   text, UTF-8
 *   5+n  1   0x80 (padding marker, ISO/IEC 7816-4 as in Signal)
 *   ..       0x00 bytes up to the padded length
 *
 * Padded length = the next multiple of PAD_BLOCK (16) bytes, at least 16. That hides the exact
 * length within 16 bytes while costing at most 15 bytes (20 armored characters) of Instagram's
 * per-message limit; larger buckets would push ordinary messages into a second part.
 */
import { utf8 } from '../encoding/bytes';

export const ENVELOPE_KIND_TEXT = 0x00;
export const ENVELOPE_HEADER_LEN = 5;
export const PAD_BLOCK = 16;
export const PAD_MARKER = 0x80;
/** Largest padded envelope (and so the largest message body) we produce or accept. */
export const MAX_ENVELOPE_LEN = 16384;
/** Largest text in bytes that fits MAX_ENVELOPE_LEN with header and marker. */
export const MAX_TEXT_BYTES = MAX_ENVELOPE_LEN - ENVELOPE_HEADER_LEN - 1;

export interface Envelope {
  text: string;
  /** Unix seconds (integer, 0..2^32-1). */
  sentAt: number;
}

export type EnvelopeResult =
  | { ok: true; envelope: Envelope }
  | { ok: false; error: 'malformed' | 'unsupported-version' };

export function paddedLength(contentLen: number): number {
  return Math.max(PAD_BLOCK, Math.ceil(contentLen / PAD_BLOCK) * PAD_BLOCK);
}

/** Encodes and pads; undefined if the text is too long or the time is out of range. */
export function encodeEnvelope(envelope: Envelope): Uint8Array | undefined {
  const { text, sentAt } = envelope;
  if (typeof text !== 'string' || !Number.isSafeInteger(sentAt) || sentAt < 0 || sentAt > 0xffffffff) return undefined;
  const body = utf8.encode(text);
  if (body.length > MAX_TEXT_BYTES) return undefined;
  const content = ENVELOPE_HEADER_LEN + body.length + 1;
  const out = new Uint8Array(paddedLength(content));
  out[0] = ENVELOPE_KIND_TEXT;
  new DataView(out.buffer).setUint32(1, sentAt);
  out.set(body, ENVELOPE_HEADER_LEN);
  out[content - 1] = PAD_MARKER;
  return out;
}

/** Strict decoding: exact padding, known kind, valid UTF-8. Never throws. */
export function decodeEnvelope(bytes: Uint8Array): EnvelopeResult {
  if (!(bytes instanceof Uint8Array) || bytes.length < PAD_BLOCK || bytes.length > MAX_ENVELOPE_LEN || bytes.length % PAD_BLOCK !== 0) {
    return { ok: false, error: 'malformed' };
  }
  if (bytes[0] !== ENVELOPE_KIND_TEXT) return { ok: false, error: 'unsupported-version' };
  let end = bytes.length - 1;
  while (end >= ENVELOPE_HEADER_LEN && bytes[end] === 0) end--;
  if (end < ENVELOPE_HEADER_LEN || bytes[end] !== PAD_MARKER) return { ok: false, error: 'malformed' };
  // The padding must be minimal, so each envelope has exactly one encoding.
  if (paddedLength(end + 1) !== bytes.length) return { ok: false, error: 'malformed' };
  const raw = bytes.subarray(ENVELOPE_HEADER_LEN, end);
  const decoded = utf8.decode(raw);
  if (decoded === undefined) return { ok: false, error: 'malformed' };
  // TextDecoder drops a leading byte order mark; the sender's text had it, so keep it.
  const text = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? '\ufeff' + decoded : decoded;
  const sentAt = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1);
  return { ok: true, envelope: { text, sentAt } };
}
