/**
 * circuits/predicate.circom: PredicateSlot(4, 4) at --O2, every operator against the TypeScript
 * twin `slotHolds` (src/internal/circuit-input.ts): each order operator at, just below and just
 * above its operand, the 64-bit edges, eq/ne, in/notIn with the set's first, last and an absent
 * element; age through lte on YYYYMMDD dates (18th birthday today, one day short, a leap-day
 * birth); values or operands of 2^64 and more smuggled into order comparisons (a string hash
 * included); op code 10, attrIndex N and set commitments on non-set operators rejected; cheats
 * on a valid witness rejected by the r1cs. Also PredicateSlot(16, 32) and (16, 1), the shipped
 * slot shapes, and pinned constraint counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_MODULUS, OP_CODES } from '../../src/constants.js';
import { dateToInt, encodeString } from '../../src/encoding.js';
import { padSet, setCommitment, slotHolds, type PredicateSlot } from '../../src/internal/circuit-input.js';
import { MAINS } from '../helpers/mains.js';
import { compileTestMain, failsAt, releaseCurve, type CircuitInput, type CircuitUnderTest } from '../helpers/witness.js';

const P = FIELD_MODULUS;
const MAX64 = 2n ** 64n - 1n;
const { noop, eq, ne, lt, lte, gt, gte, between, in: isIn, notIn } = OP_CODES;

/** Attribute slots: an integer, a birth date, a string hash, a boolean. */
const INT = 0;
const DATE = 1;
const STRING = 2;
const DE = encodeString('DE', 'nationality');
const ATTRS: readonly bigint[] = [100n, BigInt(dateToInt('1990-05-17', 'birthDate')), DE, 1n];
const withInt = (v: bigint): bigint[] => ATTRS.map((x, i) => (i === INT ? v : x));
const withDate = (d: string): bigint[] => ATTRS.map((x, i) => (i === DATE ? BigInt(dateToInt(d, 'birthDate')) : x));

const slot = (op: number, attrIndex: number, a = 0n, b = 0n, set: bigint[] = []): PredicateSlot => ({ op, attrIndex, a, b, set });

const HOLDS = failsAt('PredicateSlot', 'predicate.circom', 'holds === 1');
const OUT_OF_RANGE = failsAt('RangeCheck', 'safe-comparators.circom', 'Num2Bits(n)(in)');
const ONE_OPERATOR = failsAt('PredicateSlot', 'predicate.circom', 'opCount === 1');
const ATTR_INDEX = failsAt('SelectByIndex', 'select.circom', 'matches === 1');
const UNUSED_A = failsAt('PredicateSlot', 'predicate.circom', 'operandA * (isOp[0] + isOp[8] + isOp[9]) === 0');
const UNUSED_B = failsAt('PredicateSlot', 'predicate.circom', 'operandB * (1 - isOp[7]) === 0');
const SET_COMMITMENT = failsAt('PredicateSlot', 'predicate.circom', 'setCommitment === isSetOp * membership.commitment');

let slot4: CircuitUnderTest;
let slot16x32: CircuitUnderTest;
let slot16x1: CircuitUnderTest;

beforeAll(async () => {
  slot4 = await compileTestMain(MAINS.predicateSlot4x4);
  slot16x32 = await compileTestMain(MAINS.predicateSlot16x32);
  slot16x1 = await compileTestMain(MAINS.predicateSlot16x1);
});

afterAll(releaseCurve);

/** The snarkjs input of a slot: set commitment and padded set as the prover builds them. */
function inputOf(s: PredicateSlot, attributes: readonly bigint[], setSize = 4, overrides: CircuitInput = {}): CircuitInput {
  const isSet = s.op === isIn || s.op === notIn;
  return {
    attributes,
    op: s.op,
    attrIndex: s.attrIndex,
    operandA: s.a,
    operandB: s.b,
    setCommitment: setCommitment(s, setSize),
    set: padSet(isSet ? s.set : [], setSize),
    ...overrides,
  };
}

/** Asserts that the circuit and slotHolds agree that `s` holds (or not, failing for `reason`). */
async function expectSlot(s: PredicateSlot, attributes: readonly bigint[], holds: boolean, reason: RegExp = HOLDS): Promise<void> {
  expect(slotHolds(s, attributes), 'slotHolds').toBe(holds);
  if (holds) await slot4.expectPass(inputOf(s, attributes));
  else await slot4.expectFail(inputOf(s, attributes), reason);
}

