/**
 * Safety numbers: Signal's NumericFingerprintGenerator, byte for byte.
 *
 * Spec: libsignal `rust/protocol/src/fingerprint.rs` (@ b056faa6) and `proto/fingerprint.proto`;
 * summarised with vectors in docs/PROTOCOL.md "Safety number".
 *
 *   fp(id, key)  = H_n, H_1 = SHA-512(0x00 0x00 || key || id || key), H_i = SHA-512(H_{i-1} || key)
 *                  (n = iterations, 5200 in Signal; `key` is the serialized identity key, in Signal
 *                  33 bytes 0x05 || X25519 public key; `id` the stable identifier bytes, no framing)
 *   half(fp)     = for each 5-byte chunk of fp[0..30]: big-endian 40-bit integer mod 100000, 5 digits
 *   displayable  = the two 30-digit halves, smaller string first (both sides get the same 60 digits)
 *   scannable    = protobuf CombinedFingerprints { version = 1; local = 2 { content = 1 }; remote = 3 }
 *                  with content = fp[0..32]; local is the caller's own fingerprint (not sorted).
 *
 * The protobuf encoder/decoder below is hand-written and covers only these two messages.
 */
import { encodeLeb128 } from '../encoding/varint';
import { sha512 } from '@noble/hashes/sha2.js';
import { equalBytes } from '../encoding/bytes';

export interface FingerprintParty {
  /** Stable identifier bytes (Signal: 16-byte ACI UUID for version 2, UTF-8 E.164 for version 1). */
  id: Uint8Array;
  /** Serialized identity public key bytes (Signal: 33 bytes, 0x05 || Curve25519 key). */
  key: Uint8Array;
}

export interface NumericFingerprintInput {
  /** Number of SHA-512 rounds; libsignal accepts 2..1,000,000. Signal uses 5200. */
  iterations?: number;
  /** Only written into the scannable form; the displayable digits do not depend on it. */
  version?: number;
  local: FingerprintParty;
  remote: FingerprintParty;
}

export interface NumericFingerprint {
  /** 60 decimal digits, identical on both sides. */
  displayable: string;
  /** CombinedFingerprints protobuf bytes (74 bytes when version < 128), for a QR code. */
  scannable: Uint8Array;
}

export const DEFAULT_ITERATIONS = 5200;
export const DEFAULT_VERSION = 2;
const MAX_ITERATIONS = 1_000_000;
/** Bytes of each party's fingerprint that go into the scannable form. */
const SCANNABLE_CONTENT_LEN = 32;

/** Per-party 64-byte fingerprint: exactly `iterations` SHA-512 calls. */
function partyFingerprint(iterations: number, id: Uint8Array, key: Uint8Array): Uint8Array {
  const first = new Uint8Array(2 + key.length + id.length + key.length); // 0x0000 = fingerprint format
  first.set(key, 2);
  first.set(id, 2 + key.length);
  first.set(key, 2 + key.length + id.length);
  let hash = sha512(first);
  // Later rounds hash (previous hash || key); reuse one buffer to avoid an allocation per round.
  const round = new Uint8Array(64 + key.length);
  round.set(key, 64);
  for (let i = 1; i < iterations; i++) {
    round.set(hash, 0);
    hash = sha512(round);
  }
  return hash;
}

/** 30 digits from the first 30 bytes: six big-endian 40-bit chunks, each mod 100000, zero-padded. */
function encodeHalf(fp: Uint8Array): string {
  let out = '';
  for (let off = 0; off < 30; off += 5) {
    // 40 bits fit exactly in a double; JS bit shifts are 32-bit, so multiply instead.
    const n = fp[off]! * 2 ** 32 + fp[off + 1]! * 2 ** 24 + fp[off + 2]! * 2 ** 16 + fp[off + 3]! * 2 ** 8 + fp[off + 4]!;
    out += String(n % 100000).padStart(5, '0');
  }
  return out;
}

/** libsignal's version is a u32. */
function assertVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 0 || version > 0xffffffff) {
    throw new RangeError(`invalid fingerprint version ${version}`);
  }
}

