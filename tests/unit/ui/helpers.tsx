/**
 * Helpers for popup component tests (happy-dom): a scripted background behind the mocked
 * `request` (each test file calls `vi.mock('../../../src/messaging/client', ...)` itself), mounting
 * with preact/test-utils `act`, and DOM queries by visible label and text, the way a user finds
 * things.
 */
import { render, type ComponentChildren } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CHANGED_NOTICE } from '../../../src/messaging/changed-notice';
import { request, type ClientReply } from '../../../src/messaging/client';
import type { PrivilegedProtocol, RefusalReason, RequestOf, ResponseOf, SecurityPattern } from '../../../src/messaging/protocol';
import type { Navigator } from '../../../src/ui/popup/useNavigation';

type Key = keyof PrivilegedProtocol & string;
type Handler<K extends Key> = (payload: RequestOf<'privileged', K>) => ClientReply<ResponseOf<'privileged', K>> | Promise<ClientReply<ResponseOf<'privileged', K>>>;
export type Script = { [K in Key]?: Handler<K> };
export interface Call {
  type: string;
  payload: unknown;
}

export const PATTERN: SecurityPattern = { hues: [210, 30], shape: 1, cells: 0b1010_0101_1100_0011 };

export const ok = <T,>(value: T) => ({ ok: true as const, value });
export function refused(reason: RefusalReason, retryAt?: number) {
  return retryAt === undefined ? { ok: false as const, error: 'refused' as const, reason } : { ok: false as const, error: 'refused' as const, reason, retryAt };
}

/** The background's `changed` notice (src/messaging/changed-notice.ts), as a page's listener gets it. */
export async function announceChanged(): Promise<void> {
  await act(async () => {
    await fakeBrowser.runtime.onMessage.trigger(CHANGED_NOTICE, { id: fakeBrowser.runtime.id }, () => undefined);
  });
}

/** Makes the mocked `request` answer from `script`; returns the list of calls it receives. */
export function scriptBackground(script: Script): Call[] {
  const calls: Call[] = [];
  vi.mocked(request).mockImplementation((async (channel: string, type: string, payload: unknown) => {
    if (channel !== 'privileged') throw new Error(`unexpected channel ${channel}`);
    calls.push({ type, payload });
    const handler = script[type as Key] as ((p: unknown) => unknown) | undefined;
    if (!handler) return { ok: false, error: 'unknown-type' };
    return handler(payload);
  }) as never);
  return calls;
}

export const callsOf = (calls: Call[], type: string) => calls.filter((c) => c.type === type).map((c) => c.payload);

export function fakeNav() {
  return { go: vi.fn<Navigator['go']>(), refresh: vi.fn<Navigator['refresh']>(async () => {}) };
}

let mounted: HTMLElement[] = [];

export async function mount(ui: ComponentChildren): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  mounted.push(container);
  await act(() => render(ui, container));
  await flush();
  return container;
}

export async function unmountAll(): Promise<void> {
  for (const container of mounted) {
    await act(() => render(null, container));
    container.remove();
  }
  mounted = [];
}

/** Lets pending replies, state updates and effects run (a few rounds: replies can chain). */
export async function flush(rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

export function byLabel<T extends HTMLElement = HTMLInputElement>(root: ParentNode, label: string): T {
  const found = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === label);
  if (!found) throw new Error(`no label "${label}"`);
  const control = document.getElementById(found.htmlFor);
  if (!control) throw new Error(`label "${label}" points at nothing`);
  return control as T;
}

export function button(root: ParentNode, text: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no button "${text}"; buttons: ${[...root.querySelectorAll('button')].map((b) => b.textContent?.trim()).join(' | ')}`);
  return found;
}

export const hasButton = (root: ParentNode, text: string) => [...root.querySelectorAll('button')].some((b) => b.textContent?.trim() === text);

export async function typeInto(control: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  await act(() => {
    control.value = value;
    control.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function click(element: HTMLElement): Promise<void> {
  await act(() => element.click());
  await flush();
}

export async function submit(form: HTMLFormElement): Promise<void> {
  await act(() => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await flush();
}

/** Text of the element, whitespace collapsed. */
export const text = (element: Element | null) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
