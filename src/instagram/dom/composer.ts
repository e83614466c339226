/**
 * The visible composer of the open thread and its Send button (instagram-dm-dom.md §4.1, §4.2,
 * §4.6, §2 "Old DOM kept behind the new view", §10.1–§10.3, §10.10).
 *
 * Composer, in this order:
 *  1. the thread pane (thread.ts) must be unique and visible; the composer is searched only there,
 *     never in the docked DM widget or the inbox;
 *  2. candidates: editable `[role=textbox]`, Lexical roots, `<textarea>` (editable.ts), outside the
 *     message list and outside dialogs nested in the pane;
 *  3. visible ones only (probe: hidden mobile duplicates have `visibility:hidden`, zero size or an
 *     `aria-hidden` ancestor);
 *  4. one left: 'only-visible'; else the only one inside `[data-pagelet^=IGDComposer]`: 'pagelet';
 *     else the only focused one: 'focused'; else 'ambiguous' (fail closed).
 *
 * Send button, near the composer (its bar: the composer pagelet, or the highest ancestor of the
 * composer holding no list, row, heading, link, navigation or other composer):
 *  1. 'text-button': the only text-only (no icon) button after the composer in document order.
 *     Instagram shows icon buttons for an empty draft and a text "Send" button for a non-empty one
 *     (§4.2, §9.3 item 1); the textarea era's `<button>Send</button>` is text-only too. Among
 *     several text buttons, the only one whose text is a known Send word wins;
 *  2. 'labelled-icon': a button whose icon (or itself) carries a known Send word as its label
 *     (`svg[aria-label="Send"]` → closest button, §4.2 older/mobile layouts);
 *  else 'absent' (an empty draft, or a composer that never took the text, §4.3) or 'ambiguous'.
 */
import { composerCandidatesIn, composerKind, type ComposerKind } from './editable';
import { probeWith, type DomProbe } from './probe';
import { MAX_BUTTON_TEXT, SELECTORS, SEND_WORDS } from './selectors';
import { findThreadView } from './thread';
import { closestBelow, isHtmlElement, normalizeLabel, outermost, precedes, queryAll } from './tree';

export type ComposerVia = 'only-visible' | 'pagelet' | 'focused';

export interface ComposerMatch {
  element: HTMLElement;
  kind: ComposerKind;
  /** The composer bar (pagelet or bounded ancestor) where its buttons live. */
  bar: Element;
  via: ComposerVia;
}

export type ComposerFailure = 'no-thread' | 'ambiguous-thread' | 'no-composer' | 'hidden' | 'ambiguous';
export type ComposerResult = { ok: true; composer: ComposerMatch } | { ok: false; reason: ComposerFailure };

export type SendVia = 'text-button' | 'labelled-icon';

export interface SendButtonMatch {
  element: HTMLElement;
  via: SendVia;
  /** The text or label read from it (normalized). */
  label: string;
  /** The label is a known Send word (a confidence signal, not a requirement for 'text-button'). */
  labelKnown: boolean;
  /** `disabled` or `aria-disabled="true"`. */
  disabled: boolean;
}

export type SendButtonResult = { ok: true; button: SendButtonMatch } | { ok: false; reason: 'absent' | 'ambiguous' };

const MAX_BAR_CLIMB = 6;
/** A composer pagelet holding any of these is not just a composer bar. */
const NOT_IN_PAGELET = [
  SELECTORS.listPageletGroup,
  SELECTORS.listPageletGrid,
  SELECTORS.grid,
  SELECTORS.anyRow,
  SELECTORS.listbox,
  SELECTORS.navigation,
  SELECTORS.dialog,
].join(', ');
/** Without a pagelet, the climb stops below the first ancestor holding any of these (header, list, rail). */
const NOT_IN_BAR = `${NOT_IN_PAGELET}, ${SELECTORS.heading}, ${SELECTORS.link}`;

/** The composer bar around `textbox` (see the file comment). */
export function composerBar(textbox: Element): Element {
  const pagelet = textbox.parentElement?.closest(SELECTORS.composerPagelet);
  if (pagelet && !pagelet.querySelector(NOT_IN_PAGELET)) return pagelet;
  let top: Element = textbox;
  for (let a = textbox.parentElement, n = 0; a && n < MAX_BAR_CLIMB; a = a.parentElement, n++) {
    if (a.localName === 'body' || a.localName === 'html') break;
    if (a.querySelector(NOT_IN_BAR)) break;
    if (composerCandidatesIn(a).some((c) => c !== textbox)) break;
    top = a;
  }
  return top;
}

