// @vitest-environment happy-dom
/**
 * The reader on a group-era page (src/instagram/reader.ts): armor found only in message text,
 * one reader frame per acknowledged bubble in place of its hidden ciphertext, idempotent across
 * re-scans and re-created rows (the virtualized list), re-mounted when a bubble is edited, and
 * everything undone by clear(). No page node is deleted.
 */
import { describe, expect, it } from 'vitest';
import type { PayloadItem, PayloadResult } from '../../../src/messaging/protocol';
import { armor } from '../../../src/protocol/armor';
import { findThreadView } from '../../../src/instagram/dom/thread';
import { FrameHost, type OwnFrame } from '../../../src/instagram/frame-host';
import { armorParts, Reader } from '../../../src/instagram/reader';
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
}

function setup(opts: Options | FixtureMessage[] = {}) {
  const { messages = MESSAGES, answer } = Array.isArray(opts) ? { messages: opts } : opts;
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
  const reader = new Reader(frames, ask, () => (answers += 1), () => Date.now(), probe);
  const scan = (): void => {
    const view = findThreadView(doc, probe);
    if (!view.ok) throw new Error('no thread');
    reader.scan(THREAD, view.view.list, 'bob');
  };
  const iframes = (): HTMLElement[] => Array.from(doc.querySelectorAll<HTMLElement>('sdm-test-frame'));
  return { doc, reader, frames, created, scan, asked, iframes, answers: () => answers };
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
    expect(frames.map((f) => f.getAttribute('src'))).toEqual([
      'chrome-extension://abc/reader-frame.html#m=m1x0&s=ok&p=1&n=1',
      'chrome-extension://abc/reader-frame.html#m=m1x1&s=ok&p=1&n=1',
    ]);
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
    expect(t.iframes()[0]!.getAttribute('src')).toContain('#m=m2x0');
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
