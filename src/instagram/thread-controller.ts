/**
 * The thread controller: decides, for the DM page on screen, what the content script shows and
 * guards (thread-plan.ts), and keeps that true while Instagram's single-page app changes under it.
 *
 * Re-evaluation ("tick", debounced to one per TICK_MS) is triggered by:
 * - SPA navigation: the Navigation API's `navigate` (where it exists), `popstate`, and a
 *   MutationObserver fallback (pushState fires no other event; the observer sees the thread column
 *   being replaced) — the URL is re-read on every tick;
 * - a `state-changed` message from one of OUR frames (source and origin checked, frame-host.ts):
 *   the thread's mode is asked again and the reader's non-ok answers are dropped;
 * - DOM changes (a replaced composer, new or recycled message rows, a dialog);
 * - a slow safety interval, window focus (the user may have unlocked in the popup) and a periodic
 *   re-ask of the mode.
 *
 * The thread's mode comes from the background (`threadState`, with the counterpart's username
 * from the header). Until it first answers, and while a question that may link the thread is on
 * its way, every editor is held quietly (thread-plan.ts 'hold'); if it cannot be reached then,
 * Instagram works as usual; if it cannot be reached later, the last known mode of that thread stays
 * in force (an 'on' thread stays guarded: fail closed), and so does 'on' while the vault is locked
 * or cannot be opened (thread-plan.ts planMode). When encryption pauses in a thread (its composer
 * went away), a compose frame already up is held where it was, with the user's text.
 */
import type { PayloadItem, PayloadResult, ThreadMode } from '../messaging/protocol';
import { CardOffers } from './card-offer';
import { ComposeOverlay } from './compose-overlay';
import { ComposerGuard } from './composer-guard';
import { findComposer, type ComposerMatch, type ComposerResult } from './dom/composer';
import { counterpartOf } from './dom/header';
import { threadRefFromPath } from './dom/thread-id';
import { findThreadView } from './dom/thread';
import { FrameHost } from './frame-host';
import { FramePool } from './frame-pool';
import { statusFrameHash, type FramePage } from './frame-urls';
import { Reader } from './reader';
import { showReloadNotice } from './reload-notice';
import type { ScriptContext } from './script-context';
import type { Timer } from './timers';
import { isDirectPath } from './routes';
import { StatusBadge } from './status-badge';
import { planMode, planThread, type ThreadPlan } from './thread-plan';

/** What the controller asks the background (content channel). `undefined`: no usable answer. */
export interface ContentApi {
  threadState(threadId: string, username: string | null): Promise<ThreadMode | undefined>;
  /** Whether some thread has encryption on (undefined: no answer). */
  directState(): Promise<boolean | undefined>;
  readPayloads(threadId: string, items: PayloadItem[]): Promise<PayloadResult[] | undefined>;
}

const TICK_MS = 50;
const SAFETY_TICK_MS = 1000;
/** A cold load shows a skeleton for seconds: the pause is announced only after this. */
const LOADING_GRACE_MS = 4000;
/** A composer React is replacing is missing for a moment: announce the pause only after this. */
const MISSING_GRACE_MS = 1500;
const RETRY_MS = 5000;
const REASK_MS = 20000;
/** At most this long after a chat opens, its compose frame waits for the reader frames to load. */
const READER_FIRST_MS = 1000;
/** A chat read this long without an encrypted bubble found has no reader frames to wait for. */
const NO_BUBBLES_MS = 300;
/** After navigating, how long the previous thread's username in the header is taken for a stale header. */
const OLD_HEADER_MS = 2000;

interface Session {
  id: string;
  since: number;
  mode: ThreadMode | undefined;
  /** The username last asked with (undefined: never asked). */
  askedWith: string | null | undefined;
  askedAt: number;
  asking: boolean;
  /** Ask again at the next opportunity. */
  stale: boolean;
  retryAt: number;
  missingSince: number | undefined;
  /** The background answered (or failed to) at least once about this thread. */
  answered: boolean;
  /** The username the mode in force was answered for (undefined: none answered yet). */
  answeredWith: string | null | undefined;
  /** The reader frames placed for the chat's messages have drawn their answers once. */
  readerLoaded: boolean;
  /** The last username its header showed. */
  username: string | undefined;
  /** The thread before it in this tab, and the username its header showed (see evaluate). */
  before: { id: string; username: string | undefined } | undefined;
}