describe('order operators at, just below and just above the operand 100', () => {
  const cases = [
    { name: 'lt', op: lt, v: 99, holds: true }, { name: 'lt', op: lt, v: 100, holds: false }, { name: 'lt', op: lt, v: 101, holds: false },
    { name: 'lte', op: lte, v: 99, holds: true }, { name: 'lte', op: lte, v: 100, holds: true }, { name: 'lte', op: lte, v: 101, holds: false },
    { name: 'gt', op: gt, v: 99, holds: false }, { name: 'gt', op: gt, v: 100, holds: false }, { name: 'gt', op: gt, v: 101, holds: true },
    { name: 'gte', op: gte, v: 99, holds: false }, { name: 'gte', op: gte, v: 100, holds: true }, { name: 'gte', op: gte, v: 101, holds: true },
  ];
  it.each(cases)('$name 100 with value $v holds: $holds', async ({ op, v, holds }) => {
    await expectSlot(slot(op, INT, 100n), withInt(BigInt(v)), holds);
  });
});

describe('between 100 and 200', () => {
  it.each([
    { v: 99, holds: false }, { v: 100, holds: true }, { v: 101, holds: true },
    { v: 199, holds: true }, { v: 200, holds: true }, { v: 201, holds: false },
  ])('with value $v holds: $holds', async ({ v, holds }) => {
    await expectSlot(slot(between, INT, 100n, 200n), withInt(BigInt(v)), holds);
  });

  it('an empty range (a > b) never holds', async () => {
    await expectSlot(slot(between, INT, 200n, 100n), withInt(150n), false);
  });
});

describe('order operators at the 64-bit edges', () => {
  it('2^64 - 2 lt 2^64 - 1 holds', async () => {
    await expectSlot(slot(lt, INT, MAX64), withInt(MAX64 - 1n), true);
  });

  it('2^64 - 1 gte 2^64 - 1 holds', async () => {
    await expectSlot(slot(gte, INT, MAX64), withInt(MAX64), true);
  });

  it('2^64 - 1 between 0 and 2^64 - 1 holds', async () => {
    await expectSlot(slot(between, INT, 0n, MAX64), withInt(MAX64), true);
  });

  it('0 lte 0 holds', async () => {
    await expectSlot(slot(lte, INT, 0n), withInt(0n), true);
  });
});

describe('values and operands of 2^64 or more in order comparisons', () => {
  it('gt 0 on a string hash (true as field elements) fails the range check', async () => {
    expect(DE > MAX64).toBe(true);
    await expectSlot(slot(gt, STRING, 0n), ATTRS, false, OUT_OF_RANGE);
  });

  it('gt 0 with value 2^64 fails the range check', async () => {
    await expectSlot(slot(gt, INT, 0n), withInt(2n ** 64n), false, OUT_OF_RANGE);
  });

  it('lt 5 with value p - 1 (wraps in a bare LessThan) fails the range check', async () => {
    await expectSlot(slot(lt, INT, 5n), withInt(P - 1n), false, OUT_OF_RANGE);
  });

  it('lte with operand 2^64 fails the range check', async () => {
    await expectSlot(slot(lte, INT, 2n ** 64n), withInt(100n), false, OUT_OF_RANGE);
  });

  it('gte with operand p - 1 fails the range check', async () => {
    await expectSlot(slot(gte, INT, P - 1n), withInt(100n), false, OUT_OF_RANGE);
  });

  it('between with upper bound 2^64 fails the range check', async () => {
    await expectSlot(slot(between, INT, 0n, 2n ** 64n), withInt(100n), false, OUT_OF_RANGE);
  });

  it('lt with a non-zero unused operand b (2^64) is rejected', async () => {
    await expectSlot(slot(lt, INT, 200n, 2n ** 64n), withInt(100n), false, UNUSED_B);
  });
});

