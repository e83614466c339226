/**
 * Typed requests to the background, for the content script and extension pages.
 * A missing or malformed answer (background unreachable, restarted, refused) becomes an error
 * reply, never an exception, so callers must handle failure explicitly: fail closed.
 */
import { browser } from 'wxt/browser';
import { isRecord } from './guards';
import { MESSAGE_TAG, type Channel, type Envelope, type ProtocolOf, type Reply, type RequestOf, type ResponseOf } from './protocol';

export type ClientReply<T> = Reply<T> | { ok: false; error: 'unreachable' };

export async function request<C extends Channel, K extends keyof ProtocolOf<C> & string>(
  channel: C,
  type: K,
  payload: RequestOf<C, K>,
): Promise<ClientReply<ResponseOf<C, K>>> {
  const envelope: Envelope<C> = { tag: MESSAGE_TAG, channel, type, payload };
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage(envelope);
  } catch {
    return { ok: false, error: 'unreachable' };
  }
  if (!isRecord(reply) || typeof reply.ok !== 'boolean') return { ok: false, error: 'unreachable' };
  return reply as Reply<ResponseOf<C, K>>;
}
