/**
 * The switchable DOM and behaviour variants of the local instagram.com (shared by the Node server
 * and the browser client). Each switch mirrors one entry of
 * shared/reference/instagram-dm-dom.md §10 "DOM variants a robust content script must survive";
 * the defaults are the "2026 group era" page of §9.2.
 */

export type Era = 'textarea' | 'grid' | 'group';
export type Locale = 'en' | 'es' | 'ru';
export type SendFailure = 'none' | 'dialog' | 'silent';
/** §7: the web client's behaviour past the limit is unknown; reject is what the brief asks for. */
export type LengthMode = 'reject' | 'truncate' | 'split';
/**
 * §4.3 item 5 / §10.3. `false`: stock Lexical (execCommand, synthetic paste and beforeinput work).
 * `true` / `'ignore'`: untrusted input, and the trusted `input` that execCommand produces without a
 * trusted `beforeinput`, are dropped and the editor shows its own state again.
 * `'domOnly'`: the same input is kept out of the editor state but left visible in the DOM, so the
 * box looks typed-into, no Send button appears, and Enter clears it without sending anything.
 */
export type TrustedInputOnly = boolean | 'ignore' | 'domOnly';
/** Where hover-bar labels ("See more options for message from USER") sit (§6.3, §10.6). */
export type HoverLabelOn = 'svg' | 'div' | 'text';

export interface Variant {
  era: Era;
  locale: Locale;
  rtl: boolean;
  dark: boolean;
  /** Serve `Content-Security-Policy: require-trusted-types-for 'script'` (needs a page load). */
  trustedTypes: boolean;
  /** Atomic class names regenerated on every page load (and on every live variant change). */
  randomClassNames: boolean;
  trustedInputOnly: TrustedInputOnly;
  /** A "Turn on Notifications" modal over the composer, `lateDialogDelayMs` after a page load. */
  lateDialog: boolean;
  lateDialogDelayMs: number;
  /** Server side: the send request is received (and logged) but nothing is stored. */
  sendFailure: SendFailure;
  /** Server side: how long the send request is held before it is acknowledged (§9.3 step 5). */
  ackDelayMs: number;
  lengthLimitBytes: number;
  lengthMode: LengthMode;
  /** Rows mounted by the virtualized list. */
  windowSize: number;
  /** Messages per page fetched from the server. */
  pageSize: number;
  /** Server side: delay before an older page is answered (the progressbar is visible meanwhile). */
  olderPageDelayMs: number;
  /** Server side: delay before the first page of a thread (a skeleton is shown meanwhile). */
  hydrationDelayMs: number;
  /** Re-create every mounted row on every scroll frame (true) or only when the window moves. */
  recreateRowsOnScroll: boolean;
  /** Replace the scroller element itself every N scroll frames (0: never). */
  replaceScrollerEvery: number;
  /** Keep an unsent draft per thread across SPA navigation, and restore the server-saved draft. */
  keepDrafts: boolean;
  /** SPA navigation changes the URL at once and the view this long after (0: together). */
  lateViewMs: number;
  hoverLabelOn: HoverLabelOn;
}

export const DEFAULT_VARIANT: Readonly<Variant> = Object.freeze({
  era: 'group',
  locale: 'en',
  rtl: false,
  dark: false,
  trustedTypes: false,
  randomClassNames: false,
  trustedInputOnly: false,
  lateDialog: false,
  lateDialogDelayMs: 1500,
  sendFailure: 'none',
  ackDelayMs: 300,
  lengthLimitBytes: 1000,
  lengthMode: 'reject',
  windowSize: 12,
  pageSize: 20,
  olderPageDelayMs: 400,
  hydrationDelayMs: 0,
  recreateRowsOnScroll: true,
  replaceScrollerEvery: 0,
  keepDrafts: true,
  lateViewMs: 0,
  hoverLabelOn: 'svg',
});

const ERAS: readonly Era[] = ['textarea', 'grid', 'group'];
const LOCALES: readonly Locale[] = ['en', 'es', 'ru'];
const FAILURES: readonly SendFailure[] = ['none', 'dialog', 'silent'];
const LENGTH_MODES: readonly LengthMode[] = ['reject', 'truncate', 'split'];
const HOVER: readonly HoverLabelOn[] = ['svg', 'div', 'text'];

function pick<T>(allowed: readonly T[], value: unknown, fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}
function int(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

/** Merges an untrusted partial (a request body, a test's options) into `base`; unknown keys and bad values are ignored. */
export function mergeVariant(base: Readonly<Variant>, patch: unknown): Variant {
  const p = (typeof patch === 'object' && patch !== null ? patch : {}) as Record<string, unknown>;
  const tio = p.trustedInputOnly;
  return {
    era: pick(ERAS, p.era, base.era),
    locale: pick(LOCALES, p.locale, base.locale),
    rtl: bool(p.rtl, base.rtl),
    dark: bool(p.dark, base.dark),
    trustedTypes: bool(p.trustedTypes, base.trustedTypes),
    randomClassNames: bool(p.randomClassNames, base.randomClassNames),
    trustedInputOnly: tio === true || tio === false || tio === 'ignore' || tio === 'domOnly' ? tio : base.trustedInputOnly,
    lateDialog: bool(p.lateDialog, base.lateDialog),
    lateDialogDelayMs: int(p.lateDialogDelayMs, base.lateDialogDelayMs, 0, 600_000),
    sendFailure: pick(FAILURES, p.sendFailure, base.sendFailure),
    ackDelayMs: int(p.ackDelayMs, base.ackDelayMs, 0, 600_000),
    lengthLimitBytes: int(p.lengthLimitBytes, base.lengthLimitBytes, 1, 10_000_000),
    lengthMode: pick(LENGTH_MODES, p.lengthMode, base.lengthMode),
    windowSize: int(p.windowSize, base.windowSize, 3, 500),
    pageSize: int(p.pageSize, base.pageSize, 1, 500),
    olderPageDelayMs: int(p.olderPageDelayMs, base.olderPageDelayMs, 0, 600_000),
    hydrationDelayMs: int(p.hydrationDelayMs, base.hydrationDelayMs, 0, 600_000),
    recreateRowsOnScroll: bool(p.recreateRowsOnScroll, base.recreateRowsOnScroll),
    replaceScrollerEvery: int(p.replaceScrollerEvery, base.replaceScrollerEvery, 0, 1_000_000),
    keepDrafts: bool(p.keepDrafts, base.keepDrafts),
    lateViewMs: int(p.lateViewMs, base.lateViewMs, 0, 600_000),
    hoverLabelOn: pick(HOVER, p.hoverLabelOn, base.hoverLabelOn),
  };
}

/** The trusted-only mode with `true` spelled out. */
export function trustedMode(v: Pick<Variant, 'trustedInputOnly'>): 'off' | 'ignore' | 'domOnly' {
  if (v.trustedInputOnly === 'domOnly') return 'domOnly';
  return v.trustedInputOnly === false ? 'off' : 'ignore';
}
