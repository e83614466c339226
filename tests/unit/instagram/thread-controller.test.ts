// @vitest-environment happy-dom
/**
 * The thread controller's guard while a thread's mode is being asked (src/instagram/thread-controller.ts),
 * with the DOM finders, the reader and the card offers stubbed: what matters here is which scope the
 * real ComposerGuard gets as the background's answers arrive.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ThreadMode } from '../../../src/messaging/protocol';

const page = vi.hoisted(() => ({ counterpart: undefined as unknown, composer: undefined as unknown, scanThrows: false, headerThrows: false }));
vi.mock('../../../src/instagram/dom/thread', () => ({ findThreadView: () => ({ ok: true, view: { list: { root: document.body, era: 'grid' }, pane: document.body } }) }));
vi.mock('../../../src/instagram/dom/header', () => ({
  counterpartOf: () => {
    if (page.headerThrows) throw new TypeError('a header nobody foresaw');
    return page.counterpart;
  },
}));
vi.mock('../../../src/instagram/dom/composer', () => ({ findComposer: () => page.composer }));
vi.mock('../../../src/instagram/reader', () => ({
  Reader: class {
    scan(): void {
      if (page.scanThrows) throw new TypeError('markup nobody foresaw');
    }
    clear(): void {}
    invalidate(): void {}
    resize(): boolean {
      return false;
    }
    shown(): boolean {
      return false;
    }
    get idle(): boolean {
      return true;
    }
    get mounted(): number {
      return 0;
    }
  },
}));
vi.mock('../../../src/instagram/card-offer', () => ({
  CardOffers: class {
    scan(): void {}
    clear(): void {}
    resize(): boolean {
      return false;
    }
  },
}));

import { ScriptContext } from '../../../src/instagram/script-context';
import { POOL_SIZE } from '../../../src/instagram/frame-pool';
import { ThreadController } from '../../../src/instagram/thread-controller';

const THREAD = '123456789012345';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Undoes what a controller installed (its listeners, its observer), as the content script's invalidation does. */
const teardown: Array<() => void> = [];

afterEach(() => {
  for (const undo of teardown.splice(0)) undo();
  document.body.replaceChildren();
});

function setup(options: { path?: string; encryptedChats?: boolean } = {}) {
  history.pushState({}, '', options.path ?? `/direct/t/${THREAD}/`);
  const editor = document.createElement('div');
  editor.setAttribute('contenteditable', 'true');
  editor.setAttribute('role', 'textbox');
  const bar = document.createElement('div');
  bar.append(editor);
  document.body.append(bar);
  page.composer = { ok: true, composer: { element: editor, bar } };
  page.counterpart = undefined;
  page.scanThrows = false;
  page.headerThrows = false;
  const asked: Array<[string, string | null]> = [];
  const answer: Array<(mode: ThreadMode | undefined) => void> = [];
  const directAsked: true[] = [];
  const api = {
    threadState: (id: string, username: string | null) => {
      asked.push([id, username]);
      return new Promise<ThreadMode | undefined>((r) => answer.push(r));
    },
    directState: async () => {
      directAsked.push(true);
      return options.encryptedChats;
    },
    readPayloads: async () => [],
  };
  // The real lifetime object; ending it (the extension gone) stops the controller's listeners and
  // timers. The guard's listeners stay (as in a page), so teardown also turns this guard off.
  let alive = true;
  const ctx = new ScriptContext(() => alive);
  const end = (): void => {
    alive = false;
    void ctx.isInvalid;
  };
  const controller = new ThreadController(ctx, document, api, (p) => `chrome-extension://x${p}`, ['chrome-extension://x']);
  teardown.push(() => {
    end();
    controller.guard.setScope({ kind: 'off' });
    for (const notice of document.querySelectorAll('[role="alert"]')) notice.remove();
  });
  controller.start();
  const typed: string[] = [];
  editor.addEventListener('keydown', (e) => typed.push(e.key));
  const type = (key: string): void => void editor.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  const scope = (): string => (controller.guard as unknown as { scope: { kind: string } }).scope.kind;
  return { controller, asked, answer, directAsked, typed, type, scope, end };
}

/** setup() in bob's chat, answered 'on': Instagram's composer guarded under the compose frame. */
async function encryptedChat() {
  const t = setup();
  page.counterpart = { kind: 'user', username: 'bob' };
  await sleep(20);
  t.answer[0]!('on');
  await sleep(20);
  expect(t.scope()).toBe('composer');
  return t;
}

