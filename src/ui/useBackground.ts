/**
 * Preact hook for reading from the background over the privileged channel
 * (src/messaging/protocol.ts). The reply is `undefined` until it arrives; failures arrive as typed
 * replies (the client never throws), so every caller must render the failure case.
 */
import { useEffect, useState } from 'preact/hooks';
import { request, type ClientReply } from '../messaging/client';
import type { PrivilegedProtocol, RequestOf, ResponseOf } from '../messaging/protocol';

/**
 * Sends `type` with `payload` on mount, and again whenever `reloadKey` changes (pass a counter the
 * caller bumps after a change). The previous reply stays shown until the new one arrives; a reply
 * that arrives after unmount or after a newer request is dropped.
 */
export function usePrivileged<K extends keyof PrivilegedProtocol & string>(
  type: K,
  payload: RequestOf<'privileged', K>,
  reloadKey: unknown = 0,
): ClientReply<ResponseOf<'privileged', K>> | undefined {
  const [reply, setReply] = useState<ClientReply<ResponseOf<'privileged', K>>>();
  useEffect(() => {
    let live = true;
    void request('privileged', type, payload).then((r) => {
      if (live) setReply(r);
    });
    return () => {
      live = false;
    };
    // Only `reloadKey` triggers a new request: the payload is a fresh object on every render.
  }, [reloadKey]);
  return reply;
}
