/**
 * Every assumption this extension makes about Instagram's DM page, in one table.
 * Source of each entry: shared/reference/instagram-dm-dom.md (section numbers cited as §n).
 *
 * Rules kept by the table (and checked by tests/unit/instagram/selectors.test.ts):
 * - no class selectors: atomic class names change per deploy (§2, §10.6);
 * - no selector depends on UI language; localized words live in the word lists at the bottom and
 *   are only ever a tie-breaker or a confidence signal, never the sole way to find an element;
 * - everything the page renders is hostile input: these selectors only locate, the callers
 *   validate what they read.
 */

export const SELECTORS = {
  // ---- page regions -------------------------------------------------------------------------

  /** The main content landmark. The thread column lives inside it; the docked DM widget does not (§4.6, §9.2). */
  main: 'main, [role="main"]',
  /** Navigation landmarks (left rail, inbox "Thread list"): a thread's region never contains one (§6.7, §9.2). */
  navigation: 'nav, [role="navigation"]',
  /** Modal or non-modal dialogs: "Turn on Notifications", "Couldn't send", "Action blocked" (§4.6, §5, §10.12). */
  dialog: '[role="dialog"], [role="alertdialog"], [aria-modal="true"], dialog[open]',
  /** Alert and live regions that carry send-failure notices (§5 "Failure strings seen"). */
  alert: '[role="alert"], [role="alertdialog"]',
  liveRegion: '[aria-live]:not([aria-live="off"])',
  /** Markup that hides a subtree: React keeps hidden panes mounted this way (§2 "Old DOM kept behind"). */
  hidden: '[aria-hidden="true"], [hidden], [inert]',

  // ---- message list (§6.1) ------------------------------------------------------------------

  /** Group era (late 2025–2026) list pagelet (§6.1 table, 2026 row; §9.2). */
  listPageletGroup: '[data-pagelet="IGDMessagesList"]',
  /** Grid era (2023 – about Aug 2025) list pagelet (§6.1 table; the Aug 2025 dump). */
  listPageletGrid: '[data-pagelet="IGDOpenMessageList"]',
  /** Grid era grid, with or without the pagelet (§6.1 rows 2023–24 and 2025). */
  grid: '[role="grid"]',
  /** English-only label of the grid era list; last resort after structure (§3, §6.1 instafn quote). */
  listAriaLabel: '[aria-label^="Messages in conversation"]',
  /** Textarea era: each message is a focusable listbox inside a listbox (§6.1 table, 2020–22 row). */
  listboxRow: '[role="listbox"][tabindex="0"]',
  listbox: '[role="listbox"]',

  // ---- message rows (§6.1–§6.3) -------------------------------------------------------------

  /** Group era message: `div[role=group][tabindex=-1]` (§6.1 instafn quote, §6.3, §9.2). */
  groupRow: '[role="group"][tabindex="-1"]',
  /** Grid era message row; loader rows are `row > cell` instead of gridcell (§6.2 "Loader"). */
  gridRow: '[role="row"]',
  gridCell: '[role="gridcell"]',
  /** Any row shape, for eras we cannot tell apart (§6.1 instafn: `[role=group][tabindex=-1], [role=row]`). */
  anyRow: '[role="group"][tabindex="-1"], [role="row"], [role="listbox"][tabindex="0"]',
  /** Paging spinners inside the list (§6.2 "Loader", §6.6 "Loading older pages"). */
  loader: '[role="progressbar"], [data-visualcompletion="loading-state"]',
  /** Per-message id `mid.$…`, the stable key of a message (§6.2 "Per-message id"). */
  messageId: '[id^="mid."]',
  /** The bubble in the group era, and bubble parts in the grid era (§6.3, §6.5). */
  presentation: '[role="presentation"]',
  /** Text carriers: the message is the leaf `span[dir=auto] > div[dir=auto]` (§6.2 "TARGET", §6.5). */
  dirAuto: '[dir="auto"]',
  /**
   * Ancestors that disqualify a text leaf inside a row: labels ("You sent" h6), reply quotes and
   * "Edited"/"Details and actions"/hover-bar controls (role=button), avatar and mention links,
   * icons, hidden helpers, editors, spinners, and the hover bar placeholder (§6.2 "Noise text",
   * §6.3 hover bar `div[style*="--x-width: 96px"]`, §10.12).
   */
  notMessageText:
    'h1, h2, h3, h4, h5, h6, a, button, svg, [role="button"], [role="link"], [role="menu"], [role="menuitem"], ' +
    '[role="dialog"], [role="progressbar"], [role="textbox"], [contenteditable], textarea, input, ' +
    '[aria-hidden="true"], [hidden], [data-visualcompletion="loading-state"], [style*="--x-width"]',
  /**
   * Reply quotes and per-row controls ("Details and actions", "Edited") are unfocusable buttons;
   * the grid era's "Double tap to like" wrapper around the bubble has tabindex 0 (§6.2 dump).
   */
  quoteLike: '[role="button"][tabindex="-1"]',
  /** The hover bar's "See more options for message from USER" control opens a menu (§6.3). */
  menuControl: '[aria-haspopup="menu"]',
  /** Any labelled element (labels move between a button, its wrapper and its svg, §10.6). */
  labelled: '[aria-label]',
  /** Every element (the emoji-only fallback reads any text-bearing element of a bubble, §6.5). */
  anyElement: '*',
  /** Links; a profile link is `a[href="/<username>/"]` (§3 identity check, §6.4 item 1). */
  link: 'a[href]',
  /** Things that make an element an icon rather than a text label (§4.2 icon buttons). */
  icon: 'svg, img, [role="img"]',

  // ---- composer (§4.1, §4.2) ----------------------------------------------------------------

  /** Composer pagelet, group era: `IGDComposerForCannes`; `isDmComposerFocused` checks the prefix (§4.1 table, 2026 row). */
  composerPagelet: '[data-pagelet^="IGDComposer"]',
  /**
   * Composer candidates: the Lexical contenteditable `[role=textbox]` (2023–), any Lexical root,
   * and the 2020–22 `textarea` (§4.1 table). Never by aria-label: it is localized (§4.1 "Localized labels").
   */
  composerCandidate: '[role="textbox"][contenteditable], [contenteditable][data-lexical-editor="true"], textarea',
  /** Lexical marks its root element with this attribute (§4.1 reconstructed element). */
  lexicalRoot: '[data-lexical-editor="true"]',
  /** Buttons around the composer: `div[role=button]` (2023–) and `<button>` (2020–22) (§4.2). */
  button: '[role="button"], button',
  /** Icon-only buttons labelled on their svg, e.g. older/mobile `svg[aria-label="Send"]` (§4.2). */
  labelledIcon: 'svg[aria-label], [role="img"][aria-label]',
  /** The same label as an svg `<title>` (idmu: "moved aria-label ... to a nested SVG/title", §10.6). */
  svgTitle: 'svg title',

  // ---- header (§3) --------------------------------------------------------------------------

  /** Headings in the thread header or dialogs; the composer bar never contains one (§3 dump). */
  heading: 'h1, h2, h3, h4, h5, h6',
} as const;

