/** How many messages with this contact are archived, and deleting them (after confirmation). */
import { request } from '../../../messaging/client';
import { t, tPlural } from '../../i18n';
import { ConfirmAction } from '../../components/Confirm';
import { FeedbackLine } from '../../components/Feedback';
import { useAction } from '../useAction';
import type { ContactSectionProps } from './SafetyNumberSection';

export function ArchiveSection({ nav, contact, onChanged }: ContactSectionProps) {
  const action = useAction(nav);
  const count = contact.archivedMessages;

  async function deleteArchive() {
    const reply = await action.perform(() => request('privileged', 'deleteArchive', { id: contact.id }));
    if (!reply.ok) return;
    action.succeed(tPlural('contact.archive.deleted', reply.value.deleted));
    onChanged();
  }

  return (
    <section aria-labelledby="archive-heading">
      <h3 id="archive-heading">{t('contact.archive.heading')}</h3>
      <p data-testid="archive-count">{tPlural('contact.archive.count', count)}</p>
      {count > 0 && (
        <ConfirmAction
          trigger={t('contact.archive.delete')}
          question={tPlural('contact.archive.confirm', count, { name: contact.name })}
          confirmLabel={t('contact.archive.confirmButton')}
          busy={action.busy}
          onConfirm={deleteArchive}
        />
      )}
      <FeedbackLine feedback={action.feedback} />
    </section>
  );
}
