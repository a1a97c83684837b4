/**
 * Presentation verification (DESIGN section 6). Checks, in order:
 *   0. the presentation's type, then its size limits (limits.ts), before any hashing or pairing;
 *   1. shape, and request binding: the request's verifier signature and nonce binding (and its
 *      audience, when the verifier names the one it serves); the mode (a presentation without a
 *      SNARK, which proves no holder secret, only for a request that asked for bearer mode by
 *      name); nonce, request not expired, nonce not spent; the circuit's public inputs (today, nonce, scope, schema, disclosure mask, every predicate operator,
 *      attribute, operand and set commitment) equal what the verifier's own request compiles to;
 *   2. issuer trust, and the proved root against the verifier's view of that issuer's roots
 *      (the acceptance rule of registry/root-view.ts: revocation takes effect within the
 *      request's maxRootAgeSeconds); the circuit must prove the tree shape (arity, depth) that
 *      the issuer's statement of that root names;
 *   3. the verification key: accepted by the request (by hash) and known to this verifier;
 *   4. the Groth16 proof;
 *   5. each disclosed plaintext re-encodes to its public output; hidden outputs are 0;
 *   6. when the request asks for BBS disclosure: the BBS proof against the issuer's signed BBS
 *      key, the nonce, the disclosed plaintexts and validUntil; in a linkable presentation, the
 *      BBS-disclosed commitment equals the SNARK's linked commitment.
 * It returns `{ verified, errors, disclosed, nullifier, issuer }` and never throws on
 * untrusted presentation content; it throws only on caller misuse (a malformed request or
 * options). The nonce is consumed only when everything verified. The Verifier object
 * (verifier-object.ts) runs these same checks through verifyWithNonces, with its asynchronous
 * spent-nonce store in place of the synchronous NonceStore.
 */
import * as snarkjs from 'snarkjs';
import { verificationKeyHash } from './artifact-integrity.js';
import { type DisclosedValue, encodeAttribute, typedValue } from './encoding.js';
import { InputError, describe } from './errors.js';
import { assertVerificationKeys } from './config.js';
import { limitProblem } from './limits.js';
import { isCanonicalDecimal, isRecord } from './internal/field.js';
import { type CircuitParams, type PublicSignalLayout, circuitParams, padSlots, provesShape, readPublicSignals, setCommitment } from './internal/circuit-input.js';
import type { NonceStore } from './nonce-store.js';
import { PRESENTATION_TYPE } from './presentation.js';
import { groth16Curve } from './proving/groth16-wasm.js';
import { RootViews } from './registry/root-view.js';
import { type ParsedRequest, circuitFits, parseRequest } from './request.js';
import { schemaDigest } from './schema.js';
import { verifyBbsPresentation } from './bbs-credential.js';
import { type RequestIdentityErrorCode, checkRequestIdentity } from './request-identity.js';

export type VerificationErrorCode =
  | 'MALFORMED_PRESENTATION'
  | 'NONCE_MISMATCH'
  | 'NONCE_REPLAYED'
  | 'REQUEST_EXPIRED'
  | 'REQUEST_MISMATCH'
  | 'UNTRUSTED_ISSUER'
  | 'NO_ROOT_VIEW'
  | 'ROOT_UNKNOWN'
  | 'STALE_ROOT'
  | 'ROOT_SUPERSEDED'
  | 'ROOT_SHAPE_MISMATCH'
  | 'UNKNOWN_VERIFICATION_KEY'
  | 'INVALID_PROOF'
  | 'DISCLOSURE_MISMATCH'
  | 'INVALID_BBS_PROOF'
  | 'LINK_MISMATCH'
  | 'HOLDER_BINDING_MISSING'
  | 'LIMIT_EXCEEDED'
  /** Verifier.verify: no pending request has the presentation's nonce (never made, or pruned). */
  | 'REQUEST_UNKNOWN'
  /** Verifier.verify: the request has had its maximum number of verification attempts. */
  | 'TOO_MANY_ATTEMPTS'
  | RequestIdentityErrorCode;

export interface VerificationError {
  code: VerificationErrorCode;
  message: string;
  /** With LIMIT_EXCEEDED: the limit's name (limits.ts, README "Limits"). */
  limit?: string;
}

