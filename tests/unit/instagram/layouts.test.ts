// @vitest-environment happy-dom
/**
 * Page layouts around the thread (instagram-dm-dom.md §2, §3, §4.6, §10.10): hidden duplicate
 * panes and composers (mobile), an injected visibility probe, the docked DM widget, group chats,
 * message requests without a composer, pages without a thread.
 */
import { describe, expect, it } from 'vitest';
import { findComposer, findSendButton } from '../../../src/instagram/dom/composer';
import { readCounterpart } from '../../../src/instagram/dom/header';
import { listMessageRows, readMessages } from '../../../src/instagram/dom/messages';
import { layoutFreeProbe, type DomProbe } from '../../../src/instagram/dom/probe';
import { findThreadView } from '../../../src/instagram/dom/thread';
import { loadFixture } from './build/dom';
import { expectedRows, expectRows, expectThread, probe } from './build/expect-thread';
import { buildGroupEraPage, DEFAULT_MESSAGES, type FixtureMessage } from './build/group-era';

const HIDINGS = ['visibility', 'aria-hidden', 'display'] as const;

describe('mobile layout: a hidden duplicate thread pane behind the visible one', () => {
  for (const hiding of HIDINGS) {
    it(`hidden by ${hiding}: the visible pane's composer, counterpart and rows`, () => {
      const page = buildGroupEraPage({ hiddenDuplicatePane: hiding, draft: 'x' });
      expect(page.doc.querySelectorAll('[data-pagelet="IGDMessagesList"]')).toHaveLength(2);
      expect(page.doc.querySelectorAll('[role="textbox"]')).toHaveLength(2);
      expectThread(page.doc, { counterpart: 'bob', textbox: page.textbox, send: page.send });
      expectRows(page.doc, expectedRows(DEFAULT_MESSAGES));
      const view = findThreadView(page.doc, probe);
      expect(view.ok && view.view.list.root).toBe(page.list);
    });
  }

  it('both panes visible: ambiguous, nothing is picked', () => {
    const page = buildGroupEraPage({ hiddenDuplicatePane: 'visibility' });
    page.doc.querySelector('main > [style]')!.removeAttribute('style');
    expect(findThreadView(page.doc, probe)).toEqual({ ok: false, reason: 'ambiguous' });
    expect(findComposer(page.doc, probe)).toEqual({ ok: false, reason: 'ambiguous-thread' });
    expect(readCounterpart(page.doc, probe)).toEqual({ kind: 'unknown', reason: 'no-thread' });
  });
});

describe('a hidden second composer in the same pane', () => {
  for (const hiding of HIDINGS) {
    it(`hidden by ${hiding}: the visible one`, () => {
      const page = buildGroupEraPage({ hiddenSecondComposer: hiding });
      expect(page.hiddenTextbox).toBeDefined();
      const c = findComposer(page.doc, probe);
      expect(c).toMatchObject({ ok: true, composer: { element: page.textbox, via: 'only-visible' } });
    });
  }

  it('both visible: the one in the composer pagelet', () => {
    const page = buildGroupEraPage({ hiddenSecondComposer: 'visibility' });
    page.hiddenTextbox!.closest('[style*="visibility"]')!.removeAttribute('style');
    expect(findComposer(page.doc, probe)).toMatchObject({ ok: true, composer: { element: page.textbox, via: 'pagelet' } });
    page.bar.removeAttribute('data-pagelet');
    expect(findComposer(page.doc, probe)).toEqual({ ok: false, reason: 'ambiguous' });
  });

  it('visibility is injectable: a probe that sees the pagelet composer as zero-size', () => {
    const page = buildGroupEraPage({ hiddenSecondComposer: 'visibility' });
    page.hiddenTextbox!.closest('[style*="visibility"]')!.removeAttribute('style');
    const zeroSize: Partial<DomProbe> = { isVisible: (el) => el !== page.textbox && layoutFreeProbe.isVisible(el) };
    expect(findComposer(page.doc, zeroSize)).toMatchObject({ ok: true, composer: { element: page.hiddenTextbox, via: 'only-visible' } });
    const none: Partial<DomProbe> = { isVisible: (el) => el.getAttribute('role') !== 'textbox' };
    expect(findComposer(page.doc, none)).toEqual({ ok: false, reason: 'hidden' });
  });

  it('the default (browser) probe needs layout: in happy-dom nothing has a box, so nothing is visible', () => {
    const page = buildGroupEraPage();
    expect(findThreadView(page.doc)).toEqual({ ok: false, reason: 'hidden' });
    expect(findComposer(page.doc)).toEqual({ ok: false, reason: 'no-thread' });
  });
});

describe('the docked DM widget', () => {
  it('on a thread page, the main thread wins; the widget is ignored', () => {
    const page = buildGroupEraPage({ dockedWidget: true, draft: 'x' });
    expectThread(page.doc, { counterpart: 'bob', textbox: page.textbox, send: page.send });
    expectRows(page.doc, expectedRows(DEFAULT_MESSAGES));
  });

  it('alone (a non-thread page): its own thread, flagged as outside main', () => {
    const page = buildGroupEraPage({ dockedWidget: true });
    page.doc.querySelector('main [aria-label^="Conversation"]')!.remove();
    const view = findThreadView(page.doc, probe);
    expect(view).toMatchObject({ ok: true, view: { inMain: false, list: { era: 'group', via: 'row-ancestor' } } });
    expect(view.ok && view.view.list.root).toBe(page.dock!.list);
    expect(readCounterpart(page.doc, probe)).toEqual({ kind: 'user', username: 'carol' });
    expect(findComposer(page.doc, probe)).toMatchObject({ ok: true, composer: { element: page.dock!.textbox, kind: 'lexical' } });
    const c = findComposer(page.doc, probe);
    if (c.ok) expect(findSendButton(c.composer, probe)).toEqual({ ok: false, reason: 'absent' });
    expect(readMessages(view.ok ? view.view.list : page.dock!.list, { probe }).map((r) => [r.text, r.direction, r.sender])).toEqual([
      ['from the dock', 'incoming', 'carol'],
    ]);
  });
});

