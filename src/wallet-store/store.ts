/**
 * The credential store: where a Wallet keeps its holder secret record and its accepted
 * credentials, keyed by (issuer DID, credential id). Every method is async so that IndexedDB,
 * files and remote stores fit the same interface. A store keeps JSON records and never reads
 * them: the wallet writes them (plain or encrypted, vault.ts) and checks everything it reads
 * back, so a store needs no trust. The wallet keeps no registry view worth storing (it caches
 * checked trees per root in memory only), so a store holds nothing else.
 * Implementations: MemoryWalletStore (here), FileWalletStore (Node, files.ts), IndexedDbWalletStore
 * (browsers, indexeddb.ts).
 */
import { StoreError } from '../errors.js';

/** A JSON object as stored (parsed back into the same shape). */
export type StoredRecord = Record<string, unknown>;

export interface WalletStore {
  /** The holder secret record, or undefined when the store holds no wallet. */
  readSecret(): Promise<unknown>;
  /**
   * Stores the secret record of a new wallet, atomically.
   * @throws {StoreError} WALLET_EXISTS when the store already holds one (it is kept)
   */
  createSecret(record: StoredRecord): Promise<void>;
  /** Every stored credential record, unchecked (the wallet checks each). */
  readCredentials(): Promise<unknown[]>;
  /** Stores, or replaces, the record of credential `id` of `issuer`, atomically. */
  writeCredential(issuer: string, id: string, record: StoredRecord): Promise<void>;
  /** Releases the store (a closed store is not used again). */
  close(): Promise<void>;
}

/** The WALLET_EXISTS refusal every store throws from createSecret. */
export function walletExists(where: string): StoreError {
  return new StoreError('WALLET_EXISTS', `${where} already holds a wallet: open it, or use another store (nothing was changed)`);
}

/** A store in memory (tests, short-lived wallets): records are copied in and out. */
export class MemoryWalletStore implements WalletStore {
  private secret: StoredRecord | undefined;
  /** By JSON [issuer, id]. */
  private readonly credentials = new Map<string, StoredRecord>();

  async readSecret(): Promise<unknown> {
    return this.secret === undefined ? undefined : structuredClone(this.secret);
  }

  async createSecret(record: StoredRecord): Promise<void> {
    if (this.secret !== undefined) throw walletExists('this memory store');
    this.secret = structuredClone(record);
  }

  async readCredentials(): Promise<unknown[]> {
    return [...this.credentials.values()].map((r) => structuredClone(r));
  }

  async writeCredential(issuer: string, id: string, record: StoredRecord): Promise<void> {
    this.credentials.set(JSON.stringify([issuer, id]), structuredClone(record));
  }

  async close(): Promise<void> {}
}
