/**
 * The insertion chain (src/instagram/post-chain.ts) against a fake editor and page with a virtual
 * clock: every PostFailure path, the method fallbacks, the Send fallback and the "never send twice"
 * rule, and the Poster's busy rule (src/instagram/post-command.ts).
 */
import { describe, expect, it } from 'vitest';
import { armor } from '../../../src/protocol/armor';
import { isArmorPart, Poster } from '../../../src/instagram/post-command';
import {
  postParts,
  DEFAULT_TIMINGS,
  type BubbleState,
  type ComposerSession,
  type InsertMethod,
  type OpenResult,
  type PostPage,
} from '../../../src/instagram/post-chain';
import type { PostFailure } from '../../../src/messaging/protocol';

interface FakeOptions {
  /** Methods that reach the editor state (and so show the Send button). */
  accepts?: InsertMethod[];
  /** Methods that change only the DOM (trusted-input-only editors, "domOnly"). */
  domOnly?: InsertMethod[];
  methods?: InsertMethod[];
  clickWorks?: boolean;
  enterWorks?: boolean;
  /** What Instagram does with a send. */
  outcome?: 'ack' | 'failure-notice' | 'silent-drop' | 'late-ack' | 'never-acked';
  /** The textarea era: bubbles never carry a message id. */
  noIds?: boolean;
  draft?: string;
  open?: PostFailure;
  paused?: boolean;
  dialogAfterInsert?: boolean;
  /** Navigate away when this log entry is written. */
  navigateOn?: string;
  /** The composer leaves the page (removed, re-mounted) when this log entry is written. */
  goneOn?: string;
  throwOn?: string;
  /** Focus leaves the composer once, while the chain waits after focusing it (the guard ending an IME composition). */
  blurOnce?: boolean;
}

