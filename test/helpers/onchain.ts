/**
 * A fixed on-chain circuit scenario (circuits/onchain.circom) for the circuit and adversarial
 * tests: the sample credential of test/helpers/presentation.ts in its binary depth-20 registry,
 * the request "age >= 18 relative to today, disclose nationality", and the snarkjs input.
 */
import { join } from 'node:path';
import { ARTIFACTS_DIR } from '../../scripts/circuit-registry.js';
import { FIELD_MODULUS, OP_CODES } from '../../src/constants.js';
import { encodeString } from '../../src/encoding.js';
import { hashMany } from '../../src/internal/poseidon.js';
import { ONCHAIN_CIRCUIT, type OnchainRequestParts, onchainCircuitInput, requestParams } from '../../src/onchain/circuit-input.js';
import { ATTRIBUTES, SCHEMA_ID, TODAY, sampleWitness } from './presentation.js';
import type { CircuitInput } from './witness.js';

export const ONCHAIN_DIR: string = join(ARTIFACTS_DIR, ONCHAIN_CIRCUIT);
/** The public signals in snarkjs order (wire 1 onwards). */
export const ONCHAIN_PUBLIC = ['nullifier', 'disclosed[0]', 'disclosed[1]', 'root', 'today', 'nonce', 'requestHash'] as const;

/** Age >= 18 relative to today, nationality disclosed in slot 0, slot 1 unused. */
export const AGE_18_RELATIVE: OnchainRequestParts = {
  schemaId: SCHEMA_ID,
  scope: encodeString('age-gated-sale.example', 'scope'),
  discloseAttr: [ATTRIBUTES.nationality + 1, 0],
  slot: { op: OP_CODES.lte, attrIndex: ATTRIBUTES.birthDate, a: FIELD_MODULUS - 180000n, b: 0n, set: [] },
  relA: 1,
  relB: 0,
};
export const ONCHAIN_NONCE = 0xca11e2n;
export const { witness: ONCHAIN_CREDENTIAL, tree: ONCHAIN_TREE } = sampleWitness();

/** The snarkjs input for a request (default AGE_18_RELATIVE) on `today`, with raw overrides. */
export function onchainInput(parts: OnchainRequestParts = AGE_18_RELATIVE, overrides: CircuitInput = {}, today = TODAY): CircuitInput {
  return {
    ...onchainCircuitInput(parts, { root: ONCHAIN_TREE.root, today, nonce: ONCHAIN_NONCE, requestHash: hashMany(requestParams(parts)) }, ONCHAIN_CREDENTIAL),
    ...overrides,
  };
}