export interface VerificationResult {
  verified: boolean;
  errors: VerificationError[];
  /**
   * Disclosed values (only when verified), canonical and typed by the schema: integer as
   * bigint, date as "YYYY-MM-DD", boolean, string; whatever spelling the holder sent.
   */
  disclosed: Record<string, DisclosedValue>;
  /** The scoped pseudonym (decimal), when the request has a scope and the proof verified. */
  nullifier: string | undefined;
  /** The issuer DID the presentation claims (checked only when verified). */
  issuer: string | undefined;
}

export interface VerifyOptions {
  /** Verification keys this verifier knows, by circuit name (see loadVerificationKey). */
  verificationKeys: Record<string, Record<string, unknown>>;
  /** Spent nonces; without one, replay is not detected (the result says nothing of it). */
  nonceStore?: NonceStore;
  /** Verification time (default now): for audits and tests. */
  now?: Date;
  /**
   * The verifier's view of each trusted issuer's roots (latest statement, recent history,
   * freshness), fed by RegistryClient.updateRootView or RootViews.addExport. Required for
   * SNARK presentations: without a view of the issuer, verification fails with NO_ROOT_VIEW.
   */
  rootViews?: RootViews;
  /** The audience this verifier serves (e.g. its origin): a request naming another, or none, fails. */
  audience?: string;
}

/** BN254 base field modulus: proof coordinates are canonical integers below it. */
const BASE_FIELD_MODULUS = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/**
 * A Groth16 proof in snarkjs's affine JSON form, every coordinate a canonical decimal below q
 * (snarkjs itself parses hex, leading zeros and unreduced values, which would let one proof be
 * written many ways).
 */
function isGroth16Proof(proof: unknown): boolean {
  if (!isRecord(proof)) return false;
  const coordinate = (x: unknown): boolean => isCanonicalDecimal(x, BASE_FIELD_MODULUS);
  const g1 = (a: unknown): boolean => Array.isArray(a) && a.length === 3 && coordinate(a[0]) && coordinate(a[1]) && a[2] === '1';
  const b = proof.pi_b;
  const g2 = Array.isArray(b) && b.length === 3 && [b[0], b[1]].every((row) => Array.isArray(row) && row.length === 2 && row.every(coordinate))
    && Array.isArray(b[2]) && b[2].length === 2 && b[2][0] === '1' && b[2][1] === '0';
  return g1(proof.pi_a) && g1(proof.pi_c) && g2;
}

/** Compares each public input with what the request compiles to. */
function checkBinding(parsed: ParsedRequest, signals: PublicSignalLayout, circuit: string, errors: VerificationError[]): void {
  const params = circuitParams(circuit)!;
  const slots = padSlots(parsed.slots, params.nPredicates);
  const expect = (name: string, actual: bigint | undefined, expected: bigint): void => {
    if (actual !== expected) errors.push({ code: 'REQUEST_MISMATCH', message: `public input ${name} does not match the request` });
  };
  expect('today', signals.today, BigInt(parsed.today));
  expect('nonce', signals.nonce, parsed.nonce);
  expect('scope', signals.scope, parsed.scope);
  expect('schemaId', signals.schemaId, schemaDigest(parsed.schema));
  expect('discloseMask', signals.discloseMask, parsed.discloseMask);
  expect('linkable', signals.linkable, parsed.linkable ? 1n : 0n);
  slots.forEach((slot, j) => {
    expect(`predOp[${j}]`, signals.predOp[j], BigInt(slot.op));
    expect(`predAttr[${j}]`, signals.predAttr[j], BigInt(slot.attrIndex));
    expect(`predA[${j}]`, signals.predA[j], slot.a);
    expect(`predB[${j}]`, signals.predB[j], slot.b);
    expect(`predSetCommitment[${j}]`, signals.predSetCommitment[j], setCommitment(slot, params.setSize));
  });
}

