/**
 * The Presentation circuit's interface in TypeScript: its parameters, the witness input object
 * snarkjs takes, and the layout of its public signals (outputs first, then public inputs in
 * declaration order; see circuits/presentation.circom). Also evaluates each predicate slot the
 * way the circuit does, so the wallet refuses a false statement before proving.
 */
import { COMPARATOR_BITS, MAX_ATTRIBUTES, OP_CODES } from '../constants.js';
import { credentialCommitment, holderCommitment, scopedNullifier } from '../commitment.js';
import type { MerklePath, TreeShape } from '../registry/tree.js';
import { isFieldString } from './field.js';
import { hashMany } from './poseidon.js';

export interface CircuitParams {
  nAttributes: number;
  nPredicates: number;
  setSize: number;
  /** The registry tree the circuit proves membership in: children per node (2 or 4) ... */
  arity: number;
  /** ... and levels above the leaves. */
  depth: number;
}

/** Whether a circuit proves membership in a tree of exactly this shape. */
export const provesShape = (params: CircuitParams, shape: TreeShape): boolean => params.arity === shape.arity && params.depth === shape.depth;

/** One predicate slot as the circuit sees it. `set` is unpadded (1..setSize values). */
export interface PredicateSlot {
  op: number;
  attrIndex: number;
  a: bigint;
  b: bigint;
  set: bigint[];
}

export const NOOP_SLOT: PredicateSlot = Object.freeze({ op: OP_CODES.noop, attrIndex: 0, a: 0n, b: 0n, set: [] }) as PredicateSlot;

/** Public inputs a verifier fixes through its request. */
export interface StatementInputs {
  root: bigint;
  today: number;
  nonce: bigint;
  scope: bigint;
  schemaId: bigint;
  discloseMask: bigint;
  linkable: boolean;
  slots: PredicateSlot[];
}

/** The private part: the credential opened, and its Merkle path. */
export interface CredentialWitness {
  attributes: bigint[];
  salt: bigint;
  holderSecret: bigint;
  validUntil: number;
  path: MerklePath;
}

const isSetOp = (op: number): boolean => op === OP_CODES.in || op === OP_CODES.notIn;

/** A set padded to `setSize` by repeating its last element (membership is unchanged). */
export function padSet(set: readonly bigint[], setSize: number): bigint[] {
  if (set.length === 0) return new Array<bigint>(setSize).fill(0n);
  if (set.length > setSize) throw new RangeError(`set: at most ${setSize} values, got ${set.length}`);
  const padded = [...set];
  while (padded.length < setSize) padded.push(set[set.length - 1]!);
  return padded;
}

/** The public commitment of a slot's set: HashMany(padded set) for in/notIn, else 0. */
export function setCommitment(slot: PredicateSlot, setSize: number): bigint {
  return isSetOp(slot.op) ? hashMany(padSet(slot.set, setSize)) : 0n;
}

/** Fills unused slots with noop. */
export function padSlots(slots: readonly PredicateSlot[], nPredicates: number): PredicateSlot[] {
  if (slots.length > nPredicates) throw new RangeError(`predicates: at most ${nPredicates}, got ${slots.length}`);
  return [...slots, ...new Array<PredicateSlot>(nPredicates - slots.length).fill(NOOP_SLOT)];
}

const MAX_ORDERED = 2n ** BigInt(COMPARATOR_BITS);

/** Whether a slot holds for the attribute encodings, exactly as the circuit decides it. */
export function slotHolds(slot: PredicateSlot, attributes: readonly bigint[]): boolean {
  const v = attributes[slot.attrIndex];
  if (v === undefined) return false;
  const inRange = (x: bigint): boolean => x >= 0n && x < MAX_ORDERED;
  const ordered = inRange(v) && inRange(slot.a) && inRange(slot.b);
  switch (slot.op) {
    case OP_CODES.noop: return true;
    case OP_CODES.eq: return v === slot.a;
    case OP_CODES.ne: return v !== slot.a;
    case OP_CODES.lt: return ordered && v < slot.a;
    case OP_CODES.lte: return ordered && v <= slot.a;
    case OP_CODES.gt: return ordered && v > slot.a;
    case OP_CODES.gte: return ordered && v >= slot.a;
    case OP_CODES.between: return ordered && slot.a <= v && v <= slot.b;
    case OP_CODES.in: return slot.set.includes(v);
    case OP_CODES.notIn: return slot.set.length > 0 && !slot.set.includes(v);
    default: return false;
  }
}

/** The snarkjs input object (all values as decimal strings). */
export function circuitInput(params: CircuitParams, statement: StatementInputs, witness: CredentialWitness): Record<string, unknown> {
  // One level per depth, arity − 1 siblings and a position 0 .. arity − 1 at each.
  const { path } = witness;
  if (path.siblings.length !== params.depth || path.siblings.some((level) => level.length !== params.arity - 1)) {
    throw new RangeError(`path: the circuit proves a ${params.arity}-ary path of depth ${params.depth}`);
  }
  const slots = padSlots(statement.slots, params.nPredicates);
  const s = (x: bigint | number): string => x.toString();
  return {
    root: s(statement.root),
    today: s(statement.today),
    nonce: s(statement.nonce),
    scope: s(statement.scope),
    schemaId: s(statement.schemaId),
    discloseMask: s(statement.discloseMask),
    linkable: statement.linkable ? '1' : '0',
    predOp: slots.map((p) => s(p.op)),
    predAttr: slots.map((p) => s(p.attrIndex)),
    predA: slots.map((p) => s(p.a)),
    predB: slots.map((p) => s(p.b)),
    predSetCommitment: slots.map((p) => s(setCommitment(p, params.setSize))),
    attributes: witness.attributes.map(s),
    salt: s(witness.salt),
    holderSecret: s(witness.holderSecret),
    validUntil: s(witness.validUntil),
    pathElements: path.siblings.map((level) => level.map(s)),
    pathIndices: path.positions.map(s),
    predSet: slots.map((p) => padSet(isSetOp(p.op) ? p.set : [], params.setSize).map(s)),
  };
}

