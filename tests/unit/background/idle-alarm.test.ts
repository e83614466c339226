/**
 * The auto-lock alarm (src/background/idle-alarm.ts) with the real vault: armed at the moment the
 * idle time runs out, only while something can lock; when it fires the vault locks and the pages
 * are told, or it is armed again for a deadline that activity moved.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createIdleAlarm, type IdleAlarmApi } from '../../../src/background/idle-alarm';
import type { Vault } from '../../../src/vault/vault';
import { Clock, openVault, resetBrowser } from '../vault/helpers';

const MIN = 60_000;

function fakeAlarm() {
  const calls: Array<number | 'clear'> = [];
  const api: IdleAlarmApi = {
    set: async (when) => calls.push(when),
    clear: async () => calls.push('clear'),
  };
  return { api, calls };
}

let clock: Clock;
beforeEach(() => {
  resetBrowser();
  clock = new Clock();
});

describe('idle alarm', () => {
  it('is never armed without a passphrase, or with no auto-lock time', async () => {
    const vault = await openVault(clock);
    await vault.initialize();
    const { api, calls } = fakeAlarm();
    const alarm = createIdleAlarm(api, async () => vault);
    await alarm.rearm();
    await vault.setPassphrase('pass');
    await vault.transact((tx) => tx.putSettings({ autoLockMinutes: null }));
    await alarm.rearm();
    expect(calls).toEqual(['clear', 'clear']);
    vault.close();
  });

  it('is armed at the deadline; firing early (activity moved it) arms it again; firing late locks, tells the pages and clears it', async () => {
    let locks = 0;
    const vault: Vault = await openVault(clock, { onLocked: () => locks++ });
    await vault.initialize({ passphrase: 'pass' });
    await vault.transact((tx) => tx.putSettings({ autoLockMinutes: 5 }));
    const { api, calls } = fakeAlarm();
    const alarm = createIdleAlarm(api, async () => vault);
    const start = clock.now();
    await alarm.rearm();
    expect(calls).toEqual([start + 5 * MIN]);
    clock.advance(3 * MIN);
    await vault.noteActivity();
    clock.advance(2 * MIN);
    await alarm.fired(); // the old deadline: still 3 minutes to go
    expect(locks).toBe(0);
    expect(calls.at(-1)).toBe(start + 8 * MIN);
    clock.advance(3 * MIN);
    await alarm.fired();
    expect(locks).toBe(1);
    expect(await vault.checkIdle()).toBe('locked');
    expect(calls.at(-1)).toBe('clear');
    vault.close();
  });

  it('a vault that cannot be opened: nothing armed, nothing thrown', async () => {
    const { api, calls } = fakeAlarm();
    const alarm = createIdleAlarm(api, () => Promise.reject(new Error('corrupted')));
    await alarm.rearm();
    await alarm.fired();
    expect(calls).toEqual([]);
  });
});
