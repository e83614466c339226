// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromBase64url, toBase64url } from '../../../src/encoding/bytes';
import { en } from '../../../src/ui/i18n/en';
import { SettingsScreen } from '../../../src/ui/popup/screens/SettingsScreen';
import { PATTERN, button, byLabel, callsOf, click, fakeNav, flush, hasButton, mount, ok, refused, scriptBackground, submit, text, typeInto, unmountAll, type Script } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));
afterEach(unmountAll);

const withPassphrase: Script = { settings: () => ok({ hasPassphrase: true, autoLockMinutes: 15 }) };
const section = (root: HTMLElement, headingKey: keyof typeof en) => {
  const heading = [...root.querySelectorAll('h3')].find((h) => h.textContent === en[headingKey]);
  if (!heading) throw new Error(`no section ${headingKey}`);
  return heading.closest('section')!;
};

describe('settings: backup export', () => {
  it('asks the passphrase twice and downloads exactly the returned bytes', async () => {
    const fileBytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 91 + 7) & 0xff);
    const calls = scriptBackground({ ...withPassphrase, exportBackup: () => ok({ file: toBase64url(fileBytes), fileName: 'sealed-dms-backup-2025-05-03.sdmbackup' }) });
    const blobs: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:backup';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });

    const root = await mount(<SettingsScreen nav={fakeNav()} pattern={PATTERN} />);
    const exportSection = section(root, 'backup.export.heading');
    await typeInto(byLabel(exportSection, en['backup.passphrase']), 'backup pass');
    await typeInto(byLabel(exportSection, en['backup.passphraseConfirm']), 'backup pass');
    await submit(exportSection.querySelector('form')!);

    expect(callsOf(calls, 'exportBackup')).toEqual([{ passphrase: 'backup pass' }]);
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(new Uint8Array(await blobs[0]!.arrayBuffer())).toEqual(fileBytes);
    expect(clicked).toEqual([{ href: 'blob:backup', download: 'sealed-dms-backup-2025-05-03.sdmbackup' }]);
    expect(text(exportSection)).toContain('Backup downloaded as sealed-dms-backup-2025-05-03.sdmbackup.');
    expect(byLabel(exportSection, en['backup.passphrase']).value).toBe('');
  });

  it('refuses different passphrases without exporting', async () => {
    const calls = scriptBackground({ ...withPassphrase, exportBackup: () => ok({ file: 'AAAA', fileName: 'x' }) });
    const root = await mount(<SettingsScreen nav={fakeNav()} pattern={PATTERN} />);
    const exportSection = section(root, 'backup.export.heading');
    await typeInto(byLabel(exportSection, en['backup.passphrase']), 'one');
    await typeInto(byLabel(exportSection, en['backup.passphraseConfirm']), 'two');
    await submit(exportSection.querySelector('form')!);
    expect(text(exportSection.querySelector('[role="alert"]'))).toContain(en['field.passphrase.mismatch']);
    expect(callsOf(calls, 'exportBackup')).toEqual([]);
  });
});

describe('settings: backup import', () => {
  const backupBytes = Uint8Array.from({ length: 200 }, (_, i) => (255 - i) & 0xff);

  async function chooseFileAndPassphrase(importSection: HTMLElement, passphrase = 'backup pass') {
    const input = byLabel(importSection, en['backup.import.file']);
    const file = new File([backupBytes], 'backup.sdmbackup');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await typeInto(byLabel(importSection, en['backup.import.passphrase']), passphrase);
  }

  it('on would-overwrite asks for confirmation, then retries with replaceExisting: true', async () => {
    const calls = scriptBackground({
      ...withPassphrase,
      importBackup: ({ replaceExisting }) => (replaceExisting ? ok({}) : refused('would-overwrite')),
    });
    const nav = fakeNav();
    const root = await mount(<SettingsScreen nav={nav} pattern={PATTERN} />);
    const importSection = section(root, 'backup.import.heading');
    await chooseFileAndPassphrase(importSection);
    await submit(importSection.querySelector('form')!);

    const first = callsOf(calls, 'importBackup');
    expect(first).toEqual([{ file: toBase64url(backupBytes), passphrase: 'backup pass', replaceExisting: false }]);
    expect(fromBase64url((first[0] as { file: string }).file)).toEqual(backupBytes);
    expect(text(importSection.querySelector('.confirm'))).toContain(en['backup.import.overwrite']);
    expect(nav.refresh).not.toHaveBeenCalled();

    await click(button(importSection, en['backup.import.replace']));
    expect(callsOf(calls, 'importBackup')).toEqual([
      { file: toBase64url(backupBytes), passphrase: 'backup pass', replaceExisting: false },
      { file: toBase64url(backupBytes), passphrase: 'backup pass', replaceExisting: true },
    ]);
    expect(text(importSection)).toContain(en['backup.import.done']);
    expect(nav.refresh).toHaveBeenCalled();
  });

  it('cancelling the confirmation replaces nothing', async () => {
    const calls = scriptBackground({ ...withPassphrase, importBackup: ({ replaceExisting }) => (replaceExisting ? ok({}) : refused('would-overwrite')) });
    const root = await mount(<SettingsScreen nav={fakeNav()} pattern={PATTERN} />);
    const importSection = section(root, 'backup.import.heading');
    await chooseFileAndPassphrase(importSection);
    await submit(importSection.querySelector('form')!);
    await click(button(importSection, en['common.cancel']));
    expect(callsOf(calls, 'importBackup')).toHaveLength(1);
    expect(hasButton(importSection, en['backup.import.submit'])).toBe(true);
  });

  it('a wrong backup passphrase or damaged file is said in plain words', async () => {
    scriptBackground({ ...withPassphrase, importBackup: () => refused('backup-wrong-passphrase') });
    const root = await mount(<SettingsScreen nav={fakeNav()} pattern={PATTERN} />);
    const importSection = section(root, 'backup.import.heading');
    await chooseFileAndPassphrase(importSection);
    await submit(importSection.querySelector('form')!);
    expect(text(importSection.querySelector('[role="alert"]'))).toContain(en['refusal.backup-wrong-passphrase']);
    expect(importSection.querySelector('.confirm')).toBeNull();
  });

  it('needs a file and a passphrase', async () => {
    const calls = scriptBackground(withPassphrase);
    const root = await mount(<SettingsScreen nav={fakeNav()} pattern={PATTERN} />);
    const importSection = section(root, 'backup.import.heading');
    await submit(importSection.querySelector('form')!);
    expect(text(importSection.querySelector('[role="alert"]'))).toContain(en['backup.import.noFile']);
    expect(callsOf(calls, 'importBackup')).toEqual([]);
  });
});