/** The composer among the candidates under `scope` (steps 2–4 of the file comment). */
export function findComposerIn(scope: Element, opts: { probe?: Partial<DomProbe>; exclude?: Element } = {}): ComposerResult {
  const p = probeWith(opts.probe);
  const all = composerCandidatesIn(scope, opts.exclude).filter(
    (el) => isHtmlElement(el) && !closestBelow(el, scope, SELECTORS.dialog),
  ) as HTMLElement[];
  if (all.length === 0) return { ok: false, reason: 'no-composer' };
  const visible = all.filter((el) => p.isVisible(el));
  if (visible.length === 0) return { ok: false, reason: 'hidden' };
  const match = (element: HTMLElement, via: ComposerVia): ComposerResult => ({
    ok: true,
    composer: { element, kind: composerKind(element) ?? 'contenteditable', bar: composerBar(element), via },
  });
  if (visible.length === 1) return match(visible[0]!, 'only-visible');
  const inPagelet = visible.filter((el) => el.parentElement?.closest(SELECTORS.composerPagelet));
  if (inPagelet.length === 1) return match(inPagelet[0]!, 'pagelet');
  const active = scope.ownerDocument.activeElement;
  const focused = visible.filter((el) => active !== null && (el === active || el.contains(active)));
  if (focused.length === 1) return match(focused[0]!, 'focused');
  return { ok: false, reason: 'ambiguous' };
}

/** The composer of the thread open in `doc`. */
export function findComposer(doc: Document, probe?: Partial<DomProbe>): ComposerResult {
  const r = findThreadView(doc, probe);
  if (!r.ok) return { ok: false, reason: r.reason === 'ambiguous' ? 'ambiguous-thread' : 'no-thread' };
  if (!r.view.pane) return { ok: false, reason: 'no-composer' };
  return findComposerIn(r.view.pane, { probe, exclude: r.view.list.root });
}

function isDisabled(el: Element): boolean {
  return el.hasAttribute('disabled') || el.getAttribute('aria-disabled') === 'true';
}

function iconLabels(button: Element): string[] {
  const own = button.getAttribute('aria-label');
  const labels = own ? [own] : [];
  for (const icon of queryAll(button, SELECTORS.labelledIcon)) labels.push(icon.getAttribute('aria-label') ?? '');
  for (const title of queryAll(button, SELECTORS.svgTitle)) labels.push(title.textContent ?? '');
  return labels.map(normalizeLabel).filter((l) => l !== '');
}

/** The Send button of a composer (see the file comment). */
export function findSendButton(composer: ComposerMatch | Element, probe?: Partial<DomProbe>): SendButtonResult {
  const p = probeWith(probe);
  const textbox = 'element' in composer ? composer.element : composer;
  const bar = 'element' in composer ? composer.bar : composerBar(textbox);
  const buttons = outermost(queryAll(bar, SELECTORS.button)).filter(
    (b) => isHtmlElement(b) && !b.contains(textbox) && !textbox.contains(b) && p.isVisible(b),
  ) as HTMLElement[];
  const found = (element: HTMLElement, via: SendVia, label: string): SendButtonResult => ({
    ok: true,
    button: { element, via, label, labelKnown: SEND_WORDS.has(label), disabled: isDisabled(element) },
  });

  const textButtons = buttons
    .filter((b) => precedes(textbox, b) && b.querySelector(SELECTORS.icon) === null)
    .map((b) => ({ b, label: normalizeLabel(b.textContent) }))
    .filter(({ label }) => label !== '' && label.length <= MAX_BUTTON_TEXT);
  if (textButtons.length === 1) return found(textButtons[0]!.b, 'text-button', textButtons[0]!.label);
  if (textButtons.length > 1) {
    const known = textButtons.filter(({ label }) => SEND_WORDS.has(label));
    if (known.length === 1) return found(known[0]!.b, 'text-button', known[0]!.label);
    return { ok: false, reason: 'ambiguous' };
  }

  const labelled = buttons
    .map((b) => ({ b, label: iconLabels(b).find((l) => SEND_WORDS.has(l)) }))
    .filter((x): x is { b: HTMLElement; label: string } => x.label !== undefined);
  if (labelled.length === 1) return found(labelled[0]!.b, 'labelled-icon', labelled[0]!.label);
  if (labelled.length > 1) return { ok: false, reason: 'ambiguous' };
  return { ok: false, reason: 'absent' };
}
