/**
 * circuits/set-membership.circom: SetMembership(32) at --O2: the first, last and padded-repeat
 * elements are members and an absent value is not, full 32-value sets, string hashes, the set
 * commitment against the TypeScript reference (setCommitment/padSet in
 * src/internal/circuit-input.ts), forged membership bits rejected by the r1cs, and the pinned
 * constraint count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OP_CODES } from '../../src/constants.js';
import { encodeString } from '../../src/encoding.js';
import { padSet, setCommitment } from '../../src/internal/circuit-input.js';
import { hashMany } from '../../src/internal/poseidon.js';
import { MAINS } from '../helpers/mains.js';
import { compileTestMain, releaseCurve, type CircuitUnderTest } from '../helpers/witness.js';

const SIZE = 32;
const SHORT = [10n, 20n, 30n];
const FULL = Array.from({ length: SIZE }, (_, i) => BigInt(7 * i + 3));
const COUNTRIES = ['FR', 'DE', 'IT', 'ES', 'NL'].map((c) => encodeString(c, 'nationality'));

let circuit: CircuitUnderTest;

beforeAll(async () => {
  circuit = await compileTestMain(MAINS.setMembership32);
});

afterAll(releaseCurve);

describe('SetMembership(32)', () => {
  it('commits to the padded set like setCommitment', async () => {
    const commitment = setCommitment({ op: OP_CODES.in, attrIndex: 0, a: 0n, b: 0n, set: SHORT }, SIZE);
    expect(commitment).toBe(hashMany(padSet(SHORT, SIZE)));
    await circuit.expectPass({ value: 10n, set: padSet(SHORT, SIZE) }, { commitment });
  });

  it.each([
    ['the first element', 10n, 1n],
    ['the last element (repeated as padding)', 30n, 1n],
    ['a middle element', 20n, 1n],
    ['an absent value', 25n, 0n],
    ['0, absent', 0n, 0n],
  ])('of a 3-value set, %s (%s) has member = %s', async (_label, value, member) => {
    await circuit.expectPass({ value, set: padSet(SHORT, SIZE) }, { member });
  });

  it.each([
    ['the first element', FULL[0]!, 1n],
    ['the last element', FULL[SIZE - 1]!, 1n],
    ['an absent value', FULL[SIZE - 1]! + 1n, 0n],
  ])('of a full 32-value set, %s (%s) has member = %s', async (_label, value, member) => {
    await circuit.expectPass({ value, set: FULL }, { member, commitment: hashMany(FULL) });
  });

  it('works on string hashes (full field elements)', async () => {
    const set = padSet(COUNTRIES, SIZE);
    await circuit.expectPass({ value: encodeString('DE', 'nationality'), set }, { member: 1n });
    await circuit.expectPass({ value: encodeString('US', 'nationality'), set }, { member: 0n });
  });

  // NOTE: padSet pads an empty set with zeros, so the circuit counts 0 as a member of it (and
  // slotHolds does not): requests must never carry an empty in/notIn set.
  it('counts 0 as a member of an empty set padded with zeros', async () => {
    await circuit.expectPass({ value: 0n, set: padSet([], SIZE) }, { member: 1n });
  });

  it('r1cs rejects a forged member bit for an absent value', async () => {
    const witness = await circuit.expectPass({ value: 25n, set: padSet(SHORT, SIZE) }, { member: 0n });
    await circuit.editWitness(witness, { member: 1n });
  });

  it('r1cs rejects a forged non-member bit for a member (a false notIn)', async () => {
    const witness = await circuit.expectPass({ value: 20n, set: padSet(SHORT, SIZE) }, { member: 1n });
    await circuit.editWitness(witness, { member: 0n });
  });

  it('r1cs rejects a commitment to another set', async () => {
    const witness = await circuit.expectPass({ value: 20n, set: padSet(SHORT, SIZE) });
    await circuit.editWitness(witness, { commitment: hashMany(padSet([10n, 20n], SIZE)) });
  });

  it('has 1491 constraints (--O2), 1458 of them the commitment', async () => {
    expect(await circuit.constraintCount()).toBe(1491);
  });
});
