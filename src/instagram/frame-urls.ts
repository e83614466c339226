/**
 * The URLs of the extension-origin frames the content script places on instagram.com. Only
 * identifiers and statuses travel in the fragment (never text, never keys): the frames ask the
 * background for everything else over their own privileged channel. The page can read these URLs
 * (it sees the `<iframe>` element), so nothing here may be secret.
 *
 * - status-frame.html                 extension state only (no thread, or a thread that is not a contact's)
 * - status-frame.html#t=<threadId>    the thread's contact and its encryption switch
 * - status-frame.html#t=<id>&paused=page-changed   "Encryption paused: Instagram's page changed"
 * - compose-frame.html#t=<threadId>   the secure compose box over Instagram's composer
 * - reader-frame.html#m=<messageId>&s=<status>&p=<part>&n=<parts>   one received or sent bubble
 *   (`m` is left out when the background could not tell the message: `s` then carries the status)
 */
import type { PayloadResult } from '../messaging/protocol';

export type FramePage = '/status-frame.html' | '/compose-frame.html' | '/reader-frame.html' | '/card-offer-frame.html';

/** Why the status frame says encryption is paused in a thread that has it on. */
export type PauseReason = 'page-changed';

function fragment(pairs: ReadonlyArray<readonly [string, string | number]>): string {
  if (pairs.length === 0) return '';
  return '#' + pairs.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
}

export function statusFrameHash(threadId: string | undefined, paused?: PauseReason): string {
  if (threadId === undefined) return '';
  return fragment(paused ? [['t', threadId], ['paused', paused]] : [['t', threadId]]);
}

export function composeFrameHash(threadId: string): string {
  return fragment([['t', threadId]]);
}

export function readerFrameHash(result: Pick<PayloadResult, 'messageId' | 'status' | 'part' | 'parts'>): string {
  const pairs: Array<[string, string | number]> = [];
  if (result.messageId !== null) pairs.push(['m', result.messageId]);
  pairs.push(['s', result.status], ['p', result.part], ['n', result.parts]);
  return fragment(pairs);
}