function fakePage(o: FakeOptions = {}) {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const log: string[] = [];
  let thread = '111111';
  let dom = o.draft ?? '';
  let state = o.draft ?? '';
  const bubbles: Array<{ armor: string; acked: boolean }> = [];
  const signals = new Set<unknown>();
  let dialog = false;
  let gone = false;
  let focused = false;
  let blurred = false;
  const record = (entry: string): void => {
    log.push(entry);
    if (o.navigateOn === entry) thread = '222222';
    if (o.goneOn === entry) gone = true;
    if (o.throwOn === entry) throw new Error('odd DOM');
  };
  const later = (ms: number, fn: () => void): void => {
    timers.push({ at: now + ms, fn });
  };
  const send = (): void => {
    const armor = state.trim();
    if (armor === '') return;
    record(`send:${armor}`);
    dom = '';
    state = '';
    const bubble = { armor, acked: false };
    bubbles.push(bubble);
    const drop = (): void => void bubbles.splice(bubbles.indexOf(bubble), 1);
    switch (o.outcome ?? 'ack') {
      case 'ack':
        return later(300, () => (bubble.acked = true));
      case 'late-ack':
        return later(8000, () => (bubble.acked = true));
      case 'failure-notice':
        return later(300, () => {
          drop();
          signals.add({ notice: "Couldn't send" });
        });
      case 'silent-drop':
        return later(300, drop);
      case 'never-acked':
        return;
    }
  };
  const session: ComposerSession = {
    methods: o.methods ?? ['exec-insert-text', 'synthetic-paste', 'before-input'],
    alive: () => !gone,
    text: () => dom.replace(/\s+/g, ' ').trim(),
    sendReady: () => state.trim() !== '',
    focus: () => {
      record('focus');
      focused = true;
    },
    focused: () => focused,
    insert(method, text) {
      record(`insert:${method}`);
      // A composer out of the page takes nothing.
      if (gone) return true;
      // Focused and written to in one task: the editor reverts the text (as Lexical does).
      if (!focused) {
        focused = true;
        return true;
      }
      if (o.accepts?.includes(method)) {
        dom += text;
        state += text;
      } else if (o.domOnly?.includes(method)) {
        dom += text;
      }
      if (o.dialogAfterInsert) dialog = true;
      return true;
    },
    async clear() {
      record('clear');
      dom = '';
      state = '';
    },
    clickSend() {
      if (state.trim() === '') return false;
      record('click');
      if (o.clickWorks ?? true) send();
      return true;
    },
    pressEnter() {
      record('enter');
      if (o.enterWorks ?? true) send();
    },
    release: () => record('release'),
  };
  const page: PostPage = {
    threadId: () => thread,
    paused: () => o.paused ?? false,
    open: (): OpenResult => (o.open ? { ok: false, reason: o.open } : { ok: true, session }),
    dialogOpen: () => dialog,
    failureSignals: () => new Set(signals),
    bubble(armor): BubbleState {
      const b = bubbles.find((x) => x.armor === armor);
      return b ? (b.acked && !o.noIds ? 'acked' : 'pending') : 'none';
    },
    listHasIds: () => !o.noIds,
    async sleep(ms) {
      now += ms;
      if (o.blurOnce && focused && !blurred) {
        blurred = true;
        focused = false;
      }
      for (const t of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    },
    now: () => now,
  };
  return { page, log, sends: () => log.filter((l) => l.startsWith('send:')), composer: () => dom, clock: () => now };
}

/** Real armored parts (the Poster refuses anything else). */
const ARMOR = [1, 2, 3].map((n) => armor(new Uint8Array(24).fill(n))[0]!);
const THREAD = '111111';

describe('postParts: success', () => {
  it('posts every part in order, one confirmed bubble each, through the first method the editor takes', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'] });
    expect(await postParts(f.page, THREAD, ARMOR)).toEqual({ outcome: 'sent' });
    expect(f.sends()).toEqual(ARMOR.map((a) => `send:${a}`));
    expect(f.log.filter((l) => l.startsWith('insert:'))).toEqual(['insert:exec-insert-text', 'insert:exec-insert-text', 'insert:exec-insert-text']);
    expect(f.log).toContain('release');
  });

  it('falls back to the next method after undoing one the editor did not take (DOM-only insertion)', async () => {
    const f = fakePage({ domOnly: ['exec-insert-text'], accepts: ['synthetic-paste'] });
    expect(await postParts(f.page, THREAD, ARMOR.slice(0, 1))).toEqual({ outcome: 'sent' });
    expect(f.log.slice(0, 5)).toEqual(['focus', 'insert:exec-insert-text', 'clear', 'insert:synthetic-paste', 'click']);
  });

  it('focus lost after focusing (the guard ending an IME composition): focuses again and waits before inserting', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'], blurOnce: true });
    expect(await postParts(f.page, THREAD, ARMOR.slice(0, 1))).toEqual({ outcome: 'sent' });
    expect(f.log.slice(0, 3)).toEqual(['focus', 'focus', 'insert:exec-insert-text']);
  });

  it('uses Enter only when the click provably did nothing (composer unchanged, no bubble)', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'], clickWorks: false });
    expect(await postParts(f.page, THREAD, ARMOR.slice(0, 1))).toEqual({ outcome: 'sent' });
    expect(f.log.filter((l) => l === 'click' || l === 'enter' || l.startsWith('send:'))).toEqual(['click', 'enter', `send:${ARMOR[0]}`]);
  });

  it('never presses Enter after a click that worked (no double send)', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'], outcome: 'late-ack' });
    expect(await postParts(f.page, THREAD, ARMOR.slice(0, 1))).toEqual({ outcome: 'sent' });
    expect(f.log).not.toContain('enter');
    expect(f.sends()).toHaveLength(1);
  });

  it('without message ids (textarea era), a bubble that stays counts as sent; one that vanishes does not', async () => {
    const f = fakePage({ accepts: ['value-setter'], methods: ['exec-insert-text', 'value-setter'], noIds: true });
    expect(await postParts(f.page, THREAD, ARMOR.slice(0, 2))).toEqual({ outcome: 'sent' });
    expect(f.sends()).toHaveLength(2);
    const dropped = fakePage({ accepts: ['exec-insert-text'], noIds: true, outcome: 'silent-drop' });
    expect(await postParts(dropped.page, THREAD, ARMOR.slice(0, 1))).toEqual({ outcome: 'failed', reason: 'send-failed', sentParts: 0 });
  });

  it('waits past confirmMs for a bubble that is still pending (slow ack)', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'], outcome: 'late-ack' });
    expect(await postParts(f.page, THREAD, ARMOR.slice(0, 1))).toEqual({ outcome: 'sent' });
    expect(f.clock()).toBeGreaterThan(DEFAULT_TIMINGS.confirmMs);
  });
});

