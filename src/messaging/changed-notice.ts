/**
 * The `changed` notice (src/messaging/protocol.ts ChangedNotice), sent by the background to the
 * extension's own pages (popup, our frames on instagram.com; entrypoints/background.ts says how). A
 * receiver takes it only from our background (isFromBackground: not from a tab, where our content
 * script runs); a stray one would only cause a re-read.
 */
import { isRecord } from './guards';
import { MESSAGE_TAG, type ChangedNotice } from './protocol';
import { isFromBackground, type BackgroundSender } from './sender';

export const CHANGED_NOTICE: ChangedNotice = { tag: MESSAGE_TAG, notice: 'changed' };

export function isChangedNotice(value: unknown): value is ChangedNotice {
  return isRecord(value) && value.tag === MESSAGE_TAG && value.notice === 'changed' && Object.keys(value).length === 2;
}

/** The part of `browser.runtime` a receiver needs (tests pass a fake). */
export interface NoticeRuntime {
  id: string;
  onMessage: {
    addListener(listener: (message: unknown, sender: BackgroundSender) => undefined): void;
    removeListener(listener: (message: unknown, sender: BackgroundSender) => undefined): void;
  };
}

/** Calls `callback` on every `changed` notice until the returned function is called. */
export function onChangedNotice(runtime: NoticeRuntime, callback: () => void): () => void {
  // Answers nothing (returns undefined): the background does not wait for a reply.
  const listener = (message: unknown, sender: BackgroundSender): undefined => {
    if (isFromBackground(sender, runtime.id) && isChangedNotice(message)) callback();
  };
  runtime.onMessage.addListener(listener);
  return () => runtime.onMessage.removeListener(listener);
}
