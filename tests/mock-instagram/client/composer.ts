/**
 * The message composer, in its two generations (instagram-dm-dom.md §4):
 * - 2023 onward: a real Lexical plain-text editor, `div[contenteditable][role=textbox]
 *   [aria-label="Message"][aria-placeholder="Message..."][data-lexical-editor].notranslate > p`,
 *   in `data-pagelet="IGDComposerForCannes"` (group era). Enter sends (KEY_ENTER_COMMAND at high
 *   priority), Shift+Enter is plain-text's line break, the icon set is swapped for a
 *   `div[role=button]` "Send" while the editor state is non-empty (§9.3 items 1 and 3).
 * - 2020–22: a React-controlled `textarea[placeholder="Message..."]` with `<button>Send</button>`;
 *   the value reaches the component state only through `input` events (§4.3 item 6).
 * The text the page sends is always the component's state (Lexical's, or the React-like state),
 * never the DOM; `text()` exposes that state to the tests.
 */
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  COMMAND_PRIORITY_HIGH,
  createEditor,
  KEY_ENTER_COMMAND,
} from 'lexical';
import type { LexicalEditor } from 'lexical';
import { registerPlainText } from '@lexical/plain-text';
import type { Era } from '../variant';
import type { Strings } from './strings';
import type { ClassMap } from './styles';
import { h, icon } from './dom';
import { installTrustedGate } from './trusted-gate';

export interface ComposerOptions {
  era: Era;
  strings: Strings;
  cls: ClassMap;
  trusted: 'off' | 'ignore' | 'domOnly';
  initialText: string;
  /** The editor state's text changed. */
  onChange(text: string): void;
  /** Enter or the Send button, with the editor state's text. */
  onSend(text: string): void;
}

export interface Composer {
  /** The whole composer bar (pagelet container). */
  root: HTMLElement;
  /** The textbox (contenteditable div or textarea). */
  textbox: HTMLElement;
  /** The editor state's text (not the DOM's). */
  text(): string;
  /** Programmatic replacement of the state (control object), as the app itself would do. */
  setText(text: string): void;
  /** Optimistic clear after a send. */
  clear(): void;
  focus(): void;
  destroy(): void;
}

let idCounter = 0;
/** React `useId`-style ids (":r1a:"). */
function reactId(): string {
  idCounter += 1;
  return `:r${idCounter.toString(36)}:`;
}

function iconButtons(o: ComposerOptions): HTMLElement[] {
  const s = o.strings;
  const btn = (label: string): HTMLElement => h('div', { role: 'button', tabindex: 0, class: o.cls.cx('iconButton') }, icon(label));
  const media = btn(s.addMedia);
  media.append(h('input', { type: 'file', hidden: true, accept: 'image/*,video/*' }));
  return [btn(s.voiceClip), media, btn(s.gif), btn(s.like)];
}

function $setPlainText(text: string, select: boolean): void {
  const root = $getRoot();
  root.clear();
  const p = $createParagraphNode();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (i > 0) p.append($createLineBreakNode());
    if (line) p.append($createTextNode(line));
  });
  root.append(p);
  // Only a focused editor gets a selection; otherwise Lexical would pull focus into it.
  if (select) p.selectEnd();
}

