/**
 * Restores an encrypted backup file: reads the chosen file's bytes, sends them as base64url with
 * the backup passphrase. If this browser already has an identity the background refuses with
 * 'would-overwrite'; only after an explicit confirmation is the request repeated with
 * `replaceExisting: true`.
 */
import { useId, useState } from 'preact/hooks';
import { toBase64url } from '../../../encoding/bytes';
import { request } from '../../../messaging/client';
import { t } from '../../i18n';
import { useAction } from '../useAction';
import type { Navigator } from '../useNavigation';
import { ConfirmPrompt } from '../../components/Confirm';
import { FeedbackLine } from '../../components/Feedback';
import { TextField } from './TextField';

/** The protocol accepts up to 48 MiB of base64url text, i.e. 36 MiB of file bytes. */
const MAX_BACKUP_BYTES = (48 * 1024 * 1024 * 3) / 4;

interface PendingImport {
  file: string;
  passphrase: string;
}

export function ImportBackupForm({ nav, onRestored }: { nav: Navigator; onRestored(): void | Promise<void> }) {
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [pending, setPending] = useState<PendingImport | null>(null);
  const action = useAction(nav);

  async function send(fileText: string, pass: string, replaceExisting: boolean) {
    const reply = await action.perform(() => request('privileged', 'importBackup', { file: fileText, passphrase: pass, replaceExisting }));
    if (reply.ok) {
      setPending(null);
      setPassphrase('');
      action.succeed(t('backup.import.done'));
      await onRestored();
    } else if (reply.error === 'refused' && reply.reason === 'would-overwrite' && !replaceExisting) {
      action.setFeedback(null);
      setPending({ file: fileText, passphrase: pass });
    } else {
      setPending(null);
    }
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (!file) return action.fail(t('backup.import.noFile'));
    if (passphrase === '') return action.fail(t('backup.import.needPassphrase'));
    if (file.size > MAX_BACKUP_BYTES) return action.fail(t('backup.import.tooLarge'));
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      return action.fail(t('backup.import.unreadable'));
    }
    await send(toBase64url(bytes), passphrase, false);
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p class="muted">{t('backup.import.body')}</p>
      <div class="field">
        <label for={fileId}>{t('backup.import.file')}</label>
        <input
          id={fileId}
          type="file"
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0] ?? null);
            setPending(null);
          }}
        />
      </div>
      <TextField type="password" label={t('backup.import.passphrase')} value={passphrase} onValue={setPassphrase} autoComplete="off" />
      {pending ? (
        <ConfirmPrompt
          question={t('backup.import.overwrite')}
          confirmLabel={t('backup.import.replace')}
          busy={action.busy}
          onConfirm={() => send(pending.file, pending.passphrase, true)}
          onCancel={() => setPending(null)}
        />
      ) : (
        <div class="row">
          <button type="submit" class="primary" disabled={action.busy}>
            {action.busy ? t('backup.import.working') : t('backup.import.submit')}
          </button>
        </div>
      )}
      <FeedbackLine feedback={action.feedback} />
    </form>
  );
}
