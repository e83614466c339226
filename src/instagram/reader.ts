/**
 * The reader: finds armor in the message bubbles on screen, asks the background what each is
 * (readPayloads: ciphertext in, statuses and message ids out, never plaintext), and puts an
 * extension-origin reader frame in place of each bubble's ciphertext. The frame fetches the
 * plaintext itself over the privileged channel; the page only ever holds ciphertext.
 *
 * - Only the message text of a row is read (dom/messages.ts readMessageRow: never the row's labels,
 *   quotes or hover-bar text), and only rows Instagram has acknowledged (with a `mid.` id, where
 *   the era has them) and whose direction is known: an optimistic row is replaced by a new node
 *   within a second, and a wrong direction would make the background try to decrypt our own
 *   message.
 * - The ciphertext stays in the page (we never delete page nodes): its text elements are hidden
 *   with an inline style, and our iframe is inserted after the last of them, inside the bubble.
 * - Idempotent: one mount per row node (WeakMap), checked against the bubble's cacheKey, so a
 *   re-scan changes nothing, an edited bubble is re-mounted, and rows the virtualized list threw
 *   away take their frame with them (swept on the next scan).
 */
import type { PayloadItem, PayloadResult } from '../messaging/protocol';
import { parseArmor } from '../protocol/armor';
import { readMessages, type MessageRow } from './dom/messages';
import type { DomProbe } from './dom/probe';
import type { MessageListRef } from './dom/thread';
import type { FrameHost, OwnFrame } from './frame-host';
import { readerFrameHash } from './frame-urls';
import { ReaderBook, type BubbleResult, type SeenBubble } from './reader-book';

/** Protocol bounds (contentRequestGuards.readPayloads): parts per bubble and characters per part. */
const MAX_PARTS_PER_BUBBLE = 8;
const MAX_PART_CHARS = 1024;
const DEFAULT_HEIGHT = 44;
const MAX_HEIGHT = 1200;
const FRAME_STYLE = `width:280px;max-width:100%;height:${DEFAULT_HEIGHT}px;margin:2px 0;`;

export type AskPayloads = (threadId: string, items: PayloadItem[]) => Promise<PayloadResult[] | undefined>;

interface Hidden {
  el: HTMLElement;
  value: string;
  priority: string;
}

interface Mount {
  frame: OwnFrame;
  cacheKey: string;
  hash: string;
  hidden: Hidden[];
  row: Element;
}

/** The armor tokens of a bubble's text, as the substrings parseArmor found (the background re-parses). */
export function armorParts(text: string): string[] {
  return parseArmor(text)
    .map((p) => text.slice(p.start, p.end))
    .filter((s) => s.length > 0 && s.length <= MAX_PART_CHARS)
    .slice(0, MAX_PARTS_PER_BUBBLE);
}

/**
 * The bubble of a row, if it holds armor and is ready to be read. `listHasIds`: the list carries
 * Instagram's message ids (grid and group eras), so a row without one is still optimistic; in the
 * textarea era no row has one and the armor alone keys the bubble.
 */
export function bubbleOf(threadId: string, row: MessageRow, listHasIds: boolean): SeenBubble | undefined {
  if (row.text === undefined || row.direction === 'unknown') return undefined;
  if (row.key === undefined && listHasIds) return undefined;
  const parts = armorParts(row.text);
  if (parts.length === 0) return undefined;
  return { cacheKey: `${threadId}\n${row.key ?? '-'}\n${parts.join(' ')}`, parts, outgoing: row.direction === 'outgoing' };
}

export class Reader {
  private readonly book: ReaderBook;
  private readonly mounts = new WeakMap<Element, Mount>();
  private readonly live = new Set<Mount>();
  private asking = false;

  constructor(
    private readonly frames: FrameHost,
    private readonly ask: AskPayloads,
    /** Called when answers arrived, so the caller re-scans (mounting happens in scan only). */
    private readonly onAnswers: () => void,
    now: () => number,
    private readonly probe?: Partial<DomProbe>,
  ) {
    this.book = new ReaderBook(now);
  }

