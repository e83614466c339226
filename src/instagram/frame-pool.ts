/**
 * Reader frames loaded ahead of need. A reader frame is an extension document, and loading one
 * takes hundreds of milliseconds when several load at once (README "Figures"); a thread's list
 * re-creates its rows when a message arrives or the user scrolls, and every new row needs a frame.
 * So a few frames wait, loaded, out of sight, with an empty address (they take one posted address,
 * once: src/ui/reader/reader-target.ts), and a new bubble gets one of them.
 *
 * Only where `Element.moveBefore` exists (Chromium 133+): it moves an iframe without unloading its
 * document, where any other DOM move reloads it. Elsewhere there is no pool and frames are created
 * where they go, as before.
 *
 * The waiting frames are in the page's DOM, like every frame we place: the page can see them, and
 * post them an address first, exactly as it can rewrite any frame's address (docs/ARCHITECTURE.md,
 * threat model: where a message is shown).
 */
import type { FrameHost, OwnFrame } from './frame-host';
import { after, type Timer } from './timers';

/** About the rows in view of a thread, so a new message or a scroll step finds enough. */
export const POOL_SIZE = 6;
/** Filling waits this long after it is asked for: the frames just placed load first. */
const REFILL_DELAY_MS = 1000;
/** A probed frame that loads again within this long was reloaded by the move. */
const PROBE_MS = 2000;

type MoveBefore = (node: Node, child: Node | null) => void;

export class FramePool {
  readonly #ready: OwnFrame[] = [];
  #holder: HTMLElement | undefined;
  #timer: Timer | undefined;
  /** The probe saw a moved frame load again: this engine's moveBefore does not keep frames. */
  #movesReload = false;
  /** The move was tried once, on the first waiting frame that loaded (see probe()). */
  #probed = false;
  readonly #doc: Document;
  readonly #frames: FrameHost;
  readonly #size: number;
  /** timers.ts `after` (tests use one their fake clock drives). */
  readonly #later: typeof after;

  constructor(doc: Document, frames: FrameHost, size = POOL_SIZE, later: typeof after = after) {
    this.#doc = doc;
    this.#frames = frames;
    this.#size = size;
    this.#later = later;
  }

  /** The browser can move a frame without reloading it (as far as we know). */
  get supported(): boolean {
    const proto = this.#doc.defaultView?.Element.prototype as { moveBefore?: unknown } | undefined;
    return !this.#movesReload && typeof proto?.moveBefore === 'function';
  }

  /**
   * Loads frames until `size` wait, REFILL_DELAY_MS from now (unless already planned): the frames
   * of what is on screen are created first, and load without these competing with them.
   */
  fillSoon(): void {
    if (!this.supported || this.#timer !== undefined) return;
    this.#drop((f) => !this.#frames.intact(f)); // the page removed or navigated it
    if (this.#ready.length >= this.#size) return;
    this.#timer = this.#later(REFILL_DELAY_MS, () => {
      this.#timer = undefined;
      this.fill();
    });
  }

  /**
   * A chat is opening: a planned fill waits REFILL_DELAY_MS more, so that its frames do not load
   * while the chat's own do (the inbox planned it, and the user clicked a chat within a second).
   */
  postpone(): void {
    if (this.#timer === undefined) return;
    this.#timer.cancel();
    this.#timer = undefined;
    this.fillSoon();
  }

  /** Loads frames until `size` wait. */
  fill(): void {
    if (!this.supported) return;
    this.#drop((f) => !this.#frames.intact(f)); // the page removed or navigated it
    if (this.#ready.length >= this.#size) return;
    if (!this.#holder?.isConnected) {
      this.#holder = this.#doc.createElement('div');
      // Out of sight but laid out (a frame with display:none may not load or may not report sizes).
      this.#holder.setAttribute('style', 'position:fixed;left:-10000px;top:0;width:400px;height:0;overflow:hidden;visibility:hidden;pointer-events:none');
      this.#holder.setAttribute('aria-hidden', 'true');
      (this.#doc.body ?? this.#doc.documentElement).append(this.#holder);
    }
    while (this.#ready.length < this.#size) {
      const frame = this.#frames.create('/reader-frame.html', '', 'Sealed DMs message', 'width:400px;height:120px;');
      frame.iframe.setAttribute('tabindex', '-1');
      frame.iframe.addEventListener('load', () => this.#probe(frame), { once: true });
      this.#holder.append(frame.iframe);
      this.#ready.push(frame);
    }
  }

  /**
   * Moves a waiting frame to just before `before` in `parent`, with `style`; undefined when none
   * waits or the move failed (the caller creates one in place). A refill follows after a while.
   */
  place(parent: Node, before: Node | null, style: string): OwnFrame | undefined {
    if (!this.supported) return undefined;
    this.#drop((f) => !this.#frames.intact(f));
    const frame = this.#ready.shift();
    if (!frame) return undefined;
    this.fillSoon();
    frame.iframe.removeAttribute('tabindex');
    this.#frames.restyle(frame, style);
    try {
      (parent as unknown as { moveBefore: MoveBefore }).moveBefore(frame.iframe, before);
    } catch {
      this.#frames.remove(frame);
      return undefined;
    }
    return frame;
  }

  /**
   * Once per page, the first waiting frame to load is moved inside the holder: an engine with
   * moveBefore that still reloads a moved frame shows it by loading again, and gets no pool from
   * then on (a frame moved there works anyway: the reader posts it its address on every report).
   * Tried apart from real use, so a page that reloads one of our placed frames (a re-inserted row)
   * does not switch the pool off.
   */
  #probe(frame: OwnFrame): void {
    if (this.#probed || !this.#holder) return;
    this.#probed = true;
    const { iframe } = frame;
    const reloaded = (): void => {
      this.#movesReload = true;
      this.clear();
    };
    try {
      (this.#holder as unknown as { moveBefore: MoveBefore }).moveBefore(iframe, null);
    } catch {
      reloaded();
      return;
    }
    iframe.addEventListener('load', reloaded, { once: true });
    this.#later(PROBE_MS, () => iframe.removeEventListener('load', reloaded));
  }

  /** Removes every waiting frame (no thread is read, or the content script stops). */
  clear(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#drop(() => true);
    this.#holder?.remove();
    this.#holder = undefined;
  }

  get waiting(): number {
    return this.#ready.length;
  }

  #drop(which: (f: OwnFrame) => boolean): void {
    for (const f of [...this.#ready]) {
      if (!which(f)) continue;
      this.#frames.remove(f);
      this.#ready.splice(this.#ready.indexOf(f), 1);
    }
  }
}