describe('settings: lock and passphrase', () => {
  it('lock now and auto-lock are offered only with a passphrase', async () => {
    const calls = scriptBackground({ ...withPassphrase, lock: () => ok({}), setAutoLock: () => ok({}) });
    const nav = fakeNav();
    const root = await mount(<SettingsScreen nav={nav} pattern={PATTERN} />);
    const select = byLabel<HTMLSelectElement>(root, en['settings.autoLock']);
    expect([...select.options].map((o) => o.textContent)).toEqual(['Never', '5 minutes', '15 minutes', '60 minutes', '1 day']);
    expect(select.value).toBe('15');
    await act(() => {
      select.value = '1440';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(callsOf(calls, 'setAutoLock')).toEqual([{ minutes: 1440 }]);
    await act(() => {
      select.value = 'off';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(callsOf(calls, 'setAutoLock')).toEqual([{ minutes: 1440 }, { minutes: null }]);
    await click(button(root, en['settings.lock.now']));
    expect(callsOf(calls, 'lock')).toEqual([{}]);
    expect(nav.refresh).toHaveBeenCalled();
  });

  it('without a passphrase: no lock, and setting one sends current: null', async () => {
    const calls = scriptBackground({ settings: () => ok({ hasPassphrase: false, autoLockMinutes: null }), setPassphrase: () => ok({}) });
    const root = await mount(<SettingsScreen nav={fakeNav()} pattern={PATTERN} />);
    expect(hasButton(root, en['settings.lock.now'])).toBe(false);
    expect(text(root)).toContain(en['settings.lock.needsPassphrase']);
    const passSection = section(root, 'settings.passphrase.heading');
    await typeInto(byLabel(passSection, en['settings.passphrase.new']), 'new pass');
    await typeInto(byLabel(passSection, en['settings.passphrase.newConfirm']), 'new pass');
    await submit(passSection.querySelector('form')!);
    expect(callsOf(calls, 'setPassphrase')).toEqual([{ current: null, next: 'new pass' }]);
  });

  it('changes and removes the passphrase with the current one', async () => {
    const calls = scriptBackground({ ...withPassphrase, setPassphrase: ({ current }) => (current === 'old' ? ok({}) : refused('wrong-passphrase')) });
    const root = await mount(<SettingsScreen nav={fakeNav()} pattern={PATTERN} />);
    const passSection = section(root, 'settings.passphrase.heading');
    await typeInto(byLabel(passSection, en['settings.passphrase.current']), 'bad');
    await typeInto(byLabel(passSection, en['settings.passphrase.new']), 'n');
    await typeInto(byLabel(passSection, en['settings.passphrase.newConfirm']), 'n');
    await submit(passSection.querySelector('form')!);
    expect(text(passSection.querySelector('[role="alert"]'))).toContain(en['refusal.wrong-passphrase']);

    await typeInto(byLabel(passSection, en['settings.passphrase.current']), 'old');
    await submit(passSection.querySelector('form')!);
    expect(text(passSection)).toContain(en['settings.passphrase.saved']);

    // Removing needs the current passphrase first, then a confirmation.
    await click(button(passSection, en['settings.passphrase.remove']));
    expect(text(passSection.querySelector('[role="alert"]'))).toContain(en['settings.passphrase.needCurrent']);
    await typeInto(byLabel(passSection, en['settings.passphrase.current']), 'old');
    await click(button(passSection, en['settings.passphrase.remove']));
    expect(text(passSection.querySelector('.confirm'))).toContain(en['settings.passphrase.removeConfirm']);
    await click(button(passSection.querySelector('.confirm')!, en['settings.passphrase.remove']));
    expect(callsOf(calls, 'setPassphrase')).toEqual([
      { current: 'bad', next: 'n' },
      { current: 'old', next: 'n' },
      { current: 'old', next: null },
    ]);
  });

  it('shows the security pattern with what it is for', async () => {
    scriptBackground(withPassphrase);
    const root = await mount(<SettingsScreen nav={fakeNav()} pattern={PATTERN} />);
    const patternSection = section(root, 'settings.pattern.heading');
    expect(patternSection.querySelector('svg[data-testid="security-pattern"]')).not.toBeNull();
    expect(text(patternSection)).toContain(en['settings.pattern.body']);
  });
});