describe('ThreadController: the guard while the mode is asked', () => {
  it('holds every editor until the first answer, and again while a question that may link the thread is on its way', async () => {
    const t = setup();
    await sleep(20);
    expect(t.asked).toEqual([[THREAD, null]]); // asked at once, before the header is readable
    expect(t.scope()).toBe('hold');
    t.type('a');
    t.answer[0]!('plain');
    await sleep(20);
    expect(t.scope()).toBe('off');

    // The header becomes readable: carol is a contact and the thread is not linked yet, so this
    // question may link it ('on'). Until it is answered, nothing typed gets in.
    page.counterpart = { kind: 'user', username: 'carol' };
    t.controller.schedule(0);
    await sleep(20);
    expect(t.asked[1]).toEqual([THREAD, 'carol']);
    expect(t.scope()).toBe('hold');
    t.type('b');
    t.answer[1]!('on');
    await sleep(20);
    expect(t.scope()).toBe('composer');
    t.type('c');
    expect(t.typed).toEqual([]);
  });

  it('a plain chat is free once its header is answered for', async () => {
    const t = setup();
    page.counterpart = { kind: 'user', username: 'dave' };
    await sleep(20);
    // Asked at once by id (before the page is read), then with the header's username.
    expect(t.asked).toEqual([[THREAD, null]]);
    t.answer[0]!('plain');
    await sleep(20);
    expect(t.asked[1]).toEqual([THREAD, 'dave']);
    expect(t.scope()).toBe('hold');
    t.answer[1]!('plain');
    await sleep(20);
    expect(t.scope()).toBe('off');
    t.type('x');
    expect(t.typed).toEqual(['x']);
  });

  it("never links a thread with the username the previous thread's header showed, however long it stays", async () => {
    const t = setup();
    page.counterpart = { kind: 'user', username: 'bob' };
    await sleep(20);
    t.answer[0]!('plain');
    await sleep(20);
    expect(t.asked[1]).toEqual([THREAD, 'bob']);
    t.answer[1]!('on');
    await sleep(20);
    expect(t.scope()).toBe('composer');

    // The URL moves to another thread; the view still shows bob's chat (its header, its composer).
    const other = '987654321098765';
    history.pushState({}, '', `/direct/t/${other}/`);
    t.controller.schedule(0);
    await sleep(20);
    expect(t.asked[2]).toEqual([other, null]);
    t.answer[2]!('plain');
    await sleep(20);
    expect(t.scope()).toBe('hold'); // it may still be bob's composer
    // Past OLD_HEADER_MS: bob's chat was encrypted, so its header still holds the editors, and
    // still links nothing.
    await sleep(2100);
    t.controller.schedule(0);
    await sleep(20);
    expect(t.scope()).toBe('hold');
    t.type('x');
    expect(t.typed).toEqual([]);
    expect(t.asked.filter(([id, user]) => id === other && user === 'bob')).toEqual([]);

    // The view catches up: carol's header is asked with.
    page.counterpart = { kind: 'user', username: 'carol' };
    t.controller.schedule(0);
    await sleep(20);
    expect(t.asked.at(-1)).toEqual([other, 'carol']);
    t.answer.at(-1)!('plain');
    await sleep(20);
    expect(t.scope()).toBe('off');
  });

  it('an error while reading the page leaves an encrypted thread guarded everywhere, never free', async () => {
    const t = await encryptedChat();
    // Navigating away frees the page ('off'); coming back, reading the page throws on every tick.
    history.pushState({}, '', '/direct/inbox/');
    t.controller.schedule(0);
    await sleep(20);
    expect(t.scope()).toBe('off');
    page.scanThrows = true;
    history.pushState({}, '', `/direct/t/${THREAD}/`);
    t.controller.schedule(0);
    await sleep(100);
    expect(t.scope()).toBe('page');
    t.type('x');
    expect(t.typed).toEqual([]);
  });

  it('a page whose header cannot be read still gets its mode asked: a plain chat is then left to Instagram', async () => {
    const t = setup();
    page.headerThrows = true; // before the first tick
    await sleep(20);
    expect(t.asked).toEqual([[THREAD, null]]);
    expect(t.scope()).toBe('hold');
    t.answer[0]!('plain');
    await sleep(20);
    expect(t.scope()).toBe('off');
    t.type('y');
    expect(t.typed).toEqual(['y']);
  });

  it('the extension gone under an encrypted chat: every editor stays blocked and the page is told to reload; a plain chat is left alone', async () => {
    const t = await encryptedChat();
    t.end();
    expect(t.scope()).toBe('page');
    expect(document.querySelector('[role="alert"]')?.textContent).toContain('reload the page');
    t.type('z');
    expect(t.typed).toEqual([]);

    const plain = setup();
    await sleep(20);
    plain.answer[0]!('plain');
    await sleep(20);
    plain.end();
    expect(plain.scope()).toBe('off');
  });
});

