/**
 * Benchmark: Sealed DMs against OpenPGP.js doing what Mailvelope does (bench/engines.ts), in one
 * run on one machine. Prints a Markdown table and writes bench/results.json.
 *
 *   npx tsx bench/run.ts     BENCH_MESSAGES=n: conversation length (default 200)
 *                            BENCH_ROUNDS=n: repetitions, median reported (default 3)
 *
 * Measured:
 * - armored length of a 2-, 100- and 500-character text (ours: first message of a session, which
 *   carries the X3DH data, and a later one);
 * - the longest text that fits one 900-character part (binary search over ASCII texts);
 * - encrypt and decrypt time per message over a conversation of consecutive messages in one
 *   direction, and over one that alternates turns every message (each includes session setup);
 * - the X25519 work a turn change needs (2 DH + 1 key generation, @noble/curves), measured the same
 *   way: the floor under our alternating figure. (OpenPGP.js runs X25519 on Node's native WebCrypto.)
 * Figures are reported, not asserted; the targets from issue 3 are checked and printed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { dh, generateX25519 } from '../src/crypto/keys';
import { defaultRng } from '../src/crypto/random';
import { MAX_PART_CHARS } from '../src/protocol/armor';
import { openPgp, sealedDms, type Engine, type Side } from './engines';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SAMPLE = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. ';

/** ASCII text of exactly n characters ("hi" for 2). */
function text(n: number): string {
  if (n === 2) return 'hi';
  return SAMPLE.repeat(Math.ceil(n / SAMPLE.length)).slice(0, n);
}

const totalChars = (parts: string[]): number => parts.reduce((n, p) => n + p.length, 0);

/** Makes `engine` hold an established session (A and B have each sent and received once). */
async function establish(engine: Engine): Promise<void> {
  await engine.receive('B', await engine.send('A', 'hello'));
  await engine.receive('A', await engine.send('B', 'hello back'));
}

interface Lengths {
  chars: number;
  parts: number;
}

async function lengths(engine: Engine, sizes: number[]): Promise<Record<string, Lengths>> {
  const out: Record<string, Lengths> = {};
  for (const n of sizes) {
    const parts = await engine.probe('A', text(n));
    out[n] = { chars: totalChars(parts), parts: parts.length };
  }
  return out;
}

/** Longest n such that text(n) armors to a single part of at most 900 characters. */
async function longestSinglePart(engine: Engine): Promise<number> {
  const fits = async (n: number): Promise<boolean> => {
    const parts = await engine.probe('A', text(n));
    return parts.length === 1 && parts[0]!.length <= MAX_PART_CHARS;
  };
  if (!(await fits(0))) return -1;
  let lo = 0; // fits
  let hi = 4096; // does not fit (checked below)
  if (await fits(hi)) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (await fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

interface Timing {
  messages: number;
  /** Mean milliseconds per message. */
  encryptMs: number;
  decryptMs: number;
  totalMs: number;
  /** Mean armored characters per message. */
  meanChars: number;
}

/** Runs a conversation where `senders[i]` sends message i and the other side reads it at once. */
async function conversation(engine: Engine, senders: Side[], message: string): Promise<Timing> {
  let enc = 0;
  let dec = 0;
  let chars = 0;
  for (const [i, from] of senders.entries()) {
    const body = `${i} ${message}`;
    const t0 = performance.now();
    const posted = await engine.send(from, body);
    const t1 = performance.now();
    const got = await engine.receive(from === 'A' ? 'B' : 'A', posted);
    const t2 = performance.now();
    if (got !== body) throw new Error(`${engine.name}: message ${i} came back different`);
    enc += t1 - t0;
    dec += t2 - t1;
    chars += totalChars(posted);
  }
  const n = senders.length;
  return { messages: n, encryptMs: enc / n, decryptMs: dec / n, totalMs: (enc + dec) / n, meanChars: chars / n };
}

async function compare(senders: Side[], message: string): Promise<{ ours: Timing; openpgp: Timing }> {
  const ours: Timing[] = [];
  const pgp: Timing[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(await conversation(sealedDms(), senders, message));
    pgp.push(await conversation(await openPgp(), senders, message));
  }
  const median = (runs: Timing[]): Timing => [...runs].sort((a, b) => a.totalMs - b.totalMs)[runs.length >> 1]!;
  return { ours: median(ours), openpgp: median(pgp) };
}

/**
 * Milliseconds of curve work per turn change (Double Ratchet DH step: DH with the peer's new key,
 * a new key pair, DH from it), median of ROUNDS runs of MESSAGES steps.
 */
function curveFloor(): number {
  const runs: number[] = [];
  let self = generateX25519(defaultRng);
  const peer = generateX25519(defaultRng).public;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    for (let i = 0; i < MESSAGES; i++) {
      dh(self.secret, peer);
      self = generateX25519(defaultRng);
      dh(self.secret, peer);
    }
    runs.push((performance.now() - t0) / MESSAGES);
  }
  return runs.sort((a, b) => a - b)[runs.length >> 1]!;
}

const consecutive = (n: number): Side[] => Array.from({ length: n }, () => 'A');
const alternating = (n: number): Side[] => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'A' : 'B'));

