/**
 * Every message between the extension's contexts, typed in one place and validated on receipt.
 *
 * Two channels (see docs/ARCHITECTURE.md, "Messaging"):
 * - `content`: what the content script (which shares the DOM with instagram.com's own scripts) may
 *   ask. It can never receive plaintext or key material.
 * - `privileged`: what extension pages (popup, welcome page, extension-origin frames) may ask.
 *
 * The channel a message claims is only a routing hint: the background decides privilege from the
 * browser-stamped sender (src/messaging/sender.ts) and refuses a privileged request from anything
 * that is not an extension page.
 */
import { isBoundedString, isExactObject, type Guard } from './guards';

export const MESSAGE_TAG = 'sealed-dms/v1';

/** Requests the content script may make. */
export interface ContentProtocol {
  /** Liveness and version check; the content script does nothing until this succeeds. */
  hello: { request: { page: string }; response: { version: string } };
}

/** Requests extension pages may make. */
export interface PrivilegedProtocol {
  status: { request: Record<string, never>; response: { version: string; browser: string } };
}

export type Channel = 'content' | 'privileged';
export type ProtocolOf<C extends Channel> = C extends 'content' ? ContentProtocol : PrivilegedProtocol;
export type RequestOf<C extends Channel, K extends keyof ProtocolOf<C>> = ProtocolOf<C>[K] extends { request: infer R } ? R : never;
export type ResponseOf<C extends Channel, K extends keyof ProtocolOf<C>> = ProtocolOf<C>[K] extends { response: infer R } ? R : never;

export type RequestGuards<P> = { [K in keyof P]: Guard<P[K] extends { request: infer R } ? R : never> };

const isEmpty = isExactObject<Record<string, never>>({});

export const contentRequestGuards: RequestGuards<ContentProtocol> = {
  hello: isExactObject({ page: isBoundedString(64) }),
};

export const privilegedRequestGuards: RequestGuards<PrivilegedProtocol> = {
  status: isEmpty,
};

/** The wire form of a request. */
export interface Envelope<C extends Channel = Channel> {
  tag: typeof MESSAGE_TAG;
  channel: C;
  type: string;
  payload: unknown;
}

export type ErrorCode =
  | 'malformed' // the request did not have the expected shape
  | 'forbidden' // the sender may not make this request
  | 'unknown-type'
  | 'internal'; // the handler failed; details stay in the background

export type Reply<T> = { ok: true; value: T } | { ok: false, error: ErrorCode };
