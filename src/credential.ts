/**
 * The credential document (DESIGN section 2): JSON shaped like a W3C Verifiable Credential 2.0
 * whose `proof` carries the registry leaf index, the commitment, the salt and the issuer's
 * Ed25519 signature over everything else. A wallet checks a credential on receipt, offline:
 * the signature against the issuer's did:key, and the commitment recomputed from the
 * attributes. The commitment binds the schema by its digest (schema.ts); a credential without
 * `credentialSchema.digest` predates that and is refused with REISSUE_REQUIRED. The document holds the salt and every attribute: it is the holder's private data.
 */
import { canonicalValue, dateToInt } from './encoding.js';
import { CredentialError, InputError, describe } from './errors.js';
import { assertField, isRecord } from './internal/field.js';
import { credentialCommitment } from './commitment.js';
import { type Schema, defineSchema, encodeAttributes, schemaDigest } from './schema.js';
import { verifyPayload } from './keys.js';
import { assertWithinLimits } from './limits.js';
import { type CredentialBbs, assertCredentialBbsShape } from './bbs-credential.js';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const CREDENTIAL_TYPE = 'ZkDisclosureCredential';
export const PROOF_TYPE = 'ZkDisclosureRegistryProof2026';

export type AttributeRecord = Record<string, string | number | boolean>;

export interface Credential {
  '@context': string[];
  id: string;
  type: string[];
  issuer: string;
  validFrom: string;
  validUntil: string;
  /** `digest` is schemaDigest of `{ id, attributes }` (decimal): what the commitment binds. */
  credentialSchema: { id: string; type: 'ZkDisclosureSchema'; attributes: { name: string; type: string }[]; digest: string };
  credentialSubject: { holderCommitment: string; attributes: AttributeRecord };
  proof: {
    type: string;
    verificationMethod: string;
    leafIndex: number;
    commitment: string;
    salt: string;
    signature: string;
    /** BBS signatures and the issuer's signed BBS key statement (optional; not covered by `signature`). */
    bbs?: CredentialBbs;
  };
}

/**
 * The Ed25519-signed part of a credential: everything but proof.signature and proof.bbs (the
 * BBS signatures authenticate themselves through the signed BBS key statement).
 */
export function signedPart(credential: Credential): Record<string, unknown> {
  const { signature: _signature, bbs: _bbs, ...proof } = credential.proof;
  return { ...credential, proof };
}

/** The expiry date of a credential (validUntil's calendar date, UTC) as YYYYMMDD. */
export function expiryDate(validUntil: string): number {
  return dateToInt(validUntil.slice(0, 10), 'validUntil');
}

/** A credential opened: the parsed schema and the values the circuit needs. */
export interface OpenedCredential {
  credential: Credential;
  schema: Schema;
  attributes: bigint[];
  holderCommitment: bigint;
  salt: bigint;
  commitment: bigint;
  validUntil: number;
}

/**
 * Parses a credential document, re-encodes it and checks both the commitment and the issuer's
 * signature. Never trusts the document: every field is validated, its size limits (limits.ts)
 * first of all, before any hashing or signature check.
 * @throws {CredentialError} when the signature or commitment does not check out
 * @throws {InputError} naming the field on a malformed document (LimitError over a limit)
 */
export function openCredential(document: unknown): OpenedCredential {
  assertWithinLimits(document, 'credential');
  if (!isRecord(document)) throw new InputError('credential', `expected an object, got ${describe(document)}`);
  const c = document as unknown as Credential;
  if (!Array.isArray(c.type) || !c.type.includes(CREDENTIAL_TYPE)) throw new InputError('credential.type', `expected to include ${CREDENTIAL_TYPE}`);
  if (typeof c.issuer !== 'string') throw new InputError('credential.issuer', `expected a DID string, got ${describe(c.issuer)}`);
  if (typeof c.id !== 'string' || c.id.length > 200) throw new InputError('credential.id', 'expected a string id');
  if (typeof c.validUntil !== 'string' || Number.isNaN(Date.parse(c.validUntil))) throw new InputError('credential.validUntil', 'expected an ISO date-time');
  if (!isRecord(c.credentialSchema)) throw new InputError('credential.credentialSchema', 'expected an object');
  const schema = defineSchema({ id: c.credentialSchema.id, attributes: c.credentialSchema.attributes });
  if (c.credentialSchema.digest === undefined) {
    throw new CredentialError('credential was issued before schemas were bound by digest (it has no credentialSchema.digest): ask the issuer to re-issue it', 'REISSUE_REQUIRED');
  }
  if (c.credentialSchema.digest !== schemaDigest(schema).toString()) {
    throw new InputError('credential.credentialSchema.digest', 'is not the digest of the credential\'s schema');
  }
  if (!isRecord(c.credentialSubject) || !isRecord(c.credentialSubject.attributes)) {
    throw new InputError('credential.credentialSubject.attributes', 'expected an object');
  }
  if (!isRecord(c.proof)) throw new InputError('credential.proof', 'expected an object');
  const holderCommitment = assertField(c.credentialSubject.holderCommitment, 'credential.credentialSubject.holderCommitment');
  const salt = assertField(c.proof.salt, 'credential.proof.salt');
  const commitment = assertField(c.proof.commitment, 'credential.proof.commitment');
  if (!Number.isSafeInteger(c.proof.leafIndex) || c.proof.leafIndex < 0) throw new InputError('credential.proof.leafIndex', 'expected a non-negative integer');
  if (c.proof.bbs !== undefined) assertCredentialBbsShape(c.proof.bbs);
  const attributes = encodeAttributes(schema, c.credentialSubject.attributes);
  const validUntil = expiryDate(c.validUntil);
  const recomputed = credentialCommitment({ schemaId: schemaDigest(schema), attributes, holderCommitment, validUntil, salt });
  if (recomputed !== commitment) throw new CredentialError('credential commitment does not match its attributes, holder, expiry and salt');
  if (!verifyPayload(signedPart(c), c.proof.signature, c.issuer)) throw new CredentialError(`issuer signature does not verify against ${c.issuer.slice(0, 80)}`);
  return { credential: c, schema, attributes, holderCommitment, salt, commitment, validUntil };
}

/** The canonical JSON values of an attribute record, in schema order. */
export function canonicalAttributes(schema: Schema, attributes: Record<string, unknown>): AttributeRecord {
  encodeAttributes(schema, attributes);
  const out: AttributeRecord = {};
  for (const attr of schema.attributes) out[attr.name] = canonicalValue(attr.type, attributes[attr.name], `attributes.${attr.name}`);
  return out;
}
