// @vitest-environment happy-dom
/** Textarea era (2020–22, instagram-dm-dom.md §4.1, §4.2, §6.1, §10.1). */
import { describe, expect, it } from 'vitest';
import { findComposer, findSendButton } from '../../../src/instagram/dom/composer';
import { readCounterpart } from '../../../src/instagram/dom/header';
import { findScroller, findThreadView } from '../../../src/instagram/dom/thread';
import { loadFixture, randomizeClasses } from './build/dom';
import { expectRows, probe, rowsOf, type ExpectedRow } from './build/expect-thread';
import { localize } from './build/localize';

const EXPECTED: ExpectedRow[] = [
  { key: undefined, text: 'hey alice', direction: 'incoming' },
  { key: undefined, text: 'still there?', direction: 'incoming' },
  { key: undefined, text: '-----IGE2E1-----TxT_aReA-----END-----', direction: 'outgoing' },
  { key: undefined, text: '🎉🎉', direction: 'outgoing' },
];

const VARIANTS: Array<[string, (doc: Document) => void]> = [
  ['English', () => undefined],
  ['Russian', (doc) => void localize(doc, { Message: 'Сообщение', 'Message...': 'Сообщение...', Send: 'Отправить' })],
  ['Spanish + RTL + random classes', (doc) => {
    localize(doc, { Message: 'Mensaje', 'Message...': 'Mensaje...', Send: 'Enviar' });
    doc.documentElement.setAttribute('dir', 'rtl');
    randomizeClasses(doc);
  }],
];

describe('textarea era', () => {
  for (const [name, variant] of VARIANTS) {
    it(`${name}: list, counterpart, textarea composer, <button> Send, rows`, () => {
      const doc = loadFixture('textarea-era.html');
      variant(doc);
      expect(findThreadView(doc, probe)).toMatchObject({ ok: true, view: { list: { era: 'listbox', via: 'listbox' }, inMain: true } });
      expect(readCounterpart(doc, probe)).toEqual({ kind: 'user', username: 'bob' });
      const c = findComposer(doc, probe);
      expect(c).toMatchObject({ ok: true, composer: { kind: 'textarea', via: 'only-visible' } });
      if (!c.ok) return;
      expect(c.composer.element.localName).toBe('textarea');
      const send = findSendButton(c.composer, probe);
      expect(send).toMatchObject({ ok: true, button: { via: 'text-button', labelKnown: true } });
      if (send.ok) expect(send.button.element.localName).toBe('button');
      expectRows(doc, EXPECTED);
    });
  }

  it('no draft: the Send button is absent', () => {
    const doc = loadFixture('textarea-era.html');
    const c = findComposer(doc, probe);
    if (!c.ok) throw new Error('no composer');
    for (const b of Array.from(c.composer.bar.querySelectorAll('button'))) if (b.textContent === 'Send') b.remove();
    expect(findSendButton(c.composer, probe)).toEqual({ ok: false, reason: 'absent' });
  });

  it('text is read from plain spans; direction from the avatar link, then the lane', () => {
    const rows = rowsOf(loadFixture('textarea-era.html'));
    expect(rows.map((r) => r.textVia)).toEqual(['plain', 'plain', 'plain', 'plain']);
    expect(rows.map((r) => r.directionVia)).toEqual(['avatar-link', 'lane-justify', 'lane-justify', 'lane-justify']);
  });

  it('the scroller is found above the list root', () => {
    const doc = loadFixture('textarea-era.html');
    const view = findThreadView(doc, probe);
    if (!view.ok) throw new Error('no thread');
    expect(findScroller(view.view.list, probe)?.getAttribute('style')).toContain('overflow-y: auto');
  });
});
