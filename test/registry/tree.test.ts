/**
 * The registry tree's conventions (src/registry/tree.ts): the committed vectors
 * (test/vectors/registry-tree.json), agreement with @zk-kit/incremental-merkle-tree (an
 * independent implementation) of the same arity on random trees, and the bulk append against
 * leaf-by-leaf updates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IncrementalMerkleTree } from '@zk-kit/incremental-merkle-tree';
import { describe, expect, it } from 'vitest';
import { poseidon } from '../../src/internal/poseidon.js';
import {
  LevelArrays, RegistryTree, appendLeaves, buildTree, emptyNodes, rootFromPath, rootOf, type NodeWrite, type TreeShape,
} from '../../src/registry/tree.js';

interface VectorCase {
  arity: number;
  depth: number;
  emptyNodes: string[];
  leaves: string[];
  root: string;
  path: { leafIndex: number; leaf: string; positions: number[]; siblings: string[][] };
}
const VECTORS = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'vectors', 'registry-tree.json'), 'utf8')) as { cases: VectorCase[] };

/** A deterministic pseudo-random generator (xorshift32), so failures reproduce. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('committed vectors', () => {
  it.each(VECTORS.cases.map((c) => [`${c.arity}-ary depth ${c.depth}`, c] as const))('%s', (_label, c) => {
    const shape = { arity: c.arity, depth: c.depth };
    expect(emptyNodes(shape).map(String)).toEqual(c.emptyNodes);
    const tree = new RegistryTree(shape, c.leaves.map(BigInt));
    expect(tree.root.toString()).toBe(c.root);
    const path = tree.path(c.path.leafIndex);
    expect(path.positions).toEqual(c.path.positions);
    expect(path.siblings.map((l) => l.map(String))).toEqual(c.path.siblings);
    expect(rootFromPath(path).toString()).toBe(c.root);
    // Positions are the leaf index's base-arity digits, least significant first.
    expect(c.path.positions.reduce((sum, digit, level) => sum + digit * c.arity ** level, 0)).toBe(c.path.leafIndex);
  });

  it('covers the binary depth-20 shape of the shipped circuits and the 4-ary capacities 4,096 and 2^20', () => {
    expect(VECTORS.cases.map((c) => `${c.arity}/${c.depth}`)).toEqual(expect.arrayContaining(['2/20', '4/6', '4/10']));
  });

  it('child i is Poseidon input i, and an empty node hashes its empty children', () => {
    const c = VECTORS.cases.find((v) => v.arity === 4 && v.depth === 3)!;
    const leaves = c.leaves.map(BigInt);
    const zeros = emptyNodes({ arity: 4, depth: 3 });
    expect(zeros[1]).toBe(poseidon([0n, 0n, 0n, 0n]));
    const level1 = [0, 1, 2, 3, 4, 5].map((p) => poseidon([0, 1, 2, 3].map((k) => leaves[4 * p + k] ?? 0n)));
    const level2 = [0, 1].map((p) => poseidon([0, 1, 2, 3].map((k) => level1[4 * p + k] ?? zeros[1]!)));
    expect(poseidon([level2[0]!, level2[1]!, zeros[2]!, zeros[2]!]).toString()).toBe(c.root);
  });
});

describe.each([
  { arity: 2, depth: 8 },
  { arity: 4, depth: 5 },
])('against @zk-kit/incremental-merkle-tree, arity $arity depth $depth', (shape: TreeShape) => {
  it('random inserts and updates give the same roots and proofs', () => {
    const next = random(shape.arity * 1000 + shape.depth);
    for (let round = 0; round < 4; round++) {
      const reference = new IncrementalMerkleTree((children: bigint[]) => poseidon(children), shape.depth, 0n, shape.arity);
      const ours = new RegistryTree(shape);
      const n = 1 + Math.floor(next() * 70);
      for (let i = 0; i < n; i++) {
        const leaf = BigInt(Math.floor(next() * 2 ** 30));
        reference.insert(leaf);
        ours.insert(leaf);
      }
      for (let k = 0; k < 5; k++) {
        const index = Math.floor(next() * n);
        const leaf = next() < 0.5 ? 0n : BigInt(Math.floor(next() * 2 ** 30));
        reference.update(index, leaf);
        ours.update(index, leaf);
      }
      expect(ours.root).toBe(reference.root);
      for (const index of [0, n - 1, Math.floor(next() * n)]) {
        const proof = reference.createProof(index);
        const path = ours.path(index);
        expect(path.positions).toEqual(proof.pathIndices);
        expect(path.siblings).toEqual(proof.siblings);
        expect(path.leaf).toBe(proof.leaf);
      }
    }
  });
});

describe('appendLeaves (bulk import, level by level)', () => {
  it.each([
    { arity: 2, depth: 10 },
    { arity: 4, depth: 5 },
  ])('equals leaf-by-leaf inserts from any starting size, arity $arity', (shape) => {
    const next = random(77 + shape.arity);
    for (let round = 0; round < 6; round++) {
      const before = Math.floor(next() * 40);
      const added = 1 + Math.floor(next() * 60);
      const all = Array.from({ length: before + added }, (_, i) => BigInt(i * 7919 + round + 1));
      const store = new LevelArrays(buildTree(shape, all.slice(0, before)).levels.map((l) => [...l]));
      const writes: NodeWrite[] = appendLeaves(store, shape, before, all.slice(before));
      for (const w of writes) (store.levels[w.level] ??= [])[w.index] = w.value;
      expect(rootOf(store, shape)).toBe(new RegistryTree(shape, all).root);
      // About one hash per changed node: never more writes than the changed nodes of each level.
      expect(writes.filter((w) => w.level === shape.depth)).toHaveLength(1);
    }
  });
});
