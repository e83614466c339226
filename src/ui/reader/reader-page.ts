/**
 * The reader frame: an extension-origin iframe the content script puts inside a chat bubble that
 * holds Sealed DMs ciphertext, at `/reader-frame.html#m=<messageId>&s=<status>&p=<part>&n=<parts>`
 * (src/ui/frame-hash.ts). Decrypted text exists only here (and in the background's archive).
 *
 * The hash is the page's to rewrite, so it is trusted for nothing: `s=ok` only means "ask the
 * background for message m", and the text, sender, time and verification shown all come from the
 * background's answer. Any other status shows a failure badge and its explanation, never text and
 * never a verified mark. The user's security pattern is drawn in every state.
 *
 * A frame created before the background had answered about its bubble has an empty fragment and
 * gets the same address from the content script in a message (./reader-target.ts): taken from the
 * parent window only, while the fragment is empty, once. Until then it shows "Loading…".
 *
 * Plain DOM, no framework: a thread opens with a dozen of these documents loading at once, each
 * one script, so the script is kept small (its own strings, no Preact, no polyfill). A message
 * takes one request: `readMessage` answers with the pattern; the other states ask `status` for it.
 */
import { request, type ClientReply } from '../../messaging/client';
import type { MessageVerification, ReaderMessage, SecurityPattern } from '../../messaging/protocol';
import { parseReaderHash, type FailureStatus, type ReaderTarget } from '../frame-hash';
import { postToParent, resizeMessage, shownMessage } from '../frame-messages';
import { rereadDelay } from '../reread';
import { patternBadge } from './pattern-badge';
import { rt, type ReaderRefusal, type ReaderStringKey } from './reader-strings';
import { isReaderTargetMessage } from './reader-target';

export { REREAD_RETRY_MS } from '../reread';

const PATTERN_SIZE = 16;
const NOTE_PATTERN_SIZE = 20;
const READER_REFUSALS: readonly string[] = ['locked', 'no-message', 'no-identity', 'corrupted', 'unsupported-version'] satisfies ReaderRefusal[];
const VERIFICATION_ICON: Record<MessageVerification, string> = { verified: '✓', unverified: '○', 'key-changed': '⚠', 'earlier-key': '○' };

type Failure = Extract<ClientReply<unknown>, { ok: false }>;

type View =
  | { kind: 'note'; text: string; alert: boolean }
  | { kind: 'failure'; status: FailureStatus; part: number | null; parts: number | null }
  | { kind: 'message'; message: ReaderMessage };

type Child = Node | string | null | false | undefined;

function el(doc: Document, tag: string, attrs: Readonly<Record<string, string>>, ...children: Child[]): HTMLElement {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c) node.append(c); // strings become text nodes: never parsed as markup
  return node;
}

/** Plain words for a failed request (as src/ui/failure-text.ts, for what `readMessage` can answer). */
export function readerFailureText(failure: Failure): string {
  if (failure.error !== 'refused') return rt(`error.${failure.error}`);
  return READER_REFUSALS.includes(failure.reason) ? rt(`refusal.${failure.reason as ReaderRefusal}`) : rt('error.internal');
}

function payloadIcon(status: FailureStatus): string {
  if (status === 'incomplete') return '…';
  if (status === 'locked') return '🔒';
  if (status === 'deleted') return '🗑'; // the user's own doing, not an alarm
  return '⚠';
}

/** The explanation; for `incomplete` with a valid part number, which part this bubble holds. */
function payloadExplanation(status: FailureStatus, part: number | null, parts: number | null): string {
  if (status === 'incomplete' && part !== null && parts !== null) return rt('payload.incomplete.part', { part, parts });
  return rt(`payload.${status}.body`);
}

let dateFormat: Intl.DateTimeFormat | undefined;

/** A date and time in the UI language (English, as src/ui/i18n formatDateTime). */
function formatDateTime(date: Date): string {
  dateFormat ??= new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
  return dateFormat.format(date);
}

