/**
 * The virtualized, inverted message list (instagram-dm-dom.md §6, §9.3 item 5, §10.4, 10.5, 10.8):
 * - a `flex-direction: column-reverse` scroller, so `scrollTop` is 0 at the newest message and
 *   negative towards older ones;
 * - only `windowSize` rows (about a dozen) are mounted, between two spacers sized from measured
 *   (or estimated) row heights;
 * - every scroll frame re-creates the mounted rows as new nodes (or, with
 *   `recreateRowsOnScroll: false`, only when the window moves), and the scroller element itself
 *   can be swapped every N frames;
 * - near the top, a `[role=progressbar]` (group/textarea era) or a "Loading..." row (grid era)
 *   is shown while the app fetches an older page;
 * - rows per era: group (`div[role=group][tabindex=-1]`, bubble `[role=presentation]` with the
 *   `mid.$…` id, inline `justify-content`, hover bar), grid (the Aug 2025 dump's
 *   `row > gridcell[data-scope=messages_table]`, hidden `h6` "You sent", "Double tap to like",
 *   "Details and actions"), textarea (`[role=listbox][tabindex=0]`).
 * Message text is always in its own leaf: `span[dir=auto] > div[dir=auto]`, or a bare `span`
 * for emoji-only messages (§6.5).
 */
import type { AccountInfo } from '../protocol';
import type { Era, HoverLabelOn } from '../variant';
import type { Strings } from './strings';
import type { ClassMap, ClassKey } from './styles';
import { avatar, h, icon } from './dom';

export interface Item {
  /** Stable key: the message id, or `pending:<client_context>` before the ack. */
  key: string;
  id: string | null;
  from: string;
  text: string;
  timestamp: number;
  pending: boolean;
  clientContext?: string;
}

export interface ListOptions {
  era: Era;
  strings: Strings;
  cls: ClassMap;
  viewer: AccountInfo;
  other: AccountInfo;
  windowSize: number;
  recreateRowsOnScroll: boolean;
  replaceScrollerEvery: number;
  hoverLabelOn: HoverLabelOn;
  locale: string;
  /** Asks the app for the next older page; resolves when it has been prepended (or failed). */
  loadOlder(): Promise<void>;
}

const ESTIMATED_ROW = 44;
const SEPARATOR_GAP_MS = 15 * 60_000;
const EMOJI_ONLY = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f|\s)+$/u;

