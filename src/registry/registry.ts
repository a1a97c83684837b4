/**
 * One issuer's registry (DESIGN section 3): a persisted Poseidon Merkle tree whose leaves are the
 * commitments of the credentials the issuer has issued and not revoked. Issuing appends a leaf,
 * revoking sets it to 0; each change is one store transaction holding the changed nodes (O(depth)
 * hashes) and the root statement it produced. Nothing is held in memory between calls, so
 * several processes may share one SQLite store and opening a registry of a million leaves
 * rebuilds nothing.
 */
import { InputError, RegistryError, describe } from '../errors.js';
import type { IssuerKeys } from '../keys.js';
import { type RegistryBucket, bucketLeafCount, bucketWidth, readBucket } from './bucket.js';
import {
  type FreshnessStatement, type RootStatement, signFreshnessStatement, signRootStatement,
} from './statements.js';
import { MemoryRegistryStore, type RegistryStore, type RegistryWriter } from './store.js';
import {
  DEFAULT_TREE_SHAPE, type MerklePath, type NodeHasher, type TreeShape, appendLeaves, capacity, checkShape, leafUpdate, pathOf,
  bulkHasher, rootOf,
} from './tree.js';

/** Default interval after which `freshness()` re-signs: well inside the usual one-hour window. */
export const DEFAULT_FRESHNESS_REFRESH_SECONDS = 300;

/** Root statements an export carries besides the latest, so verifiers accept roots superseded within their window. */
export const EXPORT_HISTORY = 16;

/** What a registry publishes for small registries: every leaf (commitments hide everything) and the statements. */
export interface RegistryExport {
  issuer: string;
  rootStatement: RootStatement;
  freshness: FreshnessStatement;
  /** The last EXPORT_HISTORY root statements before the latest, oldest first. */
  history: RootStatement[];
  leaves: string[];
}

export interface RegistryOptions {
  /** The issuer's keys (sign root and freshness statements). */
  keys: IssuerKeys;
  /** Where nodes and statements live (default: in memory). */
  store?: RegistryStore;
  /** The tree's shape, fixed when the store is first used (default binary depth 20). */
  shape?: TreeShape;
  /** Time source for changedAt and signedAt (default: the system clock). */
  clock?: () => Date;
  /** Hash for bulk imports (default: wasm Poseidon where available); must equal circomlib's Poseidon. */
  hasher?: NodeHasher;
}

/** The REGISTRY_FULL error: what is full, why (leaves are never reused) and what to do next. */
function fullRegistry(shape: TreeShape, detail = 'no leaf is free'): RegistryError {
  return new RegistryError(
    `the registry is full: ${detail} in its ${shape.arity}-ary tree of depth ${shape.depth} (${capacity(shape)} credentials, revoked ones included: `
    + 'leaves are never reused). Issue further credentials from a registry of larger capacity, e.g. `zkdisclose issuer init <dir> --capacity 1048576` '
    + '(or `new Issuer({ shape: { arity: 4, depth: 10 } })`)',
    'REGISTRY_FULL',
  );
}

export class Registry {
  readonly keys: IssuerKeys;
  readonly store: RegistryStore;
  readonly shape: TreeShape;
  private readonly clock: () => Date;
  private readonly hasher: NodeHasher;

  /** Opens a registry; a new store is initialised with the shape and a signed statement of the empty tree (sequence 0). */
  constructor(options: RegistryOptions) {
    this.keys = options.keys;
    this.store = options.store ?? new MemoryRegistryStore();
    this.clock = options.clock ?? (() => new Date());
    this.hasher = options.hasher ?? bulkHasher;
    const requested = options.shape ?? DEFAULT_TREE_SHAPE;
    const problem = checkShape(requested);
    if (problem !== undefined) throw new InputError('shape', problem);
    this.shape = this.store.write((w) => {
      const stored = w.shape();
      if (stored !== undefined) {
        if (options.shape !== undefined && (stored.arity !== requested.arity || stored.depth !== requested.depth)) {
          throw new InputError('shape', `the store holds a ${stored.arity}-ary tree of depth ${stored.depth}, not ${requested.arity}-ary of depth ${requested.depth}`);
        }
        const latest = w.latest();
        if (latest !== undefined && latest.issuer !== this.keys.did) throw new RegistryError(`the store belongs to issuer ${latest.issuer}`);
        return stored;
      }
      w.setShape(requested);
      w.putStatement(this.sign(w, requested, 0));
      return { ...requested };
    });
  }

  /** The latest root statement (stored; identical bytes until the next change). */
  latest(): RootStatement {
    const latest = this.store.latest();
    if (latest === undefined) throw new RegistryError('the registry store has no root statement');
    return latest;
  }

  get root(): bigint {
    return BigInt(this.latest().root);
  }

  get size(): number {
    return this.latest().size;
  }

  get sequence(): number {
    return this.latest().sequence;
  }

  private sign(w: RegistryWriter, shape: TreeShape, size: number): RootStatement {
    const previous = w.latest();
    return signRootStatement({
      issuer: this.keys.did, arity: shape.arity, depth: shape.depth, sequence: previous === undefined ? 0 : previous.sequence + 1,
      root: rootOf(w, shape).toString(), size, changedAt: this.clock().toISOString(),
    }, this.keys.secretKey);
  }

