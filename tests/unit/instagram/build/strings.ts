/**
 * UI strings of the fixture pages: the local mock's locale packs (tests/mock-instagram/client/
 * strings.ts: English as quoted in instagram-dm-dom.md, Spanish and Russian as the reference cites
 * them), so fixtures and mock speak the same words, plus the one label only fixtures use. The
 * readers under test must not depend on any of them.
 */
import { stringsFor, type Strings } from '../../../mock-instagram/client/strings';

export type FixtureStrings = Pick<
  Strings,
  | 'lang'
  | 'message'
  | 'placeholder'
  | 'send'
  | 'emoji'
  | 'voiceClip'
  | 'addMedia'
  | 'gif'
  | 'like'
  | 'conversationWith'
  | 'openProfile'
  | 'reactTo'
  | 'replyTo'
  | 'moreOptions'
  | 'threadList'
  | 'loading'
  | 'couldntSend'
  | 'notNow'
  | 'notificationsTitle'
> & {
  /** The quoted-reply header ("Original message:"). */
  originalMessage: string;
};

function fixtureStrings(locale: 'en' | 'es' | 'ru', originalMessage: string): FixtureStrings {
  return { ...stringsFor(locale), originalMessage };
}

export const en = fixtureStrings('en', 'Original message:');
export const es = fixtureStrings('es', 'Mensaje original:');
export const ru = fixtureStrings('ru', 'Исходное сообщение:');
