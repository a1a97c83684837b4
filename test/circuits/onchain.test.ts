/**
 * The shipped on-chain circuit (artifacts/onchain-16-1-1-20-2, circuits/onchain.circom) at
 * witness level: the honest statement gives the nullifier and the disclosed encodings; a wrong
 * request hash, a relative flag of 2, a disclosure index past the attributes, a false or
 * absolute (not today-relative) age predicate, an expired credential and a wrong root each fail in the intended
 * template; a cheating prover who edits any of the seven public signals of a valid witness
 * breaks the r1cs; the manifest matches the files and the source. (Real proofs of this
 * circuit are verified on chain in test/onchain/gate.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { circuitSourceHash, sha256File } from '../../scripts/circuit-registry.js';
import { scopedNullifier } from '../../src/commitment.js';
import { FIELD_MODULUS } from '../../src/constants.js';
import { hashMany } from '../../src/internal/poseidon.js';
import { ONCHAIN_CIRCUIT, requestParams } from '../../src/onchain/circuit-input.js';
import { AGE_18_RELATIVE, ONCHAIN_DIR, ONCHAIN_PUBLIC, ONCHAIN_TREE, onchainInput } from '../helpers/onchain.js';
import { ATTRIBUTES, HOLDER_SECRET, VALID_UNTIL, sampleAttributes } from '../helpers/presentation.js';
import { CircuitUnderTest, type Witness, failsIn, releaseCurve } from '../helpers/witness.js';

const DIR = ONCHAIN_DIR;
const PUBLIC = [...ONCHAIN_PUBLIC];
const circuit = new CircuitUnderTest(ONCHAIN_CIRCUIT, join(DIR, 'circuit.wasm'), join(DIR, 'circuit.r1cs'), new Map(PUBLIC.map((n, i) => [`main.${n}`, i + 1])));
const tree = ONCHAIN_TREE;
const inputFor = onchainInput;

const IN_ONCHAIN = failsIn('OnchainPresentation');
const IN_PREDICATE = failsIn('PredicateSlot', 'Presentation', 'OnchainPresentation');

afterAll(releaseCurve);

describe(`${ONCHAIN_CIRCUIT} (committed artifacts)`, () => {
  it('manifest: built from the current sources of its include closure, files match, 7 public signals', () => {
    const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { sourceSha256: string; nPublic: number; nOutputs: number; files: Record<string, string> };
    expect(manifest.sourceSha256).toBe(circuitSourceHash('onchain.circom'));
    for (const [file, hash] of Object.entries(manifest.files)) expect(sha256File(join(DIR, file)), file).toBe(hash);
    expect([manifest.nPublic, manifest.nOutputs]).toEqual([7, 3]);
  });

  let honestWitness: Promise<Witness>;

  it('proves the honest statement: nullifier, disclosed nationality, unused slot 0', async () => {
    honestWitness = circuit.expectPass(inputFor(), {
      nullifier: scopedNullifier(HOLDER_SECRET, AGE_18_RELATIVE.scope),
      'disclosed[0]': sampleAttributes()[ATTRIBUTES.nationality]!,
      'disclosed[1]': 0n,
      requestHash: hashMany(requestParams(AGE_18_RELATIVE)),
    });
    await honestWitness;
  });

  it('rejects a request hash other than the parameters\' hash', async () => {
    await circuit.expectFail(inputFor(AGE_18_RELATIVE, { requestHash: (hashMany(requestParams(AGE_18_RELATIVE)) + 1n).toString() }), IN_ONCHAIN);
  });

  it('rejects a relative flag of 2 (it would add today twice)', async () => {
    await circuit.expectFail(inputFor({ ...AGE_18_RELATIVE, relA: 2 as 1 }), IN_ONCHAIN);
  });

  it('rejects a disclosure index past the attributes', async () => {
    await circuit.expectFail(inputFor({ ...AGE_18_RELATIVE, discloseAttr: [17, 0] }), failsIn('SelectByIndex', 'OnchainPresentation'));
  });

  it('rejects a false age predicate (40 on today) and the 18 bound without its relative flag', async () => {
    await circuit.expectFail(inputFor({ ...AGE_18_RELATIVE, slot: { ...AGE_18_RELATIVE.slot, a: FIELD_MODULUS - 400000n } }), IN_PREDICATE);
    // Without the relative flag, -180000 is a huge field element: an order comparison cannot hold.
    await circuit.expectFail(inputFor({ ...AGE_18_RELATIVE, relA: 0 }), failsIn('Num2Bits', 'RangeCheck', 'PredicateSlot', 'Presentation', 'OnchainPresentation'));
  });

  it('rejects an expired credential and a wrong root', async () => {
    await circuit.expectFail(inputFor(AGE_18_RELATIVE, {}, VALID_UNTIL + 1), failsIn('Presentation', 'OnchainPresentation'));
    await circuit.expectFail(inputFor(AGE_18_RELATIVE, { root: (tree.root + 1n).toString() }), failsIn('Presentation', 'OnchainPresentation'));
  });

  it.each(PUBLIC)('a cheating prover cannot change %s in a valid witness', async (name) => {
    const witness = await honestWitness;
    await circuit.editWitness(witness, { [name]: circuit.read(witness, name) + 1n });
  });
});
