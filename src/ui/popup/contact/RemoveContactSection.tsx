/** Removing a contact (after confirmation); returns to the contact list. */
import { request } from '../../../messaging/client';
import type { ContactDetails } from '../../../messaging/protocol';
import { t } from '../../i18n';
import { ConfirmAction } from '../../components/Confirm';
import { FeedbackLine } from '../../components/Feedback';
import { useAction } from '../useAction';
import type { Navigator } from '../useNavigation';

export function RemoveContactSection({ nav, contact }: { nav: Navigator; contact: ContactDetails }) {
  const action = useAction(nav);

  async function remove() {
    const reply = await action.perform(() => request('privileged', 'removeContact', { id: contact.id }));
    if (reply.ok) nav.go({ screen: 'contacts' });
  }

  return (
    <section aria-labelledby="remove-heading">
      <h3 id="remove-heading">{t('contact.remove.heading')}</h3>
      <ConfirmAction
        trigger={t('contact.remove')}
        question={t('contact.remove.confirm', { name: contact.name })}
        confirmLabel={t('contact.remove.confirmButton', { name: contact.name })}
        busy={action.busy}
        onConfirm={remove}
      />
      <FeedbackLine feedback={action.feedback} />
    </section>
  );
}
