/**
 * Settings: the security pattern and what it is for, lock now and auto-lock, the passphrase, and
 * encrypted backups (export, restore).
 */
import { useState } from 'preact/hooks';
import type { SecurityPattern } from '../../../messaging/protocol';
import { t } from '../../i18n';
import { SecurityPatternBadge } from '../../pattern/SecurityPatternBadge';
import { usePrivileged } from '../../useBackground';
import { ImportBackupForm } from '../components/ImportBackupForm';
import { LoadFailure, Loading } from '../components/LoadFailure';
import { ScreenHeading } from '../components/ScreenHeading';
import { ExportBackupSection } from '../settings/ExportBackupSection';
import { LockSection } from '../settings/LockSection';
import { PassphraseSection } from '../settings/PassphraseSection';
import type { Navigator } from '../useNavigation';

export function SettingsScreen({ nav, pattern }: { nav: Navigator; pattern: SecurityPattern | null }) {
  const [version, setVersion] = useState(0);
  const settings = usePrivileged('settings', {}, version);
  const reload = () => setVersion((v) => v + 1);
  return (
    <section>
      <ScreenHeading>{t('settings.heading')}</ScreenHeading>
      {pattern && (
        <section aria-labelledby="pattern-heading">
          <h3 id="pattern-heading">{t('settings.pattern.heading')}</h3>
          <div class="pattern-explained">
            <SecurityPatternBadge pattern={pattern} size={56} />
            <p>{t('settings.pattern.body')}</p>
          </div>
        </section>
      )}
      {settings === undefined && <Loading text={t('common.loading')} />}
      {settings?.ok === false && <LoadFailure failure={settings} nav={nav} />}
      {settings?.ok === true && (
        <>
          <LockSection nav={nav} settings={settings.value} onChanged={reload} />
          <PassphraseSection nav={nav} hasPassphrase={settings.value.hasPassphrase} onChanged={reload} />
        </>
      )}
      <ExportBackupSection nav={nav} />
      <section aria-labelledby="import-heading">
        <h3 id="import-heading">{t('backup.import.heading')}</h3>
        <ImportBackupForm
          nav={nav}
          onRestored={async () => {
            reload();
            await nav.refresh();
          }}
        />
      </section>
    </section>
  );
}
