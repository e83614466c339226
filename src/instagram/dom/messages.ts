/**
 * Message rows of the open thread: which elements are messages, their stable key, their text
 * (message text only, never the row's noise) and their direction.
 * Reference: instagram-dm-dom.md §6.1–§6.5, §10.4, §10.5, §10.11, §10.12.
 *
 * Rows: `[role=group][tabindex=-1]` (group era), `[role=row]` holding a gridcell (grid era),
 * `[role=listbox][tabindex=0]` (textarea era); loader rows (progressbar, "Loading...") are
 * skipped; rows are returned in document order, which is chronological (the list is
 * `column-reverse`, newest last in the DOM, §6.6).
 *
 * Key: the row's `id^="mid."` element (§6.2). A row without one is not acknowledged yet (the
 * optimistic bubble, §5, §9.3 step 5): its key is undefined.
 *
 * Text, searched inside the bubble (the `mid.` element; the whole row when there is none), never
 * inside labels, links, buttons, icons or hidden helpers (SELECTORS.notMessageText: the "You sent"
 * h6, reply quotes, "Edited", "Details and actions"/"Enter", hover-bar labels), in this order:
 *  1. 'text-leaf': leaf `div[dir=auto]` whose parent is `span[dir=auto]` (the dump's TARGET, §6.2);
 *  2. 'dir-auto-leaf': any leaf `div[dir=auto]` (InstaDM-Scraper's rule, §6.5);
 *  3. 'plain': only when the scope holds no `[dir=auto]` at all (emoji-only bubbles render a bare
 *     `<span>`, §6.5; textarea-era rows): the text of the text-bearing elements of the bubble, or,
 *     without a `mid.` bubble, of the row's last text-bearing element (separators and sender
 *     names come first in a row);
 *  otherwise 'none' (e.g. "Mentioned you in their story", whose only text is a `span[dir=auto]` label).
 * Several leaves are joined with '\n'; each is trimmed (Instagram trims messages, §7).
 *
 * Direction, from independent structural signals (§6.4); the first decisive one answers, and any
 * disagreement between decisive signals gives 'unknown' ('conflict'):
 *  1. 'avatar-link': a text-less profile link outside the bubble means incoming (§6.4 item 1);
 *  2. 'lane-justify': the nearest row-direction flex ancestor of the bubble with
 *     `justify-content: flex-end|end` means outgoing, `flex-start|start` incoming (logical
 *     values, so RTL does not flip them; §6.4 item 2, §6.3);
 *  3. 'slot-order': grid era, the empty `--paddingInlineStart` slot before the bubble means
 *     outgoing, the `--paddingInlineEnd` avatar slot incoming (§6.4 item 1 caveat; fragile);
 *  4. 'hover-label': the trailing username of the `[aria-haspopup=menu]` "See more options for
 *     message from USER" control, when the caller names itself or the counterparts (§6.4 item 4).
 * Colour and position are never used (§6.4 items 5–6: themes, dark mode and RTL break them).
 */
import { probeWith, type DomProbe } from './probe';
import { SELECTORS } from './selectors';
import { closestBelow, innermost, isHtmlElement, matches, outermost, queryAll, squish } from './tree';
import type { MessageListRef } from './thread';
import { normalizeUsername, usernameFromProfileHref } from './username';

export type Direction = 'outgoing' | 'incoming' | 'unknown';
export type TextVia = 'text-leaf' | 'dir-auto-leaf' | 'plain' | 'none';
export type DirectionVia = 'avatar-link' | 'lane-justify' | 'slot-order' | 'hover-label' | 'conflict' | 'none';

export interface MessageText {
  /** The message text, trimmed; undefined when the row holds none ('none'). */
  text: string | undefined;
  /** The elements the text was read from (where armor would be hidden: HTML elements only). */
  elements: HTMLElement[];
  via: TextVia;
  /** The bubble: the `mid.` element, else the text's nearest `[role=presentation]`, else its parent. */
  bubble: Element | undefined;
}

export interface DirectionResult {
  direction: Direction;
  via: DirectionVia;
  /** Sender username when a signal names it (avatar link, hover label, or `selfUsername` for outgoing). */
  sender: string | undefined;
}

export interface MessageRow {
  row: Element;
  /** The `mid.$…` id, or undefined (not acknowledged yet, or not found). */
  key: string | undefined;
  text: string | undefined;
  textElements: Element[];
  textVia: TextVia;
  bubble: Element | undefined;
  direction: Direction;
  directionVia: DirectionVia;
  sender: string | undefined;
}

export interface ReadOptions {
  probe?: Partial<DomProbe>;
  /** The signed-in user's username: lets the hover-label signal recognise own messages. */
  selfUsername?: string;
  /** The thread's other members: lets the hover-label signal recognise incoming messages. */
  counterparts?: readonly string[];
}

const MESSAGE_ID = /^mid\.[\x21-\x7e]{1,200}$/;

