// @vitest-environment happy-dom
/**
 * The reader on a group-era page (src/instagram/reader.ts): armor found only in message text,
 * one reader frame per acknowledged bubble in place of its hidden ciphertext (created while the
 * background is asked, its address posted once known and loaded), idempotent across re-scans and
 * re-created rows (the virtualized list), re-mounted when a bubble is edited, bubbles on screen
 * first, and everything undone by clear(). No page node is deleted.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import type { PayloadItem, PayloadResult } from '../../../src/messaging/protocol';
import { armor } from '../../../src/protocol/armor';
import { findThreadView } from '../../../src/instagram/dom/thread';
import { FrameHost, type OwnFrame } from '../../../src/instagram/frame-host';
import { FramePool, POOL_SIZE } from '../../../src/instagram/frame-pool';
import { armorParts, Reader } from '../../../src/instagram/reader';
import { isReaderTargetMessage } from '../../../src/ui/reader/reader-target';
import { probe } from './build/expect-thread';
import { buildGroupEraPage, type FixtureMessage } from './build/group-era';

const IN = armor(new Uint8Array(40).fill(7))[0]!;
const OUT = armor(new Uint8Array(40).fill(9))[0]!;
const PENDING = armor(new Uint8Array(40).fill(3))[0]!;
const THREAD = '17842055330127433';

const MESSAGES: FixtureMessage[] = [
  { id: 'mid.$cAAA0001', from: 'bob', text: 'plain hello', avatar: true },
  { id: 'mid.$cAAA0002', from: 'bob', text: IN, avatar: true, hover: true },
  { id: 'mid.$cAAA0003', from: 'self', text: OUT },
  { from: 'self', text: PENDING },
];

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

interface Options {
  messages?: FixtureMessage[];
  /** The background's answer (default: 'ok' for each item); undefined: unreachable. */
  answer?: (items: PayloadItem[]) => PayloadResult[] | undefined;
  /** Give the reader a frame pool (and the page a moveBefore). */
  pool?: boolean;
}

function setup(opts: Options | FixtureMessage[] = {}) {
  const { messages = MESSAGES, answer, pool: withPool = false } = Array.isArray(opts) ? { messages: opts } : opts;
  const { doc } = buildGroupEraPage({ messages });
  // happy-dom refuses to load iframes and logs each attempt; a stand-in element keeps the log clean
  // (the reader only sets attributes and places the element).
  const create = doc.createElement.bind(doc);
  doc.createElement = ((tag: string) => create(tag === 'iframe' ? 'sdm-test-frame' : tag)) as Document['createElement'];
  const frames = new FrameHost(doc, (page) => `chrome-extension://abc${page}`);
  const created: OwnFrame[] = [];
  const createFrame = frames.create.bind(frames);
  frames.create = (...args) => {
    const f = createFrame(...args);
    created.push(f);
    return f;
  };
  const asked: PayloadItem[][] = [];
  let answers = 0;
  const ask = async (_thread: string, items: PayloadItem[]): Promise<PayloadResult[] | undefined> => {
    asked.push(items);
    if (answer) return answer(items);
    return items.map((it, i) => ({ key: it.key, messageId: `m${asked.length}x${i}`, status: 'ok', part: 1, parts: 1 }));
  };
  /** What was posted into each frame (its address, for frames created before the answer). */
  const posted = new Map<Element, string[]>();
  // As FrameHost.post: nothing reaches a frame before its document has posted to us (speak()).
  const post = (frame: OwnFrame, message: unknown): void => {
    if (!isReaderTargetMessage(message)) throw new Error('not a reader target');
    if (frame.origin === undefined) return;
    posted.set(frame.iframe, [...(posted.get(frame.iframe) ?? []), message.hash]);
  };
  const pool = withPool ? new FramePool(doc, frames) : undefined;
  if (pool) {
    const proto = doc.defaultView!.Element.prototype as { moveBefore?: (node: Node, child: Node | null) => void };
    proto.moveBefore = function (this: Element, node: Node, child: Node | null) {
      this.insertBefore(node, child);
    };
    onTestFinished(() => {
      pool.clear();
      delete proto.moveBefore;
    });
  }
  const reader = new Reader(frames, ask, () => (answers += 1), () => Date.now(), probe, post, pool);
  const scan = (): void => {
    const view = findThreadView(doc, probe);
    if (!view.ok) throw new Error('no thread');
    reader.scan(THREAD, view.view.list, 'bob');
  };
  const iframes = (): HTMLElement[] => Array.from(doc.querySelectorAll<HTMLElement>('sdm-test-frame'));
  /**
   * A frame's document reports its size (what the browser's frame does once loaded): FrameHost.receive
   * learns its origin, and the controller hands the report to the reader.
   */
  const speak = (el: Element, height = 35): void => {
    const own = created.find((f) => f.iframe === el)!;
    own.origin = 'chrome-extension://abc';
    reader.resize(own, height);
  };
  const loadAll = (): void => {
    for (const f of iframes()) speak(f);
  };
  /** Each frame's address: in its fragment, or the last one posted to it. */
  const targets = (): string[] =>
    iframes().map((f) => {
      const src = f.getAttribute('src')!;
      return src.includes('#') ? src.slice(src.indexOf('#')) : (posted.get(f)?.at(-1) ?? '(none)');
    });
  return { doc, reader, frames, created, scan, asked, iframes, answers: () => answers, loadAll, speak, targets, posted, pool };
}

