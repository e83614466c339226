/**
 * The secure text box of the compose frame and its send flow.
 *
 * - Enter sends, Shift+Enter inserts a line break, Enter that ends an IME composition does neither.
 * - From the moment a send starts until its reply is handled, the box is read-only and Send is
 *   disabled; a synchronous guard (not React state) stops a second Enter in the same tick.
 * - A refusal `key-change-unconfirmed` asks the user; only their explicit "Send anyway" resends the
 *   same text with `confirmKeyChange: true`.
 * - `sent` clears the box; `failed`, refusals and transport errors keep the text and say why (no
 *   answer at all, or an outcome the post could not confirm: the message may have left, so the
 *   user is asked to check the chat first); `manual` shows the armored parts to paste by hand.
 * - After every send that reached a reply, the parent (content script) gets `state-changed`.
 * - The box may hold the text of unsent messages put back into it (`restored`, UnsentNotice), or
 *   of this frame's own failed send: once a send holding that text is archived as a new message,
 *   those are dismissed in the background, so the same text is never offered back twice. One whose
 *   text the user deleted from the box stays in the archive (offered again by the next frame).
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { request } from '../../messaging/client';
import { MAX_COMPOSE_CHARS, type ContactSummary, type SendOutcome } from '../../messaging/protocol';
import { ConfirmPrompt, FRAME_CONFIRM_ARM_MS } from '../components/Confirm';
import { FeedbackLine, type Feedback } from '../components/Feedback';
import { failureText } from '../failure-text';
import { postToParent, stateChangedMessage } from '../frame-messages';
import { t, tPlural } from '../i18n';
import { EncryptionSwitch } from './EncryptionSwitch';
import { ManualParts } from './ManualParts';
import { sendFailureText, utf8Length } from './send-text';

/**
 * Rows of the compose box, whatever the draft holds (the text scrolls inside). The frame's height
 * is reported to the content script and set on the iframe in the page, so a box that grew with
 * the draft would show the page each line break as it is typed.
 */
const COMPOSE_ROWS = 2;

type Mode = 'editing' | 'sending' | 'confirming';

export interface Restored {
  messageId: string;
  text: string;
}

export interface ComposeEditorProps {
  threadId: string;
  contact: ContactSummary;
  maxTextBytes: number;
  /** The draft lives in the parent so it survives a passing state change (e.g. a lock). */
  draft: string;
  setDraft(text: string): void;
  /** Unsent messages whose text was put into the box (to dismiss once it is sent as a new message). */
  restored: readonly Restored[];
  setRestored(list: Restored[]): void;
  /** A send of this frame was archived (its outcome is said here, not offered back by UnsentNotice). */
  onSent(outcome: SendOutcome): void;
  /** Re-read the compose state (after a refusal or a toggle that may have changed it). */
  onChanged(): void;
}