/** The `contenteditable` values that make an element editable (HTML spec); anything else is not a composer. */
export const EDITABLE_VALUES: readonly string[] = ['', 'true', 'plaintext-only'];

/**
 * First path segments that are Instagram routes, not usernames, so `a[href="/direct/inbox/"]` is
 * never read as a profile link (§1 URL table; other entries are well-known instagram.com routes).
 */
export const RESERVED_PATHS: ReadonlySet<string> = new Set([
  'direct', 'explore', 'accounts', 'p', 'reel', 'reels', 'stories', 'tv', 'about', 'legal', 'developer',
  'challenge', 'emails', 'web', 'session', 'oauth', 'api', 'graphql', 'ajax', 'static', 'privacy', 'terms',
  'help', 'press', 'jobs', 'lite', 'nametag', 'directory', 'your_activity',
]);

/**
 * Send-button words (§4.2 "Send"; §10.7 "Enviar", "Kirim", "보내기"; Russian as in the local mock).
 * Used only to pick among several text buttons or an `svg[aria-label]` icon, and reported as a
 * confidence flag; the primary rule is structural (the text-only button after the composer).
 */
export const SEND_WORDS: ReadonlySet<string> = new Set(['send', 'enviar', 'отправить', 'kirim', '보내기']);

/**
 * Send-failure phrases, lower-cased substrings (§5 "Failure strings seen", §7 "(#100) The message
 * is too long"; Spanish and Russian as in the local mock, unverified against the real site).
 */
export const FAILURE_PHRASES: readonly string[] = [
  "couldn't send", 'could not send', 'try again later', 'we restrict certain activity', 'action blocked',
  'message is too long',
  'no se pudo enviar', 'inténtalo de nuevo más tarde', 'restringimos ciertas actividades', 'demasiado largo',
  'не удалось отправить', 'повторите попытку позже', 'ограничиваем некоторые действия', 'слишком длинное',
];

/** Longest button text still considered a label (a Send button reads one word). */
export const MAX_BUTTON_TEXT = 40;
/** How far up from a list or composer the region searches climb (the Aug 2025 dump needs 4–5). */
export const MAX_CLIMB = 12;
/** Depth of the breadth-first search for the list's scroller (idmu `findScrollableChild`, §6.6). */
export const MAX_SCROLLER_DEPTH = 8;
