/**
 * Thread identity from the URL (instagram-dm-dom.md §1 "URLs and thread ids").
 *
 * Accepted: `/direct/t/<id>` and `/direct/e2ee/t/<id>`, with or without the trailing slash, with any
 * query string or fragment (`?hl=en`). Everything else is rejected.
 *
 * Strictness (a choice, documented here): the id is digits only, 6 to 39 of them, no leading zero.
 * The sources show two formats, legacy 39-digit ids (`340282366841710300949128…`) and newer
 * 15–17-digit ids; loose regexes in the wild (`[^/?]+`) exist but no source shows a non-numeric
 * thread id. Per-conversation state (keys, the encryption switch) is keyed on this id, so an id we
 * cannot parse means "not a thread we know": the caller treats the page as no thread (no compose
 * frame, no guard, nothing read) instead of guessing (docs/ARCHITECTURE.md, threat model).
 * No leading zero keeps one spelling per id. The bounds leave room for unseen numeric lengths.
 * `/direct/e2ee/t/` rests on one source (§11); its ids are assumed to share the format, and its
 * key is prefixed so that it can never collide with a plain thread's state.
 */

/** 'legacy': the 39-digit ids; 'fbid': every other accepted numeric id (presumably a thread_fbid, §1). */
export type ThreadIdFormat = 'legacy' | 'fbid';

export interface ThreadRef {
  /** The id as it appears in the URL. */
  id: string;
  format: ThreadIdFormat;
  /** The URL was `/direct/e2ee/t/<id>/` (Meta's own end-to-end encrypted chats). */
  e2ee: boolean;
  /** Key for per-conversation state: `id`, or `e2ee:<id>` for e2ee threads. */
  key: string;
}

const THREAD_PATH = /^\/direct\/(e2ee\/)?t\/([1-9][0-9]{5,38})\/?$/;
const LEGACY_LENGTH = 39;
/** Hosts whose URLs may name a thread (for `threadRefFromUrl`). */
const INSTAGRAM_HOSTS: ReadonlySet<string> = new Set(['www.instagram.com', 'instagram.com']);

/** The thread named by a path (`location.pathname`, optionally followed by `?query` / `#hash`). */
export function threadRefFromPath(path: string): ThreadRef | undefined {
  if (typeof path !== 'string' || path.length > 512) return undefined;
  const cut = path.search(/[?#]/);
  const pathname = cut === -1 ? path : path.slice(0, cut);
  const m = THREAD_PATH.exec(pathname);
  if (!m) return undefined;
  const id = m[2]!;
  const e2ee = m[1] !== undefined;
  return {
    id,
    format: id.length === LEGACY_LENGTH ? 'legacy' : 'fbid',
    e2ee,
    key: e2ee ? `e2ee:${id}` : id,
  };
}

/** The thread named by an absolute `https://www.instagram.com/direct/t/<id>/` URL. */
export function threadRefFromUrl(url: string): ThreadRef | undefined {
  if (typeof url !== 'string' || url.length > 2048) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || !INSTAGRAM_HOSTS.has(parsed.hostname)) return undefined;
  return threadRefFromPath(parsed.pathname);
}
