/**
 * circuits/merkle.circom: MerkleRoot(4) and MerkleRoot(20) at --O2 against the registry's tree
 * (src/registry/tree.ts, binary): roots for first, middle
 * and last leaves, the empty tree, a wrong sibling or direction, and the SECURITY property that a
 * non-binary path index is rejected by the witness generator and by the r1cs itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poseidon } from '../../src/internal/poseidon.js';
import { RegistryTree, type MerklePath } from '../../src/registry/tree.js';
import { MAINS } from '../helpers/mains.js';
import { compileTestMain, failsAt, releaseCurve, wiresOf, type CircuitUnderTest } from '../helpers/witness.js';

const inputOf = (path: MerklePath, leaf = path.leaf): Record<string, unknown> => ({
  leaf,
  pathElements: path.siblings.map((level) => level[0]!),
  pathIndices: path.positions,
});
const binary = (depth: number) => ({ arity: 2, depth });

/** A full depth-4 tree of 16 distinct leaves. */
const FULL = new RegistryTree(binary(4), Array.from({ length: 16 }, (_, i) => BigInt(1000 + i)));
const NON_BINARY = failsAt('MerkleRoot', 'merkle.circom', 'pathIndices[i] * (pathIndices[i] - 1) === 0');

let merkle4: CircuitUnderTest;
let merkle20: CircuitUnderTest;

beforeAll(async () => {
  merkle4 = await compileTestMain(MAINS.merkleRoot4);
  merkle20 = await compileTestMain(MAINS.merkleRoot20);
});

afterAll(releaseCurve);

describe('MerkleRoot(4)', () => {
  it.each([0, 1, 6, 15])('recomputes the root from leaf %i of a full tree', async (index) => {
    await merkle4.expectPass(inputOf(FULL.path(index)), { root: FULL.root });
  });

  it('recomputes the root of a partly filled tree (zero siblings)', async () => {
    const tree = new RegistryTree(binary(4), [7n, 8n, 9n]);
    await merkle4.expectPass(inputOf(tree.path(2)), { root: tree.root });
  });

  it('gives the empty tree root for a zero leaf with the zero-subtree siblings', async () => {
    const zeros = [0n];
    for (let i = 0; i < 4; i++) zeros.push(poseidon([zeros[i]!, zeros[i]!]));
    expect(new RegistryTree(binary(4)).root).toBe(zeros[4]);
    await merkle4.expectPass({ leaf: 0n, pathElements: zeros.slice(0, 4), pathIndices: [0, 0, 0, 0] }, { root: zeros[4]! });
  });

  it('gives another root for a wrong sibling', async () => {
    const path = FULL.path(6);
    const witness = await merkle4.expectPass({ ...inputOf(path), pathElements: [path.siblings[0]![0]! + 1n, ...path.siblings.slice(1).map((level) => level[0]!)] });
    expect(merkle4.read(witness, 'root')).not.toBe(FULL.root);
  });

  it('gives another root for a flipped direction', async () => {
    const path = FULL.path(6);
    const witness = await merkle4.expectPass({ ...inputOf(path), pathIndices: [1 - path.positions[0]!, ...path.positions.slice(1)] });
    expect(merkle4.read(witness, 'root')).not.toBe(FULL.root);
  });

  it.each([2n, 3n, -1n])('rejects the path index %s', async (index) => {
    const path = FULL.path(6);
    await merkle4.expectFail({ ...inputOf(path), pathIndices: [index, ...path.positions.slice(1)] }, NON_BINARY);
  });

  // With sibling == node at a level, left = node + index * (sibling - node) is the same for every
  // index, so changing that index to 2 keeps every other constraint satisfied: only the binary
  // constraint can reject the cheat, and it must be the one (and only) constraint that fails.
  it('r1cs rejects a non-binary index through the binary constraint alone', async () => {
    const leaf = 42n;
    const siblings = [leaf, 5n, 6n, 7n];
    const witness = await merkle4.expectPass({ leaf, pathElements: siblings, pathIndices: [0, 1, 0, 1] });
    const failing = await merkle4.editWitness(witness, { 'pathIndices[0]': 2n });
    expect(failing).toHaveLength(1);
    const wires = wiresOf(merkle4.constraints(), failing);
    wires.delete(0);
    expect([...wires]).toEqual([merkle4.wire('pathIndices[0]')]);
  });

  it('r1cs rejects a forged root', async () => {
    const witness = await merkle4.expectPass(inputOf(FULL.path(3)), { root: FULL.root });
    await merkle4.editWitness(witness, { root: FULL.root + 1n });
  });
});

describe('MerkleRoot(20), the registry depth', () => {
  it('recomputes the root and accepts the path of the committed binary depth-20 vector', async () => {
    const vectors = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'vectors', 'registry-tree.json'), 'utf8')) as {
      cases: { arity: number; depth: number; root: string; path: { leaf: string; positions: number[]; siblings: string[][] } }[];
    };
    const vector = vectors.cases.find((c) => c.arity === 2 && c.depth === 20)!;
    const input = { leaf: BigInt(vector.path.leaf), pathElements: vector.path.siblings.map((s) => BigInt(s[0]!)), pathIndices: vector.path.positions };
    await merkle20.expectPass(input, { root: BigInt(vector.root) });
  });

  it('recomputes the root of the registry tree for the last of five leaves', async () => {
    const tree = new RegistryTree(binary(20), [11n, 22n, 33n, 44n, 55n]);
    await merkle20.expectPass(inputOf(tree.path(4)), { root: tree.root });
  });
});

describe('constraint counts (--O2)', () => {
  it('MerkleRoot(4) has 968 (242 per level)', async () => {
    expect(await merkle4.constraintCount()).toBe(968);
  });

  it('MerkleRoot(20) has 4840', async () => {
    expect(await merkle20.constraintCount()).toBe(4840);
  });
});
