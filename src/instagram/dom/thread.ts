/**
 * The open thread on the page: its message list root, the pane around it (header, list,
 * composer) and the list's scroller. Reference: instagram-dm-dom.md §2 (hidden duplicate panes on
 * mobile), §3 (header inside `aria-label="Conversation with …"`), §4.6 (docked widget outside the
 * thread), §6.1 (list containers by era), §6.6 (scroller, re-acquired after React swaps it).
 *
 * Nothing is cached: every call reads the live DOM, so a replaced list, scroller or pane is found
 * again on the next call.
 *
 * List roots, in order of trust (all skip anything inside a dialog):
 *  1. `[data-pagelet="IGDMessagesList"]` (group era) and `[data-pagelet="IGDOpenMessageList"]` (grid era);
 *  2. a `[role=grid]` holding `[role=row]`s (grid era without the pagelet);
 *  3. `[aria-label^="Messages in conversation"]` (English only);
 *  4. the container of `[role=listbox][tabindex=0]` rows (textarea era);
 *  5. for `[role=group][tabindex=-1]` rows outside all of the above: the highest ancestor that
 *     holds no composer, heading or navigation landmark.
 */
import { composerCandidatesIn } from './editable';
import { probeWith, type DomProbe } from './probe';
import { MAX_CLIMB, MAX_SCROLLER_DEPTH, SELECTORS } from './selectors';
import { matches, outermost, queryAll } from './tree';

export type Era = 'group' | 'grid' | 'listbox' | 'unknown';
export type ListVia = 'pagelet' | 'grid-role' | 'aria-label' | 'listbox' | 'row-ancestor';

export interface MessageListRef {
  root: Element;
  era: Era;
  /** Which rule found it (see the file comment); 'pagelet' is the most trusted. */
  via: ListVia;
}

export interface ThreadView {
  list: MessageListRef;
  /**
   * The lowest ancestor of the list that also holds a composer candidate: the thread pane.
   * Undefined when the thread has no composer (an unaccepted message request, §4.6).
   */
  pane: Element | undefined;
  /**
   * The highest ancestor of the list that still belongs to this thread only: below `main`, below
   * any ancestor holding another list or a navigation landmark. The header is searched here.
   */
  column: Element | undefined;
  /** The list sits inside the `main` landmark (the docked DM widget does not, §4.6). */
  inMain: boolean;
}

export type ThreadViewResult =
  | { ok: true; view: ThreadView }
  | { ok: false; reason: 'no-list' | 'hidden' | 'ambiguous' };

function inDialog(el: Element): boolean {
  return el.closest(SELECTORS.dialog) !== null;
}

/** The era a list root shows by its rows; `hint` when it holds no rows yet. */
export function detectEra(root: Element, hint: Era = 'unknown'): Era {
  if (root.querySelector(SELECTORS.groupRow)) return 'group';
  if (matches(root, SELECTORS.grid) || root.querySelector(`${SELECTORS.grid}, ${SELECTORS.gridCell}`)) return 'grid';
  if (root.querySelector(SELECTORS.listboxRow)) return 'listbox';
  return hint;
}

/** True when `a` holds a composer candidate, a heading or a navigation landmark (so it is more than a list). */
function holdsNonListParts(a: Element): boolean {
  return composerCandidatesIn(a).length > 0 || a.querySelector(`${SELECTORS.heading}, ${SELECTORS.navigation}`) !== null;
}

/** Every message list root under `scope`, outermost first-found, in the trust order of the file comment. */
export function findMessageLists(scope: Document | Element): MessageListRef[] {
  const found: MessageListRef[] = [];
  const covered = (el: Element): boolean => found.some((f) => f.root === el || f.root.contains(el));
  const add = (root: Element, era: Era, via: ListVia): void => {
    if (inDialog(root) || covered(root)) return;
    found.push({ root, era, via });
  };

  for (const el of queryAll(scope, SELECTORS.listPageletGroup)) add(el, detectEra(el, 'group'), 'pagelet');
  for (const el of queryAll(scope, SELECTORS.listPageletGrid)) add(el, detectEra(el, 'grid'), 'pagelet');
  for (const el of outermost(queryAll(scope, SELECTORS.grid))) {
    if (el.querySelector(SELECTORS.gridRow)) add(el, 'grid', 'grid-role');
  }
  for (const el of outermost(queryAll(scope, SELECTORS.listAriaLabel))) add(el, detectEra(el), 'aria-label');

  const listboxRows = queryAll(scope, SELECTORS.listboxRow).filter((r) => !covered(r) && !inDialog(r));
  const listboxRoots = new Set<Element>();
  for (const row of listboxRows) {
    const outer = row.parentElement?.closest(SELECTORS.listbox) ?? row.parentElement;
    if (outer) listboxRoots.add(outer);
  }
  for (const el of outermost([...listboxRoots])) add(el, 'listbox', 'listbox');

  const looseRows = queryAll(scope, SELECTORS.groupRow).filter((r) => !covered(r) && !inDialog(r));
  for (const row of looseRows) {
    if (covered(row)) continue;
    let top: Element | undefined;
    for (let a = row.parentElement, n = 0; a && n < MAX_CLIMB; a = a.parentElement, n++) {
      if (a.localName === 'body' || matches(a, SELECTORS.main) || holdsNonListParts(a)) break;
      top = a;
    }
    if (top) add(top, 'group', 'row-ancestor');
  }
  return found;
}

