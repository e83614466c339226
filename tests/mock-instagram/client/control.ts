/**
 * The main-world control object `window.__mockInstagram`, through which tests drive the page
 * (instagram-dm-dom.md §9.1: "Drive the mock through a page-global object … exposed only in the
 * page's main world", never through DOM markers). A content script lives in an isolated world and
 * does not see it. Read with `page.evaluate(() => window.__mockInstagram.state())`.
 */
import { mergeVariant } from '../variant';
import type { Variant } from '../variant';
import { api } from './api';
import type { App, SendOutcome } from './app';

export interface MockState {
  path: string;
  viewer: string;
  threadId: string | null;
  variant: Variant;
  composerPresent: boolean;
  /** The editor state's text (Lexical, or the textarea's React-like state). */
  composerText: string | null;
  /** What the DOM shows in the textbox (may differ in the trustedInputOnly 'domOnly' mode). */
  composerDomText: string | null;
  list: { loaded: number; mounted: number; hasOlder: boolean; loading: boolean; scrollTop: number; hydrated: boolean } | null;
  dialogs: string[];
  toast: string | null;
  typing: Record<string, boolean>;
  title: string;
}

export interface MockControl {
  state(): MockState;
  composerText(): string | null;
  /** Puts text in the editor state the way the app itself would (draft and typing requests follow). */
  setComposerText(text: string): boolean;
  /** Sends as Enter would: sets the editor state to `text`, then the app's send path. */
  send(text: string): Promise<SendOutcome>;
  messages(): Array<{ id: string | null; from: string; text: string; pending: boolean }>;
  scrollToTop(): void;
  scrollToBottom(): void;
  scrollBy(px: number): void;
  replaceScroller(): boolean;
  /** Applies a variant live; with `persist` (default) the server keeps it for this account's next pages. */
  setVariant(patch: Partial<Variant>, opts?: { persist?: boolean }): Promise<Variant>;
  /** Re-mounts the whole UI (new nodes everywhere), as a deploy or React re-mount would. */
  rerender(): void;
  replaceComposer(): boolean;
  removeComposer(): boolean;
  restoreComposer(): boolean;
  showDialog(kind?: 'notifications' | 'failure' | 'too-long' | 'restricted'): void;
  dismissDialogs(): number;
  navigate(path: string): void;
}

export function createControl(app: App): MockControl {
  return Object.freeze({
    state(): MockState {
      const c = app.composer();
      return {
        path: location.pathname + location.search,
        viewer: app.viewer.username,
        threadId: app.threadId(),
        variant: { ...app.variant },
        composerPresent: c !== null && c.root.isConnected,
        composerText: c ? c.text() : null,
        composerDomText: c ? (c.textbox instanceof HTMLTextAreaElement ? c.textbox.value : (c.textbox.innerText ?? '').replace(/\n$/, '')) : null,
        list: app.list()?.stats() ?? null,
        dialogs: app.dialogTexts(),
        toast: app.toastText(),
        typing: Object.fromEntries(app.typing),
        title: document.title,
      };
    },
    composerText: () => app.composer()?.text() ?? null,
    setComposerText(text: string): boolean {
      const c = app.composer();
      if (!c) return false;
      c.setText(text);
      return true;
    },
    async send(text: string): Promise<SendOutcome> {
      const c = app.composer();
      if (c) c.setText(text);
      return app.submit(c ? c.text() : text);
    },
    messages: () => app.list()?.loadedTexts() ?? [],
    scrollToTop: () => app.list()?.scrollToTop(),
    scrollToBottom: () => app.list()?.scrollToBottom(),
    scrollBy: (px: number) => app.list()?.scrollBy(px),
    replaceScroller(): boolean {
      const l = app.list();
      l?.replaceScroller();
      return l !== null;
    },
    async setVariant(patch: Partial<Variant>, opts: { persist?: boolean } = {}): Promise<Variant> {
      const next = mergeVariant(app.variant, patch);
      if (opts.persist !== false) await api.variant(patch);
      app.applyVariant(next);
      return next;
    },
    rerender: () => app.renderAll(),
    replaceComposer: () => app.replaceComposer(),
    removeComposer: () => app.removeComposer(),
    restoreComposer: () => app.restoreComposer(),
    showDialog: (kind: Parameters<App['showDialog']>[0] = 'notifications') => app.showDialog(kind),
    dismissDialogs: () => app.dismissDialogs(),
    navigate: (path: string) => app.navigate(path),
  });
}
