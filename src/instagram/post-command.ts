/**
 * The content script's side of the background's `post` command (src/messaging/commands.ts): only
 * our background may ask (src/messaging/sender.ts isFromBackground), only well-formed requests are
 * run, one at a time. The chain itself is post-chain.ts; the DOM side post-dom.ts.
 *
 * Only armor is ever typed into Instagram's composer: each part must be exactly one well-formed
 * armored part in the armor alphabet (src/protocol/armor.ts), or nothing is posted at all. This
 * double-checks the background, so no bug there can make the content script type plaintext.
 */
import type { ContentCommands, PostOutcome } from '../messaging/protocol';
import type { ComposerGuard } from './composer-guard';
import { isArmorPart, postParts, type PostPage, type PostTimings, DEFAULT_TIMINGS } from './post-chain';

export { isArmorPart };

/** What the Poster tells the guard: a post in flight, and the parts left to paste by hand. */
export type PostGuard = Pick<ComposerGuard, 'setPosting'> & Partial<Pick<ComposerGuard, 'setManualParts'>>;

export class Poster {
  #busy = false;
  readonly #page: PostPage;
  readonly #guard: PostGuard;
  readonly #timings: PostTimings;

  constructor(page: PostPage, guard: PostGuard, timings: PostTimings = DEFAULT_TIMINGS) {
    this.#page = page;
    this.#guard = guard;
    this.#timings = timings;
  }

  /** Runs one post; a second one while the first is in flight answers 'busy' (never queued). */
  async post(request: ContentCommands['post']['request']): Promise<PostOutcome> {
    if (this.#busy) return { outcome: 'failed', reason: 'busy', sentParts: 0 };
    // Posting nothing would report a success that did not happen; anything but armor is never typed.
    if (request.parts.length === 0 || !request.parts.every(isArmorPart)) return { outcome: 'failed', reason: 'send-failed', sentParts: 0 };
    this.#busy = true;
    this.#guard.setPosting(true);
    // A new message from the compose frame replaces the one being pasted by hand, if any.
    this.#guard.setManualParts?.(request.threadId, undefined);
    try {
      const outcome = await postParts(this.#page, request.threadId, request.parts, this.#timings);
      // The composer takes trusted input only: the user pastes the parts (the background hands
      // them to the compose frame), and the guard lets exactly those through until their bubbles show.
      if (outcome.outcome === 'failed' && outcome.reason === 'insertion-rejected') {
        this.#guard.setManualParts?.(request.threadId, request.parts, (part) => this.#page.threadId() === request.threadId && this.#page.bubble(part) !== 'none');
      }
      return outcome;
    } finally {
      this.#guard.setPosting(false);
      this.#busy = false;
    }
  }
}
