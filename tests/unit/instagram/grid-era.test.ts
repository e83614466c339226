// @vitest-environment happy-dom
/**
 * Grid era (2023 – about Aug 2025): the thread column of the anonymised real dump
 * (shared/reference/instagram-thread-2025-08.structure.html, instagram-dm-dom.md §6.2), with
 * localized labels, RTL, dark mode, random class names, and with the pagelet or grid removed.
 */
import { describe, expect, it } from 'vitest';
import { findComposer, findSendButton } from '../../../src/instagram/dom/composer';
import { readCounterpart } from '../../../src/instagram/dom/header';
import { listMessageRows } from '../../../src/instagram/dom/messages';
import { findScroller, findThreadView } from '../../../src/instagram/dom/thread';
import { loadFixture, randomizeClasses, typeDraft } from './build/dom';
import { expectRows, probe, rowsOf, type ExpectedRow } from './build/expect-thread';
import { GRID_LABELS, localize } from './build/localize';

const key = (n: number): string => `mid.$cAAAgrid000${n}`;
const EXPECTED: ExpectedRow[] = [
  { key: key(1), text: 'grid text 1', direction: 'outgoing' }, // "You sent", story reply label ignored
  { key: key(2), text: 'grid text 2', direction: 'incoming' },
  { key: key(3), text: 'grid text 3', direction: 'incoming' },
  { key: key(4), text: 'grid text 5', direction: 'incoming' }, // quote "grid text 4" ignored
  { key: key(5), text: undefined, direction: 'incoming' }, // "Mentioned you in their story": no message text
  { key: key(6), text: 'grid text 6', direction: 'outgoing' }, // "Edited" ignored
  { key: key(7), text: 'grid text 8', direction: 'incoming' }, // quote "grid text 7" ignored
  { key: key(8), text: '😬', direction: 'incoming' }, // emoji-only: bare span
  { key: key(9), text: 'grid text 9', direction: 'incoming' },
];

type Variant = [string, (doc: Document) => void];
const VARIANTS: Variant[] = [
  ['as dumped (English)', () => undefined],
  ['Spanish labels', (doc) => void localize(doc, GRID_LABELS.es)],
  ['Russian labels', (doc) => void localize(doc, GRID_LABELS.ru)],
  ['RTL', (doc) => doc.documentElement.setAttribute('dir', 'rtl')],
  ['dark mode', (doc) => doc.documentElement.setAttribute('class', '__fb-dark-mode')],
  ['random class names', randomizeClasses],
  ['Russian + RTL + dark + random classes', (doc) => {
    localize(doc, GRID_LABELS.ru);
    doc.documentElement.setAttribute('dir', 'rtl');
    randomizeClasses(doc);
    doc.documentElement.setAttribute('class', '__fb-dark-mode');
  }],
];

function page(variant: (doc: Document) => void): Document {
  const doc = loadFixture('grid-era-2025-08.html');
  variant(doc);
  return doc;
}

describe('grid era (Aug 2025 dump)', () => {
  for (const [name, variant] of VARIANTS) {
    describe(name, () => {
      it('thread view, counterpart from the header link (not the rail, not the inbox)', () => {
        const doc = page(variant);
        expect(findThreadView(doc, probe)).toMatchObject({ ok: true, view: { list: { era: 'grid', via: 'pagelet' }, inMain: true } });
        expect(readCounterpart(doc, probe)).toEqual({ kind: 'user', username: 'bob' });
      });

      it('composer (no pagelet in this era), Send only with a draft', () => {
        const doc = page(variant);
        const c = findComposer(doc, probe);
        expect(c).toMatchObject({ ok: true, composer: { kind: 'lexical', via: 'only-visible' } });
        if (!c.ok) return;
        expect(c.composer.element.getAttribute('role')).toBe('textbox');
        expect(findSendButton(c.composer, probe)).toEqual({ ok: false, reason: 'absent' });
        const label = name.startsWith('Spanish') ? 'Enviar' : name.startsWith('Russian') ? 'Отправить' : 'Send';
        const send = typeDraft(c.composer.bar, c.composer.element, 'x', label);
        expect(findSendButton(c.composer, probe)).toMatchObject({ ok: true, button: { element: send, via: 'text-button', labelKnown: true } });
        expect(findSendButton(c.composer.element, probe)).toMatchObject({ ok: true, button: { element: send } });
      });

      it('rows: loader skipped, keys, message text only, directions', () => {
        expectRows(page(variant), EXPECTED);
      });
    });
  }

  it('direction signals: avatar link for every received row, slot order for sent rows', () => {
    const rows = rowsOf(loadFixture('grid-era-2025-08.html'));
    expect(rows.map((r) => r.directionVia)).toEqual([
      'slot-order', 'avatar-link', 'avatar-link', 'avatar-link', 'avatar-link', 'slot-order', 'avatar-link', 'avatar-link', 'avatar-link',
    ]);
    expect(rows.filter((r) => r.direction === 'incoming').every((r) => r.sender === 'bob')).toBe(true);
    expect(rows.map((r) => r.textVia)).toEqual([
      'text-leaf', 'text-leaf', 'text-leaf', 'text-leaf', 'none', 'text-leaf', 'text-leaf', 'plain', 'text-leaf',
    ]);
  });

  it('bubble is the mid. element (inside "Double tap to like")', () => {
    const rows = rowsOf(loadFixture('grid-era-2025-08.html'));
    expect(rows.every((r) => r.bubble?.id === r.key)).toBe(true);
    expect(rows[0]!.bubble?.parentElement?.getAttribute('aria-label')).toBe('Double tap to like');
  });

  it('the loader row is not a message; nine rows remain', () => {
    const doc = loadFixture('grid-era-2025-08.html');
    const view = findThreadView(doc, probe);
    if (!view.ok) throw new Error('no thread');
    expect(view.view.list.root.querySelectorAll('[role="row"]')).toHaveLength(10);
    expect(listMessageRows(view.view.list)).toHaveLength(9);
  });

  it('without the pagelet: found by role=grid; without both: by the English aria-label', () => {
    const doc = loadFixture('grid-era-2025-08.html');
    doc.querySelector('[data-pagelet="IGDOpenMessageList"]')!.removeAttribute('data-pagelet');
    expect(findThreadView(doc, probe)).toMatchObject({ ok: true, view: { list: { era: 'grid', via: 'grid-role' } } });
    expectRows(doc, EXPECTED);
    doc.querySelector('[role="grid"]')!.removeAttribute('role');
    expect(findThreadView(doc, probe)).toMatchObject({ ok: true, view: { list: { era: 'grid', via: 'aria-label' } } });
    expectRows(doc, EXPECTED);
    expect(readCounterpart(doc, probe)).toEqual({ kind: 'user', username: 'bob' });
  });

  it('no scroller in the dump (styles stripped): undefined, not a guess', () => {
    const doc = loadFixture('grid-era-2025-08.html');
    const view = findThreadView(doc, probe);
    if (!view.ok) throw new Error('no thread');
    expect(findScroller(view.view.list, probe)).toBeUndefined();
    const wrapper = view.view.list.root.querySelector('[role="grid"] > div > div')!;
    wrapper.setAttribute('style', 'overflow-y: scroll');
    expect(findScroller(view.view.list, probe)).toBe(wrapper);
  });
});