const NOT_NEEDED: ComposerResult = { ok: false, reason: 'no-composer' };

export class ThreadController {
  readonly guard: ComposerGuard;
  readonly #frames: FrameHost;
  readonly #overlay: ComposeOverlay;
  readonly #status: StatusBadge;
  readonly #reader: Reader;
  /** Reader frames loaded ahead of need, kept from thread to thread. */
  readonly #pool: FramePool;
  readonly #cards: CardOffers;
  #session: Session | undefined;
  readonly #lastMode = new Map<string, ThreadMode>();
  /** Threads the background answered 'on' for, until it answers anything but 'on', 'locked' or 'inactive'. */
  readonly #encrypted = new Set<string>();
  /** The background's directState answer, asked once per page where no chat is read (loadReadersAhead). */
  #encryptedChats: boolean | 'asking' | undefined;
  /** directState did not answer: asked again after this. */
  #directRetryAt = 0;
  #plan: ThreadPlan | undefined;
  #timer: Timer | undefined;
  #due = 0;
  readonly #ctx: ScriptContext;
  readonly #doc: Document;
  readonly #api: ContentApi;

  constructor(ctx: ScriptContext, doc: Document, api: ContentApi, pageUrl: (page: FramePage) => string, extensionOrigins: readonly string[]) {
    this.#ctx = ctx;
    this.#doc = doc;
    this.#api = api;
    const win = doc.defaultView!;
    this.guard = new ComposerGuard(win, () => this.currentThreadId());
    this.#frames = new FrameHost(doc, pageUrl, extensionOrigins);
    const listen = (target: EventTarget, type: string, handler: () => void, options: AddEventListenerOptions): void =>
      ctx.addEventListener(target, type, handler, options);
    this.#overlay = new ComposeOverlay(doc, this.#frames, listen);
    this.#status = new StatusBadge(doc, this.#frames);
    this.#pool = new FramePool(doc, this.#frames);
    this.#reader = new Reader(this.#frames, (id, items) => this.#api.readPayloads(id, items), () => this.schedule(), () => Date.now(), undefined, undefined, this.#pool);
    this.#cards = new CardOffers(this.#frames);
  }