function assertBytes(value: unknown, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
}

/**
 * Computes the safety number between `local` (us) and `remote` (them).
 * Throws RangeError/TypeError only on caller bugs (bad iterations/version/argument types).
 */
export function numericFingerprint(input: NumericFingerprintInput): NumericFingerprint {
  const { iterations = DEFAULT_ITERATIONS, version = DEFAULT_VERSION, local, remote } = input;
  // Same bounds as libsignal (`iterations <= 1 || iterations > 1000000` is InvalidArgument).
  if (!Number.isSafeInteger(iterations) || iterations <= 1 || iterations > MAX_ITERATIONS) {
    throw new RangeError(`invalid fingerprint iterations ${iterations}`);
  }
  assertVersion(version);
  assertBytes(local?.id, 'local.id');
  assertBytes(local.key, 'local.key');
  assertBytes(remote?.id, 'remote.id');
  assertBytes(remote.key, 'remote.key');

  const localFp = partyFingerprint(iterations, local.id, local.key);
  const remoteFp = partyFingerprint(iterations, remote.id, remote.key);
  const l = encodeHalf(localFp);
  const r = encodeHalf(remoteFp);
  return {
    displayable: l < r ? l + r : r + l,
    scannable: encodeScannable({
      version,
      local: localFp.subarray(0, SCANNABLE_CONTENT_LEN),
      remote: remoteFp.subarray(0, SCANNABLE_CONTENT_LEN),
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Minimal protobuf (proto2) for
//   message LogicalFingerprint   { optional bytes content = 1; }
//   message CombinedFingerprints { optional uint32 version = 1;
//                                  optional LogicalFingerprint local_fingerprint = 2;
//                                  optional LogicalFingerprint remote_fingerprint = 3; }
// Encoding writes fields in order 1, 2, 3 like prost; with 32-byte contents and a one-byte
// version varint the result is 74 bytes:
//   08 vv | 12 22 0a 20 <local 32> | 1a 22 0a 20 <remote 32>
// Decoding accepts fields in any order and skips unknown fields of wire types 0, 1, 2 and 5 like
// prost. Deliberately stricter than prost (the result is "no match", never a false match): a known
// field repeated, a known field with the wrong wire type, groups (wire types 3/4), field number 0,
// varints over 10 bytes or a version above 2^32-1 are malformed.
// ---------------------------------------------------------------------------------------------

interface Combined {
  version: number | undefined;
  local: Uint8Array | undefined;
  remote: Uint8Array | undefined;
}

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;


function lenField(field: number, body: ArrayLike<number>): number[] {
  return [(field << 3) | WIRE_LEN, ...encodeLeb128(body.length), ...Array.from(body)];
}

/**
 * Serializes a CombinedFingerprints message (libsignal ScannableFingerprint::serialize). `local` and
 * `remote` are the 32-byte contents. Exported for known-answer tests and QR rendering.
 */
export function encodeScannable(c: { version: number; local: Uint8Array; remote: Uint8Array }): Uint8Array {
  assertVersion(c.version);
  assertBytes(c.local, 'local');
  assertBytes(c.remote, 'remote');
  const logical = (content: Uint8Array): number[] => lenField(1, content);
  return Uint8Array.from([
    (1 << 3) | WIRE_VARINT,
    ...encodeLeb128(c.version),
    ...lenField(2, logical(c.local)),
    ...lenField(3, logical(c.remote)),
  ]);
}

/** Reads a protobuf message as (field, wireType, value) records; undefined if malformed. */
type Field = { field: number; wire: number; int?: number; bytes?: Uint8Array };

function readFields(buf: Uint8Array): Field[] | undefined {
  const fields: Field[] = [];
  let pos = 0;
  // Varint up to 10 bytes; values beyond 2^53 lose precision but are rejected by callers anyway.
  const readVarint = (): number | undefined => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) return undefined;
      const b = buf[pos++]!;
      value += (b & 0x7f) * scale;
      scale *= 0x80;
      if ((b & 0x80) === 0) return value;
    }
    return undefined;
  };
  while (pos < buf.length) {
    const tag = readVarint();
    if (tag === undefined) return undefined;
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) return undefined;
    if (wire === WIRE_VARINT) {
      const int = readVarint();
      if (int === undefined) return undefined;
      fields.push({ field, wire, int });
    } else if (wire === WIRE_LEN) {
      const len = readVarint();
      if (len === undefined || len > buf.length - pos) return undefined;
      fields.push({ field, wire, bytes: buf.subarray(pos, pos + len) });
      pos += len;
    } else if (wire === WIRE_I64 || wire === WIRE_I32) {
      const len = wire === WIRE_I64 ? 8 : 4;
      if (len > buf.length - pos) return undefined;
      fields.push({ field, wire });
      pos += len;
    } else {
      return undefined; // groups (3, 4) and reserved wire types 6, 7
    }
  }
  return fields;
}

