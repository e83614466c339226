// @vitest-environment happy-dom
/**
 * The page is hostile input (DEVELOPERS.md threat model): every reader must return, never throw,
 * on any DOM, and what it returns must keep its invariants. Random trees are built from the
 * vocabulary the readers look for. Runs: INSTAGRAM_DOM_FUZZ_RUNS (default 40).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findComposer, findComposerIn, findSendButton } from '../../../src/instagram/dom/composer';
import { composerKind } from '../../../src/instagram/dom/editable';
import { counterpartOf, readCounterpart } from '../../../src/instagram/dom/header';
import { readMessages } from '../../../src/instagram/dom/messages';
import { findDialogsOverComposer, findSendFailureSignals } from '../../../src/instagram/dom/overlays';
import { layoutFreeProbe } from '../../../src/instagram/dom/probe';
import { findMessageLists, findScroller, findThreadView, threadViewOf } from '../../../src/instagram/dom/thread';
import { normalizeUsername } from '../../../src/instagram/dom/username';
import { blankDocument } from './build/dom';

const RUNS = Number(process.env.INSTAGRAM_DOM_FUZZ_RUNS ?? 40);
const probe = layoutFreeProbe;

const ATTRS: Array<[string, string[]]> = [
  ['role', ['group', 'row', 'gridcell', 'cell', 'grid', 'listbox', 'textbox', 'button', 'presentation', 'dialog', 'alert', 'navigation', 'main', 'progressbar', 'none', 'link', 'img']],
  ['tabindex', ['-1', '0', 'x']],
  ['data-pagelet', ['IGDMessagesList', 'IGDOpenMessageList', 'IGDComposerForCannes', 'IGDComposerX']],
  ['dir', ['auto', 'rtl']],
  ['contenteditable', ['true', '', 'false', 'plaintext-only', 'TRUE', 'weird']],
  ['data-lexical-editor', ['true']],
  ['id', ['mid.$cAAA1', 'mid.$cAAA2', 'mid.', `mid.${'z'.repeat(300)}`, 'mid.\u0000x', 'mid.$ with space', 'double_tappable_id.mid.$cAAA1']],
  ['href', ['/bob/', '/carol', '/direct/t/17842055330127433/', '/../', 'javascript:x', `/${'a'.repeat(40)}/`, '/Alice/', 'https://www.instagram.com/dave/', '']],
  ['aria-hidden', ['true', 'false']],
  ['hidden', ['']],
  ['style', ['visibility:hidden', 'display:none', 'display:flex;justify-content:flex-end', 'display:flex;justify-content:flex-start', 'display:flex;flex-direction:row-reverse;justify-content:flex-end', '--paddingInlineStart: 0px', '--paddingInlineEnd: 0px', '--x-width: 96px', 'overflow-y:auto', 'flex-direction:column-reverse']],
  ['aria-label', ['Send', 'Message', 'See more options for message from bob', 'Open the profile page of bob', 'Messages in conversation with Bob']],
  ['aria-haspopup', ['menu']],
  ['aria-modal', ['true']],
  ['aria-live', ['polite', 'off']],
];
const TAGS = ['div', 'span', 'a', 'main', 'nav', 'h2', 'h6', 'svg', 'textarea', 'button', 'p', 'img', 'title'];
const TEXTS = ['', ' ', 'Send', 'Enviar', "Couldn't send", 'hello', '😬', '-----IGE2E1-----x-----END-----', 'x'.repeat(500), '\u202e\u0000'];

interface Spec {
  tag: string;
  attrs: Array<[string, string]>;
  text: string;
  children: Spec[];
}

const attrArb = fc.integer({ min: 0, max: ATTRS.length - 1 }).chain((i) => {
  const [name, values] = ATTRS[i]!;
  return fc.constantFrom(...values).map((v): [string, string] => [name, v]);
});

const leafArb: fc.Arbitrary<Spec> = fc.record({
  tag: fc.constantFrom(...TAGS),
  attrs: fc.array(attrArb, { maxLength: 3 }),
  text: fc.constantFrom(...TEXTS),
  children: fc.constant([]),
});

const specArb: fc.Arbitrary<Spec> = fc.letrec<{ node: Spec }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 6, depthIdentifier: 'tree' },
    leafArb,
    fc.record({
      tag: fc.constantFrom(...TAGS),
      attrs: fc.array(attrArb, { maxLength: 3 }),
      text: fc.constantFrom(...TEXTS),
      children: fc.array(tie('node'), { maxLength: 4, depthIdentifier: 'tree' }),
    }),
  ),
})).node;

function build(doc: Document, spec: Spec): Element {
  const el = spec.tag === 'svg' || spec.tag === 'title' ? doc.createElementNS('http://www.w3.org/2000/svg', spec.tag) : doc.createElement(spec.tag);
  for (const [name, value] of spec.attrs) el.setAttribute(name, value);
  if (spec.text) el.append(doc.createTextNode(spec.text));
  for (const c of spec.children) el.append(build(doc, c));
  return el;
}

function exercise(doc: Document): void {
  const lists = findMessageLists(doc);
  for (const l of lists) {
    const view = threadViewOf(l, lists.map((x) => x.root));
    const cp = counterpartOf(view);
    if (cp.kind === 'user') expect(normalizeUsername(cp.username)).toBe(cp.username);
    if (cp.kind === 'group') expect(cp.usernames.every((u) => normalizeUsername(u) === u)).toBe(true);
    for (const r of readMessages(l, { probe, selfUsername: 'alice', counterparts: ['bob'] })) {
      if (r.text !== undefined) expect(r.text.trim()).not.toBe('');
      if (r.key !== undefined) expect(r.key).toMatch(/^mid\.[\x21-\x7e]+$/);
      expect(['outgoing', 'incoming', 'unknown']).toContain(r.direction);
    }
    findScroller(l, probe);
    if (view.pane) {
      const c = findComposerIn(view.pane, { probe, exclude: l.root });
      if (c.ok) {
        expect(composerKind(c.composer.element)).toBeDefined();
        expect(probe.isVisible(c.composer.element)).toBe(true);
        const s = findSendButton(c.composer, probe);
        if (s.ok) {
          expect(c.composer.bar.contains(s.button.element)).toBe(true);
          expect(s.button.element.contains(c.composer.element)).toBe(false);
        }
      }
    }
  }
  findThreadView(doc, probe);
  const composer = findComposer(doc, probe);
  readCounterpart(doc, probe);
  findDialogsOverComposer(doc, composer.ok ? composer.composer.element : undefined, probe);
  findSendFailureSignals(doc, probe);
}

describe('readers on random DOM', () => {
  it('never throw and keep their invariants', () => {
    fc.assert(
      fc.property(fc.array(specArb, { minLength: 1, maxLength: 4 }), (specs) => {
        const doc = blankDocument();
        for (const s of specs) doc.body.append(build(doc, s));
        expect(() => exercise(doc)).not.toThrow();
        exercise(doc);
      }),
      { numRuns: RUNS },
    );
  });

  it('detached elements and empty documents', () => {
    const doc = blankDocument();
    expect(() => exercise(doc)).not.toThrow();
    const lone = doc.createElement('div');
    lone.setAttribute('data-pagelet', 'IGDMessagesList');
    expect(findSendButton(lone, probe)).toEqual({ ok: false, reason: 'absent' });
    expect(readMessages(lone, { probe })).toEqual([]);
    expect(findComposerIn(lone, { probe })).toEqual({ ok: false, reason: 'no-composer' });
  });
});
