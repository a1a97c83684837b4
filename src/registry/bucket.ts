/**
 * Buckets: private path retrieval. A bucket is a whole subtree of BUCKET_LEAVES leaves plus the
 * siblings of its subtree root on the way to the tree root. A wallet downloads the bucket that
 * holds its leaf, checks it against the issuer's signed root, and computes its own path: the
 * registry learns only the bucket index, and the anonymity set is the bucket's credentials
 * (those issued around the same time, since leaves are appended in order).
 *
 * Binary format (version 1, all integers big-endian):
 *   offset  size  field
 *   0       4     magic "ZKDB"
 *   4       1     format version (1)
 *   5       1     arity
 *   6       1     depth
 *   7       1     bucket levels b (the bucket holds arity^b leaf slots)
 *   8       8     sequence of the root statement it belongs to
 *   16      4     bucket index
 *   20      4     registry size at that sequence
 *   24      4     leaf count n = min(arity^b, size − index · arity^b)
 *   28      32    root
 *   60      32·n  the bucket's leaves (slots past n are empty, value 0)
 *   …       32·(arity − 1)·(depth − b)  the siblings above the bucket, lowest level first
 */
import { RegistryError } from '../errors.js';
import { bigIntToBytes32, bytesToBigInt } from '../internal/field.js';
import { FIELD_MODULUS } from '../constants.js';
import type { FreshnessStatement, RootStatement } from './statements.js';
import {
  LevelArrays, type MerklePath, type NodeHasher, type NodeSource, type TreeShape, bulkHasher, emptyNodes, parentLevel, pathOf,
} from './tree.js';

/** Leaves per bucket: 2^10 = 4^5, a whole subtree in both the binary and the 4-ary shape. */
export const BUCKET_LEAVES = 1024;
const MAGIC = [0x5a, 0x4b, 0x44, 0x42];
const FORMAT = 1;
const HEADER_BYTES = 60;

export interface RegistryBucket {
  arity: number;
  depth: number;
  /** The bucket holds arity^bucketLevels leaf slots. */
  bucketLevels: number;
  sequence: number;
  index: number;
  size: number;
  root: bigint;
  /** The first `count` leaves of the bucket; the rest are empty. */
  leaves: bigint[];
  /** At each level above the bucket, the arity − 1 siblings of the running node. */
  upperSiblings: bigint[][];
}

/** Levels of a bucket in a tree of this shape (BUCKET_LEAVES leaves, or the whole tree if smaller). */
export function bucketLevelsFor(shape: TreeShape): number {
  let levels = 0;
  while (levels < shape.depth && shape.arity ** (levels + 1) <= BUCKET_LEAVES) levels++;
  return levels;
}

export const bucketWidth = (shape: TreeShape): number => shape.arity ** bucketLevelsFor(shape);

/** Leaves in bucket `index` of a registry of `size` leaves. */
export function bucketLeafCount(shape: TreeShape, size: number, index: number): number {
  const width = bucketWidth(shape);
  return Math.max(0, Math.min(width, size - index * width));
}

/** Exact byte length of a bucket file. */
export function bucketByteLength(shape: TreeShape, leafCount: number): number {
  return HEADER_BYTES + 32 * leafCount + 32 * (shape.arity - 1) * (shape.depth - bucketLevelsFor(shape));
}

/** Cuts bucket `index` out of a tree read from `source`, as of `statement`. */
export function readBucket(source: NodeSource & { nodes(level: number, start: number, count: number): (bigint | undefined)[] }, statement: RootStatement, index: number): RegistryBucket {
  const shape = { arity: statement.arity, depth: statement.depth };
  const levels = bucketLevelsFor(shape);
  const width = shape.arity ** levels;
  const count = bucketLeafCount(shape, statement.size, index);
  if (count === 0) throw new RegistryError(`bucket ${index} is empty (registry size ${statement.size})`, 'NOT_FOUND');
  const leaves = source.nodes(0, index * width, count).map((v) => v ?? 0n);
  const full = pathOf(source, shape, index * width);
  return {
    arity: shape.arity, depth: shape.depth, bucketLevels: levels, sequence: statement.sequence, index, size: statement.size,
    root: BigInt(statement.root), leaves, upperSiblings: full.siblings.slice(levels),
  };
}

