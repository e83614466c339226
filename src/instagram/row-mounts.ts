/**
 * The frames we placed in rows of a thread's message list, one per row node (reader.ts,
 * card-offer.ts). Keyed by the row element, so a re-scan finds what it placed, and a row that the
 * virtualized list threw away is found gone (its frame is removed on the next scan).
 */
import type { FrameHost, OwnFrame } from './frame-host';

export interface RowMount {
  frame: OwnFrame;
  /** The list row the frame sits in. */
  row: Element;
}

export class RowMounts<M extends RowMount> {
  readonly #byRow = new WeakMap<Element, M>();
  readonly #live = new Set<M>();
  readonly #frames: FrameHost;

  constructor(frames: FrameHost) {
    this.#frames = frames;
  }

  of(row: Element): M | undefined {
    return this.#byRow.get(row);
  }

  add(mount: M): void {
    this.#byRow.set(mount.row, mount);
    this.#live.add(mount);
  }

  /** Removes the mount's frame from the page and forgets the mount. */
  remove(mount: M): void {
    this.#frames.remove(mount.frame);
    if (this.#byRow.get(mount.row) === mount) this.#byRow.delete(mount.row);
    this.#live.delete(mount);
  }

  isLive(mount: M): boolean {
    return this.#live.has(mount);
  }

  /** The mount of one of our frames (a frame's message names its frame, not its row). */
  withFrame(frame: OwnFrame): M | undefined {
    for (const m of this.#live) if (m.frame === frame) return m;
    return undefined;
  }

  all(): M[] {
    return [...this.#live];
  }

  /** Mounts whose row left the page. */
  gone(): M[] {
    return this.all().filter((m) => !m.row.isConnected);
  }

  get size(): number {
    return this.#live.size;
  }
}
