/** A failed read shown in place of a screen's content; re-reads the vault state if it changed. */
import { useEffect } from 'preact/hooks';
import { failureText, meansVaultChanged, type RequestFailure } from '../../failure-text';
import type { Navigator } from '../useNavigation';

export function LoadFailure({ failure, nav }: { failure: RequestFailure; nav: Navigator }) {
  useEffect(() => {
    if (meansVaultChanged(failure)) void nav.refresh();
  }, [failure]);
  return (
    <p class="feedback-error" role="alert">
      <span aria-hidden="true">⚠ </span>
      {failureText(failure)}
    </p>
  );
}

export function Loading({ text }: { text: string }) {
  return (
    <p class="muted" aria-live="polite">
      {text}
    </p>
  );
}
