/** A contact's verification state as icon + words (never colour alone). */
import type { Verification } from '../../messaging/protocol';
import { t } from '../i18n';

const ICON: Record<Verification, string> = { verified: '✓', unverified: '○', 'key-changed': '⚠' };

export function VerificationBadge({ verification }: { verification: Verification }) {
  return (
    <span class={`badge badge-${verification}`} data-verification={verification}>
      <span aria-hidden="true">{ICON[verification]} </span>
      {t(`verification.${verification}`)}
    </span>
  );
}
