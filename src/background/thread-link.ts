/**
 * Which contact an Instagram thread belongs to (pure). A thread is linked to a contact through the
 * contact's `threads` list (src/vault/records.ts); the first time a thread whose header shows a
 * contact's Instagram username is seen, it is linked to that contact, encryption on. The link is
 * sticky: a later header with another username (Instagram renames, or a page that lies) does not
 * move it.
 */
import { normalizeInstagram } from '../protocol/card';
import type { ContactRecord, ThreadSetting } from '../vault/records';

/**
 * Links kept per contact. Each `threadState` from the page can add one, so the list is bounded;
 * the oldest link goes first. A dropped link comes back as "encryption on", the safe default.
 */
export const MAX_THREADS_PER_CONTACT = 64;

export interface ThreadLink {
  contact: ContactRecord;
  setting: ThreadSetting;
}

/** The contact whose threads list has `threadId` (the first one, by the list's order). */
export function linkedContact(contacts: readonly ContactRecord[], threadId: string): ThreadLink | undefined {
  for (const contact of contacts) {
    const setting = contact.threads.find((t) => t.threadId === threadId);
    if (setting) return { contact, setting };
  }
  return undefined;
}

/** The first contact with this Instagram username ("@Some.User" matches "some.user"). */
export function contactByUsername(contacts: readonly ContactRecord[], username: string | null): ContactRecord | undefined {
  const normalized = username === null ? undefined : normalizeInstagram(username);
  if (normalized === undefined) return undefined;
  return contacts.find((c) => c.instagramUsername === normalized);
}

/** The contact with `threadId` set to `encrypt`, moved to the end (the list is in order of last change, bounded). */
export function withThread(contact: ContactRecord, threadId: string, encrypt: boolean): ContactRecord {
  const others = contact.threads.filter((t) => t.threadId !== threadId);
  const threads = [...others, { threadId, encrypt }].slice(-MAX_THREADS_PER_CONTACT);
  return { ...contact, threads };
}
