/**
 * Sending and receiving messages: the state that lives as long as the worker (the per-thread send
 * queue, parts of multi-part messages seen so far) and the three requests built on it. The work
 * itself is in send-message.ts, read-payloads.ts and read-message.ts.
 */
import type { ContentProtocol, PayloadResult, PrivilegedProtocol, SendOutcome, StoredMessage } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import type { SenderInfo } from '../messaging/sender';
import type { BackgroundDeps } from './deps';
import { KeyedQueue } from './keyed-queue';
import { PendingParts } from './pending-parts';
import { readMessage } from './read-message';
import { readPayloads } from './read-payloads';
import { sendMessage } from './send-message';

type Req<K extends keyof PrivilegedProtocol> = PrivilegedProtocol[K]['request'];

export interface MessageService {
  send(req: Req<'send'>, sender: SenderInfo): Promise<SendOutcome>;
  readPayloads(req: ContentProtocol['readPayloads']['request']): Promise<{ results: PayloadResult[] }>;
  readMessage(req: Req<'readMessage'>): Promise<StoredMessage>;
}

export function createMessageService(deps: BackgroundDeps): MessageService {
  const sends = new KeyedQueue();
  const pending = new PendingParts();
  return {
    send(req, sender) {
      // The compose frame lives in the Instagram tab: its tab's content script posts the armor.
      const tabId = sender.tab?.id;
      if (tabId === undefined) return Promise.reject(new Refusal('no-tab'));
      // One send per thread at a time; a second one waits for the first to be posted or fail.
      return sends.run(req.threadId, () => sendMessage(deps, tabId, req));
    },
    readPayloads: (req) => readPayloads(deps, pending, req),
    readMessage: (req) => readMessage(deps, req),
  };
}

