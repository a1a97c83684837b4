/**
 * circuits/safe-comparators.circom: RangeCheck(64), SafeLessThan(32/64), SafeLessEqThan(32/64)
 * at --O2. Boundaries of the range check (2^64 - 1 passes; 2^64 and p - 1 fail), comparisons
 * at, below and above each other and at the 2^n edge, the wrap-around that circomlib's bare
 * LessThan allows (p - 1 < 5) and the range check forbids, a forged comparison bit rejected by
 * the r1cs, and pinned constraint counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_MODULUS } from '../../src/constants.js';
import { MAINS } from '../helpers/mains.js';
import { compileTestMain, failsAt, releaseCurve, type CircuitUnderTest } from '../helpers/witness.js';

const P = FIELD_MODULUS;
const MAX64 = 2n ** 64n - 1n;
const MAX32 = 2n ** 32n - 1n;
/** RangeCheck's decomposition, the line every out-of-range input fails at. */
const OUT_OF_RANGE = failsAt('RangeCheck', 'safe-comparators.circom', 'Num2Bits(n)(in)');

let rangeCheck64: CircuitUnderTest;
let lessThan32: CircuitUnderTest;
let lessThan64: CircuitUnderTest;
let lessEq32: CircuitUnderTest;
let lessEq64: CircuitUnderTest;

beforeAll(async () => {
  rangeCheck64 = await compileTestMain(MAINS.rangeCheck64);
  lessThan32 = await compileTestMain(MAINS.safeLessThan32);
  lessThan64 = await compileTestMain(MAINS.safeLessThan64);
  lessEq32 = await compileTestMain(MAINS.safeLessEqThan32);
  lessEq64 = await compileTestMain(MAINS.safeLessEqThan64);
});

afterAll(releaseCurve);

describe('RangeCheck(64)', () => {
  it.each([0n, 1n, 2n ** 63n, MAX64])('accepts %s', async (x) => {
    await rangeCheck64.expectPass({ in: x });
  });

  it.each([
    ['2^64', 2n ** 64n],
    ['2^64 + 1', 2n ** 64n + 1n],
    ['2^128', 2n ** 128n],
    ['p - 1', P - 1n],
  ])('rejects %s', async (_label, x) => {
    await rangeCheck64.expectFail({ in: x }, OUT_OF_RANGE);
  });
});

describe('SafeLessThan(64)', () => {
  it.each([
    [3n, 5n, 1n],
    [5n, 3n, 0n],
    [5n, 5n, 0n],
    [4n, 5n, 1n],
    [0n, 0n, 0n],
    [0n, MAX64, 1n],
    [MAX64, 0n, 0n],
    [MAX64 - 1n, MAX64, 1n],
    [MAX64, MAX64, 0n],
  ])('%s < %s is %s', async (a, b, out) => {
    await lessThan64.expectPass({ in: [a, b] }, { out });
  });

  it('rejects in[0] = 2^64', async () => {
    await lessThan64.expectFail({ in: [2n ** 64n, MAX64] }, OUT_OF_RANGE);
  });

  it('rejects in[1] = 2^64', async () => {
    await lessThan64.expectFail({ in: [0n, 2n ** 64n] }, OUT_OF_RANGE);
  });

  // circomlib's LessThan(64) alone would output 1 here: p - 1 + 2^64 - 5 wraps to 2^64 - 6.
  it('rejects p - 1 < 5 (the wrap-around of an unchecked LessThan)', async () => {
    await lessThan64.expectFail({ in: [P - 1n, 5n] }, OUT_OF_RANGE);
  });

  it('r1cs rejects a forged result bit: 5 < 3 claimed true', async () => {
    const witness = await lessThan64.expectPass({ in: [5n, 3n] }, { out: 0n });
    await lessThan64.editWitness(witness, { out: 1n });
  });

  it('r1cs rejects a forged result bit: 3 < 5 claimed false', async () => {
    const witness = await lessThan64.expectPass({ in: [3n, 5n] }, { out: 1n });
    await lessThan64.editWitness(witness, { out: 0n });
  });
});

describe('SafeLessThan(32)', () => {
  it.each([
    [MAX32 - 1n, MAX32, 1n],
    [MAX32, MAX32, 0n],
    [MAX32, 0n, 0n],
  ])('%s < %s is %s', async (a, b, out) => {
    await lessThan32.expectPass({ in: [a, b] }, { out });
  });

  it('rejects 2^32', async () => {
    await lessThan32.expectFail({ in: [2n ** 32n, 0n] }, OUT_OF_RANGE);
  });
});

describe('SafeLessEqThan(32) on YYYYMMDD dates (the expiry check)', () => {
  it.each([
    ['the day before', 20260314n, 20260315n, 1n],
    ['the same day', 20260315n, 20260315n, 1n],
    ['the day after', 20260316n, 20260315n, 0n],
    ['across a year end', 20251231n, 20260101n, 1n],
    ['2^32 - 1 against itself', MAX32, MAX32, 1n],
  ])('%s: %s <= %s is %s', async (_label, a, b, out) => {
    await lessEq32.expectPass({ in: [a, b] }, { out });
  });

  it('rejects 2^32', async () => {
    await lessEq32.expectFail({ in: [0n, 2n ** 32n] }, OUT_OF_RANGE);
  });
});

describe('SafeLessEqThan(64)', () => {
  it.each([
    [MAX64, MAX64, 1n],
    [MAX64 - 1n, MAX64, 1n],
    [MAX64, MAX64 - 1n, 0n],
    [0n, 0n, 1n],
  ])('%s <= %s is %s', async (a, b, out) => {
    await lessEq64.expectPass({ in: [a, b] }, { out });
  });

  it('rejects p - 1 <= 0', async () => {
    await lessEq64.expectFail({ in: [P - 1n, 0n] }, OUT_OF_RANGE);
  });
});

describe('constraint counts (--O2)', () => {
  it.each([
    { label: 'RangeCheck(64)', circuit: () => rangeCheck64, n: 64 },
    { label: 'SafeLessThan(32)', circuit: () => lessThan32, n: 97 },
    { label: 'SafeLessThan(64)', circuit: () => lessThan64, n: 193 },
    { label: 'SafeLessEqThan(32)', circuit: () => lessEq32, n: 97 },
    { label: 'SafeLessEqThan(64)', circuit: () => lessEq64, n: 193 },
  ])('$label has $n', async ({ circuit, n }) => {
    expect(await circuit().constraintCount()).toBe(n);
  });
});
