/**
 * Checks of the caller's own configuration (a verifier's keys and requests), whose mistakes
 * used to pass silently or fail far away: each error names the field, the limit or expectation,
 * and the fix. These are caller misuse, so they throw (InputError / RequestError), unlike
 * verification of untrusted content, which never does.
 */
import { InputError, RequestError, describe } from './errors.js';
import { type CircuitParams, CIRCUIT_PARAMS, circuitParams } from './internal/circuit-input.js';
import { isRecord } from './internal/field.js';
import { publicKeyFromDid } from './keys.js';

/**
 * Checks `trustedIssuers[i]` is an Ed25519 did:key (parsed, not only prefixed: the README's
 * placeholder "did:key:z6Mk..." is refused).
 * @throws {InputError} naming `${field}`
 */
export function assertIssuerDid(value: string, field: string): void {
  try {
    publicKeyFromDid(value);
  } catch {
    throw new InputError(field, `is not an Ed25519 did:key (got "${value.slice(0, 60)}"): trust an issuer by the DID it prints (issuer.did, \`zkdisclose issuer init\`)`);
  }
}

/**
 * Checks `options.verificationKeys` is `{ [circuit]: vkey }` with snarkjs Groth16 keys, and says
 * how to fix the usual slip: passing what loadVerificationKey returns (`{ vkey, vkeyHash }`).
 * @throws {InputError} naming the entry
 */
export function assertVerificationKeys(value: unknown): Record<string, Record<string, unknown>> {
  const field = 'options.verificationKeys';
  if (!isRecord(value)) throw new InputError(field, `expected { [circuit]: vkey }, got ${describe(value)}`);
  if (Object.hasOwn(value, 'vkey') && Object.hasOwn(value, 'vkeyHash')) {
    throw new InputError(field, 'is one loaded key { vkey, vkeyHash }: pass { [circuit]: loadVerificationKey(circuit).vkey } for each accepted circuit');
  }
  for (const [name, vkey] of Object.entries(value)) {
    const entry = `${field}.${name.slice(0, 64)}`;
    if (isRecord(vkey) && Object.hasOwn(vkey, 'vkey') && Object.hasOwn(vkey, 'vkeyHash')) {
      throw new InputError(entry, 'is { vkey, vkeyHash } (what loadVerificationKey returns): pass its .vkey');
    }
    if (!isRecord(vkey) || vkey.protocol !== 'groth16') {
      throw new InputError(entry, `expected a snarkjs Groth16 verification key (verification_key.json, protocol "groth16"), got ${describe(vkey)}`);
    }
  }
  return value as Record<string, Record<string, unknown>>;
}

/** What the request needs of a circuit. */
export interface CircuitNeeds {
  predicates: number;
  /** Size of each predicate's set (0 for a predicate without one). */
  setSizes: readonly number[];
}

/**
 * The error for a request no accepted circuit can express, naming what exceeds which limit:
 * unknown circuits, too many predicates, or a set too large.
 */
export function noCircuitError(acceptedCircuits: readonly string[], needs: CircuitNeeds): RequestError {
  const known = acceptedCircuits.flatMap((name) => {
    const params = circuitParams(name);
    return params === undefined ? [] : [{ name, params }];
  });
  if (known.length === 0) {
    return new RequestError(`"request.acceptedKeys" names no circuit this library has (it has ${Object.keys(CIRCUIT_PARAMS).join(', ')}): accept them with defaultAcceptedKeys()`, 'UNSUPPORTED');
  }
  const widest = (pick: (p: CircuitParams) => number, among = known): { name: string; params: CircuitParams } =>
    among.reduce((best, k) => (pick(k.params) > pick(best.params) ? k : best));
  const most = widest((p) => p.nPredicates);
  if (needs.predicates > most.params.nPredicates) {
    return new RequestError(`"request.predicates" has ${needs.predicates} predicates; the accepted circuits take at most ${most.params.nPredicates} (${most.name}): ask for fewer in one request`, 'UNSUPPORTED');
  }
  const able = known.filter((k) => k.params.nPredicates >= needs.predicates);
  const largest = widest((p) => p.setSize, able);
  const i = needs.setSizes.findIndex((n) => n > largest.params.setSize);
  return new RequestError(
    `"request.predicates[${i}].values" has ${needs.setSizes[i]} values; the accepted circuits take sets of at most ${largest.params.setSize} (${largest.name}): use at most ${largest.params.setSize} values, or accept a circuit with larger sets`,
    'UNSUPPORTED',
  );
}
