/**
 * Who the open thread is with (instagram-dm-dom.md §3): the profile link in the thread header,
 * `a[href="/<username>/"]`, read by its href, never by its localized aria-label
 * ("Open the profile page of USERNAME"); display names are ignored (they collide).
 *
 * Header links are the profile-shaped links of the thread's column (thread.ts) that come before
 * the message list in document order and are outside it (so the left rail, the inbox, avatars in
 * rows and the docked widget never count).
 *
 * Outcome, with every username from the header and every avatar link in the rows:
 * - 'user': exactly one username in total, and the header showed it;
 * - 'group': two or more distinct usernames (a group chat, or a 1:1 header contradicted by rows
 *   from someone else; either way no single counterpart can be trusted) — all listed;
 * - 'unknown': no thread, or no header link (rows alone never establish identity).
 */
import { rowSenders } from './messages';
import { type DomProbe } from './probe';
import { SELECTORS } from './selectors';
import { findThreadView, type ThreadView } from './thread';
import { precedes, queryAll } from './tree';
import { usernameFromProfileHref } from './username';

export type Counterpart =
  | { kind: 'user'; username: string }
  | { kind: 'group'; usernames: string[] }
  | { kind: 'unknown'; reason: 'no-thread' | 'no-header-link' };

/** Usernames of the header's profile links, distinct, in document order. */
export function headerUsernames(view: ThreadView): string[] {
  const region = view.column ?? view.pane;
  if (!region) return [];
  const list = view.list.root;
  const names: string[] = [];
  for (const a of queryAll(region, SELECTORS.link)) {
    if (list.contains(a) || !precedes(a, list)) continue;
    if (a.closest(SELECTORS.dialog)) continue;
    const user = usernameFromProfileHref(a.getAttribute('href'));
    if (user && !names.includes(user)) names.push(user);
  }
  return names;
}

/** The counterpart of a known thread view. */
export function counterpartOf(view: ThreadView): Counterpart {
  const header = headerUsernames(view);
  const all = [...header];
  for (const u of rowSenders(view.list)) if (!all.includes(u)) all.push(u);
  if (all.length >= 2) return { kind: 'group', usernames: all };
  const only = header[0];
  if (header.length === 1 && only !== undefined) return { kind: 'user', username: only };
  return { kind: 'unknown', reason: 'no-header-link' };
}

/** The counterpart of the thread open in `doc`. */
export function readCounterpart(doc: Document, probe?: Partial<DomProbe>): Counterpart {
  const r = findThreadView(doc, probe);
  if (!r.ok) return { kind: 'unknown', reason: 'no-thread' };
  return counterpartOf(r.view);
}