describe('armorParts', () => {
  it('returns the armor tokens of a text, and nothing for plain text', () => {
    expect(armorParts(`look: ${IN} and ${OUT}`)).toEqual([IN, OUT]);
    expect(armorParts('hello SDM')).toEqual([]);
  });
});

describe('Reader', () => {
  it('asks about acknowledged armor bubbles only, then mounts one frame per bubble over hidden ciphertext', async () => {
    const t = setup();
    t.scan();
    expect(t.asked).toHaveLength(1);
    expect(t.asked[0]!.map((i) => [i.parts, i.outgoing])).toEqual([[[IN], false], [[OUT], true]]);
    await flush();
    expect(t.answers()).toBe(1);
    t.scan();
    const frames = t.iframes();
    // Created while the background was asked: the address is posted once the frame has loaded.
    expect(frames.map((f) => f.getAttribute('src'))).toEqual(['chrome-extension://abc/reader-frame.html', 'chrome-extension://abc/reader-frame.html']);
    t.loadAll();
    expect(t.targets()).toEqual(['#m=m1x0&s=ok&p=1&n=1', '#m=m1x1&s=ok&p=1&n=1']);
    // The frame sits inside the bubble, right after the ciphertext, which is hidden, not removed.
    for (const f of frames) {
      const text = f.previousElementSibling as HTMLElement;
      expect(text.textContent).toMatch(/^SDM1/);
      expect(text.style.getPropertyValue('display')).toBe('none');
      expect(f.closest('[id^="mid."]')).not.toBeNull();
    }
    // The plain and the pending bubble are untouched.
    expect(t.doc.body.textContent).toContain('plain hello');
    expect(t.doc.body.textContent).toContain(PENDING);
  });

  it('with a pool, a bubble gets a frame that waited loaded, moved into place, its address posted at once', async () => {
    const t = setup({ pool: true });
    t.pool!.fill();
    const waiting = t.iframes();
    expect(waiting).toHaveLength(POOL_SIZE);
    for (const f of waiting) t.speak(f);
    t.scan();
    await flush();
    t.scan();
    const inBubbles = t.iframes().filter((f) => f.closest('[id^="mid."]'));
    expect(inBubbles).toHaveLength(2);
    // The pool's own frames (no new document), addressed without waiting for another load.
    for (const f of inBubbles) expect(waiting).toContain(f);
    expect(inBubbles.map((f) => t.posted.get(f))).toEqual([['#m=m1x0&s=ok&p=1&n=1'], ['#m=m1x1&s=ok&p=1&n=1']]);
    expect(t.created).toHaveLength(POOL_SIZE); // nothing created in place
    expect(t.pool!.waiting).toBe(POOL_SIZE - 2);
    // Given back: the ciphertext shows again and the frames are gone, not returned to the pool.
    t.reader.clear();
    expect(t.iframes().filter((f) => f.closest('[id^="mid."]'))).toEqual([]);
    expect(t.pool!.waiting).toBe(POOL_SIZE - 2);
  });

  it('an early frame is posted its address when it reports its size (its document has spoken), again on each report', async () => {
    const t = setup();
    t.scan();
    await flush();
    t.scan();
    const [first] = t.iframes();
    expect(t.posted.get(first!)).toBeUndefined();
    t.speak(first!, 40);
    expect(t.posted.get(first!)).toEqual(['#m=m1x0&s=ok&p=1&n=1']);
    t.speak(first!, 60); // e.g. a document that loaded again: the frame takes only the first it gets
    expect(t.posted.get(first!)).toEqual(['#m=m1x0&s=ok&p=1&n=1', '#m=m1x0&s=ok&p=1&n=1']);
  });

  it('is idle once nothing is asked and every frame it placed has drawn its answer (what the compose frame waits for)', async () => {
    const t = setup();
    expect(t.reader.idle).toBe(true);
    t.scan();
    expect(t.reader.idle).toBe(false); // asking
    await flush();
    t.scan();
    const [first, second] = t.iframes();
    t.loadAll();
    expect(t.reader.idle).toBe(false); // loaded, nothing drawn yet
    const own = (el: Element) => t.created.find((f) => f.iframe === el)!;
    expect(t.reader.shown(own(first!))).toBe(true);
    expect(t.reader.idle).toBe(false);
    t.reader.shown(own(second!));
    expect(t.reader.idle).toBe(true);
    // Not one of its frames: nothing changes.
    expect(t.reader.shown(t.frames.create('/status-frame.html', '', 'x', ''))).toBe(false);
  });

  it('is idempotent: re-scans mount nothing twice and ask nothing again', async () => {
    const t = setup();
    t.scan();
    await flush();
    t.scan();
    t.scan();
    t.scan();
    expect(t.iframes()).toHaveLength(2);
    expect(t.asked).toHaveLength(1);
    expect(t.reader.mounted).toBe(2);
  });

  it('rows re-created by the virtualized list get new frames from the cache; old frames are dropped', async () => {
    const t = setup();
    t.scan();
    await flush();
    t.scan();
    const before = t.iframes();
    // Re-create every row as a fresh node, as the list does on scroll (our iframes go with the old nodes).
    for (const group of Array.from(t.doc.querySelectorAll('[role="group"]'))) {
      for (const f of Array.from(group.querySelectorAll('sdm-test-frame'))) f.remove();
      for (const el of Array.from(group.querySelectorAll<HTMLElement>('[dir="auto"]'))) el.style.removeProperty('display');
      group.replaceWith(group.cloneNode(true));
    }
    t.scan();
    const after = t.iframes();
    expect(after).toHaveLength(2);
    expect(after.some((f) => before.includes(f))).toBe(false);
    expect(t.asked).toHaveLength(1);
    expect(t.reader.mounted).toBe(2);
  });

  it('an edited bubble (same id, new armor) is asked about and re-mounted', async () => {
    const t = setup();
    t.scan();
    await flush();
    t.scan();
    const edited = armor(new Uint8Array(40).fill(1))[0]!;
    const leaf = Array.from(t.doc.querySelectorAll('div[dir="auto"]')).find((el) => el.textContent === IN)!;
    leaf.textContent = edited;
    t.scan();
    expect(t.asked).toHaveLength(2);
    expect(t.asked[1]!.map((i) => i.parts)).toEqual([[edited]]);
    await flush();
    t.scan();
    expect(t.iframes()).toHaveLength(2);
    t.loadAll();
    expect(t.targets()[0]).toBe('#m=m2x0&s=ok&p=1&n=1');
  });

  it('clear() removes every frame and shows the ciphertext again', async () => {
    const t = setup();
    t.scan();
    await flush();
    t.scan();
    t.reader.clear();
    expect(t.iframes()).toHaveLength(0);
    for (const el of Array.from(t.doc.querySelectorAll<HTMLElement>('div[dir="auto"]'))) expect(el.style.getPropertyValue('display')).toBe('');
  });

  it('height-neutral: the frame takes the box of the ciphertext it hides, and keeps it whatever its content reports', async () => {
    const t = setup();
    // Give the ciphertext a box (happy-dom lays nothing out): 300 x 140 at y=100, in a 160-px bubble.
    const rect = (top: number, height: number, width = 300) => ({ top, bottom: top + height, left: 10, right: 10 + width, width, height, x: 10, y: top, toJSON: () => ({}) }) as DOMRect;
    for (const leaf of Array.from(t.doc.querySelectorAll<HTMLElement>('div[dir="auto"]'))) {
      if (!leaf.textContent?.startsWith('SDM1')) continue;
      leaf.getBoundingClientRect = () => (leaf.style.getPropertyValue('display') === 'none' ? rect(0, 0, 0) : rect(100, 140));
      const bubble = leaf.closest<HTMLElement>('[id^="mid."]');
      if (bubble) bubble.getBoundingClientRect = () => rect(92, 156);
    }
    t.scan();
    await flush();
    t.scan();
    const frames = t.iframes();
    expect(frames.map((f) => [f.style.getPropertyValue('height'), f.style.getPropertyValue('width'), f.style.getPropertyValue('margin')])).toEqual([
      ['140px', '300px', '0px'],
      ['140px', '300px', '0px'],
    ]);
    // The frame's content reports another height: ignored (the list measured the row with the ciphertext).
    expect(t.reader.resize(t.created[0]!, 480)).toBe(true);
    expect(frames[0]!.style.getPropertyValue('height')).toBe('140px');
  });

  it('a bubble with no box to measure is sized from its content; a re-created row gets the remembered height at once', async () => {
    const t = setup();
    t.scan();
    await flush();
    t.scan();
    const first = t.iframes()[0]!;
    expect(first.style.getPropertyValue('height')).toBe('44px');
    expect(t.reader.resize(t.created[0]!, 97)).toBe(true);
    expect(first.style.getPropertyValue('height')).toBe('97px');
    // The list re-creates the rows: the new frame starts at the reported height.
    for (const group of Array.from(t.doc.querySelectorAll('[role="group"]'))) {
      for (const f of Array.from(group.querySelectorAll('sdm-test-frame'))) f.remove();
      for (const el of Array.from(group.querySelectorAll<HTMLElement>('[dir="auto"]'))) el.style.removeProperty('display');
      group.replaceWith(group.cloneNode(true));
    }
    t.scan();
    expect(t.iframes()[0]!.style.getPropertyValue('height')).toBe('97px');
  });

  it('a bubble far from the viewport gets its frame only when it comes near (no document loaded for nothing)', async () => {
    const observers: Array<{ targets: Element[]; fire(): void }> = [];
    const t = setup();
    const win = t.doc.defaultView as unknown as { IntersectionObserver: unknown };
    const saved = win.IntersectionObserver;
    win.IntersectionObserver = class {
      targets: Element[] = [];
      constructor(private readonly cb: (entries: Array<{ isIntersecting: boolean }>) => void) {
        observers.push(this);
      }
      observe(el: Element): void {
        this.targets.push(el);
      }
      unobserve(): void {}
      disconnect(): void {}
      fire(): void {
        this.cb([{ isIntersecting: true }]);
      }
    };
    try {
      let offset = 5000;
      const rect = (top: number, height: number) => ({ top, bottom: top + height, left: 0, right: 300, width: 300, height, x: 0, y: top, toJSON: () => ({}) }) as DOMRect;
      for (const leaf of Array.from(t.doc.querySelectorAll<HTMLElement>('div[dir="auto"]'))) {
        if (leaf.textContent?.startsWith('SDM1')) leaf.getBoundingClientRect = () => rect(offset, 140);
      }
      t.scan();
      await flush();
      t.scan();
      expect(t.iframes()).toHaveLength(0);
      // Both bubbles were asked about meanwhile, and are watched.
      expect(t.asked).toHaveLength(1);
      expect(observers[0]!.targets).toHaveLength(2);
      // Scrolled near the viewport: the observer fires, and the frames come with their answers.
      offset = 300;
      observers[0]!.fire();
      expect(t.iframes().map((f) => f.getAttribute('src'))).toEqual([
        'chrome-extension://abc/reader-frame.html#m=m1x0&s=ok&p=1&n=1',
        'chrome-extension://abc/reader-frame.html#m=m1x1&s=ok&p=1&n=1',
      ]);
    } finally {
      win.IntersectionObserver = saved;
    }
  });

  it("part 1 of a multi-part message gets its frame even far from the viewport (it alone shows the text)", async () => {
    const t = setup({
      answer: (items) => items.map((it, i) => ({ key: it.key, messageId: 'whole', status: 'ok', part: i + 1, parts: 2 })),
    });
    const win = t.doc.defaultView as unknown as { IntersectionObserver: unknown };
    win.IntersectionObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    };
    const far = { top: 5000, bottom: 5140, left: 0, right: 300, width: 300, height: 140, x: 0, y: 5000, toJSON: () => ({}) } as DOMRect;
    for (const leaf of Array.from(t.doc.querySelectorAll<HTMLElement>('div[dir="auto"]'))) {
      if (leaf.textContent?.startsWith('SDM1')) leaf.getBoundingClientRect = () => far;
    }
    t.scan();
    await flush();
    t.scan();
    expect(t.iframes().map((f) => f.getAttribute('src'))).toEqual(['chrome-extension://abc/reader-frame.html#m=whole&s=ok&p=1&n=2']);
  });
});

