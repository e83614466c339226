// @vitest-environment happy-dom
/**
 * Group era (late 2025–2026, instagram-dm-dom.md §6.3, §9.2) and its variants (§10.5–§10.7, §10.11):
 * locales, RTL, dark mode, random class names, a typed draft, hover-bar labels.
 */
import { describe, expect, it } from 'vitest';
import { findComposer, findSendButton } from '../../../src/instagram/dom/composer';
import { readCounterpart } from '../../../src/instagram/dom/header';
import { listMessageRows, readMessages } from '../../../src/instagram/dom/messages';
import { findScroller, findThreadView } from '../../../src/instagram/dom/thread';
import { loadFixture, randomizeClasses, typeDraft } from './build/dom';
import { expectedRows, expectRows, expectThread, probe, rowsOf } from './build/expect-thread';
import { buildGroupEraPage, DEFAULT_MESSAGES, type GroupEraOptions } from './build/group-era';
import { en, es, ru } from './build/strings';

describe('group era, §9.2 skeleton (verbatim)', () => {
  for (const random of [false, true]) {
    it(`finds thread, counterpart, composer, rows${random ? ' (random classes)' : ''}`, () => {
      const doc = loadFixture('group-era-skeleton.html');
      if (random) randomizeClasses(doc);
      const view = findThreadView(doc, probe);
      expect(view).toMatchObject({ ok: true, view: { list: { era: 'group', via: 'pagelet' }, inMain: true } });
      if (!view.ok) return;
      expect(view.view.list.root.getAttribute('data-pagelet')).toBe('IGDMessagesList');
      expect(readCounterpart(doc, probe)).toEqual({ kind: 'user', username: 'alex.example' });

      const composer = findComposer(doc, probe);
      expect(composer).toMatchObject({ ok: true, composer: { kind: 'lexical', via: 'only-visible' } });
      if (!composer.ok) return;
      expect(composer.composer.element.getAttribute('aria-placeholder')).toBe('Message...');
      expect(composer.composer.bar.getAttribute('data-pagelet')).toBe('IGDComposerForCannes');
      expect(findSendButton(composer.composer, probe)).toEqual({ ok: false, reason: 'absent' });

      // With a draft, the four icons are replaced by a text "Send" button (§9.2 comment, §9.3 item 1).
      const send = typeDraft(composer.composer.bar, composer.composer.element, 'hi', 'Send');
      expect(findSendButton(composer.composer, probe)).toMatchObject({ ok: true, button: { element: send, via: 'text-button' } });

      const rows = readMessages(view.view.list, { probe });
      expect(rows.map((r) => [r.key, r.text, r.direction, r.directionVia])).toEqual([
        ['mid.$cAAAmock0001', 'hello there', 'incoming', 'avatar-link'],
        ['mid.$cAAAmock0002', '-----IGE2E1-----AbC_dEf-----END-----', 'outgoing', 'lane-justify'],
      ]);
      expect(rows[0]!.sender).toBe('alex.example');
      expect(rows[0]!.bubble?.id).toBe('mid.$cAAAmock0001');
      expect(findScroller(view.view.list, probe)?.getAttribute('style')).toContain('overflow-y:auto');
    });
  }
});

const VARIANTS: Array<[string, GroupEraOptions]> = [
  ['English', {}],
  ['Spanish', { strings: es }],
  ['Russian', { strings: ru }],
  ['RTL', { rtl: true }],
  ['dark mode', { dark: true }],
  ['random class names', { randomClasses: true }],
  ['Russian + RTL + dark + random classes', { strings: ru, rtl: true, dark: true, randomClasses: true }],
  ['hover labels on svg', { hoverOn: 'svg' }],
  ['hover labels on div', { hoverOn: 'div' }],
  ['hover labels as text', { hoverOn: 'text' }],
];

describe('group era builder variants', () => {
  for (const [name, opts] of VARIANTS) {
    describe(name, () => {
      const strings = opts.strings ?? en;
      it('thread, counterpart, composer, no Send without a draft', () => {
        const page = buildGroupEraPage(opts);
        expect(page.doc.documentElement.getAttribute('dir')).toBe(opts.rtl ? 'rtl' : 'ltr');
        expectThread(page.doc, { counterpart: 'bob', textbox: page.textbox });
      });

      it('Send button with a draft', () => {
        const page = buildGroupEraPage({ ...opts, draft: 'hola' });
        expect(page.send?.textContent).toBe(strings.send);
        expectThread(page.doc, { counterpart: 'bob', textbox: page.textbox, send: page.send, sendLabel: strings.send });
      });

      it('rows: keys, message text only, directions', () => {
        const page = buildGroupEraPage(opts);
        expectRows(page.doc, expectedRows(DEFAULT_MESSAGES));
      });
    });
  }
});

