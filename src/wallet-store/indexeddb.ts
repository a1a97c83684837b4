/**
 * IndexedDbWalletStore (browsers): a wallet in an IndexedDB database with two object stores,
 * `secret` (one record, key "holder") and `credentials` (keyed by [issuer DID, credential id]).
 * Each write is one transaction, resolved once it commits; the secret record is added, never
 * put, so a second wallet cannot overwrite the first. Records are stored as structured clones of
 * JSON. In Node, pass an IDBFactory (fake-indexeddb) as `indexedDB`.
 */
import { StoreError } from '../errors.js';
import { type StoredRecord, type WalletStore, walletExists } from './store.js';

const VERSION = 1;
const SECRET = 'secret';
const CREDENTIALS = 'credentials';
const SECRET_KEY = 'holder';

/** The default database name. */
export const DEFAULT_WALLET_DATABASE = 'zkdisclose-wallet';

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export class IndexedDbWalletStore implements WalletStore {
  private constructor(private readonly db: IDBDatabase, readonly name: string) {}

  /**
   * Opens (creating when absent) the wallet database.
   * @param options.name the database name (default "zkdisclose-wallet"): one wallet per name
   * @param options.indexedDB the IDBFactory (default: globalThis.indexedDB)
   * @throws {StoreError} STORE_FAILED when IndexedDB is unavailable or refuses
   */
  static async open(options: { name?: string; indexedDB?: IDBFactory } = {}): Promise<IndexedDbWalletStore> {
    const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    const name = options.name ?? DEFAULT_WALLET_DATABASE;
    if (factory === undefined) throw new StoreError('STORE_FAILED', 'IndexedDB is not available here (in Node, pass indexedDB from fake-indexeddb or use FileWalletStore)');
    const request = factory.open(name, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(SECRET)) db.createObjectStore(SECRET);
      if (!db.objectStoreNames.contains(CREDENTIALS)) db.createObjectStore(CREDENTIALS);
    };
    try {
      return new IndexedDbWalletStore(await done(request), name);
    } catch (err) {
      throw new StoreError('STORE_FAILED', `IndexedDB database "${name}" could not be opened: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async readSecret(): Promise<unknown> {
    return done(this.db.transaction(SECRET, 'readonly').objectStore(SECRET).get(SECRET_KEY));
  }

  async createSecret(record: StoredRecord): Promise<void> {
    const tx = this.db.transaction(SECRET, 'readwrite');
    const added = done(tx.objectStore(SECRET).add(record, SECRET_KEY));
    try {
      await Promise.all([added, committed(tx)]);
    } catch (err) {
      if ((err as { name?: unknown }).name === 'ConstraintError') throw walletExists(`IndexedDB database "${this.name}"`);
      throw err;
    }
  }

  async readCredentials(): Promise<unknown[]> {
    return done(this.db.transaction(CREDENTIALS, 'readonly').objectStore(CREDENTIALS).getAll());
  }

  async writeCredential(issuer: string, id: string, record: StoredRecord): Promise<void> {
    const tx = this.db.transaction(CREDENTIALS, 'readwrite');
    tx.objectStore(CREDENTIALS).put(record, [issuer, id]);
    await committed(tx);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