export function ComposeEditor({ threadId, contact, maxTextBytes, draft, setDraft, restored, setRestored, onSent, onChanged }: ComposeEditorProps) {
  const id = useId();
  const [mode, setModeState] = useState<Mode>('editing');
  const modeRef = useRef<Mode>('editing');
  const setMode = (next: Mode) => {
    modeRef.current = next;
    setModeState(next);
  };
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [manual, setManual] = useState<{ messageId: string; parts: string[] } | null>(null);
  const pendingText = useRef<string | null>(null);
  const composing = useRef(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const body = draft.trim();
  const remaining = maxTextBytes - utf8Length(body);
  const over = remaining < 0;

  async function send(text: string, confirmKeyChange: boolean): Promise<void> {
    setMode('sending');
    setFeedback(null);
    const reply = await request('privileged', 'send', { threadId, text, confirmKeyChange });
    if (!live.current) return;
    postToParent(stateChangedMessage());
    if (!reply.ok) {
      if (reply.error === 'refused' && reply.reason === 'key-change-unconfirmed' && !confirmKeyChange) {
        pendingText.current = text;
        setMode('confirming');
        onChanged();
        return;
      }
      pendingText.current = null;
      setMode('editing');
      // No answer at all: the background may have stopped (MV3 stops workers) after the message was
      // posted, so whether it left is unknown and "try again" could send it twice.
      setFeedback({ tone: 'error', text: reply.error === 'unreachable' ? t('compose.failed.unknown') : failureText(reply) });
      box.current?.focus();
      return;
    }
    pendingText.current = null;
    setMode('editing');
    const outcome = reply.value;
    onSent(outcome);
    // The text is archived as a new message now: the unsent ones it holds are dealt with.
    const replaced = restored.filter((r) => text.includes(r.text.trim()));
    for (const r of replaced) void request('privileged', 'dismissUnsent', { messageId: r.messageId });
    const kept = restored.filter((r) => !replaced.includes(r));
    setRestored(kept);
    switch (outcome.outcome) {
      case 'sent':
        setDraft('');
        setFeedback({ tone: 'success', text: t('compose.sent') });
        box.current?.focus();
        break;
      case 'failed':
        setFeedback({ tone: 'error', text: sendFailureText(outcome.reason, outcome.sentParts) });
        // The text stays in the box and stands for this message now.
        setRestored([...kept, { messageId: outcome.messageId, text }]);
        box.current?.focus();
        break;
      case 'manual':
        // The message is encrypted and archived; what is left is pasting its ciphertext by hand.
        setDraft('');
        setManual({ messageId: outcome.messageId, parts: outcome.parts });
        break;
    }
  }

  /** Send button or Enter. Enter on an empty box does nothing; the button says what is missing. */
  function submit(byEnter: boolean) {
    if (modeRef.current !== 'editing') return;
    if (body === '') {
      if (!byEnter) setFeedback({ tone: 'error', text: t('refusal.message-empty') });
      return;
    }
    if (over) {
      setFeedback({ tone: 'error', text: tPlural('compose.tooLong', -remaining) });
      return;
    }
    void send(body, false);
  }

  function confirmKeyChange() {
    const text = pendingText.current;
    if (modeRef.current !== 'confirming' || text === null) return;
    void send(text, true);
  }

  function cancelConfirmation() {
    if (modeRef.current !== 'confirming') return;
    pendingText.current = null;
    setMode('editing');
    box.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== 'Enter' || e.shiftKey) return;
    // Enter that commits an IME composition (keyCode 229 where isComposing is not set) is not "send".
    if (e.isComposing || composing.current || e.keyCode === 229) return;
    e.preventDefault();
    submit(true);
  }

  return (
    <>
      <form
        aria-busy={mode === 'sending'}
        onSubmit={(e) => {
          e.preventDefault();
          submit(false);
        }}
      >
        <label for={id} class="sr-only">
          {t('compose.label')}
        </label>
        <p id={`${id}-hint`} class="sr-only">
          {t('compose.hint')}
        </p>
        <div class="compose-row">
          <textarea
            id={id}
            ref={box}
            value={draft}
            rows={COMPOSE_ROWS}
            placeholder={t('compose.label')}
            maxLength={MAX_COMPOSE_CHARS}
            readOnly={mode !== 'editing'}
            // Enhanced spell checking can send the text to a server.
            spellcheck={false}
            autoComplete="off"
            aria-describedby={`${id}-hint ${id}-length`}
            aria-invalid={over ? 'true' : undefined}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={onKeyDown}
            onCompositionStart={() => {
              composing.current = true;
            }}
            onCompositionEnd={() => {
              composing.current = false;
            }}
          />
          <button type="submit" class="primary" disabled={mode !== 'editing'}>
            {mode === 'sending' ? t('compose.sending') : t('compose.send')}
          </button>
        </div>
      </form>
      {mode === 'confirming' && (
        <ConfirmPrompt
          question={t('compose.keyChanged.confirm', { name: contact.name })}
          confirmLabel={t('compose.keyChanged.send')}
          armMs={FRAME_CONFIRM_ARM_MS}
          onConfirm={confirmKeyChange}
          onCancel={cancelConfirmation}
        />
      )}
      <div class="compose-footer">
        <EncryptionSwitch threadId={threadId} encrypt={true} disabled={mode !== 'editing'} onChanged={onChanged} />
        <span id={`${id}-length`} class={over ? 'compose-length over' : 'compose-length'} data-testid="compose-length">
          {over ? tPlural('compose.tooLong', -remaining) : tPlural('compose.remaining', remaining)}
        </span>
      </div>
      <FeedbackLine feedback={feedback} />
      {manual && (
        <ManualParts
          key={manual.messageId}
          messageId={manual.messageId}
          parts={manual.parts}
          onDone={(allSent) => {
            setManual(null);
            if (allSent) setFeedback({ tone: 'success', text: t('compose.sent') });
          }}
        />
      )}
    </>
  );
}
