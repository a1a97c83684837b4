/**
 * circuits/merkle4.circom: MerkleRoot4 at depths 3, 6 and 10 (--O2) against the registry's
 * 4-ary tree (src/registry/tree.ts) and its committed vectors (test/vectors/registry-tree.json):
 * roots for positions covering every digit, the empty tree, and the SECURITY properties: a
 * position outside 0..3 is refused, the running node cannot sit in two slots, and a wrong
 * sibling or a forged root does not verify.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/circuit-registry.js';
import { RegistryTree, emptyNodes, type MerklePath } from '../../src/registry/tree.js';
import { MAINS } from '../helpers/mains.js';
import { compileTestMain, releaseCurve, wiresOf, type CircuitUnderTest } from '../helpers/witness.js';

interface VectorCase {
  arity: number;
  depth: number;
  leaves: string[];
  root: string;
  path: { leafIndex: number; leaf: string; positions: number[]; siblings: string[][] };
}

const VECTORS = (JSON.parse(readFileSync(join(ROOT, 'test/vectors/registry-tree.json'), 'utf8')) as { cases: VectorCase[] }).cases;
const inputOf = (path: Pick<MerklePath, 'leaf' | 'siblings' | 'positions'>): Record<string, unknown> => ({
  leaf: path.leaf,
  pathElements: path.siblings,
  pathIndices: path.positions,
});
const quaternary = (depth: number) => ({ arity: 4, depth });

/** A full depth-3 tree of 64 distinct leaves. */
const FULL = new RegistryTree(quaternary(3), Array.from({ length: 64 }, (_, i) => BigInt(5000 + i)));

let depth3: CircuitUnderTest;
const byDepth = new Map<number, CircuitUnderTest>();

beforeAll(async () => {
  depth3 = await compileTestMain(MAINS.merkleRoot4x3);
  byDepth.set(3, depth3);
  byDepth.set(6, await compileTestMain(MAINS.merkleRoot4x6));
  byDepth.set(10, await compileTestMain(MAINS.merkleRoot4x10));
});

afterAll(releaseCurve);

describe('MerkleRoot4 against the registry vectors', () => {
  const cases = VECTORS.filter((c) => c.arity === 4);

  it('covers the 4-ary vectors of depths 3, 6 and 10', () => {
    expect(cases.map((c) => c.depth).sort((a, b) => a - b)).toEqual([3, 6, 10]);
  });

  it.each(cases.map((c) => [c.depth, c] as const))('recomputes the vector root at depth %i', async (depth, c) => {
    const circuit = byDepth.get(depth)!;
    await circuit.expectPass(inputOf({ leaf: BigInt(c.path.leaf), siblings: c.path.siblings.map((l) => l.map(BigInt)), positions: c.path.positions }), { root: c.root });
  });
});

describe('MerkleRoot4(3)', () => {
  // 0 = digits 000, 27 = 3,2,1, 57 = 1,2,3, 46 = 2,3,2, 63 = 3,3,3: every digit at every level.
  it.each([0, 27, 57, 46, 63])('recomputes the root from leaf %i of a full tree', async (index) => {
    await depth3.expectPass(inputOf(FULL.path(index)), { root: FULL.root });
  });

  it('gives the empty tree root for a zero leaf with the empty-subtree siblings', async () => {
    const zeros = emptyNodes(quaternary(3));
    await depth3.expectPass({ leaf: 0n, pathElements: zeros.slice(0, 3).map((z) => [z, z, z]), pathIndices: [0, 0, 0] }, { root: zeros[3]! });
  });

  it('gives another root for a wrong sibling', async () => {
    const path = FULL.path(27);
    const siblings = path.siblings.map((level) => [...level]);
    siblings[1]![2]! += 1n;
    const witness = await depth3.expectPass({ ...inputOf(path), pathElements: siblings });
    expect(depth3.read(witness, 'root')).not.toBe(FULL.root);
  });

  it('gives another root for a wrong position digit', async () => {
    const path = FULL.path(27);
    const witness = await depth3.expectPass({ ...inputOf(path), pathIndices: [2, ...path.positions.slice(1)] });
    expect(depth3.read(witness, 'root')).not.toBe(FULL.root);
  });

  it.each([4n, 5n, -1n, 2n ** 64n])('the witness generator refuses the position %s', async (position) => {
    const path = FULL.path(27);
    await depth3.expectFail({ ...inputOf(path), pathIndices: [position, ...path.positions.slice(1)] }, /Num2Bits/);
  });
});

describe('MerkleRoot4(3): cheating witnesses fail the r1cs', () => {
  const path = FULL.path(57);

  it('a position digit changed without its bits', async () => {
    const witness = await depth3.expectPass(inputOf(path), { root: FULL.root });
    await depth3.editWitness(witness, { 'pathIndices[0]': 4n });
  });

  // A non-boolean bit: b0 = 2 with b1 = 0 would encode the position 2 through the wrong bit.
  it('a position bit outside {0, 1}, caught by its boolean constraint', async () => {
    const witness = await depth3.expectPass(inputOf(path), { root: FULL.root });
    const failing = await depth3.editWitness(witness, { 'bits[0][0]': 2n, 'pathIndices[0]': 2n });
    const wires = wiresOf(depth3.constraints(), failing);
    expect(wires.has(depth3.wire('bits[0][0]'))).toBe(true);
  });

  it.each([0, 1, 2])('the running node placed in slot %i as well as in its own', async (slot) => {
    // Leaf 57 sits at position 1 on level 0: slot 1 holds the node, the others its siblings.
    const witness = await depth3.expectPass(inputOf(path), { root: FULL.root });
    const target = slot === 1 ? 2 : slot;
    expect(depth3.read(witness, `child[0][${target}]`)).not.toBe(path.leaf);
    await depth3.editWitness(witness, { [`child[0][${target}]`]: path.leaf });
  });

  it('a sibling changed after generation', async () => {
    const witness = await depth3.expectPass(inputOf(path), { root: FULL.root });
    await depth3.editWitness(witness, { 'pathElements[1][0]': path.siblings[1]![0]! + 1n });
  });

  it('a forged root', async () => {
    const witness = await depth3.expectPass(inputOf(path), { root: FULL.root });
    await depth3.editWitness(witness, { root: FULL.root + 1n });
  });
});

describe('constraint counts (--O2)', () => {
  it.each([[3, 915], [6, 1830], [10, 3050]])('MerkleRoot4(%i) has %i (305 per level)', async (depth, count) => {
    expect(await byDepth.get(depth)!.constraintCount()).toBe(count);
  });
});
