/**
 * circuits/hash-many.circom: HashMany(1), (16), (17) and (32) at --O2 against circomlibjs'
 * published Poseidon vectors and the TypeScript twin `hashMany` (src/internal/poseidon.ts), the
 * chaining rule for n > 16 spelled out by hand, and pinned constraint counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_MODULUS } from '../../src/constants.js';
import { hashMany, poseidon } from '../../src/internal/poseidon.js';
import { MAINS } from '../helpers/mains.js';
import { compileTestMain, releaseCurve, type CircuitUnderTest } from '../helpers/witness.js';

/**
 * Known answers of circomlib's Poseidon, from iden3/circomlibjs test/poseidon.js (commit
 * ad7627a4c00733e5e59e83ad2ebcc70b1fecb613), an implementation independent of poseidon-lite.
 */
const CIRCOMLIBJS_VECTORS: readonly { inputs: bigint[]; hash: bigint }[] = [
  { inputs: [1n], hash: 18586133768512220936620570745912940619677854269274689475585506675881198879027n },
  { inputs: [1n, 2n], hash: 7853200120776062878684798364095072458815029376092732009249414926327459813530n },
  { inputs: [1n, 2n, 3n, 4n], hash: 18821383157269793795438455681495246036402687001665670618754263018637548127333n },
  {
    inputs: Array.from({ length: 16 }, (_, i) => BigInt(i + 1)),
    hash: 9989051620750914585850546081941653841776809718687451684622678807385399211877n,
  },
  {
    inputs: [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 0n, 0n, 0n, 0n, 0n, 0n, 0n],
    hash: 11882816200654282475720830292386643970958445617880627439994635298904836126497n,
  },
];

const range = (from: number, to: number): bigint[] => Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));

let hash1: CircuitUnderTest;
let hash16: CircuitUnderTest;
let hash17: CircuitUnderTest;
let hash32: CircuitUnderTest;

beforeAll(async () => {
  hash1 = await compileTestMain(MAINS.hashMany1);
  hash16 = await compileTestMain(MAINS.hashMany16);
  hash17 = await compileTestMain(MAINS.hashMany17);
  hash32 = await compileTestMain(MAINS.hashMany32);
});

afterAll(releaseCurve);

describe('the TypeScript reference', () => {
  it.each(CIRCOMLIBJS_VECTORS.map((v) => [v.inputs.length, v] as const))('poseidon of %i inputs equals circomlibjs', (_n, v) => {
    expect(poseidon(v.inputs)).toBe(v.hash);
    expect(hashMany(v.inputs)).toBe(v.hash);
  });
});

describe('HashMany(1)', () => {
  it('hashes [1] to the circomlibjs vector', async () => {
    await hash1.expectPass({ in: [1n] }, { out: CIRCOMLIBJS_VECTORS[0]!.hash });
  });

  it('hashes [p - 1] like hashMany', async () => {
    await hash1.expectPass({ in: [FIELD_MODULUS - 1n] }, { out: hashMany([FIELD_MODULUS - 1n]) });
  });
});

describe('HashMany(16): one Poseidon(16)', () => {
  it('hashes 1..16 to the circomlibjs vector', async () => {
    await hash16.expectPass({ in: range(1, 16) }, { out: CIRCOMLIBJS_VECTORS[3]!.hash });
  });

  it('hashes 1..9 then seven zeros to the circomlibjs vector', async () => {
    const v = CIRCOMLIBJS_VECTORS[4]!;
    await hash16.expectPass({ in: v.inputs }, { out: v.hash });
  });

  it('depends on the order of its inputs', async () => {
    const swapped = [2n, 1n, ...range(3, 16)];
    const witness = await hash16.expectPass({ in: swapped }, { out: hashMany(swapped) });
    expect(hash16.read(witness, 'out')).not.toBe(CIRCOMLIBJS_VECTORS[3]!.hash);
  });
});

describe('HashMany(17): Poseidon(16), then Poseidon(2) over the running hash and element 17', () => {
  it('hashes 1..17 as the chain', async () => {
    const chain = poseidon([poseidon(range(1, 16)), 17n]);
    expect(hashMany(range(1, 17))).toBe(chain);
    await hash17.expectPass({ in: range(1, 17) }, { out: chain });
  });

  it('differs from HashMany(16) over the same prefix padded with 0', async () => {
    const input = [...range(1, 16), 0n];
    const witness = await hash17.expectPass({ in: input }, { out: hashMany(input) });
    expect(hash17.read(witness, 'out')).not.toBe(CIRCOMLIBJS_VECTORS[3]!.hash);
  });
});

describe('HashMany(32): Poseidon(16), Poseidon(16) over the hash and 15 more, Poseidon(2) over the last', () => {
  it('hashes 1..32 as the chain', async () => {
    const chain = poseidon([poseidon([poseidon(range(1, 16)), ...range(17, 31)]), 32n]);
    expect(hashMany(range(1, 32))).toBe(chain);
    await hash32.expectPass({ in: range(1, 32) }, { out: chain });
  });

  it('hashes field elements near p like hashMany', async () => {
    const input = Array.from({ length: 32 }, (_, i) => FIELD_MODULUS - 1n - BigInt(i));
    await hash32.expectPass({ in: input }, { out: hashMany(input) });
  });

  it('r1cs rejects a forged hash', async () => {
    const witness = await hash32.expectPass({ in: range(1, 32) });
    await hash32.editWitness(witness, { out: hashMany(range(2, 33)) });
  });
});

describe('constraint counts (--O2)', () => {
  it.each([
    { label: 'HashMany(1)', circuit: () => hash1, n: 213 },
    { label: 'HashMany(16)', circuit: () => hash16, n: 609 },
    { label: 'HashMany(17)', circuit: () => hash17, n: 849 },
    { label: 'HashMany(32)', circuit: () => hash32, n: 1458 },
  ])('$label has $n', async ({ circuit, n }) => {
    expect(await circuit().constraintCount()).toBe(n);
  });
});
