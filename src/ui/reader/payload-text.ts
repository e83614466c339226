/**
 * Badge and one-line explanation for every payload status other than `ok`. The template-literal key
 * types make the compiler check that the catalog has both for every status.
 */
import type { FailureStatus } from '../frame-hash';
import { t, type MessageKey } from '../i18n';

const badgeKey = (status: FailureStatus): MessageKey => `payload.${status}.badge`;
const bodyKey = (status: FailureStatus): MessageKey => `payload.${status}.body`;

export function payloadBadge(status: FailureStatus): string {
  return t(badgeKey(status));
}

/** The explanation; for `incomplete` with a valid part number, which part this bubble holds. */
export function payloadExplanation(status: FailureStatus, part: number | null, parts: number | null): string {
  if (status === 'incomplete' && part !== null && parts !== null) return t('payload.incomplete.part', { part, parts });
  return t(bodyKey(status));
}

export function payloadIcon(status: FailureStatus): string {
  if (status === 'incomplete') return '…';
  if (status === 'locked') return '🔒';
  return '⚠';
}
