/**
 * A handler throws `Refusal` to decline a well-formed request for a reason the user should see
 * (wrong passphrase, invalid invite code...). The router turns it into `{ error: 'refused', reason }`;
 * any other exception becomes a bare `internal`.
 */
import type { RefusalReason } from './protocol';

export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly reason: RefusalReason,
    readonly retryAt?: number,
  ) {
    super(reason);
  }
}
