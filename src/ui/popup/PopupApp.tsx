import { usePrivileged } from '../useBackground';

export function PopupApp() {
  const status = usePrivileged('status', {});
  return (
    <main style={{ width: '320px', padding: '16px' }}>
      <h1 style={{ fontSize: '18px', margin: '0 0 8px' }}>Sealed DMs</h1>
      {status === undefined && <p aria-live="polite">Connecting…</p>}
      {status?.ok === true && (
        <p data-testid="popup-status" aria-live="polite">
          Background ready · version {status.value.version}
        </p>
      )}
      {status?.ok === false && (
        <p role="alert" style={{ color: 'var(--danger)' }}>
          The extension's background is not answering ({status.error}). Nothing will be encrypted or sent until it does.
        </p>
      )}
    </main>
  );
}
