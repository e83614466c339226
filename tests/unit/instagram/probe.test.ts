// @vitest-environment happy-dom
/** Visibility, style and geometry probes (src/instagram/dom/probe.ts). */
import { describe, expect, it } from 'vitest';
import { browserProbe, isHitTestable, isRendered, probeWith, rectsOverlap } from '../../../src/instagram/dom/probe';
import { parseHtml } from './build/dom';

const PAGE = `<!doctype html><html><body>
  <div id="shown"><span id="leaf">x</span></div>
  <div style="visibility:hidden"><div><span id="inherited">x</span></div><span id="override" style="visibility:visible">x</span></div>
  <div style="display:none"><p id="undisplayed">x</p></div>
  <div aria-hidden="true"><p id="aria">x</p></div>
  <div hidden><p id="hiddenattr">x</p></div>
  <div inert><p id="inert">x</p></div>
  <div aria-hidden="false"><p id="ariafalse">x</p></div>
</body></html>`;

function boxed(el: Element, r: { left: number; top: number; width: number; height: number }): void {
  Object.defineProperty(el, 'getBoundingClientRect', { value: () => ({ ...r, x: r.left, y: r.top, right: r.left + r.width, bottom: r.top + r.height }) });
}

describe('isRendered', () => {
  it('follows markup and CSS hiding, including inherited visibility', () => {
    const doc = parseHtml(PAGE);
    const id = (x: string): Element => doc.getElementById(x)!;
    expect(isRendered(id('leaf'))).toBe(true);
    expect(isRendered(id('ariafalse'))).toBe(true);
    expect(isRendered(id('override'))).toBe(true); // visibility:visible under a hidden parent is visible
    for (const x of ['inherited', 'undisplayed', 'aria', 'hiddenattr', 'inert']) expect(isRendered(id(x)), x).toBe(false);
    const detached = doc.createElement('div');
    expect(isRendered(detached)).toBe(false);
  });
});

describe('browserProbe', () => {
  it('needs a non-empty box', () => {
    const doc = parseHtml(PAGE);
    const leaf = doc.getElementById('leaf')!;
    expect(browserProbe.isVisible(leaf)).toBe(false); // happy-dom: no layout
    boxed(leaf, { left: 0, top: 0, width: 10, height: 10 });
    expect(browserProbe.isVisible(leaf)).toBe(true);
    expect(browserProbe.rect(leaf)).toEqual({ left: 0, top: 0, width: 10, height: 10 });
  });

  it('probeWith replaces only what is given', () => {
    const p = probeWith({ isVisible: () => true });
    expect(p.isVisible(parseHtml(PAGE).getElementById('aria')!)).toBe(true);
    expect(p.css).toBe(browserProbe.css);
    expect(probeWith()).toBe(browserProbe);
  });
});

describe('isHitTestable', () => {
  it('true when the centre hits the element, its content or its parent (overlaid placeholder); false when covered', () => {
    const doc = parseHtml('<!doctype html><html><body><div id="wrap"><div id="box"><p id="in">x</p></div><div id="ph">placeholder</div></div><div id="cover"></div></body></html>');
    const box = doc.getElementById('box')!;
    boxed(box, { left: 10, top: 10, width: 100, height: 20 });
    let hit: Element | null = doc.getElementById('in');
    const calls: Array<[number, number]> = [];
    Object.defineProperty(doc, 'elementFromPoint', { value: (x: number, y: number) => (calls.push([x, y]), hit) });
    expect(isHitTestable(box)).toBe(true);
    expect(calls[0]).toEqual([60, 20]);
    hit = doc.getElementById('ph');
    expect(isHitTestable(box)).toBe(true);
    hit = doc.getElementById('cover');
    expect(isHitTestable(box)).toBe(false);
    hit = doc.body;
    expect(isHitTestable(box)).toBe(false);
    hit = null;
    expect(isHitTestable(box)).toBe(false);
  });
});

describe('rectsOverlap', () => {
  it('shares area or not', () => {
    const a = { left: 0, top: 0, width: 10, height: 10 };
    expect(rectsOverlap(a, { left: 5, top: 5, width: 10, height: 10 })).toBe(true);
    expect(rectsOverlap(a, { left: 10, top: 0, width: 10, height: 10 })).toBe(false); // touching edges
    expect(rectsOverlap(a, { left: 0, top: 20, width: 10, height: 10 })).toBe(false);
  });
});
