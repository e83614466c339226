import { describe, expect, it } from 'vitest';
import { normalizeUsername, usernameFromProfileHref } from '../../../src/instagram/dom/username';

describe('normalizeUsername', () => {
  it('accepts 1–30 characters of [a-z0-9._], lower-casing', () => {
    for (const u of ['a', 'bob', 'alex.example', 'demo_creator', 'x'.repeat(30), '_', 'a.b.c', '9lives']) {
      expect(normalizeUsername(u), u).toBe(u);
    }
    expect(normalizeUsername('Alex.Example')).toBe('alex.example');
  });

  it('rejects everything else', () => {
    for (const u of ['', 'x'.repeat(31), 'bob smith', 'bob-smith', 'bob@x', 'bob/', 'ёжик', 'bób', '.', '..', '...', 'bob\n', '<b>']) {
      expect(normalizeUsername(u), JSON.stringify(u)).toBeUndefined();
    }
  });
});

describe('usernameFromProfileHref', () => {
  it('reads profile paths and instagram.com profile URLs', () => {
    expect(usernameFromProfileHref('/bob/')).toBe('bob');
    expect(usernameFromProfileHref('/bob')).toBe('bob');
    expect(usernameFromProfileHref('/alex.example/?hl=es')).toBe('alex.example');
    expect(usernameFromProfileHref('https://www.instagram.com/bob/')).toBe('bob');
    expect(usernameFromProfileHref('https://instagram.com/Bob')).toBe('bob');
  });

  it('rejects routes, deeper paths, other hosts and junk', () => {
    for (const href of [
      null, undefined, '', '/', '/direct/inbox/', '/direct/', '/explore/', '/accounts/edit/', '/p/Cx1/', '/reels/',
      '/bob/tagged/', '/direct/t/17842055330127433/', '//bob/', '/../', '/./', 'bob', '#bob',
      'https://evil.example/bob/', 'http://www.instagram.com/bob/', 'javascript:alert(1)', `/${'a'.repeat(31)}/`,
      `/${'a'.repeat(300)}/`, '/bob%2F/', '/bob smith/',
    ]) {
      expect(usernameFromProfileHref(href), String(href)).toBeUndefined();
    }
  });
});
