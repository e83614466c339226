import type { SecurityPattern } from '../../messaging/protocol';
import { SecurityPatternBadge } from '../pattern/SecurityPatternBadge';

/** One line of state with the security pattern beside it. */
export function FrameNote({ pattern, text, alert = false }: { pattern: SecurityPattern | null; text: string; alert?: boolean }) {
  return (
    <div class="frame-note">
      {pattern && <SecurityPatternBadge pattern={pattern} size={20} />}
      <p role={alert ? 'alert' : 'status'} data-testid="frame-note">
        {text}
      </p>
    </div>
  );
}
