/**
 * BBS inside credentials and presentations (DESIGN section 5), over the primitives of bbs.ts.
 *   - The issuer publishes its BBS public keys in a key statement signed by its Ed25519 key, so
 *     a verifier trusts a BBS key exactly as far as it trusts the issuer's DID.
 *   - The issuer signs each credential's messages (`name=value` per attribute in schema order,
 *     then schemaId (the schema digest, decimal), validUntil and the commitment) with every
 *     suite it has keys for; the signatures and the key statement travel in `credential.proof.bbs`.
 *   - A wallet derives a proof that discloses the requested attributes plus schemaId and
 *     validUntil, bound to the request's nonce (the BBS presentation header). By default
 *     (`linkable` mode) a SNARK proves the holder secret beside it, the proof discloses the
 *     commitment too and the SNARK outputs the same commitment: the two halves are then
 *     provably about one credential and one holder (and the issuer and colluding verifiers can
 *     recognise it). Only a request in `bearer` mode gets the BBS proof alone.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';
import {
  type BbsKeyPair, type BbsSuite, BBS_SUITES, bbsDeriveProof, bbsMessage, bbsMessageLayout, bbsMessages, bbsSign, bbsVerifyProof,
  bbsVerifySignature,
} from './bbs.js';
import type { Credential } from './credential.js';
import { intToDate } from './encoding.js';
import { CredentialError, InputError, describe } from './errors.js';
import { isRecord } from './internal/field.js';
import { signPayload, verifyPayload } from './keys.js';
import { limitProblem } from './limits.js';
import { type Schema, schemaDigest } from './schema.js';

/** The issuer's BBS public keys, signed by its Ed25519 did:key. */
export interface BbsKeyStatement {
  issuer: string;
  keys: { suite: BbsSuite; publicKey: string }[];
  issuedAt: string;
  signature: string;
}

/** What a credential carries for BBS. */
export interface CredentialBbs {
  keyStatement: BbsKeyStatement;
  signatures: { suite: BbsSuite; signature: string }[];
}

/** The BBS half of a presentation. */
export interface PresentationBbs {
  suite: BbsSuite;
  keyStatement: BbsKeyStatement;
  proof: string;
  /** Disclosed attributes as canonical strings (what was signed). */
  disclosed: Record<string, string>;
  /** The schema digest (decimal; see schemaDigest): the signed `schemaId=` message. */
  schemaId: string;
  validUntil: string;
  /** Present only in linkable presentations: the credential commitment (decimal). */
  commitment?: string;
}

/**
 * How a BBS disclosure is tied to the holder:
 *   - `linkable` (the default): a SNARK proves the holder secret and the credential's registry
 *     membership, and both halves reveal the credential commitment to show they are about one
 *     credential (linkable by the issuer and colluding verifiers);
 *   - `bearer`: BBS alone. SECURITY: it proves no holder secret, so anyone holding a copy of
 *     the credential document can answer it; a verifier must ask for it by name.
 * (A blind-signed holder secret would bind BBS alone to the holder; neither BBS library offers
 * blind signing through its public API: see the README's Security section.)
 */
export type BbsMode = 'linkable' | 'bearer';
export const BBS_MODES: readonly BbsMode[] = ['linkable', 'bearer'];

/** A request's BBS part: which suite, which attributes to disclose through BBS, and the mode (default linkable). */
export interface BbsRequest {
  suite: BbsSuite;
  disclose: string[];
  mode?: BbsMode;
}

function unsignedKeyStatement(s: Omit<BbsKeyStatement, 'signature'>): Record<string, unknown> {
  return { type: 'ZkDisclosureBbsKeyStatement', issuer: s.issuer, keys: s.keys, issuedAt: s.issuedAt };
}

/** Signs a key statement for the given BBS public keys. */
export function createBbsKeyStatement(options: { issuer: string; secretKey: Uint8Array; keys: BbsKeyPair[]; now?: Date }): BbsKeyStatement {
  const body = {
    issuer: options.issuer,
    keys: options.keys.map((k) => ({ suite: k.suite, publicKey: base64urlnopad.encode(k.publicKey) })),
    issuedAt: (options.now ?? new Date()).toISOString(),
  };
  return { ...body, signature: signPayload(unsignedKeyStatement(body), options.secretKey) };
}