async function main(): Promise<void> {
  const pgpVersion = (JSON.parse(readFileSync(new URL('../node_modules/openpgp/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const chatText = text(100);

  // Warm up both engines (JIT, lazy imports inside OpenPGP.js).
  for (const make of [() => Promise.resolve(sealedDms()), openPgp]) {
    await conversation(await make(), alternating(20), chatText);
  }

  // Lengths.
  const sizes = [2, 100, 500];
  const oursFresh = sealedDms();
  const oursFirst = await lengths(oursFresh, sizes);
  const oursFirstMax = await longestSinglePart(oursFresh);
  await establish(oursFresh);
  const oursLater = await lengths(oursFresh, sizes);
  const oursLaterMax = await longestSinglePart(oursFresh);
  const pgp = await openPgp();
  const pgpLengths = await lengths(pgp, sizes);
  const pgpMax = await longestSinglePart(pgp);

  // Speed: fresh parties per conversation, so each includes session setup (X3DH) for us. The
  // machine may be shared: each conversation runs ROUNDS times, interleaving the two engines, and
  // the round with the median total is reported.
  const speed = {
    consecutive: await compare(consecutive(MESSAGES), chatText),
    alternating: await compare(alternating(MESSAGES), chatText),
  };
  const curveFloorMs = curveFloor();
  const ratio = (k: 'consecutive' | 'alternating', f: 'encryptMs' | 'decryptMs' | 'totalMs') => speed[k].openpgp[f] / speed[k].ours[f];

  const targets = {
    hiAtMost160Chars: { target: 160, measured: oursFirst[2]!.chars, note: 'first message of a session (worst case)', met: oursFirst[2]!.chars <= 160 },
    atLeast600CharsInOnePart: { target: 600, measured: oursLaterMax, firstMessage: oursFirstMax, met: oursLaterMax >= 600 },
    consecutive10xOpenPgp: { target: 10, measured: ratio('consecutive', 'totalMs'), met: ratio('consecutive', 'totalMs') >= 10 },
    alternating2xOpenPgp: {
      target: 2,
      measured: ratio('alternating', 'totalMs'),
      /** OpenPGP / ours if nothing but the turn's curve work were left. */
      bestWithNoble: speed.alternating.openpgp.totalMs / curveFloorMs,
      met: ratio('alternating', 'totalMs') >= 2,
    },
  };

  const results = {
    date: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
      openpgp: pgpVersion,
    },
    setup: {
      conversationMessages: MESSAGES,
      rounds: ROUNDS,
      chatTextChars: chatText.length,
      openpgp: 'curve25519Legacy ECC keys (EdDSA + ECDH), encrypted to recipient and self, signed, armored',
      ours: 'envelope -> session encrypt -> armor; parseArmor -> reassemble -> session decrypt',
    },
    armoredLength: { oursFirstMessage: oursFirst, oursLaterMessage: oursLater, openpgp: pgpLengths },
    longestSinglePartText: { oursFirstMessage: oursFirstMax, oursLaterMessage: oursLaterMax, openpgp: pgpMax, partLimit: MAX_PART_CHARS },
    speed,
    curveWorkPerTurnMs: curveFloorMs,
    ratios: {
      consecutive: { encrypt: ratio('consecutive', 'encryptMs'), decrypt: ratio('consecutive', 'decryptMs'), total: ratio('consecutive', 'totalMs') },
      alternating: { encrypt: ratio('alternating', 'encryptMs'), decrypt: ratio('alternating', 'decryptMs'), total: ratio('alternating', 'totalMs') },
    },
    targets,
  };
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
  console.log(table(results));
  console.log(`\nwrote bench/results.json (node ${process.version}, ${results.environment.cpu}, load ${results.environment.loadAverage.join(' ')})`);
}

type Results = {
  armoredLength: { oursFirstMessage: Record<string, Lengths>; oursLaterMessage: Record<string, Lengths>; openpgp: Record<string, Lengths> };
  longestSinglePartText: { oursFirstMessage: number; oursLaterMessage: number; openpgp: number };
  speed: Record<'consecutive' | 'alternating', { ours: Timing; openpgp: Timing }>;
  curveWorkPerTurnMs: number;
  ratios: Record<'consecutive' | 'alternating', { encrypt: number; decrypt: number; total: number }>;
  targets: Record<string, { target: number; measured: number; met: boolean }>;
};

function table(r: Results): string {
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const x = (v: number) => `${v.toFixed(1)}x`;
  const ok = (met: boolean) => (met ? 'met' : 'NOT met');
  const len = (l: Lengths | undefined) => (l ? `${l.chars}${l.parts > 1 ? ` (${l.parts} parts)` : ''}` : '-');
  const t = r.targets;
  const rows: string[][] = [
    ['Measure', 'Sealed DMs', 'OpenPGP.js', 'OpenPGP / ours', 'Target'],
    ...['2', '100', '500'].map((n) => [
      `Armored length, ${n === '2' ? '"hi"' : `${n} chars`} (first / later message)`,
      `${len(r.armoredLength.oursFirstMessage[n])} / ${len(r.armoredLength.oursLaterMessage[n])}`,
      len(r.armoredLength.openpgp[n]),
      x(r.armoredLength.openpgp[n]!.chars / r.armoredLength.oursFirstMessage[n]!.chars),
      n === '2' ? `<= 160: ${ok(t.hiAtMost160Chars!.met)}` : '',
    ]),
    [
      'Longest text in one 900-char part (first / later)',
      `${r.longestSinglePartText.oursFirstMessage} / ${r.longestSinglePartText.oursLaterMessage}`,
      String(r.longestSinglePartText.openpgp),
      '',
      `>= 600: ${ok(t.atLeast600CharsInOnePart!.met)}`,
    ],
  ];
  for (const k of ['consecutive', 'alternating'] as const) {
    const s = r.speed[k];
    const label = k === 'consecutive' ? `Consecutive (${s.ours.messages} msgs one way)` : `Alternating (${s.ours.messages} msgs, turn each msg)`;
    rows.push([`${label}: encrypt / msg`, ms(s.ours.encryptMs), ms(s.openpgp.encryptMs), x(r.ratios[k].encrypt), '']);
    rows.push([`${label}: decrypt / msg`, ms(s.ours.decryptMs), ms(s.openpgp.decryptMs), x(r.ratios[k].decrypt), '']);
    const target = k === 'consecutive' ? `>= 10x: ${ok(t.consecutive10xOpenPgp!.met)}` : `>= 2x: ${ok(t.alternating2xOpenPgp!.met)}`;
    rows.push([`${label}: encrypt + decrypt`, ms(s.ours.totalMs), ms(s.openpgp.totalMs), x(r.ratios[k].total), target]);
  }
  const floor = r.curveWorkPerTurnMs;
  rows.push(['Alternating: X25519 work per turn (2 DH + 1 key pair), the floor', ms(floor), '', x(r.speed.alternating.openpgp.totalMs / floor), '']);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

await main();
