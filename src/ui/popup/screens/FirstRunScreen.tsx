/**
 * First run (vault 'uninitialized'): what Sealed DMs protects and what it does not, then the
 * identity in one step (name, optional Instagram username, optional passphrase). Or restore a
 * backup from another browser instead.
 */
import { useState } from 'preact/hooks';
import { request } from '../../../messaging/client';
import { t } from '../../i18n';
import { FeedbackLine } from '../../components/Feedback';
import { ImportBackupForm } from '../components/ImportBackupForm';
import { ScreenHeading } from '../components/ScreenHeading';
import { TextField } from '../components/TextField';
import { useAction } from '../useAction';
import type { Navigator } from '../useNavigation';
import { normalizeUsername } from '../username';

export function FirstRunScreen({ nav }: { nav: Navigator }) {
  const [mode, setMode] = useState<'create' | 'restore'>('create');
  if (mode === 'restore') {
    return (
      <section key="restore">
        <ScreenHeading>{t('backup.import.heading')}</ScreenHeading>
        <ImportBackupForm
          nav={nav}
          onRestored={async () => {
            nav.go({ screen: 'contacts' });
            await nav.refresh();
          }}
        />
        <button type="button" class="link" onClick={() => setMode('create')}>
          {t('firstRun.createInstead')}
        </button>
      </section>
    );
  }
  return (
    <section key="create">
      <ScreenHeading>{t('firstRun.heading')}</ScreenHeading>
      <p>{t('firstRun.intro')}</p>
      <WhatIsProtected />
      <CreateIdentityForm nav={nav} />
      <button type="button" class="link" onClick={() => setMode('restore')}>
        {t('firstRun.restoreInstead')}
      </button>
    </section>
  );
}

function WhatIsProtected() {
  return (
    <div class="protection">
      <h3>{t('firstRun.protects.heading')}</h3>
      <p>{t('firstRun.protects.text')}</p>
      <h3>{t('firstRun.notProtected.heading')}</h3>
      <ul>
        <li>{t('firstRun.notProtected.who')}</li>
        <li>{t('firstRun.notProtected.length')}</li>
        <li>{t('firstRun.notProtected.device')}</li>
        <li>{t('firstRun.notProtected.plain')}</li>
      </ul>
    </div>
  );
}

function CreateIdentityForm({ nav }: { nav: Navigator }) {
  const [displayName, setDisplayName] = useState('');
  const [instagram, setInstagram] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const action = useAction(nav);
  const mismatch = confirmation !== '' && passphrase !== confirmation;

  async function submit(event: Event) {
    event.preventDefault();
    const name = displayName.trim();
    if (name === '') return action.fail(t('field.name.required'));
    if (passphrase !== confirmation) return action.fail(t('field.passphrase.mismatch'));
    const reply = await action.perform(() =>
      request('privileged', 'createIdentity', { displayName: name, instagram: normalizeUsername(instagram), passphrase: passphrase === '' ? null : passphrase }),
    );
    if (!reply.ok) return;
    // The next step is sharing one's code.
    nav.go({ screen: 'my-card' });
    await nav.refresh();
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <TextField label={t('field.displayName')} hint={t('field.displayName.hint')} value={displayName} onValue={setDisplayName} maxLength={64} required autoComplete="nickname" />
      <TextField label={`${t('field.instagram')} ${t('common.optional')}`} hint={t('field.instagram.hint')} value={instagram} onValue={setInstagram} maxLength={31} autoComplete="username" />
      <fieldset>
        <legend>{t('firstRun.passphrase.legend')}</legend>
        <p class="hint">{t('firstRun.passphrase.hint')}</p>
        <TextField type="password" label={t('field.passphrase')} value={passphrase} onValue={setPassphrase} autoComplete="new-password" />
        <TextField type="password" label={t('field.passphraseConfirm')} value={confirmation} onValue={setConfirmation} autoComplete="new-password" invalid={mismatch} />
      </fieldset>
      <div class="row">
        <button type="submit" class="primary" disabled={action.busy}>
          {action.busy ? t('firstRun.creating') : t('firstRun.submit')}
        </button>
      </div>
      <FeedbackLine feedback={action.feedback} />
    </form>
  );
}