function decodeLogical(buf: Uint8Array): { content: Uint8Array | undefined } | undefined {
  const fields = readFields(buf);
  if (!fields) return undefined;
  let content: Uint8Array | undefined;
  for (const f of fields) {
    if (f.field !== 1) continue; // unknown (incl. the reserved `identifier = 2`)
    if (f.wire !== WIRE_LEN || content !== undefined) return undefined;
    content = f.bytes;
  }
  return { content };
}

function decodeCombined(buf: Uint8Array): Combined | undefined {
  const fields = readFields(buf);
  if (!fields) return undefined;
  const out: Combined = { version: undefined, local: undefined, remote: undefined };
  let seenLocal = false;
  let seenRemote = false;
  for (const f of fields) {
    if (f.field === 1) {
      if (f.wire !== WIRE_VARINT || out.version !== undefined || f.int! > 0xffffffff) return undefined;
      out.version = f.int;
    } else if (f.field === 2 || f.field === 3) {
      if (f.wire !== WIRE_LEN) return undefined;
      const logical = decodeLogical(f.bytes!);
      if (!logical) return undefined;
      if (f.field === 2) {
        if (seenLocal) return undefined;
        seenLocal = true;
        out.local = logical.content;
      } else {
        if (seenRemote) return undefined;
        seenRemote = true;
        out.remote = logical.content;
      }
    }
  }
  return out;
}

export type ScannableComparison =
  | { result: 'match' }
  | { result: 'mismatch' }
  /** Both parsed, but were made with different fingerprint versions (Signal: VersionMismatch). */
  | { result: 'version-mismatch'; ours: number; theirs: number }
  /** Either input is not a well-formed CombinedFingerprints (Signal: ParsingError). */
  | { result: 'malformed' };

/**
 * Signal's ScannableFingerprint.compare, with `ours` given as our own serialized scannable bytes:
 * their version (absent = 0) must equal ours, then their local must equal our remote and their
 * remote our local (constant time). Never throws.
 */
export function checkScannable(ours: Uint8Array, theirs: Uint8Array): ScannableComparison {
  if (!(ours instanceof Uint8Array) || !(theirs instanceof Uint8Array)) return { result: 'malformed' };
  const our = decodeCombined(ours);
  // Our own code must be complete (libsignal's deserialize requires every field).
  if (!our || our.version === undefined || !our.local || !our.remote) return { result: 'malformed' };
  const their = decodeCombined(theirs);
  if (!their) return { result: 'malformed' };
  const theirVersion = their.version ?? 0;
  if (theirVersion !== our.version) return { result: 'version-mismatch', ours: our.version, theirs: theirVersion };
  if (!their.local || !their.remote) return { result: 'malformed' };
  // Evaluate both comparisons before combining them, like libsignal's ct_eq pair.
  const same1 = equalBytes(their.local, our.remote);
  const same2 = equalBytes(their.remote, our.local);
  return same1 && same2 ? { result: 'match' } : { result: 'mismatch' };
}

/** True only when `theirs` is the peer's scannable code for the same pair of identities. */
export function compareScannable(ours: Uint8Array, theirs: Uint8Array): boolean {
  return checkScannable(ours, theirs).result === 'match';
}
