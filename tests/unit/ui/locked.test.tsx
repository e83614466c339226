// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from '../../../src/ui/i18n/en';
import { LockedScreen } from '../../../src/ui/popup/screens/LockedScreen';
import { button, byLabel, callsOf, fakeNav, flush, mount, ok, refused, scriptBackground, submit, text, typeInto, unmountAll } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));
afterEach(async () => {
  await unmountAll();
  vi.useRealTimers();
});

const countdown = (root: HTMLElement) => root.querySelector('[role="timer"]');

describe('locked', () => {
  it('focuses the passphrase field and unlocks', async () => {
    const calls = scriptBackground({ unlock: () => ok({}) });
    const nav = fakeNav();
    const root = await mount(<LockedScreen nav={nav} />);
    const input = byLabel(root, en['field.passphrase']);
    expect(document.activeElement).toBe(input);
    await typeInto(input, 'hunter2');
    await submit(root.querySelector('form')!);
    expect(callsOf(calls, 'unlock')).toEqual([{ passphrase: 'hunter2' }]);
    expect(nav.refresh).toHaveBeenCalled();
  });

  it('says "wrong passphrase", then counts down while throttled', async () => {
    // Only intervals and the clock are faked: promises and setTimeout (used to flush) stay real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: 1_000_000 });
    const replies = [refused('wrong-passphrase'), refused('throttled', 1_000_000 + 3_000)];
    const calls = scriptBackground({ unlock: () => replies.shift()! });
    const nav = fakeNav();
    const root = await mount(<LockedScreen nav={nav} />);
    const input = byLabel(root, en['field.passphrase']);

    await typeInto(input, 'wrong');
    await submit(root.querySelector('form')!);
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['refusal.wrong-passphrase']);
    expect(input.value).toBe('');
    expect(nav.refresh).not.toHaveBeenCalled();

    await typeInto(input, 'wrong again');
    await submit(root.querySelector('form')!);
    expect(text(countdown(root))).toContain('Try again in 3 seconds.');
    expect(input.disabled).toBe(true);
    await typeInto(input, 'guess');
    expect(button(root, en['locked.submit']).disabled).toBe(true);

    await act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(text(countdown(root))).toContain('Try again in 2 seconds.');
    await act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(text(countdown(root))).toContain('Try again in 1 second.');
    // A submit while waiting sends nothing.
    await submit(root.querySelector('form')!);
    expect(callsOf(calls, 'unlock')).toHaveLength(2);

    await act(() => {
      vi.advanceTimersByTime(1_000);
    });
    await flush();
    expect(countdown(root)).toBeNull();
    expect(text(root)).toContain(en['locked.retryNow']);
    expect(input.disabled).toBe(false);
    await typeInto(input, 'right');
    expect(button(root, en['locked.submit']).disabled).toBe(false);
  });

  it('shows an unreachable background in plain words', async () => {
    scriptBackground({ unlock: () => ({ ok: false, error: 'unreachable' }) });
    const root = await mount(<LockedScreen nav={fakeNav()} />);
    await typeInto(byLabel(root, en['field.passphrase']), 'x');
    await submit(root.querySelector('form')!);
    expect(text(root.querySelector('[role="alert"]'))).toContain(en['error.unreachable']);
  });
});
