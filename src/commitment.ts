/**
 * The TypeScript reference of what the circuit computes over a credential (circuits/
 * credential.circom and nullifier.circom): the holder commitment, the credential commitment
 * and the scoped nullifier. The circuit tests compare the compiled circuit against these.
 */
import { MAX_ATTRIBUTES } from './constants.js';
import { hashMany, poseidon } from './internal/poseidon.js';

/** Poseidon(holderSecret): what the issuer sees of the holder. */
export function holderCommitment(holderSecret: bigint): bigint {
  return poseidon([holderSecret]);
}

export interface CommitmentInput {
  schemaId: bigint;
  /** Exactly MAX_ATTRIBUTES encodings, unused slots 0. */
  attributes: readonly bigint[];
  holderCommitment: bigint;
  /** YYYYMMDD */
  validUntil: number;
  salt: bigint;
}

/** Poseidon(schemaId, HashMany(attributes), holderCommitment, validUntil, salt). */
export function credentialCommitment(input: CommitmentInput): bigint {
  if (input.attributes.length !== MAX_ATTRIBUTES) {
    throw new RangeError(`attributes: expected ${MAX_ATTRIBUTES} slots, got ${input.attributes.length}`);
  }
  return poseidon([input.schemaId, hashMany(input.attributes), input.holderCommitment, BigInt(input.validUntil), input.salt]);
}

/** Poseidon(holderSecret, scope) when scope != 0, else 0. */
export function scopedNullifier(holderSecret: bigint, scope: bigint): bigint {
  return scope === 0n ? 0n : poseidon([holderSecret, scope]);
}