const put32 = (out: Uint8Array, offset: number, value: bigint): void => {
  out.set(bigIntToBytes32(value), offset);
};

/** Serialises a bucket (format above). */
export function encodeBucket(bucket: RegistryBucket): Uint8Array {
  const shape = { arity: bucket.arity, depth: bucket.depth };
  const out = new Uint8Array(bucketByteLength(shape, bucket.leaves.length));
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = FORMAT;
  out[5] = bucket.arity;
  out[6] = bucket.depth;
  out[7] = bucket.bucketLevels;
  view.setBigUint64(8, BigInt(bucket.sequence));
  view.setUint32(16, bucket.index);
  view.setUint32(20, bucket.size);
  view.setUint32(24, bucket.leaves.length);
  put32(out, 28, bucket.root);
  let offset = HEADER_BYTES;
  for (const leaf of bucket.leaves) {
    put32(out, offset, leaf);
    offset += 32;
  }
  for (const level of bucket.upperSiblings) {
    for (const sibling of level) {
      put32(out, offset, sibling);
      offset += 32;
    }
  }
  return out;
}

const bad = (message: string): RegistryError => new RegistryError(`bucket: ${message}`, 'REGISTRY_INVALID');

/** Parses a bucket file; every length and field element checked. @throws {RegistryError} REGISTRY_INVALID */
export function decodeBucket(bytes: Uint8Array): RegistryBucket {
  if (bytes.length < HEADER_BYTES) throw bad(`${bytes.length} bytes is shorter than the header`);
  if (!MAGIC.every((b, i) => bytes[i] === b) || bytes[4] !== FORMAT) throw bad('not a version 1 zkdisclose bucket');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const arity = bytes[5]!;
  const depth = bytes[6]!;
  const bucketLevels = bytes[7]!;
  const shape = { arity, depth };
  if (arity < 2 || arity > 16 || depth < 1 || arity ** depth > 2 ** 32 || bucketLevels !== bucketLevelsFor(shape)) throw bad('tree shape or bucket levels are invalid');
  const sequence = view.getBigUint64(8);
  if (sequence > BigInt(Number.MAX_SAFE_INTEGER)) throw bad('sequence out of range');
  const count = view.getUint32(24);
  if (count > arity ** bucketLevels) throw bad(`leaf count ${count} exceeds the bucket width ${arity ** bucketLevels}`);
  if (bytes.length !== bucketByteLength(shape, count)) throw bad(`length ${bytes.length} is not ${bucketByteLength(shape, count)} for ${count} leaves`);
  const read32 = (offset: number): bigint => {
    const value = bytesToBigInt(bytes.subarray(offset, offset + 32));
    if (value >= FIELD_MODULUS) throw bad(`value at byte ${offset} is not a canonical field element`);
    return value;
  };
  const leaves: bigint[] = [];
  let offset = HEADER_BYTES;
  for (let i = 0; i < count; i++, offset += 32) leaves.push(read32(offset));
  const upperSiblings: bigint[][] = [];
  for (let level = bucketLevels; level < depth; level++) {
    const siblings: bigint[] = [];
    for (let k = 1; k < arity; k++, offset += 32) siblings.push(read32(offset));
    upperSiblings.push(siblings);
  }
  return {
    arity, depth, bucketLevels, sequence: Number(sequence), index: view.getUint32(16), size: view.getUint32(20), root: read32(28), leaves, upperSiblings,
  };
}

/**
 * Checks a bucket against the signed statement it claims to belong to and recomputes the root
 * from its leaves (≈ width / (arity − 1) hashes). Returns a node source for paths in the bucket.
 * @throws {RegistryError} REGISTRY_INCONSISTENT when it belongs to another sequence (a stale
 *   cache), REGISTRY_INVALID when it does not hash to the signed root or has the wrong shape
 */
