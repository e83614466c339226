// @vitest-environment happy-dom
/** Dialogs over the composer and send-failure notices (instagram-dm-dom.md §4.6, §5, §10.12). */
import { describe, expect, it } from 'vitest';
import { findDialogsOverComposer, findSendFailureSignals } from '../../../src/instagram/dom/overlays';
import { layoutFreeProbe, type DomProbe, type Rect } from '../../../src/instagram/dom/probe';
import { builder } from './build/dom';
import { probe } from './build/expect-thread';
import { buildGroupEraPage } from './build/group-era';
import { en, es, ru } from './build/strings';

function dialog(doc: Document, title: string, attrs: Record<string, string> = {}): HTMLElement {
  const h = builder(doc);
  const d = h('div', { role: 'dialog', tabindex: -1, ...attrs }, h('h2', { dir: 'auto' }, title), h('button', { type: 'button' }, 'OK'));
  doc.body.append(h('div', null, d));
  return d;
}

describe('findDialogsOverComposer', () => {
  it('a late "Turn on Notifications" modal blocks the composer', () => {
    const page = buildGroupEraPage();
    expect(findDialogsOverComposer(page.doc, page.textbox, probe)).toEqual([]);
    const d = dialog(page.doc, en.notificationsTitle, { 'aria-modal': 'true' });
    expect(findDialogsOverComposer(page.doc, page.textbox, probe)).toEqual([d]);
  });

  it('hidden dialogs and dialogs that contain the composer do not count', () => {
    const page = buildGroupEraPage();
    dialog(page.doc, 'gone', { style: 'display:none' });
    dialog(page.doc, 'gone too', { 'aria-hidden': 'true' });
    const popup = builder(page.doc)('div', { role: 'dialog' }, page.bar);
    page.doc.body.append(popup);
    expect(findDialogsOverComposer(page.doc, page.textbox, probe)).toEqual([]);
  });

  it('non-modal dialogs: excluded only when layout proves they do not overlap; unknown layout blocks', () => {
    const page = buildGroupEraPage();
    const d = dialog(page.doc, 'A menu');
    expect(findDialogsOverComposer(page.doc, page.textbox, probe)).toEqual([d]); // no layout: fail closed
    const rects = new Map<Element, Rect>([
      [page.textbox, { left: 300, top: 700, width: 400, height: 40 }],
      [d, { left: 0, top: 0, width: 200, height: 100 }],
    ]);
    const withLayout: Partial<DomProbe> = { isVisible: layoutFreeProbe.isVisible, rect: (el) => rects.get(el) };
    expect(findDialogsOverComposer(page.doc, page.textbox, withLayout)).toEqual([]);
    rects.set(d, { left: 350, top: 650, width: 200, height: 100 });
    expect(findDialogsOverComposer(page.doc, page.textbox, withLayout)).toEqual([d]);
    d.setAttribute('aria-modal', 'true');
    rects.set(d, { left: 0, top: 0, width: 10, height: 10 });
    expect(findDialogsOverComposer(page.doc, page.textbox, withLayout)).toEqual([d]);
  });
});

describe('findSendFailureSignals', () => {
  for (const s of [en, es, ru]) {
    it(`"${s.couldntSend}" dialog (${s.lang})`, () => {
      const page = buildGroupEraPage({ strings: s });
      const d = dialog(page.doc, s.couldntSend, { 'aria-modal': 'true' });
      expect(findSendFailureSignals(page.doc, probe)).toEqual([{ element: d, source: 'dialog', phrase: s.couldntSend.toLowerCase() }]);
    });
  }

  it('a harmless dialog and the new-message announcement are not failures', () => {
    const page = buildGroupEraPage();
    dialog(page.doc, en.notificationsTitle);
    page.doc.querySelector('[data-pagelet="IGDNewMessageAnnouncementForScreenReaders"]')!.textContent = 'New message from bob';
    expect(findSendFailureSignals(page.doc, probe)).toEqual([]);
  });

  it('alerts count with any text; live regions and dialogs need a known phrase', () => {
    const page = buildGroupEraPage();
    const h = builder(page.doc);
    const toast = h('div', { role: 'alert' }, 'Something went wrong');
    const live = h('div', { 'aria-live': 'assertive' }, 'Try again later.');
    const curly = dialog(page.doc, 'We restrict certain activity to protect our community. Couldn’t send');
    page.doc.body.append(toast, live, h('div', { role: 'alert' }, '   '), h('div', { role: 'alert', style: 'display:none' }, 'Action Blocked'));
    const signals = findSendFailureSignals(page.doc, probe);
    expect(signals).toEqual([
      { element: toast, source: 'alert', phrase: undefined },
      { element: curly, source: 'dialog', phrase: "couldn't send" },
      { element: live, source: 'live-region', phrase: 'try again later' },
    ]);
  });
});
