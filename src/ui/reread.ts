/**
 * How the popup and the frames re-read from the background. MV3 stops idle workers and a new one
 * takes a moment to start, so a re-read (after a first answer) that finds the background unreachable
 * keeps what is shown and asks again after these delays (about 8 s in all), and only then shows the
 * failure. Plain (no Preact): the reader frame's small script uses it too.
 */
import type { ClientReply } from '../messaging/client';

export const REREAD_RETRY_MS: readonly number[] = [250, 500, 1000, 2000, 4000];

/** How long to wait before asking again after `reply` (attempt `attempt`), or undefined: show it. */
export function rereadDelay(reply: ClientReply<unknown>, answeredBefore: boolean, attempt: number): number | undefined {
  return !reply.ok && reply.error === 'unreachable' && answeredBefore ? REREAD_RETRY_MS[attempt] : undefined;
}
