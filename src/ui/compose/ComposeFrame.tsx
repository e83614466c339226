/**
 * The compose frame: an extension-origin iframe the content script puts in place of Instagram's
 * composer, at `/compose-frame.html#t=<threadId>` (src/ui/frame-hash.ts). The plaintext is typed
 * here and sent to the background only; the page sees neither the text nor this frame's document.
 *
 * The hash only selects which thread to ask the background about. Who the message is encrypted to,
 * and whether it may be sent at all, comes from the background (`status`, `composeState`), and the
 * user's security pattern is drawn beside it so a look-alike box drawn by the page can be told apart.
 * A new hash (the page or the content script re-pointing the frame) starts from scratch, dropping
 * any draft, so text typed for one contact can never go to another.
 */
import { useRef, useState } from 'preact/hooks';
import type { ClientReply } from '../../messaging/client';
import type { ComposeState, ContactSummary, PrivilegedProtocol } from '../../messaging/protocol';
import { VerificationBadge } from '../components/VerificationBadge';
import { failureText } from '../failure-text';
import { parseThreadHash } from '../frame-hash';
import { FrameNote } from '../frames/FrameNote';
import { FrameRoot } from '../frames/FrameRoot';
import { useRefresh } from '../frames/useRefresh';
import { useLocationHash } from '../frames/useLocationHash';
import { t } from '../i18n';
import { SecurityPatternBadge } from '../pattern/SecurityPatternBadge';
import { usePrivileged } from '../useBackground';
import { ComposeEditor, type Restored } from './ComposeEditor';
import { EncryptionSwitch } from './EncryptionSwitch';
import { UnsentNotice } from './UnsentNotice';

type StatusReply = ClientReply<PrivilegedProtocol['status']['response']>;

export function ComposeFrame() {
  const hash = useLocationHash();
  const refresh = useRefresh();
  const status = usePrivileged('status', {}, refresh);
  const threadId = parseThreadHash(hash);
  const pattern = status?.ok ? status.value.pattern : null;
  return (
    <FrameRoot class="compose" testId="compose-frame">
      {threadId === null ? (
        <FrameNote pattern={pattern} text={t('frame.badLink')} alert />
      ) : (
        <ComposeThread key={threadId} threadId={threadId} status={status} refresh={refresh} />
      )}
    </FrameRoot>
  );
}

export type ComposeView =
  | { kind: 'loading' }
  | { kind: 'failure'; text: string }
  | { kind: 'no-identity' }
  | { kind: 'locked' }
  | { kind: 'no-contact' }
  | { kind: 'off' }
  | { kind: 'ready'; contact: ContactSummary; maxTextBytes: number };
type ReadyView = Extract<ComposeView, { kind: 'ready' }>;

/** What the frame may show, from the background's answers only (fail closed on anything odd). */
export function composeView(status: StatusReply | undefined, state: ClientReply<ComposeState> | undefined): ComposeView {
  if (status === undefined || state === undefined) return { kind: 'loading' };
  if (!status.ok) return { kind: 'failure', text: failureText(status) };
  if (status.value.vault === 'uninitialized') return { kind: 'no-identity' };
  if (status.value.vault === 'locked') return { kind: 'locked' };
  if (!state.ok) {
    if (state.error === 'refused' && state.reason === 'locked') return { kind: 'locked' };
    if (state.error === 'refused' && state.reason === 'no-identity') return { kind: 'no-identity' };
    return { kind: 'failure', text: failureText(state) };
  }
  const { contact, encrypt, maxTextBytes } = state.value;
  if (contact === null) return { kind: 'no-contact' };
  if (!encrypt) return { kind: 'off' };
  return { kind: 'ready', contact, maxTextBytes };
}

function ComposeThread({ threadId, status, refresh }: { threadId: string; status: StatusReply | undefined; refresh: number }) {
  const [reload, setReload] = useState(0);
  const state = usePrivileged('composeState', { threadId }, `${refresh}:${reload}`);
  const [draft, setDraft] = useState('');
  /** Unsent messages whose text the user put back into the box. */
  const [restored, setRestored] = useState<Restored[]>([]);
  /** Messages sent from this frame: their outcome is on its feedback line, not offered back. */
  const [own, setOwn] = useState<string[]>([]);
  /** The last ready state: the editor it showed stays mounted, hidden, while the vault is locked. */
  const lastReady = useRef<ReadyView | null>(null);
  const onChanged = () => setReload((n) => n + 1);
  const pattern = status?.ok ? status.value.pattern : null;
  const view = composeView(status, state);
  if (view.kind === 'ready') lastReady.current = view;
  // Mounted under the same key whether shown or hidden: a send in flight when the vault locks (the
  // background's notice) finishes off screen, so its outcome is not lost and its text does not
  // come back as a draft to send twice; armor to paste by hand waits too. Shown again on unlock.
  const editor = (ready: ReadyView, hidden: boolean) => (
    <div key="editor" hidden={hidden}>
      <ComposeEditor
        threadId={threadId}
        contact={ready.contact}
        maxTextBytes={ready.maxTextBytes}
        draft={draft}
        setDraft={setDraft}
        restored={restored}
        setRestored={setRestored}
        onSent={(outcome) => setOwn((ids) => [...ids, outcome.messageId])}
        onChanged={onChanged}
      />
    </div>
  );
  switch (view.kind) {
    case 'loading':
      return <FrameNote pattern={pattern} text={t('statusFrame.connecting')} />;
    case 'failure':
      return <FrameNote pattern={pattern} text={view.text} alert />;
    case 'no-identity':
      return <FrameNote pattern={pattern} text={t('frame.noIdentity')} />;
    case 'locked':
      return (
        <>
          <FrameNote key="note" pattern={pattern} text={t('compose.locked')} />
          {lastReady.current && editor(lastReady.current, true)}
        </>
      );
    case 'no-contact':
      return <FrameNote pattern={pattern} text={t('compose.noContact')} />;
    case 'off':
      return (
        <>
          <FrameNote pattern={pattern} text={t('compose.encryptionOff')} />
          <EncryptionSwitch threadId={threadId} encrypt={false} onChanged={onChanged} />
        </>
      );
    case 'ready':
      return (
        <>
          <header key="header" class="frame-header">
            {pattern && <SecurityPatternBadge pattern={pattern} size={20} />}
            <span class="frame-header-text" data-testid="compose-to">
              {t('compose.to', { name: view.contact.name })}
            </span>
            <VerificationBadge verification={view.contact.verification} />
          </header>
          {view.contact.verification === 'key-changed' && (
            <p key="warning" class="warning" data-testid="key-changed-warning">
              <span aria-hidden="true">⚠ </span>
              {t('compose.keyChanged.warning', { name: view.contact.name })}
            </p>
          )}
          <UnsentNotice
            key="unsent"
            threadId={threadId}
            contactName={view.contact.name}
            exclude={[...own, ...restored.map((r) => r.messageId)]}
            refresh={`${refresh}:${own.length}`}
            onRestore={(message) => {
              setDraft(draft.trim() === '' ? message.text : `${draft}\n${message.text}`);
              setRestored([...restored, { messageId: message.messageId, text: message.text }]);
            }}
          />
          {editor(view, false)}
        </>
      );
  }
}
