import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../../src/encoding/bytes';
import {
  BACKUP_HEADER_LENGTH,
  BACKUP_MAGIC,
  openBackup,
  readBackupHeader,
  sealBackup,
} from '../../../src/vault/backup-format';
import { decodeBackupContent, encodeBackupContent, type BackupContent } from '../../../src/vault/backup-payload';
import { mergeDeletedIds } from '../../../src/vault/deleted-messages';
import { messageId } from '../../../src/protocol/message-id';
import { isVaultError } from '../../../src/vault/errors';
import { encodeValue } from '../../../src/vault/value-codec';
import { containsBytes, FAST_SCRYPT, sampleContact, sampleEntry, sampleIdentity, sampleSession, T0 , codeOf } from './helpers';

const payload = utf8.encode('the whole vault, encoded');


/** Recomputes the trailing checksum, as a deliberate (not accidental) modification would. */
function withChecksum(body: Uint8Array): Uint8Array {
  return concatBytes(body, sha256(body));
}

describe('backup container', () => {
  it('round-trips with the documented layout', async () => {
    const file = await sealBackup(payload, 'backup pass', FAST_SCRYPT);
    expect(file.subarray(0, 8)).toEqual(BACKUP_MAGIC);
    expect(new TextDecoder().decode(file.subarray(0, 8))).toBe('SDMSBACK');
    expect(Array.from(file.subarray(8, 13))).toEqual([1, 1, FAST_SCRYPT.log2N, FAST_SCRYPT.r, FAST_SCRYPT.p]);
    const ctLen = new DataView(file.buffer).getUint32(69);
    expect(ctLen).toBe(payload.length + 16);
    expect(file.length).toBe(BACKUP_HEADER_LENGTH + ctLen + 32);
    expect(file.subarray(file.length - 32)).toEqual(sha256(file.subarray(0, file.length - 32)));
    expect(containsBytes(file, payload.subarray(0, 8))).toBe(false);
    expect(await openBackup(file, 'backup pass')).toEqual(payload);
  });

  it('reports a wrong passphrase as such', async () => {
    const file = await sealBackup(payload, 'backup pass', FAST_SCRYPT);
    expect(await codeOf(openBackup(file, 'backup pasS'))).toBe('backup-wrong-passphrase');
  });

  it('reports every truncation as truncated', async () => {
    const file = await sealBackup(payload, 'backup pass', FAST_SCRYPT);
    for (const n of [1, 7, 9, 40, 72, 73, 100, file.length - 33, file.length - 1]) {
      expect(await codeOf(openBackup(file.subarray(0, n), 'backup pass'))).toBe('backup-truncated');
    }
  });

  it('reports any flipped bit after the version byte as damage, and extra bytes too', async () => {
    const file = await sealBackup(payload, 'backup pass', FAST_SCRYPT);
    for (let i = 9; i < file.length; i++) {
      const bad = Uint8Array.from(file);
      bad[i]! ^= 1 << (i % 8);
      const code = await codeOf(openBackup(bad, 'backup pass'));
      // A damaged length field (bytes 69..72) claiming more bytes than present reads as truncated.
      if (i >= 69 && i < 73) expect(['backup-damaged', 'backup-truncated']).toContain(code);
      else expect(code).toBe('backup-damaged');
    }
    expect(await codeOf(openBackup(concatBytes(file, Uint8Array.of(0)), 'backup pass'))).toBe('backup-damaged');
  });

  it('recognises foreign files and future versions', async () => {
    const file = await sealBackup(payload, 'backup pass', FAST_SCRYPT);
    expect(await codeOf(openBackup(new Uint8Array(0), 'x'))).toBe('backup-not-a-backup');
    expect(await codeOf(openBackup(utf8.encode('{"some":"json"}'), 'x'))).toBe('backup-not-a-backup');
    const bad = Uint8Array.from(file);
    bad[0] = 0x54;
    expect(await codeOf(openBackup(bad, 'backup pass'))).toBe('backup-not-a-backup');
    const v2 = Uint8Array.from(file);
    v2[8] = 2;
    expect(await codeOf(openBackup(v2, 'backup pass'))).toBe('backup-unsupported-version');
  });

  it('authenticates the header: changed cost parameters fail even with a fixed-up checksum', async () => {
    const file = await sealBackup(payload, 'backup pass', FAST_SCRYPT);
    const body = Uint8Array.from(file.subarray(0, file.length - 32));
    body[11] = 4; // r
    expect(await codeOf(openBackup(withChecksum(body), 'backup pass'))).toBe('backup-wrong-passphrase');
  });

  it('refuses absurd cost parameters before running scrypt', async () => {
    const file = await sealBackup(payload, 'backup pass', FAST_SCRYPT);
    const body = Uint8Array.from(file.subarray(0, file.length - 32));
    body[10] = 30; // N = 2^30
    const started = Date.now();
    expect(() => readBackupHeader(withChecksum(body))).toThrow(expect.objectContaining({ code: 'backup-damaged' }));
    expect(await codeOf(openBackup(withChecksum(body), 'backup pass'))).toBe('backup-damaged');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('backup content', () => {
  const content: BackupContent = {
    exportedAt: T0,
    settings: { autoLockMinutes: 5 },
    identity: sampleIdentity(1),
    profile: { displayName: 'Alice', instagram: 'alice', patternSeed: Uint8Array.of(1, 2, 3, 4, 5, 6) },
    contacts: [sampleContact('a'), sampleContact('b')],
    sessions: [{ contactId: 'a', state: sampleSession('a') }],
    archive: [sampleEntry('p1', 'a', T0, 'hi'), sampleEntry('p2', 'b', T0 + 1, 'yo')],
    deleted: [{ contactId: 'b', ids: mergeDeletedIds(new Uint8Array(0), [messageId(Uint8Array.of(1)), messageId(Uint8Array.of(2))]) }],
  };

  it('round-trips, deleted message ids included', () => {
    expect(decodeBackupContent(encodeBackupContent(content))).toEqual(content);
  });

  it('still reads version 1 files (before deleted message ids): none deleted', () => {
    const { deleted: _, ...v1 } = content;
    expect(decodeBackupContent(encodeValue({ kind: 'sealed-dms-backup', version: 1, ...v1 }))).toEqual({ ...content, deleted: [] });
    // A version 1 file cannot carry them.
    expect(() => decodeBackupContent(encodeValue({ kind: 'sealed-dms-backup', version: 1, ...content }))).toThrow(
      expect.objectContaining({ code: 'backup-damaged' }),
    );
  });

  it('refuses inconsistent, malformed or newer content', () => {
    const code = (bytes: Uint8Array) => {
      try {
        decodeBackupContent(bytes);
        return 'no-error';
      } catch (e) {
        return isVaultError(e) ? e.code : 'other';
      }
    };
    expect(code(encodeBackupContent({ ...content, sessions: [{ contactId: 'zz', state: sampleSession('z') }] }))).toBe('backup-damaged');
    expect(code(encodeBackupContent({ ...content, archive: [sampleEntry('p1', 'zz', T0, 'x')] }))).toBe('backup-damaged');
    expect(code(encodeBackupContent({ ...content, contacts: [sampleContact('a'), sampleContact('a')] }))).toBe('backup-damaged');
    expect(code(encodeBackupContent({ ...content, contacts: [{ ...sampleContact('a'), verification: 'maybe' as never }] }))).toBe(
      'backup-damaged',
    );
    expect(code(encodeBackupContent({ ...content, identity: null }))).toBe('backup-damaged');
    expect(code(encodeBackupContent({ ...content, deleted: [{ ...content.deleted[0]!, contactId: 'zz' }] }))).toBe('backup-damaged');
    expect(code(encodeBackupContent({ ...content, deleted: [content.deleted[0]!, content.deleted[0]!] }))).toBe('backup-damaged');
    const ids = content.deleted[0]!.ids;
    const unsorted = concatBytes(ids.subarray(16), ids.subarray(0, 16));
    expect(code(encodeBackupContent({ ...content, deleted: [{ contactId: 'b', ids: unsorted }] }))).toBe('backup-damaged');
    expect(code(encodeValue({ kind: 'sealed-dms-backup', version: 3 }))).toBe('backup-unsupported-version');
    expect(code(encodeValue({ hello: 'world' }))).toBe('backup-damaged');
    expect(code(Uint8Array.of(0xff))).toBe('backup-damaged');
  });
});
