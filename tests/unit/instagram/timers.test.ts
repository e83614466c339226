/**
 * src/instagram/timers.ts: delays built on AbortSignal.timeout (no timer id for the page to cancel).
 * That the page cannot cancel them is shown in a real browser (tests/browser/compose.test.ts, the
 * timer sweep); here, what they do.
 */
import { describe, expect, it } from 'vitest';
import { after, every } from '../../../src/instagram/timers';

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('timers', () => {
  it('after runs once, after its delay, unless cancelled', async () => {
    const runs: string[] = [];
    after(20, () => runs.push('a'));
    const b = after(20, () => runs.push('b'));
    b.cancel();
    await wait(5);
    expect(runs).toEqual([]);
    await wait(60);
    expect(runs).toEqual(['a']);
  });

  it('every repeats until cancelled', async () => {
    let n = 0;
    const t = every(10, () => n++);
    await wait(80);
    t.cancel();
    const seen = n;
    expect(seen).toBeGreaterThanOrEqual(3);
    await wait(40);
    expect(n).toBe(seen);
  });

});
