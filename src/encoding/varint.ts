/**
 * Unsigned LEB128 ("varint"), as protobuf and our wire format write it: 7 bits per byte, least
 * significant group first, high bit set on every byte but the last. Minimal by construction.
 * Readers differ (protobuf accepts up to 10 bytes; our wire format only minimal u32), so they stay
 * with their formats.
 */
export function encodeLeb128(n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('varint out of range');
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}