/** The message rows under a list root, outermost, loaders skipped, in document order. */
export function listMessageRows(list: MessageListRef | Element): Element[] {
  const root = 'root' in list ? list.root : list;
  const rows = outermost(queryAll(root, SELECTORS.anyRow));
  return rows.filter((row) => {
    if (matches(row, SELECTORS.gridRow) && !row.querySelector(SELECTORS.gridCell)) return false;
    return !row.querySelector(SELECTORS.loader) || row.querySelector(SELECTORS.messageId) !== null;
  });
}

/**
 * The row's `mid.` element: the only one not inside a reply quote or detail control
 * (SELECTORS.quoteLike; a quote could carry the quoted message's id), innermost. Undefined when
 * none or several remain.
 */
function messageIdElement(row: Element): Element | undefined {
  const mids = queryAll(row, SELECTORS.messageId).filter((m) => !closestBelow(m, row, SELECTORS.quoteLike));
  const distinct = innermost(mids);
  return distinct.length === 1 ? distinct[0] : undefined;
}

/** The row's stable message key (`mid.$…`), validated as printable ASCII of bounded length. */
export function messageKey(row: Element): string | undefined {
  const id = messageIdElement(row)?.getAttribute('id') ?? '';
  return MESSAGE_ID.test(id) ? id : undefined;
}

function excluded(el: Element, scope: Element): boolean {
  return closestBelow(el, scope, SELECTORS.notMessageText) !== undefined;
}

/** Elements with their own non-blank text node, not excluded, outermost. */
function textBearing(scope: Element): Element[] {
  const all = queryAll(scope, SELECTORS.anyElement).filter((el) => {
    if (excluded(el, scope)) return false;
    return Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.nodeValue ?? '').trim() !== '');
  });
  const ownText = Array.from(scope.childNodes).some((n) => n.nodeType === 3 && (n.nodeValue ?? '').trim() !== '');
  return ownText ? [scope] : outermost(all);
}

