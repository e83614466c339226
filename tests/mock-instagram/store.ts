/**
 * What the local instagram.com "stores": accounts, threads, messages, drafts and the event feed
 * that pages poll. Pure state, no HTTP. Thread ids use both formats of instagram-dm-dom.md §1
 * (legacy 39-digit `340282366841710300949128…` and 15–17-digit ids); message ids are `mid.$…`.
 */
import { randomBytes } from 'node:crypto';
import type { AccountInfo, SyncEvent, WireMessage, WireThread } from './protocol';

export const ACCOUNTS: Readonly<Record<string, AccountInfo>> = Object.freeze({
  alice: { username: 'alice', fullName: 'Alice Example', pk: '17841400000000001' },
  bob: { username: 'bob', fullName: 'Bob Example', pk: '17841400000000002' },
  carol: { username: 'carol', fullName: 'Carol Example', pk: '17841400000000003' },
});

/** The fixed threads: one per pair, in both id formats. */
export const THREADS = Object.freeze({
  /** alice ↔ bob, legacy 39-digit id (the encrypted thread in the tests). */
  aliceBob: '340282366841710300949128348198171523470',
  /** alice ↔ carol, 17-digit id (a plain thread). */
  aliceCarol: '17842055330127433',
  /** bob ↔ carol, 15-digit id. */
  bobCarol: '116638503065633',
});

interface Thread {
  id: string;
  members: string[];
  messages: WireMessage[];
  drafts: Map<string, string>;
  /** Per member: timestamp of the newest message they have seen. */
  seen: Map<string, number>;
}

interface QueuedEvent {
  seq: number;
  audience: readonly string[];
  event: SyncEvent;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MAX_EVENTS = 20_000;

export function newMessageId(): string {
  const bytes = randomBytes(25);
  let s = 'mid.$cAA';
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

export class Store {
  private readonly threads = new Map<string, Thread>();
  private events: QueuedEvent[] = [];
  private seqCounter = 0;
  private lastTimestamp = 0;

  constructor() {
    this.addThread(THREADS.aliceBob, ['alice', 'bob']);
    this.addThread(THREADS.aliceCarol, ['alice', 'carol']);
    this.addThread(THREADS.bobCarol, ['bob', 'carol']);
  }

  addThread(id: string, members: string[]): void {
    if (!/^\d{6,40}$/.test(id)) throw new Error(`thread id must be numeric: ${id}`);
    if (this.threads.has(id)) throw new Error(`thread exists: ${id}`);
    for (const m of members) if (!ACCOUNTS[m]) throw new Error(`unknown account: ${m}`);
    this.threads.set(id, { id, members: [...members], messages: [], drafts: new Map(), seen: new Map() });
  }

  get seq(): number {
    return this.seqCounter;
  }

  isMember(threadId: string, username: string): boolean {
    return this.threads.get(threadId)?.members.includes(username) ?? false;
  }

  /** Strictly increasing timestamps for live messages, so ordering never ties; `at` back-dates. */
  private now(at?: number): number {
    if (at !== undefined) return at;
    this.lastTimestamp = Math.max(Date.now(), this.lastTimestamp + 1);
    return this.lastTimestamp;
  }

  private push(audience: readonly string[], event: SyncEvent): void {
    this.seqCounter += 1;
    this.events.push({ seq: this.seqCounter, audience, event });
    if (this.events.length > MAX_EVENTS) this.events = this.events.slice(-MAX_EVENTS / 2);
  }

  threadOrThrow(id: string): Thread {
    const t = this.threads.get(id);
    if (!t) throw new Error(`unknown thread: ${id}`);
    return t;
  }

  /** Stores a message and announces it to every member (the sender's other tabs included). */
  addMessage(threadId: string, from: string, text: string, opts: { clientContext?: string; timestamp?: number } = {}): WireMessage {
    const t = this.threadOrThrow(threadId);
    if (!t.members.includes(from)) throw new Error(`${from} is not in thread ${threadId}`);
    const message: WireMessage = { id: newMessageId(), threadId, from, text, timestamp: this.now(opts.timestamp) };
    if (opts.clientContext !== undefined) message.clientContext = opts.clientContext;
    // Back-dated messages (seeded history) are inserted in time order.
    const idx = t.messages.findIndex((m) => m.timestamp > message.timestamp);
    if (idx === -1) t.messages.push(message);
    else t.messages.splice(idx, 0, message);
    t.seen.set(from, Math.max(t.seen.get(from) ?? 0, message.timestamp));
    this.push(t.members, { type: 'message', message: { ...message } });
    return message;
  }

  editMessage(threadId: string, messageId: string, text: string): WireMessage {
    const t = this.threadOrThrow(threadId);
    const m = t.messages.find((x) => x.id === messageId);
    if (!m) throw new Error(`unknown message ${messageId} in ${threadId}`);
    m.text = text;
    this.push(t.members, { type: 'edit', message: { ...m } });
    return m;
  }

  messages(threadId: string): WireMessage[] {
    return this.threadOrThrow(threadId).messages.map((m) => ({ ...m }));
  }

  /** Messages older than `beforeId` (or the newest ones), oldest first. */
  page(threadId: string, beforeId: string | null, limit: number): { messages: WireMessage[]; hasOlder: boolean } {
    const all = this.threadOrThrow(threadId).messages;
    let end = all.length;
    if (beforeId !== null) {
      const i = all.findIndex((m) => m.id === beforeId);
      end = i === -1 ? 0 : i;
    }
    const start = Math.max(0, end - limit);
    return { messages: all.slice(start, end).map((m) => ({ ...m })), hasOlder: start > 0 };
  }

  setDraft(threadId: string, username: string, text: string): void {
    this.threadOrThrow(threadId).drafts.set(username, text);
  }

  draft(threadId: string, username: string): string {
    return this.threadOrThrow(threadId).drafts.get(username) ?? '';
  }

  typing(threadId: string, from: string, active: boolean): void {
    const t = this.threadOrThrow(threadId);
    this.push(
      t.members.filter((m) => m !== from),
      { type: 'typing', threadId, from, active },
    );
  }

  markSeen(threadId: string, username: string): void {
    const t = this.threadOrThrow(threadId);
    const last = t.messages.at(-1);
    if (last) t.seen.set(username, Math.max(t.seen.get(username) ?? 0, last.timestamp));
  }

  announceVariant(audience: readonly string[], event: SyncEvent): void {
    this.push(audience, event);
  }

  threadsOf(username: string): WireThread[] {
    const out: WireThread[] = [];
    for (const t of this.threads.values()) {
      if (!t.members.includes(username)) continue;
      const seen = t.seen.get(username) ?? 0;
      out.push({
        id: t.id,
        users: t.members.filter((m) => m !== username).map((m) => ({ ...ACCOUNTS[m]! })),
        lastMessage: t.messages.length ? { ...t.messages[t.messages.length - 1]! } : null,
        unread: t.messages.filter((m) => m.from !== username && m.timestamp > seen).length,
      });
    }
    // Most recent activity first, as in the real inbox.
    return out.sort((a, b) => (b.lastMessage?.timestamp ?? 0) - (a.lastMessage?.timestamp ?? 0));
  }

  eventsSince(username: string, since: number): { seq: number; events: SyncEvent[] } {
    const events = this.events.filter((e) => e.seq > since && e.audience.includes(username)).map((e) => e.event);
    return { seq: this.seqCounter, events };
  }
}
