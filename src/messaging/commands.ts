/**
 * Commands from the background to the content script of one tab (`tabs.sendMessage`), and the
 * checks on both ends: the content script checks the envelope it receives, the background checks
 * the reply it gets back. Only ciphertext travels this way (src/messaging/protocol.ts
 * ContentCommands).
 */
import { isExactObject, isNonNegativeInt, isOneOf, isRecord } from './guards';
import { MESSAGE_TAG, POST_FAILURES, contentCommandGuards, type ContentCommands, type PostOutcome } from './protocol';

export type CommandEnvelope = { tag: typeof MESSAGE_TAG; command: 'post'; payload: ContentCommands['post']['request'] };

/** A command from our background: exact shape, known command, valid payload. */
export function isCommandEnvelope(value: unknown): value is CommandEnvelope {
  if (!isRecord(value) || value.tag !== MESSAGE_TAG || value.command !== 'post') return false;
  if (!Object.keys(value).every((k) => k === 'tag' || k === 'command' || k === 'payload')) return false;
  return contentCommandGuards.post(value.payload);
}

const isSent = isExactObject<{ outcome: 'sent' }>({ outcome: (v): v is 'sent' => v === 'sent' });
const isFailed = isExactObject<Extract<PostOutcome, { outcome: 'failed' }>>({
  outcome: (v): v is 'failed' => v === 'failed',
  reason: isOneOf(POST_FAILURES),
  sentParts: isNonNegativeInt,
});

/** The content script's reply to `post`. Anything else counts as no reply (fail closed). */
export function isPostOutcome(value: unknown): value is PostOutcome {
  return isSent(value) || isFailed(value);
}
