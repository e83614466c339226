/**
 * JSON shapes exchanged between the local instagram.com server and its page (shared by both).
 * Endpoint paths imitate Instagram's private `direct_v2` API (instagram-dm-dom.md §5); the real web
 * client uses a Messenger socket, which a poll every 500 ms stands in for.
 */
import type { Variant } from './variant';

export interface AccountInfo {
  username: string;
  fullName: string;
  pk: string;
}

export interface WireMessage {
  /** `mid.$…`, as on Instagram's bubbles (§6.2). */
  id: string;
  threadId: string;
  from: string;
  text: string;
  timestamp: number;
  /** The sender's client-side id of an optimistic send, echoed back. */
  clientContext?: string;
}

export interface WireThread {
  id: string;
  /** The other participants. */
  users: AccountInfo[];
  lastMessage: WireMessage | null;
  unread: number;
}

export interface Bootstrap {
  viewer: AccountInfo;
  variant: Variant;
  classSeed: string;
  threads: WireThread[];
  seq: number;
}

export interface ThreadPage {
  threadId: string;
  /** Oldest first. */
  messages: WireMessage[];
  hasOlder: boolean;
  draft: string;
}

export type SyncEvent =
  | { type: 'message'; message: WireMessage }
  | { type: 'edit'; message: WireMessage }
  | { type: 'typing'; threadId: string; from: string; active: boolean }
  | { type: 'variant'; variant: Variant };

export interface SyncResponse {
  seq: number;
  events: SyncEvent[];
}

export interface BroadcastRequest {
  thread_id: string;
  text: string;
  client_context: string;
}

/** `status: 'ok'` with `items: []` is a silent drop; `fail` comes with a dialog message. */
export type BroadcastResponse =
  | { status: 'ok'; items: WireMessage[] }
  | { status: 'fail'; message: string; code: 'too_long' | 'try_again_later' | 'bad_request' };

export const API = {
  bootstrap: '/api/v1/web/bootstrap/',
  sync: '/api/v1/direct_v2/sync/',
  broadcast: '/api/v1/direct_v2/threads/broadcast/text/',
  thread: (id: string) => `/api/v1/direct_v2/threads/${id}/`,
  activity: (id: string) => `/api/v1/direct_v2/threads/${id}/activity/`,
  draft: (id: string) => `/api/v1/direct_v2/threads/${id}/draft/`,
  seen: (id: string) => `/api/v1/direct_v2/threads/${id}/seen/`,
  /** Test control: the control object's setVariant persists here so a reload keeps the variant. */
  variant: '/__mock/variant',
} as const;

export const UTF8 = new TextEncoder();
export function byteLength(text: string): number {
  return UTF8.encode(text).length;
}
