/**
 * How a SecurityPattern (src/messaging/protocol.ts, drawn at random by
 * src/background/security-pattern.ts) is drawn: pure geometry, no DOM, so it can be tested and
 * reused by every surface (popup, compose and reader frames).
 *
 * Drawing, in a 24x24 box:
 * - a rounded square filled with hue 1 (dark), outlined with hue 2;
 * - a 4x4 grid of 5x5 cells starting at (2, 2); cell i (0..15) is row floor(i / 4), column i % 4,
 *   and is drawn when bit i of `cells` is set (bit 0 = least significant);
 * - each drawn cell holds the pattern's shape (0 square, 1 circle, 2 diamond, 3 triangle) in hue 2
 *   (light).
 * Out-of-range values are reduced (hue mod 360, shape mod 4, cells & 0xffff) so a bad value still
 * draws something, never throws.
 */
import type { SecurityPattern } from '../../messaging/protocol';

export const PATTERN_BOX = 24;
const GRID_ORIGIN = 2;
const CELL = 5;

export type PatternShape = 'square' | 'circle' | 'diamond' | 'triangle';
const SHAPES: readonly PatternShape[] = ['square', 'circle', 'diamond', 'triangle'];

export interface PatternCell {
  /** Top-left corner of the cell. */
  x: number;
  y: number;
}

export interface PatternDrawing {
  background: string;
  foreground: string;
  shape: PatternShape;
  hues: [number, number];
  cells: PatternCell[];
}

export function patternDrawing(pattern: SecurityPattern): PatternDrawing {
  const hue1 = normalizeHue(pattern.hues[0]);
  const hue2 = normalizeHue(pattern.hues[1]);
  const shapeIndex = (((Math.trunc(pattern.shape) || 0) % SHAPES.length) + SHAPES.length) % SHAPES.length;
  const bits = (Math.trunc(pattern.cells) || 0) & 0xffff;
  const cells: PatternCell[] = [];
  for (let i = 0; i < 16; i++) {
    if (((bits >>> i) & 1) === 0) continue;
    cells.push({ x: GRID_ORIGIN + (i % 4) * CELL, y: GRID_ORIGIN + Math.floor(i / 4) * CELL });
  }
  return {
    // Fixed lightness, independent of the page theme: the pattern must look the same everywhere.
    background: `hsl(${hue1} 60% 32%)`,
    foreground: `hsl(${hue2} 85% 72%)`,
    shape: SHAPES[shapeIndex] ?? 'square',
    hues: [hue1, hue2],
    cells,
  };
}

/** SVG points of a diamond or triangle inside the cell at (x, y), inset by half a unit. */
export function polygonPoints(shape: 'diamond' | 'triangle', x: number, y: number): string {
  const lo = 0.5;
  const hi = CELL - 0.5;
  const mid = CELL / 2;
  const pts =
    shape === 'diamond'
      ? [
          [mid, lo],
          [hi, mid],
          [mid, hi],
          [lo, mid],
        ]
      : [
          [mid, lo],
          [hi, hi],
          [lo, hi],
        ];
  return pts.map(([px, py]) => `${x + px!} ${y + py!}`).join(' ');
}

export const CELL_SIZE = CELL;

/** A colour word for a hue, for the text alternative (catalog key suffix `pattern.color.<name>`). */
export type HueName = 'red' | 'orange' | 'yellow' | 'green' | 'teal' | 'blue' | 'purple' | 'pink';

export function hueName(hue: number): HueName {
  const h = normalizeHue(hue);
  if (h < 15 || h >= 345) return 'red';
  if (h < 45) return 'orange';
  if (h < 70) return 'yellow';
  if (h < 165) return 'green';
  if (h < 195) return 'teal';
  if (h < 255) return 'blue';
  if (h < 290) return 'purple';
  return 'pink';
}

function normalizeHue(h: number): number {
  const n = Math.trunc(h) || 0;
  return ((n % 360) + 360) % 360;
}
