/**
 * Per-thread state: what the content script should do in the thread on screen (`threadState`,
 * content channel: answers a mode only, never a name or text), and the compose frame's view of the
 * thread (`composeState`, `setThreadEncryption`, privileged).
 */
import type { ComposeState, ContentProtocol, Empty, PrivilegedProtocol, ThreadMode } from '../messaging/protocol';
import { Refusal } from '../messaging/refusal';
import { isVaultError } from '../vault/errors';
import type { Vault } from '../vault/vault';
import { summary } from './contact-service';
import type { BackgroundDeps } from './deps';
import { MAX_SEND_TEXT_BYTES } from './send-limits';
import { contactByUsername, linkedContact, withThread } from './thread-link';

type ContentReq<K extends keyof ContentProtocol> = ContentProtocol[K]['request'];
type Req<K extends keyof PrivilegedProtocol> = PrivilegedProtocol[K]['request'];

/**
 * The thread's mode; links the thread to the contact with the header's username on first sight.
 * A vault that cannot be opened at all counts as 'inactive' (Instagram works as usual, as before
 * first run; a page that knew the thread as 'on' keeps it guarded). Records that fail to read are
 * an error, except for a thread the unsealed hints know to have encryption on: 'on'.
 */
export async function threadState(deps: BackgroundDeps, req: ContentReq<'threadState'>): Promise<{ mode: ThreadMode }> {
  const active = await activeVault(deps);
  if (!active) return { mode: 'inactive' };
  const { vault, locked } = active;
  if (locked) return lockedMode(vault, req.threadId);
  try {
    return { mode: await threadMode(vault, req) };
  } catch (e) {
    // The idle timer may lock the vault between the status check and the lookup.
    if (isVaultError(e, 'locked')) return lockedMode(vault, req.threadId);
    // Records that fail to read: a thread known (hints) to have encryption on still answers 'on',
    // so its composer stays guarded (its compose frame shows the failure); others get the error.
    if (await vault.threadHints().then((hints) => hints.includes(req.threadId), () => false)) return { mode: 'on' };
    throw e;
  }
}

/**
 * Locked: a thread known (from the vault's unsealed hints) to have encryption on answers 'on', so
 * the content script keeps Instagram's composer guarded and mounts the compose frame, which says
 * to unlock. Fail closed: a locked vault never frees the composer of an encrypted thread.
 */
async function lockedMode(vault: Vault, threadId: string): Promise<{ mode: ThreadMode }> {
  return { mode: (await vault.threadHints()).includes(threadId) ? 'on' : 'locked' };
}

/**
 * Whether some thread has encryption on. An optimisation's question (reader frames loaded ahead on
 * the inbox), so any failure answers false.
 */
export async function directState(deps: BackgroundDeps): Promise<{ encryptedChats: boolean }> {
  try {
    const active = await activeVault(deps);
    return { encryptedChats: active !== undefined && (await active.vault.threadHints()).length > 0 };
  } catch {
    return { encryptedChats: false };
  }
}

/**
 * The vault, when Sealed DMs is set up here: it opens and holds an identity. Undefined otherwise
 * (the content channel's 'inactive': Instagram works as usual).
 */
async function activeVault(deps: BackgroundDeps): Promise<{ vault: Vault; locked: boolean } | undefined> {
  let vault: Vault;
  try {
    vault = await deps.vault();
  } catch {
    return undefined;
  }
  const status = await vault.status();
  if (status.state === 'uninitialized' || !status.hasIdentity) return undefined;
  return { vault, locked: status.state === 'locked' };
}

async function threadMode(vault: Vault, req: ContentReq<'threadState'>): Promise<ThreadMode> {
  const found = await vault.read(async (tx) => {
    const contacts = await tx.listContacts();
    return { link: linkedContact(contacts, req.threadId), byName: contactByUsername(contacts, req.username) };
  });
  if (found.link) return found.link.setting.encrypt ? 'on' : 'off';
  if (!found.byName) return 'plain';
  const contactId = found.byName.id;
  // Link in a write transaction, checking again: another request may have linked it meanwhile.
  return vault.transact(async (tx) => {
    const link = linkedContact(await tx.listContacts(), req.threadId);
    if (link) return link.setting.encrypt ? 'on' : 'off';
    const contact = await tx.getContact(contactId);
    if (!contact) return 'plain';
    await tx.putContact(withThread(contact, req.threadId, true));
    return 'on';
  });
}

/** The compose frame's view: the thread's contact (by link only), its setting and the text limit. */
export async function composeState(deps: BackgroundDeps, req: Req<'composeState'>): Promise<ComposeState> {
  const vault = await deps.vault();
  const link = await vault.read(async (tx) => linkedContact(await tx.listContacts(), req.threadId));
  return {
    contact: link ? summary(link.contact) : null,
    encrypt: link ? link.setting.encrypt : false,
    maxTextBytes: MAX_SEND_TEXT_BYTES,
  };
}

export async function setThreadEncryption(deps: BackgroundDeps, req: Req<'setThreadEncryption'>): Promise<Empty> {
  const vault = await deps.vault();
  await vault.transact(async (tx) => {
    const link = linkedContact(await tx.listContacts(), req.threadId);
    if (!link) throw new Refusal('no-thread');
    await tx.putContact(withThread(link.contact, req.threadId, req.encrypt));
  });
  return {};
}
