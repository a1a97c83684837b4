/**
 * circuits/credential.circom: CredentialCommitment(16) at --O2 against the TypeScript reference
 * (src/commitment.ts) on the sample credential, the binding of every input (schema id, each
 * attribute slot, holder secret, expiry, salt), a forged commitment rejected by the r1cs, and the
 * pinned constraint count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialCommitment, holderCommitment } from '../../src/commitment.js';
import { hashMany, poseidon } from '../../src/internal/poseidon.js';
import { HOLDER_SECRET, SALT, SCHEMA_ID, VALID_UNTIL, sampleAttributes } from '../helpers/presentation.js';
import { MAINS } from '../helpers/mains.js';
import { compileTestMain, releaseCurve, type CircuitUnderTest } from '../helpers/witness.js';

interface Opening {
  schemaId: bigint;
  attributes: bigint[];
  holderSecret: bigint;
  validUntil: number;
  salt: bigint;
}

const SAMPLE: Opening = { schemaId: SCHEMA_ID, attributes: sampleAttributes(), holderSecret: HOLDER_SECRET, validUntil: VALID_UNTIL, salt: SALT };

const reference = (o: Opening): bigint => credentialCommitment({
  schemaId: o.schemaId,
  attributes: o.attributes,
  holderCommitment: holderCommitment(o.holderSecret),
  validUntil: o.validUntil,
  salt: o.salt,
});

let circuit: CircuitUnderTest;

beforeAll(async () => {
  circuit = await compileTestMain(MAINS.credentialCommitment16);
});

afterAll(releaseCurve);

describe('CredentialCommitment(16)', () => {
  it('commits the sample credential like the TypeScript reference', async () => {
    await circuit.expectPass({ ...SAMPLE }, { commitment: reference(SAMPLE) });
  });

  it('is Poseidon(schemaId, HashMany(attributes), Poseidon(holderSecret), validUntil, salt)', async () => {
    const spelled = poseidon([SCHEMA_ID, hashMany(SAMPLE.attributes), poseidon([HOLDER_SECRET]), BigInt(VALID_UNTIL), SALT]);
    await circuit.expectPass({ ...SAMPLE }, {
      commitment: spelled,
      holderCommitment: poseidon([HOLDER_SECRET]),
      attributesHash: hashMany(SAMPLE.attributes),
    });
  });

  it('commits an all-zero credential like the reference', async () => {
    const zero: Opening = { schemaId: 0n, attributes: new Array<bigint>(16).fill(0n), holderSecret: 0n, validUntil: 0, salt: 0n };
    await circuit.expectPass({ ...zero }, { commitment: reference(zero) });
  });

  const changes: [string, Partial<Opening>][] = [
    ['schemaId', { schemaId: SCHEMA_ID + 1n }],
    ['attributes[0]', { attributes: SAMPLE.attributes.map((v, i) => (i === 0 ? v + 1n : v)) }],
    ['attributes[15] (an unused slot)', { attributes: SAMPLE.attributes.map((v, i) => (i === 15 ? 1n : v)) }],
    ['two attributes swapped', { attributes: [SAMPLE.attributes[1]!, SAMPLE.attributes[0]!, ...SAMPLE.attributes.slice(2)] }],
    ['holderSecret', { holderSecret: HOLDER_SECRET + 1n }],
    ['validUntil', { validUntil: VALID_UNTIL + 1 }],
    ['salt', { salt: SALT + 1n }],
  ];
  it.each(changes)('binds %s: changing it changes the commitment', async (_label, change) => {
    const changed = { ...SAMPLE, ...change };
    const witness = await circuit.expectPass({ ...changed }, { commitment: reference(changed) });
    expect(circuit.read(witness, 'commitment')).not.toBe(reference(SAMPLE));
  });

  it('r1cs rejects a forged commitment', async () => {
    const witness = await circuit.expectPass({ ...SAMPLE });
    await circuit.editWitness(witness, { commitment: reference({ ...SAMPLE, salt: 1n }) });
  });

  it('r1cs rejects a forged holder commitment', async () => {
    const witness = await circuit.expectPass({ ...SAMPLE });
    await circuit.editWitness(witness, { holderCommitment: holderCommitment(HOLDER_SECRET + 1n) });
  });

  it('has 1143 constraints (--O2)', async () => {
    expect(await circuit.constraintCount()).toBe(1143);
  });
});
