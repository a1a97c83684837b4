/**
 * The issuer registry at scale: the persisted tree, its signed statements, buckets for private
 * path retrieval, the verifier's root views, the publication layout and the client that fetches
 * it. Node-only parts (SQLite; HTTP serving and static publication, in node.ts) are exported
 * from the Node entry only.
 */
export {
  type TreeShape, type MerklePath, type NodeHasher, type NodeSource, type NodeWrite, DEFAULT_TREE_SHAPE, LevelArrays, RegistryTree, buildTree, bulkHasher,
  capacity, checkShape, emptyNodes, leafUpdate, appendLeaves, pathOf, rootFromPath, rootOf, poseidonHasher,
} from './tree.js';
export {
  type RootStatement, type FreshnessStatement, ROOT_STATEMENT_TYPE, FRESHNESS_STATEMENT_TYPE, verifyRootStatement,
  verifyFreshnessStatement, rootStatementProblem, freshnessStatementProblem,
} from './statements.js';
export { type RegistryStore, type RegistryWriter, MemoryRegistryStore } from './store.js';
export {
  type RegistryBucket, type BucketView, BUCKET_LEAVES, BucketTree, bucketLevelsFor, bucketWidth, bucketLeafCount, bucketByteLength, checkBucket,
  decodeBucket, encodeBucket, readBucket,
} from './bucket.js';
export { type MigrateOptions, migrateRegistry } from './migrate.js';
export { type RegistryExport, type RegistryOptions, DEFAULT_FRESHNESS_REFRESH_SECONDS, EXPORT_HISTORY, Registry } from './registry.js';
export { type RootDecision, type RootViewUpdate, IssuerRootView, ROOT_HISTORY_LIMIT, RootViews } from './root-view.js';
export {
  DEFAULT_REGISTRY_BASE_PATH, HISTORY_SPAN, IMMUTABLE_CACHE_CONTROL, POINTER_FILE, REGISTRY_LIMITS, bucketFile, historyFile, historyRange,
  pointerCacheControl, rootFile,
} from './publication.js';
export { type RegistryClientOptions, type RegistryLatest, type RegistryLimits, RegistryClient } from './client.js';
