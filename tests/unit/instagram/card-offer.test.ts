// @vitest-environment happy-dom
/**
 * Card offers on a group-era page (src/instagram/card-offer.ts): one card-offer frame after each
 * acknowledged incoming bubble holding an invite code, with the code and the chat's username in
 * its fragment; nothing for outgoing or optimistic bubbles; idempotent across re-scans and
 * re-created rows; re-mounted when a bubble is edited; everything undone by clear(). The code's
 * text stays visible.
 */
import { describe, expect, it } from 'vitest';
import { CardOffers, cardOfferHash } from '../../../src/instagram/card-offer';
import { findThreadView } from '../../../src/instagram/dom/thread';
import { FrameHost, type OwnFrame } from '../../../src/instagram/frame-host';
import { parseCardOfferHash } from '../../../src/ui/card-offer/card-offer-hash';
import { probe } from './build/expect-thread';
import { buildGroupEraPage, type FixtureMessage } from './build/group-era';

const CODE_IN = `SDMKEY1${'A'.repeat(340)}`;
const CODE_OUT = `SDMKEY1${'B'.repeat(340)}`;
const CODE_PENDING = `SDMKEY1${'C'.repeat(340)}`;

const MESSAGES: FixtureMessage[] = [
  { id: 'mid.$cAAA0001', from: 'bob', text: 'plain hello', avatar: true },
  { id: 'mid.$cAAA0002', from: 'bob', text: `my code: ${CODE_IN}`, avatar: true },
  { id: 'mid.$cAAA0003', from: 'self', text: CODE_OUT },
  { from: 'bob', text: CODE_PENDING, avatar: true },
];

function setup(messages = MESSAGES) {
  const { doc } = buildGroupEraPage({ messages });
  // happy-dom refuses to load iframes; a stand-in element keeps the log clean (only attributes and placement matter).
  const create = doc.createElement.bind(doc);
  doc.createElement = ((tag: string) => create(tag === 'iframe' ? 'sdm-test-frame' : tag)) as Document['createElement'];
  const frames = new FrameHost(doc, (page) => `chrome-extension://abc${page}`);
  const created: OwnFrame[] = [];
  const createFrame = frames.create.bind(frames);
  frames.create = (...args) => {
    const frame = createFrame(...args);
    created.push(frame);
    return frame;
  };
  const offers = new CardOffers(frames, probe);
  const scan = (username: string | null = 'bob'): void => {
    const view = findThreadView(doc, probe);
    if (!view.ok) throw new Error('no thread');
    offers.scan(view.view.list, username);
  };
  const iframes = (): HTMLElement[] => Array.from(doc.querySelectorAll<HTMLElement>('sdm-test-frame'));
  return { doc, offers, frames, scan, iframes, created };
}

describe('cardOfferHash', () => {
  it('carries the code and the username, and the frame reads them back', () => {
    expect(cardOfferHash(CODE_IN, 'bob')).toBe(`#c=${CODE_IN}&u=bob`);
    expect(parseCardOfferHash(cardOfferHash(CODE_IN, 'bob'))).toEqual({ code: CODE_IN, chat: 'bob' });
    expect(parseCardOfferHash(cardOfferHash(CODE_IN, null))).toEqual({ code: CODE_IN, chat: null });
  });
});

describe('CardOffers', () => {
  it('mounts one frame after the code of an acknowledged incoming bubble only, leaving the text visible', () => {
    const t = setup();
    t.scan();
    const frames = t.iframes();
    expect(frames.map((f) => f.getAttribute('src'))).toEqual([`chrome-extension://abc/card-offer-frame.html#c=${CODE_IN}&u=bob`]);
    const frame = frames[0]!;
    expect(frame.getAttribute('loading')).toBe('lazy');
    expect(frame.closest('[id="mid.$cAAA0002"]')).not.toBeNull();
    const text = frame.previousElementSibling as HTMLElement;
    expect(text.textContent).toBe(`my code: ${CODE_IN}`);
    expect(text.style.getPropertyValue('display')).toBe('');
    expect(t.doc.body.textContent).toContain(CODE_OUT);
    expect(t.doc.body.textContent).toContain(CODE_PENDING);
  });

  it('a group chat (no single counterpart) passes no username', () => {
    const t = setup();
    t.scan(null);
    expect(t.iframes().map((f) => f.getAttribute('src'))).toEqual([`chrome-extension://abc/card-offer-frame.html#c=${CODE_IN}`]);
  });

  it('is idempotent: re-scans mount nothing twice', () => {
    const t = setup();
    t.scan();
    const first = t.iframes()[0];
    t.scan();
    t.scan();
    expect(t.iframes()).toEqual([first]);
    expect(t.frames.size).toBe(1);
  });

  it('rows re-created by the virtualized list get a new frame; the old one is dropped', () => {
    const t = setup();
    t.scan();
    const before = t.iframes();
    for (const group of Array.from(t.doc.querySelectorAll('[role="group"]'))) {
      for (const f of Array.from(group.querySelectorAll('sdm-test-frame'))) f.remove();
      group.replaceWith(group.cloneNode(true));
    }
    t.scan();
    const after = t.iframes();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    expect(t.frames.size).toBe(1);
  });

  it('an edited bubble is re-mounted with its new code, or loses its frame; a new username re-mounts', () => {
    const t = setup();
    t.scan();
    const leaf = Array.from(t.doc.querySelectorAll('div[dir="auto"]')).find((el) => el.textContent?.includes(CODE_IN))!;
    const other = `SDMKEY1${'D'.repeat(340)}`;
    leaf.textContent = other;
    t.scan();
    expect(t.iframes().map((f) => f.getAttribute('src'))).toEqual([`chrome-extension://abc/card-offer-frame.html#c=${other}&u=bob`]);
    t.scan('carol');
    expect(t.iframes().map((f) => f.getAttribute('src'))).toEqual([`chrome-extension://abc/card-offer-frame.html#c=${other}&u=carol`]);
    leaf.textContent = 'never mind';
    t.scan();
    expect(t.iframes()).toHaveLength(0);
    expect(t.frames.size).toBe(0);
  });

  it('a frame the page removed or navigated elsewhere is replaced', () => {
    const t = setup();
    t.scan();
    t.iframes()[0]!.setAttribute('src', 'https://evil.example/');
    t.scan();
    expect(t.iframes().map((f) => f.getAttribute('src'))).toEqual([`chrome-extension://abc/card-offer-frame.html#c=${CODE_IN}&u=bob`]);
  });

  it('resizes only its own frames, within bounds; clear() removes every frame', () => {
    const t = setup();
    t.scan();
    const own = t.created[0]!;
    expect(t.offers.resize(own, 50)).toBe(true);
    expect(own.iframe.style.getPropertyValue('height')).toBe('50px');
    expect(t.offers.resize(own, 99_999)).toBe(true);
    expect(own.iframe.style.getPropertyValue('height')).toBe('600px');
    const stranger = t.frames.create('/reader-frame.html', '', 'x', '');
    expect(t.offers.resize(stranger, 50)).toBe(false);
    t.offers.clear();
    expect(t.iframes()).toHaveLength(0);
    expect(t.frames.size).toBe(1); // the stranger's, never placed
    expect(t.offers.resize(own, 50)).toBe(false);
  });

  it('a list without any code does no work and keeps no frame', () => {
    const t = setup([{ id: 'mid.$cAAA0001', from: 'bob', text: 'plain hello', avatar: true }]);
    t.scan();
    expect(t.iframes()).toHaveLength(0);
  });
});
