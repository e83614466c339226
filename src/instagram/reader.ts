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
 * - Height-neutral: the frame takes exactly the box of the ciphertext it hides (measured before
 *   hiding, corrected against the bubble's height after), and keeps it whatever its content
 *   reports (a taller text scrolls inside the frame). Virtualized lists measure a row when they
 *   render it, with the ciphertext showing; a row that changes height afterwards makes the
 *   browser's scroll anchoring move the list, the list re-creates its rows on that scroll, and the
 *   new rows change height again when we mount: the list runs away without any input (README
 *   "Figures"). Only a bubble that has no box to measure (not laid out) is sized from its content.
 * - Near the viewport only: a bubble far above or below it is asked about but gets its frame when
 *   it comes near (every frame is a document to create and load; lists mount many rows off screen).
 *   Except part 1 of a multi-part message: the only bubble that shows its text, usually far above
 *   the later parts it is read with.
 * - Early: loading a frame's document takes far longer than the background's answer, so a bubble
 *   gets its frame as soon as it is asked about, with an empty fragment; the answer goes to the
 *   frame in a message once both are there (src/ui/reader/reader-target.ts). A bubble whose
 *   question failed gets its ciphertext back. A bubble already answered (a re-created row) gets
 *   its address in the fragment at once. Where a frame can be moved without reloading, the bubble
 *   takes one that waited, loaded, out of sight (frame-pool.ts), and is posted its address.
 * - What is on screen first (README "Figures"): inserting a frame blocks the page for a while and
 *   every frame's document competes for the same processes, so the background is asked before any
 *   frame is inserted, frames are created for the bubbles on screen first, the lowest (newest)
 *   first, and those just off screen get theirs a moment later (NEAR_DELAY_MS).
 * - Idempotent: one mount per row node (WeakMap), checked against the bubble's cacheKey, so a
 *   re-scan changes nothing, an edited bubble is re-mounted, and rows the virtualized list threw
 *   away take their frame with them (swept on the next scan).
 */
import type { PayloadItem, PayloadResult } from '../messaging/protocol';
import { locateArmor } from '../protocol/armor-locate';
import { readMessages, type MessageRow } from './dom/messages';
import type { DomProbe } from './dom/probe';
import type { MessageListRef } from './dom/thread';
import type { FrameHost, OwnFrame } from './frame-host';
import type { FramePool } from './frame-pool';
import { RowMounts, type RowMount } from './row-mounts';
import { readerTargetMessage, type ReaderTargetMessage } from '../ui/reader/reader-target';
import { readerFrameHash } from './frame-urls';
import { ReaderBook, type SeenBubble } from './reader-book';
import { after, type Timer } from './timers';

/** Protocol bounds (contentRequestGuards.readPayloads): parts per bubble and characters per part. */
const MAX_PARTS_PER_BUBBLE = 8;
const MAX_PART_CHARS = 1024;
const DEFAULT_HEIGHT = 44;
const MIN_HEIGHT = 16;
const MAX_HEIGHT = 1200;
/** Bubbles this far above or below the viewport get their frame already (scrolling reveals them). */
const NEAR_VIEWPORT_PX = 200;
/** Content heights remembered (per cacheKey) for frames sized by their content; the oldest go first. */
const MAX_REMEMBERED = 2000;
/** Bubbles just off screen get their frame this long after frames were created for bubbles on it. */
const NEAR_DELAY_MS = 500;

/** The box the ciphertext takes in the page, in CSS pixels (the frame takes it over). */
interface Box {
  width: number;
  height: number;
  /** Viewport coordinates of the ciphertext's top and bottom edges. */
  top: number;
  bottom: number;
  /** The bubble's height before the change, to correct the frame against; undefined without a bubble. */
  bubble: number | undefined;
}

function px(n: number): string {
  return `${Math.round(n * 100) / 100}px`;
}

function boxStyle(box: Box): string {
  return `width:${px(box.width)};max-width:100%;height:${px(box.height)};margin:0;`;
}

function contentStyle(height: number): string {
  return `width:280px;max-width:100%;height:${px(height)};margin:2px 0;`;
}

function clampHeight(height: number): number {
  return Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, height));
}