describe('group chats', () => {
  const groupMessages: FixtureMessage[] = [
    { id: 'mid.$cAAAgc01', from: 'bob', text: 'hi all', avatar: true, nameAbove: 'Bob' },
    { id: 'mid.$cAAAgc02', from: 'carol', text: 'hey bob', avatar: true, nameAbove: 'Carol' },
    { id: 'mid.$cAAAgc03', from: 'self', text: 'hello both' },
  ];

  it('header without a profile link, rows from two senders: group with both', () => {
    const page = buildGroupEraPage({ groupChat: { members: ['bob', 'carol'], header: 'no-link' }, messages: groupMessages });
    expect(readCounterpart(page.doc, probe)).toEqual({ kind: 'group', usernames: ['bob', 'carol'] });
    expectRows(page.doc, expectedRows(groupMessages)); // names above bubbles stay out of the text
  });

  it('header with one profile link per member: group, even before any row', () => {
    const page = buildGroupEraPage({ groupChat: { members: ['bob', 'carol'], header: 'links' }, messages: [] });
    expect(listMessageRows(page.list)).toHaveLength(0);
    expect(readCounterpart(page.doc, probe)).toEqual({ kind: 'group', usernames: ['bob', 'carol'] });
  });

  it('a 1:1 header contradicted by a row from someone else: group, never the header user alone', () => {
    const page = buildGroupEraPage({ messages: [...DEFAULT_MESSAGES, { id: 'mid.$cAAAx', from: 'carol', text: 'who am i', avatar: true }] });
    expect(readCounterpart(page.doc, probe)).toEqual({ kind: 'group', usernames: ['bob', 'carol'] });
  });

  it('a group header with no links and only one sender so far: unknown', () => {
    const page = buildGroupEraPage({ groupChat: { members: ['bob', 'carol'], header: 'no-link' }, messages: groupMessages.slice(0, 1) });
    expect(readCounterpart(page.doc, probe)).toEqual({ kind: 'unknown', reason: 'no-header-link' });
  });
});

describe('degraded pages', () => {
  it('message request: no composer, the counterpart still known', () => {
    const page = buildGroupEraPage();
    page.bar.remove();
    expect(findComposer(page.doc, probe)).toEqual({ ok: false, reason: 'no-composer' });
    expect(readCounterpart(page.doc, probe)).toEqual({ kind: 'user', username: 'bob' });
  });

  it('no header link: unknown, although the rows show bob (rows never establish identity)', () => {
    const page = buildGroupEraPage();
    page.doc.querySelector('main [aria-label^="Conversation"] > div > a')!.remove();
    expect(readCounterpart(page.doc, probe)).toEqual({ kind: 'unknown', reason: 'no-header-link' });
  });

  it('the own profile link in the left rail is never the counterpart', () => {
    const page = buildGroupEraPage();
    page.doc.querySelector('main [aria-label^="Conversation"] > div > a')!.remove();
    for (const a of Array.from(page.list.querySelectorAll('a'))) a.remove();
    expect(page.doc.querySelector('a[href="/alice/"]')).not.toBeNull();
    expect(readCounterpart(page.doc, probe)).toEqual({ kind: 'unknown', reason: 'no-header-link' });
  });

  it('profile links after the list (typing avatar, a reply bar in the composer) are not the header', () => {
    const page = buildGroupEraPage({ draft: 'x' });
    const typing = page.doc.createElement('a');
    typing.setAttribute('href', '/carol/');
    page.list.after(typing);
    const reply = page.doc.createElement('a');
    reply.setAttribute('href', '/dave/');
    reply.textContent = 'Replying to dave';
    page.bar.prepend(reply);
    expectThread(page.doc, { counterpart: 'bob', textbox: page.textbox, send: page.send });
  });

  it('inbox without an open thread: no thread, no composer', () => {
    const page = buildGroupEraPage();
    page.doc.querySelector('main [aria-label^="Conversation"]')!.remove();
    expect(findThreadView(page.doc, probe)).toEqual({ ok: false, reason: 'no-list' });
    expect(findComposer(page.doc, probe)).toEqual({ ok: false, reason: 'no-thread' });
  });

  it('a thread list inside a dialog (e.g. "New message" search) is not the thread', () => {
    const doc = loadFixture('group-era-skeleton.html');
    const dialog = doc.createElement('div');
    dialog.setAttribute('role', 'dialog');
    const fake = doc.createElement('div');
    fake.setAttribute('data-pagelet', 'IGDMessagesList');
    dialog.append(fake);
    doc.body.append(dialog);
    expect(findThreadView(doc, probe)).toMatchObject({ ok: true, view: { inMain: true } });
  });
});
