/**
 * The registry's Merkle tree, generic in arity and depth, as pure functions over a node source.
 *
 * Conventions (fixed; committed as test/vectors/registry-tree.json and shared with the circuits):
 * - a node at level l > 0 is Poseidon(arity) of its children, child i being Poseidon input i;
 * - level 0 holds the leaves, level `depth` the root; node (l, i) has children
 *   (l − 1, arity·i + k) for k < arity;
 * - a leaf's position at level l is digit l of its index written in base `arity`, least
 *   significant digit first (for arity 2 this is the circuit's `pathIndices`);
 * - the empty leaf is 0 and an empty node is Poseidon of its empty children.
 *
 * Nothing here holds the tree: callers pass a `NodeSource` (a store, a bucket, a level array),
 * so a persisted tree of a million leaves is never loaded whole.
 */
import { poseidon } from '../internal/poseidon.js';
import { createFastPoseidon } from './wasm-poseidon.js';

/** The shape of one registry's tree. */
export interface TreeShape {
  /** Children per node: 2 (the shipped circuits) or 4. */
  arity: number;
  /** Levels above the leaves: the tree holds arity^depth leaves. */
  depth: number;
}

/** The binary depth-20 tree the shipped circuits prove against. */
export const DEFAULT_TREE_SHAPE: TreeShape = Object.freeze({ arity: 2, depth: 20 });

/** Hashes one node's children: Poseidon(arity) as circomlib defines it (every hasher gives the same outputs). */
export type NodeHasher = (children: bigint[]) => bigint;

/** For a few nodes (issue, revoke, paths): poseidon-lite, nothing to build first. */
export const poseidonHasher: NodeHasher = (children) => poseidon(children);

let fastHasher: NodeHasher | undefined;

/**
 * For many nodes (bulk imports, bucket checks, whole trees): Poseidon in WebAssembly where the
 * platform allows it (built on first use, about 100 ms), else poseidon-lite.
 */
export const bulkHasher: NodeHasher = (children) => (fastHasher ??= createFastPoseidon().hash)(children);

/** Reads a node; undefined means never written, i.e. the empty node of its level. */
export interface NodeSource {
  node(level: number, index: number): bigint | undefined;
}

/** One node to write. */
export interface NodeWrite {
  level: number;
  index: number;
  value: bigint;
}

/** A leaf's path: the siblings and the leaf's position among them at each level, leaf level first. */
export interface MerklePath {
  leaf: bigint;
  leafIndex: number;
  root: bigint;
  /** At each level, the arity − 1 siblings in child order with the running node left out. */
  siblings: bigint[][];
  /** At each level, the running node's child position (0 .. arity − 1). */
  positions: number[];
}

/** Accepted shapes: arity 2..16 (one Poseidon call per node), capacity at most 2^32 leaves. */
export function checkShape(shape: TreeShape): string | undefined {
  if (!Number.isSafeInteger(shape.arity) || shape.arity < 2 || shape.arity > 16) return `arity must be an integer in 2..16, got ${String(shape.arity)}`;
  if (!Number.isSafeInteger(shape.depth) || shape.depth < 1) return `depth must be a positive integer, got ${String(shape.depth)}`;
  if (shape.arity ** shape.depth > 2 ** 32) return `capacity ${shape.arity}^${shape.depth} exceeds 2^32 leaves`;
  return undefined;
}

export const capacity = (shape: TreeShape): number => shape.arity ** shape.depth;

const zeroCache = new Map<string, bigint[]>();

/** zeros[l] is the value of an empty node at level l (zeros[0] = 0, the empty leaf). Cached per shape. */
export function emptyNodes(shape: TreeShape): bigint[] {
  const key = `${shape.arity}:${shape.depth}`;
  const cached = zeroCache.get(key);
  if (cached !== undefined) return cached;
  const zeros = [0n];
  for (let l = 1; l <= shape.depth; l++) zeros.push(poseidonHasher(new Array<bigint>(shape.arity).fill(zeros[l - 1]!)));
  zeroCache.set(key, zeros);
  return zeros;
}

/** The root of a tree read from `source`. */
export function rootOf(source: NodeSource, shape: TreeShape): bigint {
  return source.node(shape.depth, 0) ?? emptyNodes(shape)[shape.depth]!;
}

/** The children of node (level, index), empties filled in. */
function childrenOf(source: NodeSource, shape: TreeShape, level: number, index: number, zeros: bigint[]): bigint[] {
  const children: bigint[] = [];
  for (let k = 0; k < shape.arity; k++) children.push(source.node(level - 1, index * shape.arity + k) ?? zeros[level - 1]!);
  return children;
}

/**
 * The nodes to write when leaf `index` becomes `value`: the leaf and each ancestor up to the
 * root, O(depth) hashes and O(depth · arity) reads.
 */
export function leafUpdate(source: NodeSource, shape: TreeShape, index: number, value: bigint, hash: NodeHasher = poseidonHasher): NodeWrite[] {
  const zeros = emptyNodes(shape);
  const writes: NodeWrite[] = [{ level: 0, index, value }];
  let running = value;
  let position = index;
  for (let level = 1; level <= shape.depth; level++) {
    const parent = Math.floor(position / shape.arity);
    const children = childrenOf(source, shape, level, parent, zeros);
    children[position % shape.arity] = running;
    running = hash(children);
    writes.push({ level, index: parent, value: running });
    position = parent;
  }
  return writes;
}

