/**
 * Builders for the compact-form tests: Groth16-shaped proofs made of random valid points
 * (scalar multiples of the generators, from a seeded generator), and presentations whose public
 * signals come from circuit-input's expectedPublicSignals (the reference the circuit tests use),
 * not from the compact decoder, so that a round trip compares two independent constructions.
 */
import { bn254 } from '@noble/curves/bn254.js';
import {
  FIELD_MODULUS, PERSON_SCHEMA, encodeAttribute, parseRequest, schemaDigest,
  type Groth16Proof, type Presentation, type PresentationRequest,
} from '../../src/index.js';
import { circuitParams, expectedPublicSignals } from '../../src/internal/circuit-input.js';
import { circuitsFor } from '../../src/request.js';

/** A Groth16 proof object of three valid points from three non-zero scalars. */
export function proofFromScalars(a: bigint, b: bigint, c: bigint): Groth16Proof {
  const A = bn254.G1.Point.BASE.multiply(a).toAffine();
  const B = bn254.G2.Point.BASE.multiply(b).toAffine();
  const C = bn254.G1.Point.BASE.multiply(c).toAffine();
  return {
    pi_a: [A.x.toString(), A.y.toString(), '1'],
    pi_b: [[B.x.c0.toString(), B.x.c1.toString()], [B.y.c0.toString(), B.y.c1.toString()], ['1', '0']],
    pi_c: [C.x.toString(), C.y.toString(), '1'],
    protocol: 'groth16',
    curve: 'bn128',
  };
}

/** A scalar in [1, r) from any bigint. */
export const scalar = (n: bigint): bigint => (((n % (FIELD_MODULUS - 1n)) + FIELD_MODULUS - 1n) % (FIELD_MODULUS - 1n)) + 1n;

/**
 * A presentation that answers `request` (SNARK only) with a synthetic proof: the attributes'
 * encodings, a holder secret and a root are given; the circuit is the smallest accepted one.
 */
export function syntheticPresentation(request: PresentationRequest, input: {
  issuer: string; attributes: Record<string, string | number | boolean>; holderSecret: bigint; root: bigint; proof: Groth16Proof; circuitChoice?: number;
}): Presentation {
  const parsed = parseRequest(request);
  const candidates = circuitsFor(parsed);
  const key = candidates[(input.circuitChoice ?? 0) % candidates.length]!;
  const params = circuitParams(key.circuit)!;
  const attributes = new Array<bigint>(params.nAttributes).fill(0n);
  PERSON_SCHEMA.attributes.forEach((a, i) => {
    attributes[i] = encodeAttribute(a.type, input.attributes[a.name], a.name);
  });
  const publicSignals = expectedPublicSignals(
    params,
    {
      root: input.root, today: parsed.today, nonce: parsed.nonce, scope: parsed.scope, schemaId: schemaDigest(parsed.schema),
      discloseMask: parsed.discloseMask, linkable: false, slots: parsed.slots,
    },
    { attributes, salt: 7n, holderSecret: input.holderSecret, validUntil: 20301231, path: { leaf: 0n, leafIndex: 0, root: input.root, siblings: [], positions: [] } },
  );
  const disclosed: Record<string, string | number | boolean> = {};
  for (const name of request.disclose) disclosed[name] = input.attributes[name]!;
  return {
    type: 'ZkDisclosurePresentation', version: 1, nonce: request.nonce, disclosed, issuer: input.issuer,
    zk: { circuit: key.circuit, vkeyHash: key.vkeyHash, proof: input.proof, publicSignals },
  };
}
