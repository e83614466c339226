// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { patternFromBytes } from '../../../src/background/security-pattern';
import type { SecurityPattern } from '../../../src/messaging/protocol';
import { hueName, patternDrawing } from '../../../src/ui/pattern/pattern-drawing';
import { SecurityPatternBadge, describePattern } from '../../../src/ui/pattern/SecurityPatternBadge';
import { mount, unmountAll } from './helpers';

afterEach(unmountAll);

const BASE: SecurityPattern = { hues: [210, 30], shape: 1, cells: 0b1010_0101_1100_0011 };

async function markup(pattern: SecurityPattern): Promise<string> {
  const root = await mount(<SecurityPatternBadge pattern={pattern} />);
  return root.querySelector('svg')!.outerHTML;
}

const popcount = (n: number) => n.toString(2).split('').filter((b) => b === '1').length;

describe('security pattern badge', () => {
  it('same pattern, same drawing', async () => {
    expect(await markup({ ...BASE })).toBe(await markup({ hues: [210, 30], shape: 1, cells: BASE.cells }));
  });

  it('changing any one field changes the drawing', async () => {
    const base = await markup(BASE);
    const variants: SecurityPattern[] = [
      { ...BASE, hues: [211, 30] },
      { ...BASE, hues: [210, 31] },
      { ...BASE, hues: [30, 210] },
      { ...BASE, shape: 0 },
      { ...BASE, shape: 2 },
      { ...BASE, shape: 3 },
      { ...BASE, cells: BASE.cells ^ 1 },
      { ...BASE, cells: BASE.cells ^ 0x8000 },
    ];
    const drawings = await Promise.all(variants.map(markup));
    for (const drawing of drawings) expect(drawing).not.toBe(base);
    expect(new Set([base, ...drawings]).size).toBe(variants.length + 1);
  });

  it('patterns drawn at random are told apart', async () => {
    // 40 patterns from fixed pseudo-random bytes through the background's own generator.
    const patterns = Array.from({ length: 40 }, (_, i) => patternFromBytes(Uint8Array.from({ length: 6 }, (_, j) => (i * 73 + j * 151 + i * j * 29) & 0xff)));
    const keys = new Set(patterns.map((p) => JSON.stringify(p)));
    const drawings = new Set(await Promise.all(patterns.map(markup)));
    expect(drawings.size).toBe(keys.size);
  });

  it('draws one shape per set cell, in the grid position of its bit', async () => {
    for (const [shape, tag] of [
      [0, 'rect'],
      [1, 'circle'],
      [2, 'polygon'],
      [3, 'polygon'],
    ] as const) {
      const root = await mount(<SecurityPatternBadge pattern={{ ...BASE, shape }} />);
      const svg = root.querySelector('svg')!;
      // The first <rect> is the background square.
      const shapes = tag === 'rect' ? [...svg.querySelectorAll('rect')].slice(1) : [...svg.querySelectorAll(tag)];
      expect(shapes).toHaveLength(popcount(BASE.cells));
    }
    const cells = patternDrawing({ ...BASE, cells: 0b1000_0000_0000_0001 }).cells;
    expect(cells).toEqual([
      { x: 2, y: 2 },
      { x: 17, y: 17 },
    ]);
  });

  it('has a text alternative and adds no text content', async () => {
    const root = await mount(<SecurityPatternBadge pattern={BASE} />);
    const svg = root.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Your security pattern: orange circles on blue');
    expect(svg.textContent).toBe('');
    const custom = await mount(<SecurityPatternBadge pattern={BASE} label="Pattern" size={16} />);
    expect(custom.querySelector('svg')!.getAttribute('aria-label')).toBe('Pattern');
    expect(custom.querySelector('svg')!.getAttribute('width')).toBe('16');
  });

  it('out-of-range values still draw, reduced to range', async () => {
    const odd: SecurityPattern = { hues: [570, -30], shape: 5, cells: 0x1_0003 };
    expect(await markup(odd)).toBe(await markup({ hues: [210, 330], shape: 1, cells: 3 }));
    expect(describePattern({ hues: [Number.NaN, 0], shape: Number.NaN, cells: Number.NaN })).toContain('squares');
  });

  it('names hues by colour', () => {
    expect([0, 30, 60, 120, 180, 220, 270, 320, 350].map(hueName)).toEqual(['red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple', 'pink', 'red']);
  });
});
