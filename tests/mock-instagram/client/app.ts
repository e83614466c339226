/**
 * The local instagram.com single-page app: page shell, inbox, thread view, SPA routing by
 * pushState/popstate, live updates by polling, optimistic sending, drafts and typing signals,
 * dialogs (instagram-dm-dom.md §1 "How threads open", §2, §3, §5, §6.7, §9.3).
 * Everything is built with DOM calls (no HTML strings) and carries no test markers: tests drive
 * the page through the main-world control object (control.ts).
 */
import type { AccountInfo, Bootstrap, BroadcastResponse, SyncEvent, WireMessage, WireThread } from '../protocol';
import { byteLength } from '../protocol';
import type { Variant } from '../variant';
import { trustedMode } from '../variant';
import { api } from './api';
import { createComposer } from './composer';
import type { Composer } from './composer';
import { avatar, h, icon } from './dom';
import { MessageList } from './message-list';
import type { Item } from './message-list';
import { stringsFor } from './strings';
import type { Strings } from './strings';
import { classMap } from './styles';
import type { ClassMap } from './styles';

export type SendOutcome = 'sent' | 'failed' | 'dropped' | 'too-long' | 'empty' | 'no-thread';

type Route =
  | { kind: 'inbox' }
  | { kind: 'thread'; id: string }
  | { kind: 'home' }
  | { kind: 'profile'; username: string }
  | { kind: 'unavailable' };

interface ThreadView {
  id: string;
  other: AccountInfo;
  column: HTMLElement;
  list: MessageList;
  composer: Composer | null;
  composerSlot: Comment;
  announce: HTMLElement;
}

const THREAD_PATH = /^\/direct\/t\/(\d+)\/?$/;
const DRAFT_THROTTLE_MS = 150;
const TYPING_REFRESH_MS = 2500;
const POLL_MS = 500;

export function parseRoute(pathname: string): Route {
  const t = THREAD_PATH.exec(pathname);
  if (t) return { kind: 'thread', id: t[1]! };
  if (/^\/direct(\/(inbox|general|requests)\/?)?\/?$/.test(pathname)) return { kind: 'inbox' };
  if (pathname === '/') return { kind: 'home' };
  const p = /^\/([A-Za-z0-9._]{1,30})\/?$/.exec(pathname);
  if (p) return { kind: 'profile', username: p[1]! };
  return { kind: 'unavailable' };
}

