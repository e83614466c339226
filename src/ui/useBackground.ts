/** A Preact hook that runs one privileged request on mount and exposes its reply. */
import { useEffect, useState } from 'preact/hooks';
import { request, type ClientReply } from '../messaging/client';
import type { PrivilegedProtocol, RequestOf, ResponseOf } from '../messaging/protocol';

export function usePrivileged<K extends keyof PrivilegedProtocol & string>(
  type: K,
  payload: RequestOf<'privileged', K>,
): ClientReply<ResponseOf<'privileged', K>> | undefined {
  const [reply, setReply] = useState<ClientReply<ResponseOf<'privileged', K>>>();
  useEffect(() => {
    let live = true;
    void request('privileged', type, payload).then((r) => live && setReply(r));
    return () => {
      live = false;
    };
    // The request is made once per mount by design.
  }, []);
  return reply;
}
