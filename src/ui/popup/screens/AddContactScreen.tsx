/**
 * Add contact, in two steps: paste an invite code and check it (`previewCard`), then name the
 * contact, link their Instagram username and save (`addContact`). A code whose name or username
 * matches an existing contact with another key is shown with a key-change warning before saving.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { request } from '../../../messaging/client';
import type { CardPreview } from '../../../messaging/protocol';
import { t } from '../../i18n';
import { FeedbackLine } from '../../components/Feedback';
import { KeyChangedWarning } from '../../components/KeyChangedWarning';
import { ScreenHeading } from '../components/ScreenHeading';
import { TextField } from '../components/TextField';
import { useAction } from '../useAction';
import type { Navigator } from '../useNavigation';
import { normalizeUsername } from '../username';

/** The protocol's limit for a pasted code (src/messaging/protocol.ts `isCode`). */
const MAX_CODE_CHARS = 4096;

interface Checked {
  code: string;
  preview: CardPreview;
}

export function AddContactScreen({ nav }: { nav: Navigator }) {
  const [code, setCode] = useState('');
  const [checked, setChecked] = useState<Checked | null>(null);
  return (
    <section>
      <ScreenHeading>{t('add.heading')}</ScreenHeading>
      {checked ? (
        <ReviewCard nav={nav} checked={checked} onBack={() => setChecked(null)} />
      ) : (
        <PasteCode nav={nav} code={code} onCode={setCode} onChecked={setChecked} />
      )}
    </section>
  );
}

interface PasteCodeProps {
  nav: Navigator;
  code: string;
  onCode(code: string): void;
  onChecked(checked: Checked): void;
}

function PasteCode({ nav, code, onCode, onChecked }: PasteCodeProps) {
  const id = useId();
  const action = useAction(nav);
  async function check(event: Event) {
    event.preventDefault();
    const trimmed = code.trim();
    if (trimmed === '') return action.fail(t('add.empty'));
    if (trimmed.length > MAX_CODE_CHARS) return action.fail(t('add.tooLong'));
    const reply = await action.perform(() => request('privileged', 'previewCard', { code: trimmed }));
    if (reply.ok) onChecked({ code: trimmed, preview: reply.value });
  }
  return (
    <form onSubmit={(e) => void check(e)} noValidate>
      <div class="field">
        <label for={id}>{t('add.code')}</label>
        <p id={`${id}-hint`} class="hint">
          {t('add.code.hint')}
        </p>
        <textarea
          id={id}
          class="mono"
          rows={5}
          value={code}
          spellcheck={false}
          autoComplete="off"
          aria-describedby={`${id}-hint`}
          aria-invalid={action.feedback?.tone === 'error' ? 'true' : undefined}
          onInput={(e) => onCode(e.currentTarget.value)}
        />
      </div>
      <div class="row">
        <button type="submit" class="primary" disabled={action.busy}>
          {action.busy ? t('add.checking') : t('add.check')}
        </button>
      </div>
      <FeedbackLine feedback={action.feedback} />
    </form>
  );
}

function ReviewCard({ nav, checked, onBack }: { nav: Navigator; checked: Checked; onBack(): void }) {
  const { code, preview } = checked;
  const existing = preview.existing;
  const keyChanged = existing !== null && !existing.sameKey;
  const [name, setName] = useState(existing?.name ?? preview.name);
  const [instagram, setInstagram] = useState(preview.instagram ?? '');
  const action = useAction(nav);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  async function save(event: Event) {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') return action.fail(t('field.name.required'));
    const reply = await action.perform(() => request('privileged', 'addContact', { code, name: trimmed, instagram: normalizeUsername(instagram) }));
    if (reply.ok) nav.go({ screen: 'contact', id: reply.value.id });
  }

  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <h3 ref={headingRef} tabIndex={-1}>
        {t('add.preview.heading', { name: preview.name })}
      </h3>
      <p class="muted">{preview.instagram ? t('add.preview.username', { username: preview.instagram }) : t('add.preview.noUsername')}</p>
      {existing && keyChanged && <KeyChangedWarning name={existing.name} />}
      {existing && !keyChanged && <p class="note">{t('add.preview.sameKey', { name: existing.name })}</p>}
      <TextField label={t('add.name')} value={name} onValue={setName} maxLength={64} required />
      <TextField label={`${t('add.instagram')} ${t('common.optional')}`} hint={t('add.instagram.hint')} value={instagram} onValue={setInstagram} maxLength={31} />
      <div class="row">
        <button type="submit" class={keyChanged ? 'danger' : 'primary'} disabled={action.busy}>
          {action.busy ? t('common.saving') : keyChanged ? t('add.replace') : t('add.save')}
        </button>
        <button type="button" onClick={onBack} disabled={action.busy}>
          {t('add.otherCode')}
        </button>
      </div>
      <FeedbackLine feedback={action.feedback} />
    </form>
  );
}
