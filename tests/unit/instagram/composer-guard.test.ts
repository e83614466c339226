// @vitest-environment happy-dom
/**
 * The composer guard (src/instagram/composer-guard.ts): the pure verdict for every kind of event,
 * and the installed capture-phase listeners against a group-era page whose editor listens like
 * Lexical does (on its root), so "blocked" means the editor never saw the event.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
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

describe('guardVerdict during a manual paste (trusted-input-only composer)', () => {
  const { doc, composer, bar } = page();
  const scope: GuardScope = { kind: 'composer', composer, bar };
  const inside = composer.querySelector('p') ?? composer;
  const send = doc.createElement('div');
  send.setAttribute('role', 'button');
  send.textContent = 'Send';
  bar.append(send);
  const emoji = bar.querySelector('[role="button"]')!;
  const empty = { holdsPart: false, insertsPart: false, onSend: false };
  const at = (type: string, manual = empty, extra: Partial<Parameters<typeof guardVerdict>[1]> = {}) =>
    guardVerdict(scope, { type, target: inside, active: composer, manual, ...extra }, free);

  it('lets the user into the box, and lets exactly one pending part in', () => {
    expect(at('focusin')).toBe('allow');
    expect(at('click')).toBe('allow');
    for (const type of ['paste', 'beforeinput', 'input', 'textInput']) {
      expect(at(type, { ...empty, insertsPart: true }, { inputType: 'insertFromPaste' })).toBe('allow');
      expect(at(type, empty, { inputType: 'insertText' })).toBe('block');
    }
    // Deleting, moving and the clipboard shortcuts type nothing.
    expect(at('beforeinput', empty, { inputType: 'deleteContentBackward' })).toBe('allow');
    for (const key of ['Backspace', 'Delete', 'ArrowLeft', 'Home', 'Shift', 'Control']) expect(at('keydown', empty, { key })).toBe('allow');
    for (const key of ['v', 'V', 'a']) expect(at('keydown', empty, { key, ctrl: true })).toBe('allow');
  });

  it('still blocks typing, IME, drop, other buttons, and any send but of exactly one pending part', () => {
    for (const key of ['a', 'Z', ' ', '1', 'Process', 'Dead', 'Unidentified']) expect(at('keydown', { ...empty, holdsPart: true }, { key })).toBe('block');
    expect(at('keydown', empty, { key: 'b', ctrl: true })).toBe('block');
    expect(at('keydown', empty, { key: 'v', ctrl: true, alt: true })).toBe('block');
    for (const type of ['compositionstart', 'drop']) expect(at(type, { ...empty, insertsPart: true })).toBe('block');
    expect(at('beforeinput', empty, { inputType: 'insertLineBreak' })).toBe('block');
    // Enter sends only a box that holds exactly one pending part; Shift+Enter never.
    expect(at('keydown', empty, { key: 'Enter' })).toBe('block');
    expect(at('keydown', { ...empty, holdsPart: true }, { key: 'Enter' })).toBe('allow');
    expect(at('keydown', { ...empty, holdsPart: true }, { key: 'Enter', shift: true })).toBe('block');
    // The Send button likewise; other bar buttons (emoji, media) stay blocked.
    const click = (target: Element, manual: typeof empty) => guardVerdict(scope, { type: 'click', target, active: doc.body, manual }, free);
    expect(click(send, { ...empty, onSend: true })).toBe('block');
    expect(click(send, { holdsPart: true, insertsPart: false, onSend: true })).toBe('allow');
    expect(click(emoji, { ...empty, holdsPart: true })).toBe('block');
  });

  it('a post of ours in flight, or page scope, goes back to the usual rules', () => {
    expect(guardVerdict(scope, { type: 'paste', target: inside, active: composer, manual: { ...empty, insertsPart: true } }, { ownOp: false, posting: true })).toBe('block');
    expect(guardVerdict({ kind: 'page' }, { type: 'focusin', target: composer, active: composer, manual: empty }, free)).toBe('blur');
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

  it('while our post has focus in the composer, IME composition there takes the focus away before any text is written', () => {
    const { guard, editor, seen } = installed();
    for (const type of ['compositionstart', 'compositionupdate', 'compositionend']) editor.addEventListener(type, (e) => seen.push(e.type));
    guard.setScope({ kind: 'composer', composer: editor, bar: editor.closest('[data-pagelet]')! });
    guard.setPosting(true);
    const compose = (event: Event): void => {
      guard.runOp(() => editor.focus()); // our post chain puts focus there
      expect(document.activeElement).toBe(editor);
      editor.dispatchEvent(event);
      expect(document.activeElement).not.toBe(editor);
    };
    // Chromium marks a trusted compositionstart cancelable, yet preventing it stops nothing.
    compose(new CompositionEvent('compositionstart', { bubbles: true, cancelable: true }));
    compose(new CompositionEvent('compositionend', { data: 'secret', bubbles: true }));
    compose(new InputEvent('beforeinput', { inputType: 'insertCompositionText', data: 'secret', bubbles: true, cancelable: false }));
    expect(seen).toEqual([]);
    // Ordinary keys are blocked without moving focus (our post is still using the composer).
    guard.runOp(() => editor.focus());
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true, cancelable: true }));
    expect(document.activeElement).toBe(editor);
    expect(seen).toEqual([]);
  });

  it("'hold' (the thread's mode not known yet) blocks typing in every editor but leaves focus where it is", () => {
    const { guard, editor, seen } = installed();
    editor.focus();
    guard.setScope({ kind: 'hold' });
    expect(document.activeElement).toBe(editor);
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 's', bubbles: true, cancelable: true }));
    editor.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: 's', bubbles: true, cancelable: true }));
    expect(seen).toEqual([]);
    expect(document.activeElement).toBe(editor);
    // The answer is 'plain': Instagram's composer works, still focused.
    guard.setScope({ kind: 'off' });
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 's', bubbles: true, cancelable: true }));
    expect(seen).toEqual(['keydown']);
  });

  it('a composer the page replaced is not free before the controller looks again: every editor counts as it', () => {
    const { guard, editor, seen } = installed();
    guard.setScope({ kind: 'composer', composer: editor, bar: editor.closest('[data-pagelet]')! });
    const fresh = editor.cloneNode(true) as HTMLElement;
    fresh.addEventListener('keydown', (e) => seen.push(`new ${e.type}`));
    editor.replaceWith(fresh);
    fresh.focus();
    expect(document.activeElement).not.toBe(fresh);
    fresh.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(seen).toEqual([]);
  });

  it('manual paste: a pending part pasted by the user gets in and may be sent; other text and other threads stay guarded', () => {
    const { editor, bar, seen } = installed();
    let thread = 't1';
    const guard = new ComposerGuard(window, () => thread);
    guard.install((target, type, handler, options) => {
      target.addEventListener(type, handler, options);
      cleanups.push(() => target.removeEventListener(type, handler, options));
    });
    guard.setScope({ kind: 'composer', composer: editor, bar });
    const part = 'SDM1partone';
    const sent = new Set<string>();
    guard.setManualParts('t1', [part, 'SDM1parttwo'], (p) => sent.has(p));
    const paste = (text: string) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    };
    paste('meet me at noon');
    paste(` ${part}\n`);
    expect(seen).toEqual(['paste']);
    // Enter on an empty box is blocked; on the part alone it goes through.
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    editor.textContent = part;
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(seen).toEqual(['paste', 'keydown']);
    // Focus in the box is not taken away while the paste is pending.
    editor.focus();
    guard.setScope({ kind: 'composer', composer: editor, bar });
    expect(document.activeElement).toBe(editor);

    // IME composition cannot be cancelled: the box loses focus instead.
    editor.focus();
    editor.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, cancelable: false }));
    expect(document.activeElement).not.toBe(editor);
    expect(seen).toEqual(['paste', 'keydown']);

    // Another thread on screen: the usual rules.
    thread = 't2';
    paste(part);
    expect(seen).toEqual(['paste', 'keydown']);
    thread = 't1';
    expect(guard.manualParts('t1')).toEqual([part, 'SDM1parttwo']);
    // Parts whose bubble is in the chat are no longer let through; encryption off forgets them all.
    sent.add(part);
    sent.add('SDM1parttwo');
    vi.useFakeTimers({ now: Date.now() + 1000 });
    try {
      expect(guard.manualParts('t1')).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
    paste(part);
    expect(seen).toEqual(['paste', 'keydown']);
    guard.setManualParts('t1', [part]);
    guard.setScope({ kind: 'off' });
    expect(guard.manualParts('t1')).toEqual([]);
  });

  it('with the guard off, the page works as usual', () => {
    const { guard, editor, seen } = installed();
    guard.setScope({ kind: 'off' });
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(seen).toEqual(['keydown']);
  });
});