function join(els: readonly Element[]): string | undefined {
  const parts = els.map((el) => (el.textContent ?? '').trim()).filter((t) => t !== '');
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** The message text of a row (see the file comment for the tiers). */
export function readMessageText(row: Element): MessageText {
  const mid = messageIdElement(row);
  const scope = mid ?? row;
  const bubbleOf = (els: readonly Element[]): Element | undefined => {
    if (mid) return mid;
    const first = els[0];
    if (!first) return undefined;
    return closestBelow(first, row, SELECTORS.presentation) ?? first.parentElement ?? undefined;
  };
  const result = (elements: Element[], via: TextVia): MessageText => {
    const text = join(elements);
    // An element of another namespace (the page can make one) has no style to hide armor with.
    if (text === undefined || !elements.every(isHtmlElement)) return { text: undefined, elements: [], via: 'none', bubble: mid };
    return { text, elements, via, bubble: bubbleOf(elements) };
  };

  const leaves = queryAll(scope, SELECTORS.dirAuto).filter(
    (el) => el.querySelector(SELECTORS.dirAuto) === null && !excluded(el, scope),
  );
  const divLeaves = leaves.filter((el) => el.localName === 'div');
  const textLeaves = divLeaves.filter((el) => {
    const parent = el.parentElement;
    return parent !== null && parent.localName === 'span' && parent.getAttribute('dir') === 'auto';
  });
  if (textLeaves.length > 0) return result(textLeaves, 'text-leaf');
  if (divLeaves.length > 0) return result(divLeaves, 'dir-auto-leaf');
  if (scope.querySelector(SELECTORS.dirAuto) !== null || matches(scope, SELECTORS.dirAuto)) {
    return { text: undefined, elements: [], via: 'none', bubble: mid };
  }
  const plain = textBearing(scope);
  // Without a bubble element, row-level chrome (a time separator, a sender name) precedes the
  // bubble in the row, so the message is the last text-bearing element.
  return result(mid ? plain : plain.slice(-1), 'plain');
}

type Vote = { direction: 'outgoing' | 'incoming'; via: DirectionVia; sender?: string };

/** Signal 1: a text-less profile link outside the bubble and outside the text (the sender's avatar). */
function avatarVote(row: Element, text: MessageText): Vote | undefined {
  for (const a of queryAll(row, SELECTORS.link)) {
    if (text.bubble?.contains(a) || text.elements.some((t) => t.contains(a))) continue;
    if (closestBelow(a, row, SELECTORS.heading)) continue;
    const button = closestBelow(a, row, SELECTORS.button);
    if (button && !(text.bubble && button.contains(text.bubble))) continue;
    if (squish(a.textContent) !== '') continue;
    const user = usernameFromProfileHref(a.getAttribute('href'));
    if (user) return { direction: 'incoming', via: 'avatar-link', sender: user };
  }
  return undefined;
}

/** Signal 2: the nearest row-direction flex ancestor of the bubble with a logical justify-content. */
function laneVote(row: Element, anchor: Element | undefined, p: DomProbe): Vote | undefined {
  if (!anchor) return undefined;
  for (let a = anchor.parentElement; a; a = a.parentElement) {
    const display = p.css(a, 'display');
    if (display === 'flex' || display === 'inline-flex') {
      const flow = p.css(a, 'flex-direction') || 'row';
      if (flow === 'row' || flow === 'row-reverse') {
        const jc = p.css(a, 'justify-content');
        let end: boolean | undefined;
        if (jc === 'flex-end' || jc === 'end') end = true;
        else if (jc === 'flex-start' || jc === 'start') end = false;
        if (end !== undefined) {
          if (flow === 'row-reverse') end = !end;
          return { direction: end ? 'outgoing' : 'incoming', via: 'lane-justify' };
        }
      }
    }
    if (a === row) break;
  }
  return undefined;
}

/** Signal 3: grid era slot before the bubble (`--paddingInlineStart` empty slot = outgoing). */
function slotVote(row: Element, anchor: Element | undefined): Vote | undefined {
  for (let cur = anchor; cur && cur !== row; cur = cur.parentElement ?? undefined) {
    for (let sib = cur.previousElementSibling; sib; sib = sib.previousElementSibling) {
      const style = sib.getAttribute('style') ?? '';
      if (style.includes('--paddingInlineStart')) return { direction: 'outgoing', via: 'slot-order' };
      if (style.includes('--paddingInlineEnd')) return { direction: 'incoming', via: 'slot-order' };
    }
  }
  return undefined;
}

/** Signal 4: the trailing username of the "See more options for message from USER" menu control. */
function hoverVote(row: Element, text: MessageText, opts: ReadOptions): Vote | undefined {
  const self = opts.selfUsername ? normalizeUsername(opts.selfUsername) : undefined;
  const others = new Set((opts.counterparts ?? []).map((u) => normalizeUsername(u)).filter((u) => u !== undefined));
  if (!self && others.size === 0) return undefined;
  for (const menu of queryAll(row, SELECTORS.menuControl)) {
    if (text.bubble?.contains(menu)) continue;
    const labels = [menu, ...queryAll(menu, SELECTORS.labelled)].map((el) => el.getAttribute('aria-label') ?? '');
    labels.push(menu.textContent ?? '');
    for (const label of labels) {
      const token = squish(label).split(' ').pop() ?? '';
      const user = normalizeUsername(token);
      if (!user) continue;
      if (user === self) return { direction: 'outgoing', via: 'hover-label', sender: user };
      if (others.has(user)) return { direction: 'incoming', via: 'hover-label', sender: user };
    }
  }
  return undefined;
}

function directionFrom(row: Element, text: MessageText, opts: ReadOptions): DirectionResult {
  const p = probeWith(opts.probe);
  const anchor = text.bubble ?? text.elements[0];
  const votes = [avatarVote(row, text), laneVote(row, anchor, p), slotVote(row, anchor), hoverVote(row, text, opts)].filter(
    (v): v is Vote => v !== undefined,
  );
  const first = votes[0];
  if (!first) return { direction: 'unknown', via: 'none', sender: undefined };
  if (votes.some((v) => v.direction !== first.direction)) return { direction: 'unknown', via: 'conflict', sender: undefined };
  const named = votes.find((v) => v.sender !== undefined)?.sender;
  const self = opts.selfUsername ? normalizeUsername(opts.selfUsername) : undefined;
  return { direction: first.direction, via: first.via, sender: named ?? (first.direction === 'outgoing' ? self : undefined) };
}

/** The direction of a row (see the file comment for the signals). */
export function readDirection(row: Element, opts: ReadOptions = {}): DirectionResult {
  return directionFrom(row, readMessageText(row), opts);
}

/** Everything about one row. Never throws; fields are undefined/'unknown' where the row is odd. */
export function readMessageRow(row: Element, opts: ReadOptions = {}): MessageRow {
  const text = readMessageText(row);
  const dir = directionFrom(row, text, opts);
  return {
    row,
    key: messageKey(row),
    text: text.text,
    textElements: text.elements,
    textVia: text.via,
    bubble: text.bubble,
    direction: dir.direction,
    directionVia: dir.via,
    sender: dir.sender,
  };
}

/** All rows of a list, read. */
export function readMessages(list: MessageListRef | Element, opts: ReadOptions = {}): MessageRow[] {
  return listMessageRows(list).map((row) => readMessageRow(row, opts));
}

/** The profile usernames of the avatar links of a list's rows (a 1:1 thread shows one at most). */
export function rowSenders(list: MessageListRef | Element): string[] {
  const names = new Set<string>();
  for (const row of listMessageRows(list)) {
    const vote = avatarVote(row, readMessageText(row));
    if (vote?.sender) names.add(vote.sender);
  }
  return [...names];
}