describe('age through lte on YYYYMMDD dates (birthDate <= today - 18 * 10000)', () => {
  const age18 = (today: string): PredicateSlot => slot(lte, DATE, BigInt(dateToInt(today, 'today') - 180000));

  it('the 18th birthday today passes (born 2008-03-15, today 2026-03-15)', async () => {
    await expectSlot(age18('2026-03-15'), withDate('2008-03-15'), true);
  });

  it('one day short fails (born 2008-03-16, today 2026-03-15)', async () => {
    await expectSlot(age18('2026-03-15'), withDate('2008-03-16'), false);
  });

  it('born 2008-02-29 is not 18 on 2026-02-28 (operand 20080228)', async () => {
    expect(age18('2026-02-28').a).toBe(20080228n);
    await expectSlot(age18('2026-02-28'), withDate('2008-02-29'), false);
  });

  it('born 2008-02-29 is 18 on 2026-03-01 (operand 20080301)', async () => {
    expect(age18('2026-03-01').a).toBe(20080301n);
    await expectSlot(age18('2026-03-01'), withDate('2008-02-29'), true);
  });

  it('across a year end: born 2007-12-31 is 18 on 2026-01-01 (operand 20080101)', async () => {
    await expectSlot(age18('2026-01-01'), withDate('2007-12-31'), true);
  });
});

describe('eq and ne', () => {
  it.each([
    { name: 'eq', op: eq, v: 100, holds: true }, { name: 'eq', op: eq, v: 101, holds: false },
    { name: 'ne', op: ne, v: 100, holds: false }, { name: 'ne', op: ne, v: 101, holds: true },
  ])('$name 100 with value $v holds: $holds', async ({ op, v, holds }) => {
    await expectSlot(slot(op, INT, 100n), withInt(BigInt(v)), holds);
  });

  it('eq on a string hash holds (no range check outside order operators)', async () => {
    await expectSlot(slot(eq, STRING, DE), ATTRS, true);
  });

  it('ne on a string hash holds for another string', async () => {
    await expectSlot(slot(ne, STRING, encodeString('FR', 'nationality')), ATTRS, true);
  });

  it('eq on a boolean', async () => {
    await expectSlot(slot(eq, 3, 1n), ATTRS, true);
    await expectSlot(slot(eq, 3, 0n), ATTRS, false);
  });
});

describe('in and notIn over the set {10, 20, 30} (padded to 4 by repeating 30)', () => {
  const SET = [10n, 20n, 30n];
  it.each([
    { name: 'in', op: isIn, v: 10, holds: true, what: 'the first element' },
    { name: 'in', op: isIn, v: 30, holds: true, what: 'the last element' },
    { name: 'in', op: isIn, v: 25, holds: false, what: 'an absent value' },
    { name: 'notIn', op: notIn, v: 10, holds: false, what: 'the first element' },
    { name: 'notIn', op: notIn, v: 30, holds: false, what: 'the last element' },
    { name: 'notIn', op: notIn, v: 25, holds: true, what: 'an absent value' },
  ])('$name with $what ($v) holds: $holds', async ({ op, v, holds }) => {
    await expectSlot(slot(op, INT, 0n, 0n, SET), withInt(BigInt(v)), holds);
  });

  it('in over string hashes', async () => {
    const countries = ['FR', 'DE', 'IT'].map((c) => encodeString(c, 'nationality'));
    await expectSlot(slot(isIn, STRING, 0n, 0n, countries), ATTRS, true);
    await expectSlot(slot(notIn, STRING, 0n, 0n, countries), ATTRS, false);
  });

  it('rejects a set commitment of another set', async () => {
    const s = slot(isIn, INT, 0n, 0n, SET);
    await slot4.expectFail(inputOf(s, withInt(10n), 4, { setCommitment: setCommitment(slot(isIn, INT, 0n, 0n, [10n, 20n]), 4) }), SET_COMMITMENT);
  });

  it('rejects set commitment 0 for in', async () => {
    await slot4.expectFail(inputOf(slot(isIn, INT, 0n, 0n, SET), withInt(10n), 4, { setCommitment: 0n }), SET_COMMITMENT);
  });
});

