/**
 * Shared assertions for thread fixtures: what the readers must report for a page whose
 * messages are known.
 */
import { expect } from 'vitest';
import { findComposer, findSendButton } from '../../../../src/instagram/dom/composer';
import { readCounterpart } from '../../../../src/instagram/dom/header';
import { readMessages, type ReadOptions } from '../../../../src/instagram/dom/messages';
import { layoutFreeProbe } from '../../../../src/instagram/dom/probe';
import { findThreadView } from '../../../../src/instagram/dom/thread';
import type { FixtureMessage } from './group-era';

export const probe = layoutFreeProbe;

export interface ExpectedRow {
  key: string | undefined;
  text: string | undefined;
  direction: 'outgoing' | 'incoming' | 'unknown';
}

/** The rows a fixture message list must produce. */
export function expectedRows(messages: readonly FixtureMessage[]): ExpectedRow[] {
  return messages.map((m) => ({ key: m.id, text: m.text, direction: m.from === 'self' ? 'outgoing' : 'incoming' }));
}

export function rowsOf(doc: Document, opts: ReadOptions = {}) {
  const view = findThreadView(doc, probe);
  expect(view.ok).toBe(true);
  if (!view.ok) throw new Error('no thread');
  return readMessages(view.view.list, { probe, ...opts });
}

export function expectRows(doc: Document, expected: readonly ExpectedRow[], opts: ReadOptions = {}): void {
  const rows = rowsOf(doc, opts);
  expect(rows.map((r) => ({ key: r.key, text: r.text, direction: r.direction }))).toEqual(expected);
}

export function expectThread(
  doc: Document,
  want: { counterpart: string; textbox: Element; send?: Element; sendLabel?: string },
): void {
  expect(readCounterpart(doc, probe)).toEqual({ kind: 'user', username: want.counterpart });
  const c = findComposer(doc, probe);
  expect(c.ok).toBe(true);
  if (!c.ok) return;
  expect(c.composer.element).toBe(want.textbox);
  const send = findSendButton(c.composer, probe);
  if (want.send) {
    expect(send).toMatchObject({ ok: true, button: { element: want.send, via: 'text-button', labelKnown: true, disabled: false } });
    if (want.sendLabel && send.ok) expect(send.button.label).toBe(want.sendLabel.toLowerCase());
  } else {
    expect(send).toEqual({ ok: false, reason: 'absent' });
  }
}
