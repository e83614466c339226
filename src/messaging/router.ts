/**
 * The background's single entry point for messages. Pure logic: the background entrypoint passes
 * in `runtime.onMessage`'s arguments; tests call it directly with forged senders.
 *
 * Order of checks: envelope shape, sender class (from browser-stamped fields), channel privilege,
 * payload shape, then the handler. Any failure answers a bare error code: no stack, no detail
 * that could carry secrets back to a less trusted context.
 */
import { isRecord } from './guards';
import {
  MESSAGE_TAG,
  contentRequestGuards,
  privilegedRequestGuards,
  type Channel,
  type ContentProtocol,
  type PrivilegedProtocol,
  type Reply,
  type RequestGuards,
} from './protocol';
import { Refusal } from './refusal';
import { classifySender, type Self, type SenderClass, type SenderInfo } from './sender';

type Handlers<P> = {
  [K in keyof P]: (
    request: P[K] extends { request: infer R } ? R : never,
    sender: SenderInfo,
  ) => Promise<P[K] extends { response: infer R } ? R : never> | (P[K] extends { response: infer R } ? R : never);
};

export interface RouterHandlers {
  content: Handlers<ContentProtocol>;
  privileged: Handlers<PrivilegedProtocol>;
}

/** Which sender classes may use each channel. Extension pages may also ask content questions. */
const ALLOWED: Record<Channel, readonly SenderClass[]> = {
  content: ['content-script', 'extension-page'],
  privileged: ['extension-page'],
};

const GUARDS: { [C in Channel]: RequestGuards<C extends 'content' ? ContentProtocol : PrivilegedProtocol> } = {
  content: contentRequestGuards,
  privileged: privilegedRequestGuards,
};

export interface Router {
  /** Returns undefined for messages that are not ours (so other listeners may answer). */
  handle(message: unknown, sender: SenderInfo): Promise<Reply<unknown>> | undefined;
}

export function createRouter(self: Self, handlers: RouterHandlers, onError?: (type: string, error: unknown) => void): Router {
  return {
    handle(message, sender) {
      if (!isRecord(message) || message.tag !== MESSAGE_TAG) return undefined;
      return dispatch(message, sender);
    },
  };

  async function dispatch(message: Record<string, unknown>, sender: SenderInfo): Promise<Reply<unknown>> {
    const { channel, type, payload } = message;
    if (channel !== 'content' && channel !== 'privileged') return { ok: false, error: 'malformed' };
    if (!ALLOWED[channel].includes(classifySender(sender, self))) return { ok: false, error: 'forbidden' };
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(GUARDS[channel], type)) {
      return { ok: false, error: 'unknown-type' };
    }
    const guard = (GUARDS[channel] as Record<string, (v: unknown) => boolean>)[type]!;
    if (!guard(payload)) return { ok: false, error: 'malformed' };
    const handler = (handlers[channel] as Record<string, (req: unknown, s: SenderInfo) => unknown>)[type]!;
    try {
      return { ok: true, value: await handler(payload, sender) };
    } catch (error) {
      if (error instanceof Refusal) {
        return error.retryAt === undefined
          ? { ok: false, error: 'refused', reason: error.reason }
          : { ok: false, error: 'refused', reason: error.reason, retryAt: error.retryAt };
      }
      onError?.(type, error);
      return { ok: false, error: 'internal' };
    }
  }
}
