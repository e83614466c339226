/**
 * The auto-lock check as a browser alarm. Each request checks the idle time too, but a stopped
 * worker (MV3 stops it after about 30 s) checks nothing: without an alarm to wake it, an idle vault
 * would stay unlocked, and its messages on screen, until something else happened. The alarm is a
 * one-shot at the moment the idle time runs out, armed only while it can lock something (the vault
 * is unlocked, has a passphrase and an auto-lock time), so an extension without a passphrase is
 * never woken for it. When it fires, the vault locks (and tells the pages: the `changed` notice),
 * or, if activity moved the deadline meanwhile, the alarm is armed again for the new one.
 */
import type { Vault } from '../vault/vault';

export const IDLE_ALARM = 'sealed-dms-auto-lock';

/** The browser's alarm for IDLE_ALARM (tests pass a fake). */
export interface IdleAlarmApi {
  set(when: number): Promise<unknown>;
  clear(): Promise<unknown>;
}

export interface IdleAlarm {
  /** Arms the alarm at the vault's deadline, or clears it when there is none. Never rejects. */
  rearm(): Promise<void>;
  /** The alarm fired: lock if the idle time ran out, then arm for whatever is left. Never rejects. */
  fired(): Promise<void>;
}

export function createIdleAlarm(api: IdleAlarmApi, vault: () => Promise<Vault>): IdleAlarm {
  const rearm = async (): Promise<void> => {
    try {
      const deadline = await (await vault()).idleDeadline();
      await (deadline === null ? api.clear() : api.set(deadline));
    } catch {
      // A vault that cannot be opened has nothing to lock; the next request tries again.
    }
  };
  return {
    rearm,
    async fired() {
      try {
        await (await vault()).checkIdle();
      } catch {
        // As above.
      }
      await rearm();
    },
  };
}
