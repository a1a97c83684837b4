/**
 * circuits/disclosure.circom: Disclosure(16) at --O2: masks 0, all bits, single and scattered
 * bits; masks of 2^16 and p - 1 rejected; a hidden value smuggled into, or a disclosed value
 * altered in, the output rejected by the r1cs; the pinned constraint count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_MODULUS } from '../../src/constants.js';
import { sampleAttributes } from '../helpers/presentation.js';
import { MAINS } from '../helpers/mains.js';
import { compileTestMain, failsAt, releaseCurve, type CircuitUnderTest } from '../helpers/witness.js';

const VALUES = sampleAttributes().map((v, i) => (v === 0n ? BigInt(100 + i) : v));
const masked = (mask: bigint): bigint[] => VALUES.map((v, i) => (((mask >> BigInt(i)) & 1n) === 1n ? v : 0n));
const MASK_RANGE = failsAt('Disclosure', 'disclosure.circom', 'Num2Bits(N)(mask)');

let circuit: CircuitUnderTest;

beforeAll(async () => {
  circuit = await compileTestMain(MAINS.disclosure16);
});

afterAll(releaseCurve);

describe('Disclosure(16)', () => {
  it.each([
    ['nothing (mask 0)', 0n],
    ['everything (mask 2^16 - 1)', 2n ** 16n - 1n],
    ['slot 0 only', 1n],
    ['slot 15 only', 1n << 15n],
    ['slots 0 and 5', 0b100001n],
    ['alternate slots', 0xaaaan],
  ])('discloses %s', async (_label, mask) => {
    await circuit.expectPass({ values: VALUES, mask }, { disclosed: masked(mask) });
  });

  it.each([
    ['2^16', 2n ** 16n],
    ['2^16 + 1', 2n ** 16n + 1n],
    ['p - 1', FIELD_MODULUS - 1n],
  ])('rejects the mask %s', async (_label, mask) => {
    await circuit.expectFail({ values: VALUES, mask }, MASK_RANGE);
  });

  it('r1cs rejects a hidden value placed in the output', async () => {
    const witness = await circuit.expectPass({ values: VALUES, mask: 1n });
    await circuit.editWitness(witness, { 'disclosed[1]': VALUES[1]! });
  });

  it('r1cs rejects an altered disclosed value', async () => {
    const witness = await circuit.expectPass({ values: VALUES, mask: 1n });
    await circuit.editWitness(witness, { 'disclosed[0]': VALUES[0]! + 1n });
  });

  it('r1cs rejects a mask bit flipped behind the mask', async () => {
    const witness = await circuit.expectPass({ values: VALUES, mask: 1n });
    await circuit.editWitness(witness, { 'bits[1]': 1n, 'disclosed[1]': VALUES[1]! });
  });

  it('has 32 constraints (--O2)', async () => {
    expect(await circuit.constraintCount()).toBe(32);
  });
});
