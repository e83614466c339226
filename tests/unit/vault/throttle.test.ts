import { describe, expect, it } from 'vitest';
import { isThrottleState, MAX_DELAY_MS, nextAttemptAt, throttleDelayMs } from '../../../src/vault/throttle';

describe('throttle policy', () => {
  it('lets three attempts through, then doubles from 1 s up to 15 min', () => {
    const delays = Array.from({ length: 16 }, (_, i) => throttleDelayMs(i));
    expect(delays).toEqual([
      0, 0, 0, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 512000, 900000, 900000, 900000,
    ]);
    expect(MAX_DELAY_MS).toBe(15 * 60 * 1000);
    expect(throttleDelayMs(1e9)).toBe(MAX_DELAY_MS);
    expect(throttleDelayMs(Number.MAX_SAFE_INTEGER)).toBe(MAX_DELAY_MS);
  });

  it('computes the next allowed attempt from the last counted one', () => {
    expect(nextAttemptAt({ failures: 0, lastAttemptAt: 0 })).toBe(0);
    expect(nextAttemptAt({ failures: 5, lastAttemptAt: 10_000 })).toBe(14_000);
  });

  it('accepts only a well-formed stored state', () => {
    expect(isThrottleState({ failures: 2, lastAttemptAt: 5 })).toBe(true);
    expect(isThrottleState({ failures: -1, lastAttemptAt: 5 })).toBe(false);
    expect(isThrottleState({ failures: 1.5, lastAttemptAt: 5 })).toBe(false);
    expect(isThrottleState({ failures: 1 })).toBe(false);
    expect(isThrottleState({ failures: 1, lastAttemptAt: 2, x: 3 })).toBe(false);
    expect(isThrottleState(null)).toBe(false);
  });
});