/** Checks issuer trust and applies the acceptance rule to the proved root. */
function checkRoot(parsed: ParsedRequest, issuer: unknown, signals: PublicSignalLayout, params: CircuitParams, options: VerifyOptions, now: Date, errors: VerificationError[]): string | undefined {
  if (typeof issuer !== 'string' || issuer.length > 200) {
    errors.push({ code: 'MALFORMED_PRESENTATION', message: 'issuer must be the DID whose registry the proof is about' });
    return undefined;
  }
  if (!parsed.request.trustedIssuers.includes(issuer)) {
    errors.push({ code: 'UNTRUSTED_ISSUER', message: `issuer ${issuer.slice(0, 80)} is not trusted by the request` });
    return issuer;
  }
  const view = options.rootViews?.get(issuer);
  if (view === undefined) {
    errors.push({ code: 'NO_ROOT_VIEW', message: `this verifier holds no root statement of the trusted issuer ${issuer}: update its root views` });
    return issuer;
  }
  const decision = view.accept(signals.root, now, parsed.request.maxRootAgeSeconds);
  if (!decision.accepted) {
    errors.push({ code: decision.code, message: decision.message });
    return issuer;
  }
  // A root means something only in the tree shape its statement names.
  const statement = view.statement(decision.sequence)!;
  if (!provesShape(params, statement)) {
    errors.push({
      code: 'ROOT_SHAPE_MISMATCH',
      message: `the proof is for a ${params.arity}-ary tree of depth ${params.depth}; the issuer's root ${decision.sequence} is of a ${statement.arity}-ary tree of depth ${statement.depth}`,
    });
  }
  return issuer;
}

/** Re-encodes each disclosed plaintext and compares it with the proof's output. */
function checkDisclosure(parsed: ParsedRequest, disclosed: unknown, signals: PublicSignalLayout, errors: VerificationError[]): Record<string, DisclosedValue> {
  const out: Record<string, DisclosedValue> = {};
  if (!isRecord(disclosed)) {
    errors.push({ code: 'DISCLOSURE_MISMATCH', message: 'disclosed must be an object' });
    return out;
  }
  const requested = new Set(parsed.request.disclose);
  for (const key of Object.keys(disclosed)) {
    if (!requested.has(key)) errors.push({ code: 'DISCLOSURE_MISMATCH', message: `disclosed.${key.slice(0, 64)} was not requested` });
  }
  parsed.schema.attributes.forEach((attr, i) => {
    const output = signals.disclosed[i];
    if (!requested.has(attr.name)) {
      if (output !== 0n) errors.push({ code: 'DISCLOSURE_MISMATCH', message: `attribute ${attr.name} is revealed by the proof but was not requested` });
      return;
    }
    const value = Object.hasOwn(disclosed, attr.name) ? disclosed[attr.name] : undefined;
    try {
      if (encodeAttribute(attr.type, value, `disclosed.${attr.name}`) !== output) {
        errors.push({ code: 'DISCLOSURE_MISMATCH', message: `disclosed.${attr.name} does not match the proved value` });
      } else {
        out[attr.name] = typedValue(attr.type, value, `disclosed.${attr.name}`);
      }
    } catch {
      errors.push({ code: 'DISCLOSURE_MISMATCH', message: `disclosed.${attr.name} is missing or not a ${attr.type}` });
    }
  });
  return out;
}

/** vkeyHash per verification-key object: hashing a key's canonical JSON on every verification is wasted work. */
const vkeyHashes = new WeakMap<object, string>();
function cachedVkeyHash(vkey: Record<string, unknown>): string {
  let hash = vkeyHashes.get(vkey);
  if (hash === undefined) {
    hash = verificationKeyHash(vkey);
    vkeyHashes.set(vkey, hash);
  }
  return hash;
}

async function groth16Verifies(vkey: Record<string, unknown>, signals: string[], proof: unknown): Promise<boolean> {
  try {
    await groth16Curve(); // the shared curve, built with the prover's wasm before snarkjs builds one without
    return await snarkjs.groth16.verify(vkey, signals, proof as Parameters<typeof snarkjs.groth16.verify>[2]);
  } catch {
    return false;
  }
}

/**
 * Verifies a presentation against the verifier's own request.
 * @param presentation untrusted JSON from the holder
 * @param request the request this verifier made (validated; misuse throws)
 * @throws {InputError} only when `request` or `options` are malformed
 * @example
 * const result = await verifyPresentation(presentation, request, {
 *   verificationKeys: { 'presentation-16-1-1-20': loadVerificationKey('presentation-16-1-1-20').vkey },
 *   nonceStore: new MemoryNonceStore() });
 */
export async function verifyPresentation(presentation: unknown, request: unknown, options: VerifyOptions): Promise<VerificationResult> {
  return verifyWithNonces(presentation, request, options, isRecord(options) ? options.nonceStore : undefined);
}

/**
 * The spent-nonce bookkeeping verification needs: the synchronous NonceStore of
 * verifyPresentation, or an adapter over the Verifier's asynchronous SpentNonceStore.
 * `consume` is called only when everything else verified, and must be atomic.
 */