/** The union of the text elements' boxes; undefined when they are not laid out (no size). */
function measureBox(row: MessageRow): Box | undefined {
  let top = Infinity;
  let bottom = -Infinity;
  let left = Infinity;
  let right = -Infinity;
  for (const el of row.textElements) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    top = Math.min(top, r.top);
    bottom = Math.max(bottom, r.bottom);
    left = Math.min(left, r.left);
    right = Math.max(right, r.right);
  }
  const height = bottom - top;
  const width = right - left;
  if (!(height >= 1 && width >= 1)) return undefined;
  const bubble = row.bubble?.getBoundingClientRect().height;
  return { width, height, top, bottom, bubble: bubble && bubble > 0 ? bubble : undefined };
}

interface ToShow {
  row: MessageRow;
  cacheKey: string;
  /** The frame's address (readerFrameHash of the answer); undefined while the background is asked. */
  hash: string | undefined;
  /** Part 1 of a multi-part message: the one bubble that shows its text, wherever it is. */
  eager: boolean;
}

export type AskPayloads = (threadId: string, items: PayloadItem[]) => Promise<PayloadResult[] | undefined>;

/** Posts a frame its address (a frame created before the answer); by default FrameHost.post. */
export type PostTarget = (frame: OwnFrame, message: ReaderTargetMessage) => void;

interface Hidden {
  el: HTMLElement;
  value: string;
  priority: string;
}

interface Mount extends RowMount {
  cacheKey: string;
  /** The frame's address: in its fragment, or (created early) posted once known and the frame has spoken. */
  hash: string | undefined;
  /** Created with an empty fragment: the address is posted. */
  early: boolean;
  hidden: Hidden[];
  /** 'box': sized to the hidden ciphertext, never resized; 'content': follows what the frame reports. */
  sizing: 'box' | 'content';
  /** The bubble the frame sits in (the box was corrected against its height). */
  bubble: Element | undefined;
  /** The frame drew its answer (its `shown` message). */
  shown: boolean;
}

