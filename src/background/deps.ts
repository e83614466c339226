/** What the background's handlers need from their surroundings; tests pass fakes. */
import type { Vault } from '../vault/vault';

export interface BackgroundDeps {
  /** The opened vault (opened once per worker start; rejects if the vault's metadata is unusable). */
  vault(): Promise<Vault>;
  /** Epoch milliseconds. */
  now(): number;
  randomBytes(length: number): Uint8Array;
  /** 'chrome' | 'firefox' (WXT's build target). */
  browserName: string;
}