export interface NonceGate {
  isSpent(nonce: string): boolean | Promise<boolean>;
  consume(nonce: string): boolean | Promise<boolean>;
}

/** verifyPresentation with its nonce bookkeeping passed apart from the options (for the Verifier object). */
export async function verifyWithNonces(presentation: unknown, request: unknown, options: Omit<VerifyOptions, 'nonceStore'>, nonces: NonceGate | undefined): Promise<VerificationResult> {
  const parsed = parseRequest(request);
  if (!isRecord(options)) throw new InputError('options', `expected { verificationKeys, ... }, got ${describe(options)}`);
  assertVerificationKeys(options.verificationKeys);
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new InputError('options.now', 'expected a valid Date');
  if (options.rootViews !== undefined && !(options.rootViews instanceof RootViews)) {
    throw new InputError('options.rootViews', 'expected a RootViews (fill it with RegistryClient.updateRootView or RootViews.addExport)');
  }
  if (options.audience !== undefined && typeof options.audience !== 'string') throw new InputError('options.audience', `expected a string, got ${describe(options.audience)}`);
  const errors: VerificationError[] = [];
  const failed = (): VerificationResult => ({ verified: false, errors, disclosed: {}, nullifier: undefined, issuer: undefined });

  if (!isRecord(presentation) || presentation.type !== PRESENTATION_TYPE || presentation.version !== 1) {
    errors.push({ code: 'MALFORMED_PRESENTATION', message: `expected a ${PRESENTATION_TYPE} version 1` });
    return failed();
  }
  // 0. Size limits, before any hashing, signature, pairing or BBS call.
  const oversize = limitProblem(presentation, 'presentation');
  if (oversize !== undefined) {
    errors.push({ code: 'LIMIT_EXCEEDED', message: `${oversize.field} ${oversize.message}`, limit: oversize.limit });
    return failed();
  }

  // 1. Request binding common to both halves, starting with who asked and where.
  errors.push(...checkRequestIdentity(parsed.request as unknown as Record<string, unknown>, options.audience).errors);
  if (!parsed.bearer && presentation.zk === undefined && presentation.bbs !== undefined) {
    errors.push({ code: 'HOLDER_BINDING_MISSING', message: 'a BBS-only (bearer) presentation proves no holder secret, and the request did not ask for bearer mode' });
    return failed();
  }
  if (presentation.nonce !== parsed.request.nonce) errors.push({ code: 'NONCE_MISMATCH', message: 'presentation answers another request (nonce)' });
  if (now.getTime() > Date.parse(parsed.request.expiresAt)) errors.push({ code: 'REQUEST_EXPIRED', message: `request expired at ${parsed.request.expiresAt}` });
  if (nonces !== undefined && (await nonces.isSpent(parsed.request.nonce))) errors.push({ code: 'NONCE_REPLAYED', message: 'this request nonce has already been used' });
  if ((presentation.linkable === true) !== parsed.linkable) {
    errors.push({ code: 'REQUEST_MISMATCH', message: parsed.linkable ? 'the request combines SNARK and BBS: the presentation must be linkable' : 'unexpected linkable presentation' });
  }
  if ((presentation.bearer === true) !== parsed.bearer) {
    errors.push({ code: 'REQUEST_MISMATCH', message: parsed.bearer ? 'the request asks for bearer mode: the presentation must say bearer' : 'unexpected bearer presentation' });
  }

  let snark: SnarkOutcome | undefined;
  if (parsed.usesSnark) {
    snark = await verifySnark(parsed, presentation, options, now, errors);
    if (snark === undefined) return failed();
  } else if (presentation.zk !== undefined) {
    errors.push({ code: 'REQUEST_MISMATCH', message: 'the request asks for BBS only; the presentation carries a SNARK' });
  }

  const disclosed: Record<string, DisclosedValue> = { ...snark?.disclosed };
  let issuer = snark?.issuer;
  if (parsed.bbs !== undefined) {
    const bbs = await verifyBbsPresentation({
      part: presentation.bbs, schema: parsed.schema, request: parsed.bbs, nonce: parsed.request.nonce, today: parsed.request.today,
      trustedIssuers: parsed.request.trustedIssuers, linkable: parsed.linkable,
    });
    for (const message of bbs.errors) errors.push({ code: 'INVALID_BBS_PROOF', message });
    if (parsed.linkable && snark !== undefined && (bbs.commitment !== snark.linkedCommitment.toString() || bbs.issuer !== snark.issuer)) {
      errors.push({ code: 'LINK_MISMATCH', message: 'the BBS and SNARK halves are not about the same credential' });
    }
    if (bbs.errors.length === 0) {
      for (const attr of parsed.schema.attributes) {
        if (!Object.hasOwn(bbs.disclosed, attr.name)) continue;
        try {
          disclosed[attr.name] = typedValue(attr.type, bbs.disclosed[attr.name], `bbs.disclosed.${attr.name}`, true);
        } catch {
          errors.push({ code: 'INVALID_BBS_PROOF', message: `bbs.disclosed.${attr.name} is not a ${attr.type}` });
        }
      }
    }
    issuer ??= bbs.issuer;
  } else if (presentation.bbs !== undefined) {
    errors.push({ code: 'REQUEST_MISMATCH', message: 'the request asks for no BBS disclosure' });
  }

  if (errors.length === 0 && nonces !== undefined && !(await nonces.consume(parsed.request.nonce))) {
    errors.push({ code: 'NONCE_REPLAYED', message: 'this request nonce has already been used' });
  }
  if (errors.length > 0) return failed();
  return {
    verified: true,
    errors: [],
    disclosed,
    nullifier: parsed.request.scope === undefined || snark === undefined ? undefined : snark.nullifier.toString(),
    issuer,
  };
}

