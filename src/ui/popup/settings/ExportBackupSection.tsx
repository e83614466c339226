/**
 * Export an encrypted backup: the user picks a backup passphrase (typed twice), the background
 * returns the file as base64url, and the popup saves it as a download.
 */
import { useState } from 'preact/hooks';
import { fromBase64url } from '../../../encoding/bytes';
import { request } from '../../../messaging/client';
import { t } from '../../i18n';
import { FeedbackLine } from '../../components/Feedback';
import { TextField } from '../components/TextField';
import { downloadBytes } from '../download';
import { useAction } from '../useAction';
import type { Navigator } from '../useNavigation';

export function ExportBackupSection({ nav }: { nav: Navigator }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const action = useAction(nav);
  const mismatch = confirmation !== '' && passphrase !== confirmation;

  async function submit(event: Event) {
    event.preventDefault();
    if (passphrase === '' || confirmation === '') return action.fail(t('backup.export.needPassphrase'));
    if (passphrase !== confirmation) return action.fail(t('field.passphrase.mismatch'));
    const reply = await action.perform(() => request('privileged', 'exportBackup', { passphrase }));
    if (!reply.ok) return;
    const bytes = fromBase64url(reply.value.file);
    if (!bytes) return action.fail(t('backup.export.unreadable'));
    downloadBytes(bytes, reply.value.fileName);
    setPassphrase('');
    setConfirmation('');
    action.succeed(t('backup.export.done', { fileName: reply.value.fileName }));
  }

  return (
    <section aria-labelledby="export-heading">
      <h3 id="export-heading">{t('backup.export.heading')}</h3>
      <p class="muted">{t('backup.export.body')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField type="password" label={t('backup.passphrase')} value={passphrase} onValue={setPassphrase} autoComplete="new-password" />
        <TextField type="password" label={t('backup.passphraseConfirm')} value={confirmation} onValue={setConfirmation} autoComplete="new-password" invalid={mismatch} />
        <div class="row">
          <button type="submit" class="primary" disabled={action.busy}>
            {action.busy ? t('backup.export.working') : t('backup.export.submit')}
          </button>
        </div>
        <FeedbackLine feedback={action.feedback} />
      </form>
    </section>
  );
}
