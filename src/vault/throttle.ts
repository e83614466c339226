/**
 * Wrong-passphrase throttling policy. Pure, no browser API; the vault persists the state in
 * IndexedDB (`meta/throttle`) so that restarting the worker or reopening the popup does not reset it.
 *
 * An attempt is counted *before* the passphrase is checked (and the count cleared on success), so
 * killing the worker in the middle of a derivation does not give a free guess.
 *
 *   delay(failures) = 0                                     for failures < 3 (typos are free)
 *                   = min(1 s · 2^(failures − 3), 15 min)   otherwise: 1 s, 2 s, 4 s, … 15 min
 *   next attempt allowed at lastAttemptAt + delay(failures)
 *
 * This only slows guessing through the extension's UI. Someone holding a copy of the profile
 * directory guesses offline, and only scrypt's cost slows them.
 */

export interface ThrottleState {
  /** Unlock attempts since the last success (the attempt in progress included). */
  failures: number;
  /** Epoch ms of the latest counted attempt. */
  lastAttemptAt: number;
}

export const FREE_ATTEMPTS = 3;
export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 15 * 60 * 1000;

export const NO_FAILURES: Readonly<ThrottleState> = Object.freeze({ failures: 0, lastAttemptAt: 0 });

export function throttleDelayMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  // Cap the exponent before exponentiating so a huge counter cannot overflow to Infinity.
  return Math.min(BASE_DELAY_MS * 2 ** Math.min(failures - FREE_ATTEMPTS, 30), MAX_DELAY_MS);
}

export function nextAttemptAt(state: ThrottleState): number {
  return state.lastAttemptAt + throttleDelayMs(state.failures);
}

export function isThrottleState(v: unknown): v is ThrottleState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const okInt = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  return Object.keys(s).length === 2 && okInt(s.failures) && okInt(s.lastAttemptAt);
}
