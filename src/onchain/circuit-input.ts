/**
 * The on-chain circuit's interface in TypeScript (circuits/onchain.circom): the request
 * parameters in the order the circuit hashes them, and the snarkjs input object.
 */
import { type CredentialWitness, type PredicateSlot, padSet, setCommitment } from '../internal/circuit-input.js';

/** The on-chain circuit and its fixed shape. */
export const ONCHAIN_CIRCUIT = 'onchain-16-1-1-20-2';
export const ONCHAIN_SHAPE = Object.freeze({ arity: 2, depth: 20 });
export const ONCHAIN_DISCLOSURE_SLOTS = 2;
/** Values per in/notIn set. */
export const ONCHAIN_SET_SIZE = 1;

/** The request a gate fixes, as the circuit sees it. */
export interface OnchainRequestParts {
  schemaId: bigint;
  scope: bigint;
  /** Per disclosure slot: attribute index + 1, or 0 for none. */
  discloseAttr: number[];
  /** The predicate slot with operands as stored (relative operands before adding today). */
  slot: PredicateSlot;
  relA: 0 | 1;
  relB: 0 | 1;
}

/** HashMany's inputs for requestHash, in the circuit's order. */
export function requestParams(parts: OnchainRequestParts): bigint[] {
  const { slot } = parts;
  return [
    parts.schemaId, parts.scope, ...parts.discloseAttr.map(BigInt),
    BigInt(slot.op), BigInt(slot.attrIndex), slot.a, slot.b, BigInt(parts.relA), BigInt(parts.relB), setCommitment(slot, ONCHAIN_SET_SIZE),
  ];
}

/** The snarkjs input object (decimal strings) for a statement and an opened credential. */
export function onchainCircuitInput(
  parts: OnchainRequestParts,
  statement: { root: bigint; today: number; nonce: bigint; requestHash: bigint },
  witness: CredentialWitness,
): Record<string, unknown> {
  const s = (x: bigint | number): string => x.toString();
  const { slot } = parts;
  return {
    root: s(statement.root),
    today: s(statement.today),
    nonce: s(statement.nonce),
    requestHash: s(statement.requestHash),
    schemaId: s(parts.schemaId),
    scope: s(parts.scope),
    discloseAttr: parts.discloseAttr.map(s),
    predOp: [s(slot.op)],
    predAttr: [s(slot.attrIndex)],
    predA: [s(slot.a)],
    predB: [s(slot.b)],
    predRelA: [s(parts.relA)],
    predRelB: [s(parts.relB)],
    predSetCommitment: [s(setCommitment(slot, ONCHAIN_SET_SIZE))],
    attributes: witness.attributes.map(s),
    salt: s(witness.salt),
    holderSecret: s(witness.holderSecret),
    validUntil: s(witness.validUntil),
    pathElements: witness.path.siblings.map((level) => level.map(s)),
    pathIndices: witness.path.positions.map(s),
    predSet: [padSet(slot.set, ONCHAIN_SET_SIZE).map(s)],
  };
}
