/**
 * The result of the last action, in a live region so screen readers announce it. An icon and the
 * wording carry the tone, not colour alone. Shared by the popup and the frames.
 */

/** The result of an action; null when there is nothing to say. */
export type Feedback = { tone: 'error' | 'success'; text: string } | null;

export function FeedbackLine({ feedback, visuallyHidden = false }: { feedback: Feedback; visuallyHidden?: boolean }) {
  return (
    <div class={visuallyHidden ? 'feedback sr-only' : 'feedback'} aria-live="polite" aria-atomic="true">
      {feedback && (
        <p class={`feedback-${feedback.tone}`} role={feedback.tone === 'error' ? 'alert' : undefined} data-testid="feedback">
          <span aria-hidden="true">{feedback.tone === 'error' ? '⚠ ' : '✓ '}</span>
          {feedback.text}
        </p>
      )}
    </div>
  );
}