describe('Reader: frames load while the background answers', () => {
  it('a bubble gets its frame as soon as it is asked about; its address is posted once both the answer and the document are there', async () => {
    let release: (results: PayloadResult[]) => void = () => {};
    const t = setup({ messages: MESSAGES.slice(0, 2) });
    // The background takes its time.
    const slow = new Promise<PayloadResult[]>((r) => (release = r));
    const reader = t.reader as unknown as { ask: (thread: string, items: PayloadItem[]) => Promise<PayloadResult[] | undefined> };
    const items: PayloadItem[][] = [];
    reader.ask = async (_thread, asked) => {
      items.push(asked);
      return slow;
    };
    t.scan();
    expect(items).toHaveLength(1);
    const [frame] = t.iframes();
    expect(t.iframes()).toHaveLength(1);
    expect(frame!.getAttribute('src')).toBe('chrome-extension://abc/reader-frame.html');
    // The ciphertext is hidden already; the frame says nothing yet.
    expect((frame!.previousElementSibling as HTMLElement).style.getPropertyValue('display')).toBe('none');
    t.speak(frame!);
    expect(t.posted.size).toBe(0);
    release([{ key: items[0]![0]!.key, messageId: 'late', status: 'ok', part: 1, parts: 1 }]);
    await flush();
    // Same frame (no reload), now told its address; told again on its next report (a document that loaded again).
    expect(t.iframes()).toEqual([frame]);
    expect(t.posted.get(frame!)).toEqual(['#m=late&s=ok&p=1&n=1']);
    t.speak(frame!);
    expect(t.posted.get(frame!)).toEqual(['#m=late&s=ok&p=1&n=1', '#m=late&s=ok&p=1&n=1']);
    t.scan();
    expect(t.iframes()).toEqual([frame]);
    expect(items).toHaveLength(1);
  });

  it('an answer that arrives before the document is posted when it reports; a changed answer gets a fresh frame', async () => {
    let status: PayloadResult['status'] = 'incomplete';
    const t = setup({ messages: MESSAGES.slice(0, 2), answer: (items) => items.map((it) => ({ key: it.key, messageId: 'x', status, part: 1, parts: 1 })) });
    t.scan();
    await flush();
    const [frame] = t.iframes();
    expect(t.posted.size).toBe(0);
    t.speak(frame!);
    expect(t.posted.get(frame!)).toEqual(['#m=x&s=incomplete&p=1&n=1']);
    status = 'ok';
    t.reader.invalidate();
    t.scan();
    await flush();
    expect(t.iframes()).toHaveLength(1);
    expect(t.iframes()[0]).not.toBe(frame);
    expect(t.targets()).toEqual(['#m=x&s=ok&p=1&n=1']);
  });

  it('a question that failed (background unreachable) gives the bubble its ciphertext back', async () => {
    const t = setup({ messages: MESSAGES.slice(0, 2), answer: () => undefined });
    t.scan();
    expect(t.iframes()).toHaveLength(1);
    await flush();
    t.scan();
    expect(t.iframes()).toHaveLength(0);
    const leaf = Array.from(t.doc.querySelectorAll<HTMLElement>('div[dir="auto"]')).find((el) => el.textContent === IN)!;
    expect(leaf.style.getPropertyValue('display')).toBe('');
  });

  it('frames for bubbles on screen come first, the lowest first; bubbles just off screen get theirs a moment later', async () => {
    const t = setup();
    const viewport = t.doc.defaultView!.innerHeight;
    const rect = (top: number, height: number) => ({ top, bottom: top + height, left: 0, right: 300, width: 300, height, x: 0, y: top, toJSON: () => ({}) }) as DOMRect;
    const place = (text: string, top: number): void => {
      const leaf = Array.from(t.doc.querySelectorAll<HTMLElement>('div[dir="auto"]')).find((el) => el.textContent === text)!;
      leaf.getBoundingClientRect = () => (leaf.style.getPropertyValue('display') === 'none' ? rect(0, 0) : rect(top, 100));
    };
    place(IN, 100);
    place(OUT, 300);
    t.scan();
    // Both on screen: the lower one (OUT, the newer) first.
    expect(t.created.map((f) => (f.iframe.previousElementSibling as HTMLElement).textContent)).toEqual([OUT, IN]);

    const u = setup();
    const placeU = (text: string, top: number): void => {
      const leaf = Array.from(u.doc.querySelectorAll<HTMLElement>('div[dir="auto"]')).find((el) => el.textContent === text)!;
      leaf.getBoundingClientRect = () => (leaf.style.getPropertyValue('display') === 'none' ? rect(0, 0) : rect(top, 100));
    };
    placeU(IN, 100);
    placeU(OUT, viewport + 50); // just below the screen
    u.scan();
    expect(u.iframes()).toHaveLength(1);
    expect((u.iframes()[0]!.previousElementSibling as HTMLElement).textContent).toBe(IN);
    await new Promise((r) => setTimeout(r, 700));
    expect(u.iframes()).toHaveLength(2);
  });
});