describe('postParts: every failure stops and reports what was sent', () => {
  const cases: Array<[string, FakeOptions, PostFailure, number]> = [
    ['a dialog covers the composer', { accepts: ['exec-insert-text'], open: 'dialog' }, 'dialog', 0],
    ['no composer', { open: 'composer-missing' }, 'composer-missing', 0],
    ['two composers', { open: 'page-changed' }, 'page-changed', 0],
    ['encryption paused (unfamiliar page)', { accepts: ['exec-insert-text'], paused: true }, 'page-changed', 0],
    ['a draft of the user is in the composer', { accepts: ['exec-insert-text'], draft: 'my own draft' }, 'composer-missing', 0],
    ['trusted-input-only editor (nothing taken)', {}, 'insertion-rejected', 0],
    ['trusted-input-only editor (DOM only)', { domOnly: ['exec-insert-text', 'synthetic-paste', 'before-input'] }, 'insertion-rejected', 0],
    ['Send ignored (click and Enter)', { accepts: ['exec-insert-text'], clickWorks: false, enterWorks: false }, 'insertion-rejected', 0],
    ['Instagram shows a failure notice', { accepts: ['exec-insert-text'], outcome: 'failure-notice' }, 'send-failed', 0],
    ['silent drop (bubble disappears)', { accepts: ['exec-insert-text'], outcome: 'silent-drop' }, 'send-failed', 0],
    ['bubble never acknowledged', { accepts: ['exec-insert-text'], outcome: 'never-acked' }, 'send-failed', 0],
    ['a dialog comes up during insertion', { accepts: ['exec-insert-text'], dialogAfterInsert: true }, 'dialog', 0],
    ['the user navigates during insertion', { accepts: ['exec-insert-text'], navigateOn: 'insert:exec-insert-text' }, 'wrong-thread', 0],
    // Not 'insertion-rejected' (which offers manual pasting): nothing rejected the armor, the box went away.
    ['the composer leaves the page as the post starts', { accepts: ['exec-insert-text'], goneOn: 'focus' }, 'composer-missing', 0],
    ['the composer leaves the page during insertion', { accepts: ['exec-insert-text'], goneOn: 'insert:exec-insert-text' }, 'composer-missing', 0],
    [
      'the user navigates during insertion, the composer going with the thread',
      { accepts: ['exec-insert-text'], goneOn: 'insert:exec-insert-text', navigateOn: 'insert:exec-insert-text' },
      'wrong-thread',
      0,
    ],
    ['a draft that only contains armor is the user’s', { accepts: ['exec-insert-text'], draft: `see ${ARMOR[2]}` }, 'composer-missing', 0],
    ['odd DOM throws', { accepts: ['exec-insert-text'], throwOn: 'focus' }, 'page-changed', 0],
  ];
  for (const [name, opts, reason, sentParts] of cases) {
    it(name, async () => {
      const f = fakePage(opts);
      expect(await postParts(f.page, THREAD, ARMOR)).toEqual({ outcome: 'failed', reason, sentParts });
      if (reason !== 'send-failed') expect(f.sends()).toEqual([]);
      // Whatever we inserted is gone again; a user's draft is untouched.
      expect(f.composer()).toBe(opts.draft ?? '');
    });
  }

  it('one whole armored part left in the composer by an interrupted post is ours: cleared, then the post goes on', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'], draft: ARMOR[2] });
    expect(await postParts(f.page, THREAD, ARMOR.slice(0, 2))).toEqual({ outcome: 'sent' });
    expect(f.log.slice(0, 2)).toEqual(['clear', 'focus']);
    expect(f.sends()).toEqual(ARMOR.slice(0, 2).map((a) => `send:${a}`));
  });

  it('the wrong thread is refused before anything is touched', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'] });
    expect(await postParts(f.page, '999999', ARMOR)).toEqual({ outcome: 'failed', reason: 'wrong-thread', sentParts: 0 });
    expect(f.log).toEqual([]);
  });

  it('counts the parts confirmed before a failure; the part whose Send was pressed as the user left is unconfirmed, not failed', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'], navigateOn: `send:${ARMOR[1]}` });
    expect(await postParts(f.page, THREAD, ARMOR)).toEqual({ outcome: 'failed', reason: 'unconfirmed', sentParts: 1 });
    expect(f.sends()).toEqual(ARMOR.slice(0, 2).map((a) => `send:${a}`));
  });

  it('the user leaves the thread as Send is clicked: unconfirmed (it may have left), never retried with Enter', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'], navigateOn: 'click' });
    expect(await postParts(f.page, THREAD, ARMOR)).toEqual({ outcome: 'failed', reason: 'unconfirmed', sentParts: 0 });
    expect(f.log).not.toContain('enter');
    expect(f.sends()).toHaveLength(1);
  });

  it('the user leaves while the bubble waits for its acknowledgement: unconfirmed, not send-failed', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'], outcome: 'never-acked', navigateOn: 'release' });
    expect(await postParts(f.page, THREAD, ARMOR.slice(0, 1))).toEqual({ outcome: 'failed', reason: 'unconfirmed', sentParts: 0 });
  });
});

