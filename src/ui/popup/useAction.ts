/**
 * Busy and feedback state for a screen's actions. `perform` sends one request, marks the screen
 * busy meanwhile, turns a failure into its plain-words message, and re-reads the vault state when
 * the failure means the vault locked itself or is gone.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ClientReply } from '../../messaging/client';
import type { Feedback } from '../components/Feedback';
import { failureText, meansVaultChanged } from '../failure-text';
import type { Navigator } from './useNavigation';

export type { Feedback };

export interface Action {
  busy: boolean;
  feedback: Feedback;
  setFeedback(feedback: Feedback): void;
  fail(text: string): void;
  succeed(text: string): void;
  perform<T>(send: () => Promise<ClientReply<T>>): Promise<ClientReply<T>>;
}

export function useAction(nav: Navigator): Action {
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const perform = useCallback(
    async <T>(send: () => Promise<ClientReply<T>>): Promise<ClientReply<T>> => {
      setBusy(true);
      setFeedback(null);
      const reply = await send();
      if (!mounted.current) return reply;
      setBusy(false);
      if (!reply.ok) {
        setFeedback({ tone: 'error', text: failureText(reply) });
        if (meansVaultChanged(reply)) void nav.refresh();
      }
      return reply;
    },
    [nav],
  );
  const fail = useCallback((text: string) => setFeedback({ tone: 'error', text }), []);
  const succeed = useCallback((text: string) => setFeedback({ tone: 'success', text }), []);
  return { busy, feedback, setFeedback, fail, succeed, perform };
}
