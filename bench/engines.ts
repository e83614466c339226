/**
 * The two message engines the benchmark compares, behind one interface: a two-person chat where
 * each side turns a text into the strings it would post in an Instagram DM and back.
 *
 * - Sealed DMs: envelope -> session encrypt (X3DH + Double Ratchet) -> armor, and
 *   parseArmor -> reassemble -> session decrypt, with the state kept between messages exactly as
 *   the vault would keep it (the JSON-safe SessionState returned by each call).
 * - OpenPGP.js (v6), doing what Mailvelope does: curve25519 keys (EdDSA + ECDH, the "ecc" default),
 *   every message encrypted to the recipient AND the sender's own key, signed, ASCII-armored;
 *   decryption requires a valid signature from the sender.
 */
import * as openpgp from 'openpgp';
import { armor, parseArmor, reassemble } from '../src/protocol/armor';
import { createCard, decodeCard, encodeCard, type ContactCard } from '../src/protocol/card';
import { createIdentity, type IdentityState } from '../src/protocol/identity';
import { decrypt, encrypt, type SessionState } from '../src/protocol/session';

export type Side = 'A' | 'B';

export interface Engine {
  name: string;
  /** Strings to post for `text` sent by `from` (one per DM). */
  send(from: Side, text: string): Promise<string[]>;
  /** The text read back by the other side from the posted strings. */
  receive(to: Side, posted: string[]): Promise<string>;
  /**
   * Strings `from` would post for `text`, without changing any state (for length measurements).
   */
  probe(from: Side, text: string): Promise<string[]>;
}

const other = (s: Side): Side => (s === 'A' ? 'B' : 'A');

// ---------------------------------------------------------------------------------------------
// Sealed DMs
// ---------------------------------------------------------------------------------------------

interface OurParty {
  identity: IdentityState;
  /** The other person's card, as decoded from their invite code. */
  contact: ContactCard;
  state: SessionState | undefined;
}

export function sealedDms(now = Date.now()): Engine {
  const identities = { A: createIdentity(now), B: createIdentity(now) };
  const codes = {
    A: makeCode(identities.A, 'Alice', now),
    B: makeCode(identities.B, 'Bob', now),
  };
  const parties: Record<Side, OurParty> = {
    A: { identity: identities.A, contact: readCode(codes.B), state: undefined },
    B: { identity: identities.B, contact: readCode(codes.A), state: undefined },
  };
  let clock = now;

  function seal(from: Side, text: string): { parts: string[]; state: SessionState } {
    const me = parties[from];
    clock += 1000;
    const r = encrypt(me.state, me.identity, me.contact, { text, sentAt: Math.floor(clock / 1000) }, clock);
    if (!r.ok) throw new Error(`encrypt failed: ${r.error}`);
    return { parts: armor(r.message), state: r.state };
  }

  return {
    name: 'Sealed DMs',
    async send(from, text) {
      const { parts, state } = seal(from, text);
      parties[from].state = state;
      return parts;
    },
    async receive(to, posted) {
      const me = parties[to];
      const joined = reassemble(parseArmor(posted.join('\n')));
      if (!joined.ok) throw new Error(`armor: ${joined.error}`);
      const r = decrypt(me.state, me.identity, me.contact, joined.payload, clock);
      if (!r.ok) throw new Error(`decrypt failed: ${r.error}`);
      me.state = r.state;
      return r.envelope.text;
    },
    async probe(from, text) {
      return seal(from, text).parts;
    },
  };
}

function makeCode(identity: IdentityState, name: string, now: number): string {
  const made = createCard(identity, { name }, now);
  if (!made.ok) throw new Error(`card: ${made.error}`);
  return encodeCard(made.card);
}

function readCode(code: string): ContactCard {
  const r = decodeCard(code);
  if (!r.ok) throw new Error(`card: ${r.error}`);
  return r.card;
}

// ---------------------------------------------------------------------------------------------
// OpenPGP.js, Mailvelope-style
// ---------------------------------------------------------------------------------------------

interface PgpParty {
  privateKey: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
}

export async function openPgp(): Promise<Engine> {
  const make = async (name: string): Promise<PgpParty> => {
    const { privateKey, publicKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy', // Ed25519 (EdDSA legacy) primary + Curve25519 ECDH subkey
      userIDs: [{ name, email: `${name.toLowerCase()}@example.org` }],
      format: 'object',
    });
    return { privateKey, publicKey };
  };
  const parties: Record<Side, PgpParty> = { A: await make('Alice'), B: await make('Bob') };

  const seal = async (from: Side, text: string): Promise<string[]> => {
    const me = parties[from];
    const them = parties[other(from)];
    const armored = await openpgp.encrypt({
      message: await openpgp.createMessage({ text }),
      encryptionKeys: [them.publicKey, me.publicKey], // recipient and self, as Mailvelope does
      signingKeys: me.privateKey,
      format: 'armored',
    });
    return [armored];
  };

  return {
    name: 'OpenPGP.js',
    send: seal,
    async receive(to, posted) {
      const me = parties[to];
      const them = parties[other(to)];
      const { data } = await openpgp.decrypt({
        message: await openpgp.readMessage({ armoredMessage: posted.join('\n') }),
        decryptionKeys: me.privateKey,
        verificationKeys: them.publicKey,
        expectSigned: true, // throws unless the signature verifies
      });
      return data;
    },
    probe: seal,
  };
}
