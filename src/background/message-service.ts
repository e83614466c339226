/**
 * Sending and receiving messages: the state that lives as long as the worker (the per-thread send
 * queue, the messages being posted right now, parts of multi-part messages seen so far, the queue
 * of archive lookups) and the requests built on it. The work itself is in send-message.ts,
 * read-payloads.ts, read-message.ts and unsent-messages.ts.
 */
import type { ContentProtocol, Empty, PayloadResult, PrivilegedProtocol, ReaderMessage, SendOutcome, UnsentMessage } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import type { SenderInfo } from '../messaging/sender';
import type { BackgroundDeps } from './deps';
import { KeyedQueue } from './keyed-queue';
import { PendingParts } from './pending-parts';
import { MessageLookups } from './read-message';
import { readPayloads } from './read-payloads';
import { sendMessage } from './send-message';
import { dismissUnsent, manualProgress, unsentMessages } from './unsent-messages';

type Req<K extends keyof PrivilegedProtocol> = PrivilegedProtocol[K]['request'];

export interface MessageService {
  send(req: Req<'send'>, sender: SenderInfo): Promise<SendOutcome>;
  readPayloads(req: ContentProtocol['readPayloads']['request']): Promise<{ results: PayloadResult[] }>;
  readMessage(req: Req<'readMessage'>): Promise<ReaderMessage>;
  unsentMessages(req: Req<'unsentMessages'>): Promise<{ messages: UnsentMessage[] }>;
  dismissUnsent(req: Req<'dismissUnsent'>): Promise<Empty>;
  manualProgress(req: Req<'manualProgress'>): Promise<{ seen: boolean[] }>;
}

export function createMessageService(deps: BackgroundDeps): MessageService {
  const sends = new KeyedQueue();
  const pending = new PendingParts();
  /** Ids of messages being posted right now: not "unsent" while they are. Lost with the worker, as is the post's answer. */
  const inFlight = new Set<string>();
  const lookups = new MessageLookups(deps);
  return {
    send(req, sender) {
      // The compose frame lives in the Instagram tab: its tab's content script posts the armor.
      const tabId = sender.tab?.id;
      if (tabId === undefined) return Promise.reject(new Refusal('no-tab'));
      // One send per thread at a time; a second one waits for the first to be posted or fail.
      return sends.run(req.threadId, () => sendMessage(deps, tabId, req, inFlight));
    },
    readPayloads: (req) => readPayloads(deps, pending, req),
    readMessage: (req) => lookups.read(req.messageId),
    unsentMessages: (req) => unsentMessages(deps, req, inFlight),
    dismissUnsent: (req) => dismissUnsent(deps, req, inFlight),
    manualProgress: (req) => manualProgress(deps, pending, req),
  };
}
