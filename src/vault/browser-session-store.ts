/**
 * Browser adapter: the unlocked vault key in `storage.session` (memory only, cleared when the
 * browser closes). Chrome exposes storage.session to extension pages and the worker only
 * (TRUSTED_CONTEXTS) unless an extension opts in to more; we set that level explicitly anyway.
 * Firefox does not expose storage.session to content scripts.
 */
import { browser } from 'wxt/browser';
import { fromStoredUnlockedKey, toStoredUnlockedKey, type UnlockedKeyStore } from './unlocked-key-store';

export const SESSION_KEY = 'sealed-dms.vault.unlocked';

/** The part of `storage.session` we use. */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
  setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void>;
}

/** Call once at background start, before the first unlock. Errors are reported, not fatal: Chrome's default is already TRUSTED_CONTEXTS. */
export async function restrictSessionStorage(area: SessionArea = browser.storage.session): Promise<boolean> {
  if (typeof area.setAccessLevel !== 'function') return false;
  try {
    await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    return true;
  } catch {
    console.warn('sealed-dms: storage.session.setAccessLevel failed');
    return false;
  }
}

export function browserSessionKeyStore(area: SessionArea = browser.storage.session): UnlockedKeyStore {
  return {
    load: async () => fromStoredUnlockedKey((await area.get(SESSION_KEY))[SESSION_KEY]),
    save: (u) => area.set({ [SESSION_KEY]: toStoredUnlockedKey(u) }),
    clear: () => area.remove(SESSION_KEY),
  };
}
