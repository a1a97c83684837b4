/**
 * zkdisclose/sqlite: the durable stores on SQLite, for issuers and verifiers in Node (the
 * Verifier's stores: openSqliteVerifierStores). They need
 * better-sqlite3 12, an optional peer dependency (`npm install better-sqlite3@12`); without it,
 * opening a store throws a ZkdError (UNSUPPORTED) that names the install command.
 */
export { SqliteRegistryStore } from './registry/sqlite-store.js';
export { SqliteNonceStore } from './nonce-store-sqlite.js';
export {
  openSqliteVerifierStores, SqlitePendingRequestStore, SqliteSpentNonceStore, SqliteRootStatementStore,
} from './verifier-stores-sqlite.js';