/** The path of leaf `index` read from `source`. */
export function pathOf(source: NodeSource, shape: TreeShape, index: number): MerklePath {
  const zeros = emptyNodes(shape);
  const siblings: bigint[][] = [];
  const positions: number[] = [];
  let position = index;
  for (let level = 1; level <= shape.depth; level++) {
    const parent = Math.floor(position / shape.arity);
    const children = childrenOf(source, shape, level, parent, zeros);
    const digit = position % shape.arity;
    positions.push(digit);
    siblings.push(children.filter((_, k) => k !== digit));
    position = parent;
  }
  return { leaf: source.node(0, index) ?? 0n, leafIndex: index, root: rootOf(source, shape), siblings, positions };
}

/** Recomputes the root a path leads to (the wallet's and the tests' check; the circuit's twin). */
export function rootFromPath(path: Pick<MerklePath, 'leaf' | 'siblings' | 'positions'>, hash: NodeHasher = poseidonHasher): bigint {
  let running = path.leaf;
  path.siblings.forEach((siblings, level) => {
    const children = [...siblings];
    children.splice(path.positions[level]!, 0, running);
    running = hash(children);
  });
  return running;
}

/**
 * Hashes one level into the next: `nodes` are the level's first nodes (the rest empty), the
 * result the next level's first ⌈n / arity⌉ nodes. One hash per parent.
 */
export function parentLevel(nodes: readonly bigint[], arity: number, emptyChild: bigint, hash: NodeHasher = poseidonHasher): bigint[] {
  const parents: bigint[] = [];
  for (let start = 0; start < nodes.length; start += arity) {
    const children: bigint[] = [];
    for (let k = 0; k < arity; k++) children.push(nodes[start + k] ?? emptyChild);
    parents.push(hash(children));
  }
  return parents;
}

/**
 * The writes that append `values` at leaves `start, start + 1, …`, level by level: about one
 * hash per changed node (a bulk import of n leaves costs ≈ n / (arity − 1) hashes, against
 * n · depth for n single appends).
 */
export function appendLeaves(source: NodeSource, shape: TreeShape, start: number, values: readonly bigint[], hash: NodeHasher = bulkHasher): NodeWrite[] {
  if (values.length === 0) return [];
  const zeros = emptyNodes(shape);
  const writes: NodeWrite[] = values.map((value, i) => ({ level: 0, index: start + i, value }));
  let first = start;
  let level: bigint[] = [...values];
  for (let l = 1; l <= shape.depth; l++) {
    // Children of the changed parents: the new nodes, plus existing ones on both edges.
    const parentFirst = Math.floor(first / shape.arity);
    const childFirst = parentFirst * shape.arity;
    const childLast = first + level.length - 1;
    const parentLast = Math.floor(childLast / shape.arity);
    const children: bigint[] = [];
    for (let i = childFirst; i < first; i++) children.push(source.node(l - 1, i) ?? zeros[l - 1]!);
    children.push(...level);
    for (let i = childLast + 1; i < (parentLast + 1) * shape.arity; i++) children.push(source.node(l - 1, i) ?? zeros[l - 1]!);
    level = parentLevel(children, shape.arity, zeros[l - 1]!, hash);
    first = parentFirst;
    level.forEach((value, i) => writes.push({ level: l, index: first + i, value }));
  }
  return writes;
}

/** A node source over level arrays (levels[l][i] is node (l, i)); for trees built in memory. */
export class LevelArrays implements NodeSource {
  constructor(readonly levels: bigint[][]) {}
  node(level: number, index: number): bigint | undefined {
    return this.levels[level]?.[index];
  }
}

/** Builds a whole tree in memory from its leaves (tests, small registries, the wallet's full export). */
export function buildTree(shape: TreeShape, leaves: readonly bigint[], hash: NodeHasher = bulkHasher): LevelArrays {
  const zeros = emptyNodes(shape);
  const levels: bigint[][] = [[...leaves]];
  for (let l = 1; l <= shape.depth; l++) {
    const below = levels[l - 1]!;
    levels.push(below.length === 0 ? [] : parentLevel(below, shape.arity, zeros[l - 1]!, hash));
  }
  return new LevelArrays(levels);
}

/**
 * A whole tree in memory, updated in place: for tests, small registries and the wallet's full
 * export. Persisted registries use a store instead (registry.ts).
 */
export class RegistryTree implements NodeSource {
  readonly shape: TreeShape;
  private readonly levels: bigint[][];

  constructor(shape: TreeShape, leaves: readonly bigint[] = []) {
    const problem = checkShape(shape);
    if (problem !== undefined) throw new RangeError(problem);
    if (leaves.length > capacity(shape)) throw new RangeError(`${leaves.length} leaves exceed the capacity ${capacity(shape)}`);
    this.shape = { arity: shape.arity, depth: shape.depth };
    this.levels = buildTree(this.shape, leaves).levels;
  }

  node(level: number, index: number): bigint | undefined {
    return this.levels[level]?.[index];
  }

  get root(): bigint {
    return rootOf(this, this.shape);
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  get leaves(): readonly bigint[] {
    return this.levels[0]!;
  }

  /** Appends a leaf; returns its index. */
  insert(leaf: bigint): number {
    const index = this.size;
    if (index >= capacity(this.shape)) throw new RangeError('the tree is full');
    this.apply(leafUpdate(this, this.shape, index, leaf));
    return index;
  }

  /** Replaces an existing leaf (0 revokes). */
  update(index: number, leaf: bigint): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no leaf ${index}`);
    this.apply(leafUpdate(this, this.shape, index, leaf));
  }

  path(index: number): MerklePath {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no leaf ${index}`);
    return pathOf(this, this.shape, index);
  }

  private apply(writes: readonly NodeWrite[]): void {
    for (const w of writes) (this.levels[w.level] ??= [])[w.index] = w.value;
  }
}
