/**
 * Tiny element builders for the mock page. Nodes are built with createElement and text nodes only,
 * never HTML strings, so the page keeps working under its own Trusted Types CSP variant
 * (instagram-dm-dom.md §2).
 */

export type Child = Node | string | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;

function setAttrs(el: Element, attrs: Attrs | null): void {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function h(tag: string, attrs: Attrs | null = null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An Instagram-style icon: `svg[aria-label][role=img]` with a `<title>` and a placeholder shape. */
export function icon(label: string | null, size = 24): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  setAttrs(svg, { 'aria-label': label, role: 'img', viewBox: '0 0 24 24', width: size, height: size, fill: 'currentColor' });
  if (label) {
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = label;
    svg.append(title);
  }
  const circle = document.createElementNS(SVG_NS, 'circle');
  setAttrs(circle, { cx: 12, cy: 12, r: 9, fill: 'none', stroke: 'currentColor', 'stroke-width': 2 });
  svg.append(circle);
  return svg;
}

/** A 1×1 transparent avatar image (no network). */
export function avatar(alt: string, size: number, cls: string): HTMLElement {
  return h('img', { alt, width: size, height: size, class: cls, src: 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', draggable: 'false' });
}
