// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatusFrame } from '../../../src/ui/status-frame/StatusFrame';
import { PATTERN, mount, ok, scriptBackground, unmountAll } from './helpers';

vi.mock('../../../src/messaging/client', () => ({ request: vi.fn() }));
afterEach(unmountAll);

describe('status frame', () => {
  it('says it is active and shows the security pattern beside the status text', async () => {
    scriptBackground({ status: () => ok({ version: '0.1.0', browser: 'chrome', vault: 'unlocked', pattern: PATTERN }) });
    const root = await mount(<StatusFrame />);
    // The browser smoke tests read this exact text from the role=status element.
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Sealed DMs active');
    expect(root.querySelector('[data-testid="security-pattern"]')).not.toBeNull();
  });

  it('without a background: says so, and draws no pattern', async () => {
    scriptBackground({ status: () => ({ ok: false, error: 'unreachable' }) });
    const root = await mount(<StatusFrame />);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Sealed DMs: background unavailable');
    expect(root.querySelector('[data-testid="security-pattern"]')).toBeNull();
  });
});
