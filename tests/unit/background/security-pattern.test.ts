import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecurityPattern, patternFromBytes } from '../../../src/background/security-pattern';

describe('security pattern', () => {
  it('is a valid pattern for any 6 bytes, with distinguishable hues and a non-empty grid', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => {
        const p = patternFromBytes(bytes);
        expect(isSecurityPattern(p)).toBe(true);
        const gap = Math.abs(p.hues[0] - p.hues[1]);
        expect(Math.min(gap, 360 - gap)).toBeGreaterThanOrEqual(60);
        let on = 0;
        for (let i = 0; i < 16; i++) on += (p.cells >> i) & 1;
        expect(on).toBeGreaterThanOrEqual(4);
      }),
    );
  });

  it('depends on every byte', () => {
    const base = Uint8Array.from([10, 20, 30, 40, 50, 60]);
    const p0 = JSON.stringify(patternFromBytes(base));
    for (let i = 0; i < 6; i++) {
      const changed = base.slice();
      changed[i] = changed[i]! ^ 0x55;
      expect(JSON.stringify(patternFromBytes(changed))).not.toBe(p0);
    }
  });

  it('refuses the wrong amount of randomness and rejects malformed stored patterns', () => {
    expect(() => patternFromBytes(new Uint8Array(5))).toThrow();
    expect(isSecurityPattern({ hues: [0, 400], shape: 0, cells: 1 })).toBe(false);
    expect(isSecurityPattern({ hues: [0, 100], shape: 9, cells: 1 })).toBe(false);
    expect(isSecurityPattern({ hues: [0, 100], shape: 1 })).toBe(false);
    expect(isSecurityPattern(null)).toBe(false);
  });
});
