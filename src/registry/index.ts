/**
 * The issuer registry at scale: the persisted tree, its signed statements, buckets for private
 * path retrieval, and the verifier's root views. Node-only parts (SQLite, HTTP serving, static
 * publication) are exported from the Node entry only.
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
export { type RegistryExport, type RegistryOptions, DEFAULT_FRESHNESS_REFRESH_SECONDS, EXPORT_HISTORY, Registry } from './registry.js';
export { type RootDecision, type RootViewUpdate, IssuerRootView, ROOT_HISTORY_LIMIT, RootViews } from './root-view.js';