  start(): void {
    const win = this.#doc.defaultView!;
    // The guard's listeners outlive the script's other parts: see onInvalidated below.
    this.guard.install((target, type, handler, options) => target.addEventListener(type, handler, options));
    // SPA navigation (pushState), where the Navigation API exists; elsewhere the DOM changes and the safety tick catch it.
    const navigation = (win as { navigation?: EventTarget }).navigation;
    if (navigation) this.#ctx.addEventListener(navigation, 'navigate', () => this.schedule());
    this.#ctx.addEventListener(win, 'popstate', () => this.schedule());
    this.#ctx.addEventListener(win, 'message', (e: MessageEvent) => this.#onFrameMessage(e));
    this.#ctx.addEventListener(win, 'focus', () => this.#reask());
    this.#ctx.addEventListener(this.#doc, 'visibilitychange', () => {
      if (this.#doc.visibilityState === 'visible') this.#reask();
    });
    const observer = new MutationObserver(() => this.schedule());
    observer.observe(this.#doc.documentElement, { childList: true, subtree: true, characterData: true });
    this.#ctx.setInterval(() => this.schedule(), SAFETY_TICK_MS);
    this.#ctx.onInvalidated(() => {
      // The extension was updated, disabled or removed under this tab: its frames are gone and
      // nothing can be sent. A chat that was encrypted keeps Instagram's composer (every editor)
      // blocked until the page is reloaded, and says so; anything else is left to Instagram.
      const id = this.#session?.id;
      const encrypted = id !== undefined && this.#encrypted.has(id);
      observer.disconnect();
      this.#leaveThread();
      this.#pool.clear();
      this.#status.hide();
      if (encrypted) {
        this.guard.setScope({ kind: 'page' });
        showReloadNotice(this.#doc);
      }
    });
    this.schedule(0);
  }

  /** The thread id in the URL now (what a post must match). */
  currentThreadId(): string | undefined {
    const ref = threadRefFromPath(this.#doc.location.pathname);
    return ref && !ref.e2ee ? ref.id : undefined;
  }

  /** Encryption is on in `threadId` but its page is unfamiliar (posting answers 'page-changed'). */
  isPaused(threadId: string): boolean {
    return this.#session?.id === threadId && this.#plan?.paused === true;
  }

  /** A post is about to use this composer: guard and cover exactly it, now. */
  adopt(match: ComposerMatch): void {
    const s = this.#session;
    if (!s || s.mode !== 'on') return;
    this.guard.setScope({ kind: 'composer', composer: match.element, bar: match.bar });
    this.#overlay.show(s.id, match.bar);
  }

  focusCompose(): void {
    this.#overlay.focusFrame();
  }

  /** A tick after `delay` ms (0: an answer arrived, act on it now), unless one is due sooner. */
  schedule(delay = TICK_MS): void {
    if (this.#ctx.isInvalid) return;
    const now = Date.now();
    const due = now + delay;
    if (this.#timer !== undefined) {
      // A tick overdue by a second was lost somehow (timers.ts makes that unlikely): arm a new one.
      if (due >= this.#due && now - this.#due < SAFETY_TICK_MS) return;
      this.#timer.cancel();
    }
    this.#due = due;
    this.#timer = this.#ctx.setTimeout(() => {
      this.#timer = undefined;
      this.#tick();
    }, delay);
  }

  #reask(): void {
    if (this.#session) this.#session.stale = true;
    this.schedule();
  }

  #onFrameMessage(event: MessageEvent): void {
    const got = this.#frames.receive(event);
    if (!got) return;
    const { frame, message } = got;
    if (message.type === 'resize') {
      if (this.#status.owns(frame)) this.#status.resize(message.height);
      else if (this.#overlay.owns(frame)) this.#overlay.resize(message.height);
      else if (!this.#reader.resize(frame, message.height)) this.#cards.resize(frame, message.height);
      return;
    }
    if (message.type === 'shown') {
      // The compose and status frames may be waiting for the last reader frame (evaluate()).
      if (this.#reader.shown(frame) && this.#session?.readerLoaded === false) this.schedule();
      return;
    }
    if (message.type === 'placement') {
      if (this.#overlay.owns(frame)) this.#overlay.setAbove(message.above);
      return;
    }
    this.#reader.invalidate();
    this.#reask();
  }

  #tick(): void {
    if (this.#ctx.isInvalid) return;
    if (!isDirectPath(this.#doc.location.pathname)) {
      this.#leaveThread();
      this.#pool.clear();
      this.#status.hide();
      return;
    }
    const id = this.currentThreadId();
    if (id === undefined) {
      this.#leaveThread();
      this.#status.show(statusFrameHash(undefined));
      this.#loadReadersAhead();
      return;
    }
    if (this.#session?.id !== id) {
      const before = this.#session && { id: this.#session.id, username: this.#session.username };
      this.#leaveThread();
      // The status frame spoke of the thread left; it comes back with this one's (see loadFrames).
      this.#status.hide();
      this.#pool.postpone();
      // Times evaluate() waits for, whether or not the page changes meanwhile.
      for (const ms of [NO_BUBBLES_MS, READER_FIRST_MS, OLD_HEADER_MS]) this.#ctx.setTimeout(() => this.schedule(0), ms);
      this.#session = {
        id,
        since: Date.now(),
        mode: this.#lastMode.get(id),
        askedWith: undefined,
        askedAt: 0,
        asking: false,
        stale: true,
        retryAt: 0,
        missingSince: undefined,
        answered: false,
        answeredWith: undefined,
        readerLoaded: false,
        username: undefined,
        before,
      };
      // Asked before anything of the page is read, so that a page whose markup makes evaluate()
      // throw still gets its mode (failClosed leaves a plain chat alone).
      this.#askMode(this.#session, null);
    }
    try {
      this.#evaluate(this.#session);
    } catch {
      this.#failClosed(this.#session);
    }
  }

  /**
   * evaluate() threw: markup we did not foresee (the page can build any). A plain chat, one with
   * encryption off, or a profile without Sealed DMs set up is left to Instagram. Without a mode
   * (not answered, or the background did not answer) the editors are held quietly. Otherwise (on,
   * or locked) every editor of the page is guarded and the status frame says encryption is paused;
   * a compose frame already up is held.
   */
  #failClosed(s: Session): void {
    const mode = planMode(s.mode, this.#encrypted.has(s.id));
    if (mode === 'plain' || mode === 'off' || mode === 'inactive') {
      this.guard.setScope({ kind: 'off' });
      return;
    }
    if (mode === undefined) {
      this.guard.setScope({ kind: 'hold' });
      return;
    }
    this.guard.setScope({ kind: 'page' });
    this.#status.show(statusFrameHash(s.id, 'page-changed'), mode);
    if (this.#overlay.showing(s.id)) this.#overlay.hold();
  }

  #evaluate(s: Session): void {
    const now = Date.now();
    const view = findThreadView(this.#doc);
    const counterpart = view.ok ? counterpartOf(view.view) : undefined;
    const username = counterpart?.kind === 'user' ? counterpart.username : counterpart?.kind === 'group' ? null : undefined;
    // Asked at once, without a username while the header is not readable yet: a thread already
    // linked to a contact is known by its id alone, so its composer is guarded without waiting.
    // Asked again when the header shows a username (that may link the thread). Linking is for
    // good, and the page may change the URL before the view, so a header that shows the previous
    // thread's username never links this one: a 1:1 chat is the only chat with its counterpart,
    // so that header is the previous chat's, however long it stays. Its editors are held (it may
    // still be the other chat's composer): as long as it stays when that chat was encrypted, for
    // OLD_HEADER_MS when it was plain (a page stuck there must not take Instagram's composer from
    // a plain chat for good).
    const previousHeader = typeof username === 'string' && username === s.before?.username;
    const oldHeader = previousHeader && (now - s.since < OLD_HEADER_MS || this.#encrypted.has(s.before!.id));
    if (username && !previousHeader) s.username = username;
    const askWith = previousHeader ? null : (username ?? null);
    if (now - s.askedAt > REASK_MS) s.stale = true;
    if (!s.asking && now >= s.retryAt && (s.stale || askWith !== s.askedWith)) this.#askMode(s, askWith);

    const mode = planMode(s.mode, this.#encrypted.has(s.id));
    const composer = mode === 'on' ? findComposer(this.#doc) : NOT_NEEDED;
    if (composer.ok) s.missingSince = undefined;
    else s.missingSince ??= now;
    const loading = now - s.since < LOADING_GRACE_MS || now - (s.missingSince ?? now) < MISSING_GRACE_MS;
    // Unsure also while a question with a username the mode in force was not answered for is on
    // its way: it may link the thread (the first answer often comes before the header is readable).
    const relinking = s.asking && typeof s.askedWith === 'string' && s.askedWith !== s.answeredWith;
    const plan = planThread(mode, composer, loading, !s.answered || oldHeader || relinking);
    // The guard first: reading the page's messages below may meet markup we did not foresee.
    this.#setGuard(plan);
    if (plan.read && view.ok) {
      this.#reader.scan(s.id, view.view.list, username ?? undefined);
      if (!s.readerLoaded && this.#reader.idle && (this.#reader.mounted > 0 || now - s.since >= NO_BUBBLES_MS)) s.readerLoaded = true;
    }
    // The compose and status frames' documents wait (the compose frame's wrapper covers the bar
    // meanwhile) until the reader frames of the chat being opened have drawn, or READER_FIRST_MS:
    // they share the extension's renderer, and what the chat says comes first (README "Figures").
    // A chat that is not read (its mode known) has no reader frames to wait for.
    const loadFrames = (!plan.read && s.answered) || s.readerLoaded || now - s.since >= READER_FIRST_MS;
    this.#apply(s.id, plan, s.mode, loadFrames);
    if (plan.read && view.ok) {
      // Frames wait only where the reader shows something: a chat with encrypted messages.
      if (this.#reader.mounted > 0) this.#pool.fillSoon();
    } else {
      this.#reader.clear();
      // A chat that is not read, once its mode question was answered (or failed); not while a
      // reading thread's list is being replaced, nor before (frames that wait are for this chat).
      if (!plan.read && (mode !== undefined || s.answered)) this.#loadReadersAhead();
    }
    // Invite codes in incoming bubbles are offered in every chat, once the background knows an identity.
    // Offers are not a guard: one that fails on odd markup is dropped, not the whole tick.
    try {
      if (view.ok && mode !== undefined && mode !== 'inactive') this.#cards.scan(view.view.list, username ?? null);
      else this.#cards.clear();
    } catch {
      this.#cards.clear();
    }
  }

  #apply(id: string, plan: ThreadPlan, mode: ThreadMode | undefined, loadFrames: boolean): void {
    this.#plan = plan;
    if (loadFrames) this.#status.show(statusFrameHash(plan.status.thread ? id : undefined, plan.status.paused), mode ?? '');
    this.#setGuard(plan);
    if (plan.compose) this.#overlay.show(id, plan.compose.bar, loadFrames);
    // Paused in this thread: a compose frame already up stays, with the user's text and the outcome
    // of a send in flight (a send from it answers 'page-changed').
    else if (plan.paused && this.#overlay.showing(id)) this.#overlay.hold();
    else this.#overlay.hide();
  }

  #setGuard(plan: ThreadPlan): void {
    if (plan.guard === 'composer' && plan.compose) {
      this.guard.setScope({ kind: 'composer', composer: plan.compose.element, bar: plan.compose.bar });
    } else {
      this.guard.setScope({ kind: plan.guard === 'composer' ? 'page' : plan.guard });
    }
  }

  #askMode(s: Session, username: string | null): void {
    s.asking = true;
    s.stale = false;
    s.askedWith = username;
    s.askedAt = Date.now();
    void this.#api.threadState(s.id, username).then((mode) => {
      s.asking = false;
      s.answered = true;
      if (mode === undefined) {
        // Unreachable or refused: keep the last known mode (fail closed) and try again later.
        s.stale = true;
        s.retryAt = Date.now() + RETRY_MS;
      } else {
        if (s.mode !== mode) this.#reader.invalidate();
        s.mode = mode;
        s.answeredWith = username;
        this.#lastMode.set(s.id, mode);
        if (mode === 'on') this.#encrypted.add(s.id);
        else if (mode !== 'locked' && mode !== 'inactive') this.#encrypted.delete(s.id);
      }
      if (this.#session === s) this.schedule(0);
    });
  }

  /**
   * On a DM page that reads no chat (the inbox, a plain chat), reader frames are loaded ahead when
   * some chat has encryption on: a chat clicked there then shows its messages without waiting for
   * frames to be created, which is most of the time an open takes (README "Figures"). The page can
   * tell from them that some chat has encryption on (docs/ARCHITECTURE.md: what the page learns).
   * Asked once per page (again after RETRY_MS if unanswered); no chat with encryption on: none.
   */
  #loadReadersAhead(): void {
    if (!this.#pool.supported) return;
    if (this.#encryptedChats === true || this.#encrypted.size > 0) {
      this.#pool.fillSoon();
      return;
    }
    if (this.#encryptedChats === false) this.#pool.clear();
    if (this.#encryptedChats !== undefined || Date.now() < this.#directRetryAt) return;
    this.#encryptedChats = 'asking';
    const unanswered = (): void => {
      this.#encryptedChats = undefined;
      this.#directRetryAt = Date.now() + RETRY_MS;
    };
    this.#api.directState().then((answer) => {
      if (answer === undefined) return unanswered();
      this.#encryptedChats = answer;
      if (answer) this.schedule();
    }, unanswered);
  }

  #leaveThread(): void {
    this.#session = undefined;
    this.#plan = undefined;
    this.#overlay.hide();
    this.guard.setScope({ kind: 'off' });
    this.#reader.clear();
    this.#cards.clear();
  }
}
