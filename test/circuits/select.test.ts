/**
 * circuits/select.circom: SelectByIndex(16) at --O2: first, middle and last index; indices 16
 * (= N) and p - 1 rejected; the SECURITY property that an out-of-range index cannot select "no
 * value" (0) even for a cheating prover who forges every match bit; the pinned constraint count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_MODULUS } from '../../src/constants.js';
import { MAINS } from '../helpers/mains.js';
import { compileTestMain, failsAt, inverse, releaseCurve, type CircuitUnderTest } from '../helpers/witness.js';

const N = 16;
const VALUES = Array.from({ length: N }, (_, i) => BigInt(1000 + i));
const ONE_MATCH = failsAt('SelectByIndex', 'select.circom', 'matches === 1');

let circuit: CircuitUnderTest;

beforeAll(async () => {
  circuit = await compileTestMain(MAINS.selectByIndex16);
});

afterAll(releaseCurve);

describe('SelectByIndex(16)', () => {
  it.each([0, 1, 7, 14, 15])('selects index %i', async (index) => {
    await circuit.expectPass({ values: VALUES, index }, { out: VALUES[index]! });
  });

  it.each([
    ['16 (= N)', 16n],
    ['17', 17n],
    ['p - 1', FIELD_MODULUS - 1n],
  ])('rejects the index %s', async (_label, index) => {
    await circuit.expectFail({ values: VALUES, index }, ONE_MATCH);
  });

  it('r1cs rejects a forged selection', async () => {
    const witness = await circuit.expectPass({ values: VALUES, index: 3 }, { out: VALUES[3]! });
    await circuit.editWitness(witness, { out: VALUES[4]! });
  });

  // The cheat the SECURITY note describes: index 16 with every match bit 0 and every IsEqual
  // inverse consistent, selecting 0 (values[3] is 0, so picked[3] needs no change). --O2 folds
  // `matches === 1` into match[15] = 1 - (match[0] + ... + match[14]), so the forged all-zero
  // match vector breaks IsEqual(index, 15): constraints on `index` itself.
  it('r1cs rejects an out-of-range index with forged match bits', async () => {
    const values = VALUES.map((v, i) => (i === 3 ? 0n : v));
    const witness = await circuit.expectPass({ values, index: 3 }, { out: 0n });
    const r1cs = circuit.constraints();
    const edits: Record<string, bigint> = { index: 16n, 'match[3]': 0n };
    for (let i = 0; i < N; i++) {
      edits[circuit.findSignal(new RegExp(`^IsEqual_\\d+_\\d+\\[${i}\\]\\.isz\\.inv$`))] = inverse(16n - BigInt(i), r1cs.prime);
    }
    const failing = await circuit.editWitness(witness, edits);
    const indexWire = circuit.wire('index');
    expect(failing.some((c) => r1cs.constraints[c]!.some((lc) => lc.has(indexWire)))).toBe(true);
  });

  it('has 48 constraints (--O2)', async () => {
    expect(await circuit.constraintCount()).toBe(48);
  });
});
