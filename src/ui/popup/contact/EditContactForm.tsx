/** Rename a contact or change the Instagram username it is linked to. */
import { useState } from 'preact/hooks';
import { request } from '../../../messaging/client';
import { t } from '../../i18n';
import { FeedbackLine } from '../../components/Feedback';
import { TextField } from '../components/TextField';
import { useAction } from '../useAction';
import { normalizeUsername } from '../username';
import type { ContactSectionProps } from './SafetyNumberSection';

export function EditContactForm({ nav, contact, onChanged }: ContactSectionProps) {
  const [name, setName] = useState(contact.name);
  const [instagram, setInstagram] = useState(contact.instagram ?? '');
  const action = useAction(nav);

  async function save(event: Event) {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') return action.fail(t('field.name.required'));
    const reply = await action.perform(() => request('privileged', 'updateContact', { id: contact.id, name: trimmed, instagram: normalizeUsername(instagram) }));
    if (!reply.ok) return;
    action.succeed(t('common.saved'));
    onChanged();
  }

  return (
    <section aria-labelledby="edit-heading">
      <h3 id="edit-heading">{t('contact.edit.heading')}</h3>
      <form onSubmit={(e) => void save(e)} noValidate>
        <TextField label={t('contact.name')} value={name} onValue={setName} maxLength={64} required />
        <TextField label={`${t('contact.instagram')} ${t('common.optional')}`} value={instagram} onValue={setInstagram} maxLength={31} />
        <div class="row">
          <button type="submit" disabled={action.busy}>
            {action.busy ? t('common.saving') : t('common.save')}
          </button>
        </div>
        <FeedbackLine feedback={action.feedback} />
      </form>
    </section>
  );
}