  /**
   * Appends a commitment; returns its leaf index. O(depth) hashes, one transaction.
   * @throws {RegistryError} when the id is already registered; REGISTRY_FULL when the tree is full
   */
  append(credentialId: string, commitment: bigint): number {
    return this.store.write((w) => {
      const size = w.latest()!.size;
      if (size >= capacity(this.shape)) throw fullRegistry(this.shape);
      w.putCredentialId(size, credentialId);
      w.putNodes(leafUpdate(w, this.shape, size, commitment));
      w.putStatement(this.sign(w, this.shape, size + 1));
      return size;
    });
  }

  /**
   * Appends many commitments in one transaction, level by level (about one hash per changed
   * node): the way to load a large registry. Returns the first new index.
   */
  import(entries: readonly { credentialId: string; commitment: bigint }[]): number {
    return this.store.write((w) => {
      const size = w.latest()!.size;
      if (size + entries.length > capacity(this.shape)) throw fullRegistry(this.shape, `${entries.length} leaves do not fit: ${capacity(this.shape) - size} free`);
      entries.forEach((e, i) => w.putCredentialId(size + i, e.credentialId));
      w.putNodes(appendLeaves(w, this.shape, size, entries.map((e) => e.commitment), this.hasher));
      w.putStatement(this.sign(w, this.shape, size + entries.length));
      return size;
    });
  }

  /** Sets a credential's leaf to 0; returns its index. @throws {RegistryError} NOT_FOUND for an unknown id */
  revoke(credentialId: string): number {
    return this.store.write((w) => {
      const index = w.indexOf(credentialId);
      if (index === undefined) throw new RegistryError(`no credential ${credentialId.slice(0, 100)} in this registry`, 'NOT_FOUND');
      if ((w.node(0, index) ?? 0n) === 0n) throw new RegistryError(`credential ${credentialId.slice(0, 100)} is already revoked`);
      w.putNodes(leafUpdate(w, this.shape, index, 0n));
      w.putStatement(this.sign(w, this.shape, w.latest()!.size));
      return index;
    });
  }

  /** The leaf index of a credential id, if issued here. */
  indexOf(credentialId: string): number | undefined {
    return this.store.indexOf(credentialId);
  }

  /** The root statement of a sequence. @throws {RegistryError} NOT_FOUND */
  statement(sequence: number): RootStatement {
    const s = this.store.statement(sequence);
    if (s === undefined) throw new RegistryError(`no root statement of sequence ${describe(sequence)}`, 'NOT_FOUND');
    return s;
  }

  /** Root statements `from` .. `to` (default: all), oldest first. */
  history(from = 0, to = this.sequence): RootStatement[] {
    return this.store.statements(from, to);
  }

  /**
   * The freshness statement of the latest root: the stored one while it is younger than
   * `refreshSeconds` and about the latest sequence, else a newly signed one (stored).
   */
  freshness(refreshSeconds = DEFAULT_FRESHNESS_REFRESH_SECONDS): FreshnessStatement {
    const latest = this.latest();
    const now = this.clock();
    const stored = this.store.freshness();
    if (stored !== undefined && stored.sequence === latest.sequence && now.getTime() - Date.parse(stored.signedAt) < refreshSeconds * 1000) return stored;
    const next = signFreshnessStatement({ issuer: this.keys.did, sequence: latest.sequence, root: latest.root, signedAt: now.toISOString() }, this.keys.secretKey);
    this.store.putFreshness(next);
    return next;
  }

  /** The Merkle path of a leaf under the latest root. */
  path(index: number): MerklePath {
    const size = this.size;
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new InputError('leafIndex', `no such leaf: ${describe(index)}`);
    return pathOf(this.store, this.shape, index);
  }

  /** Leaves per bucket in this registry (BUCKET_LEAVES, or the whole tree when smaller). */
  get bucketWidth(): number {
    return bucketWidth(this.shape);
  }

  /** Bucket `index` under the latest root. @throws {RegistryError} NOT_FOUND past the end */
  bucket(index: number): RegistryBucket {
    if (!Number.isSafeInteger(index) || index < 0) throw new InputError('bucket', `expected a non-negative integer, got ${describe(index)}`);
    // One read of the latest statement and the nodes would race a concurrent writer: read
    // inside a write transaction, which SQLite serialises (nothing is written).
    return this.store.write((w) => {
      const latest = w.latest()!;
      if (bucketLeafCount(this.shape, latest.size, index) === 0) throw new RegistryError(`no bucket ${index} (registry size ${latest.size})`, 'NOT_FOUND');
      return readBucket({ node: (l, i) => w.node(l, i), nodes: (l, s, c) => this.store.nodes(l, s, c) }, latest, index);
    });
  }

  /** Public leaves and both statements; for small registries (a wallet rebuilds the whole tree). */
  export(): RegistryExport {
    return this.store.write((w) => {
      const rootStatement = w.latest()!;
      const leaves = this.store.nodes(0, 0, rootStatement.size).map((v) => (v ?? 0n).toString());
      const history = this.store.statements(rootStatement.sequence - EXPORT_HISTORY, rootStatement.sequence - 1);
      return { issuer: this.keys.did, rootStatement, freshness: this.freshness(), history, leaves };
    });
  }

  close(): void {
    this.store.close();
  }
}
