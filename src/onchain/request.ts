/**
 * On-chain requests: a readable policy (schema, scope, up to two attributes to disclose, one
 * predicate) compiled into the parameters of the on-chain circuit (circuits/onchain.circom)
 * and the one value a contract stores, `requestHash` = HashMany of those parameters in the
 * circuit's order. Age predicates stay relative to the proof's `today` (predRelA = 1), so one
 * stored hash serves every day.
 */
import { FIELD_MODULUS } from '../constants.js';
import { InputError } from '../errors.js';
import { type PredicateSlot, NOOP_SLOT } from '../internal/circuit-input.js';
import { ONCHAIN_DISCLOSURE_SLOTS, ONCHAIN_SET_SIZE, type OnchainRequestParts, requestParams } from './circuit-input.js';
import { hashMany } from '../internal/poseidon.js';
import { type Predicate, compilePredicate, scopeField } from '../request.js';
import { type Schema, attributeIndex, schemaDigest } from '../schema.js';

export interface OnchainPolicy {
  schema: Schema;
  /** The gate's scope (one claim per holder within it): required, a gate always nullifies. */
  scope: string;
  /** Attribute names whose encodings the proof discloses (at most 2). */
  disclose?: readonly string[];
  /** One predicate, in the request's readable form (ageAtLeast, in with one value, ...). */
  predicate?: Predicate;
}

export interface CompiledOnchainPolicy extends OnchainRequestParts {
  /** The hashed parameters, in the circuit's order. */
  params: bigint[];
  requestHash: bigint;
}

const toField = (x: bigint): bigint => ((x % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS;

/**
 * Compiles a policy into the circuit's request parameters and their hash.
 * @throws {InputError} naming the field: unknown attribute, more than 2 disclosures, a set of
 *   more than one value, a missing scope, a malformed predicate
 */
export function compileOnchainPolicy(policy: OnchainPolicy): CompiledOnchainPolicy {
  if (typeof policy.scope !== 'string' || policy.scope.length === 0) throw new InputError('policy.scope', 'expected a non-empty string: a gate records one nullifier per holder and scope');
  const disclose = policy.disclose ?? [];
  if (!Array.isArray(disclose) || disclose.length > ONCHAIN_DISCLOSURE_SLOTS) throw new InputError('policy.disclose', `expected at most ${ONCHAIN_DISCLOSURE_SLOTS} attribute names`);
  const discloseAttr = disclose.map((name, i) => attributeIndex(policy.schema, name, `policy.disclose[${i}]`) + 1);
  while (discloseAttr.length < ONCHAIN_DISCLOSURE_SLOTS) discloseAttr.push(0);

  let slot: PredicateSlot = NOOP_SLOT;
  let relA: 0 | 1 = 0;
  if (policy.predicate !== undefined) {
    // Age bounds compile against today = 0: the circuit adds the proof's today (predRelA = 1).
    const relative = policy.predicate.op === 'ageAtLeast' || policy.predicate.op === 'ageBelow';
    slot = compilePredicate(policy.schema, policy.predicate, 0, 'policy.predicate');
    if (slot.set.length > ONCHAIN_SET_SIZE) throw new InputError('policy.predicate.values', `the on-chain circuit takes sets of ${ONCHAIN_SET_SIZE} value`);
    if (relative) {
      slot = { ...slot, a: toField(slot.a) };
      relA = 1;
    }
  }
  const schemaId = schemaDigest(policy.schema);
  const scope = scopeField(policy.scope);
  const parts: OnchainRequestParts = { schemaId, scope, discloseAttr, slot, relA, relB: 0 };
  const params = requestParams(parts);
  return { ...parts, params, requestHash: hashMany(params) };
}

/** The slot as the circuit checks it on `today` (relative operands resolved). */
export function effectiveSlot(compiled: CompiledOnchainPolicy, today: number): PredicateSlot {
  const { slot } = compiled;
  return {
    ...slot,
    a: toField(slot.a + BigInt(compiled.relA * today)),
    b: toField(slot.b + BigInt(compiled.relB * today)),
  };
}
