/**
 * Bookkeeping of the reader (reader.ts): which bubbles have been asked about, what the background
 * answered, and what to ask next. Pure (no DOM, no messaging), so idempotence is unit-tested.
 *
 * Instagram's list is virtualized and recreates row nodes on every scroll (instagram-dm-dom.md
 * §6.6), so work is keyed by content, never by node: `cacheKey` = thread, Instagram's message id
 * and the armor parts of the bubble. A bubble seen again (a new node for the same message) is
 * answered from the cache; an edited bubble (same id, new text) is a new key.
 *
 * What to ask (`plan`), at most `maxItems` bubbles per request (the protocol's bound):
 * - bubbles never asked about and not in flight;
 * - when there is at least one such new bubble, also the visible bubbles answered 'incomplete'
 *   (a missing part of a multi-part message may be among the new rows); and, without new bubbles,
 *   the visible 'incomplete' ones again every `retryMs` (the parts they wait for may all be on
 *   screen while the background lost them: it keeps parts in memory only);
 * - never a bubble in flight, and never one whose last request failed less than `retryMs` ago
 *   (an unreachable background must not be hammered on every DOM mutation).
 * An answer that completes a multi-part message forgets every 'incomplete' answer: the virtualized
 * list may have dropped the rows of its other parts meanwhile, and their bubbles, mounted again
 * later, must not keep saying "waiting for the other parts". Whenever incomplete bubbles are asked
 * again, the visible parts of answered multi-part messages go with them: the background keeps
 * parts in memory only (a restarted worker has none), and one request holding every part is
 * enough to read the message.
 */
import { PAYLOAD_STATUSES, type PayloadItem, type PayloadResult, type PayloadStatus } from '../messaging/protocol';

export interface SeenBubble {
  cacheKey: string;
  parts: string[];
  outgoing: boolean;
}

export type BubbleResult = Omit<PayloadResult, 'key'>;

export const MAX_ITEMS_PER_REQUEST = 64;
/** Results kept; the oldest are dropped beyond this (a long scroll through history). */
const MAX_RESULTS = 4000;
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_PARTS = 64;

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** A result's fields as they will go into a frame URL: anything else from the background is refused. */
export function validResult(r: PayloadResult): BubbleResult | undefined {
  if (!PAYLOAD_STATUSES.includes(r.status)) return undefined;
  if (r.messageId !== null && !(typeof r.messageId === 'string' && MESSAGE_ID.test(r.messageId))) return undefined;
  if (!isInt(r.parts, 1, MAX_PARTS) || !isInt(r.part, 1, r.parts)) return undefined;
  return { messageId: r.messageId, status: r.status, part: r.part, parts: r.parts };
}

export class ReaderBook {
  readonly #results = new Map<string, BubbleResult>();
  readonly #inFlight = new Set<string>();
  readonly #retryAt = new Map<string, number>();
  /** Bubbles whose 'incomplete' answer was forgotten (a multi-part message completed since). */
  readonly #reasked = new Set<string>();
  /** When each 'incomplete' answer arrived, to ask again after `retryMs` without new bubbles. */
  readonly #incompleteAt = new Map<string, number>();
  /** Request keys are short local ids: a bubble's cacheKey can be far longer than the protocol allows. */
  readonly #keyOf = new Map<string, string>();
  readonly #cacheKeyOf = new Map<string, string>();
  #counter = 0;
  readonly #now: () => number;
  readonly #retryMs: number;
  readonly #maxItems: number;

  constructor(now: () => number, retryMs = 5000, maxItems = MAX_ITEMS_PER_REQUEST) {
    this.#now = now;
    this.#retryMs = retryMs;
    this.#maxItems = maxItems;
  }

  result(cacheKey: string): BubbleResult | undefined {
    return this.#results.get(cacheKey);
  }

  isInFlight(cacheKey: string): boolean {
    return this.#inFlight.has(cacheKey);
  }

