/**
 * What the content script puts on a DM page, from the thread's mode (ContentProtocol.threadState)
 * and what the DOM module found. Pure, so every mode × page combination is unit-tested.
 *
 * - unsure (the question about this thread is on its way, or the view may still be the previous
 *   thread's): what would be left unguarded has every editor and Send-like button held, quietly and
 *   without taking focus away ('hold'), so that nothing typed into a composer Instagram focuses as
 *   the thread opens reaches the page before we know (a few tens of ms).
 * - not a thread, mode unknown (the background did not answer), inactive, plain: the status frame
 *   only; Instagram works as usual.
 * - locked, inactive: a thread this page already knew with encryption on stays 'on' (planMode):
 *   guarded, compose frame (which says why it cannot send). Otherwise locked shows the status frame
 *   only, and bubbles are still read (their frames say "locked").
 * - off: the status frame with the thread (it offers "Encrypt this chat"); bubbles are read.
 * - on, composer found: compose frame over the composer, composer guarded, bubbles read.
 * - on, composer not found / ambiguous / page unfamiliar: fail closed. Every editor and Send-like
 *   button of the page is guarded (nothing typed there can leave), no compose frame, and the
 *   status frame says encryption is paused. While a thread is still loading (Instagram shows a
 *   skeleton for seconds on a cold load) the guard is up but the pause is not announced yet,
 *   unless the page is positively ambiguous (two composers, two threads).
 */
import type { ThreadMode } from '../messaging/protocol';
import type { ComposerFailure, ComposerMatch, ComposerResult } from './dom/composer';
import type { PauseReason } from './frame-urls';

export interface ThreadPlan {
  /** Status frame: with the thread id or without, and paused or not. */
  status: { thread: boolean; paused: PauseReason | undefined };
  /** The composer to cover with the compose frame. */
  compose: ComposerMatch | undefined;
  guard: 'off' | 'composer' | 'page' | 'hold';
  read: boolean;
  /** Encryption is on here but sending is impossible (PostFailure 'page-changed'). */
  paused: boolean;
}

const POSITIVELY_UNFAMILIAR: readonly ComposerFailure[] = ['ambiguous', 'ambiguous-thread'];

/**
 * The mode to plan for. While the vault is locked the background cannot tell which threads are
 * encrypted, and a vault that cannot be opened answers 'inactive'; a thread it answered 'on' for
 * before stays 'on', so its composer stays guarded and the compose frame says why it cannot send,
 * rather than Instagram's composer coming free (fail closed).
 */
export function planMode(mode: ThreadMode | undefined, wasOn: boolean): ThreadMode | undefined {
  return (mode === 'locked' || mode === 'inactive') && wasOn ? 'on' : mode;
}

/**
 * `unsure`: what is on screen may not be this thread yet (its mode is still being asked, or the
 * view still shows the thread before it): a page the plan would leave unguarded is held instead.
 */
export function planThread(mode: ThreadMode | undefined, composer: ComposerResult, loading: boolean, unsure = false): ThreadPlan {
  const plan = planByMode(mode, composer, loading);
  return unsure && plan.guard === 'off' ? { ...plan, guard: 'hold' } : plan;
}

function planByMode(mode: ThreadMode | undefined, composer: ComposerResult, loading: boolean): ThreadPlan {
  const base: ThreadPlan = { status: { thread: false, paused: undefined }, compose: undefined, guard: 'off', read: false, paused: false };
  switch (mode) {
    case undefined:
    case 'inactive':
    case 'plain':
      return base;
    case 'locked':
      return { ...base, read: true };
    case 'off':
      return { ...base, status: { thread: true, paused: undefined }, read: true };
    case 'on': {
      if (composer.ok) return { ...base, status: { thread: true, paused: undefined }, compose: composer.composer, guard: 'composer', read: true };
      const announce = !loading || POSITIVELY_UNFAMILIAR.includes(composer.reason);
      return { ...base, status: { thread: true, paused: announce ? 'page-changed' : undefined }, guard: 'page', read: true, paused: true };
    }
  }
}
