/**
 * The wallet's side of the registry: turns what it was given for an issuer (a full export of a
 * small registry, a bucket view, or a source such as RegistryClient that fetches bucket views)
 * into a checked Merkle path for one leaf. Before any proof: both statements verify and name the
 * issuer, they agree on sequence and root, the freshness statement is within the request's
 * window (else STALE_REGISTRY: refresh first), the leaves hash to the signed root, and the tree
 * has a shape one of the request's circuits proves. Checked trees are cached per issuer and root.
 */
import { InputError, RefusalError, RegistryError, describe } from './errors.js';
import { isFieldString, isRecord } from './internal/field.js';
import { type BucketView, bucketWidth, checkBucket } from './registry/bucket.js';
import type { RegistryExport } from './registry/registry.js';
import { type RootStatement, expectFreshnessStatement, expectRootStatement } from './registry/statements.js';
import { type MerklePath, RegistryTree, type TreeShape, capacity } from './registry/tree.js';

/** Fetches checked bucket views on demand (RegistryClient implements it). */
export interface RegistrySource {
  readonly issuer: string;
  bucketView(leafIndex: number, signal?: AbortSignal): Promise<BucketView>;
}

/** What a wallet may be given per issuer. */
export type HolderRegistry = RegistryExport | BucketView | RegistrySource;

/** A leaf's checked path and the statement of the root it leads to. */
export interface CheckedPath {
  rootStatement: RootStatement;
  path: MerklePath;
}

const isSource = (r: HolderRegistry): r is RegistrySource => typeof (r as RegistrySource).bucketView === 'function';

/** Checks both statements and their agreement; returns the root statement. */
function checkStatements(issuer: string, rootStatement: unknown, freshness: unknown, field: string, now: Date, maxAgeSeconds: number): RootStatement {
  const root = expectRootStatement(rootStatement, issuer, `${field}.rootStatement`);
  const fresh = expectFreshnessStatement(freshness, issuer, `${field}.freshness`);
  if (fresh.sequence !== root.sequence || fresh.root !== root.root) {
    throw new RegistryError(`${field}: freshness is about sequence ${fresh.sequence}, the root statement is ${root.sequence}`, 'REGISTRY_INCONSISTENT');
  }
  const age = now.getTime() - Date.parse(fresh.signedAt);
  if (maxAgeSeconds > 0 && age > maxAgeSeconds * 1000) {
    throw new RegistryError(`${field}: the issuer's freshness statement is ${Math.round(age / 1000)} s old and the request accepts ${maxAgeSeconds} s: refresh the registry first`, 'STALE_REGISTRY');
  }
  return root;
}

/** Resolves and checks paths for the wallet; keeps rebuilt full-export trees while their root is unchanged. */
export class HolderRegistries {
  private readonly exportTrees = new Map<string, RegistryTree>();

  /**
   * The checked path of `leafIndex` in `issuer`'s registry.
   * @throws {InputError} when no registry was given for the issuer
   * @throws {RegistryError} STALE_REGISTRY, REGISTRY_INVALID, REGISTRY_INCONSISTENT (see module header)
   * @param provable the tree shapes of the accepted circuits that can express the request
   * @throws {RefusalError} UNSUPPORTED when no accepted circuit proves the tree's shape
   */
  async pathFor(registries: readonly HolderRegistry[], issuer: string, leafIndex: number, provable: readonly TreeShape[], now: Date, maxAgeSeconds: number, signal?: AbortSignal): Promise<CheckedPath> {
    const position = registries.findIndex((r) => isRecord(r) && r.issuer === issuer);
    if (position < 0) throw new InputError('registries', `no registry for issuer ${issuer}`);
    const field = `registries[${position}]`;
    let entry = registries[position]!;
    if (isSource(entry)) entry = await entry.bucketView(leafIndex, signal);
    const rootStatement = checkStatements(issuer, entry.rootStatement, entry.freshness, field, now, maxAgeSeconds);
    if (!provable.some((s) => s.arity === rootStatement.arity && s.depth === rootStatement.depth)) {
      const accepted = [...new Set(provable.map((s) => `${s.arity}-ary depth ${s.depth}`))].join(', ');
      throw new RefusalError('UNSUPPORTED', `the registry of ${issuer} is a ${rootStatement.arity}-ary tree of depth ${rootStatement.depth}; the request's circuits for this statement prove only: ${accepted}`);
    }
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= rootStatement.size) {
      throw new RefusalError('CREDENTIAL_REVOKED', `leaf ${describe(leafIndex)} is not in the issuer's registry (size ${rootStatement.size})`);
    }
    const shape = { arity: rootStatement.arity, depth: rootStatement.depth };
    if ('bucket' in entry) {
      const expected = Math.floor(leafIndex / bucketWidth(shape));
      if (!isRecord(entry.bucket)) throw new RegistryError(`${field}.bucket: expected a decoded bucket`, 'REGISTRY_INVALID');
      const tree = checkBucket(entry.bucket, rootStatement, expected);
      return { rootStatement, path: tree.path(leafIndex) };
    }
    return { rootStatement, path: this.exportTree(entry, rootStatement, field).path(leafIndex) };
  }

  /** Rebuilds (or reuses) a full export's tree; checks it against the signed root. */
  private exportTree(exported: RegistryExport, statement: RootStatement, field: string): RegistryTree {
    const cached = this.exportTrees.get(statement.issuer);
    if (cached !== undefined && cached.root.toString() === statement.root) return cached;
    const shape = { arity: statement.arity, depth: statement.depth };
    const { leaves } = exported;
    if (!Array.isArray(leaves) || leaves.length !== statement.size || leaves.length > capacity(shape) || !leaves.every(isFieldString)) {
      throw new RegistryError(`${field}.leaves: expected ${statement.size} field elements`, 'REGISTRY_INVALID');
    }
    const tree = new RegistryTree(shape, leaves.map((l) => BigInt(l)));
    if (tree.root.toString() !== statement.root) throw new RegistryError(`${field}: leaves do not produce the signed root`, 'REGISTRY_INVALID');
    this.exportTrees.set(statement.issuer, tree);
    return tree;
  }
}