/** The public key of `suite` in a key statement whose signature verifies; undefined otherwise. Never throws. */
export function bbsPublicKeyOf(statement: unknown, suite: BbsSuite): Uint8Array | undefined {
  if (typeof statement !== 'object' || statement === null || limitProblem(statement, 'keyStatement') !== undefined) return undefined;
  const s = statement as Record<string, unknown>;
  if (typeof s.issuer !== 'string' || !Array.isArray(s.keys) || typeof s.issuedAt !== 'string' || s.keys.length > BBS_SUITES.length) return undefined;
  if (!verifyPayload(unsignedKeyStatement(s as unknown as BbsKeyStatement), s.signature, s.issuer)) return undefined;
  const entry = (s.keys as { suite?: unknown; publicKey?: unknown }[]).find((k) => k !== null && typeof k === 'object' && k.suite === suite);
  if (entry === undefined || typeof entry.publicKey !== 'string') return undefined;
  try {
    return base64urlnopad.decode(entry.publicKey);
  } catch {
    return undefined;
  }
}

/** The messages a credential's BBS signatures cover. */
export function credentialMessages(schema: Schema, credential: Credential, validUntil: number): Uint8Array[] {
  return bbsMessages({
    schemaId: schemaDigest(schema).toString(),
    attributes: schema.attributes.map((a) => ({ name: a.name, canonical: String(credential.credentialSubject.attributes[a.name]) })),
    validUntil: intToDate(validUntil),
    commitment: credential.proof.commitment,
  });
}

/**
 * Checks the shape of an (unsigned, untrusted) `proof.bbs` section.
 * @throws {CredentialError} when it is not `{ keyStatement: {...}, signatures: [{ suite, signature }] }`
 */
export function assertCredentialBbsShape(value: unknown): CredentialBbs {
  if (!isRecord(value) || !isRecord(value.keyStatement) || !Array.isArray(value.signatures) || value.signatures.length > BBS_SUITES.length) {
    throw new CredentialError('proof.bbs: expected { keyStatement, signatures: [...] }');
  }
  value.signatures.forEach((sig: unknown, i) => {
    if (!isRecord(sig) || !BBS_SUITES.includes(sig.suite as BbsSuite) || typeof sig.signature !== 'string' || sig.signature.length > 1000) {
      throw new CredentialError(`proof.bbs.signatures[${i}]: expected { suite, signature }`);
    }
  });
  return value as unknown as CredentialBbs;
}

/** Whether a credential carries a well-formed BBS signature of `suite`. Never throws. */
export function hasBbsSignature(credential: Credential, suite: BbsSuite): boolean {
  try {
    return assertCredentialBbsShape(credential.proof.bbs).signatures.some((sig) => sig.suite === suite);
  } catch {
    return false;
  }
}

/** Signs a credential's messages with each BBS key. */
export async function signCredentialBbs(options: { schema: Schema; credential: Credential; validUntil: number; keys: BbsKeyPair[]; keyStatement: BbsKeyStatement }): Promise<CredentialBbs> {
  const messages = credentialMessages(options.schema, options.credential, options.validUntil);
  const signatures = [];
  for (const key of options.keys) {
    const signature = await bbsSign({ suite: key.suite, secretKey: key.secretKey, publicKey: key.publicKey, messages });
    signatures.push({ suite: key.suite, signature: base64urlnopad.encode(signature) });
  }
  return { keyStatement: options.keyStatement, signatures };
}

/**
 * Checks a credential's BBS signatures against the issuer's signed key statement.
 * @throws {CredentialError} when a signature or the key statement does not verify
 */
