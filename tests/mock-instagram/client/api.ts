/**
 * The page's requests to the local instagram.com (endpoint shapes in ../protocol.ts). Every POST
 * body is JSON; the server logs each one for the tests' "no plaintext reached the server" checks.
 */
import { API } from '../protocol';
import type { Bootstrap, BroadcastResponse, SyncResponse, ThreadPage } from '../protocol';

function csrf(): string {
  const m = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
  return m?.[1] ?? '';
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { 'X-IG-App-ID': '936619743392459' } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf(), 'X-IG-App-ID': '936619743392459' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

export const api = {
  bootstrap: () => getJson<Bootstrap>(API.bootstrap),
  sync: (seq: number) => getJson<SyncResponse>(`${API.sync}?seq=${seq}`),
  thread: (id: string, cursor: string | null) =>
    getJson<ThreadPage>(cursor === null ? API.thread(id) : `${API.thread(id)}?cursor=${encodeURIComponent(cursor)}`),
  broadcast: (threadId: string, text: string, clientContext: string) =>
    postJson<BroadcastResponse>(API.broadcast, { thread_id: threadId, text, client_context: clientContext }),
  activity: (threadId: string, active: boolean) => postJson<unknown>(API.activity(threadId), { activity_status: active ? 1 : 0 }),
  draft: (threadId: string, text: string) => postJson<unknown>(API.draft(threadId), { text }),
  /** On page hide: the last draft goes out as a beacon, as pages do to avoid losing it. */
  draftBeacon: (threadId: string, text: string) =>
    navigator.sendBeacon(API.draft(threadId), new Blob([JSON.stringify({ text })], { type: 'text/plain;charset=UTF-8' })),
  seen: (threadId: string) => postJson<unknown>(API.seen(threadId), {}),
  variant: (patch: unknown) => postJson<unknown>(API.variant, patch),
};
