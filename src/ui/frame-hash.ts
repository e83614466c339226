/**
 * How the frames placed on instagram.com read their own address. The content script builds these
 * fragments (src/instagram/frame-urls.ts); the formats are:
 *
 *   /status-frame.html                                   the extension's state (as before)
 *   /status-frame.html#t=<threadId>                      ... plus "Encrypt this chat" when it is off
 *   /status-frame.html#t=<threadId>&paused=page-changed  ... plus "encryption paused"
 *   /compose-frame.html#t=<threadId>
 *   /reader-frame.html#m=<messageId>&s=<PayloadStatus>&p=<part>&n=<parts>   (m absent when unknown)
 *
 * The page can rewrite a frame's address, so a fragment only says which thread or message to ask
 * the background about. Whatever is shown about it (contact, verification, text) comes from the
 * background; a failure status in a reader fragment only ever selects a failure badge. Anything
 * malformed (unknown or repeated keys, bad ids) parses as null: the frame shows an error state.
 */
import { PAYLOAD_STATUSES, type PayloadStatus } from '../messaging/protocol';

/** Instagram thread ids, as the background accepts them. */
export const THREAD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Message ids (base64url), as the background accepts them. */
export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** More parts than any message can have (the background posts at most 64). */
export const MAX_PARTS = 64;

export type FailureStatus = Exclude<PayloadStatus, 'ok'>;

export type ReaderTarget =
  /**
   * `continues` is set for the 2nd..nth part of a multi-part message: its frame only says so,
   * and the text shows once, in the frame of the bubble that holds part 1.
   */
  | { kind: 'message'; messageId: string; continues?: { part: number; parts: number } }
  /** `part`/`parts` are null unless both were valid (1 <= part <= parts <= MAX_PARTS). */
  | { kind: 'failure'; status: FailureStatus; part: number | null; parts: number | null };

/** Why the status frame says encryption is paused (src/instagram/frame-urls.ts `PauseReason`). */
export type PauseReason = 'page-changed';

/** The thread of `#t=<threadId>`; null for anything else. */
export function parseThreadHash(hash: string): string | null {
  const params = hashParams(hash, ['t']);
  return params ? threadOf(params) : null;
}

/** The status frame's `#t=<threadId>[&paused=<reason>]`; null for anything else. An unknown reason is ignored. */
export function parseStatusHash(hash: string): { threadId: string; paused: PauseReason | null } | null {
  const params = hashParams(hash, ['t', 'paused']);
  const threadId = params ? threadOf(params) : null;
  if (!params || threadId === null) return null;
  return { threadId, paused: params.get('paused') === 'page-changed' ? 'page-changed' : null };
}

/** The target of a reader fragment; null when it names no valid status, or `ok` without a valid message id. */
export function parseReaderHash(hash: string): ReaderTarget | null {
  const params = hashParams(hash, ['m', 's', 'p', 'n']);
  if (!params) return null;
  const status = params.get('s');
  if (status === null || !isPayloadStatus(status)) return null;
  const messageId = params.get('m');
  if (messageId !== null && !MESSAGE_ID_PATTERN.test(messageId)) return null;
  const part = positiveInt(params.get('p'));
  const parts = positiveInt(params.get('n'));
  const valid = part !== null && parts !== null && part <= parts && parts <= MAX_PARTS;
  if (status === 'ok') {
    if (messageId === null) return null;
    return valid && part > 1 ? { kind: 'message', messageId, continues: { part, parts } } : { kind: 'message', messageId };
  }
  return { kind: 'failure', status, part: valid ? part : null, parts: valid ? parts : null };
}

function threadOf(params: URLSearchParams): string | null {
  const threadId = params.get('t');
  return threadId !== null && THREAD_ID_PATTERN.test(threadId) ? threadId : null;
}

function isPayloadStatus(value: string): value is PayloadStatus {
  return (PAYLOAD_STATUSES as readonly string[]).includes(value);
}

/** The parameters of `hash`, or null if it has a key outside `allowed` or any key twice. */
function hashParams(hash: string, allowed: readonly string[]): URLSearchParams | null {
  if (hash.length > 512) return null;
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (!allowed.includes(key) || seen.has(key)) return null;
    seen.add(key);
  }
  return params;
}

function positiveInt(value: string | null): number | null {
  if (value === null || !/^[1-9][0-9]{0,2}$/.test(value)) return null;
  return Number(value);
}
