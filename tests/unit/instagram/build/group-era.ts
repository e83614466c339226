/**
 * Builder for group-era (late 2025–2026) thread pages, after the skeleton of
 * instagram-dm-dom.md §9.2 and the row shape of §6.3, with the variants of §10: locales, RTL,
 * dark mode, random class names, a typed draft, hover-bar labels (§6.3: on the svg, on the div,
 * or as text), a reply quote (§6.2 "Original message:"), an emoji-only bubble (§6.5), an
 * unacknowledged row without `mid.` id (§9.3 step 5), a hidden duplicate pane or composer (§2,
 * §10.10), the docked DM widget (§4.6) and group chats (§3, §10.10).
 * Consistent with the local mock (tests/mock-instagram/client/message-list.ts groupRow).
 */
import { builder, randomClass, svgIcon, typeDraft, type Child } from './dom';
import { en, type FixtureStrings } from './strings';

export interface FixtureMessage {
  /** `mid.$…` id; omitted for an unacknowledged (optimistic) row. */
  id?: string;
  /** 'self' or the sender's username. */
  from: string;
  text: string;
  /** Render the sender's avatar link (first row of a run, §6.4 item 1 caveat). */
  avatar?: boolean;
  /** A reply: the quoted text, rendered in a `[role=button][tabindex=-1]` block (§6.2). */
  quote?: string;
  /** Hover bar filled in (the pointer is over this row, §6.3). */
  hover?: boolean;
  /** Group chats: the sender's name above the bubble (§10.10). */
  nameAbove?: string;
}

export type HoverOn = 'svg' | 'div' | 'text' | 'all';

export interface GroupEraOptions {
  strings?: FixtureStrings;
  rtl?: boolean;
  dark?: boolean;
  /** Random atomic class names on every element (different on every build). */
  randomClasses?: boolean;
  self?: string;
  /** The 1:1 counterpart (header link); ignored for group chats. */
  other?: string;
  otherName?: string;
  messages?: FixtureMessage[];
  /** A typed draft: the icon buttons give way to the text Send button (§4.2). */
  draft?: string;
  hoverOn?: HoverOn;
  /** A whole second thread column, hidden behind (mobile layout, §2). */
  hiddenDuplicatePane?: 'visibility' | 'aria-hidden' | 'display';
  /** A second composer inside the same pane, hidden (mobile duplicate, §2, §10.10). */
  hiddenSecondComposer?: 'visibility' | 'aria-hidden' | 'display';
  /** The docked DM widget in the bottom-right corner, with its own thread with `dockedWith` (§4.6). */
  dockedWidget?: boolean;
  dockedWith?: string;
  /** Group chat header: a title and avatars but no profile link, or one profile link per member. */
  groupChat?: { members: string[]; header: 'no-link' | 'links' };
}

export const DEFAULT_MESSAGES: FixtureMessage[] = [
  { id: 'mid.$cAAAgrp0001', from: 'bob', text: 'hello there', avatar: true },
  { id: 'mid.$cAAAgrp0002', from: 'bob', text: 'second from bob' },
  { id: 'mid.$cAAAgrp0003', from: 'self', text: '-----IGE2E1-----AbC_dEf-----END-----' },
  { id: 'mid.$cAAAgrp0004', from: 'self', text: '😀👍' },
  { id: 'mid.$cAAAgrp0005', from: 'bob', text: 'reply body', quote: 'second from bob', avatar: true },
  { id: 'mid.$cAAAgrp0006', from: 'bob', text: 'hover target', hover: true, avatar: true },
  { id: 'mid.$cAAAgrp0007', from: 'self', text: 'own hover target', hover: true },
  { from: 'self', text: 'pending text', quote: 'hello there' },
];

const EMOJI_ONLY = /^(?:\p{Extended_Pictographic}|\u200d|\ufe0f|\s)+$/u;

export interface BuiltPage {
  doc: Document;
  /** Handles for assertions (the readers under test never get these). */
  textbox: HTMLElement;
  bar: HTMLElement;
  list: HTMLElement;
  send: HTMLElement | undefined;
  hiddenTextbox: HTMLElement | undefined;
  dock: { root: HTMLElement; textbox: HTMLElement; list: HTMLElement } | undefined;
}