function validDate(epochMs: number): Date | null {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? null : date;
}

function draw(doc: Document, view: View, pattern: SecurityPattern | null): Node {
  const badge = (size: number) => (pattern ? patternBadge(doc, pattern, size) : null);
  if (view.kind === 'note') {
    const role = view.alert ? 'alert' : 'status';
    return el(doc, 'div', { class: 'frame-note' }, badge(NOTE_PATTERN_SIZE), el(doc, 'p', { role, 'data-testid': 'frame-note' }, view.text));
  }
  if (view.kind === 'failure') {
    const { status } = view;
    return el(
      doc,
      'div',
      { 'data-testid': 'payload-failure', 'data-status': status },
      el(
        doc,
        'div',
        { class: 'reader-meta' },
        badge(PATTERN_SIZE),
        el(doc, 'span', { class: `payload-badge payload-${status}` }, el(doc, 'span', { 'aria-hidden': 'true' }, payloadIcon(status)), rt(`payload.${status}.badge`)),
      ),
      el(doc, 'p', { class: 'reader-explain', role: 'status' }, payloadExplanation(status, view.part, view.parts)),
    );
  }
  const m = view.message;
  const when = validDate(m.at);
  const verification = m.verification;
  return el(
    doc,
    'article',
    { 'data-testid': 'reader-message', 'data-direction': m.direction },
    el(doc, 'p', { class: 'reader-text', dir: 'auto', 'data-testid': 'reader-text' }, m.text),
    el(
      doc,
      'div',
      { class: 'reader-meta' },
      badge(PATTERN_SIZE),
      el(doc, 'span', {}, rt(m.direction === 'sent' ? 'reader.to' : 'reader.from', { name: m.contactName })),
      when && el(doc, 'time', { datetime: when.toISOString() }, formatDateTime(when)),
      el(
        doc,
        'span',
        { class: `badge badge-${verification}`, 'data-verification': verification },
        el(doc, 'span', { 'aria-hidden': 'true' }, `${VERIFICATION_ICON[verification]} `),
        rt(`verification.${verification}` as ReaderStringKey),
      ),
    ),
  );
}

/** The first view of a target, before any answer. */
function initialView(target: ReaderTarget | null): View {
  if (target === null) return { kind: 'note', text: rt('frame.badLink'), alert: true };
  if (target.kind === 'failure') return { kind: 'failure', status: target.status, part: target.part, parts: target.parts };
  if (target.continues) return { kind: 'note', text: rt('reader.continued', target.continues), alert: false };
  return { kind: 'note', text: rt('common.loading'), alert: false };
}

/** Subscribes to the background's `changed` notice (src/messaging/changed-notice.ts); returns the unsubscribe. */
export type NoticeSubscription = (callback: () => void) => () => void;

/**
 * Shows the reader for the frame's own address in `app`, re-reading when the address changes (a new
 * target starts from scratch), when the frame gets focus or its tab becomes visible again, and when
 * the background says something changed (`notices`): the vault locked, and a message shown must
 * give way to "locked" at once, or the user unlocked or verified meanwhile. Returns a function
 * that stops it.
 */
