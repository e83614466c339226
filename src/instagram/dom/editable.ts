/**
 * What counts as a message composer candidate (instagram-dm-dom.md §4.1): an editable
 * `[role=textbox][contenteditable]`, any Lexical root, or a `<textarea>` (2020–22 era).
 * Labels and placeholders are ignored on purpose: they are localized ("Message", "Mensaje",
 * "Сообщение", ...). Whether a candidate is the right one is decided by the callers (region,
 * visibility, focus).
 */
import { EDITABLE_VALUES, SELECTORS } from './selectors';
import { matches, queryAll } from './tree';

export type ComposerKind = 'lexical' | 'contenteditable' | 'textarea';

/** The kind of composer `el` is, or undefined when it is not an editable composer candidate. */
export function composerKind(el: Element): ComposerKind | undefined {
  if (el.localName === 'textarea') {
    const ta = el as HTMLTextAreaElement;
    return ta.disabled || ta.readOnly ? undefined : 'textarea';
  }
  if (!matches(el, SELECTORS.composerCandidate)) return undefined;
  const value = (el.getAttribute('contenteditable') ?? '').toLowerCase();
  if (!EDITABLE_VALUES.includes(value)) return undefined;
  return matches(el, SELECTORS.lexicalRoot) ? 'lexical' : 'contenteditable';
}

/**
 * Composer candidates under `scope`, outermost only (an editable nested in another is part of it),
 * skipping any inside `exclude` (e.g. the message list).
 */
export function composerCandidatesIn(scope: ParentNode, exclude?: Element): Element[] {
  const all = queryAll(scope, SELECTORS.composerCandidate).filter((el) => composerKind(el) !== undefined);
  return all.filter(
    (el) => !(exclude && exclude.contains(el)) && !all.some((other) => other !== el && other.contains(el)),
  );
}
