/**
 * The per-installation security pattern: drawn at random once, when the identity is created, kept
 * in the vault, and shown in every extension surface. A page that draws a fake "secure" box cannot
 * know it, so the user can tell the real one from an imitation.
 *
 * 32 bits of entropy are plenty for recognition (the page cannot read our frames, so it can only
 * guess), and little enough to draw as two hues, a shape and a 4x4 grid.
 */
import type { SecurityPattern } from '../messaging/protocol';

export const PATTERN_SHAPES = 4;

/** Builds the pattern from 6 random bytes (callers pass `randomBytes(6)`). */
export function patternFromBytes(bytes: Uint8Array): SecurityPattern {
  if (bytes.length !== 6) throw new RangeError('security pattern needs 6 random bytes');
  const [b0, b1, b2, b3, b4, b5] = bytes as unknown as [number, number, number, number, number, number];
  const hue1 = ((b0 << 8) | b1) % 360;
  // Keep the second hue at least 60 degrees away from the first so the two are distinguishable.
  const hue2 = (hue1 + 60 + (b2 % 240)) % 360;
  const shape = b3 % PATTERN_SHAPES;
  // At least 4 cells on, so the grid never looks empty.
  let cells = (b4 << 8) | b5;
  if (popcount(cells) < 4) cells |= 0b1001_0110_0110_1001;
  return { hues: [hue1, hue2], shape, cells };
}

function popcount(n: number): number {
  let c = 0;
  for (let v = n; v; v &= v - 1) c++;
  return c;
}

export function isSecurityPattern(v: unknown): v is SecurityPattern {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Partial<SecurityPattern>;
  return (
    Array.isArray(p.hues) &&
    p.hues.length === 2 &&
    p.hues.every((h) => Number.isInteger(h) && h >= 0 && h < 360) &&
    Number.isInteger(p.shape) &&
    (p.shape as number) >= 0 &&
    (p.shape as number) < PATTERN_SHAPES &&
    Number.isInteger(p.cells) &&
    (p.cells as number) >= 0 &&
    (p.cells as number) <= 0xffff
  );
}