/** The armor tokens of a bubble's text, as the substrings locateArmor found (the background re-parses). */
export function armorParts(text: string): string[] {
  return locateArmor(text)
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
  readonly #book: ReaderBook;
  readonly #mounts: RowMounts<Mount>;
  /** Reported content heights of 'content'-sized frames, so a re-created row gets its height at once. */
  readonly #contentHeights = new Map<string, number>();
  #asking = false;
  /** Bubbles waiting (out of view) for their frame, and what tells us when they come near. */
  readonly #watched = new Map<Element, Element>();
  #watcher: IntersectionObserver | undefined;
  /** The last scan's arguments, to show an answer as soon as it arrives. */
  #last: { threadId: string; list: MessageListRef; counterpart: string | undefined } | undefined;
  /** Bubbles just off screen get no frame before this time (NEAR_DELAY_MS). */
  #nearAt = 0;
  /** A look again for bubbles just off screen that waited. */
  #later: { at: number; timer: Timer } | undefined;
  readonly #frames: FrameHost;
  // TS private, not #: a unit test replaces it (reader.test.ts, "frames load while the background answers").
  private readonly ask: AskPayloads;
  /** Called when answers arrived, so the caller re-scans (mounting happens in scan only). */
  readonly #onAnswers: () => void;
  readonly #now: () => number;
  readonly #probe: Partial<DomProbe> | undefined;
  readonly #postTarget: PostTarget;
  /** Frames loaded ahead of need (frame-pool.ts); without one, frames are created in place. */
  readonly #pool: FramePool | undefined;

  constructor(
    frames: FrameHost,
    ask: AskPayloads,
    onAnswers: () => void,
    now: () => number,
    probe?: Partial<DomProbe>,
    postTarget: PostTarget = (frame, message) => frames.post(frame, message),
    pool?: FramePool,
  ) {
    this.#frames = frames;
    this.ask = ask;
    this.#onAnswers = onAnswers;
    this.#now = now;
    this.#probe = probe;
    this.#postTarget = postTarget;
    this.#pool = pool;
    this.#book = new ReaderBook(now);
    this.#mounts = new RowMounts(frames);
  }

  /** One pass over the rows of the open thread's list. */
  scan(threadId: string, list: MessageListRef, counterpart: string | undefined): void {
    this.#last = { threadId, list, counterpart };
    this.#sweep();
    const rows = readMessages(list, counterpart ? { probe: this.#probe, counterparts: [counterpart] } : { probe: this.#probe });
    const listHasIds = list.era === 'group' || list.era === 'grid' || rows.some((r) => r.key !== undefined);
    const seen: Array<{ row: MessageRow; bubble: SeenBubble }> = [];
    for (const row of rows) {
      const bubble = bubbleOf(threadId, row, listHasIds);
      const mount = this.#mounts.of(row.row);
      if (mount && (!bubble || mount.cacheKey !== bubble.cacheKey || !this.#intact(mount, row))) this.#unmount(mount);
      if (bubble) seen.push({ row, bubble });
    }
    // The question first: the background works while frames are inserted (which blocks the page).
    this.#request(
      threadId,
      seen.map((s) => s.bubble),
    );
    const toShow: ToShow[] = [];
    for (const { row, bubble } of seen) {
      const result = this.#book.result(bubble.cacheKey);
      if (result) toShow.push({ row, cacheKey: bubble.cacheKey, hash: readerFrameHash(result), eager: result.parts > 1 && result.part === 1 });
      else if (this.#book.isInFlight(bubble.cacheKey)) toShow.push({ row, cacheKey: bubble.cacheKey, hash: undefined, eager: false });
      else {
        // Asked, and the question failed (it is asked again later): the ciphertext comes back meanwhile.
        const mount = this.#mounts.of(row.row);
        if (mount?.hash === undefined && mount) this.#unmount(mount);
      }
    }
    this.#show(toShow);
  }

  /** Something changed in the background: ask again about everything not 'ok'. */
  invalidate(): void {
    this.#book.invalidate();
  }

  /** Removes every frame and shows the ciphertext again (leaving the thread, or encryption not in use). */
  clear(): void {
    this.#last = undefined;
    this.#later?.timer.cancel();
    this.#later = undefined;
    this.#watcher?.disconnect();
    this.#watched.clear();
    for (const m of this.#mounts.all()) this.#unmount(m);
  }

  /**
   * A reader frame reported its content height. Only a 'content'-sized frame follows it (see the
   * file comment: resizing a box-sized frame would move the list under the user).
   */
  resize(frame: OwnFrame, height: number): boolean {
    const m = this.#mounts.withFrame(frame);
    if (!m) return false;
    // Its document is there and has spoken (from an extension origin): it can take its address.
    // Every report: a document that loaded again needs it again; the frame takes only the first.
    if (m.early) this.#deliver(m);
    if (m.sizing === 'content') {
      const h = clampHeight(height);
      this.#contentHeights.delete(m.cacheKey);
      this.#contentHeights.set(m.cacheKey, h);
      if (this.#contentHeights.size > MAX_REMEMBERED) this.#contentHeights.delete(this.#contentHeights.keys().next().value!);
      frame.iframe.style.setProperty('height', px(h), 'important');
    }
    return true;
  }

  get mounted(): number {
    return this.#mounts.size;
  }

  /** A reader frame drew its answer; false if the frame is not one of ours. */
  shown(frame: OwnFrame): boolean {
    const m = this.#mounts.withFrame(frame);
    if (m) m.shown = true;
    return m !== undefined;
  }

  /** No question in flight, and every frame placed has drawn its answer. */
  get idle(): boolean {
    return !this.#asking && this.#mounts.all().every((m) => m.shown);
  }

  #request(threadId: string, seen: SeenBubble[]): void {
    if (this.#asking) return;
    const items = this.#book.plan(seen);
    if (items.length === 0) return;
    this.#asking = true;
    const again = (): void => {
      // The answer is shown at once (the caller's next pass may be a tick away), on the same list
      // of the same thread only: clear() in between (thread left, reading stopped) forgets it.
      if (this.#last?.threadId === threadId) this.#rescan();
      this.#onAnswers();
    };
    this.ask(threadId, items).then(
      (results) => {
        this.#asking = false;
        if (results) this.#book.accept(items, results);
        else this.#book.failed(items);
        again();
      },
      () => {
        this.#asking = false;
        this.#book.failed(items);
        again();
      },
    );
  }

  /** Our frame is still in the row, and the row's text elements are still the ones we hid. */
  #intact(m: Mount, row: MessageRow): boolean {
    if (!this.#frames.intact(m.frame) || !m.row.contains(m.frame.iframe)) return false;
    if (row.textElements.length !== m.hidden.length) return false;
    return m.hidden.every((h, i) => h.el === row.textElements[i] && h.el.style.getPropertyValue('display') === 'none');
  }

  /**
   * Gives each bubble asked about its frame (see the file comment: early, with its address posted
   * later), and each early frame its address once known; a changed answer (e.g. 'incomplete' →
   * 'ok') gets a fresh frame. A new address would reload the frame anyway: in Chrome its document's
   * URL is the extension's own, not the per-session address we set, so no fragment change is
   * same-document.
   * Layout is read twice per batch, not per bubble: every ciphertext box before anything changes,
   * then every bubble after, to correct each frame to the pixel.
   */
  #show(list: readonly ToShow[]): void {
    const todo: ToShow[] = [];
    for (const item of list) {
      const existing = this.#mounts.of(item.row.row);
      if (existing && (existing.hash === item.hash || item.hash === undefined)) continue;
      if (existing?.early && existing.hash === undefined) {
        existing.hash = item.hash;
        this.#deliver(existing);
        continue;
      }
      if (existing) this.#unmount(existing);
      if (!item.row.textElements[item.row.textElements.length - 1]?.parentNode) continue;
      todo.push(item);
    }
    if (todo.length === 0) return;
    const boxes = todo.map((item) => measureBox(item.row));
    const viewport = this.#frames.viewportHeight();
    // The bubbles on screen first, the lowest (newest) first: the browser creates and loads frames
    // in the order they come.
    const onScreen = (box: Box | undefined): boolean => box === undefined || viewport <= 0 || (box.bottom > 0 && box.top < viewport);
    const order = todo.map((item, i) => ({ item, box: boxes[i], on: onScreen(boxes[i]) }));
    order.sort((a, b) => Number(b.on) - Number(a.on) || (a.box && b.box ? b.box.bottom - a.box.bottom : 0));
    const placed: Array<{ mount: Mount; box: Box }> = [];
    let deferred = false;
    for (const { item, box, on } of order) {
      if (!on && !item.eager) {
        const far = box!.bottom < -NEAR_VIEWPORT_PX || box!.top > viewport + NEAR_VIEWPORT_PX;
        if (far && this.#watch(item.row)) continue;
        if (!far && this.#now() < this.#nearAt) {
          deferred = true;
          continue;
        }
      }
      const mount = this.#mount(item, box);
      if (box) placed.push({ mount, box });
      if (on && box) this.#nearAt = this.#now() + NEAR_DELAY_MS;
    }
    if (deferred) this.#lookAgain(this.#nearAt - this.#now());
    for (const { mount, box } of placed) {
      if (box.bubble === undefined || !mount.bubble?.isConnected) continue;
      const after = mount.bubble.getBoundingClientRect().height;
      const diff = box.bubble - after;
      if (after > 0 && Math.abs(diff) >= 0.5) mount.frame.iframe.style.setProperty('height', px(Math.max(1, box.height + diff)), 'important');
    }
  }

  #mount(item: ToShow, box: Box | undefined): Mount {
    const { row } = item;
    const remembered = this.#contentHeights.get(item.cacheKey);
    const style = box ? boxStyle(box) : contentStyle(remembered ?? DEFAULT_HEIGHT);
    const last = row.textElements[row.textElements.length - 1]!;
    // A frame that waited, loaded, in the pool, else a new one (then with its address in its fragment if known).
    const pooled = last.parentNode ? this.#pool?.place(last.parentNode, last.nextSibling, style) : undefined;
    const frame = pooled ?? this.#frames.create('/reader-frame.html', item.hash ?? '', 'Sealed DMs message', style);
    const hidden = row.textElements.map((el) => {
      const h = el as HTMLElement;
      const saved = { el: h, value: h.style.getPropertyValue('display'), priority: h.style.getPropertyPriority('display') };
      h.style.setProperty('display', 'none', 'important');
      return saved;
    });
    if (!pooled) last.after(frame.iframe);
    const mount: Mount = {
      frame,
      cacheKey: item.cacheKey,
      hash: item.hash,
      early: pooled !== undefined || item.hash === undefined,
      hidden,
      row: row.row,
      sizing: box ? 'box' : 'content',
      bubble: row.bubble,
      shown: false,
    };
    this.#mounts.add(mount);
    this.#deliver(mount); // a pooled frame that has spoken, with its answer already known
    return mount;
  }

  /**
   * Posts an early frame its address once it is known; FrameHost.post sends nothing before the
   * frame's document has posted to us (its size reports, which also bring it here again).
   */
  #deliver(m: Mount): void {
    if (m.early && m.hash !== undefined && this.#mounts.isLive(m)) this.#postTarget(m.frame, readerTargetMessage(m.hash));
  }

  #unmount(m: Mount): void {
    for (const h of m.hidden) {
      if (h.value) h.el.style.setProperty('display', h.value, h.priority);
      else h.el.style.removeProperty('display');
    }
    this.#mounts.remove(m);
  }

  /**
   * A bubble far from the viewport gets no frame yet: every frame is a document to create and load,
   * and a list mounts rows well beyond what is on screen. It is watched, and scrolling it near the
   * viewport makes the reader look again. False when the browser cannot watch (mount it now).
   */
  #watch(row: MessageRow): boolean {
    const target = row.bubble ?? row.row;
    if (this.#watched.has(target)) return true;
    this.#watcher ??= this.#frames.observeNearViewport(NEAR_VIEWPORT_PX, () => this.#rescan());
    if (!this.#watcher) return false;
    this.#watched.set(target, row.row);
    this.#watcher.observe(target);
    return true;
  }

  /** Looks again in `ms` (or sooner, if already due sooner). */
  #lookAgain(ms: number): void {
    const at = this.#now() + Math.max(0, ms);
    if (this.#later && this.#later.at <= at) return;
    this.#later?.timer.cancel();
    this.#later = {
      at,
      timer: after(ms, () => {
        this.#later = undefined;
        this.#rescan();
      }),
    };
  }

  /** Looks at the last scanned list again (something came near the viewport, or an answer arrived). */
  #rescan(): void {
    const last = this.#last;
    if (last?.list.root.isConnected) this.scan(last.threadId, last.list, last.counterpart);
  }

  /** Drops mounts whose row left the page (the list recycled it). */
  #sweep(): void {
    for (const [target, row] of [...this.#watched]) {
      if (target.isConnected && !this.#mounts.of(row)) continue;
      this.#watcher?.unobserve(target);
      this.#watched.delete(target);
    }
    for (const m of this.#mounts.gone()) this.#unmount(m);
    this.#frames.sweep();
  }
}