  #requestKey(cacheKey: string): string {
    let key = this.#keyOf.get(cacheKey);
    if (key === undefined) {
      key = `b${(this.#counter++).toString(36)}`;
      this.#keyOf.set(cacheKey, key);
      this.#cacheKeyOf.set(key, cacheKey);
    }
    return key;
  }

  #askable(b: SeenBubble, now: number): boolean {
    return !this.#inFlight.has(b.cacheKey) && (this.#retryAt.get(b.cacheKey) ?? 0) <= now;
  }

  /** The items to ask about now (see the file comment); they are marked in flight. */
  plan(visible: readonly SeenBubble[]): PayloadItem[] {
    const now = this.#now();
    const unique = new Map<string, SeenBubble>();
    for (const b of visible) if (!unique.has(b.cacheKey)) unique.set(b.cacheKey, b);
    const fresh = [...unique.values()].filter((b) => !this.#results.has(b.cacheKey) && this.#askable(b, now));
    const incomplete = [...unique.values()].filter((b) => this.#results.get(b.cacheKey)?.status === 'incomplete' && this.#askable(b, now));
    const stale = incomplete.some((b) => now - (this.#incompleteAt.get(b.cacheKey) ?? 0) >= this.#retryMs);
    if (fresh.length === 0 && !stale) return [];
    const retrying = incomplete.length > 0 || fresh.some((b) => this.#reasked.has(b.cacheKey));
    const companions = retrying
      ? [...unique.values()].filter((b) => {
          const r = this.#results.get(b.cacheKey);
          return r !== undefined && r.status !== 'incomplete' && r.parts > 1 && this.#askable(b, now);
        })
      : [];
    const chosen = [...fresh, ...incomplete, ...companions].slice(0, this.#maxItems);
    for (const b of chosen) this.#inFlight.add(b.cacheKey);
    return chosen.map((b) => ({ key: this.#requestKey(b.cacheKey), parts: [...b.parts], outgoing: b.outgoing }));
  }

  /** The background's answer to `asked`; returns the cacheKeys whose result is new or changed. */
  accept(asked: readonly PayloadItem[], results: readonly PayloadResult[]): string[] {
    const byKey = new Map(results.map((r) => [r.key, r] as const));
    const changed: string[] = [];
    const now = this.#now();
    let completed = false;
    for (const item of asked) {
      const cacheKey = this.#cacheKeyOf.get(item.key);
      if (cacheKey === undefined) continue;
      this.#inFlight.delete(cacheKey);
      const raw = byKey.get(item.key);
      const valid = raw ? validResult(raw) : undefined;
      if (!valid) {
        // Unanswered or unusable: ask again later, not on the next mutation.
        this.#retryAt.set(cacheKey, now + this.#retryMs);
        continue;
      }
      this.#retryAt.delete(cacheKey);
      this.#reasked.delete(cacheKey);
      if (valid.status === 'incomplete') this.#incompleteAt.set(cacheKey, now);
      else this.#incompleteAt.delete(cacheKey);
      if (valid.parts > 1 && valid.status !== 'incomplete') completed = true;
      const before = this.#results.get(cacheKey);
      this.#results.delete(cacheKey); // re-insert: Map order is the eviction order
      this.#results.set(cacheKey, valid);
      if (!before || before.status !== valid.status || before.messageId !== valid.messageId || before.part !== valid.part || before.parts !== valid.parts) {
        changed.push(cacheKey);
      }
    }
    if (completed) {
      for (const [cacheKey, r] of this.#results) {
        if (r.status !== 'incomplete') continue;
        this.#results.delete(cacheKey);
        this.#incompleteAt.delete(cacheKey);
        this.#reasked.add(cacheKey);
      }
    }
    this.#evict();
    return changed;
  }

  /** The request for `asked` failed (background unreachable): retry after `retryMs`. */
  failed(asked: readonly PayloadItem[]): void {
    const at = this.#now() + this.#retryMs;
    for (const item of asked) {
      const cacheKey = this.#cacheKeyOf.get(item.key);
      if (cacheKey === undefined) continue;
      this.#inFlight.delete(cacheKey);
      this.#retryAt.set(cacheKey, at);
    }
  }

  /**
   * Something changed in the background (unlocked, contact added, key confirmed): every answer
   * but 'ok' may now be different, so those are asked again.
   */
  invalidate(except: readonly PayloadStatus[] = ['ok']): void {
    for (const [cacheKey, r] of this.#results) if (!except.includes(r.status)) this.#results.delete(cacheKey);
    this.#retryAt.clear();
  }

  #evict(): void {
    const over = this.#results.size - MAX_RESULTS;
    if (over <= 0) return;
    let n = 0;
    for (const cacheKey of this.#results.keys()) {
      if (n++ >= over) break;
      this.#results.delete(cacheKey);
      this.#incompleteAt.delete(cacheKey);
      this.#reasked.delete(cacheKey);
      const key = this.#keyOf.get(cacheKey);
      this.#keyOf.delete(cacheKey);
      if (key !== undefined) this.#cacheKeyOf.delete(key);
    }
  }

  get size(): number {
    return this.#results.size;
  }
}
