// @vitest-environment happy-dom
/**
 * Frame addresses (src/instagram/frame-urls.ts, parsed by src/ui/frame-hash.ts on the other side),
 * attribution of frame messages to OUR frames (src/instagram/frame-host.ts), and the plan of what
 * to show per thread mode (src/instagram/thread-plan.ts), and the bookkeeping of frames placed in
 * list rows (src/instagram/row-mounts.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ComposerMatch, ComposerResult } from '../../../src/instagram/dom/composer';
import { ComposeOverlay } from '../../../src/instagram/compose-overlay';
import { FrameHost, originOf, type OwnFrame } from '../../../src/instagram/frame-host';
import { composeFrameHash, readerFrameHash, statusFrameHash } from '../../../src/instagram/frame-urls';
import { RowMounts } from '../../../src/instagram/row-mounts';
import { planMode, planThread } from '../../../src/instagram/thread-plan';
import { parseReaderHash, parseStatusHash, parseThreadHash } from '../../../src/ui/frame-hash';

describe('frame URLs', () => {
  it('build the fragments the frames parse', () => {
    expect(statusFrameHash(undefined)).toBe('');
    expect(statusFrameHash('340282366841710300949128348198171523470')).toBe('#t=340282366841710300949128348198171523470');
    expect(parseStatusHash(statusFrameHash('17842055330127433', 'page-changed'))).toEqual({ threadId: '17842055330127433', paused: 'page-changed' });
    expect(parseThreadHash(composeFrameHash('17842055330127433'))).toBe('17842055330127433');
    expect(readerFrameHash({ messageId: 'AbC_-1', status: 'ok', part: 1, parts: 1 })).toBe('#m=AbC_-1&s=ok&p=1&n=1');
    expect(parseReaderHash(readerFrameHash({ messageId: 'AbC_-1', status: 'ok', part: 1, parts: 1 }))).toEqual({ kind: 'message', messageId: 'AbC_-1' });
    expect(readerFrameHash({ messageId: null, status: 'tampered', part: 2, parts: 3 })).toBe('#s=tampered&p=2&n=3');
    expect(parseReaderHash('#s=tampered&p=2&n=3')).toEqual({ kind: 'failure', status: 'tampered', part: 2, parts: 3 });
  });

  it('originOf reads scheme://host, also for extension schemes', () => {
    expect(originOf('chrome-extension://abcdef/compose-frame.html#t=1')).toBe('chrome-extension://abcdef');
    expect(originOf('moz-extension://1234-5678/reader-frame.html')).toBe('moz-extension://1234-5678');
    expect(originOf('compose-frame.html')).toBeUndefined();
  });
});

describe('FrameHost.receive', () => {
  function host() {
    // The frame's address uses a per-session host; its document has the extension's own origin.
    const frames = new FrameHost(document, (page) => `chrome-extension://session${page}`, ['chrome-extension://ours']);
    // happy-dom does not load iframes: give the element a stand-in window to compare with.
    const frame = frames.create('/compose-frame.html', '#t=1', 'test', '');
    const win = { name: 'frame window' };
    Object.defineProperty(frame.iframe, 'contentWindow', { value: win });
    return { frames, frame, win };
  }
  // As the browser delivers a frame's postMessage (isTrusted); the page's own dispatch is not.
  const event = (source: unknown, origin: string, data: unknown, isTrusted = true): MessageEvent => ({ source, origin, data, isTrusted }) as unknown as MessageEvent;
  const resize = { source: 'sealed-dms', type: 'resize', height: 120 };

  it('accepts a well-formed message from our frame on our origin', () => {
    const { frames, frame, win } = host();
    expect(frames.receive(event(win, 'chrome-extension://ours', resize))).toEqual({ frame, message: resize });
    expect(frames.receive(event(win, 'chrome-extension://session', resize))).toEqual({ frame, message: resize });
    expect(frames.receive(event(win, 'chrome-extension://ours', { source: 'sealed-dms', type: 'state-changed' }))?.message.type).toBe('state-changed');
  });

  it('refuses look-alikes: another window, another origin (frame navigated by the page), extra fields', () => {
    const { frames, win } = host();
    expect(frames.receive(event({}, 'chrome-extension://ours', resize))).toBeUndefined();
    expect(frames.receive(event(win, 'https://www.instagram.com', resize))).toBeUndefined();
    expect(frames.receive(event(win, 'chrome-extension://another', resize))).toBeUndefined();
    expect(frames.receive(event(win, 'chrome-extension://ours', { ...resize, text: 'x' }))).toBeUndefined();
    expect(frames.receive(event(win, 'chrome-extension://ours', { source: 'sealed-dms', type: 'resize', height: -1 }))).toBeUndefined();
    expect(frames.receive(event(null, 'chrome-extension://ours', resize))).toBeUndefined();
    // The page can build a MessageEvent naming our frame and origin (Chromium lets it): not trusted.
    expect(frames.receive(event(win, 'chrome-extension://ours', resize, false))).toBeUndefined();
  });

  it('post() writes only to the origin our frame posted from, and only while the frame is intact', () => {
    const { frames, frame, win } = host();
    const posted: Array<[unknown, string]> = [];
    Object.assign(win, { postMessage: (m: unknown, origin: string) => posted.push([m, origin]) });
    document.body.append(frame.iframe);
    frames.post(frame, 'before it spoke');
    expect(posted).toEqual([]); // its document's origin is not known yet
    frames.receive(event(win, 'https://www.instagram.com', resize)); // a look-alike teaches nothing
    frames.post(frame, 'still nothing');
    expect(posted).toEqual([]);
    frames.receive(event(win, 'chrome-extension://ours', resize));
    frames.post(frame, 'hello');
    expect(posted).toEqual([['hello', 'chrome-extension://ours']]);
    frame.iframe.setAttribute('src', 'https://www.instagram.com/fake');
    frames.post(frame, 'navigated');
    expect(posted).toHaveLength(1);
    frame.iframe.remove();
  });

  it('notices a frame the page navigated or removed', () => {
    const { frames, frame } = host();
    expect(frames.intact(frame)).toBe(false); // not in the page yet
    document.body.append(frame.iframe);
    expect(frames.intact(frame)).toBe(true);
    frame.iframe.setAttribute('src', 'https://www.instagram.com/fake');
    expect(frames.intact(frame)).toBe(false);
    frames.remove(frame);
    expect(frame.iframe.isConnected).toBe(false);
    expect(frames.size).toBe(0);
  });
});

describe('planThread', () => {
  const match = { element: {} as HTMLElement, bar: {} as Element, kind: 'lexical', via: 'pagelet' } as ComposerMatch;
  const found: ComposerResult = { ok: true, composer: match };
  const missing: ComposerResult = { ok: false, reason: 'no-composer' };
  const ambiguous: ComposerResult = { ok: false, reason: 'ambiguous' };

  it('leaves Instagram alone for unknown, inactive and plain threads', () => {
    for (const mode of [undefined, 'inactive', 'plain'] as const) {
      expect(planThread(mode, found, false)).toEqual({ status: { thread: false, paused: undefined }, compose: undefined, guard: 'off', read: false, paused: false });
    }
  });

  it('locked: status only, bubbles read; off: status with the thread, bubbles read', () => {
    expect(planThread('locked', found, false)).toMatchObject({ status: { thread: false }, guard: 'off', read: true, compose: undefined });
    expect(planThread('off', found, false)).toMatchObject({ status: { thread: true, paused: undefined }, guard: 'off', read: true, compose: undefined });
  });

  it('unsure (before the first answer, or the previous thread still on screen): what would be free is held quietly', () => {
    expect(planThread(undefined, found, true, true)).toEqual({ status: { thread: false, paused: undefined }, compose: undefined, guard: 'hold', read: false, paused: false });
    expect(planThread('plain', found, false, true)).toMatchObject({ guard: 'hold' });
    expect(planThread('off', found, false, true)).toMatchObject({ guard: 'hold', read: true });
    expect(planThread('on', found, false, true)).toMatchObject({ guard: 'composer', compose: match });
    // Answered: as the answer says, even when that answer was a failure (mode still unknown).
    expect(planThread(undefined, found, true, false)).toMatchObject({ guard: 'off' });
    expect(planThread('plain', found, true, false)).toMatchObject({ guard: 'off' });
  });

  it('on with a composer: compose frame over it, composer guarded', () => {
    expect(planThread('on', found, false)).toEqual({ status: { thread: true, paused: undefined }, compose: match, guard: 'composer', read: true, paused: false });
  });

  it('locked or inactive: a thread known with encryption on stays on (guarded, compose frame); others stay as answered', () => {
    expect(planMode('locked', true)).toBe('on');
    expect(planMode('inactive', true)).toBe('on');
    expect(planMode('locked', false)).toBe('locked');
    expect(planMode('inactive', false)).toBe('inactive');
    for (const mode of [undefined, 'plain', 'off', 'on'] as const) expect(planMode(mode, true)).toBe(mode);
    expect(planThread(planMode('locked', true), found, false)).toMatchObject({ guard: 'composer', compose: match });
  });

  it('on without a usable composer: page guarded, paused (announced once loading is over, or at once when ambiguous)', () => {
    expect(planThread('on', missing, true)).toMatchObject({ guard: 'page', paused: true, compose: undefined, status: { thread: true, paused: undefined } });
    expect(planThread('on', missing, false)).toMatchObject({ guard: 'page', paused: true, status: { paused: 'page-changed' } });
    expect(planThread('on', ambiguous, true)).toMatchObject({ guard: 'page', paused: true, status: { paused: 'page-changed' } });
  });
});

describe('ComposeOverlay', () => {
  const doc = new DOMParser().parseFromString('<!doctype html><html><body></body></html>', 'text/html');
  // happy-dom refuses to load iframes and logs each attempt: a stand-in element keeps the log clean.
  const create = doc.createElement.bind(doc);
  doc.createElement = ((tag: string) => create(tag === 'iframe' ? 'sdm-test-frame' : tag)) as Document['createElement'];
  /** A composer bar where happy-dom (no layout) is told it is. */
  function bar(left: number, bottom: number): HTMLElement {
    const el = doc.createElement('div');
    el.getBoundingClientRect = () => ({ left, top: bottom - 60, right: left + 400, bottom, width: 400, height: 60, x: left, y: bottom - 60, toJSON: () => ({}) }) as DOMRect;
    doc.body.append(el);
    return el;
  }
  const wrapper = (): HTMLElement | null => doc.querySelector<HTMLElement>('sdm-test-frame[src*="compose-frame.html"]')?.parentElement ?? null;

  it('holds the frame where the bar was when the composer goes away, until hidden or given a bar again', () => {
    const over = new ComposeOverlay(doc, new FrameHost(doc, (page) => `chrome-extension://session${page}`), () => undefined);
    const first = bar(10, 560);
    over.show('111', first);
    const placed = wrapper()!.style.cssText;
    expect(placed).toContain('left: 10px');
    expect(over.showing('111')).toBe(true);
    expect(over.showing('222')).toBe(false);

    first.remove();
    over.hold();
    // Same frame (the user's text lives in it), same place, still visible.
    expect(over.showing('111')).toBe(true);
    expect(wrapper()!.style.cssText).toBe(placed);
    over.resize(120);
    expect(wrapper()!.style.cssText).toContain('height: 120px');
    expect(wrapper()!.style.cssText).toContain('top: 440px');

    over.show('111', bar(20, 660));
    expect(wrapper()!.style.cssText).toContain('left: 20px');

    over.hide();
    expect(wrapper()).toBeNull();
    expect(over.showing('111')).toBe(false);
  });

  it('without load, only its wrapper covers the bar; the frame comes with a later show that loads it', () => {
    const over = new ComposeOverlay(doc, new FrameHost(doc, (page) => `chrome-extension://session${page}`), () => undefined);
    const at = bar(30, 500);
    const before = doc.body.children.length;
    over.show('333', at, false);
    expect(doc.querySelector('sdm-test-frame[src*="compose-frame.html"]')).toBeNull();
    const cover = doc.body.children[before] as HTMLElement;
    expect(cover.style.cssText).toContain('left: 30px');
    expect(cover.style.cssText).toContain('position: fixed');
    over.show('333', at, false);
    expect(doc.querySelector('sdm-test-frame[src*="compose-frame.html"]')).toBeNull();
    over.show('333', at);
    expect(wrapper()).toBe(cover);
    expect(over.showing('333')).toBe(true);
    over.hide();
    expect(cover.isConnected).toBe(false);
  });

  it('reserves the space it covers above the bar (the bar’s top margin), and gives the bar’s own margin back', () => {
    const over = new ComposeOverlay(doc, new FrameHost(doc, (page) => `chrome-extension://session${page}`), () => undefined);
    const first = bar(10, 560);
    first.style.setProperty('margin-top', '16px');
    over.show('111', first);
    // As tall as the bar: nothing above it is covered, the page's margin stays.
    expect(first.style.marginTop).toBe('16px');
    over.resize(128);
    expect(wrapper()!.style.cssText).toContain('top: 432px');
    expect(first.style.getPropertyValue('margin-top')).toBe('68px');
    expect(first.style.getPropertyPriority('margin-top')).toBe('important');
    // Parts to paste by hand: the frame stands above the bar, which stays uncovered.
    over.setAbove(true);
    expect(wrapper()!.style.cssText).toContain('top: 372px');
    expect(first.style.marginTop).toBe('128px');
    over.setAbove(false);
    expect(first.style.marginTop).toBe('68px');
    // A new bar: the old one gets its own margin back.
    const second = bar(10, 560);
    over.show('111', second);
    expect(first.style.marginTop).toBe('16px');
    expect(first.style.getPropertyPriority('margin-top')).toBe('');
    expect(second.style.marginTop).toBe('68px');
    // Hidden (encryption off, thread left): nothing of ours stays.
    over.hide();
    expect(second.style.marginTop).toBe('');
    first.remove();
    second.remove();
  });
});

describe('RowMounts', () => {
  it('finds a mount by row and by frame, and hands back those whose row left the page', () => {
    const frames = new FrameHost(document, (page) => `chrome-extension://session${page}`, ['chrome-extension://ours']);
    const mounts = new RowMounts<{ frame: OwnFrame; row: Element }>(frames);
    const rows = [document.createElement('div'), document.createElement('div')];
    document.body.append(...rows);
    const made = rows.map((row) => {
      const frame = frames.create('/reader-frame.html', '', 'test', '');
      row.append(frame.iframe);
      const mount = { frame, row };
      mounts.add(mount);
      return mount;
    });
    expect(mounts.of(rows[1]!)).toBe(made[1]);
    expect(mounts.withFrame(made[0]!.frame)).toBe(made[0]);
    expect(mounts.gone()).toEqual([]);

    rows[0]!.remove(); // the list recycled the row
    expect(mounts.gone()).toEqual([made[0]]);
    mounts.remove(made[0]!);
    expect(made[0]!.frame.iframe.isConnected).toBe(false);
    expect([mounts.of(rows[0]!), mounts.withFrame(made[0]!.frame), mounts.isLive(made[0]!)]).toEqual([undefined, undefined, false]);
    expect(mounts.size).toBe(1);
  });
});