export function checkBucket(bucket: RegistryBucket, statement: RootStatement, index: number, hash: NodeHasher = bulkHasher): BucketTree {
  if (bucket.sequence !== statement.sequence) {
    throw new RegistryError(`bucket is of sequence ${bucket.sequence}, the root statement of ${statement.sequence}`, 'REGISTRY_INCONSISTENT');
  }
  const shape = { arity: statement.arity, depth: statement.depth };
  if (bucket.arity !== shape.arity || bucket.depth !== shape.depth) throw bad('tree shape differs from the signed statement');
  if (bucket.index !== index) throw bad(`index ${bucket.index}, expected ${index}`);
  if (bucket.size !== statement.size) throw bad(`registry size ${bucket.size} differs from the signed size ${statement.size}`);
  const expected = bucketLeafCount(shape, statement.size, index);
  if (expected === 0) throw bad(`bucket ${index} is past the registry's end (size ${statement.size})`);
  if (bucket.leaves.length !== expected) throw bad(`holds ${bucket.leaves.length} leaves, expected ${expected}`);
  const cached = hash === bulkHasher ? checkedBuckets.get(bucket) : undefined;
  const tree = cached ?? new BucketTree(freezeBucket(bucket), hash);
  if (tree.root !== BigInt(statement.root) || bucket.root !== tree.root) throw bad("leaves do not hash to the issuer's signed root");
  if (hash === bulkHasher) checkedBuckets.set(bucket, tree);
  return tree;
}

/**
 * Buckets already hashed (by the registry client, say), so the wallet does not hash them again.
 * They are frozen when first checked, so a cached result cannot go stale.
 */
const checkedBuckets = new WeakMap<RegistryBucket, BucketTree>();

function freezeBucket(bucket: RegistryBucket): RegistryBucket {
  Object.freeze(bucket.leaves);
  bucket.upperSiblings.forEach((level) => Object.freeze(level));
  Object.freeze(bucket.upperSiblings);
  return Object.freeze(bucket);
}

/** The nodes a bucket determines: its subtree, and the path from the subtree root up. */
export class BucketTree implements NodeSource {
  readonly shape: TreeShape;
  readonly root: bigint;
  private readonly levels: LevelArrays;
  private readonly width: number;

  constructor(readonly bucket: RegistryBucket, hash: NodeHasher = bulkHasher) {
    this.shape = { arity: bucket.arity, depth: bucket.depth };
    this.width = bucket.arity ** bucket.bucketLevels;
    const zeros = emptyNodes(this.shape);
    // Level l of the subtree, then one node per level above, placed at its true index.
    const subtree: bigint[][] = [bucket.leaves];
    for (let l = 1; l <= bucket.bucketLevels; l++) {
      const below = subtree[l - 1]!;
      subtree.push(below.length === 0 ? [] : parentLevel(below, bucket.arity, zeros[l - 1]!, hash));
    }
    const levels: bigint[][] = subtree.map((nodes, l) => {
      const first = (bucket.index * this.width) / bucket.arity ** l;
      const placed: bigint[] = [];
      nodes.forEach((v, i) => (placed[first + i] = v));
      return placed;
    });
    let running = subtree[bucket.bucketLevels]![0] ?? zeros[bucket.bucketLevels]!;
    let position = bucket.index;
    bucket.upperSiblings.forEach((siblings, k) => {
      const level = bucket.bucketLevels + k;
      const parent = Math.floor(position / bucket.arity);
      const digit = position % bucket.arity;
      const children = [...siblings];
      children.splice(digit, 0, running);
      const row = (levels[level] ??= []);
      children.forEach((v, j) => (row[parent * bucket.arity + j] = v));
      running = hash(children);
      position = parent;
    });
    (levels[bucket.depth] ??= [])[0] = running;
    this.levels = new LevelArrays(levels);
    this.root = running;
  }

  node(level: number, index: number): bigint | undefined {
    return this.levels.node(level, index);
  }

  /** Whether leaf `index` lies in this bucket. */
  holds(leafIndex: number): boolean {
    return leafIndex >= this.bucket.index * this.width && leafIndex < (this.bucket.index + 1) * this.width;
  }

  /** The path of a leaf in the bucket. */
  path(leafIndex: number): MerklePath {
    if (!this.holds(leafIndex)) throw new RegistryError(`leaf ${leafIndex} is not in bucket ${this.bucket.index}`, 'NOT_FOUND');
    return pathOf(this, this.shape, leafIndex);
  }
}

/** What a wallet needs from an issuer to prove with a credential of that registry: checked statements and its bucket. */
export interface BucketView {
  issuer: string;
  rootStatement: RootStatement;
  freshness: FreshnessStatement;
  bucket: RegistryBucket;
}
