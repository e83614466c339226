/**
 * Fail-closed checks around sending: dialogs over the composer and send-failure notices.
 * Reference: instagram-dm-dom.md §4.6 ("Turn on Notifications" appearing late over the composer),
 * §5 ("Failure strings seen": "Try again later", "Action blocked", "Couldn't send", in
 * `[role=dialog]`, `[role=alert]` or `[aria-live]`), §10.12.
 *
 * Dialogs are found by role, never by text. Failure notices need text for dialogs and live
 * regions (a dialog may be harmless; a live region also announces new messages), so those match
 * FAILURE_PHRASES; any visible non-empty `[role=alert]` counts even without a known phrase.
 */
import { probeWith, rectsOverlap, type DomProbe } from './probe';
import { FAILURE_PHRASES, SELECTORS } from './selectors';
import { normalizeLabel, outermost, queryAll } from './tree';

export interface FailureSignal {
  element: Element;
  source: 'alert' | 'dialog' | 'live-region';
  /** The known failure phrase found in its text, if any. */
  phrase: string | undefined;
}

/**
 * Visible dialogs that could sit over the composer: every visible dialog that does not contain the
 * composer, except non-modal ones whose box provably does not overlap it. Without layout
 * (rect unknown) a dialog counts as overlapping: fail closed.
 */
export function findDialogsOverComposer(doc: Document, composer: Element | undefined, probe?: Partial<DomProbe>): Element[] {
  const p = probeWith(probe);
  const target = composer ? p.rect(composer) : undefined;
  return outermost(queryAll(doc, SELECTORS.dialog)).filter((d) => {
    if (!p.isVisible(d)) return false;
    if (composer && d.contains(composer)) return false;
    if (d.getAttribute('aria-modal') === 'true') return true;
    const box = p.rect(d);
    return !(box && target) || rectsOverlap(box, target);
  });
}

function phraseIn(el: Element): string | undefined {
  const text = normalizeLabel(el.textContent);
  return FAILURE_PHRASES.find((phrase) => text.includes(phrase));
}

/** Visible send-failure notices on the page (see the file comment). */
export function findSendFailureSignals(doc: Document, probe?: Partial<DomProbe>): FailureSignal[] {
  const p = probeWith(probe);
  const signals: FailureSignal[] = [];
  const seen = new Set<Element>();
  const push = (element: Element, source: FailureSignal['source'], phrase: string | undefined): void => {
    if (seen.has(element)) return;
    seen.add(element);
    signals.push({ element, source, phrase });
  };
  for (const el of queryAll(doc, SELECTORS.alert)) {
    if (p.isVisible(el) && normalizeLabel(el.textContent) !== '') push(el, 'alert', phraseIn(el));
  }
  for (const el of outermost(queryAll(doc, SELECTORS.dialog))) {
    const phrase = phraseIn(el);
    if (phrase && p.isVisible(el)) push(el, 'dialog', phrase);
  }
  for (const el of queryAll(doc, SELECTORS.liveRegion)) {
    const phrase = phraseIn(el);
    if (phrase && !el.closest(SELECTORS.dialog)) push(el, 'live-region', phrase);
  }
  return signals;
}
