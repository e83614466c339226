import { describe, expect, it } from 'vitest';
import { threadRefFromPath, threadRefFromUrl } from '../../../src/instagram/dom/thread-id';

const LEGACY = '340282366841710300949128348198171523470'; // fs#42688365256, §1
const SHORT = ['110178857046022', '17842055330127433', '116638503065633']; // §1 examples

describe('threadRefFromPath', () => {
  it('reads legacy 39-digit ids', () => {
    expect(LEGACY).toHaveLength(39);
    expect(threadRefFromPath(`/direct/t/${LEGACY}/`)).toEqual({ id: LEGACY, format: 'legacy', e2ee: false, key: LEGACY });
  });

  it('reads newer 15–17-digit ids', () => {
    for (const id of SHORT) expect(threadRefFromPath(`/direct/t/${id}/`)).toEqual({ id, format: 'fbid', e2ee: false, key: id });
  });

  it('tolerates a missing trailing slash, query strings and fragments', () => {
    const id = SHORT[1]!;
    for (const path of [`/direct/t/${id}`, `/direct/t/${id}/?hl=en`, `/direct/t/${id}?hl=en`, `/direct/t/${id}/#x`, `/direct/t/${id}/?a=1#b`]) {
      expect(threadRefFromPath(path)?.id, path).toBe(id);
    }
  });

  it('reads /direct/e2ee/t/<id>/ with a key that cannot collide with the plain thread', () => {
    const ref = threadRefFromPath(`/direct/e2ee/t/${SHORT[0]}/`);
    expect(ref).toEqual({ id: SHORT[0], format: 'fbid', e2ee: true, key: `e2ee:${SHORT[0]}` });
    expect(ref?.key).not.toBe(threadRefFromPath(`/direct/t/${SHORT[0]}/`)?.key);
  });

  it('rejects everything that is not exactly a numeric thread path', () => {
    const bad = [
      '', '/', '/direct/', '/direct/inbox/', '/direct/t/', '/direct/t//', '/direct/new/', '/direct/requests/',
      '/direct/t/abc/', '/direct/t/12345a/', '/direct/t/0123456789/', '/direct/t/12345/', // too short, leading zero, letters
      `/direct/t/${LEGACY}0/`, // 40 digits
      `/direct/t/${SHORT[0]}/details/`, `/direct/t/${SHORT[0]}//`, `//direct/t/${SHORT[0]}/`, `/Direct/T/${SHORT[0]}/`,
      `direct/t/${SHORT[0]}/`, `/direct/t/ ${SHORT[0]}/`, `/direct/t/${SHORT[0]} /`, `/direct/t/%31${SHORT[0]}/`,
      `/x/direct/t/${SHORT[0]}/`, `/direct/e2ee/${SHORT[0]}/`, `/direct/t/١٢٣٤٥٦٧/`, // Arabic-Indic digits
      `/accounts/login/?next=/direct/t/${SHORT[0]}/`,
    ];
    for (const path of bad) expect(threadRefFromPath(path), path).toBeUndefined();
  });

  it('never throws on hostile input', () => {
    for (const v of [null, undefined, 42, {}, 'x'.repeat(100_000), `/direct/t/${'9'.repeat(10_000)}/`]) {
      expect(() => threadRefFromPath(v as unknown as string)).not.toThrow();
      expect(threadRefFromPath(v as unknown as string)).toBeUndefined();
    }
  });
});

describe('threadRefFromUrl', () => {
  it('reads https instagram.com URLs only', () => {
    expect(threadRefFromUrl(`https://www.instagram.com/direct/t/${LEGACY}/?hl=en`)?.id).toBe(LEGACY);
    expect(threadRefFromUrl(`https://instagram.com/direct/t/${SHORT[0]}`)?.id).toBe(SHORT[0]);
    for (const url of [
      `http://www.instagram.com/direct/t/${SHORT[0]}/`,
      `https://evil.example/direct/t/${SHORT[0]}/`,
      `https://www.instagram.com.evil.example/direct/t/${SHORT[0]}/`,
      `/direct/t/${SHORT[0]}/`,
      'not a url',
    ]) {
      expect(threadRefFromUrl(url), url).toBeUndefined();
    }
  });
});