describe('group era row details', () => {
  it('skips the progressbar and the time separator; rows are in document order', () => {
    const page = buildGroupEraPage();
    const rows = listMessageRows(page.list);
    expect(rows).toHaveLength(DEFAULT_MESSAGES.length);
    expect(rows.every((r) => r.getAttribute('role') === 'group')).toBe(true);
  });

  it('reports how each text and direction was found', () => {
    const rows = rowsOf(buildGroupEraPage().doc);
    expect(rows.map((r) => r.textVia)).toEqual(['text-leaf', 'text-leaf', 'text-leaf', 'plain', 'text-leaf', 'text-leaf', 'text-leaf', 'text-leaf']);
    expect(rows.map((r) => r.directionVia)).toEqual([
      'avatar-link', 'lane-justify', 'lane-justify', 'lane-justify', 'avatar-link', 'avatar-link', 'lane-justify', 'lane-justify',
    ]);
    expect(rows.map((r) => r.sender)).toEqual(['bob', undefined, undefined, undefined, 'bob', 'bob', undefined, undefined]);
  });

  it('reply quote: only the reply text, with and without a mid. id', () => {
    const rows = rowsOf(buildGroupEraPage().doc);
    const reply = rows[4]!;
    expect(reply.text).toBe('reply body');
    expect(reply.textElements).toHaveLength(1);
    const pending = rows[7]!;
    expect(pending.key).toBeUndefined();
    expect(pending.text).toBe('pending text');
    expect(pending.row.textContent).toContain('hello there'); // the quote is in the row, not in the text
  });

  it('emoji-only bubble: the bare span', () => {
    const row = rowsOf(buildGroupEraPage().doc)[3]!;
    expect(row.text).toBe('😀👍');
    expect(row.textElements[0]?.localName).toBe('span');
  });

  it('hover-bar labels never reach the text, in every placement', () => {
    for (const hoverOn of ['svg', 'div', 'text', 'all'] as const) {
      const rows = rowsOf(buildGroupEraPage({ hoverOn }).doc);
      expect(rows[5]!.text, hoverOn).toBe('hover target');
      expect(rows[6]!.text, hoverOn).toBe('own hover target');
      expect(rows[5]!.row.textContent + (rows[5]!.row.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '')).toMatch(/bob/);
    }
  });

  it('hover-label signal names the sender when the caller names itself and the counterpart', () => {
    const rows = rowsOf(buildGroupEraPage({ hoverOn: 'text' }).doc, { selfUsername: 'alice', counterparts: ['bob'] });
    expect(rows[6]).toMatchObject({ direction: 'outgoing', sender: 'alice' });
    expect(rows[5]).toMatchObject({ direction: 'incoming', sender: 'bob' });
    // Own rows without a hover bar: outgoing, and the sender is the caller.
    expect(rows[2]).toMatchObject({ direction: 'outgoing', sender: 'alice' });
  });

  it('direction survives removing every inline justify-content (avatar rows only) and turns unknown otherwise', () => {
    const page = buildGroupEraPage();
    for (const el of Array.from(page.doc.querySelectorAll('[style*="justify-content"]'))) el.removeAttribute('style');
    const rows = rowsOf(page.doc);
    expect(rows.map((r) => r.direction)).toEqual(['incoming', 'unknown', 'unknown', 'unknown', 'incoming', 'incoming', 'unknown', 'unknown']);
  });

  it('contradicting signals give unknown', () => {
    const page = buildGroupEraPage();
    const first = listMessageRows(page.list)[0]!;
    first.querySelector('[style*="justify-content"]')!.setAttribute('style', 'display:flex;justify-content:flex-end');
    const row = rowsOf(page.doc)[0]!;
    expect(row).toMatchObject({ direction: 'unknown', directionVia: 'conflict' });
  });

  it('re-acquires a replaced scroller and re-created rows (no cached nodes)', () => {
    const page = buildGroupEraPage();
    const view = findThreadView(page.doc, probe);
    if (!view.ok) throw new Error('no thread');
    const scroller = findScroller(view.view.list, probe)!;
    const fresh = scroller.cloneNode(true) as Element;
    scroller.replaceWith(fresh);
    expect(findScroller(view.view.list, probe)).toBe(fresh);
    expectRows(page.doc, expectedRows(DEFAULT_MESSAGES));
    expect(rowsOf(page.doc)[0]!.row.isConnected).toBe(true);
  });
});
