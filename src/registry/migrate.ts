/**
 * Moving a registry to another tree shape (for example the binary depth-20 tree to the 4-ary tree
 * of the same capacity, whose circuits prove faster) without re-issuing anything: every leaf
 * keeps its index and value (revoked leaves stay 0, credential ids keep their leaf), the signed
 * statement history is copied byte for byte, and one new root statement, the next sequence,
 * names the new shape over the same size.
 *
 * What verifiers see is an ordinary registry change: the binary root is superseded by the 4-ary
 * one, so the acceptance rule (root-view.ts) accepts proofs against the binary root for one window
 * after the migration and refuses them after; a proof is accepted only by a circuit of the shape
 * its root's statement names (ROOT_SHAPE_MISMATCH), so old binary keys prove only against
 * binary roots. Wallets keep their credentials (the leaf index is unchanged) and prove against
 * the new root with the 4-ary circuits once they fetch a bucket of it.
 */
import { InputError, RegistryError } from '../errors.js';
import type { IssuerKeys } from '../keys.js';
import type { Registry } from './registry.js';
import { type RootStatement, signRootStatement } from './statements.js';
import type { RegistryStore } from './store.js';
import { type NodeHasher, type TreeShape, appendLeaves, bulkHasher, capacity, checkShape, rootOf } from './tree.js';

/** Leaves (and statements) copied per read of the source by default: bounds memory on registries of a million leaves. */
const COPY_CHUNK = 65_536;

export interface MigrateOptions {
  /** The issuer's keys: they sign the new statement and must be the source registry's. */
  keys: IssuerKeys;
  /** Time of the change (default: now). */
  clock?: () => Date;
  /** Bulk hasher (default: wasm Poseidon where available); must equal circomlib's Poseidon. */
  hasher?: NodeHasher;
  /** Leaves and statements read from the source at a time (default 65,536). */
  chunk?: number;
}

/**
 * Writes `source`'s registry into the empty store `target` as a tree of `shape`, in one
 * transaction of the target; the source is only read. Returns the new statement. Stop issuing
 * and revoking from the source while this runs: changes made after it started are not copied.
 * @throws {InputError} shape: invalid, the same as the source's, or too small for its leaves
 * @throws {RegistryError} when the target is not empty or the keys are not the source's issuer
 */
export function migrateRegistry(source: Registry, target: RegistryStore, shape: TreeShape, options: MigrateOptions): RootStatement {
  const problem = checkShape(shape);
  if (problem !== undefined) throw new InputError('shape', problem);
  if (shape.arity === source.shape.arity && shape.depth === source.shape.depth) {
    throw new InputError('shape', `the registry already is a ${shape.arity}-ary tree of depth ${shape.depth}`);
  }
  const latest = source.latest();
  if (latest.issuer !== options.keys.did) throw new RegistryError(`the registry belongs to ${latest.issuer}, not to the key's issuer ${options.keys.did}`);
  if (latest.size > capacity(shape)) {
    throw new InputError('shape', `a ${shape.arity}-ary tree of depth ${shape.depth} holds ${capacity(shape)} leaves; the registry has ${latest.size}`);
  }
  const hasher = options.hasher ?? bulkHasher;
  const clock = options.clock ?? (() => new Date());
  const chunk = options.chunk ?? COPY_CHUNK;
  if (!Number.isSafeInteger(chunk) || chunk < 1) throw new InputError('chunk', `expected a positive integer, got ${String(chunk)}`);
  return target.write((w) => {
    if (w.shape() !== undefined || w.latest() !== undefined) throw new RegistryError('the migration target store is not empty');
    w.setShape(shape);
    for (let from = 0; from <= latest.sequence; from += chunk) {
      for (const statement of source.history(from, Math.min(latest.sequence, from + chunk - 1))) w.putStatement(statement);
    }
    for (let start = 0; start < latest.size; start += chunk) {
      const count = Math.min(chunk, latest.size - start);
      const ids = source.store.credentialIds(start, count);
      ids.forEach((id, i) => {
        if (id !== undefined) w.putCredentialId(start + i, id);
      });
      const leaves = source.store.nodes(0, start, count).map((v) => v ?? 0n);
      w.putNodes(appendLeaves(w, shape, start, leaves, hasher));
    }
    const next = signRootStatement({
      issuer: latest.issuer, arity: shape.arity, depth: shape.depth, sequence: latest.sequence + 1,
      root: rootOf(w, shape).toString(), size: latest.size, changedAt: clock().toISOString(),
    }, options.keys.secretKey);
    w.putStatement(next);
    return next;
  });
}