export function mountReader(app: HTMLElement, win: Window, notices: NoticeSubscription): () => void {
  const doc = app.ownerDocument;
  const root = el(doc, 'div', { class: 'frame reader', 'data-testid': 'reader-frame' });
  app.replaceChildren(root);

  let pattern: SecurityPattern | null = null;
  let target: ReaderTarget | null = null;
  let view: View = initialView(null);
  /** Bumped by every request: a reply to an older one is dropped. */
  let asked = 0;
  /** The current target had an answer: a re-read that finds the background away keeps it a while. */
  let answered = false;
  /** `shown` was posted for the current target (frame-messages.ts). */
  let told = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  /** Set once the frame listens for the background's `changed` notice (after its first answer). */
  let stopNotices: (() => void) | undefined;

  const show = (): void => {
    root.replaceChildren(draw(doc, view, pattern));
  };

  /** Sends one request; on a re-read that finds the background away, asks again (../reread.ts). */
  const ask = <T>(send: () => Promise<ClientReply<T>>, onReply: (r: ClientReply<T>) => void, attempt = 0): void => {
    const id = ++asked;
    clearTimeout(timer);
    void send().then((r) => {
      if (stopped || id !== asked) return;
      const delay = rereadDelay(r, answered, attempt);
      if (delay !== undefined) {
        timer = setTimeout(() => ask(send, onReply, attempt + 1), delay);
        return;
      }
      answered = true;
      onReply(r);
      if (!told) {
        told = true;
        postToParent(shownMessage());
      }
      // From the first answer on there is something to hide when the vault locks: listen then,
      // not while the frame is still loading (a thread opens with several frames loading at once).
      stopNotices ??= notices(refresh);
    });
  };

  const askStatus = (): void =>
    ask(
      () => request('privileged', 'status', {}),
      (r) => {
        pattern = r.ok ? r.value.pattern : null;
        show();
      },
    );

  const read = (messageId: string): void =>
    ask(
      () => request('privileged', 'readMessage', { messageId }),
      (r) => {
        if (r.ok) {
          pattern = r.value.pattern;
          view = { kind: 'message', message: r.value };
          show();
          return;
        }
        if (r.error === 'refused' && r.reason === 'no-message') view = { kind: 'note', text: rt('reader.noMessage'), alert: false };
        else if (r.error === 'refused' && r.reason === 'locked') view = { kind: 'failure', status: 'locked', part: null, parts: null };
        else view = { kind: 'note', text: readerFailureText(r), alert: true };
        show();
        // A failure comes without the pattern: ask for it.
        askStatus();
      },
    );

  const refresh = (): void => {
    if (hash === '') return; // no address yet: nothing to ask
    if (target?.kind === 'message' && !target.continues) read(target.messageId);
    else askStatus();
  };

  let hash: string | undefined;
  /** The address the content script posted (a frame created with an empty fragment). */
  let posted: string | undefined;
  const start = (): void => {
    const address = win.location.hash || posted || '';
    // A hashchange to the address already shown (e.g. set again) changes nothing.
    if (address === hash) return;
    hash = address;
    answered = false;
    told = false;
    if (address === '') {
      // Created before the background answered: the address comes in a message.
      target = null;
      view = { kind: 'note', text: rt('common.loading'), alert: false };
      show();
      return;
    }
    target = parseReaderHash(address);
    view = initialView(target);
    show();
    refresh();
  };

  // The frame's content height, now and after every change (the content script decides what to do with it).
  let last = -1;
  const report = (): void => {
    const message = resizeMessage(root.getBoundingClientRect().height);
    if (message.height === last) return;
    last = message.height;
    postToParent(message);
  };
  const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(report);
  observer?.observe(root);

  const onHash = (): void => start();
  const onMessage = (event: MessageEvent): void => {
    if (event.source !== win.parent || posted !== undefined || win.location.hash !== '' || !isReaderTargetMessage(event.data)) return;
    posted = event.data.hash;
    start();
  };
  const onFocus = (): void => refresh();
  const onVisibility = (): void => {
    if (doc.visibilityState === 'visible') refresh();
  };
  win.addEventListener('hashchange', onHash);
  win.addEventListener('message', onMessage);
  win.addEventListener('focus', onFocus);
  doc.addEventListener('visibilitychange', onVisibility);
  start();
  report();

  return () => {
    stopped = true;
    clearTimeout(timer);
    observer?.disconnect();
    win.removeEventListener('hashchange', onHash);
    win.removeEventListener('message', onMessage);
    win.removeEventListener('focus', onFocus);
    doc.removeEventListener('visibilitychange', onVisibility);
    stopNotices?.();
  };
}