  /** One pass over the rows of the open thread's list. */
  scan(threadId: string, list: MessageListRef, counterpart: string | undefined): void {
    this.sweep();
    const rows = readMessages(list, counterpart ? { probe: this.probe, counterparts: [counterpart] } : { probe: this.probe });
    const listHasIds = list.era === 'group' || list.era === 'grid' || rows.some((r) => r.key !== undefined);
    const seen: SeenBubble[] = [];
    for (const row of rows) {
      const bubble = bubbleOf(threadId, row, listHasIds);
      const mount = this.mounts.get(row.row);
      if (mount && (!bubble || mount.cacheKey !== bubble.cacheKey || !this.intact(mount, row))) this.unmount(mount);
      if (!bubble) continue;
      seen.push(bubble);
      const result = this.book.result(bubble.cacheKey);
      if (result) this.show(row, bubble.cacheKey, result);
    }
    this.request(threadId, seen);
  }

  /** Something changed in the background: ask again about everything not 'ok'. */
  invalidate(): void {
    this.book.invalidate();
  }

  /** Removes every frame and shows the ciphertext again (leaving the thread, or encryption not in use). */
  clear(): void {
    for (const m of [...this.live]) this.unmount(m);
  }

  /** A reader frame reported its content height. */
  resize(frame: OwnFrame, height: number): boolean {
    for (const m of this.live) {
      if (m.frame !== frame) continue;
      frame.iframe.style.setProperty('height', `${Math.min(MAX_HEIGHT, Math.max(16, height))}px`, 'important');
      return true;
    }
    return false;
  }

  get mounted(): number {
    return this.live.size;
  }

  private request(threadId: string, seen: SeenBubble[]): void {
    if (this.asking) return;
    const items = this.book.plan(seen);
    if (items.length === 0) return;
    this.asking = true;
    this.ask(threadId, items).then(
      (results) => {
        this.asking = false;
        if (results) this.book.accept(items, results);
        else this.book.failed(items);
        this.onAnswers();
      },
      () => {
        this.asking = false;
        this.book.failed(items);
      },
    );
  }

  /** Our frame is still in the row, and the row's text elements are still the ones we hid. */
  private intact(m: Mount, row: MessageRow): boolean {
    if (!this.frames.intact(m.frame) || !m.row.contains(m.frame.iframe)) return false;
    if (row.textElements.length !== m.hidden.length) return false;
    return m.hidden.every((h, i) => h.el === row.textElements[i] && h.el.style.getPropertyValue('display') === 'none');
  }

  private show(row: MessageRow, cacheKey: string, result: BubbleResult): void {
    const hash = readerFrameHash(result);
    const existing = this.mounts.get(row.row);
    if (existing && existing.hash === hash) return;
    // A new status (e.g. 'incomplete' → 'ok') gets a fresh frame rather than relying on hashchange.
    if (existing) this.unmount(existing);
    const last = row.textElements[row.textElements.length - 1];
    if (!last?.parentNode) return;
    const frame = this.frames.create('/reader-frame.html', hash, 'Sealed DMs message', FRAME_STYLE);
    const hidden = row.textElements.map((el) => {
      const h = el as HTMLElement;
      const saved = { el: h, value: h.style.getPropertyValue('display'), priority: h.style.getPropertyPriority('display') };
      h.style.setProperty('display', 'none', 'important');
      return saved;
    });
    last.after(frame.iframe);
    const mount: Mount = { frame, cacheKey, hash, hidden, row: row.row };
    this.mounts.set(row.row, mount);
    this.live.add(mount);
  }

  private unmount(m: Mount): void {
    this.frames.remove(m.frame);
    for (const h of m.hidden) {
      if (h.value) h.el.style.setProperty('display', h.value, h.priority);
      else h.el.style.removeProperty('display');
    }
    if (this.mounts.get(m.row) === m) this.mounts.delete(m.row);
    this.live.delete(m);
  }

  /** Drops mounts whose row left the page (the list recycled it). */
  private sweep(): void {
    for (const m of [...this.live]) {
      if (!m.row.isConnected) {
        this.frames.remove(m.frame);
        this.live.delete(m);
      }
    }
    this.frames.sweep();
  }
}