/** Named view of a Presentation circuit's public signals. */
export interface PublicSignalLayout {
  disclosed: bigint[];
  nullifier: bigint;
  linkedCommitment: bigint;
  root: bigint;
  today: bigint;
  nonce: bigint;
  scope: bigint;
  schemaId: bigint;
  discloseMask: bigint;
  linkable: bigint;
  predOp: bigint[];
  predAttr: bigint[];
  predA: bigint[];
  predB: bigint[];
  predSetCommitment: bigint[];
}

/** Number of public signals of a Presentation circuit. */
export function publicSignalCount(params: CircuitParams): number {
  return params.nAttributes + 2 + 7 + 5 * params.nPredicates;
}

/**
 * Reads public signals by name. Returns undefined when the count is wrong or any signal is
 * not a canonical field element; never throws on untrusted input.
 */
export function readPublicSignals(params: CircuitParams, signals: unknown): PublicSignalLayout | undefined {
  if (!Array.isArray(signals) || signals.length !== publicSignalCount(params)) return undefined;
  const values: bigint[] = [];
  for (const x of signals) {
    if (!isFieldString(x)) return undefined;
    values.push(BigInt(x));
  }
  let i = 0;
  const take = (n: number): bigint[] => values.slice(i, (i += n));
  const one = (): bigint => values[i++]!;
  const P = params.nPredicates;
  return {
    disclosed: take(params.nAttributes),
    nullifier: one(),
    linkedCommitment: one(),
    root: one(),
    today: one(),
    nonce: one(),
    scope: one(),
    schemaId: one(),
    discloseMask: one(),
    linkable: one(),
    predOp: take(P),
    predAttr: take(P),
    predA: take(P),
    predB: take(P),
    predSetCommitment: take(P),
  };
}

/**
 * The public signals an honest proof of `statement` over `witness` has: the reference the
 * circuit tests compare witness outputs against.
 */
export function expectedPublicSignals(params: CircuitParams, statement: StatementInputs, witness: CredentialWitness): string[] {
  const slots = padSlots(statement.slots, params.nPredicates);
  const bits = (i: number): boolean => ((statement.discloseMask >> BigInt(i)) & 1n) === 1n;
  const commitment = credentialCommitment({
    schemaId: statement.schemaId,
    attributes: witness.attributes,
    holderCommitment: holderCommitment(witness.holderSecret),
    validUntil: witness.validUntil,
    salt: witness.salt,
  });
  const values: bigint[] = [
    ...witness.attributes.map((v, i) => (bits(i) ? v : 0n)),
    scopedNullifier(witness.holderSecret, statement.scope),
    statement.linkable ? commitment : 0n,
    statement.root,
    BigInt(statement.today),
    statement.nonce,
    statement.scope,
    statement.schemaId,
    statement.discloseMask,
    statement.linkable ? 1n : 0n,
    ...slots.map((p) => BigInt(p.op)),
    ...slots.map((p) => BigInt(p.attrIndex)),
    ...slots.map((p) => p.a),
    ...slots.map((p) => p.b),
    ...slots.map((p) => setCommitment(p, params.setSize)),
  ];
  return values.map((v) => v.toString());
}

/** Parameters of a shipped circuit by name (own properties only: "constructor" is no circuit). */
export function circuitParams(name: unknown): CircuitParams | undefined {
  return typeof name === 'string' && Object.hasOwn(CIRCUIT_PARAMS, name) ? CIRCUIT_PARAMS[name] : undefined;
}

/** Default parameters of the shipped circuits, by name. */
export const CIRCUIT_PARAMS: Readonly<Record<string, CircuitParams>> = Object.freeze({
  'presentation-16-4-32-20': { nAttributes: MAX_ATTRIBUTES, nPredicates: 4, setSize: 32, arity: 2, depth: 20 },
  'presentation-16-1-1-20': { nAttributes: MAX_ATTRIBUTES, nPredicates: 1, setSize: 1, arity: 2, depth: 20 },
  'presentation-16-4-32-4ary-10': { nAttributes: MAX_ATTRIBUTES, nPredicates: 4, setSize: 32, arity: 4, depth: 10 },
  'presentation-16-1-1-4ary-10': { nAttributes: MAX_ATTRIBUTES, nPredicates: 1, setSize: 1, arity: 4, depth: 10 },
  'presentation-16-4-32-4ary-6': { nAttributes: MAX_ATTRIBUTES, nPredicates: 4, setSize: 32, arity: 4, depth: 6 },
  'presentation-16-1-1-4ary-6': { nAttributes: MAX_ATTRIBUTES, nPredicates: 1, setSize: 1, arity: 4, depth: 6 },
});
