/**
 * The only messages the extension's frames on instagram.com (status, compose, reader) post to their
 * parent, the instagram.com window where the content script runs. The page's own scripts see them
 * too, so they carry layout and "something changed" signals only: never text, ids or keys.
 *
 * - `resize`: the frame's content is `height` CSS pixels tall (a whole number, 0..MAX_FRAME_HEIGHT).
 * - `state-changed`: the user changed something the content script should re-read from the
 *   background (the per-chat encryption switch was toggled, or a send finished, whatever its outcome).
 * - `placement` (compose frame): `above` true while it shows armored parts to paste by hand, so it
 *   stands above Instagram's composer bar instead of over it and the user can reach the box.
 * - `shown` (reader frame): it drew the answer for its address (a message, or why there is none),
 *   once per address: the content script lets the compose and status frames load after the reader
 *   frames of a chat being opened (thread-controller.ts). The page learns no more than it sees:
 *   the frame's content changes then.
 *
 * Pure, without Preact or extension APIs, so the content script can import it. A receiver must also
 * check `event.source` against its own iframe's `contentWindow`: the page can post look-alikes.
 */
import { isExactObject, isNonNegativeInt, type Guard } from '../messaging/guards';

export const FRAME_MESSAGE_SOURCE = 'sealed-dms';
/** Taller content is reported as this height (the frame scrolls inside). */
export const MAX_FRAME_HEIGHT = 4096;

export interface ResizeMessage {
  source: typeof FRAME_MESSAGE_SOURCE;
  type: 'resize';
  height: number;
}

/** A message that is its type alone. */
export interface SignalMessage<T extends string> {
  source: typeof FRAME_MESSAGE_SOURCE;
  type: T;
}

export type StateChangedMessage = SignalMessage<'state-changed'>;

export interface PlacementMessage {
  source: typeof FRAME_MESSAGE_SOURCE;
  type: 'placement';
  above: boolean;
}

export type ShownMessage = SignalMessage<'shown'>;

export type FrameMessage = ResizeMessage | StateChangedMessage | PlacementMessage | ShownMessage;

const isSource = (v: unknown): v is typeof FRAME_MESSAGE_SOURCE => v === FRAME_MESSAGE_SOURCE;
const isHeight = (v: unknown): v is number => isNonNegativeInt(v) && v <= MAX_FRAME_HEIGHT;

const isResize: Guard<ResizeMessage> = isExactObject<ResizeMessage>({
  source: isSource,
  type: (v): v is 'resize' => v === 'resize',
  height: isHeight,
});

function isSignal<T extends string>(type: T): Guard<SignalMessage<T>> {
  return isExactObject<SignalMessage<T>>({ source: isSource, type: (v): v is T => v === type });
}
const isStateChanged = isSignal('state-changed');
const isShown = isSignal('shown');

const isPlacement: Guard<PlacementMessage> = isExactObject<PlacementMessage>({
  source: isSource,
  type: (v): v is 'placement' => v === 'placement',
  above: (v): v is boolean => typeof v === 'boolean',
});

/** Exactly one of the shapes above (no extra fields); anything else is not ours. */
export function isFrameMessage(value: unknown): value is FrameMessage {
  return isResize(value) || isStateChanged(value) || isPlacement(value) || isShown(value);
}

/** A resize message for a measured height: rounded up, clamped to 0..MAX_FRAME_HEIGHT. */
export function resizeMessage(height: number): ResizeMessage {
  const whole = Number.isFinite(height) ? Math.ceil(height) : 0;
  return { source: FRAME_MESSAGE_SOURCE, type: 'resize', height: Math.min(MAX_FRAME_HEIGHT, Math.max(0, whole)) };
}

export function stateChangedMessage(): StateChangedMessage {
  return { source: FRAME_MESSAGE_SOURCE, type: 'state-changed' };
}

export function shownMessage(): ShownMessage {
  return { source: FRAME_MESSAGE_SOURCE, type: 'shown' };
}

export function placementMessage(above: boolean): PlacementMessage {
  return { source: FRAME_MESSAGE_SOURCE, type: 'placement', above };
}

/**
 * Posts to the parent window. The target origin is '*' because the parent's origin is the page
 * (www.instagram.com), which can see these messages anyway; nothing in them is secret.
 */
export function postToParent(message: FrameMessage): void {
  try {
    window.parent.postMessage(message, '*');
  } catch {
    console.warn('Sealed DMs: could not notify the page frame');
  }
}