describe('ThreadController: reader frames loaded ahead on the inbox', () => {
  // Where an engine moves a frame without reloading it (Chromium's moveBefore), the pool keeps
  // frames loaded; happy-dom has no moveBefore, so it is given one for these tests.
  const readerFrames = (): number => document.querySelectorAll('iframe[src^="chrome-extension://x/reader-frame.html"]').length;
  const proto = Element.prototype as unknown as { moveBefore?: (node: Node, child: Node | null) => void };
  afterEach(() => delete proto.moveBefore);
  const withMoveBefore = (): void => {
    proto.moveBefore = function (this: Element, node: Node, child: Node | null) {
      this.insertBefore(node, child);
    };
  };

  it('loads them when some chat has encryption on, asking the background once per page', async () => {
    withMoveBefore();
    const t = setup({ path: '/direct/inbox/', encryptedChats: true });
    for (let i = 0; i < 5; i++) {
      t.controller.schedule(0);
      await sleep(20);
    }
    expect(t.directAsked).toHaveLength(1);
    expect(t.asked).toEqual([]); // no thread on screen: no thread's mode asked
    expect(readerFrames()).toBe(0); // the page first, the frames a second later (frame-pool.ts)
    await sleep(1100);
    expect(readerFrames()).toBe(POOL_SIZE);

    // A chat clicked there: they wait for it while its mode is asked, and stay in a plain chat
    // (the next chat clicked may be encrypted); off the DM pages they go.
    history.pushState({}, '', `/direct/t/${THREAD}/`);
    t.controller.schedule(0);
    await sleep(20);
    expect(t.asked).toEqual([[THREAD, null]]);
    expect(readerFrames()).toBe(POOL_SIZE);
    t.answer[0]!('plain');
    await sleep(20);
    expect(readerFrames()).toBe(POOL_SIZE);
    expect(t.directAsked).toHaveLength(1);
    history.pushState({}, '', '/explore/');
    t.controller.schedule(0);
    await sleep(20);
    expect(readerFrames()).toBe(0);
  });

  it('loads none when no chat has encryption on, or the background does not answer (asked again 5 s later)', async () => {
    withMoveBefore();
    for (const encryptedChats of [false, undefined]) {
      const t = setup({ path: '/direct/inbox/', encryptedChats });
      await sleep(20);
      expect(t.directAsked).toHaveLength(1);
      await sleep(1100);
      expect(readerFrames()).toBe(0);
      const later = Date.now() + 5100;
      const clock = vi.spyOn(Date, 'now').mockImplementation(() => later);
      t.controller.schedule(0);
      await sleep(20);
      clock.mockRestore();
      expect(t.directAsked).toHaveLength(encryptedChats === undefined ? 2 : 1);
      for (const undo of teardown.splice(0)) undo();
    }
  });

  it('a plain chat loaded cold loads them once its mode is answered, if some chat has encryption on; else none', async () => {
    withMoveBefore();
    for (const encryptedChats of [true, false]) {
      const t = setup({ encryptedChats });
      await sleep(20);
      expect(t.directAsked).toEqual([]); // not before the chat's own mode is known
      t.answer[0]!('plain');
      await sleep(20);
      expect(t.directAsked).toHaveLength(1);
      await sleep(1100);
      expect(readerFrames()).toBe(encryptedChats ? POOL_SIZE : 0);
      for (const undo of teardown.splice(0)) undo();
    }
  });

  it('asks nothing where frames cannot wait loaded (no moveBefore: Chromium before 133, Firefox before 144)', async () => {
    const t = setup({ path: '/direct/inbox/', encryptedChats: true });
    await sleep(1100);
    expect(t.directAsked).toEqual([]);
    expect(readerFrames()).toBe(0);
  });
});
