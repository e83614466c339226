/**
 * Small tree helpers shared by the DOM readers. Pure DOM traversal: no layout, no page globals
 * (`Node.DOCUMENT_POSITION_*` is spelled out so that no page-provided global is consulted).
 */

const DOCUMENT_POSITION_FOLLOWING = 4;
const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** `el` is an HTML element (has focus(), style, ...), checked without instanceof across realms. */
export function isHtmlElement(el: Element): el is HTMLElement {
  return el.namespaceURI === HTML_NS;
}

/** All elements under `root` matching `selector`, in document order; never throws. */
export function queryAll(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

/** `el` matches `selector`; false on an engine that rejects the selector. */
export function matches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/**
 * The nearest ancestor-or-self of `el` matching `selector`, strictly below `stop` (so `stop` and
 * everything above it are ignored). Undefined when none.
 */
export function closestBelow(el: Element, stop: Element, selector: string): Element | undefined {
  for (let cur: Element | null = el; cur && cur !== stop; cur = cur.parentElement) {
    if (matches(cur, selector)) return cur;
  }
  return undefined;
}

/** `a` comes before `b` in document order (and does not contain it). */
export function precedes(a: Node, b: Node): boolean {
  if (a === b || a.contains(b)) return false;
  return (a.compareDocumentPosition(b) & DOCUMENT_POSITION_FOLLOWING) !== 0;
}

/** Drops every element that has an ancestor in the same list (keeps the outermost ones). */
export function outermost(els: readonly Element[]): Element[] {
  return els.filter((el) => !els.some((other) => other !== el && other.contains(el)));
}

/** Drops every element that contains another element of the list (keeps the innermost ones). */
export function innermost(els: readonly Element[]): Element[] {
  return els.filter((el) => !els.some((other) => other !== el && el.contains(other)));
}

/** The deepest element containing all of `els`; undefined for an empty list or disjoint trees. */
export function commonAncestor(els: readonly Element[]): Element | undefined {
  const first = els[0];
  if (!first) return undefined;
  for (let cur: Element | null = first; cur; cur = cur.parentElement) {
    if (els.every((el) => cur!.contains(el))) return cur;
  }
  return undefined;
}

/** Whitespace-collapsed, trimmed text; '' for null. */
export function squish(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Label normal form for comparisons with word lists: NFKC, straight apostrophes, lower case. */
export function normalizeLabel(text: string | null | undefined): string {
  return squish(text).normalize('NFKC').replace(/[\u2018\u2019\u02bc]/g, "'").toLowerCase();
}
