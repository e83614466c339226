/**
 * The card-offer frame: an extension-origin iframe the content script puts after an incoming chat
 * bubble that holds an invite code, at `/card-offer-frame.html#c=<code>[&u=<chat username>]`
 * (card-offer-hash.ts). It offers to add the sender as a contact.
 *
 * The fragment is the page's to rewrite, so it is only a question: everything shown comes from the
 * background's `cardOffer` answer, which decodes the code itself (a damaged code shows why, never
 * an Add button; our own code and an existing contact with the same key say so). On "Add" the frame
 * asks again and adds only if the answer is still what the user saw; a code that would change a
 * contact's key shows the popup's key-change warning and needs a second, confirming click. The new
 * contact is unverified: the frame says to compare safety numbers in the popup. When the card's
 * username and the chat's disagree nothing is linked, and the frame says so. After adding it posts
 * `state-changed`, so the content script asks for the chat's state again. The user's security
 * pattern is drawn in every state.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../../messaging/client';
import type { CardOffer, SecurityPattern } from '../../messaging/protocol';
import { ConfirmAction, FRAME_CONFIRM_ARM_MS } from '../components/Confirm';
import { KeyChangedWarning } from '../components/KeyChangedWarning';
import { failureText, type RequestFailure } from '../failure-text';
import { postToParent, stateChangedMessage } from '../frame-messages';
import { FrameNote } from '../frames/FrameNote';
import { FrameRoot } from '../frames/FrameRoot';
import { useRefresh } from '../frames/useRefresh';
import { useLocationHash } from '../frames/useLocationHash';
import { t } from '../i18n';
import { SecurityPatternBadge } from '../pattern/SecurityPatternBadge';
import { usePrivileged } from '../useBackground';
import { parseCardOfferHash, type CardOfferTarget } from './card-offer-hash';

export function CardOfferFrame() {
  const hash = useLocationHash();
  const refresh = useRefresh();
  const status = usePrivileged('status', {}, refresh);
  const pattern = status?.ok ? status.value.pattern : null;
  const target = parseCardOfferHash(hash);
  return (
    <FrameRoot class="card-offer" testId="card-offer-frame">
      {target === null ? (
        <OfferNote state="bad-link" pattern={pattern} text={t('frame.badLink')} alert />
      ) : (
        <Offer key={hash} target={target} refresh={refresh} pattern={pattern} />
      )}
    </FrameRoot>
  );
}

interface Done {
  replaced: boolean;
  name: string;
}

function Offer({ target, refresh, pattern }: { target: CardOfferTarget; refresh: number; pattern: SecurityPattern | null }) {
  const [reload, setReload] = useState(0);
  const reply = usePrivileged('cardOffer', { code: target.code, chat: target.chat }, `${refresh}:${reload}`);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  async function add(shown: CardOffer) {
    if (working) return;
    setWorking(true);
    setError(null);
    // Asked again at the click: adding must do exactly what the frame showed.
    const again = await request('privileged', 'cardOffer', { code: target.code, chat: target.chat });
    if (!live.current) return;
    if (!again.ok || !sameOffer(again.value, shown)) {
      setWorking(false);
      setError(again.ok ? t('cardOffer.changed') : failureText(again));
      setReload((n) => n + 1);
      return;
    }
    const name = shown.existing?.name ?? displayName(shown);
    const added = await request('privileged', 'addContact', { code: target.code, name, instagram: shown.link });
    if (!live.current) return;
    setWorking(false);
    if (!added.ok) {
      setError(failureText(added));
      return;
    }
    setDone({ replaced: shown.existing !== null, name });
    postToParent(stateChangedMessage());
  }

  if (done) {
    return (
      <OfferNote
        state={done.replaced ? 'replaced' : 'added'}
        pattern={pattern}
        text={t(done.replaced ? 'cardOffer.replaced' : 'cardOffer.added', { name: done.name })}
      />
    );
  }
  if (reply === undefined) return <OfferNote state="loading" pattern={pattern} text={t('common.loading')} />;
  if (!reply.ok) return <OfferRefusal failure={reply} pattern={pattern} />;
  const offer = reply.value;
  const existing = offer.existing;
  if (existing?.sameKey) return <OfferNote state="known" pattern={pattern} text={t('cardOffer.known', { name: existing.name })} />;
  const keyChanged = existing !== null;
  return (
    <div data-testid="card-offer" data-state={keyChanged ? 'key-changed' : 'offer'}>
      <div class="frame-header">
        {pattern && <SecurityPatternBadge pattern={pattern} size={20} />}
        <span class="frame-header-text">{t('add.preview.heading', { name: displayName(offer) })}</span>
      </div>
      <p class="muted">{offer.instagram ? t('add.preview.username', { username: offer.instagram }) : t('add.preview.noUsername')}</p>
      <LinkLine offer={offer} />
      {keyChanged ? (
        <>
          <KeyChangedWarning name={existing.name} />
          <div class="row">
            <ConfirmAction
              trigger={t('add.replace')}
              question={t('cardOffer.replaceConfirm', { name: existing.name })}
              confirmLabel={t('add.replace')}
              busy={working}
              armMs={FRAME_CONFIRM_ARM_MS}
              onConfirm={() => add(offer)}
            />
          </div>
        </>
      ) : (
        <>
          <p class="muted">{t('cardOffer.unverified')}</p>
          <div class="row">
            <button type="button" class="primary" disabled={working} onClick={() => void add(offer)}>
              {working ? t('cardOffer.adding') : t('add.save')}
            </button>
          </div>
        </>
      )}
      {error !== null && (
        <p class="feedback-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}

/** Which Instagram username adding links, or why none. */
function LinkLine({ offer }: { offer: CardOffer }) {
  if (offer.instagram !== null && offer.chat !== null && offer.instagram !== offer.chat) {
    return (
      <p class="warning" role="note" data-testid="card-offer-conflict">
        <span aria-hidden="true">⚠ </span>
        {t('cardOffer.conflict', { card: offer.instagram, chat: offer.chat })}
        {` ${offer.link === null ? t('cardOffer.conflict.noLink') : t('cardOffer.link', { username: offer.link })}`}
      </p>
    );
  }
  if (offer.link === null) return <p class="muted">{t('cardOffer.noLink')}</p>;
  return <p data-testid="card-offer-link">{t('cardOffer.link', { username: offer.link })}</p>;
}

