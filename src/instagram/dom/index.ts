/**
 * All knowledge of Instagram's DM DOM (instagram-dm-dom.md), behind pure functions of a
 * Document/Element. One job per file:
 * - selectors.ts: every selector and word list, with the reference section it relies on;
 * - thread-id.ts: thread id from the URL; username.ts: usernames and profile hrefs;
 * - thread.ts: message list root, thread pane, scroller; header.ts: the counterpart;
 * - composer.ts: the visible composer and its Send button; editable.ts: composer candidates;
 * - messages.ts: rows, message key, text and direction; overlays.ts: dialogs and failure notices;
 * - probe.ts: visibility/style/layout questions, injectable for tests; tree.ts: traversal helpers.
 * No function throws on odd DOM, caches nodes, keeps global state or writes to the page.
 */
export { SELECTORS, SEND_WORDS, FAILURE_PHRASES } from './selectors';
export { threadRefFromPath, threadRefFromUrl, type ThreadRef, type ThreadIdFormat } from './thread-id';
export { normalizeUsername, usernameFromProfileHref } from './username';
export { browserProbe, layoutFreeProbe, isRendered, isHitTestable, probeWith, rectsOverlap, type DomProbe, type Rect } from './probe';
export {
  findMessageLists,
  findThreadView,
  findMessageListRoot,
  findScroller,
  threadViewOf,
  detectEra,
  type Era,
  type ListVia,
  type MessageListRef,
  type ThreadView,
  type ThreadViewResult,
} from './thread';
export { readCounterpart, counterpartOf, headerUsernames, type Counterpart } from './header';
export { composerKind, composerCandidatesIn, type ComposerKind } from './editable';
export {
  findComposer,
  findComposerIn,
  findSendButton,
  composerBar,
  type ComposerMatch,
  type ComposerResult,
  type ComposerFailure,
  type ComposerVia,
  type SendButtonMatch,
  type SendButtonResult,
  type SendVia,
} from './composer';
export {
  listMessageRows,
  messageKey,
  readMessageText,
  readDirection,
  readMessageRow,
  readMessages,
  rowSenders,
  type Direction,
  type DirectionResult,
  type DirectionVia,
  type MessageRow,
  type MessageText,
  type ReadOptions,
  type TextVia,
} from './messages';
export { findDialogsOverComposer, findSendFailureSignals, type FailureSignal } from './overlays';
