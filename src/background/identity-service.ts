/**
 * This installation's identity: first-run creation, status (with the security pattern) and our
 * own invite card. Keys stay here; the popup gets only public card bytes.
 */
import { toBase64url } from '../encoding/bytes';
import type { MyCard, PrivilegedProtocol, SecurityPattern, VaultState } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import { cardBytes, createCard, encodeCard, type ContactCard } from '../protocol/card';
import { createIdentity, publicIdentity, rotatePrekeys, type IdentityState } from '../protocol/identity';
import type { PublicIdentity } from '../protocol/ids';
import { PATTERN_SEED_LENGTH, type Profile } from '../vault/records';
import type { VaultTx } from '../vault/vault-tx';
import type { BackgroundDeps } from './deps';
import { patternFromBytes } from './security-pattern';
import { checkName, checkUsername } from './user-input';

type Req<K extends keyof PrivilegedProtocol> = PrivilegedProtocol[K]['request'];

export interface StatusInfo {
  vault: VaultState;
  pattern: SecurityPattern | null;
  hasPassphrase: boolean;
}

/**
 * 'uninitialized' until an identity exists (a first run that stopped half-way starts over without
 * losing anything); the pattern only while unlocked, since it is sealed with the rest.
 */
export async function readStatus(deps: BackgroundDeps): Promise<StatusInfo> {
  const vault = await deps.vault();
  const status = await vault.status();
  if (status.state === 'locked') return { vault: 'locked', pattern: null, hasPassphrase: status.hasPassphrase };
  if (!status.hasIdentity) return { vault: 'uninitialized', pattern: null, hasPassphrase: status.hasPassphrase };
  const profile = await vault.read((tx) => tx.getProfile());
  return { vault: 'unlocked', pattern: profile ? patternFromBytes(profile.patternSeed) : null, hasPassphrase: status.hasPassphrase };
}

/** First run in one step: the vault (locked by the passphrase if one is given), identity and profile. */
export async function createOwnIdentity(deps: BackgroundDeps, req: Req<'createIdentity'>): Promise<void> {
  const displayName = checkName(req.displayName);
  const instagram = checkUsername(req.instagram);
  const vault = await deps.vault();
  const status = await vault.status();
  if (status.hasIdentity) throw new Refusal('identity-exists');
  if (status.state === 'uninitialized') {
    await vault.initialize(req.passphrase === null ? {} : { passphrase: req.passphrase });
  } else if (req.passphrase !== null && !status.hasPassphrase) {
    // An earlier first run stopped after creating the vault: finish it as asked now.
    await vault.setPassphrase(req.passphrase);
  }
  const identity = createIdentity(deps.now());
  const profile: Profile = { displayName, instagram, patternSeed: deps.randomBytes(PATTERN_SEED_LENGTH) };
  await vault.transact(async (tx) => {
    await tx.createIdentity(identity);
    await tx.putProfile(profile);
  });
}

/**
 * Our card with the current signed prekey, rotating prekeys first when the schedule says so
 * (docs/PROTOCOL.md "Device identity"), in the same transaction that reads the identity.
 */
export async function currentCard(deps: BackgroundDeps, tx: VaultTx): Promise<{ card: ContactCard; profile: Profile }> {
  const identity = await requireIdentity(tx);
  const profile = await tx.getProfile();
  if (!profile) throw new Refusal('corrupted');
  const rotated = rotatePrekeys(identity, deps.now());
  if (!rotated) throw new Refusal('corrupted');
  if (prekeyIds(rotated) !== prekeyIds(identity)) await tx.updateIdentity(rotated);
  // Dated by the current prekey, so the code stays the same until the next rotation.
  const made = createCard(rotated, { name: profile.displayName, instagram: profile.instagram ?? undefined }, rotated.prekeys[0]!.created);
  if (!made.ok) throw new Refusal('corrupted');
  return { card: made.card, profile };
}

export async function myCard(deps: BackgroundDeps): Promise<MyCard> {
  const vault = await deps.vault();
  const { card, profile } = await vault.transact((tx) => currentCard(deps, tx));
  const code = encodeCard(card);
  return {
    displayName: profile.displayName,
    instagram: profile.instagram,
    code,
    qr: toBase64url(cardBytes(card)),
    shareText: shareText(profile.displayName, code),
  };
}

export async function requireIdentity(tx: Pick<VaultTx, 'getIdentity'>): Promise<IdentityState> {
  const identity = await tx.getIdentity();
  if (!identity) throw new Refusal('no-identity');
  return identity;
}

/** Our public identity (the keys a contact's card is checked against); unreadable: corrupted. */
export async function ownPublic(tx: Pick<VaultTx, 'getIdentity'>): Promise<PublicIdentity> {
  const own = publicIdentity(await requireIdentity(tx));
  if (!own) throw new Refusal('corrupted');
  return own;
}

function prekeyIds(identity: IdentityState): string {
  return identity.prekeys.map((p) => p.id).join(',');
}

/** Plain words around the code for any channel (mail, another messenger); the code is the last line. */
function shareText(name: string, code: string): string {
  return [
    `${name} invites you to end-to-end encrypted Instagram messages with Sealed DMs.`,
    'Install the Sealed DMs extension, open it, choose "Add contact" and paste this code:',
    code,
  ].join('\n');
}
