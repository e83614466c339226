/**
 * Readers for JSON-safe stored state (identity and session records). Stored state is re-validated
 * on every use: a corrupted or hand-edited record must give a typed error, never a crash.
 * Bytes are stored as unpadded base64url strings (src/encoding/bytes.ts).
 */
import { fromBase64url } from '../encoding/bytes';

export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

/** Base64url string decoding to exactly `len` bytes. */
export function readBytes(value: unknown, len: number): Uint8Array | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = fromBase64url(value);
  return bytes && bytes.length === len ? bytes : undefined;
}

/** Integer in [min, max]. */
export function readInt(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

/** Array of at most `max` items, each accepted by `read`; undefined if any item is rejected. */
export function readArray<T>(value: unknown, max: number, read: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(value) || value.length > max) return undefined;
  const out: T[] = [];
  for (const item of value) {
    const parsed = read(item);
    if (parsed === undefined) return undefined;
    out.push(parsed);
  }
  return out;
}

export const U32_MAX = 0xffffffff;
/** Millisecond timestamps up to year 287396 (any safe non-negative integer). */
export const TIME_MAX = Number.MAX_SAFE_INTEGER;
