/** What the background's handlers need from their surroundings; tests pass fakes. */
import type { ContentCommands, PostOutcome } from '../messaging/protocol';
import type { Vault } from '../vault/vault';

export interface BackgroundDeps {
  /** The opened vault (opened once per worker start; rejects if the vault's metadata is unusable). */
  vault(): Promise<Vault>;
  /** Epoch milliseconds. */
  now(): number;
  randomBytes(length: number): Uint8Array;
  /** 'chrome' | 'firefox' (WXT's build target). */
  browserName: string;
  /**
   * Asks the content script in tab `tabId` (top frame) to post armored parts in a thread. Never
   * rejects: no answer, or an answer of the wrong shape, is a failure ('unreachable').
   */
  post(tabId: number, request: ContentCommands['post']['request']): Promise<PostOutcome>;
  /**
   * Tells the extension's pages (popup, frames) that what they show may be out of date
   * (src/messaging/changed-notice.ts). Fire and forget: no page open is no failure.
   */
  announce(): void;
  /**
   * The vault's idle deadline may have moved (user activity, unlock, lock, a new auto-lock time or
   * passphrase): the auto-lock alarm is armed again (src/background/idle-alarm.ts). Fire and forget.
   */
  idleChanged(): void;
}
