/**
 * Spent-nonce stores: a request nonce verifies once. `consume` is an atomic test-and-set, so two
 * concurrent verifications of one presentation cannot both succeed. MemoryNonceStore serves
 * tests and browsers; SqliteNonceStore (nonce-store-sqlite.ts) survives restarts and can be
 * shared by verifier processes on one host.
 */

export interface NonceStore {
  /** True when the nonce has been consumed. */
  isSpent(nonce: string): boolean;
  /** Marks the nonce spent; false when it already was. */
  consume(nonce: string): boolean;
  close(): void;
}

export class MemoryNonceStore implements NonceStore {
  private readonly spent = new Set<string>();

  isSpent(nonce: string): boolean {
    return this.spent.has(nonce);
  }

  consume(nonce: string): boolean {
    if (this.spent.has(nonce)) return false;
    this.spent.add(nonce);
    return true;
  }

  close(): void {}
}
