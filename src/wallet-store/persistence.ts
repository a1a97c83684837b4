/**
 * A Wallet's link to its store: creating and opening the stored wallet (secret record and
 * credential records, through vault.ts), and writing accepted credentials in order. Writes are
 * queued so that `Wallet.accept` stays synchronous: each starts at once, in acceptance order,
 * and `flush()` resolves when every write so far has landed or throws the first that failed.
 */
import { InputError, StoreError, ZkdError } from '../errors.js';
import { randomFieldElement } from '../internal/field.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { assertScryptParams, type ScryptParams } from './encryption.js';
import type { WalletStore } from './store.js';
import { type Vault, newSecretRecord, openSecretRecord } from './vault.js';

/** How to open or create a stored wallet. */
export interface WalletStoreOptions {
  /** Where the wallet lives (MemoryWalletStore, FileWalletStore, IndexedDbWalletStore, or yours). */
  store: WalletStore;
  /** Encrypts the stored wallet (create) or decrypts it (open); omit for a plain store. */
  passphrase?: string;
}

/** Options of Wallet.create beyond those of open. */
export interface WalletCreateOptions {
  /** The holder secret (e.g. from backup words); default: a new random one. */
  holderSecret?: bigint;
  /** scrypt cost for the passphrase (default { N: 2^17, r: 8, p: 1 }; N from 2^14 to 2^20). */
  kdf?: Partial<ScryptParams>;
}

/** The queue of a wallet's writes. */
export class WalletPersistence {
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown;

  private constructor(private readonly store: WalletStore, private readonly vault: Vault) {}

  /** The holder secret (for the Wallet that owns this). */
  get secret(): bigint {
    return this.vault.secret;
  }

  /**
   * Creates the stored wallet: its secret record, encrypted when a passphrase is given.
   * @throws {StoreError} WALLET_EXISTS when the store holds one already (it is kept as it was)
   * @throws {InputError} on an empty passphrase, or kdf parameters out of bounds or without a passphrase
   */
  static async create(options: WalletStoreOptions & WalletCreateOptions): Promise<WalletPersistence> {
    if (options.kdf !== undefined && options.passphrase === undefined) throw new InputError('kdf', 'applies only with a passphrase (the wallet is not encrypted without one)');
    const kdf = assertScryptParams(options.kdf, 'kdf');
    if (await options.store.readSecret() !== undefined) throw new StoreError('WALLET_EXISTS', 'the store already holds a wallet: open it, or use another store (nothing was changed)');
    const secret = options.holderSecret ?? randomFieldElement(randomBytes);
    const { record, vault } = await newSecretRecord(secret, options.passphrase, kdf);
    await options.store.createSecret(record);
    return new WalletPersistence(options.store, vault);
  }

  /**
   * Opens a stored wallet; returns it with its stored credential documents (unchecked: the
   * wallet accepts each).
   * @throws {StoreError} WALLET_NOT_FOUND, PASSPHRASE_REQUIRED, WRONG_PASSPHRASE, STORE_TAMPERED
   */
  static async open(options: WalletStoreOptions): Promise<{ persistence: WalletPersistence; documents: unknown[] }> {
    const record = await options.store.readSecret();
    if (record === undefined) throw new StoreError('WALLET_NOT_FOUND', 'the store holds no wallet: create one (Wallet.create) first');
    const vault = await openSecretRecord(record, options.passphrase, 'the holder secret record');
    const documents = (await options.store.readCredentials()).map((r, i) => vault.decodeCredential(r, `stored credential ${i + 1}`));
    return { persistence: new WalletPersistence(options.store, vault), documents };
  }

  /** Starts writing a credential (encrypted as the wallet is); see flush. */
  save(issuer: string, id: string, document: unknown): void {
    const record = this.vault.encodeCredential(issuer, id, document);
    this.tail = this.tail.then(() => this.store.writeCredential(issuer, id, record)).catch((err: unknown) => {
      this.failure ??= err;
    });
  }

  /**
   * Waits for every write started so far.
   * @throws {ZkdError} the first write that failed since the last flush (StoreError STORE_FAILED
   *   wrapping a store's own error); the credential stays in the wallet's memory
   */
  async flush(): Promise<void> {
    await this.tail;
    const failure = this.failure;
    this.failure = undefined;
    if (failure === undefined) return;
    if (failure instanceof ZkdError) throw failure;
    throw new StoreError('STORE_FAILED', `a credential could not be stored: ${failure instanceof Error ? failure.message : String(failure)}`);
  }

  /** Flushes, then closes the store (even when a write failed). */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.store.close();
    }
  }
}
