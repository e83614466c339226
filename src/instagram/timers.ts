/**
 * Timers the page cannot cancel. The page and the content script share one table of timer ids
 * (setTimeout, setInterval), so the page's `clearTimeout(id)` cancels ours: sweeping the ids from
 * 1 up stopped the controller's ticks, and with them the guard, for good. A delay here is an
 * `AbortSignal.timeout`, whose timer has no id the page can name.
 */
export interface Timer {
  cancel(): void;
}

/** Runs `callback` once, `ms` from now, unless cancelled. */
export function after(ms: number, callback: () => void): Timer {
  const cancelled = new AbortController();
  AbortSignal.timeout(Math.max(0, ms)).addEventListener('abort', callback, { once: true, signal: cancelled.signal });
  return { cancel: () => cancelled.abort() };
}

/** Runs `callback` every `ms` until cancelled. */
export function every(ms: number, callback: () => void): Timer {
  let next: Timer;
  const arm = (): void => {
    next = after(ms, () => {
      arm();
      callback();
    });
  };
  arm();
  return { cancel: () => next.cancel() };
}
