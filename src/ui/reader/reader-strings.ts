/**
 * The reader frame's own strings: the few catalog entries it shows, copied here so that its script
 * (loaded once per chat bubble) does not carry the whole catalog. The type makes the compiler check
 * each copy against src/ui/i18n/en.ts, word for word (the catalog is `as const`), so they cannot
 * drift apart; only the type is imported.
 *
 * English only, like the catalog today. A translated catalog would need its reader entries here too.
 */
import type { en } from '../i18n/en';
import type { FailureStatus } from '../frame-hash';
import type { MessageVerification } from '../../messaging/protocol';

type En = typeof en;
type ReaderKey =
  | 'frame.badLink'
  | 'common.loading'
  | 'reader.from'
  | 'reader.to'
  | 'reader.noMessage'
  | 'reader.continued'
  | 'payload.incomplete.part'
  | `payload.${FailureStatus}.badge`
  | `payload.${FailureStatus}.body`
  | `verification.${MessageVerification}`
  | `pattern.${string}`
  | ReaderFailureKey;

/** What a failed `readMessage` can say: the refusals its path gives, and every transport error. */
export type ReaderRefusal = 'locked' | 'no-message' | 'no-identity' | 'corrupted' | 'unsupported-version';
type ReaderFailureKey = `refusal.${ReaderRefusal}` | `error.${'malformed' | 'forbidden' | 'unknown-type' | 'internal' | 'unreachable'}`;

export const READER_STRINGS = {
  'frame.badLink': 'This Sealed DMs box was opened with an invalid address. Reload the Instagram page.',
  'common.loading': 'Loading…',
  'reader.from': 'From {name}',
  'reader.to': 'Sent to {name}',
  'reader.noMessage': "Not in this browser's archive.",
  'reader.continued': 'Part {part} of {parts}: the whole message is shown with part 1.',
  'payload.incomplete.badge': 'Incomplete',
  'payload.incomplete.body': 'Waiting for the other parts of this message.',
  'payload.incomplete.part': 'Part {part} of {parts}. Waiting for the other parts.',
  'payload.tampered.badge': 'Altered',
  'payload.tampered.body': 'This message was changed on the way and cannot be trusted, so it is not shown.',
  'payload.replayed.badge': 'Repeated',
  'payload.replayed.body': 'This message was already received once. The repeated copy is not shown.',
  'payload.not-for-this-device.badge': 'Not for this browser',
  'payload.not-for-this-device.body': 'This message was encrypted for another browser or another person.',
  'payload.other-chat.badge': 'From another chat',
  'payload.other-chat.body': 'This message belongs to your conversation with another contact, not to this chat, so it is not shown here.',
  'payload.missing-keys.badge': 'Keys no longer here',
  'payload.missing-keys.body':
    'This message is for you, but this browser no longer has the keys to open it (it was sent to an old invite code, or the conversation was reset).',
  'payload.deleted.badge': 'Deleted from history',
  'payload.deleted.body':
    "You deleted this message from Sealed DMs' history in this browser, so its text can no longer be shown. It is the message as it was sent, not a changed copy.",
  'payload.unknown-sender.badge': 'Unknown sender',
  'payload.unknown-sender.body': 'This message comes from someone who is not among your contacts. Add their invite code to read their next messages.',
  'payload.malformed.badge': 'Unreadable',
  'payload.malformed.body': 'This encrypted message is damaged and cannot be read.',
  'payload.unsupported-version.badge': 'Newer version',
  'payload.unsupported-version.body': 'This message comes from a newer version of Sealed DMs. Update the extension to read it.',
  'payload.too-far-out-of-order.badge': 'Out of order',
  'payload.too-far-out-of-order.body': 'Too many earlier messages are missing, so this one cannot be decrypted.',
  'payload.locked.badge': 'Locked',
  'payload.locked.body': 'Unlock Sealed DMs from the toolbar button to read this message.',
  'verification.verified': 'Verified',
  'verification.unverified': 'Not verified',
  'verification.key-changed': 'Key changed',
  'verification.earlier-key': 'Earlier key, not verified',
  'pattern.label': 'Your security pattern: {color2} {shape} on {color1}',
  'pattern.shape.square': 'squares',
  'pattern.shape.circle': 'circles',
  'pattern.shape.diamond': 'diamonds',
  'pattern.shape.triangle': 'triangles',
  'pattern.color.red': 'red',
  'pattern.color.orange': 'orange',
  'pattern.color.yellow': 'yellow',
  'pattern.color.green': 'green',
  'pattern.color.teal': 'teal',
  'pattern.color.blue': 'blue',
  'pattern.color.purple': 'purple',
  'pattern.color.pink': 'pink',
  'refusal.locked': 'Sealed DMs is locked. Unlock it to continue.',
  'refusal.no-message': 'This message is not in this browser’s archive.',
  'refusal.no-identity': 'There is no identity yet. Create one first.',
  'refusal.corrupted': 'The stored data is damaged and could not be read. Nothing was overwritten.',
  'refusal.unsupported-version': 'The stored data comes from a newer version of Sealed DMs. Update the extension.',
  'error.malformed': 'The extension did not accept this request. Check what you entered and try again.',
  'error.forbidden': 'This page is not allowed to do that.',
  'error.unknown-type': 'This version of the extension cannot do that.',
  'error.internal': 'Something went wrong inside the extension. Try again.',
  'error.unreachable': "The extension's background is not answering. Try again in a moment.",
} as const satisfies { [K in Extract<keyof En, ReaderKey>]: En[K] };

export type ReaderStringKey = keyof typeof READER_STRINGS;

/** The text for `key`, with each `{name}` replaced by `params.name` (plain text, never markup). */
export function rt(key: ReaderStringKey, params?: Readonly<Record<string, string | number>>): string {
  const template: string = READER_STRINGS[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}