export function createLexicalComposer(o: ComposerOptions): Composer {
  const { strings: s, cls } = o;
  const placeholderId = reactId();
  const textbox = h('div', {
    'aria-describedby': placeholderId,
    'aria-label': s.message,
    'aria-placeholder': s.placeholder,
    class: `${cls.cx('composerInput')} notranslate`,
    contenteditable: 'true',
    role: 'textbox',
    spellcheck: 'true',
    tabindex: 0,
  });
  const placeholder = h('div', { id: placeholderId, 'aria-hidden': 'true', class: cls.cx('composerPlaceholder') }, s.placeholder);
  const wrap = h('div', { class: cls.cx('composerWrap') }, textbox, placeholder);
  const emoji = h('div', { role: 'button', tabindex: 0, class: cls.cx('iconButton') }, icon(s.emoji));
  const actions = iconButtons(o);
  const send = h('div', { role: 'button', tabindex: 0, class: cls.cx('sendButton') }, s.send);
  const root = h('div', { 'data-pagelet': o.era === 'group' ? 'IGDComposerForCannes' : null, class: cls.cx('composer') }, emoji, wrap, ...actions);

  const editor: LexicalEditor = createEditor({
    namespace: 'IGDComposer',
    theme: { paragraph: cls.cx('composerP') },
    onError: (e) => console.error(e),
  });
  editor.setRootElement(textbox);
  const unregister: Array<() => void> = [registerPlainText(editor)];
  editor.update(() => $setPlainText(o.initialText, false), { discrete: true });
  const focused = (): boolean => document.activeElement === textbox;

  const readState = (): string => editor.getEditorState().read(() => $getRoot().getTextContent());
  const showSend = (on: boolean): void => {
    const has = send.isConnected;
    if (on && !has) {
      for (const a of actions) a.remove();
      root.append(send);
    } else if (!on && has) {
      send.remove();
      root.append(...actions);
    }
  };
  let current = readState();
  const reflect = (text: string): void => {
    placeholder.style.display = text === '' ? '' : 'none';
    showSend(text.trim() !== '');
  };
  reflect(current);
  unregister.push(
    editor.registerUpdateListener(({ editorState }) => {
      const text = editorState.read(() => $getRoot().getTextContent());
      reflect(text);
      if (text !== current) {
        current = text;
        o.onChange(text);
      }
    }),
  );
  unregister.push(
    editor.registerCommand(
      KEY_ENTER_COMMAND,
      (event) => {
        if (event?.shiftKey) return false; // plain-text inserts a line break
        if (event && (event.isComposing || event.keyCode === 229)) return true;
        event?.preventDefault();
        o.onSend(readState());
        return true;
      },
      COMMAND_PRIORITY_HIGH,
    ),
  );
  const onSendClick = (e: MouseEvent): void => {
    if (o.trusted !== 'off' && !e.isTrusted) return;
    o.onSend(readState());
  };
  send.addEventListener('click', onSendClick);

  // Re-render the DOM from the editor state (drops any foreign DOM inside the editor).
  let desynced = false;
  const resync = (): void => {
    desynced = false;
    const text = readState();
    editor.update(() => $setPlainText(text, focused()), { discrete: true });
  };
  if (o.trusted !== 'off') {
    unregister.push(
      installTrustedGate(textbox, {
        onForeignChange: () => {
          // Lexical's MutationObserver has not run yet (it is a microtask after this event):
          // drop its pending records so the change never reaches the editor state.
          (editor as unknown as { _observer: MutationObserver | null })._observer?.takeRecords();
          if (o.trusted === 'ignore') queueMicrotask(resync);
          else desynced = true;
        },
        onTrustedUserEvent: () => {
          if (desynced) resync();
        },
      }),
    );
  }

  return {
    root,
    textbox,
    text: readState,
    setText: (text) => editor.update(() => $setPlainText(text, focused()), { discrete: true }),
    clear: () => {
      desynced = false;
      editor.update(() => $setPlainText('', focused()), { discrete: true });
    },
    focus: () => editor.focus(),
    destroy: () => {
      for (const u of unregister) u();
      send.removeEventListener('click', onSendClick);
      editor.setRootElement(null);
    },
  };
}

export function createTextareaComposer(o: ComposerOptions): Composer {
  const { strings: s, cls } = o;
  const textarea = h('textarea', {
    'aria-label': s.message,
    placeholder: s.placeholder,
    autocomplete: 'off',
    autocorrect: 'off',
    class: cls.cx('textarea'),
    dir: 'auto',
  }) as HTMLTextAreaElement;
  const send = h('button', { type: 'button', class: cls.cx('textButton') }, s.send);
  const emoji = h('button', { type: 'button', class: cls.cx('textButton') }, icon(s.emoji));
  const root = h('div', { class: cls.cx('composer') }, emoji, textarea);
  // React-controlled: `state` is the component's value; the DOM value follows it on render.
  let state = o.initialText;
  textarea.value = state;
  const render = (): void => {
    if (textarea.value !== state) textarea.value = state;
    textarea.style.height = '18px';
    textarea.style.height = `${Math.min(textarea.scrollHeight - 20, 120)}px`;
    const on = state.trim() !== '';
    if (on && !send.isConnected) root.append(send);
    if (!on && send.isConnected) send.remove();
  };
  const setState = (next: string): void => {
    if (next === state) return;
    state = next;
    render();
    o.onChange(state);
  };
  const onInput = (): void => setState(textarea.value);
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    o.onSend(state);
  };
  const onClick = (e: MouseEvent): void => {
    if (o.trusted !== 'off' && !e.isTrusted) return;
    o.onSend(state);
  };
  textarea.addEventListener('input', onInput);
  textarea.addEventListener('keydown', onKeyDown);
  send.addEventListener('click', onClick);
  const cleanups: Array<() => void> = [];
  if (o.trusted !== 'off') {
    let desynced = false;
    cleanups.push(
      installTrustedGate(textarea, {
        onForeignChange: () => {
          if (o.trusted === 'ignore') textarea.value = state;
          else desynced = true;
        },
        onTrustedUserEvent: () => {
          if (desynced) {
            desynced = false;
            textarea.value = state;
          }
        },
      }),
    );
  }
  render();
  return {
    root,
    textbox: textarea,
    text: () => state,
    setText: (text) => setState(text),
    clear: () => {
      state = '';
      textarea.value = '';
      render();
      o.onChange('');
    },
    focus: () => textarea.focus(),
    destroy: () => {
      for (const c of cleanups) c();
      textarea.removeEventListener('input', onInput);
      textarea.removeEventListener('keydown', onKeyDown);
      send.removeEventListener('click', onClick);
    },
  };
}

export function createComposer(o: ComposerOptions): Composer {
  return o.era === 'textarea' ? createTextareaComposer(o) : createLexicalComposer(o);
}
