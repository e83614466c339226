/**
 * Canonical binary encoding of the plaintext inside vault records and backups. Pure, no browser API.
 *
 * JSON cannot carry bytes (keys, ratchet state) without an escaping convention; this tiny tagged
 * format can, and it decodes strictly: one reading per byte string, no trailing bytes, bounded depth.
 *
 *   value   = tag(1 byte) body
 *   0x00 null | 0x01 false | 0x02 true
 *   0x03 number  : IEEE-754 float64, big-endian (8 bytes)
 *   0x04 string  : u32be byte length || UTF-8 (decoded fatally)
 *   0x05 bytes   : u32be length || bytes                         (Uint8Array)
 *   0x06 array   : u32be count  || value*
 *   0x07 object  : u32be count  || (u32be len || UTF-8 key, value)*   (plain objects, no duplicate keys)
 *   0x08 map     : u32be count  || (value key, value)*                 (Map)
 *
 * Object properties whose value is `undefined` are skipped (as JSON does); anything else that is not
 * listed above (undefined in an array, Date, class instances, bigint, functions) is a caller bug and
 * throws a TypeError on encode.
 */
import { concatBytes, utf8 } from '../encoding/bytes';

/** The values this codec round-trips. */
export type StoredValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | readonly StoredValue[]
  | { readonly [key: string]: StoredValue | undefined }
  | ReadonlyMap<StoredValue, StoredValue>;

const T_NULL = 0x00;
const T_FALSE = 0x01;
const T_TRUE = 0x02;
const T_NUMBER = 0x03;
const T_STRING = 0x04;
const T_BYTES = 0x05;
const T_ARRAY = 0x06;
const T_OBJECT = 0x07;
const T_MAP = 0x08;

/** Nesting limit for both directions; our records nest a handful of levels. */
export const MAX_DEPTH = 64;

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function encodeInto(v: unknown, out: Uint8Array[], depth: number): void {
  if (depth > MAX_DEPTH) throw new TypeError('value-codec: nesting too deep');
  if (v === null) out.push(Uint8Array.of(T_NULL));
  else if (v === false) out.push(Uint8Array.of(T_FALSE));
  else if (v === true) out.push(Uint8Array.of(T_TRUE));
  else if (typeof v === 'number') {
    const b = new Uint8Array(9);
    b[0] = T_NUMBER;
    new DataView(b.buffer).setFloat64(1, v);
    out.push(b);
  } else if (typeof v === 'string') {
    const s = utf8.encode(v);
    out.push(Uint8Array.of(T_STRING), u32(s.length), s);
  } else if (v instanceof Uint8Array) {
    out.push(Uint8Array.of(T_BYTES), u32(v.length), Uint8Array.from(v));
  } else if (Array.isArray(v)) {
    out.push(Uint8Array.of(T_ARRAY), u32(v.length));
    for (const item of v as unknown[]) {
      if (item === undefined) throw new TypeError('value-codec: undefined in array');
      encodeInto(item, out, depth + 1);
    }
  } else if (v instanceof Map) {
    out.push(Uint8Array.of(T_MAP), u32(v.size));
    for (const [k, item] of v as Map<unknown, unknown>) {
      encodeInto(k, out, depth + 1);
      encodeInto(item, out, depth + 1);
    }
  } else if (typeof v === 'object' && isPlainObject(v)) {
    const entries = Object.entries(v).filter(([, item]) => item !== undefined);
    out.push(Uint8Array.of(T_OBJECT), u32(entries.length));
    for (const [k, item] of entries) {
      const kb = utf8.encode(k);
      out.push(u32(kb.length), kb);
      encodeInto(item, out, depth + 1);
    }
  } else {
    throw new TypeError(`value-codec: cannot encode ${typeof v}`);
  }
}

/** Throws TypeError on a value outside `StoredValue` (a programming error, not bad input). */
export function encodeValue(value: unknown): Uint8Array {
  const out: Uint8Array[] = [];
  encodeInto(value, out, 0);
  return concatBytes(...out);
}

class Reader {
  private pos = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get done(): boolean {
    return this.pos === this.bytes.length;
  }
  /** Each read returns undefined when the input is too short. */
  u8(): number | undefined {
    return this.pos < this.bytes.length ? this.bytes[this.pos++] : undefined;
  }
  u32(): number | undefined {
    if (this.pos + 4 > this.bytes.length) return undefined;
    const n = this.view.getUint32(this.pos);
    this.pos += 4;
    return n;
  }
  f64(): number | undefined {
    if (this.pos + 8 > this.bytes.length) return undefined;
    const n = this.view.getFloat64(this.pos);
    this.pos += 8;
    return n;
  }
  take(n: number): Uint8Array | undefined {
    if (n > this.bytes.length - this.pos) return undefined;
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** A count of items, each at least one byte long, cannot exceed the bytes left. */
  count(): number | undefined {
    const n = this.u32();
    return n !== undefined && n <= this.bytes.length - this.pos ? n : undefined;
  }
}

const FAIL = Symbol('fail');

function readString(r: Reader): string | typeof FAIL {
  const len = r.u32();
  const b = len === undefined ? undefined : r.take(len);
  const s = b === undefined ? undefined : utf8.decode(b);
  return s === undefined ? FAIL : s;
}

function decodeFrom(r: Reader, depth: number): unknown {
  if (depth > MAX_DEPTH) return FAIL;
  switch (r.u8()) {
    case T_NULL:
      return null;
    case T_FALSE:
      return false;
    case T_TRUE:
      return true;
    case T_NUMBER:
      return r.f64() ?? FAIL;
    case T_STRING:
      return readString(r);
    case T_BYTES: {
      const len = r.u32();
      return (len === undefined ? undefined : r.take(len)) ?? FAIL;
    }
    case T_ARRAY: {
      const n = r.count();
      if (n === undefined) return FAIL;
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const item = decodeFrom(r, depth + 1);
        if (item === FAIL) return FAIL;
        out.push(item);
      }
      return out;
    }
    case T_OBJECT: {
      const n = r.count();
      if (n === undefined) return FAIL;
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const k = readString(r);
        if (k === FAIL || Object.prototype.hasOwnProperty.call(out, k)) return FAIL;
        const item = decodeFrom(r, depth + 1);
        if (item === FAIL) return FAIL;
        // defineProperty, not assignment: a key named "__proto__" must stay an own property.
        Object.defineProperty(out, k, { value: item, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case T_MAP: {
      const n = r.count();
      if (n === undefined) return FAIL;
      const out = new Map<unknown, unknown>();
      for (let i = 0; i < n; i++) {
        const k = decodeFrom(r, depth + 1);
        if (k === FAIL) return FAIL;
        const item = decodeFrom(r, depth + 1);
        if (item === FAIL) return FAIL;
        out.set(k, item);
      }
      return out;
    }
    default:
      return FAIL;
  }
}

/** Strict decode: `{ ok: false }` on any malformed input (wrong tag, short, trailing bytes, too deep). */
export function decodeValue(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  const r = new Reader(bytes);
  const value = decodeFrom(r, 0);
  if (value === FAIL || !r.done) return { ok: false };
  return { ok: true, value };
}