export async function verifyCredentialBbs(schema: Schema, credential: Credential, validUntil: number): Promise<void> {
  if (credential.proof.bbs === undefined) return;
  const bbs = assertCredentialBbsShape(credential.proof.bbs);
  if (bbs.keyStatement.issuer !== credential.issuer) throw new CredentialError('BBS key statement is not from the credential issuer');
  const messages = credentialMessages(schema, credential, validUntil);
  for (const entry of bbs.signatures) {
    const publicKey = bbsPublicKeyOf(bbs.keyStatement, entry.suite);
    if (publicKey === undefined) throw new CredentialError(`BBS key statement has no valid ${String(entry.suite)} key`);
    let signature: Uint8Array;
    try {
      signature = base64urlnopad.decode(entry.signature);
    } catch {
      throw new CredentialError(`${entry.suite} signature is not base64url`);
    }
    if (!(await bbsVerifySignature({ suite: entry.suite, publicKey, signature, messages }))) throw new CredentialError(`${entry.suite} signature does not verify`);
  }
}

/** Validates the `bbs` part of a request against its schema; the result always names its mode. */
export function parseBbsRequest(value: unknown, schema: Schema): BbsRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('request.bbs', `expected { suite, disclose }, got ${describe(value)}`);
  const r = value as Record<string, unknown>;
  if (!BBS_SUITES.includes(r.suite as BbsSuite)) throw new InputError('request.bbs.suite', `expected one of ${BBS_SUITES.join(', ')}`);
  if (r.mode !== undefined && !BBS_MODES.includes(r.mode as BbsMode)) throw new InputError('request.bbs.mode', `expected one of ${BBS_MODES.join(', ')} when present`);
  const disclose = r.disclose;
  if (!Array.isArray(disclose) || disclose.length > schema.attributes.length) throw new InputError('request.bbs.disclose', 'expected an array of attribute names');
  const names = schema.attributes.map((a) => a.name);
  disclose.forEach((n: unknown, i) => {
    if (typeof n !== 'string' || !names.includes(n)) throw new InputError(`request.bbs.disclose[${i}]`, `names no attribute of schema ${schema.id}`, 'UNKNOWN_ATTRIBUTE');
    if (disclose.indexOf(n) !== i) throw new InputError(`request.bbs.disclose[${i}]`, `repeats "${n}"`);
  });
  return { suite: r.suite as BbsSuite, disclose: [...(disclose as string[])], mode: (r.mode as BbsMode | undefined) ?? 'linkable' };
}

function disclosedIndexes(schema: Schema, disclose: readonly string[], linkable: boolean): number[] {
  const layout = bbsMessageLayout({ attributeCount: schema.attributes.length });
  const indexes = schema.attributes.flatMap((a, i) => (disclose.includes(a.name) ? [i] : []));
  indexes.push(layout.schemaIdIndex, layout.validUntilIndex);
  if (linkable) indexes.push(layout.commitmentIndex);
  return indexes;
}

/** Derives the BBS half of a presentation (wallet side). */
export async function deriveBbsPresentation(options: {
  schema: Schema; credential: Credential; validUntil: number; request: BbsRequest; nonce: string; linkable: boolean;
}): Promise<PresentationBbs> {
  const { schema, credential, request } = options;
  const bbs = credential.proof.bbs;
  const entry = bbs?.signatures.find((sig) => sig.suite === request.suite);
  const publicKey = bbs === undefined ? undefined : bbsPublicKeyOf(bbs.keyStatement, request.suite);
  if (bbs === undefined || entry === undefined || publicKey === undefined) throw new CredentialError(`credential has no ${request.suite} signature`);
  const proof = await bbsDeriveProof({
    suite: request.suite,
    publicKey,
    signature: base64urlnopad.decode(entry.signature),
    messages: credentialMessages(schema, credential, options.validUntil),
    disclosedIndexes: disclosedIndexes(schema, request.disclose, options.linkable),
    presentationHeader: hexToBytes(options.nonce),
  });
  const disclosed: Record<string, string> = {};
  for (const name of request.disclose) disclosed[name] = String(credential.credentialSubject.attributes[name]);
  return {
    suite: request.suite,
    keyStatement: bbs.keyStatement,
    proof: base64urlnopad.encode(proof),
    disclosed,
    schemaId: schemaDigest(schema).toString(),
    validUntil: intToDate(options.validUntil),
    ...(options.linkable && { commitment: credential.proof.commitment }),
  };
}

