/**
 * Plain-words text for every failed request (src/messaging/protocol.ts `Failure`, plus the client's
 * `unreachable`). The template-literal key types make the compiler check that the catalog has a
 * message for every refusal reason and every error code.
 */
import type { ClientReply } from '../messaging/client';
import type { RefusalReason } from '../messaging/protocol';
import { t, tPlural, type MessageKey } from './i18n';

export type RequestFailure = Extract<ClientReply<unknown>, { ok: false }>;

const refusalKey = (reason: RefusalReason): MessageKey => `refusal.${reason}`;
const errorKey = (error: Exclude<RequestFailure['error'], 'refused'>): MessageKey => `error.${error}`;

export function failureText(failure: RequestFailure, now: number = Date.now()): string {
  if (failure.error !== 'refused') return t(errorKey(failure.error));
  if (failure.reason === 'throttled' && failure.retryAt !== undefined) {
    const seconds = secondsUntil(failure.retryAt, now);
    if (seconds > 0) return tPlural('refusal.throttledFor', seconds);
  }
  return t(refusalKey(failure.reason));
}

/** Whole seconds left until `retryAt` (epoch ms), rounded up; 0 once it has passed. */
export function secondsUntil(retryAt: number, now: number): number {
  return Math.max(0, Math.ceil((retryAt - now) / 1000));
}

/** A refusal that means the popup's idea of the vault is stale (it locked itself, is gone, or exists after all). */
export function meansVaultChanged(failure: RequestFailure): boolean {
  return failure.error === 'refused' && (failure.reason === 'locked' || failure.reason === 'no-identity' || failure.reason === 'identity-exists');
}