interface SnarkOutcome {
  disclosed: Record<string, DisclosedValue>;
  issuer: string | undefined;
  nullifier: bigint;
  linkedCommitment: bigint;
}

/**
 * The SNARK half: binding of every public input, issuer and root, key, proof, disclosure.
 * Returns undefined (after recording why) when the zk section is unusable.
 */
async function verifySnark(parsed: ParsedRequest, presentation: Record<string, unknown>, options: VerifyOptions, now: Date, errors: VerificationError[]): Promise<SnarkOutcome | undefined> {
  const zk = presentation.zk;
  if (!isRecord(zk)) {
    errors.push({ code: 'MALFORMED_PRESENTATION', message: 'the request needs a zk section' });
    return undefined;
  }
  const params = circuitParams(zk.circuit);
  if (typeof zk.circuit !== 'string' || params === undefined || typeof zk.vkeyHash !== 'string') {
    errors.push({ code: 'UNKNOWN_VERIFICATION_KEY', message: 'zk.circuit names no known circuit' });
    return undefined;
  }
  if (!isGroth16Proof(zk.proof)) {
    errors.push({ code: 'MALFORMED_PRESENTATION', message: 'zk.proof is not a Groth16 proof' });
    return undefined;
  }
  const signals = readPublicSignals(params, zk.publicSignals);
  if (signals === undefined) {
    errors.push({ code: 'MALFORMED_PRESENTATION', message: 'zk.publicSignals has the wrong count or a non-canonical field element' });
    return undefined;
  }
  if (!circuitFits(params, parsed)) {
    errors.push({ code: 'REQUEST_MISMATCH', message: `${zk.circuit} cannot express this request` });
    return undefined;
  }
  checkBinding(parsed, signals, zk.circuit, errors);
  const issuer = checkRoot(parsed, presentation.issuer, signals, params, options, now, errors);

  const accepted = parsed.request.acceptedKeys.some((k) => k.circuit === zk.circuit && k.vkeyHash === zk.vkeyHash);
  const vkey = Object.hasOwn(options.verificationKeys, zk.circuit) ? options.verificationKeys[zk.circuit] : undefined;
  if (!accepted) errors.push({ code: 'UNKNOWN_VERIFICATION_KEY', message: `verification key ${String(zk.vkeyHash).slice(0, 64)} of ${zk.circuit} is not accepted by the request` });
  else if (vkey === undefined || cachedVkeyHash(vkey) !== zk.vkeyHash) errors.push({ code: 'UNKNOWN_VERIFICATION_KEY', message: `this verifier has no verification key with hash ${zk.vkeyHash}` });
  // The pairing is the expensive check: skip it when the presentation already failed.
  else if (errors.length === 0 && !(await groth16Verifies(vkey, zk.publicSignals as string[], zk.proof))) errors.push({ code: 'INVALID_PROOF', message: 'the Groth16 proof does not verify' });

  const disclosed = checkDisclosure(parsed, presentation.disclosed, signals, errors);
  return { disclosed, issuer, nullifier: signals.nullifier, linkedCommitment: signals.linkedCommitment };
}
