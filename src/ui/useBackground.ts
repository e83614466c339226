/**
 * Preact hook for reading from the background over the privileged channel
 * (src/messaging/protocol.ts). The reply is `undefined` until it arrives; failures arrive as typed
 * replies (the client never throws), so every caller must render the failure case.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { request, type ClientReply } from '../messaging/client';
import type { PrivilegedProtocol, RequestOf, ResponseOf } from '../messaging/protocol';

import { rereadDelay } from './reread';

// A frame should not flip to an error screen (and lose what it showed, such as the outcome of a
// send) while a stopped worker restarts: see ./reread.ts.
export { REREAD_RETRY_MS } from './reread';

/**
 * Sends `type` with `payload` on mount, and again whenever `reloadKey` changes (pass a counter the
 * caller bumps after a change). The previous reply stays shown until the new one arrives; a reply
 * that arrives after unmount or after a newer request is dropped.
 *
 * The first read shows any failure at once. A re-read that finds the background unreachable keeps
 * the previous reply and asks again (REREAD_RETRY_MS); only when every retry failed is the
 * unreachable reply shown. Nothing is sent on the strength of a kept reply: every action asks the
 * background, which decides again.
 */
export function usePrivileged<K extends keyof PrivilegedProtocol & string>(
  type: K,
  payload: RequestOf<'privileged', K>,
  reloadKey: unknown = 0,
): ClientReply<ResponseOf<'privileged', K>> | undefined {
  const [reply, setReply] = useState<ClientReply<ResponseOf<'privileged', K>>>();
  const answered = useRef(false);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = (attempt: number) =>
      void request('privileged', type, payload).then((r) => {
        if (!live) return;
        const delay = rereadDelay(r, answered.current, attempt);
        if (delay !== undefined) {
          timer = setTimeout(() => ask(attempt + 1), delay);
          return;
        }
        answered.current = true;
        setReply(r);
      });
    ask(0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // Only `reloadKey` triggers a new request: the payload is a fresh object on every render.
  }, [reloadKey]);
  return reply;
}