describe('Poster', () => {
  it('answers busy to a second post while one is in flight, and never queues it', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'] });
    const posting: boolean[] = [];
    const poster = new Poster(f.page, { setPosting: (on) => posting.push(on) });
    const first = poster.post({ threadId: THREAD, parts: ARMOR.slice(0, 1) });
    const second = await poster.post({ threadId: THREAD, parts: ARMOR.slice(1, 2) });
    expect(second).toEqual({ outcome: 'failed', reason: 'busy', sentParts: 0 });
    expect(await first).toEqual({ outcome: 'sent' });
    expect(f.sends()).toEqual([`send:${ARMOR[0]}`]);
    expect(posting).toEqual([true, false]);
    // Free again afterwards.
    expect(await poster.post({ threadId: THREAD, parts: ARMOR.slice(1, 2) })).toEqual({ outcome: 'sent' });
  });

  it('types nothing but whole armored parts: plaintext or junk in any part refuses the whole post', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'] });
    const poster = new Poster(f.page, { setPosting: () => undefined });
    const good = armor(new Uint8Array(30).fill(5))[0]!;
    for (const parts of [[good, 'meet me at 7'], [`${good} x`], [`x${good}`], ['SDM1'], [good.slice(0, -3)]]) {
      expect(await poster.post({ threadId: THREAD, parts })).toEqual({ outcome: 'failed', reason: 'send-failed', sentParts: 0 });
    }
    expect(f.log).toEqual([]);
    expect(isArmorPart(good)).toBe(true);
    expect(await poster.post({ threadId: THREAD, parts: [good] })).toEqual({ outcome: 'sent' });
  });

  it('refuses an empty post', async () => {
    const f = fakePage({ accepts: ['exec-insert-text'] });
    expect(await new Poster(f.page, { setPosting: () => undefined }).post({ threadId: THREAD, parts: [] })).toEqual({
      outcome: 'failed',
      reason: 'send-failed',
      sentParts: 0,
    });
  });
});
