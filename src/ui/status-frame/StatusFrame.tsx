/**
 * Shown by the content script on DM pages once the background has answered: the extension's state
 * and, beside it, the user's security pattern, so this frame can be told from a page imitation.
 *
 * With `#t=<threadId>` (src/ui/frame-hash.ts) it also offers "Encrypt this chat" when the background
 * says the chat is with a contact and encryption is off there; after turning it on it posts
 * `state-changed` to the content script. With `&paused=page-changed` it says encryption is paused
 * (a hint from the content script: it can only make the frame more cautious). Without a hash it
 * behaves as before.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../../messaging/client';
import { failureText } from '../failure-text';
import { postToParent, stateChangedMessage } from '../frame-messages';
import { parseStatusHash } from '../frame-hash';
import { FrameRoot } from '../frames/FrameRoot';
import { useRefresh } from '../frames/useRefresh';
import { useLocationHash } from '../frames/useLocationHash';
import { t } from '../i18n';
import { SecurityPatternBadge } from '../pattern/SecurityPatternBadge';
import { usePrivileged } from '../useBackground';

export function StatusFrame() {
  const refresh = useRefresh();
  const status = usePrivileged('status', {}, refresh);
  const hash = useLocationHash();
  const thread = parseStatusHash(hash);
  const text =
    status === undefined
      ? t('statusFrame.connecting')
      : !status.ok
        ? t('statusFrame.unavailable')
        : status.value.vault === 'locked'
          ? t('statusFrame.locked')
          : t('statusFrame.active');
  const pattern = status?.ok ? status.value.pattern : null;
  return (
    <FrameRoot class="status" testId="status-frame-root">
      <div style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: '8px', padding: '8px 12px', borderRadius: '8px', border: '1px solid var(--border)' }}>
        {pattern && <SecurityPatternBadge pattern={pattern} size={20} />}
        <div data-testid="status-frame" role="status">
          {text}
        </div>
        {thread !== null && status?.ok === true && status.value.vault === 'unlocked' && (
          <EncryptThisChat key={thread.threadId} threadId={thread.threadId} refresh={refresh} />
        )}
      </div>
      {thread?.paused === 'page-changed' && (
        <p class="warning" role="note" data-testid="status-paused" style={{ margin: '4px 0 0' }}>
          <span aria-hidden="true">⚠ </span>
          {t('statusFrame.paused')}
        </p>
      )}
    </FrameRoot>
  );
}

function EncryptThisChat({ threadId, refresh }: { threadId: string; refresh: number }) {
  const [reload, setReload] = useState(0);
  const state = usePrivileged('composeState', { threadId }, `${refresh}:${reload}`);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  async function turnOn() {
    if (working) return;
    setWorking(true);
    setError(null);
    const reply = await request('privileged', 'setThreadEncryption', { threadId, encrypt: true });
    if (!live.current) return;
    setWorking(false);
    if (!reply.ok) {
      setError(failureText(reply));
      return;
    }
    postToParent(stateChangedMessage());
    setReload((n) => n + 1);
  }

  const offer = state?.ok === true && state.value.contact !== null && !state.value.encrypt;
  if (!offer && error === null) return null;
  return (
    <>
      {offer && (
        <button type="button" class="primary" disabled={working} onClick={() => void turnOn()}>
          {working ? t('statusFrame.encryptChat.working') : t('statusFrame.encryptChat')}
        </button>
      )}
      {error !== null && (
        <p class="feedback-error" role="alert" style={{ margin: 0 }}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </>
  );
}
