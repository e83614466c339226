/**
 * The popup's navigation: one small state machine, no router.
 *
 * The vault state from `status` decides the phase (connecting, unreachable, first run, locked,
 * unlocked); only when unlocked does the route (which screen of the app) matter. The route is kept
 * across a lock, so unlocking returns the user where they were. The state is read again on the
 * background's `changed` notice: the vault may lock on its idle timer while the popup is open.
 */
import { useCallback, useEffect, useMemo, useReducer } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { onChangedNotice } from '../../messaging/changed-notice';
import { request, type ClientReply } from '../../messaging/client';
import type { PrivilegedProtocol, SecurityPattern, VaultState } from '../../messaging/protocol';

export type Route = { screen: 'contacts' } | { screen: 'contact'; id: string } | { screen: 'add-contact' } | { screen: 'my-card' } | { screen: 'settings' };

export type Phase = 'connecting' | 'unreachable' | 'first-run' | 'locked' | 'unlocked';

export interface NavState {
  phase: Phase;
  route: Route;
  pattern: SecurityPattern | null;
}

export type NavEvent = { type: 'status'; reply: ClientReply<PrivilegedProtocol['status']['response']> } | { type: 'go'; route: Route };

export const INITIAL_NAV: NavState = { phase: 'connecting', route: { screen: 'contacts' }, pattern: null };

const PHASE_OF_VAULT: Record<VaultState, Phase> = { uninitialized: 'first-run', locked: 'locked', unlocked: 'unlocked' };

export function navReducer(state: NavState, event: NavEvent): NavState {
  if (event.type === 'go') return { ...state, route: event.route };
  const { reply } = event;
  // A failed status check hides every screen: nothing works without the background.
  if (!reply.ok) return { ...state, phase: 'unreachable' };
  const phase = PHASE_OF_VAULT[reply.value.vault];
  return { phase, pattern: reply.value.pattern, route: phase === 'first-run' ? INITIAL_NAV.route : state.route };
}

/** What a screen sees of navigation. */
export interface Navigator {
  go(route: Route): void;
  /** Re-reads the vault state (after create, unlock, lock, restore, or a 'locked' refusal). */
  refresh(): Promise<void>;
}

/** A stable name for the current screen (used for focus, `data-screen`, and keys). */
export function screenName(state: NavState): string {
  if (state.phase !== 'unlocked') return state.phase;
  return state.route.screen === 'contact' ? `contact:${state.route.id}` : state.route.screen;
}

export function usePopupNavigation(): { state: NavState; nav: Navigator } {
  const [state, dispatch] = useReducer(navReducer, INITIAL_NAV);
  const refresh = useCallback(async () => {
    dispatch({ type: 'status', reply: await request('privileged', 'status', {}) });
  }, []);
  const go = useCallback((route: Route) => dispatch({ type: 'go', route }), []);
  useEffect(() => {
    void refresh();
    return onChangedNotice(browser.runtime, () => void refresh());
  }, [refresh]);
  const nav = useMemo(() => ({ go, refresh }), [go, refresh]);
  return { state, nav };
}
