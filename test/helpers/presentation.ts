/**
 * Fixed (deterministic) Presentation scenarios for the circuit tests: a sample credential with
 * encoded attributes, a registry tree of the circuit's shape (binary depth 20, 4-ary depth 6 or
 * 10) holding it among a few other leaves, a statement
 * per shipped circuit, and the shipped circuits themselves (artifacts/<name>/circuit.wasm and
 * circuit.r1cs, not a recompile).
 * The shipped artifacts carry no .sym file, so their public signals are named from the layout
 * the circuit header documents (outputs, then public inputs in declaration order; wire 0 is the
 * constant 1): `publicSignalNames` below, cross-checked against expectedPublicSignals.
 */
import { join } from 'node:path';
import { ARTIFACTS_DIR } from '../../scripts/circuit-registry.js';
import { credentialCommitment, holderCommitment } from '../../src/commitment.js';
import { INTEGER_OFFSET, OP_CODES } from '../../src/constants.js';
import { dateToInt, encodeAttribute, encodeString } from '../../src/encoding.js';
import {
  CIRCUIT_PARAMS, circuitInput, expectedPublicSignals,
  type CircuitParams, type CredentialWitness, type PredicateSlot, type StatementInputs,
} from '../../src/internal/circuit-input.js';
import { RegistryTree, type TreeShape } from '../../src/registry/tree.js';
import { CircuitUnderTest, type CircuitInput } from './witness.js';

export type ShippedName =
  | 'presentation-16-4-32-20' | 'presentation-16-1-1-20'
  | 'presentation-16-4-32-4ary-10' | 'presentation-16-1-1-4ary-10'
  | 'presentation-16-4-32-4ary-6' | 'presentation-16-1-1-4ary-6';
export const SHIPPED: readonly ShippedName[] = [
  'presentation-16-4-32-20', 'presentation-16-1-1-20',
  'presentation-16-4-32-4ary-10', 'presentation-16-1-1-4ary-10',
  'presentation-16-4-32-4ary-6', 'presentation-16-1-1-4ary-6',
];

/** The sample schema: attribute slots in order, unused slots stay 0. */
export const ATTRIBUTES = {
  givenName: 0, familyName: 1, birthDate: 2, nationality: 3, documentNumber: 4, licenceClass: 5, score: 6, student: 7,
} as const;

/** "Erika Mustermann", born 1990-05-17, German, score 742, a student. */
export function sampleAttributes(): bigint[] {
  const attributes = new Array<bigint>(16).fill(0n);
  attributes[ATTRIBUTES.givenName] = encodeAttribute('string', 'Erika', 'givenName');
  attributes[ATTRIBUTES.familyName] = encodeAttribute('string', 'Mustermann', 'familyName');
  attributes[ATTRIBUTES.birthDate] = encodeAttribute('date', '1990-05-17', 'birthDate');
  attributes[ATTRIBUTES.nationality] = encodeAttribute('string', 'DE', 'nationality');
  attributes[ATTRIBUTES.documentNumber] = encodeAttribute('string', 'T22000129', 'documentNumber');
  attributes[ATTRIBUTES.licenceClass] = encodeAttribute('string', 'B', 'licenceClass');
  attributes[ATTRIBUTES.score] = encodeAttribute('integer', 742, 'score');
  attributes[ATTRIBUTES.student] = encodeAttribute('boolean', true, 'student');
  return attributes;
}

export const SCHEMA_ID: bigint = encodeString('https://example.org/schemas/id-card/v1', 'schemaId');
export const HOLDER_SECRET = 0x0badc0ffee0ddf00d5eedc0de1234567890abcdef1234567890abcdef1234n;
export const SALT = 0x5a175a175a175a175a175a175a175a175a175a175a175a175a175a175a17n;
export const VALID_UNTIL: number = dateToInt('2030-01-01', 'validUntil');
export const TODAY: number = dateToInt('2026-03-15', 'today');
export const NONCE = 0x6e6f6e63656e6f6e63656e6f6e63656e6f6e63656e6f6e63656e6f6e6365n;
/** Leaves around the sample credential in the registry (index 2). */
const OTHER_LEAVES = [1111n, 2222n, 3333n, 4444n];
export const LEAF_INDEX = 2;

/** Age >= 18 on TODAY: birthDate <= TODAY - 18 * 10000. */
export const AGE_18: PredicateSlot = { op: OP_CODES.lte, attrIndex: ATTRIBUTES.birthDate, a: BigInt(TODAY - 180000), b: 0n, set: [] };
export const EU_NATIONALITY: PredicateSlot = {
  op: OP_CODES.in, attrIndex: ATTRIBUTES.nationality, a: 0n, b: 0n,
  set: ['FR', 'DE', 'IT', 'ES', 'NL'].map((c) => encodeString(c, 'nationality')),
};
export const SCORE_500_TO_800: PredicateSlot = {
  op: OP_CODES.between, attrIndex: ATTRIBUTES.score, a: INTEGER_OFFSET + 500n, b: INTEGER_OFFSET + 800n, set: [],
};
export const NOT_BLOCKED_DOCUMENT: PredicateSlot = {
  op: OP_CODES.ne, attrIndex: ATTRIBUTES.documentNumber, a: encodeString('X0000000', 'documentNumber'), b: 0n, set: [],
};

