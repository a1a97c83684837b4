/**
 * The registry's Merkle tree: @zk-kit/incremental-merkle-tree with Poseidon(2), binary, zero
 * value 0, the tree circuits/merkle.circom recomputes. Also computes a path from a bucket of
 * leaves plus the siblings above the bucket, so a wallet can fetch its path without telling the
 * registry which leaf is its own.
 */
import { IncrementalMerkleTree } from '@zk-kit/incremental-merkle-tree';
import { REGISTRY_DEPTH } from './constants.js';
import { poseidon } from './internal/poseidon.js';

const hash2 = (nodes: bigint[]): bigint => poseidon(nodes);

export interface MerklePath {
  leaf: bigint;
  leafIndex: number;
  root: bigint;
  /** Sibling at each level, leaf level first. */
  siblings: bigint[];
  /** 0 when the running node is a left child at that level. */
  pathIndices: number[];
}

/** A Poseidon Merkle tree of the registry's shape. */
export class RegistryTree {
  readonly depth: number;
  private readonly tree: IncrementalMerkleTree;

  constructor(depth: number = REGISTRY_DEPTH, leaves: readonly bigint[] = []) {
    this.depth = depth;
    this.tree = new IncrementalMerkleTree(hash2, depth, 0n, 2);
    for (const leaf of leaves) this.tree.insert(leaf);
  }

  get root(): bigint {
    return this.tree.root as bigint;
  }

  get size(): number {
    return this.tree.leaves.length;
  }

  get leaves(): bigint[] {
    return this.tree.leaves as bigint[];
  }

  insert(leaf: bigint): number {
    this.tree.insert(leaf);
    return this.tree.leaves.length - 1;
  }

  update(index: number, leaf: bigint): void {
    this.tree.update(index, leaf);
  }

  path(index: number): MerklePath {
    const proof = this.tree.createProof(index);
    return {
      leaf: proof.leaf as bigint,
      leafIndex: index,
      root: proof.root as bigint,
      siblings: proof.siblings.map((s) => s[0] as bigint),
      pathIndices: [...proof.pathIndices],
    };
  }
}

/** Zero hashes: zeros[i] is the root of an empty subtree of height i. */
function zeroHashes(depth: number): bigint[] {
  const zeros = [0n];
  for (let i = 0; i < depth; i++) zeros.push(poseidon([zeros[i]!, zeros[i]!]));
  return zeros;
}

/**
 * A bucket: the 2^bucketBits leaves around some leaf, and the siblings of the bucket's subtree
 * root on the way to the tree root. Enough to compute the path of any leaf in the bucket.
 */
export interface LeafBucket {
  start: number;
  bucketBits: number;
  leaves: bigint[];
  upperSiblings: bigint[];
  root: bigint;
}

/** Cuts the bucket containing `leafIndex` out of a tree. */
export function bucketOf(tree: RegistryTree, leafIndex: number, bucketBits: number): LeafBucket {
  const width = 2 ** bucketBits;
  const start = Math.floor(leafIndex / width) * width;
  const leaves = tree.leaves.slice(start, start + width);
  const path = tree.path(start);
  return { start, bucketBits, leaves, upperSiblings: path.siblings.slice(bucketBits), root: tree.root };
}

/** Computes a leaf's path from its bucket; the root is recomputed, not trusted. */
export function pathFromBucket(bucket: LeafBucket, leafIndex: number, depth: number = REGISTRY_DEPTH): MerklePath {
  const width = 2 ** bucket.bucketBits;
  if (leafIndex < bucket.start || leafIndex >= bucket.start + width) throw new RangeError('leafIndex: not in the bucket');
  const zeros = zeroHashes(depth);
  let level = Array.from({ length: width }, (_, i) => bucket.leaves[i] ?? 0n);
  let position = leafIndex - bucket.start;
  const siblings: bigint[] = [];
  const pathIndices: number[] = [];
  for (let h = 0; h < bucket.bucketBits; h++) {
    siblings.push(level[position ^ 1] ?? zeros[h]!);
    pathIndices.push(position & 1);
    const next: bigint[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(poseidon([level[i]!, level[i + 1]!]));
    level = next;
    position >>= 1;
  }
  let node = level[0]!;
  let index = Math.floor(leafIndex / width);
  for (const sibling of bucket.upperSiblings) {
    siblings.push(sibling);
    pathIndices.push(index & 1);
    node = index & 1 ? poseidon([sibling, node]) : poseidon([node, sibling]);
    index >>= 1;
  }
  return { leaf: bucket.leaves[leafIndex - bucket.start] ?? 0n, leafIndex, root: node, siblings, pathIndices };
}
