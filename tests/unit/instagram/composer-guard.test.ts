// @vitest-environment happy-dom
/**
 * The composer guard (src/instagram/composer-guard.ts): the pure verdict for every kind of event,
 * and the installed capture-phase listeners against a group-era page whose editor listens like
 * Lexical does (on its root), so "blocked" means the editor never saw the event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ComposerGuard, guardVerdict, type GuardScope } from '../../../src/instagram/composer-guard';
import { findComposer } from '../../../src/instagram/dom/composer';
import { buildGroupEraPage } from './build/group-era';
import { probe } from './build/expect-thread';

function page() {
  const { doc } = buildGroupEraPage({});
  const found = findComposer(doc, probe);
  if (!found.ok) throw new Error('fixture has no composer');
  return { doc, composer: found.composer.element, bar: found.composer.bar };
}

const free = { ownOp: false, posting: false };

describe('guardVerdict', () => {
  const { doc, composer, bar } = page();
  const scope: GuardScope = { kind: 'composer', composer, bar };
  const inside = composer.querySelector('p') ?? composer;
  const button = bar.querySelector('[role="button"]')!;
  const elsewhere = doc.querySelector('[data-pagelet="IGDMessagesList"]')!;

  it('allows everything when the guard is off', () => {
    expect(guardVerdict({ kind: 'off' }, { type: 'keydown', key: 'Enter', target: composer, active: composer }, free)).toBe('allow');
  });

  it('blocks Enter, Shift+Enter and typing in or from the composer, but lets Tab and Escape leave', () => {
    for (const key of ['Enter', 'a', 'v', 'Backspace']) {
      expect(guardVerdict(scope, { type: 'keydown', key, target: inside, active: composer }, free)).toBe('block');
    }
    // A key event aimed elsewhere while the composer has focus still counts ("from the composer").
    expect(guardVerdict(scope, { type: 'keydown', key: 'Enter', target: doc.body, active: composer }, free)).toBe('block');
    expect(guardVerdict(scope, { type: 'keydown', key: 'Tab', target: composer, active: composer }, free)).toBe('allow');
    expect(guardVerdict(scope, { type: 'keydown', key: 'Escape', target: composer, active: composer }, free)).toBe('allow');
    expect(guardVerdict(scope, { type: 'keydown', key: 'Enter', target: elsewhere, active: doc.body }, free)).toBe('allow');
  });

  it('blocks beforeinput, paste and drop into the composer only', () => {
    for (const type of ['beforeinput', 'input', 'paste', 'drop', 'compositionstart']) {
      expect(guardVerdict(scope, { type, target: inside, active: composer }, free)).toBe('block');
      expect(guardVerdict(scope, { type, target: elsewhere, active: doc.body }, free)).toBe('allow');
    }
  });

  it('blocks clicks and pointer presses on the composer bar (Send, Like, media), not elsewhere', () => {
    for (const type of ['click', 'pointerdown', 'mousedown', 'pointerup']) {
      expect(guardVerdict(scope, { type, target: button, active: doc.body }, free)).toBe('block');
      expect(guardVerdict(scope, { type, target: elsewhere, active: doc.body }, free)).toBe('allow');
    }
  });

  it('takes focus out of the composer unless we are posting', () => {
    expect(guardVerdict(scope, { type: 'focusin', target: composer, active: composer }, free)).toBe('blur');
    expect(guardVerdict(scope, { type: 'focusin', target: composer, active: composer }, { ownOp: false, posting: true })).toBe('allow');
  });

  it('while posting, user input into the composer stays blocked; only our own dispatch passes', () => {
    const posting = { ownOp: false, posting: true };
    expect(guardVerdict(scope, { type: 'keydown', key: 'x', target: composer, active: composer }, posting)).toBe('block');
    expect(guardVerdict(scope, { type: 'paste', target: composer, active: composer }, posting)).toBe('block');
    expect(guardVerdict(scope, { type: 'click', target: button, active: composer }, posting)).toBe('block');
    const own = { ownOp: true, posting: true };
    expect(guardVerdict(scope, { type: 'beforeinput', target: composer, active: composer }, own)).toBe('allow');
    expect(guardVerdict(scope, { type: 'click', target: button, active: composer }, own)).toBe('allow');
  });

  it('page scope (composer unknown): every editor and every Send-like button is guarded', () => {
    const pageScope: GuardScope = { kind: 'page' };
    const send = doc.createElement('div');
    send.setAttribute('role', 'button');
    send.textContent = 'Enviar';
    doc.body.append(send);
    const textarea = doc.createElement('textarea');
    doc.body.append(textarea);
    expect(guardVerdict(pageScope, { type: 'keydown', key: 'Enter', target: composer, active: composer }, free)).toBe('block');
    expect(guardVerdict(pageScope, { type: 'beforeinput', target: textarea, active: textarea }, free)).toBe('block');
    expect(guardVerdict(pageScope, { type: 'click', target: send, active: doc.body }, free)).toBe('block');
    expect(guardVerdict(pageScope, { type: 'click', target: elsewhere, active: doc.body }, free)).toBe('allow');
    expect(guardVerdict(pageScope, { type: 'focusin', target: textarea, active: textarea }, free)).toBe('blur');
  });
});

describe('ComposerGuard listeners', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  function installed() {
    // The guard listens on the global window; build the page into the global document.
    const { doc } = page();
    document.body.replaceChildren(...Array.from(doc.body.childNodes, (n) => document.importNode(n, true)));
    const found = findComposer(document, probe);
    if (!found.ok) throw new Error('no composer');
    const guard = new ComposerGuard(window);
    guard.install((target, type, handler, options) => {
      target.addEventListener(type, handler, options);
      cleanups.push(() => target.removeEventListener(type, handler, options));
    });
    const seen: string[] = [];
    const editor = found.composer.element;
    for (const type of ['keydown', 'beforeinput', 'paste', 'click']) editor.addEventListener(type, (e) => seen.push(e.type));
    const sendLike = found.composer.bar.querySelector('[role="button"]') as HTMLElement;
    sendLike.addEventListener('click', () => seen.push('bar-click'));
    return { guard, editor, bar: found.composer.bar, sendLike, seen };
  }

  it('the editor never sees blocked events; preventDefault is set', () => {
    const { guard, editor, sendLike, seen } = installed();
    guard.setScope({ kind: 'composer', composer: editor, bar: editor.closest('[data-pagelet]')! });
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    editor.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    editor.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: 'secret', bubbles: true, cancelable: true }));
    sendLike.click();
    expect(seen).toEqual([]);
  });

  it('runOp lets exactly our own synchronous dispatch through', () => {
    const { guard, editor, sendLike, seen } = installed();
    guard.setScope({ kind: 'composer', composer: editor, bar: editor.closest('[data-pagelet]')! });
    guard.setPosting(true);
    guard.runOp(() => editor.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: 'SDM1x', bubbles: true, cancelable: true })));
    guard.runOp(() => sendLike.click());
    // The same events outside runOp (e.g. the user typing while focus sits in the composer) are blocked.
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true, cancelable: true }));
    sendLike.click();
    expect(seen).toEqual(['beforeinput', 'bar-click']);
  });

  it('with the guard off, the page works as usual', () => {
    const { guard, editor, seen } = installed();
    guard.setScope({ kind: 'off' });
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(seen).toEqual(['keydown']);
  });
});