/**
 * Verifies the BBS half of a presentation. Returns error messages (empty when it verifies);
 * never throws on untrusted content.
 */
export async function verifyBbsPresentation(options: {
  part: unknown; schema: Schema; request: BbsRequest; nonce: string; today: string; trustedIssuers: readonly string[]; linkable: boolean;
}): Promise<{ errors: string[]; issuer?: string; disclosed: Record<string, string>; commitment?: string }> {
  const { part, schema, request } = options;
  const errors: string[] = [];
  if (typeof part !== 'object' || part === null) return { errors: ['bbs part missing'], disclosed: {} };
  const p = part as Record<string, unknown>;
  if (p.suite !== request.suite) return { errors: [`bbs suite ${typeof p.suite === 'string' ? p.suite.slice(0, 20) : describe(p.suite)} is not the requested ${request.suite}`], disclosed: {} };
  const publicKey = bbsPublicKeyOf(p.keyStatement, request.suite);
  const issuer = (p.keyStatement as { issuer?: unknown } | undefined)?.issuer;
  if (publicKey === undefined || typeof issuer !== 'string') return { errors: ['BBS key statement is malformed or its signature does not verify'], disclosed: {} };
  if (!options.trustedIssuers.includes(issuer)) errors.push(`BBS issuer ${issuer.slice(0, 80)} is not trusted`);
  const digest = schemaDigest(schema).toString();
  if (p.schemaId !== digest) errors.push('BBS schemaId is not the requested schema\'s digest');
  if (typeof p.validUntil !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(p.validUntil)) return { errors: [...errors, 'BBS validUntil malformed'], disclosed: {} };
  if (p.validUntil < options.today) errors.push(`credential expired on ${p.validUntil}`);
  const disclosed = p.disclosed;
  if (typeof disclosed !== 'object' || disclosed === null) return { errors: [...errors, 'BBS disclosed must be an object'], disclosed: {} };
  const values = disclosed as Record<string, unknown>;
  if (Object.keys(values).length !== request.disclose.length || !request.disclose.every((n) => Object.hasOwn(values, n) && typeof values[n] === 'string')) {
    return { errors: [...errors, 'BBS disclosed attributes are not exactly the requested ones'], disclosed: {} };
  }
  if (options.linkable !== (p.commitment !== undefined)) errors.push(options.linkable ? 'linkable presentation without a BBS commitment' : 'unexpected BBS commitment');
  let proof: Uint8Array;
  try {
    if (typeof p.proof !== 'string' || p.proof.length > 100_000) throw new Error('bad');
    proof = base64urlnopad.decode(p.proof);
  } catch {
    return { errors: [...errors, 'BBS proof is not base64url'], disclosed: {} };
  }
  const layout = bbsMessageLayout({ attributeCount: schema.attributes.length });
  const disclosedMessages: Uint8Array[] = [];
  try {
    for (const a of schema.attributes) if (request.disclose.includes(a.name)) disclosedMessages.push(bbsMessage({ name: a.name, value: values[a.name] as string }));
    disclosedMessages.push(bbsMessage({ name: 'schemaId', value: digest }), bbsMessage({ name: 'validUntil', value: p.validUntil }));
    if (options.linkable) disclosedMessages.push(bbsMessage({ name: 'commitment', value: String(p.commitment) }));
  } catch {
    return { errors: [...errors, 'BBS disclosed values are malformed'], disclosed: {} };
  }
  const ok = await bbsVerifyProof({
    suite: request.suite,
    publicKey,
    proof,
    disclosedMessages,
    disclosedIndexes: disclosedIndexes(schema, request.disclose, options.linkable),
    totalMessages: layout.totalMessages,
    presentationHeader: hexToBytes(options.nonce),
  });
  if (!ok) errors.push('the BBS proof does not verify (tampered value, wrong nonce or key)');
  return { errors, issuer, disclosed: values as Record<string, string>, ...(typeof p.commitment === 'string' && { commitment: p.commitment }) };
}
