/** A two-party conversation simulator over the session API, for property tests. */
import type { Rng } from '../../../src/crypto/random';
import { decrypt, encrypt, type DecryptResult, type SessionState } from '../../../src/protocol/session';
import { makeParty, seededRng, T0, type Party } from './helpers';

export type Side = 'A' | 'B';

export interface Sent {
  id: number;
  from: Side;
  text: string;
  sentAt: number;
  bytes: Uint8Array;
}

interface Peer {
  party: Party;
  state: SessionState | undefined;
  rng: Rng;
  /** Seconds, this peer's clock (monotonic, may be skewed against the other). */
  clock: number;
  received: Set<number>;
}

export class Conversation {
  readonly peers: Record<Side, Peer>;
  readonly sent: Sent[] = [];

  constructor(seed: string, skew = 0) {
    const a = makeParty(`${seed}/A`, 'A');
    const b = makeParty(`${seed}/B`, 'B');
    const start = Math.floor(T0 / 1000);
    this.peers = {
      A: { party: a, state: undefined, rng: seededRng(`${seed}/A/run`), clock: start, received: new Set() },
      B: { party: b, state: undefined, rng: seededRng(`${seed}/B/run`), clock: start + skew, received: new Set() },
    };
  }

  other(side: Side): Side {
    return side === 'A' ? 'B' : 'A';
  }

  /** Advances a peer's clock by 0 or more seconds. */
  tick(side: Side, seconds: number): void {
    this.peers[side].clock += seconds;
  }

  send(from: Side, text = `message ${this.sent.length} from ${from}`): Sent {
    const me = this.peers[from];
    const them = this.peers[this.other(from)];
    const r = encrypt(me.state, me.party.identity, them.party.card, { text, sentAt: me.clock }, me.clock * 1000, me.rng);
    if (!r.ok) throw new Error(`encrypt failed: ${r.error}`);
    me.state = r.state;
    const sent = { id: this.sent.length, from, text, sentAt: me.clock, bytes: r.message };
    this.sent.push(sent);
    return sent;
  }

  /** Delivers a message to its recipient; the state is kept only on success (like the vault). */
  deliver(msg: Sent): DecryptResult {
    const to = this.peers[this.other(msg.from)];
    const from = this.peers[msg.from];
    const r = decrypt(to.state, to.party.identity, from.party.card, msg.bytes, to.clock * 1000, to.rng);
    if (r.ok) {
      to.state = r.state;
      to.received.add(msg.id);
    }
    return r;
  }

  activeBaseKey(side: Side): string | undefined {
    return this.peers[side].state?.active?.baseKey;
  }
}