export function buildGroupEraPage(opts: GroupEraOptions = {}): BuiltPage {
  const s = opts.strings ?? en;
  const self = opts.self ?? 'alice';
  const other = opts.other ?? 'bob';
  const otherName = opts.otherName ?? 'Bob Example';
  const messages = opts.messages ?? DEFAULT_MESSAGES;
  const doc = new DOMParser().parseFromString('<!doctype html><html><head><meta charset="utf-8"><title>Instagram • Messages</title></head><body></body></html>', 'text/html');
  const html = doc.documentElement;
  html.setAttribute('lang', s.lang);
  html.setAttribute('dir', opts.rtl ? 'rtl' : 'ltr');
  html.setAttribute('class', opts.dark ? '__fb-dark-mode' : '__fb-light-mode');
  const h = builder(doc);
  let n = 0;
  /** Placeholder atomic classes (as in §9.2: `xA1`), or random ones. */
  const cx = (): string => (opts.randomClasses ? `${randomClass()} ${randomClass()}` : `xA${(n += 1)}`);
  const icon = (label: string | null): SVGSVGElement => svgIcon(doc, label);
  const iconButton = (label: string, extra?: Child): HTMLElement => h('div', { role: 'button', tabindex: 0, class: cx() }, icon(label), extra);
  const avatarLink = (user: string, tabindex: number, size: number): HTMLElement =>
    h('a', { 'aria-label': s.openProfile(user), href: `/${user}/`, role: 'link', tabindex, class: cx() },
      h('img', { alt: 'user-profile-picture', width: size, height: size, src: 'data:,' }));

  const hoverBar = (m: FixtureMessage): HTMLElement => {
    const bar = h('div', { style: '--x-width: 96px', class: cx() });
    if (!m.hover) return bar;
    const sender = m.from === 'self' ? self : m.from;
    const labels = [s.reactTo(sender), s.replyTo(sender), s.moreOptions(sender)];
    const on = opts.hoverOn ?? 'all';
    labels.forEach((label, i) => {
      const where = on === 'all' ? (['svg', 'div', 'text'] as const)[i]! : on;
      const attrs = { role: 'button', tabindex: 0, 'aria-haspopup': i === 2 ? 'menu' : null, class: cx() };
      if (where === 'div') bar.append(h('div', { ...attrs, 'aria-label': label }, icon(null)));
      else if (where === 'text') bar.append(h('div', attrs, h('span', { dir: 'auto' }, label), icon(null)));
      else bar.append(h('div', attrs, icon(label)));
    });
    return bar;
  };

  const textLeaf = (text: string): HTMLElement =>
    EMOJI_ONLY.test(text) ? h('span', null, text) : h('span', { dir: 'auto' }, h('div', { dir: 'auto' }, text));

  const row = (m: FixtureMessage): HTMLElement => {
    const own = m.from === 'self';
    const bubble = h('div', { id: m.id ?? null, role: 'presentation', class: cx() }, textLeaf(m.text));
    const lead = own ? null : m.avatar ? avatarLink(m.from, -1, 28) : h('div', { class: cx() });
    const lane = h('div', { class: cx(), style: `display:flex;justify-content:${own ? 'flex-end' : 'flex-start'}` }, lead, bubble, hoverBar(m));
    const quote = m.quote
      ? h('div', { role: 'none', class: cx() }, h('div', { role: 'presentation' },
          h('div', { role: 'button', tabindex: -1, class: cx() }, h('div', { role: 'presentation' },
            h('div', null, s.originalMessage), h('span', { dir: 'auto' }, h('div', { dir: 'auto' }, m.quote)))))) : null;
    const name = m.nameAbove ? h('span', { dir: 'auto', class: cx() }, m.nameAbove) : null;
    return h('div', { class: cx() }, h('div', { role: 'group', tabindex: -1 }, name, quote, lane));
  };

  const listOf = (msgs: FixtureMessage[]): HTMLElement => {
    const list = h('div', { class: cx() },
      h('div', { role: 'progressbar', 'aria-valuetext': s.loading, class: cx() }),
      h('div', { class: cx() }, h('span', null, 'Thu 6:14 PM')),
      ...msgs.map(row));
    const scroller = h('div', { class: cx(), style: 'overflow-y:auto;display:flex;flex-direction:column-reverse' }, list);
    return h('div', { 'data-pagelet': 'IGDMessagesList', class: cx() }, scroller);
  };

  const composer = (): { bar: HTMLElement; textbox: HTMLElement } => {
    const phId = `:r${(n += 1).toString(36)}:`;
    const textbox = h('div', {
      'aria-describedby': phId, 'aria-label': s.message, 'aria-placeholder': s.placeholder,
      class: `${cx()} notranslate`, contenteditable: 'true', role: 'textbox', spellcheck: 'true', tabindex: 0,
      'data-lexical-editor': 'true', style: 'user-select:text;white-space:pre-wrap;word-break:break-word',
    }, h('p', null, h('br')));
    const bar = h('div', { 'data-pagelet': 'IGDComposerForCannes', class: cx() },
      iconButton(s.emoji),
      h('div', { class: cx(), style: 'position:relative' }, textbox, h('div', { id: phId, 'aria-hidden': 'true', class: cx() }, s.placeholder)),
      iconButton(s.voiceClip), iconButton(s.addMedia, h('input', { type: 'file', hidden: true })), iconButton(s.gif), iconButton(s.like));
    return { bar, textbox };
  };

  const header = (): HTMLElement => {
    const gc = opts.groupChat;
    const tools = [iconButton('Audio call'), iconButton('Video call'), h('div', { role: 'button', tabindex: 0, 'aria-label': 'Conversation information', class: cx() }, icon(null))];
    if (gc?.header === 'no-link') {
      return h('div', { class: cx() },
        h('div', { role: 'button', tabindex: 0, 'aria-label': 'Open the details pane of the chat', class: cx() },
          ...gc.members.map(() => h('img', { alt: 'user-profile-picture', width: 24, height: 24, src: 'data:,' })),
          h('h2', { dir: 'auto' }, h('span', { style: 'font-weight:600' }, gc.members.join(', ')))), ...tools);
    }
    if (gc?.header === 'links') {
      return h('div', { class: cx() }, ...gc.members.map((u) => avatarLink(u, 0, 24)),
        h('h2', { dir: 'auto' }, h('span', null, gc.members.join(', '))), ...tools);
    }
    return h('div', { class: cx() },
      h('a', { 'aria-label': s.openProfile(other), href: `/${other}/`, role: 'link', tabindex: 0, class: cx() },
        h('img', { alt: '', width: 44, height: 44, src: 'data:,' }),
        h('h2', { dir: 'auto' }, h('span', null, h('span', { title: otherName }, otherName))),
        h('span', { dir: 'auto' }, h('span', null, other))),
      ...tools);
  };

  const column = (msgs: FixtureMessage[], extraComposer?: GroupEraOptions['hiddenSecondComposer']) => {
    const list = listOf(msgs);
    const c = composer();
    let hiddenTextbox: HTMLElement | undefined;
    let hiddenWrap: HTMLElement | null = null;
    if (extraComposer) {
      const second = composer();
      hiddenTextbox = second.textbox;
      second.bar.removeAttribute('data-pagelet');
      const attrs = extraComposer === 'aria-hidden' ? { 'aria-hidden': 'true' } : { style: extraComposer === 'display' ? 'display:none' : 'visibility:hidden' };
      hiddenWrap = h('div', { ...attrs, class: cx() }, second.bar);
    }
    const root = h('div', { 'aria-label': s.conversationWith(otherName), class: cx() }, header(), list, hiddenWrap, c.bar);
    return { root, list, ...c, hiddenTextbox };
  };

  const inbox = h('div', { 'aria-label': s.threadList, role: 'navigation', class: cx() },
    h('div', { role: 'button', tabindex: 0, class: cx() }, h('img', { alt: 'user-profile-picture', width: 56, height: 56, src: 'data:,' }),
      h('div', null, h('span', { title: otherName }, otherName), h('div', null, h('span', null, 'You: ok')))));
  const main = h('main', { role: 'main', class: cx() }, inbox);
  if (opts.hiddenDuplicatePane) {
    const dup = column(messages);
    const attrs = opts.hiddenDuplicatePane === 'aria-hidden' ? { 'aria-hidden': 'true' } : { style: opts.hiddenDuplicatePane === 'display' ? 'display:none' : 'visibility:hidden' };
    main.append(h('div', { ...attrs, class: cx() }, dup.root));
  }
  const thread = column(messages, opts.hiddenSecondComposer);
  main.append(thread.root);

  const rail = h('div', { role: 'navigation', class: cx() },
    h('a', { href: '/', role: 'link', tabindex: 0 }, icon('Home')),
    h('a', { href: '/direct/inbox/', role: 'link', tabindex: 0 }, icon('Messages')),
    h('a', { href: `/${self}/`, role: 'link', tabindex: 0 }, h('img', { alt: '', width: 24, height: 24, src: 'data:,' }), h('span', null, 'Profile')));
  const app = h('div', { class: cx() }, rail, main);
  doc.body.append(h('div', { id: 'mount_0_0_Qz' }, h('div', null, h('div', null, app))),
    h('div', { 'data-pagelet': 'IGDNewMessageAnnouncementForScreenReaders', 'aria-live': 'polite' }));

  let dock: BuiltPage['dock'];
  if (opts.dockedWidget) {
    const withUser = opts.dockedWith ?? 'carol';
    const dockTextbox = h('div', { 'aria-label': s.message, contenteditable: 'true', role: 'textbox', tabindex: 0, 'data-lexical-editor': 'true', class: cx() }, h('p', null, h('br')));
    const dockList = h('div', { class: cx() }, h('div', { class: cx() },
      row({ id: 'mid.$cAAAdock0001', from: withUser, text: 'from the dock', avatar: true })));
    const root = h('div', { class: cx(), style: 'position:fixed;right:16px;bottom:0;width:320px' },
      h('div', { class: cx() }, h('a', { href: `/${withUser}/`, role: 'link', tabindex: 0 }, h('span', null, withUser))),
      dockList,
      h('div', { class: cx() }, h('div', { class: cx() }, dockTextbox), iconButton(s.like)));
    doc.body.append(root);
    dock = { root, textbox: dockTextbox, list: dockList };
  }

  let send: HTMLElement | undefined;
  if (opts.draft !== undefined) send = typeDraft(thread.bar, thread.textbox, opts.draft, s.send);
  return { doc, textbox: thread.textbox, bar: thread.bar, list: thread.list, send, hiddenTextbox: thread.hiddenTextbox, dock };
}
