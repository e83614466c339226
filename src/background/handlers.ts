/**
 * Background request handlers, grouped by channel. The router (src/messaging/router.ts) has
 * already checked the sender's privilege and the payload's shape; the services below do the work.
 *
 * Privileged requests count as user activity for the auto-lock timer, except those an extension
 * surface makes on its own when the page shows it (NOT_ACTIVITY): otherwise merely having
 * Instagram open, with frames mounting as the page scrolls, would keep the vault unlocked forever.
 * Content requests are page-driven, so they never count.
 */
import type { PrivilegedProtocol } from '../messaging/protocol';
import type { RouterHandlers } from '../messaging/router';
import { EXTENSION_VERSION } from '../version';
import * as contacts from './contact-service';
import type { BackgroundDeps } from './deps';
import * as identity from './identity-service';
import { createMessageService } from './message-service';
import * as threads from './thread-service';
import { refusingVaultErrors } from './vault-refusal';
import * as vaultService from './vault-service';

type PrivilegedHandlers = RouterHandlers['privileged'];
type ContentHandlers = RouterHandlers['content'];

/**
 * Requests after which the frames may show something out of date: each one, once it succeeded, is
 * announced to the extension's pages, which ask again (src/messaging/changed-notice.ts). Locking is
 * announced by the vault itself (its idle timer locks too: entrypoints/background.ts).
 */
const CHANGES: ReadonlySet<keyof PrivilegedProtocol> = new Set([
  'createIdentity',
  'unlock',
  'addContact',
  'updateContact',
  'setVerified',
  'removeContact',
  'deleteArchive',
  'importBackup',
  'setThreadEncryption',
]);

/** Sent by surfaces as they appear (status badge, compose, reader and card-offer frames), not by the user. */
const NOT_ACTIVITY: ReadonlySet<keyof PrivilegedProtocol> = new Set(['status', 'composeState', 'readMessage', 'cardOffer', 'unsentMessages', 'manualProgress']);

export function createHandlers(deps: BackgroundDeps): RouterHandlers {
  const messages = createMessageService(deps);
  const privileged: PrivilegedHandlers = {
    status: async () => {
      const status = await identity.readStatus(deps);
      return { version: EXTENSION_VERSION, browser: deps.browserName, vault: status.vault, pattern: status.pattern };
    },
    createIdentity: (req) => identity.createOwnIdentity(deps, req).then(() => ({})),
    unlock: (req) => vaultService.unlock(deps, req),
    lock: () => vaultService.lock(deps),
    myCard: () => identity.myCard(deps),
    previewCard: (req) => contacts.previewCard(deps, req),
    cardOffer: (req) => contacts.cardOffer(deps, req),
    addContact: (req) => contacts.addContact(deps, req),
    listContacts: () => contacts.listContacts(deps),
    contactDetails: (req) => contacts.contactDetails(deps, req),
    updateContact: (req) => contacts.updateContact(deps, req),
    setVerified: (req) => contacts.setVerified(deps, req),
    removeContact: (req) => contacts.removeContact(deps, req),
    deleteArchive: (req) => contacts.deleteArchive(deps, req),
    settings: () => vaultService.settings(deps),
    setPassphrase: (req) => vaultService.setPassphrase(deps, req),
    setAutoLock: (req) => vaultService.setAutoLock(deps, req),
    exportBackup: (req) => vaultService.exportBackup(deps, req),
    importBackup: (req) => vaultService.importBackup(deps, req),
    composeState: (req) => threads.composeState(deps, req),
    setThreadEncryption: (req) => threads.setThreadEncryption(deps, req),
    send: (req, sender) => messages.send(req, sender),
    readMessage: (req) => messages.readMessage(req),
    unsentMessages: (req) => messages.unsentMessages(req),
    dismissUnsent: (req) => messages.dismissUnsent(req),
    manualProgress: (req) => messages.manualProgress(req),
  };
  const content: ContentHandlers = {
    threadState: (req) => refusingVaultErrors(() => threads.threadState(deps, req)),
    directState: () => threads.directState(deps),
    readPayloads: (req) => refusingVaultErrors(() => messages.readPayloads(req)),
  };
  return { content, privileged: wrapPrivileged(deps, privileged) };
}

/**
 * Maps vault errors to refusals; after each request but NOT_ACTIVITY notes user activity and re-arms
 * the auto-lock alarm; announces CHANGES.
 */
function wrapPrivileged(deps: BackgroundDeps, handlers: PrivilegedHandlers): PrivilegedHandlers {
  const wrapped: Partial<Record<keyof PrivilegedProtocol, unknown>> = {};
  for (const type of Object.keys(handlers) as (keyof PrivilegedProtocol)[]) {
    const handler = handlers[type] as (req: unknown, sender: never) => unknown;
    wrapped[type] = (req: unknown, sender: never) =>
      refusingVaultErrors(async () => {
        const result = await handler(req, sender);
        if (!NOT_ACTIVITY.has(type)) {
          await noteActivity(deps);
          deps.idleChanged();
        }
        if (CHANGES.has(type)) deps.announce();
        return result;
      });
  }
  return wrapped as PrivilegedHandlers;
}

async function noteActivity(deps: BackgroundDeps): Promise<void> {
  try {
    await (await deps.vault()).noteActivity();
  } catch {
    // A vault that cannot be opened has no timer to restart.
  }
}
