/**
 * Contacts: checking and importing invite codes, key changes, verification, safety numbers.
 *
 * Key change rule: a code whose identity differs from the stored contact with the same Instagram
 * username replaces that contact's card, keeps the old card in `previousCards`, drops the session
 * built on the old identity (in the same transaction) and sets 'key-changed', which removes the
 * verified mark until the user compares the new safety number. A code with the same identity only
 * refreshes the card (a rotated prekey) and keeps the verification.
 */
import { toBase64url } from '../encoding/bytes';
import type { CardOffer, CardPreview, ContactDetails, ContactSummary, PrivilegedProtocol } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import { decodeCard, normalizeInstagram, type CardError, type ContactCard } from '../protocol/card';
import { identityHash, sameIdentity, type PublicIdentity } from '../protocol/ids';
import { safetyNumber } from '../protocol/safety-number';
import { newContactId, type ContactRecord } from '../vault/records';
import type { VaultReadTx } from '../vault/vault-tx';
import type { BackgroundDeps } from './deps';
import { ownPublic } from './identity-service';
import { checkName, checkUsername } from './user-input';

type Req<K extends keyof PrivilegedProtocol> = PrivilegedProtocol[K]['request'];

/** How many replaced cards a contact remembers (enough to explain a history of key changes). */
export const MAX_PREVIOUS_CARDS = 8;

const CARD_REFUSALS: Record<CardError, 'card-malformed' | 'card-truncated' | 'card-bad-checksum' | 'card-bad-signature' | 'card-unsupported-version'> = {
  malformed: 'card-malformed',
  truncated: 'card-truncated',
  'bad-checksum': 'card-bad-checksum',
  'bad-signature': 'card-bad-signature',
  'unsupported-version': 'card-unsupported-version',
};

function readCard(code: string): ContactCard {
  const decoded = decodeCard(code);
  if (!decoded.ok) throw new Refusal(CARD_REFUSALS[decoded.error]);
  return decoded.card;
}

interface Match {
  contact: ContactRecord;
  sameKey: boolean;
}

/** The contact this card belongs to: the same identity first, else the same Instagram username. */
function findExisting(contacts: ContactRecord[], card: ContactCard, username: string | null): Match | null {
  const byKey = contacts.find((c) => sameIdentity(c.card, card));
  if (byKey) return { contact: byKey, sameKey: true };
  const names = [username, card.instagram ? (normalizeInstagram(card.instagram) ?? null) : null].filter((u) => u !== null);
  const byName = contacts.find((c) => c.instagramUsername !== null && names.includes(c.instagramUsername));
  return byName ? { contact: byName, sameKey: false } : null;
}

async function checkedCard(tx: VaultReadTx, code: string): Promise<ContactCard> {
  const card = readCard(code);
  if (sameIdentity(card, await ownPublic(tx))) throw new Refusal('own-card');
  return card;
}

export async function previewCard(deps: BackgroundDeps, req: Req<'previewCard'>): Promise<CardPreview> {
  const vault = await deps.vault();
  return vault.read(async (tx) => {
    const card = await checkedCard(tx, req.code);
    const match = findExisting(await tx.listContacts(), card, null);
    return {
      name: card.name,
      instagram: card.instagram ?? null,
      existing: match && { id: match.contact.id, name: match.contact.name, sameKey: match.sameKey },
    };
  });
}

/**
 * An invite code found in a chat (the card-offer frame asks as it appears, and again on "Add").
 * `chat` is the chat's counterpart as the content script read it from the page's header: a hint,
 * shown to the user. When it and the card's username disagree, nothing is linked (`link` null):
 * the user links the right one in the popup. A code that would change a contact's key keeps that
 * contact's username, so replacing the key never unlinks it.
 */
export async function cardOffer(deps: BackgroundDeps, req: Req<'cardOffer'>): Promise<CardOffer> {
  const chat = req.chat === null ? null : (normalizeInstagram(req.chat) ?? null);
  const vault = await deps.vault();
  return vault.read(async (tx) => {
    const card = await checkedCard(tx, req.code);
    const instagram = card.instagram ?? null;
    const proposed = instagram !== null && chat !== null && instagram !== chat ? null : (instagram ?? chat);
    const match = findExisting(await tx.listContacts(), card, proposed);
    return {
      name: card.name,
      instagram,
      chat,
      link: match && !match.sameKey ? match.contact.instagramUsername : proposed,
      existing: match && { id: match.contact.id, name: match.contact.name, sameKey: match.sameKey },
    };
  });
}

