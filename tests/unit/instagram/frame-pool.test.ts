// @vitest-environment happy-dom
/**
 * Reader frames loaded ahead of need (src/instagram/frame-pool.ts): only where moveBefore exists,
 * out of sight with an empty address, moved (not re-inserted) into place, refilled later, never a
 * frame the page navigated, and no pool at all in an engine whose moveBefore reloads frames.
 * happy-dom has no moveBefore: the tests give it one (an insertBefore that counts its calls).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameHost } from '../../../src/instagram/frame-host';
import { FramePool, POOL_SIZE } from '../../../src/instagram/frame-pool';

type WithMove = { moveBefore?: (node: Node, child: Node | null) => void };

let moves = 0;
function giveMoveBefore(): void {
  (Element.prototype as WithMove).moveBefore = function (this: Element, node: Node, child: Node | null) {
    moves += 1;
    this.insertBefore(node, child);
  };
}

function setup() {
  const doc = document;
  doc.body.replaceChildren();
  // happy-dom would try to load real iframes: a stand-in element (the pool only sets attributes and moves it).
  const create = doc.createElement.bind(doc);
  vi.spyOn(doc, 'createElement').mockImplementation(((tag: string) => create(tag === 'iframe' ? 'sdm-test-frame' : tag)) as Document['createElement']);
  const frames = new FrameHost(doc, (page) => `chrome-extension://abc${page}`);
  // A delay the fake clock drives (the pool's own cannot be cancelled by the page: timers.ts).
  const pool = new FramePool(doc, frames, undefined, (ms, run) => {
    const id = setTimeout(run, ms);
    return { cancel: () => clearTimeout(id) };
  });
  const waitingFrames = (): HTMLElement[] => Array.from(doc.querySelectorAll<HTMLElement>('sdm-test-frame'));
  return { doc, frames, pool, waitingFrames };
}

beforeEach(() => {
  moves = 0;
  vi.useFakeTimers();
});
afterEach(() => {
  delete (Element.prototype as WithMove).moveBefore;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('FramePool', () => {
  it('does nothing where the browser cannot move a frame without reloading it', () => {
    const t = setup();
    expect(t.pool.supported).toBe(false);
    t.pool.fillSoon();
    vi.advanceTimersByTime(5000);
    t.pool.fill();
    expect(t.waitingFrames()).toEqual([]);
    expect(t.pool.place(t.doc.body, null, 'width:10px')).toBeUndefined();
  });

  it('loads frames a while after it is asked, out of sight, with no address, each one ours', () => {
    giveMoveBefore();
    const t = setup();
    t.pool.fillSoon();
    expect(t.waitingFrames()).toHaveLength(0); // not yet: the frames on screen load first
    vi.advanceTimersByTime(1000);
    const waiting = t.waitingFrames();
    expect(waiting).toHaveLength(POOL_SIZE);
    expect(t.frames.size).toBe(POOL_SIZE);
    for (const f of waiting) {
      expect(f.getAttribute('src')).toBe('chrome-extension://abc/reader-frame.html');
      expect(f.getAttribute('tabindex')).toBe('-1');
      const holder = f.parentElement!;
      expect(holder.getAttribute('aria-hidden')).toBe('true');
      expect(holder.getAttribute('style')).toContain('visibility:hidden');
      expect(holder.getAttribute('style')).toContain('left:-10000px');
    }
  });

  it('moves a waiting frame into place with its new style, then fills up again', () => {
    giveMoveBefore();
    const t = setup();
    t.pool.fill();
    const bubble = t.doc.createElement('div');
    const text = t.doc.createElement('span');
    const after = t.doc.createElement('span');
    bubble.append(text, after);
    t.doc.body.append(bubble);
    const first = t.waitingFrames()[0]!;
    first.dispatchEvent(new Event('load'));
    expect(moves).toBe(1); // the probe: the first frame to load is moved once inside the holder

    const placed = t.pool.place(bubble, after, 'width:200px;height:80px;')!;
    expect(placed.iframe).toBe(first);
    expect(moves).toBe(2);
    expect(first.previousSibling).toBe(text);
    expect(first.nextSibling).toBe(after);
    expect(first.getAttribute('style')).toBe('border:0;display:block;color-scheme:normal;width:200px;height:80px;');
    expect(first.hasAttribute('tabindex')).toBe(false);
    expect(t.pool.waiting).toBe(POOL_SIZE - 1);
    vi.advanceTimersByTime(1000);
    expect(t.pool.waiting).toBe(POOL_SIZE);
  });

  it('never hands out a frame the page navigated or removed', () => {
    giveMoveBefore();
    const t = setup();
    t.pool.fill();
    const [navigated, removed] = t.waitingFrames();
    navigated!.setAttribute('src', 'https://www.instagram.com/evil');
    removed!.remove();
    const placed = t.pool.place(t.doc.body, null, '')!;
    expect(placed.iframe).not.toBe(navigated);
    expect(placed.iframe).not.toBe(removed);
    expect(navigated!.isConnected).toBe(false);
    expect(t.frames.size).toBe(POOL_SIZE - 2); // three left waiting and the placed one, still ours
  });

  it("stops pooling when the probe's moved frame loads again (that engine reloads moved frames)", () => {
    giveMoveBefore();
    const t = setup();
    t.pool.fill();
    const first = t.waitingFrames()[0]!;
    first.dispatchEvent(new Event('load'));
    first.dispatchEvent(new Event('load')); // reloaded by the probe's move
    expect(t.pool.supported).toBe(false);
    expect(t.pool.waiting).toBe(0);
    expect(t.waitingFrames()).toEqual([]);
    t.pool.fillSoon();
    vi.advanceTimersByTime(5000);
    expect(t.pool.waiting).toBe(0);
    expect(t.pool.place(t.doc.body, null, '')).toBeUndefined();
  });

  it('keeps pooling when the probe passed, even if the page later reloads a frame it was given', () => {
    giveMoveBefore();
    const t = setup();
    t.pool.fill();
    for (const f of t.waitingFrames()) f.dispatchEvent(new Event('load'));
    vi.advanceTimersByTime(2000); // the probe's time is over
    const placed = t.pool.place(t.doc.body, null, '')!;
    placed.iframe.dispatchEvent(new Event('load')); // e.g. the page re-inserted the row
    t.waitingFrames()[0]!.dispatchEvent(new Event('load'));
    expect(t.pool.supported).toBe(true);
    expect(t.pool.waiting).toBe(POOL_SIZE - 1);
  });

  it('postpone() moves a planned fill a full delay later (a chat opening loads its own frames first); nothing planned, nothing done', () => {
    giveMoveBefore();
    const t = setup();
    t.pool.postpone();
    vi.advanceTimersByTime(5000);
    expect(t.waitingFrames()).toEqual([]);
    t.pool.fillSoon();
    vi.advanceTimersByTime(900);
    t.pool.postpone();
    vi.advanceTimersByTime(900);
    expect(t.waitingFrames()).toEqual([]); // 1800 ms after it was planned
    vi.advanceTimersByTime(200);
    expect(t.waitingFrames()).toHaveLength(POOL_SIZE);
  });

  it('clear() also cancels a planned fill', () => {
    giveMoveBefore();
    const t = setup();
    t.pool.fillSoon();
    t.pool.clear();
    vi.advanceTimersByTime(5000);
    expect(t.waitingFrames()).toEqual([]);
  });

  it('a holder the page removed is noticed when asked to fill: new frames replace the dead ones', () => {
    giveMoveBefore();
    const t = setup();
    t.pool.fill();
    const old = t.waitingFrames();
    old[0]!.parentElement!.remove();
    t.pool.fillSoon();
    vi.advanceTimersByTime(1000);
    const now = t.waitingFrames();
    expect(now).toHaveLength(POOL_SIZE);
    for (const f of now) expect(old).not.toContain(f);
  });

  it('clear() removes the waiting frames and their holder', () => {
    giveMoveBefore();
    const t = setup();
    t.pool.fill();
    t.pool.clear();
    expect(t.waitingFrames()).toEqual([]);
    expect(t.doc.body.children).toHaveLength(0);
    expect(t.frames.size).toBe(0);
  });
});
