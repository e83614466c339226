/**
 * Shown by the content script on DM pages once the background has answered: the extension's state
 * and, beside it, the user's security pattern, so this frame can be told from a page imitation.
 */
import { t } from '../i18n';
import { SecurityPatternBadge } from '../pattern/SecurityPatternBadge';
import { usePrivileged } from '../useBackground';

export function StatusFrame() {
  const status = usePrivileged('status', {});
  const text = status === undefined ? t('statusFrame.connecting') : status.ok ? t('statusFrame.active') : t('statusFrame.unavailable');
  const pattern = status?.ok ? status.value.pattern : null;
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: '8px', padding: '8px 12px', borderRadius: '8px', border: '1px solid var(--border)' }}>
      {pattern && <SecurityPatternBadge pattern={pattern} size={20} />}
      <div data-testid="status-frame" role="status">
        {text}
      </div>
    </div>
  );
}
