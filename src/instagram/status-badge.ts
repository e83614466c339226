/**
 * The small status frame (status-frame.html, extension origin) in the top-right corner of DM pages.
 * Its fragment tells it which thread is on screen and whether encryption is paused there
 * (frame-urls.ts). When that changes, or when the thread's mode changes (e.g. encryption turned
 * off in the compose frame, so the status frame should now offer "Encrypt this chat"), the frame
 * is replaced rather than re-navigated: it reads everything afresh and never has to watch its own
 * fragment or be told anything by the page.
 */
import type { FrameHost, OwnFrame } from './frame-host';

const WIDTH = 260;
const MIN_HEIGHT = 44;
const MAX_HEIGHT = 480;

export class StatusBadge {
  #wrapper: HTMLDivElement | undefined;
  #frame: OwnFrame | undefined;
  #hash: string | undefined;
  #generation: string | undefined;
  readonly #doc: Document;
  readonly #frames: FrameHost;

  constructor(doc: Document, frames: FrameHost) {
    this.#doc = doc;
    this.#frames = frames;
  }

  /** `generation`: a change of it (the thread's mode) also gives a fresh frame. */
  show(hash: string, generation = ''): void {
    const stale = this.#hash !== hash || this.#generation !== generation;
    if (this.#frame && (stale || !this.#frames.intact(this.#frame) || !this.#wrapper?.isConnected)) this.hide();
    if (this.#frame) return;
    const wrapper = this.#doc.createElement('div');
    wrapper.style.cssText = 'all:initial !important;position:fixed !important;top:8px !important;right:8px !important;z-index:2147483647 !important;display:block !important;';
    const frame = this.#frames.create('/status-frame.html', hash, 'Sealed DMs', `width:${WIDTH}px;height:${MIN_HEIGHT}px;`);
    wrapper.append(frame.iframe);
    (this.#doc.body ?? this.#doc.documentElement).append(wrapper);
    this.#wrapper = wrapper;
    this.#frame = frame;
    this.#hash = hash;
    this.#generation = generation;
  }

  hide(): void {
    this.#frames.remove(this.#frame);
    this.#wrapper?.remove();
    this.#wrapper = undefined;
    this.#frame = undefined;
    this.#hash = undefined;
    this.#generation = undefined;
  }

  owns(frame: OwnFrame): boolean {
    return this.#frame === frame;
  }

  resize(height: number): void {
    this.#frame?.iframe.style.setProperty('height', `${Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, height))}px`, 'important');
  }
}