function OfferRefusal({ failure, pattern }: { failure: RequestFailure; pattern: SecurityPattern | null }) {
  if (failure.error === 'refused') {
    const reason = failure.reason;
    if (reason === 'own-card') return <OfferNote state="own" pattern={pattern} text={t('cardOffer.own')} />;
    if (reason === 'locked') return <OfferNote state="locked" pattern={pattern} text={t('cardOffer.locked')} />;
    if (reason === 'no-identity') return <OfferNote state="no-identity" pattern={pattern} text={t('frame.noIdentity')} />;
    if (reason.startsWith('card-')) return <OfferNote state="error" reason={reason} pattern={pattern} text={failureText(failure)} alert />;
  }
  return <OfferNote state="unavailable" pattern={pattern} text={failureText(failure)} alert />;
}

function OfferNote({ state, reason, pattern, text, alert = false }: { state: string; reason?: string; pattern: SecurityPattern | null; text: string; alert?: boolean }) {
  return (
    <div data-testid="card-offer" data-state={state} data-reason={reason}>
      <FrameNote pattern={pattern} text={text} alert={alert} />
    </div>
  );
}

/** The card's name; a card may carry none, then its username. */
function displayName(offer: CardOffer): string {
  if (offer.name.trim() !== '') return offer.name;
  const username = offer.instagram ?? offer.link;
  return username !== null ? `@${username}` : t('cardOffer.unnamed');
}

function sameOffer(a: CardOffer, b: CardOffer): boolean {
  return (
    a.name === b.name &&
    a.instagram === b.instagram &&
    a.chat === b.chat &&
    a.link === b.link &&
    (a.existing?.id ?? null) === (b.existing?.id ?? null) &&
    (a.existing?.name ?? null) === (b.existing?.name ?? null) &&
    (a.existing?.sameKey ?? null) === (b.existing?.sameKey ?? null)
  );
}
