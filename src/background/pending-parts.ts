/**
 * Parts of multi-part messages seen so far, in memory, keyed by the armor id (8 digits). The parts
 * of one message usually sit in separate bubbles and arrive in separate `readPayloads` requests,
 * so they are collected here until every index is present.
 *
 * Bounded (the page decides what we are shown): at most MAX_PENDING_MESSAGES messages and
 * MAX_PENDING_BYTES of part bodies; the least recently touched message is dropped first. Complete
 * messages stay too (until pushed out), so a bubble read again alone still resolves to its
 * message id. Lost on a worker restart; the content script then sends the bubbles again.
 */
import { equalBytes } from '../encoding/bytes';
import type { ArmorMessagePart } from '../protocol/armor';

export const MAX_PENDING_MESSAGES = 256;
export const MAX_PENDING_BYTES = 1024 * 1024;

interface Pending {
  count: number;
  parts: Map<number, ArmorMessagePart>;
  bytes: number;
}

export interface PendingLimits {
  maxMessages: number;
  maxBytes: number;
}

export class PendingParts {
  private readonly messages = new Map<string, Pending>();
  private bytes = 0;

  constructor(private readonly limits: PendingLimits = { maxMessages: MAX_PENDING_MESSAGES, maxBytes: MAX_PENDING_BYTES }) {}

  /**
   * Adds parts of the multi-part message `id` (all with that id). 'conflict' when one contradicts
   * what is stored (another count, or another body for an index): something altered a part. The
   * message is then forgotten, so clean copies read later can rebuild it.
   */
  add(id: string, parts: readonly ArmorMessagePart[]): 'ok' | 'conflict' {
    const stored = this.messages.get(id);
    const count = stored?.count ?? parts[0]?.count ?? 0;
    const incoming = new Map<number, ArmorMessagePart>();
    for (const part of parts) {
      const seen = stored?.parts.get(part.index) ?? incoming.get(part.index);
      if (part.id !== id || part.count !== count || (seen && !equalBytes(seen.body, part.body))) {
        this.delete(id);
        return 'conflict';
      }
      if (!seen) incoming.set(part.index, part);
    }
    const entry = stored ?? { count, parts: new Map<number, ArmorMessagePart>(), bytes: 0 };
    for (const [index, part] of incoming) {
      entry.parts.set(index, part);
      entry.bytes += part.body.length;
      this.bytes += part.body.length;
    }
    // Re-insert: Map order is the eviction order (least recently touched first).
    this.messages.delete(id);
    this.messages.set(id, entry);
    this.evict(id);
    return 'ok';
  }

  /** Every stored part of message `id`, in index order. */
  get(id: string): ArmorMessagePart[] {
    const entry = this.messages.get(id);
    return entry ? [...entry.parts.values()].sort((a, b) => a.index - b.index) : [];
  }

  delete(id: string): void {
    const entry = this.messages.get(id);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.messages.delete(id);
  }

  get size(): { messages: number; bytes: number } {
    return { messages: this.messages.size, bytes: this.bytes };
  }

  /** Drops the oldest messages until within bounds, never the one just added. */
  private evict(keep: string): void {
    for (const id of this.messages.keys()) {
      if (this.messages.size <= this.limits.maxMessages && this.bytes <= this.limits.maxBytes) return;
      if (id !== keep) this.delete(id);
    }
  }
}