function isEmojiOnly(text: string): boolean {
  return EMOJI_ONLY.test(text) && /\p{Extended_Pictographic}/u.test(text) && !/[0-9#*]/.test(text);
}

export class MessageList {
  readonly root: HTMLElement;
  private scroller: HTMLElement;
  private list: HTMLElement;
  private items: Item[] = [];
  private hasOlder = false;
  private loading = false;
  private hydrated = false;
  private readonly heights = new Map<string, number>();
  private mounted: { start: number; end: number } = { start: -1, end: -1 };
  private frame = 0;
  private scrollFrames = 0;
  private destroyed = false;
  private readonly timeFmt: Intl.DateTimeFormat;

  constructor(private readonly o: ListOptions) {
    const { cx } = o.cls;
    this.timeFmt = new Intl.DateTimeFormat(o.locale, { weekday: 'short', hour: 'numeric', minute: '2-digit' });
    this.scroller = this.makeScroller();
    this.list = this.scroller.firstElementChild as HTMLElement;
    if (o.era === 'group') {
      this.root = h('div', { 'data-pagelet': 'IGDMessagesList', class: cx('listPagelet') }, this.scroller);
    } else if (o.era === 'grid') {
      const grid = h('div', { 'aria-label': o.strings.messagesWith(o.other.fullName), role: 'grid', class: cx('listPagelet') }, this.scroller);
      this.root = h('div', { 'data-pagelet': 'IGDOpenMessageList', class: cx('listPagelet') }, grid);
    } else {
      this.root = h('div', { style: 'height: 100%; width: 100%;', class: cx('listPagelet') }, this.scroller);
    }
    this.renderSkeleton();
  }

  private makeScroller(): HTMLElement {
    const list = h('div', { class: this.o.cls.cx('list'), role: this.o.era === 'textarea' ? 'listbox' : null });
    const scroller = h('div', { class: this.o.cls.cx('scroller') }, list);
    scroller.addEventListener('scroll', this.onScroll, { passive: true });
    return scroller;
  }

  private readonly onScroll = (): void => {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.destroyed) return;
      this.scrollFrames += 1;
      const every = this.o.replaceScrollerEvery;
      if (every > 0 && this.scrollFrames % every === 0) this.replaceScroller();
      else this.render(this.o.recreateRowsOnScroll);
    });
  };

  // ---- data -------------------------------------------------------------------------------

  setInitial(items: Item[], hasOlder: boolean): void {
    this.items = items;
    this.hasOlder = hasOlder;
    this.hydrated = true;
    this.render(true);
  }

  prepend(items: Item[], hasOlder: boolean): void {
    const known = new Set(this.items.map((i) => i.key));
    this.items = [...items.filter((i) => !known.has(i.key)), ...this.items];
    this.hasOlder = hasOlder;
    this.render(true);
  }

  append(item: Item): void {
    if (this.items.some((i) => i.key === item.key)) return;
    this.items.push(item);
    this.items.sort((a, b) => (a.pending === b.pending ? a.timestamp - b.timestamp : a.pending ? 1 : -1));
    if (this.hydrated) this.render(true);
  }

  /** Swaps the item with `key` (e.g. an optimistic row for its acknowledged message). */
  replace(key: string, item: Item): void {
    const i = this.items.findIndex((x) => x.key === key);
    if (i === -1) return this.append(item);
    if (this.items.some((x) => x.key === item.key && x.key !== key)) this.items.splice(i, 1);
    else this.items[i] = item;
    this.render(true);
  }

  remove(key: string): void {
    this.items = this.items.filter((x) => x.key !== key);
    this.render(true);
  }

  editText(id: string, text: string): void {
    const item = this.items.find((x) => x.id === id);
    if (!item) return;
    item.text = text;
    this.heights.delete(item.key);
    this.render(true);
  }

  has(key: string): boolean {
    return this.items.some((x) => x.key === key);
  }

  oldestId(): string | null {
    return this.items.find((x) => x.id !== null)?.id ?? null;
  }

  // ---- state for the control object -------------------------------------------------------

  stats(): { loaded: number; mounted: number; hasOlder: boolean; loading: boolean; scrollTop: number; hydrated: boolean } {
    return {
      loaded: this.items.length,
      mounted: this.mounted.start < 0 ? 0 : this.mounted.end - this.mounted.start + 1,
      hasOlder: this.hasOlder,
      loading: this.loading,
      scrollTop: this.scroller.scrollTop,
      hydrated: this.hydrated,
    };
  }

  loadedTexts(): Array<{ id: string | null; from: string; text: string; pending: boolean }> {
    return this.items.map((i) => ({ id: i.id, from: i.from, text: i.text, pending: i.pending }));
  }

  scrollToTop(): void {
    this.scroller.scrollTop = -(this.scroller.scrollHeight - this.scroller.clientHeight);
  }

  scrollToBottom(): void {
    this.scroller.scrollTop = 0;
  }

  scrollBy(px: number): void {
    this.scroller.scrollTop -= px;
  }

  /** A new scroller element (same scroll position), as React does on some re-mounts (§6.6). */
  replaceScroller(): void {
    const top = this.scroller.scrollTop;
    const fresh = this.makeScroller();
    this.scroller.removeEventListener('scroll', this.onScroll);
    this.scroller.replaceWith(fresh);
    this.scroller = fresh;
    this.list = fresh.firstElementChild as HTMLElement;
    this.render(true);
    this.scroller.scrollTop = top;
  }

  destroy(): void {
    this.destroyed = true;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.scroller.removeEventListener('scroll', this.onScroll);
  }

  // ---- rendering --------------------------------------------------------------------------

  private renderSkeleton(): void {
    const bars: HTMLElement[] = [];
    for (let i = 0; i < 6; i++) {
      const own = i % 3 === 1;
      bars.push(
        h('div', { class: this.o.cls.cx('lane', own ? 'laneEnd' : 'laneStart') },
          h('div', { class: this.o.cls.cx('skeletonBar'), style: `width:${120 + ((i * 53) % 140)}px` })),
      );
    }
    this.list.replaceChildren(...bars);
  }

  private height(i: number): number {
    const item = this.items[i]!;
    return this.heights.get(item.key) ?? ESTIMATED_ROW + (this.hasSeparator(i) ? 34 : 0);
  }

  private hasSeparator(i: number): boolean {
    if (i === 0) return true;
    const prev = this.items[i - 1]!;
    return this.items[i]!.timestamp - prev.timestamp > SEPARATOR_GAP_MS;
  }

  private render(recreate: boolean): void {
    if (!this.hydrated || this.destroyed) return;
    const n = this.items.length;
    const offset = Math.max(0, -this.scroller.scrollTop);
    let bottomVisible = 0;
    let acc = 0;
    for (let i = n - 1; i >= 0; i--) {
      const hgt = this.height(i);
      if (acc + hgt > offset) {
        bottomVisible = i;
        break;
      }
      acc += hgt;
    }
    // About a dozen rows: `windowSize`, or more when that would not fill the viewport.
    const end = Math.min(n - 1, bottomVisible + 1);
    let start = Math.max(0, end - this.o.windowSize + 1);
    let covered = 0;
    for (let i = end; i >= 0 && covered < this.scroller.clientHeight + offset - acc + ESTIMATED_ROW; i--) {
      covered += this.height(i);
      start = Math.min(start, i);
    }
    if (!recreate && start === this.mounted.start && end === this.mounted.end) return;

    let top = 0;
    for (let i = 0; i < start; i++) top += this.height(i);
    let bottom = 0;
    for (let i = end + 1; i < n; i++) bottom += this.height(i);
    const rows: HTMLElement[] = [];
    for (let i = start; i <= end && n > 0; i++) rows.push(this.row(i));
    const { cx } = this.o.cls;
    const children: HTMLElement[] = [];
    if (this.loading) children.push(this.loader());
    children.push(h('div', { class: cx('spacer'), style: `height:${top}px` }));
    children.push(...rows);
    children.push(h('div', { class: cx('spacer'), style: `height:${bottom}px` }));
    this.list.replaceChildren(...children);
    this.mounted = n > 0 ? { start, end } : { start: -1, end: -1 };
    for (let i = start, r = 0; r < rows.length; i++, r++) this.heights.set(this.items[i]!.key, rows[r]!.offsetHeight);
    this.maybeLoadOlder(start);
  }

  private maybeLoadOlder(start: number): void {
    if (start !== 0 || !this.hasOlder || this.loading) return;
    const offset = Math.max(0, -this.scroller.scrollTop);
    const toTop = this.scroller.scrollHeight - this.scroller.clientHeight - offset;
    if (toTop > 200) return;
    this.loading = true;
    this.render(true);
    void this.o.loadOlder().finally(() => {
      this.loading = false;
      this.render(true);
    });
  }

  private loader(): HTMLElement {
    const { cx } = this.o.cls;
    const s = this.o.strings;
    if (this.o.era === 'grid') {
      return h('div', { role: 'row' },
        h('div', { role: 'cell', class: cx('progress') },
          h('div', null, h('div', null, s.loading),
            h('div', { 'aria-hidden': 'true', 'data-visualcompletion': 'loading-state', tabindex: -1 }, icon(null, 16)))));
    }
    return h('div', { role: 'progressbar', 'aria-valuetext': s.loading, 'aria-valuemin': 0, 'aria-valuemax': 100, class: cx('progress') }, icon(null, 16));
  }

  private row(i: number): HTMLElement {
    const item = this.items[i]!;
    const prev = this.items[i - 1];
    const next = this.items[i + 1];
    const ctx: RowContext = {
      item,
      own: item.from === this.o.viewer.username,
      firstOfRun: !prev || prev.from !== item.from || this.hasSeparator(i),
      lastOfRun: !next || next.from !== item.from,
      separator: this.hasSeparator(i) ? this.timeFmt.format(new Date(item.timestamp)) : null,
    };
    if (this.o.era === 'grid') return this.gridRow(ctx);
    if (this.o.era === 'textarea') return this.listboxRow(ctx);
    return this.groupRow(ctx);
  }

  private bubbleClasses(ctx: RowContext): string {
    const keys: Array<ClassKey | false> = ['bubble', ctx.own ? 'bubbleOut' : 'bubbleIn', isEmojiOnly(ctx.item.text) && 'bubbleEmoji', ctx.item.pending && 'bubblePending'];
    return this.o.cls.cx(...keys);
  }

  private textLeaf(text: string): HTMLElement {
    // §6.5: emoji-only messages render without the dir=auto wrapper.
    return isEmojiOnly(text) ? h('span', null, text) : h('span', { dir: 'auto' }, h('div', { dir: 'auto' }, text));
  }

  private separator(label: string | null): HTMLElement | null {
    return label === null ? null : h('div', { class: this.o.cls.cx('timeSep') }, h('span', null, label));
  }

  private profileLink(withImage: boolean, tabindex: number): HTMLElement {
    const u = this.o.other;
    return h('a', { 'aria-label': this.o.strings.openProfile(u.username), href: `/${u.username}/`, role: 'link', tabindex },
      withImage ? avatar(this.o.era === 'grid' ? u.fullName : this.o.strings.userProfilePicture, 28, this.o.cls.cx('roundImg')) : null);
  }

  /** 2026 group era, §6.3 / §9.2. */
  private groupRow(ctx: RowContext): HTMLElement {
    const { cx } = this.o.cls;
    const bubble = h('div', { id: ctx.item.id, role: 'presentation', class: this.bubbleClasses(ctx) }, this.textLeaf(ctx.item.text));
    const bar = h('div', { style: '--x-width: 96px', class: cx('hoverBar') });
    const lead = ctx.own ? null : ctx.firstOfRun ? this.profileLink(true, -1) : h('div', { class: cx('avatarSlot') });
    const lane = h('div', { class: cx('lane'), style: `display:flex;justify-content:${ctx.own ? 'flex-end' : 'flex-start'}` }, lead, bubble, bar);
    const group = h('div', { role: 'group', tabindex: -1 }, lane);
    const sender = ctx.own ? this.o.viewer.username : this.o.other.username;
    group.addEventListener('pointerover', () => {
      if (bar.firstChild) return;
      const s = this.o.strings;
      bar.append(this.hoverButton(s.reactTo(sender)), this.hoverButton(s.replyTo(sender)), this.hoverButton(s.moreOptions(sender), true));
    });
    group.addEventListener('pointerleave', () => bar.replaceChildren());
    return h('div', { class: cx('itemWrap') }, this.separator(ctx.separator), group);
  }

  private hoverButton(label: string, menu = false): HTMLElement {
    const where = this.o.hoverLabelOn;
    const attrs = { role: 'button', tabindex: 0, 'aria-haspopup': menu ? 'menu' : null, class: this.o.cls.cx('iconButton') };
    if (where === 'div') return h('div', { ...attrs, 'aria-label': label }, icon(null, 16));
    if (where === 'text') return h('div', attrs, h('span', { class: this.o.cls.cx('srOnly') }, label), icon(null, 16));
    return h('div', attrs, icon(label, 16));
  }

  /** Grid era, after the anonymized Aug 2025 dump (§6.2). */
  private gridRow(ctx: RowContext): HTMLElement {
    const { cx } = this.o.cls;
    const s = this.o.strings;
    const id = ctx.item.id;
    const label = h('div', { role: 'presentation' }, h('div', null, h('div', null,
      h('h6', { dir: 'auto', class: cx('srOnly') }, h('span', null, ctx.own ? s.youSent : this.o.other.fullName)))));
    const bubble = h('div', { role: 'presentation', class: `${this.bubbleClasses(ctx)} ${cx('bubbleFill')}` }, this.textLeaf(ctx.item.text));
    const tappable = h('div', {
      role: 'button',
      'aria-label': s.doubleTapToLike,
      'aria-labelledby': id ? `${id} double_tappable_id.${id}` : null,
      id: id ? `double_tappable_id.${id}` : null,
      tabindex: 0,
    }, h('div', { id }, h('div', { role: 'presentation' }, h('div', null, h('div', { role: 'none' }, h('div', null, bubble))))));
    const emptySlot = (side: 'Start' | 'End'): HTMLElement =>
      h('div', { style: `--paddingBottom: 0px; --paddingInline${side}: 0px` }, h('div', null, h('div', { 'aria-hidden': 'true' }, h('div', { role: 'presentation' }))));
    const avatarSlot = h('div', { style: '--paddingBottom: 0px; --paddingInlineEnd: 0px', class: cx('avatarSlot') },
      h('div', null, h('div', { role: 'presentation' }, this.profileLink(ctx.lastOfRun, -1))));
    const lane = ctx.own
      ? h('div', { class: cx('gridLane', 'laneEnd') }, h('div', { style: '--paddingBottom: 0px; --paddingInlineStart: 0px' }), h('div', { class: cx('laneItem') }, tappable), emptySlot('End'))
      : h('div', { class: cx('gridLane', 'laneStart') }, avatarSlot, h('div', { class: cx('laneItem') }, tappable), emptySlot('Start'));
    const cell = h('div', { role: 'gridcell', 'data-scope': 'messages_table', tabindex: 0, 'data-release-focus-from': 'CLICK', class: cx('gridCell') },
      this.separator(ctx.separator), label, h('div', { role: 'presentation', style: '--height: 10px;' }), lane, h('div', { role: 'presentation', style: '--height: 7px;' }));
    const details = h('div', { role: 'gridcell' },
      h('div', { 'aria-label': s.detailsAndActions, role: 'button', tabindex: -1, class: cx('srOnly') },
        h('div', null, h('div', null, h('span', { dir: 'auto' }, s.enter))), h('div', { role: 'none', 'data-visualcompletion': 'ignore' })));
    const row = h('div', {
      role: 'row',
      class: cx('gridRow'),
      style: '--chat-outgoing-message-bubble-background-color: #3797F0; --chat-incoming-message-bubble-background-color: rgb(var(--ig-highlight-background)); --mwp-message-list-actions-width: 96px;',
    }, h('div', { class: cx('gridCell') }, cell), details);
    return h('div', { 'data-virtualized': 'false' }, h('div', null, h('div', null, h('div', { style: 'opacity: 1;' }, row))));
  }

  /** 2020–22 textarea era (§6.1 first row). */
  private listboxRow(ctx: RowContext): HTMLElement {
    const { cx } = this.o.cls;
    const bubble = h('div', { class: this.bubbleClasses(ctx) }, h('div', null, h('div', null, h('span', null, ctx.item.text))));
    const lead = ctx.own ? null : ctx.lastOfRun ? this.profileLink(true, 0) : h('div', { class: cx('avatarSlot') });
    return h('div', { role: 'listbox', tabindex: 0, class: cx('listboxRow') }, this.separator(ctx.separator),
      h('div', { class: cx('lane', ctx.own ? 'laneEnd' : 'laneStart') }, lead, bubble));
  }
}

interface RowContext {
  item: Item;
  own: boolean;
  firstOfRun: boolean;
  lastOfRun: boolean;
  separator: string | null;
}