export async function addContact(deps: BackgroundDeps, req: Req<'addContact'>): Promise<{ id: string }> {
  const name = checkName(req.name);
  const instagram = checkUsername(req.instagram);
  const vault = await deps.vault();
  return vault.transact(async (tx) => {
    const card = await checkedCard(tx, req.code);
    const match = findExisting(await tx.listContacts(), card, instagram);
    const now = deps.now();
    if (!match) {
      const contact: ContactRecord = { id: newContactId(), card, name, instagramUsername: instagram, verification: 'unverified', previousCards: [], threads: [], addedAt: now };
      await tx.putContact(contact);
      // Added again after being removed: its earlier messages read 'deleted', not 'tampered'.
      await tx.adoptRemovedIds(contact.id, identityKey(card));
      return { id: contact.id };
    }
    const old = match.contact;
    if (match.sameKey) {
      // Same person and device: keep the newer card (a rotated prekey) and the verification.
      const newer = card.created >= old.card.created ? card : old.card;
      await tx.putContact({ ...old, card: newer, name, instagramUsername: instagram });
      return { id: old.id };
    }
    const previousCards = [...old.previousCards, { card: old.card, replacedAt: now }].slice(-MAX_PREVIOUS_CARDS);
    await tx.putContact({ ...old, card, name, instagramUsername: instagram, verification: 'key-changed', previousCards });
    // The old session was with the old identity; a new one starts from the new card.
    await tx.deleteSession(old.id);
    // The new card may be one this contact had before it was removed and added with another.
    await tx.adoptRemovedIds(old.id, identityKey(card));
    return { id: old.id };
  });
}

/** What extension pages may show about a contact (no keys). */
export function summary(c: ContactRecord): ContactSummary {
  return { id: c.id, name: c.name, instagram: c.instagramUsername, verification: c.verification };
}

export async function listContacts(deps: BackgroundDeps): Promise<{ contacts: ContactSummary[] }> {
  const vault = await deps.vault();
  const contacts = await vault.read((tx) => tx.listContacts());
  return { contacts: contacts.map(summary).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)) };
}

async function requireContact(tx: VaultReadTx, id: string): Promise<ContactRecord> {
  const contact = await tx.getContact(id);
  if (!contact) throw new Refusal('no-contact');
  return contact;
}

export async function contactDetails(deps: BackgroundDeps, req: Req<'contactDetails'>): Promise<ContactDetails> {
  const vault = await deps.vault();
  return vault.read(async (tx) => {
    const contact = await requireContact(tx, req.id);
    const number = safetyNumber(await ownPublic(tx), contact.card);
    const lastChange = contact.previousCards.at(-1);
    return {
      ...summary(contact),
      safetyNumber: number.digits,
      safetyQr: toBase64url(number.scannable),
      addedAt: contact.addedAt,
      keyChangedAt: lastChange ? lastChange.replacedAt : null,
      archivedMessages: (await tx.listArchive(contact.id)).length,
    };
  });
}

/** Applies `change` to one contact inside a transaction; 'no-contact' if it is gone. */
async function changeContact(deps: BackgroundDeps, id: string, change: (c: ContactRecord) => ContactRecord): Promise<Record<string, never>> {
  const vault = await deps.vault();
  await vault.transact(async (tx) => tx.putContact(change(await requireContact(tx, id))));
  return {};
}

export function updateContact(deps: BackgroundDeps, req: Req<'updateContact'>): Promise<Record<string, never>> {
  const name = checkName(req.name);
  const instagram = checkUsername(req.instagram);
  return changeContact(deps, req.id, (c) => ({ ...c, name, instagramUsername: instagram }));
}

export function setVerified(deps: BackgroundDeps, req: Req<'setVerified'>): Promise<Record<string, never>> {
  // Unverifying never hides a key change: only comparing the new number clears it.
  return changeContact(deps, req.id, (c) => ({
    ...c,
    verification: req.verified ? 'verified' : c.verification === 'key-changed' ? 'key-changed' : 'unverified',
  }));
}

/** Its message ids stay, with the identities it was known by, for the day it is added again (VaultTx.deleteContact). */
export async function removeContact(deps: BackgroundDeps, req: Req<'removeContact'>): Promise<Record<string, never>> {
  const vault = await deps.vault();
  await vault.transact(async (tx) => {
    const contact = await requireContact(tx, req.id);
    await tx.deleteContact(req.id, [contact.card, ...contact.previousCards.map((p) => p.card)].map(identityKey));
  });
  return {};
}

/** A contact's identity as the vault keys what it keeps of a removed contact. */
function identityKey(identity: PublicIdentity): string {
  return toBase64url(identityHash(identity));
}

/**
 * "Delete message history": the texts go; the vault keeps only the deleted messages' ids, so their
 * bubbles still in the thread read 'deleted' instead of a false "altered" (read-payloads.ts).
 */
export async function deleteArchive(deps: BackgroundDeps, req: Req<'deleteArchive'>): Promise<{ deleted: number }> {
  const vault = await deps.vault();
  return vault.transact(async (tx) => {
    await requireContact(tx, req.id);
    return { deleted: await tx.deleteArchive(req.id) };
  });
}