function randomId(): string {
  const b = new Uint8Array(9);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function relativeTime(ts: number): { short: string; long: string } {
  const m = Math.max(0, Math.round((Date.now() - ts) / 60_000));
  if (m < 1) return { short: 'now', long: 'just now' };
  if (m < 60) return { short: `${m}m`, long: `${m} minutes ago` };
  const hrs = Math.round(m / 60);
  if (hrs < 24) return { short: `${hrs}h`, long: `${hrs} hours ago` };
  const d = Math.round(hrs / 24);
  return { short: `${d}d`, long: `${d} days ago` };
}

function toItem(m: WireMessage): Item {
  const item: Item = { key: m.id, id: m.id, from: m.from, text: m.text, timestamp: m.timestamp, pending: false };
  if (m.clientContext !== undefined) item.clientContext = m.clientContext;
  return item;
}

export class App {
  viewer: AccountInfo;
  variant: Variant;
  strings: Strings;
  cls: ClassMap;
  private seed: string;
  private threads = new Map<string, WireThread>();
  private seq: number;
  private route: Route = { kind: 'inbox' };
  private view: ThreadView | null = null;
  private mount: HTMLElement;
  private styleEl: HTMLStyleElement;
  private mainEl: HTMLElement | null = null;
  private inboxEl: HTMLElement | null = null;
  private dialogs: HTMLElement[] = [];
  private toastEl: HTMLElement | null = null;
  readonly drafts = new Map<string, string>();
  private savedDrafts = new Map<string, string>();
  private draftTimer = 0;
  private typingActive = false;
  private typingSentAt = 0;
  readonly typing = new Map<string, boolean>();
  private polling = false;
  private lateDialogTimer = 0;
  composerRemoved = false;

  constructor(boot: Bootstrap, mount: HTMLElement) {
    this.viewer = boot.viewer;
    this.variant = boot.variant;
    this.seed = boot.classSeed;
    this.seq = boot.seq;
    for (const t of boot.threads) this.threads.set(t.id, t);
    this.strings = stringsFor(this.variant.locale);
    this.cls = classMap(this.seed);
    this.mount = mount;
    this.styleEl = document.createElement('style');
    document.head.append(this.styleEl);
  }

  start(): void {
    this.renderAll();
    window.addEventListener('popstate', () => this.onLocation());
    document.addEventListener('click', this.onLinkClick);
    window.addEventListener('pagehide', () => this.flushDraft(true));
    setInterval(() => void this.poll(), POLL_MS);
    if (this.variant.lateDialog) {
      this.lateDialogTimer = window.setTimeout(() => this.showDialog('notifications'), this.variant.lateDialogDelayMs);
    }
  }

  // ---- variant, shell ---------------------------------------------------------------------

  /** Re-mounts the whole UI for a new variant (a "deploy"); the draft survives in `drafts`. */
  applyVariant(next: Variant): void {
    this.variant = next;
    this.strings = stringsFor(next.locale);
    this.seed = next.randomClassNames ? randomId() : 'static';
    this.cls = classMap(this.seed);
    this.renderAll();
  }

  renderAll(): void {
    this.saveComposerDraft();
    const v = this.variant;
    const html = document.documentElement;
    html.lang = this.strings.lang;
    html.dir = v.rtl ? 'rtl' : 'ltr';
    html.classList.toggle('__fb-dark-mode', v.dark);
    html.classList.toggle('__fb-light-mode', !v.dark);
    this.styleEl.textContent = this.cls.css;
    this.mount.id = `mount_0_0_${randomId().slice(0, 2)}`;
    const { cx } = this.cls;
    const s = this.strings;
    const rail = h('div', { role: 'navigation', class: cx('rail') },
      h('a', { href: '/', role: 'link', tabindex: 0, class: cx('railLink') }, icon(s.home)),
      h('a', { href: '/direct/inbox/', role: 'link', tabindex: 0, class: cx('railLink') }, icon(s.messages)));
    this.mainEl = h('main', { role: 'main', class: cx('main') });
    this.mount.replaceChildren(h('div', null, h('div', null, h('div', { class: cx('app') }, rail, this.mainEl))));
    this.destroyView();
    this.renderRoute();
  }

  // ---- routing ----------------------------------------------------------------------------

  navigate(path: string): void {
    const url = new URL(path, location.origin);
    if (url.origin !== location.origin) throw new Error('cross-origin navigation');
    if (url.pathname + url.search === location.pathname + location.search) return;
    history.pushState({}, '', url.pathname + url.search);
    // The view may follow the URL late (a router that renders after it updates the address).
    if (this.variant.lateViewMs > 0) window.setTimeout(() => this.onLocation(), this.variant.lateViewMs);
    else this.onLocation();
  }

  private readonly onLinkClick = (e: MouseEvent): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
    if (!(a instanceof HTMLAnchorElement) || a.origin !== location.origin || a.target) return;
    e.preventDefault();
    this.navigate(a.pathname + a.search);
  };

  private onLocation(): void {
    this.saveComposerDraft();
    this.flushDraft(false);
    this.destroyView();
    this.renderRoute();
  }

  private renderRoute(): void {
    this.route = parseRoute(location.pathname);
    const main = this.mainEl!;
    const r = this.route;
    document.title = this.titleText();
    if (r.kind === 'home') {
      main.replaceChildren(h('div', { class: this.cls.cx('empty') }, h('span', null, this.strings.home)));
      this.inboxEl = null;
      return;
    }
    if (r.kind === 'profile') {
      main.replaceChildren(this.profile(r.username));
      this.inboxEl = null;
      return;
    }
    this.inboxEl = this.inbox();
    if (r.kind === 'thread' && this.threads.has(r.id)) main.replaceChildren(this.inboxEl, this.openThread(r.id));
    else if (r.kind === 'inbox') main.replaceChildren(this.inboxEl, this.emptyPane());
    else main.replaceChildren(this.inboxEl, h('div', { class: this.cls.cx('empty') }, h('span', null, this.strings.unavailable)));
  }

  private titleText(): string {
    let unread = 0;
    for (const t of this.threads.values()) unread += t.unread;
    return unread > 0 ? `(${unread}) ${this.strings.title}` : this.strings.title;
  }

  // ---- inbox ------------------------------------------------------------------------------

  private inbox(): HTMLElement {
    const { cx } = this.cls;
    const s = this.strings;
    const sorted = [...this.threads.values()].sort((a, b) => (b.lastMessage?.timestamp ?? 0) - (a.lastMessage?.timestamp ?? 0));
    const rows = sorted.map((t) => {
      const other = t.users[0]!;
      const active = this.route.kind === 'thread' && this.route.id === t.id;
      const last = t.lastMessage;
      const preview = last ? (last.from === this.viewer.username ? `${s.you}: ${last.text}` : last.text) : '';
      const when = last ? relativeTime(last.timestamp) : null;
      const body = [
        avatar(s.userProfilePicture, 56, cx('roundImg')),
        h('div', { class: cx('inboxText') },
          h('span', { title: other.fullName, class: cx('inboxName', t.unread > 0 && 'inboxNameUnread') }, other.fullName),
          h('div', { class: cx('inboxPreview') },
            h('span', null, preview.length > 40 ? `${preview.slice(0, 40)}…` : preview),
            when ? h('span', null, ' · ') : null,
            when ? h('abbr', { 'aria-label': when.long }, h('span', null, when.short)) : null)),
        t.unread > 0 ? h('div', { class: cx('unreadDot') }) : null,
      ];
      const path = `/direct/t/${t.id}/`;
      // Since 2025 rows are div[role=button] with no href and no id (§1); older eras used links.
      if (this.variant.era === 'group') {
        const row = h('div', { role: 'button', tabindex: 0, class: cx('inboxRow', active && 'inboxRowActive') }, ...body);
        row.addEventListener('click', () => this.navigate(path));
        row.addEventListener('keydown', (e) => {
          if (e.key === 'Enter') this.navigate(path);
        });
        return row;
      }
      return h('a', { href: path, role: 'link', tabindex: 0, class: cx('inboxRow', active && 'inboxRowActive'), style: 'color:inherit;text-decoration:none' }, ...body);
    });
    return h('div', { 'aria-label': s.threadList, role: 'navigation', class: cx('inbox') },
      h('div', { class: cx('inboxHeader') }, h('span', null, this.viewer.username)), ...rows);
  }

  private refreshInbox(): void {
    document.title = this.titleText();
    if (!this.inboxEl) return;
    const fresh = this.inbox();
    this.inboxEl.replaceWith(fresh);
    this.inboxEl = fresh;
  }

  private emptyPane(): HTMLElement {
    const s = this.strings;
    return h('div', { class: this.cls.cx('empty') }, icon(null, 96), h('h2', { dir: 'auto' }, s.yourMessages), h('span', null, s.sendPrivate));
  }

  private profile(username: string): HTMLElement {
    const { cx } = this.cls;
    const thread = [...this.threads.values()].find((t) => t.users.some((u) => u.username === username));
    const person = thread?.users.find((u) => u.username === username) ?? (username === this.viewer.username ? this.viewer : null);
    if (!person) return h('div', { class: cx('empty') }, h('span', null, this.strings.unavailable));
    const message = thread ? h('div', { role: 'button', tabindex: 0, class: cx('sendButton') }, this.strings.messageButton) : null;
    message?.addEventListener('click', () => this.navigate(`/direct/t/${thread!.id}/`));
    return h('div', { class: cx('empty') }, avatar(this.strings.userProfilePicture, 150, cx('roundImg')),
      h('h2', { dir: 'auto' }, person.username), h('span', null, person.fullName), message);
  }

  // ---- thread -----------------------------------------------------------------------------

  private openThread(id: string): HTMLElement {
    const thread = this.threads.get(id)!;
    const other = thread.users[0]!;
    const { cx } = this.cls;
    const s = this.strings;
    const v = this.variant;
    const header = h('div', { class: cx('header') },
      h('a', { 'aria-label': s.openProfile(other.username), href: `/${other.username}/`, role: 'link', tabindex: 0, class: cx('headerLink') },
        avatar('', 44, cx('roundImg')),
        h('div', null,
          h('h2', { dir: 'auto', class: cx('headerName') }, h('span', null, h('span', { title: other.fullName }, other.fullName))),
          h('span', { dir: 'auto', class: cx('headerUser') }, h('span', null, other.username)))),
      h('div', { role: 'button', tabindex: 0, class: cx('iconButton') }, icon(s.audioCall)),
      h('div', { role: 'button', tabindex: 0, class: cx('iconButton') }, icon(s.videoCall)),
      h('div', { role: 'button', tabindex: 0, 'aria-label': s.conversationInfo, class: cx('iconButton') }, icon(null)));
    const list = new MessageList({
      era: v.era,
      strings: s,
      cls: this.cls,
      viewer: this.viewer,
      other,
      windowSize: v.windowSize,
      recreateRowsOnScroll: v.recreateRowsOnScroll,
      replaceScrollerEvery: v.replaceScrollerEvery,
      hoverLabelOn: v.hoverLabelOn,
      locale: s.lang,
      loadOlder: () => this.loadOlder(id),
    });
    const announce = h('div', { 'data-pagelet': 'IGDNewMessageAnnouncementForScreenReaders', 'aria-live': 'polite', class: cx('srOnly') });
    const composerSlot = document.createComment('');
    const column = h('div', { 'aria-label': s.conversationWith(other.fullName), class: cx('thread') }, header, list.root, composerSlot, announce);
    const view: ThreadView = { id, other, column, list, composer: null, composerSlot, announce };
    this.view = view;
    if (!this.composerRemoved) this.mountComposer(view, v.keepDrafts ? (this.drafts.get(id) ?? '') : '');
    void api.thread(id, null).then(
      (page) => {
        if (this.view !== view) return;
        view.list.setInitial(page.messages.map(toItem), page.hasOlder);
        if (v.keepDrafts && page.draft && view.composer && view.composer.text() === '' && !this.drafts.has(id)) {
          this.savedDrafts.set(id, page.draft);
          view.composer.setText(page.draft);
        }
        this.markSeen(id);
      },
      () => undefined,
    );
    return column;
  }

  private async loadOlder(id: string): Promise<void> {
    const view = this.view;
    if (!view || view.id !== id) return;
    const cursor = view.list.oldestId();
    try {
      const page = await api.thread(id, cursor);
      if (this.view === view) view.list.prepend(page.messages.map(toItem), page.hasOlder);
    } catch {
      // Left for the next scroll.
    }
  }

  private markSeen(id: string): void {
    const t = this.threads.get(id);
    if (!t || t.unread === 0) return;
    t.unread = 0;
    this.refreshInbox();
    void api.seen(id).catch(() => undefined);
  }

  private destroyView(): void {
    if (!this.view) return;
    if (this.typingActive) void api.activity(this.view.id, false).catch(() => undefined);
    this.view.composer?.destroy();
    this.view.list.destroy();
    this.view = null;
    this.typingActive = false;
  }

  // ---- composer ---------------------------------------------------------------------------

  private mountComposer(view: ThreadView, initialText: string): void {
    const composer = createComposer({
      era: this.variant.era,
      strings: this.strings,
      cls: this.cls,
      trusted: trustedMode(this.variant),
      initialText,
      onChange: (text) => this.onComposerChange(view.id, text),
      onSend: (text) => void this.submit(text),
    });
    view.composer = composer;
    view.composerSlot.after(composer.root);
  }

  private saveComposerDraft(): void {
    const c = this.view?.composer;
    if (c && this.view) this.drafts.set(this.view.id, c.text());
  }

  /** Drops the composer and mounts a new one (new nodes, empty state), as a React re-mount does. */
  replaceComposer(): boolean {
    const view = this.view;
    if (!view) return false;
    view.composer?.root.remove();
    view.composer?.destroy();
    view.composer = null;
    this.drafts.delete(view.id);
    this.composerRemoved = false;
    this.mountComposer(view, '');
    return true;
  }

  removeComposer(): boolean {
    this.composerRemoved = true;
    const view = this.view;
    if (!view?.composer) return false;
    view.composer.root.remove();
    view.composer.destroy();
    view.composer = null;
    return true;
  }

  restoreComposer(): boolean {
    this.composerRemoved = false;
    const view = this.view;
    if (!view || view.composer) return false;
    this.mountComposer(view, this.drafts.get(view.id) ?? '');
    return true;
  }

  composer(): Composer | null {
    return this.view?.composer ?? null;
  }

  list(): MessageList | null {
    return this.view?.list ?? null;
  }

  threadId(): string | null {
    return this.view?.id ?? null;
  }

  private onComposerChange(threadId: string, text: string): void {
    this.drafts.set(threadId, text);
    // Draft save (what a client that syncs drafts would send), at most every DRAFT_THROTTLE_MS
    // while the text changes, and the typing indicator (§9.3).
    if (!this.draftTimer) {
      this.draftTimer = window.setTimeout(() => this.flushDraft(false), DRAFT_THROTTLE_MS);
    }
    const now = Date.now();
    if (text.trim() !== '' && (!this.typingActive || now - this.typingSentAt > TYPING_REFRESH_MS)) {
      this.typingActive = true;
      this.typingSentAt = now;
      void api.activity(threadId, true).catch(() => undefined);
    } else if (text.trim() === '' && this.typingActive) {
      this.typingActive = false;
      void api.activity(threadId, false).catch(() => undefined);
    }
  }

  private flushDraft(beacon: boolean): void {
    window.clearTimeout(this.draftTimer);
    this.draftTimer = 0;
    for (const [id, text] of this.drafts) {
      if ((this.savedDrafts.get(id) ?? '') === text) continue;
      this.savedDrafts.set(id, text);
      if (beacon) api.draftBeacon(id, text);
      else void api.draft(id, text).catch(() => undefined);
    }
  }

  /** §9.3 item 2: state text, trim, length limit, optimistic clear and row, ack or failure. */
  async submit(raw: string): Promise<SendOutcome> {
    const view = this.view;
    if (!view) return 'no-thread';
    const text = raw.trim();
    if (text === '') return 'empty';
    const v = this.variant;
    if (v.lengthMode === 'reject' && byteLength(text) > v.lengthLimitBytes) {
      this.toast(this.strings.tooLong);
      return 'too-long';
    }
    view.composer?.clear();
    this.drafts.set(view.id, '');
    const cc = randomId();
    const pendingKey = `pending:${cc}`;
    view.list.append({ key: pendingKey, id: null, from: this.viewer.username, text, timestamp: Date.now(), pending: true, clientContext: cc });
    let res: BroadcastResponse;
    try {
      res = await api.broadcast(view.id, text, cc);
    } catch {
      res = { status: 'fail', message: this.strings.tryAgainLater, code: 'try_again_later' };
    }
    if (res.status === 'ok' && res.items.length > 0) {
      const [first, ...rest] = res.items;
      view.list.replace(pendingKey, toItem(first!));
      for (const m of rest) view.list.append(toItem(m));
      this.noteMessage(res.items[res.items.length - 1]!);
      return 'sent';
    }
    view.list.remove(pendingKey);
    if (res.status === 'ok') return 'dropped';
    this.showDialog(res.code === 'too_long' ? 'too-long' : 'failure');
    return 'failed';
  }

  // ---- live updates -----------------------------------------------------------------------

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const res = await api.sync(this.seq);
      this.seq = res.seq;
      for (const e of res.events) this.onEvent(e);
    } catch {
      // Offline for a moment; the next poll retries.
    } finally {
      this.polling = false;
    }
  }

  private noteMessage(m: WireMessage): void {
    const t = this.threads.get(m.threadId);
    if (!t) return;
    if (!t.lastMessage || t.lastMessage.timestamp <= m.timestamp) t.lastMessage = m;
    const open = this.view?.id === m.threadId;
    if (m.from !== this.viewer.username && !open) t.unread += 1;
    this.refreshInbox();
  }

  private onEvent(e: SyncEvent): void {
    if (e.type === 'variant') {
      this.applyVariant(e.variant);
      return;
    }
    if (e.type === 'typing') {
      this.typing.set(e.threadId, e.active);
      return;
    }
    const m = e.message;
    const view = this.view?.id === m.threadId ? this.view : null;
    if (e.type === 'edit') {
      const t = this.threads.get(m.threadId);
      if (t?.lastMessage?.id === m.id) t.lastMessage = m;
      view?.list.editText(m.id, m.text);
      this.refreshInbox();
      return;
    }
    if (view) {
      const pendingKey = m.clientContext !== undefined ? `pending:${m.clientContext}` : '';
      if (m.from === this.viewer.username && pendingKey && view.list.has(pendingKey)) view.list.replace(pendingKey, toItem(m));
      else view.list.append(toItem(m));
      if (m.from !== this.viewer.username) {
        view.announce.textContent = this.strings.newMessageFrom(view.other.fullName);
        void api.seen(m.threadId).catch(() => undefined);
      }
    }
    this.noteMessage(m);
  }

  // ---- dialogs and notices ----------------------------------------------------------------

  showDialog(kind: 'notifications' | 'failure' | 'too-long' | 'restricted'): void {
    const { cx } = this.cls;
    const s = this.strings;
    const titleId = `:d${randomId().slice(0, 4)}:`;
    const buttons: HTMLElement[] = [];
    let title: string;
    let body: string;
    if (kind === 'notifications') {
      title = s.notificationsTitle;
      body = s.notificationsBody;
      buttons.push(h('button', { type: 'button', tabindex: 0, class: cx('dialogButton', 'dialogPrimary') }, s.turnOn));
      buttons.push(h('button', { type: 'button', tabindex: 0, class: cx('dialogButton') }, s.notNow));
    } else {
      title = kind === 'failure' ? s.couldntSend : kind === 'too-long' ? s.tooLong : s.tryAgainLater;
      body = kind === 'restricted' ? s.restricted : s.tryAgainLater;
      buttons.push(h('button', { type: 'button', tabindex: 0, class: cx('dialogButton', 'dialogPrimary') }, s.ok));
    }
    const dialog = h('div', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, tabindex: -1, class: cx('dialog') },
      h('h2', { id: titleId, dir: 'auto', class: cx('dialogTitle') }, title),
      h('div', { dir: 'auto', class: cx('dialogBody') }, body), ...buttons);
    const backdrop = h('div', { class: cx('backdrop') }, dialog);
    for (const b of buttons) b.addEventListener('click', () => this.closeDialog(backdrop));
    document.body.append(backdrop);
    this.dialogs.push(backdrop);
    // A modal takes focus, so keystrokes meant for the composer land in the dialog.
    dialog.focus();
  }

  private closeDialog(backdrop: HTMLElement): void {
    backdrop.remove();
    this.dialogs = this.dialogs.filter((d) => d !== backdrop);
  }

  dismissDialogs(): number {
    const n = this.dialogs.length;
    for (const d of [...this.dialogs]) this.closeDialog(d);
    window.clearTimeout(this.lateDialogTimer);
    return n;
  }

  dialogTexts(): string[] {
    return this.dialogs.map((d) => d.textContent ?? '');
  }

  private toast(text: string): void {
    this.toastEl?.remove();
    const el = h('div', { role: 'alert', class: this.cls.cx('toast') }, text);
    document.body.append(el);
    this.toastEl = el;
    window.setTimeout(() => {
      if (this.toastEl === el) this.toastEl = null;
      el.remove();
    }, 4000);
  }

  toastText(): string | null {
    return this.toastEl?.textContent ?? null;
  }
}
