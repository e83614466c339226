/**
 * Layout and style questions the DOM readers ask, behind one injectable interface, so that the
 * same code runs in a browser (real layout) and in happy-dom unit tests (no layout).
 * Reference: instagram-dm-dom.md §2 (hidden duplicate composers, hit-testing), §6.4 item 2
 * (justify-content), §6.6 (scroller detection by overflow).
 */
import { SELECTORS } from './selectors';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface DomProbe {
  /** Could a user see `el` now? */
  isVisible(el: Element): boolean;
  /** A computed CSS property value, lower-case; '' when unknown. */
  css(el: Element, property: string): string;
  /** The layout box of `el`, or undefined when there is no layout to ask (zero-size box included). */
  rect(el: Element): Rect | undefined;
}

function computed(el: Element): CSSStyleDeclaration | undefined {
  try {
    const view = el.ownerDocument.defaultView;
    return view ? view.getComputedStyle(el) : undefined;
  } catch {
    return undefined;
  }
}

function cssValue(el: Element, property: string): string {
  const style = computed(el);
  let value: string;
  try {
    value = style ? style.getPropertyValue(property) : '';
    // A document without a view (DOMParser in some engines): fall back to the inline style.
    if (!value && 'style' in el) value = (el as HTMLElement).style.getPropertyValue(property);
  } catch {
    return '';
  }
  return value.trim().toLowerCase();
}

/**
 * Visible as far as markup and CSS can tell, without layout: connected; no ancestor-or-self is
 * `aria-hidden=true`, `hidden` or `inert` (React keeps hidden panes mounted that way, §2);
 * no ancestor-or-self has `display: none`; the element's own computed visibility (inherited) is
 * not hidden/collapse (the mobile duplicate composer, §2).
 */
export function isRendered(el: Element): boolean {
  try {
    if (!el.isConnected) return false;
    if (el.closest(SELECTORS.hidden)) return false;
    const vis = cssValue(el, 'visibility');
    if (vis === 'hidden' || vis === 'collapse') return false;
    for (let cur: Element | null = el; cur; cur = cur.parentElement) {
      if (cssValue(cur, 'display') === 'none') return false;
    }
    return true;
  } catch {
    return false;
  }
}

function layoutRect(el: Element): Rect | undefined {
  try {
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) return undefined;
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  } catch {
    return undefined;
  }
}

/** The browser probe: rendered and with a non-empty layout box. */
export const browserProbe: DomProbe = {
  isVisible: (el) => isRendered(el) && layoutRect(el) !== undefined,
  css: cssValue,
  rect: layoutRect,
};

/**
 * A probe for documents without layout (happy-dom, jsdom): visibility from markup and CSS only,
 * and no rectangles (callers then treat geometry as unknown and fail closed).
 */
export const layoutFreeProbe: DomProbe = {
  isVisible: isRendered,
  css: cssValue,
  rect: () => undefined,
};

/**
 * Hit-testing (§2: "Use hit-testing with elementFromPoint to choose the visible composer"): the
 * topmost element at the centre of `el`'s box is `el`, inside it, or inside its parent (a placeholder overlaid on an empty editor). Not part of `browserProbe` because any
 * overlay (a tooltip, a dialog) makes it false; compose it in when a caller wants it:
 * `probeWith({ isVisible: (el) => browserProbe.isVisible(el) && isHitTestable(el) })`.
 */
export function isHitTestable(el: Element): boolean {
  const r = layoutRect(el);
  if (!r) return false;
  try {
    const hit = el.ownerDocument.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit) return false;
    return el.contains(hit) || (el.parentElement?.contains(hit) ?? false);
  } catch {
    return false;
  }
}

/** `browserProbe` with any member replaced by the caller's. */
export function probeWith(overrides?: Partial<DomProbe>): DomProbe {
  if (!overrides) return browserProbe;
  return {
    isVisible: overrides.isVisible ?? browserProbe.isVisible,
    css: overrides.css ?? browserProbe.css,
    rect: overrides.rect ?? browserProbe.rect,
  };
}

/** Two rectangles share some area. */
export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}
