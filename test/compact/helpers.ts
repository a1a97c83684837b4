/**
 * Builders for the compact-form tests: Groth16-shaped proofs made of random valid points
 * (scalar multiples of the generators, from a seeded generator), and presentations whose public
 * signals come from circuit-input's expectedPublicSignals (the reference the circuit tests use),
 * not from the compact decoder, so that a round trip compares two independent constructions;
 * BBS halves as the wallet writes them (deriveBbsPresentation's shape) around random proof bytes
 * of the suite's length and a key statement the issuer really signs; `codeOf`, the code of the
 * CompactError a call throws.
 */
import { bn254 } from '@noble/curves/bn254.js';
import {
  BBS_SUITES, CompactError, FIELD_MODULUS, PERSON_SCHEMA, encodeAttribute, parseRequest, schemaDigest,
  type Groth16Proof, type IssuerKeys, type Presentation, type PresentationRequest,
} from '../../src/index.js';
import { circuitParams, expectedPublicSignals } from '../../src/internal/circuit-input.js';
import { circuitsFor } from '../../src/request.js';
import { bbsMessageLayout, bbsProofLength } from '../../src/bbs.js';
import { createBbsKeyStatement } from '../../src/bbs-credential.js';

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
 * A presentation that answers `request` with a synthetic proof: the attributes' encodings, a
 * holder secret and a root are given; the circuit is the smallest accepted one. For a request
 * with BBS disclosure, add the BBS half with withBbsHalf.
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
      discloseMask: parsed.discloseMask, linkable: parsed.linkable, slots: parsed.slots,
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

/** Deterministic bytes from a seed (not random-looking; enough for format tests). */
function seededBytes(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seed * 31 + i * 17) & 0xff);
}

/**
 * `presentation` (from syntheticPresentation, or an empty BBS-only one when undefined) with the
 * BBS half the request asks for: proof bytes of the exact length, the signed strings of the
 * disclosed attributes, and a key statement signed by `issuer` (issuedAt `issuedAt`).
 */
export function withBbsHalf(request: PresentationRequest, presentation: Presentation | undefined, input: {
  issuer: IssuerKeys; attributes: Record<string, string | number | boolean>; validUntil: string; issuedAt: Date; seed: number; issuedAtText?: string;
}): Presentation {
  const parsed = parseRequest(request);
  const bbs = parsed.bbs!;
  const { totalMessages } = bbsMessageLayout({ attributeCount: parsed.schema.attributes.length });
  const proof = seededBytes(bbsProofLength(bbs.suite, totalMessages, bbs.disclose.length + 2 + (parsed.linkable ? 1 : 0)), input.seed);
  const statement = createBbsKeyStatement({
    issuer: input.issuer.did, secretKey: input.issuer.secretKey, now: input.issuedAt,
    keys: BBS_SUITES.map((suite, i) => ({ suite, publicKey: seededBytes(96, input.seed + i), secretKey: new Uint8Array(32) })),
  });
  const keyStatement = input.issuedAtText === undefined ? statement : { ...statement, issuedAt: input.issuedAtText };
  const disclosed: Record<string, string> = {};
  for (const name of bbs.disclose) disclosed[name] = String(input.attributes[name]);
  const linkedCommitment = presentation?.zk?.publicSignals[circuitParams(presentation.zk.circuit)!.nAttributes + 1];
  return {
    ...(presentation ?? { type: 'ZkDisclosurePresentation', version: 1, nonce: request.nonce, disclosed: {} }),
    bbs: {
      suite: bbs.suite, keyStatement, proof: Buffer.from(proof).toString('base64url'), disclosed, schemaId: schemaDigest(parsed.schema).toString(),
      validUntil: input.validUntil, ...(parsed.linkable && { commitment: linkedCommitment }),
    },
    ...(parsed.linkable && { linkable: true as const }),
    ...(parsed.bearer && { bearer: true as const }),
  };
}

/** The code of the CompactError `fn` throws; any other outcome fails the test. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof CompactError)) throw err;
    return err.code;
  }
  throw new Error('expected a CompactError');
}