export interface Scenario {
  name: ShippedName;
  params: CircuitParams;
  tree: RegistryTree;
  commitment: bigint;
  statement: StatementInputs;
  witness: CredentialWitness;
}

/** A valid credential witness, inside a tree of a few leaves (default: binary, depth 20). */
export function sampleWitness(overrides: Partial<Omit<CredentialWitness, 'path'>> = {}, shape: TreeShape = { arity: 2, depth: 20 }): { tree: RegistryTree; commitment: bigint; witness: CredentialWitness } {
  const base = { attributes: sampleAttributes(), salt: SALT, holderSecret: HOLDER_SECRET, validUntil: VALID_UNTIL, ...overrides };
  const commitment = credentialCommitment({
    schemaId: SCHEMA_ID,
    attributes: base.attributes,
    holderCommitment: holderCommitment(base.holderSecret),
    validUntil: base.validUntil,
    salt: base.salt,
  });
  const tree = new RegistryTree(shape, [OTHER_LEAVES[0]!, OTHER_LEAVES[1]!, commitment, OTHER_LEAVES[2]!, OTHER_LEAVES[3]!]);
  return { tree, commitment, witness: { ...base, path: tree.path(LEAF_INDEX) } };
}

/**
 * The honest scenario of a shipped circuit. The full circuit proves age, EU nationality, a
 * score range and a document number that is not blocked, discloses givenName and licenceClass,
 * and is scoped and linkable; the compact one proves age only, unscoped, discloses nothing.
 */
export function scenario(name: ShippedName): Scenario {
  const params = CIRCUIT_PARAMS[name]!;
  const { tree, commitment, witness } = sampleWitness({}, params);
  const full = params.nPredicates === 4;
  const statement: StatementInputs = {
    root: tree.root,
    today: TODAY,
    nonce: NONCE,
    scope: full ? encodeString('shop.example', 'scope') : 0n,
    schemaId: SCHEMA_ID,
    discloseMask: full ? (1n << BigInt(ATTRIBUTES.givenName)) | (1n << BigInt(ATTRIBUTES.licenceClass)) : 0n,
    linkable: full,
    slots: full ? [AGE_18, EU_NATIONALITY, SCORE_500_TO_800, NOT_BLOCKED_DOCUMENT] : [AGE_18],
  };
  return { name, params, tree, commitment, statement, witness };
}

/** The snarkjs input of a scenario, optionally with statement or witness fields replaced. */
export function inputOf(s: Scenario, statement: Partial<StatementInputs> = {}, witness: Partial<CredentialWitness> = {}): CircuitInput {
  return circuitInput(s.params, { ...s.statement, ...statement }, { ...s.witness, ...witness });
}

/** The public signals an honest proof of the scenario has. */
export function expectedOf(s: Scenario): string[] {
  return expectedPublicSignals(s.params, s.statement, s.witness);
}

/** Names of a Presentation circuit's public signals, in snarkjs order (wire 1 onwards). */
export function publicSignalNames(params: CircuitParams): string[] {
  const indexed = (name: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${name}[${i}]`);
  const P = params.nPredicates;
  return [
    ...indexed('disclosed', params.nAttributes), 'nullifier', 'linkedCommitment',
    'root', 'today', 'nonce', 'scope', 'schemaId', 'discloseMask', 'linkable',
    ...indexed('predOp', P), ...indexed('predAttr', P), ...indexed('predA', P), ...indexed('predB', P), ...indexed('predSetCommitment', P),
  ];
}

/** Paths of a shipped circuit's committed artifacts. */
export function artifactPaths(name: ShippedName): { dir: string; wasm: string; r1cs: string; zkey: string; vkey: string; manifest: string } {
  const dir = join(ARTIFACTS_DIR, name);
  return {
    dir,
    wasm: join(dir, 'circuit.wasm'),
    r1cs: join(dir, 'circuit.r1cs'),
    zkey: join(dir, 'circuit.zkey'),
    vkey: join(dir, 'verification_key.json'),
    manifest: join(dir, 'manifest.json'),
  };
}

/** A shipped circuit under test; its public signals are addressable by name. */
export function shippedCircuit(name: ShippedName): CircuitUnderTest {
  const wires = new Map<string, number>(publicSignalNames(CIRCUIT_PARAMS[name]!).map((n, i) => [`main.${n}`, i + 1]));
  const { wasm, r1cs } = artifactPaths(name);
  return new CircuitUnderTest(name, wasm, r1cs, wires);
}
