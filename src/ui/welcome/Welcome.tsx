/** The page opened on install: what Sealed DMs does and where to start. */
import { t } from '../i18n';
import { SecurityPatternBadge } from '../pattern/SecurityPatternBadge';
import { usePrivileged } from '../useBackground';

export function Welcome() {
  const status = usePrivileged('status', {});
  const pattern = status?.ok ? status.value.pattern : null;
  return (
    <main style={{ maxWidth: '640px', margin: '40px auto', padding: '0 16px' }}>
      <h1>{t('welcome.heading')}</h1>
      <p>{t('welcome.body')}</p>
      {pattern && (
        <div style={{ display: 'flex', alignItems: 'center', gap: '12px' }}>
          <SecurityPatternBadge pattern={pattern} size={48} />
          <p>{t('welcome.pattern')}</p>
        </div>
      )}
    </main>
  );
}
