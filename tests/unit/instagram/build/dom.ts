/**
 * Test helpers for the Instagram DOM fixtures: parse an HTML fixture into its own Document
 * (DOMParser, never innerHTML), build elements, randomise class names, type a draft.
 * Runs under happy-dom (the test files declare the environment).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export type Attrs = Record<string, string | number | boolean | null | undefined>;
export type Child = Node | string | null | undefined | false;

export function parseHtml(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

export function loadFixture(name: string): Document {
  // node:url, not the global URL: under happy-dom the global is the DOM's own implementation.
  const here = dirname(fileURLToPath(import.meta.url));
  return parseHtml(readFileSync(join(here, '..', 'fixtures', name), 'utf8'));
}

/** An empty page to build into. */
export function blankDocument(attrs: Attrs = {}): Document {
  const doc = parseHtml('<!doctype html><html><head><meta charset="utf-8"><title>Instagram • Messages</title></head><body></body></html>');
  setAttrs(doc.documentElement, attrs);
  return doc;
}

function setAttrs(el: Element, attrs: Attrs | null): void {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

/** Element builder bound to a document. */
export function builder(doc: Document): (tag: string, attrs?: Attrs | null, ...children: Child[]) => HTMLElement {
  return (tag, attrs = null, ...children) => {
    const el = doc.createElement(tag);
    setAttrs(el, attrs);
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      el.append(typeof c === 'string' ? doc.createTextNode(c) : c);
    }
    return el;
  };
}

/** An Instagram-style icon: `svg[aria-label][role=img]` with a `<title>`. */
export function svgIcon(doc: Document, label: string | null): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(ns, 'svg') as SVGSVGElement;
  svg.setAttribute('role', 'img');
  svg.setAttribute('viewBox', '0 0 24 24');
  if (label) {
    svg.setAttribute('aria-label', label);
    const title = doc.createElementNS(ns, 'title');
    title.textContent = label;
    svg.append(title);
  }
  return svg;
}

/** A random atomic-looking class token (`x` + base36), different on every call. */
export function randomClass(): string {
  const bytes = new Uint8Array(5);
  crypto.getRandomValues(bytes);
  let n = 0;
  for (const b of bytes) n = n * 256 + b;
  return `x${n.toString(36)}`;
}

/** Replaces every element's class list with 1–4 random tokens (atomic CSS churn, §2, §10.6). */
export function randomizeClasses(doc: Document): void {
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    const count = 1 + (randomClass().charCodeAt(1) % 4);
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) tokens.push(randomClass());
    el.setAttribute('class', tokens.join(' '));
  }
}

/**
 * Types a draft the way Instagram renders it (§4.1, §9.3 item 1): the Lexical paragraph gets a
 * `span[data-lexical-text]`, and every button after the textbox in the bar is replaced by one
 * text "Send" button (a textarea gets its value and a `<button>`).
 */
export function typeDraft(bar: Element, textbox: Element, text: string, sendLabel: string): HTMLElement {
  const doc = bar.ownerDocument;
  const h = builder(doc);
  if (textbox.localName === 'textarea') {
    (textbox as HTMLTextAreaElement).value = text;
  } else {
    textbox.replaceChildren(h('p', { dir: 'ltr' }, h('span', { 'data-lexical-text': 'true' }, text)));
  }
  const after = Array.from(bar.querySelectorAll('[role="button"], button')).filter(
    (b) => (textbox.compareDocumentPosition(b) & 4) !== 0 && !b.contains(textbox),
  );
  for (const b of after) b.remove();
  const send =
    textbox.localName === 'textarea'
      ? h('button', { type: 'button' }, sendLabel)
      : h('div', { role: 'button', tabindex: 0 }, sendLabel);
  bar.append(send);
  return send;
}
