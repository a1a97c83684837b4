/**
 * circuits/nullifier.circom: ScopedNullifier at --O2: Poseidon(holderSecret, scope) against
 * circomlibjs' Poseidon([1, 2]) vector and the TypeScript reference (src/commitment.ts), 0 for
 * scope 0, one pseudonym per scope, forged nullifiers rejected by the r1cs, and the pinned
 * constraint count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedNullifier } from '../../src/commitment.js';
import { FIELD_MODULUS } from '../../src/constants.js';
import { poseidon } from '../../src/internal/poseidon.js';
import { HOLDER_SECRET } from '../helpers/presentation.js';
import { MAINS } from '../helpers/mains.js';
import { compileTestMain, releaseCurve, type CircuitUnderTest } from '../helpers/witness.js';

/** Poseidon([1, 2]) from iden3/circomlibjs test/poseidon.js. */
const POSEIDON_1_2 = 7853200120776062878684798364095072458815029376092732009249414926327459813530n;
const SCOPE = 0x73686f702e6578616d706c65n;

let circuit: CircuitUnderTest;

beforeAll(async () => {
  circuit = await compileTestMain(MAINS.scopedNullifier);
});

afterAll(releaseCurve);

describe('ScopedNullifier', () => {
  it('is Poseidon(1, 2) for holderSecret 1 and scope 2 (circomlibjs vector)', async () => {
    expect(scopedNullifier(1n, 2n)).toBe(POSEIDON_1_2);
    await circuit.expectPass({ holderSecret: 1n, scope: 2n }, { nullifier: POSEIDON_1_2 });
  });

  it.each([
    ['a scope', SCOPE],
    ['scope 1', 1n],
    ['scope p - 1', FIELD_MODULUS - 1n],
  ])('matches the reference for %s', async (_label, scope) => {
    await circuit.expectPass({ holderSecret: HOLDER_SECRET, scope }, { nullifier: scopedNullifier(HOLDER_SECRET, scope) });
  });

  it('is 0 for scope 0', async () => {
    await circuit.expectPass({ holderSecret: HOLDER_SECRET, scope: 0n }, { nullifier: 0n });
  });

  it('gives the same holder different pseudonyms in different scopes', async () => {
    const a = await circuit.expectPass({ holderSecret: HOLDER_SECRET, scope: SCOPE });
    const b = await circuit.expectPass({ holderSecret: HOLDER_SECRET, scope: SCOPE + 1n });
    expect(circuit.read(a, 'nullifier')).not.toBe(circuit.read(b, 'nullifier'));
  });

  it('r1cs rejects a nullifier of 0 for a non-zero scope (dodging the pseudonym)', async () => {
    const witness = await circuit.expectPass({ holderSecret: HOLDER_SECRET, scope: SCOPE });
    await circuit.editWitness(witness, { nullifier: 0n });
  });

  it('r1cs rejects claiming "no scope" for a non-zero scope', async () => {
    const witness = await circuit.expectPass({ holderSecret: HOLDER_SECRET, scope: SCOPE });
    await circuit.editWitness(witness, { noScope: 1n, nullifier: 0n });
  });

  it('r1cs rejects another holder\'s pseudonym', async () => {
    const witness = await circuit.expectPass({ holderSecret: HOLDER_SECRET, scope: SCOPE });
    await circuit.editWitness(witness, { nullifier: poseidon([HOLDER_SECRET + 1n, SCOPE]) });
  });

  it('has 243 constraints (--O2)', async () => {
    expect(await circuit.constraintCount()).toBe(243);
  });
});