/**
 * The ancestors of `listRoot` that belong to its thread only, lowest first: the climb stops
 * below `main`, `body`, MAX_CLIMB levels, or an ancestor holding another list root or a
 * navigation landmark (left rail, inbox).
 */
function threadAncestors(listRoot: Element, otherRoots: readonly Element[]): Element[] {
  const chain: Element[] = [];
  for (let a = listRoot.parentElement, n = 0; a && n < MAX_CLIMB; a = a.parentElement, n++) {
    if (a.localName === 'body' || a.localName === 'html' || matches(a, SELECTORS.main)) break;
    if (otherRoots.some((o) => o !== listRoot && a!.contains(o))) break;
    if (a.querySelector(SELECTORS.navigation)) break;
    chain.push(a);
  }
  return chain;
}

/** The pane and column around a known list (see ThreadView). `allRoots`: every list root on the page. */
export function threadViewOf(list: MessageListRef, allRoots: readonly Element[] = []): ThreadView {
  const chain = threadAncestors(list.root, allRoots);
  const pane = chain.find((a) => composerCandidatesIn(a, list.root).length > 0);
  return {
    list,
    pane,
    column: chain[chain.length - 1],
    inMain: list.root.closest(SELECTORS.main) !== null,
  };
}

/**
 * The thread the user is looking at: the single visible message list (preferring one inside
 * `main` when several are visible, e.g. with the docked widget open). Fails with 'ambiguous'
 * rather than guess between two visible threads.
 */
export function findThreadView(doc: Document, probe?: Partial<DomProbe>): ThreadViewResult {
  const p = probeWith(probe);
  const lists = findMessageLists(doc);
  if (lists.length === 0) return { ok: false, reason: 'no-list' };
  let pick = lists.filter((l) => p.isVisible(l.root));
  if (pick.length === 0) return { ok: false, reason: 'hidden' };
  if (pick.length > 1) {
    const inMain = pick.filter((l) => l.root.closest(SELECTORS.main) !== null);
    if (inMain.length > 0) pick = inMain;
  }
  const only = pick[0];
  if (pick.length !== 1 || !only) return { ok: false, reason: 'ambiguous' };
  return { ok: true, view: threadViewOf(only, lists.map((l) => l.root)) };
}

/** The message list root of the open thread, or undefined. */
export function findMessageListRoot(doc: Document, probe?: Partial<DomProbe>): Element | undefined {
  const r = findThreadView(doc, probe);
  return r.ok ? r.view.list.root : undefined;
}

function isScrollable(el: Element, p: DomProbe): boolean {
  const overflow = p.css(el, 'overflow-y');
  return overflow === 'auto' || overflow === 'scroll' || overflow === 'overlay';
}

/**
 * The element that scrolls the list: breadth-first from the root (depth MAX_SCROLLER_DEPTH), the
 * first with `overflow-y: auto|scroll` (idmu `findScrollableChild`, §6.6); then the first with
 * `flex-direction: column-reverse` (the inverted list, §6.6); then the root's own ancestors
 * (a few levels) with scrolling overflow. Undefined when none is found.
 */
export function findScroller(list: MessageListRef | Element, probe?: Partial<DomProbe>): Element | undefined {
  const p = probeWith(probe);
  const root = 'root' in list ? list.root : list;
  const visited: Element[] = [];
  let frontier: Element[] = [root];
  for (let depth = 0; depth <= MAX_SCROLLER_DEPTH && frontier.length > 0; depth++) {
    const hit = frontier.find((el) => isScrollable(el, p));
    if (hit) return hit;
    visited.push(...frontier);
    frontier = frontier.flatMap((el) => Array.from(el.children));
  }
  const byReverse = visited.find((el) => p.css(el, 'flex-direction') === 'column-reverse');
  if (byReverse) return byReverse;
  for (let a = root.parentElement, n = 0; a && n < 4; a = a.parentElement, n++) {
    if (a.localName === 'body' || a.localName === 'html') break;
    if (isScrollable(a, p)) return a;
  }
  return undefined;
}
