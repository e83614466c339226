import { usePrivileged } from '../useBackground';

/** Shown by the content script on DM pages once the background has answered. */
export function StatusFrame() {
  const status = usePrivileged('status', {});
  const text = status === undefined ? 'Connecting…' : status.ok ? 'Sealed DMs active' : 'Sealed DMs: background unavailable';
  return (
    <div data-testid="status-frame" role="status" style={{ padding: '10px 12px', borderRadius: '8px', border: '1px solid var(--border)' }}>
      {text}
    </div>
  );
}