describe('noop and malformed slots', () => {
  it.each([
    ['operand a on noop', noop, 5n, 0n, UNUSED_A],
    ['operand a on in', isIn, 5n, 0n, UNUSED_A],
    ['operand b on eq', eq, 5n, 7n, UNUSED_B],
    ['operand b on gte', gte, 5n, 7n, UNUSED_B],
  ] as const)('rejects a non-zero unused %s', async (_label, op, a, b, reason) => {
    await slot4.expectFail(inputOf(slot(op, INT, a, b, op === isIn ? [100n] : []), withInt(100n)), reason);
  });

  it('noop holds whatever the value', async () => {
    await expectSlot(slot(noop, INT), withInt(P - 1n), true);
  });

  it.each([
    ['a non-zero set commitment on noop', noop],
    ['a non-zero set commitment on eq', eq],
    ['a non-zero set commitment on lt', lt],
  ] as const)('rejects %s', async (_label, op) => {
    const s = slot(op, INT, op === noop ? 0n : 200n);
    await slot4.expectFail(inputOf(s, withInt(100n), 4, { setCommitment: setCommitment(slot(isIn, INT, 0n, 0n, [1n]), 4) }), SET_COMMITMENT);
  });

  it.each([
    ['10', 10n],
    ['11', 11n],
    ['p - 1', P - 1n],
  ])('rejects the op code %s', async (_label, op) => {
    await slot4.expectFail(inputOf(slot(eq, INT, 100n), withInt(100n), 4, { op }), ONE_OPERATOR);
  });

  it.each([
    ['4 (= N_ATTRS)', 4n],
    ['p - 1', P - 1n],
  ])('rejects the attrIndex %s, even for "eq 0" (a missing attribute is not 0)', async (_label, attrIndex) => {
    expect(slotHolds(slot(eq, 4, 0n), ATTRS)).toBe(false);
    await slot4.expectFail(inputOf(slot(eq, INT, 0n), ATTRS, 4, { attrIndex }), ATTR_INDEX);
  });
});

describe('cheating provers (valid witness, then edited) rejected by the r1cs', () => {
  it('relabelling a noop slot as lt with a false comparison', async () => {
    const witness = await slot4.expectPass(inputOf(slot(noop, INT), withInt(101n)));
    await slot4.editWitness(witness, { op: BigInt(lt) });
  });

  it('claiming isOp[0] (noop) for an lt slot', async () => {
    const witness = await slot4.expectPass(inputOf(slot(lt, INT, 100n), withInt(99n)));
    await slot4.editWitness(witness, { 'isOp[0]': 1n, 'isOp[3]': 0n });
  });

  it('reusing an lt witness for a smaller operand (value 99, operand 100 -> 50)', async () => {
    const witness = await slot4.expectPass(inputOf(slot(lt, INT, 100n), withInt(99n)));
    await slot4.editWitness(witness, { operandA: 50n, orderA: 50n });
  });

  it('forging the comparison bit of a false gt', async () => {
    const witness = await slot4.expectPass(inputOf(slot(gt, INT, 100n), withInt(101n)));
    await slot4.editWitness(witness, { operandA: 200n, orderA: 200n });
  });

  it('adding a set commitment to a noop slot', async () => {
    const witness = await slot4.expectPass(inputOf(slot(noop, INT), withInt(1n)));
    await slot4.editWitness(witness, { setCommitment: 5n });
  });
});

describe('the shipped slot shapes', () => {
  it('PredicateSlot(16, 32): in over a 32-value set, last element', async () => {
    const set = Array.from({ length: 32 }, (_, i) => BigInt(1000 + i));
    const s = slot(isIn, 15, 0n, 0n, set);
    const attributes = Array.from({ length: 16 }, (_, i) => (i === 15 ? 1031n : 0n));
    expect(slotHolds(s, attributes)).toBe(true);
    await slot16x32.expectPass(inputOf(s, attributes, 32));
    await slot16x32.expectFail(inputOf({ ...s, op: notIn }, attributes, 32), HOLDS);
  });

  it('PredicateSlot(16, 1): age on attribute 2, and attrIndex 16 rejected', async () => {
    const attributes = Array.from({ length: 16 }, (_, i) => (i === 2 ? 20080315n : 0n));
    await slot16x1.expectPass(inputOf(slot(lte, 2, 20080315n), attributes, 1));
    await slot16x1.expectFail(inputOf(slot(lte, 2, 20080314n), attributes, 1), HOLDS);
    await slot16x1.expectFail(inputOf(slot(eq, 2, 0n), attributes, 1, { attrIndex: 16 }), ATTR_INDEX);
  });
});

describe('constraint counts (--O2)', () => {
  it.each([
    { label: 'PredicateSlot(4, 4)', circuit: () => slot4, n: 739 },
    { label: 'PredicateSlot(16, 32)', circuit: () => slot16x32, n: 1964 },
    { label: 'PredicateSlot(16, 1)', circuit: () => slot16x1, n: 688 },
  ])('$label has $n', async ({ circuit, n }) => {
    expect(await circuit().constraintCount()).toBe(n);
  });
});
