/**
 * Buckets (src/registry/bucket.ts): the binary format round-trips and refuses malformed input;
 * checkBucket refuses a bucket of another sequence (REGISTRY_INCONSISTENT), of the wrong shape,
 * index, size or width, or whose leaves do not hash to the signed root (REGISTRY_INVALID); a
 * checked bucket gives every leaf the path the registry gives, in binary and 4-ary trees,
 * including the last, partly filled bucket.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_MODULUS, Registry, RegistryError } from '../../src/index.js';
import {
  BUCKET_LEAVES, bucketByteLength, bucketLevelsFor, bucketWidth, checkBucket, decodeBucket, encodeBucket, type RegistryBucket,
} from '../../src/registry/bucket.js';
import { issuerKeys, NOW, thrown } from '../helpers/library.js';

function registryOf(shape: { arity: number; depth: number }, size: number): Registry {
  const registry = new Registry({ keys: issuerKeys(61), shape, clock: () => NOW });
  registry.import(Array.from({ length: size }, (_, i) => ({ credentialId: `urn:b:${i}`, commitment: BigInt(i) * 104729n + 1n })));
  return registry;
}

const code = (fn: () => unknown): string | undefined => (thrown(fn) as RegistryError | undefined)?.code;

describe('bucket shape', () => {
  it('is 1,024 leaves in the binary depth-20 and the 4-ary depth-10 tree, the whole tree when smaller', () => {
    expect(BUCKET_LEAVES).toBe(1024);
    expect(bucketLevelsFor({ arity: 2, depth: 20 })).toBe(10);
    expect(bucketLevelsFor({ arity: 4, depth: 10 })).toBe(5);
    expect(bucketWidth({ arity: 4, depth: 6 })).toBe(1024);
    expect(bucketWidth({ arity: 2, depth: 4 })).toBe(16);
  });

  it('a full binary depth-20 bucket is 32 KB of leaves plus 10 siblings: under 100 KB', () => {
    expect(bucketByteLength({ arity: 2, depth: 20 }, 1024)).toBe(60 + 32 * 1024 + 32 * 10);
    expect(bucketByteLength({ arity: 4, depth: 10 }, 1024)).toBe(60 + 32 * 1024 + 32 * 3 * 5);
  });
});

describe.each([
  { arity: 2, depth: 12, size: 2500 },
  { arity: 4, depth: 6, size: 2100 },
])('buckets of a $arity-ary depth-$depth registry of $size leaves', ({ arity, depth, size }) => {
  const registry = registryOf({ arity, depth }, size);
  registry.revoke('urn:b:5');
  const statement = registry.latest();
  const width = registry.bucketWidth;
  const buckets = Math.ceil(size / width);

  it('every bucket round-trips through the binary format and gives the registry path of each of its leaves', () => {
    for (let b = 0; b < buckets; b++) {
      const bytes = encodeBucket(registry.bucket(b));
      const decoded = decodeBucket(bytes);
      expect(decoded.leaves).toHaveLength(Math.min(width, size - b * width));
      const tree = checkBucket(decoded, statement, b);
      for (const leaf of [b * width, b * width + 5, Math.min(size, (b + 1) * width) - 1]) {
        expect(tree.path(leaf), `leaf ${leaf}`).toEqual(registry.path(leaf));
      }
      expect(() => tree.path((b + 1) * width)).toThrow(RegistryError);
    }
  });

  it('a bucket of another sequence is REGISTRY_INCONSISTENT', () => {
    const stale = registry.bucket(0);
    const next = registryOf({ arity, depth }, size);
    next.revoke('urn:b:5');
    next.revoke('urn:b:6');
    expect(code(() => checkBucket({ ...stale }, next.latest(), 0))).toBe('REGISTRY_INCONSISTENT');
  });

  it.each([
    ['a leaf changed', (b: RegistryBucket) => ({ ...b, leaves: b.leaves.map((v, i) => (i === 3 ? v + 1n : v)) })],
    ['an upper sibling changed', (b: RegistryBucket) => ({ ...b, upperSiblings: b.upperSiblings.map((l, i) => (i === 0 ? [l[0]! + 1n, ...l.slice(1)] : l)) })],
    ['a leaf missing', (b: RegistryBucket) => ({ ...b, leaves: b.leaves.slice(1) })],
    ['another index', (b: RegistryBucket) => ({ ...b, index: 1 })],
    ['another size', (b: RegistryBucket) => ({ ...b, size: b.size + 1 })],
    ['another shape', (b: RegistryBucket) => ({ ...b, depth: b.depth + 1 })],
    ['the claimed root changed', (b: RegistryBucket) => ({ ...b, root: b.root + 1n })],
  ])('%s: REGISTRY_INVALID', (_label, tamper) => {
    expect(code(() => checkBucket(tamper(registry.bucket(0)), statement, 0))).toBe('REGISTRY_INVALID');
  });

  it('the last bucket must hold exactly size − start leaves', () => {
    const last = registry.bucket(buckets - 1);
    expect(code(() => checkBucket({ ...last, leaves: [...last.leaves, 0n] }, statement, buckets - 1))).toBe('REGISTRY_INVALID');
  });
});

describe('decodeBucket refuses malformed bytes with REGISTRY_INVALID', () => {
  const registry = registryOf({ arity: 2, depth: 12 }, 40);
  const good = encodeBucket(registry.bucket(0));
  const edit = (f: (b: Uint8Array) => Uint8Array): Uint8Array => f(Uint8Array.from(good));
  it.each([
    ['empty', new Uint8Array(0)],
    ['truncated by one byte', good.subarray(0, good.length - 1)],
    ['one byte too long', Uint8Array.from([...good, 0])],
    ['bad magic', edit((b) => { b[0] = 0; return b; })],
    ['unknown version', edit((b) => { b[4] = 2; return b; })],
    ['arity 1', edit((b) => { b[5] = 1; return b; })],
    ['bucket levels that do not match the shape', edit((b) => { b[7] = 3; return b; })],
    ['a leaf count above the width', edit((b) => { new DataView(b.buffer).setUint32(24, 5000); return b; })],
    ['a leaf count that disagrees with the length', edit((b) => { new DataView(b.buffer).setUint32(24, 39); return b; })],
    ['a leaf ≥ p', edit((b) => { b.set(Buffer.from(FIELD_MODULUS.toString(16).padStart(64, '0'), 'hex'), 60); return b; })],
  ])('%s', (_label, bytes) => {
    expect(code(() => decodeBucket(bytes))).toBe('REGISTRY_INVALID');
  });
});
