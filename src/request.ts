/**
 * Presentation requests (verifier -> holder, DESIGN section 6) and their translation into the
 * circuit's public inputs. Predicates are written in a readable form
 * (`{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }`) and compiled, against the schema
 * and the request's `today`, into predicate slots:
 *   eq, ne                 any attribute type; operand encoded like the attribute
 *   lt, lte, gt, gte       integer, date or boolean attributes
 *   between                min <= value <= max (inclusive)
 *   in, notIn              1..setSize values, encoded like the attribute
 *   ageAtLeast N (date)    birthDate <= today - N*10000   (lte)
 *   ageBelow N (date)      birthDate >  today - N*10000   (gt)
 * The same compilation runs in the wallet (to build the witness) and in the verifier (to
 * recompute the public inputs it expects), so a request means the same thing to both.
 */
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';
import { FIELD_MODULUS, NONCE_BYTES, OP_CODES } from './constants.js';
import { type AttributeType, dateToInt, encodeAttribute, encodeString, utcDate } from './encoding.js';
import { InputError, describe } from './errors.js';
import { assertIssuerDid, noCircuitError } from './config.js';
import { assertWithinLimits } from './limits.js';
import { bytesToBigInt, isRecord } from './internal/field.js';
import { type CircuitParams, type PredicateSlot, circuitParams, provesShape } from './internal/circuit-input.js';
import type { TreeShape } from './registry/tree.js';
import { type Schema, attributeIndex, defineSchema } from './schema.js';
import { type BbsRequest, parseBbsRequest } from './bbs-credential.js';
import { type RequestSigner, bindRequest } from './request-identity.js';

export const REQUEST_TYPE = 'ZkDisclosureRequest';

export type ComparisonOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';
export type Predicate =
  | { attribute: string; op: ComparisonOp; value: string | number | boolean }
  | { attribute: string; op: 'between'; min: string | number; max: string | number }
  | { attribute: string; op: 'in' | 'notIn'; values: (string | number | boolean)[] }
  | { attribute: string; op: 'ageAtLeast' | 'ageBelow'; value: number };

export const PREDICATE_OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'in', 'notIn', 'ageAtLeast', 'ageBelow'] as const;

/** A circuit the verifier accepts, pinned by the hash of its verification key. */
export interface AcceptedKey {
  circuit: string;
  vkeyHash: string;
}

export interface PresentationRequest {
  type: typeof REQUEST_TYPE;
  version: 1;
  /** 32 random bytes, hex. Single use. */
  nonce: string;
  /** The verifier's calendar day "YYYY-MM-DD": expiry and age are judged on it. */
  today: string;
  schema: { id: string; attributes: { name: string; type: AttributeType }[] };
  trustedIssuers: string[];
  /** Oldest root statement accepted, in seconds before verification time. */
  maxRootAgeSeconds: number;
  disclose: string[];
  predicates: Predicate[];
  scope?: string;
  acceptedKeys: AcceptedKey[];
  expiresAt: string;
  /**
   * BBS disclosure (no trusted setup, no predicates). By default the presentation is `linkable`:
   * a SNARK proves the holder secret and shares the credential commitment with the BBS half.
   * `mode: 'bearer'` asks for BBS alone, which proves no holder secret (see bbs-credential.ts).
   */
  bbs?: BbsRequest;
  /** Who asks: an Ed25519 did:key and its signature over the canonical request (request-identity.ts). */
  verifier?: { did: string; signature: string };
  /** Where the request is to be answered, e.g. the verifier's web origin. */
  audience?: string;
  /** With verifier or audience: the nonce's random part; nonce = SHA-256(seed, verifier DID, audience). */
  nonceSeed?: string;
}

export interface CreateRequestOptions {
  schema: Schema;
  trustedIssuers: string[];
  disclose?: string[];
  predicates?: Predicate[];
  scope?: string;
  /** Circuits accepted, with their verification-key hashes (see defaultAcceptedKeys). */
  acceptedKeys: AcceptedKey[];
  /** BBS disclosure: `{ suite: 'bbs-2023' | 'bbs+2020', disclose: [...], mode?: 'linkable' | 'bearer' }`. */
  bbs?: BbsRequest;
  /** Sign the request as this verifier (an Ed25519 did:key; the wallet shows and checks it). */
  verifier?: RequestSigner;
  /** Name where the request is to be answered (e.g. "https://shop.example"); a browser wallet checks it. */
  audience?: string;
  /** Default: the UTC date of `now`. */
  today?: string;
  /** Default 3600 s. */
  maxRootAgeSeconds?: number;
  /** Default 600 s. */
  validForSeconds?: number;
  now?: Date;
}

const HEX_NONCE = /^[0-9a-f]{64}$/;
const VKEY_HASH = /^[0-9a-f]{64}$/;
const MAX_LIST = 64;

/**
 * Makes a request with a fresh 32-byte nonce (bound to the verifier and audience when given).
 * @throws {InputError} / {RequestError} when a predicate does not fit the schema or any circuit
 * @example
 * const request = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [issuer.did],
 *   predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }],
 *   acceptedKeys: defaultAcceptedKeys() });
 */
export function createRequest(options: CreateRequestOptions): PresentationRequest {
  if (!isRecord(options)) throw new InputError('options', `expected the request options, got ${describe(options)}`);
  if (!isRecord(options.schema)) throw new InputError('schema', 'is required: a schema from defineSchema (or PERSON_SCHEMA)');
  if (!Array.isArray(options.trustedIssuers)) throw new InputError('trustedIssuers', 'is required: the DIDs of the issuers you trust (issuer.did)');
  if (!Array.isArray(options.acceptedKeys)) {
    throw new InputError('acceptedKeys', 'is required: the circuits you accept, pinned by verification-key hash; pass defaultAcceptedKeys() (Node) or the { circuit, vkeyHash } of each key you loaded');
  }
  const now = options.now ?? new Date();
  const request: PresentationRequest = {
    type: REQUEST_TYPE,
    version: 1,
    nonce: bytesToHex(randomBytes(NONCE_BYTES)),
    today: options.today ?? utcDate(now),
    schema: { id: options.schema.id, attributes: options.schema.attributes.map((a) => ({ ...a })) },
    trustedIssuers: [...options.trustedIssuers],
    maxRootAgeSeconds: options.maxRootAgeSeconds ?? 3600,
    disclose: [...(options.disclose ?? [])],
    predicates: (options.predicates ?? []).map((p) => ({ ...p }) as Predicate),
    ...(options.scope !== undefined && { scope: options.scope }),
    acceptedKeys: options.acceptedKeys.map((k) => ({ ...k })),
    ...(options.bbs !== undefined && {
      bbs: { suite: options.bbs.suite, disclose: [...options.bbs.disclose], ...(options.bbs.mode !== undefined && { mode: options.bbs.mode }) },
    }),
    expiresAt: new Date(now.getTime() + 1000 * (options.validForSeconds ?? 600)).toISOString(),
  };
  const bound = options.verifier === undefined && options.audience === undefined ? request
    : bindRequest(request, { ...(options.verifier !== undefined && { verifier: options.verifier }), ...(options.audience !== undefined && { audience: options.audience }) });
  return parseRequest(bound).request;
}

/** A validated request with its compiled statement. */
export interface ParsedRequest {
  request: PresentationRequest;
  schema: Schema;
  today: number;
  nonce: bigint;
  scope: bigint;
  discloseMask: bigint;
  slots: PredicateSlot[];
  bbs: BbsRequest | undefined;
  /** Whether the presentation carries a SNARK (every request but a bearer one). */
  usesSnark: boolean;
  /** SNARK and BBS together: both reveal the credential commitment. */
  linkable: boolean;
  /** BBS alone, by the request's explicit `bbs.mode: 'bearer'`: no proof of the holder secret. */
  bearer: boolean;
}

/** The nonce's field element: its 32 bytes as an integer, reduced mod p. */
export function nonceField(nonceHex: string): bigint {
  return bytesToBigInt(hexToBytes(nonceHex)) % FIELD_MODULUS;
}

/** The scope's field element: the string encoding, or 0 without a scope. */
export function scopeField(scope: string | undefined): bigint {
  return scope === undefined ? 0n : encodeString(scope, 'scope');
}

/** Compiles one readable predicate into a circuit slot. */
export function compilePredicate(schema: Schema, predicate: unknown, today: number, field: string): PredicateSlot {
  if (!isRecord(predicate)) throw new InputError(field, `expected a predicate object, got ${describe(predicate)}`);
  const attrIndex = attributeIndex(schema, predicate.attribute, `${field}.attribute`);
  const type = schema.attributes[attrIndex]!.type;
  const op = predicate.op;
  const ordered = (): void => {
    if (type === 'string') throw new InputError(`${field}.op`, `${String(op)} needs an integer, date or boolean attribute; ${schema.attributes[attrIndex]!.name} is a string`);
  };
  switch (op) {
    case 'eq':
    case 'ne':
      return { op: OP_CODES[op], attrIndex, a: encodeAttribute(type, predicate.value, `${field}.value`), b: 0n, set: [] };
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      ordered();
      return { op: OP_CODES[op], attrIndex, a: encodeAttribute(type, predicate.value, `${field}.value`), b: 0n, set: [] };
    case 'between': {
      ordered();
      const a = encodeAttribute(type, predicate.min, `${field}.min`);
      const b = encodeAttribute(type, predicate.max, `${field}.max`);
      if (a > b) throw new InputError(`${field}.max`, 'is below min: the predicate can never hold');
      return { op: OP_CODES.between, attrIndex, a, b, set: [] };
    }
    case 'in':
    case 'notIn': {
      const values = predicate.values;
      if (!isDenseArray(values) || values.length === 0 || values.length > MAX_LIST) {
        throw new InputError(`${field}.values`, `expected 1..${MAX_LIST} values, got ${describe(values)}`);
      }
      const set = values.map((v, i) => encodeAttribute(type, v, `${field}.values[${i}]`));
      return { op: OP_CODES[op], attrIndex, a: 0n, b: 0n, set };
    }
    case 'ageAtLeast':
    case 'ageBelow': {
      if (type !== 'date') throw new InputError(`${field}.op`, `${op} needs a date attribute`);
      const years = predicate.value;
      if (typeof years !== 'number' || !Number.isInteger(years) || years < 0 || years > 200) {
        throw new InputError(`${field}.value`, `expected a whole number of years 0..200, got ${describe(years)}`);
      }
      const bound = BigInt(today - years * 10000);
      return { op: op === 'ageAtLeast' ? OP_CODES.lte : OP_CODES.gt, attrIndex, a: bound, b: 0n, set: [] };
    }
    default:
      throw new InputError(`${field}.op`, `expected one of ${PREDICATE_OPS.join(', ')}, got ${typeof op === 'string' ? `"${op.slice(0, 20)}"` : describe(op)}`);
  }
}

/** Arrays from JSON are dense; one built in JS may have holes, which map/forEach would skip. */
function isDenseArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && Object.keys(value).length === value.length;
}

function assertStringList(value: unknown, field: string, pattern?: RegExp): string[] {
  if (!isDenseArray(value) || value.length > MAX_LIST) throw new InputError(field, `expected an array of at most ${MAX_LIST} strings, got ${describe(value)}`);
  return value.map((v, i) => {
    if (typeof v !== 'string' || v.length > 256 || (pattern !== undefined && !pattern.test(v))) throw new InputError(`${field}[${i}]`, `expected a string, got ${describe(v)}`);
    return v;
  });
}

/**
 * Validates a request document (untrusted JSON) and compiles its statement. Its size limits
 * (limits.ts) are checked before anything else.
 * @throws {InputError} naming the field on any malformed part; LimitError over a limit
 */
export function parseRequest(document: unknown): ParsedRequest {
  assertWithinLimits(document, 'request');
  if (!isRecord(document)) throw new InputError('request', `expected an object, got ${describe(document)}`);
  const r = document;
  if (r.type !== REQUEST_TYPE || r.version !== 1) throw new InputError('request.type', `expected ${REQUEST_TYPE} version 1`);
  if (typeof r.nonce !== 'string' || !HEX_NONCE.test(r.nonce)) throw new InputError('request.nonce', 'expected 64 lowercase hex characters');
  const today = dateToInt(r.today, 'request.today');
  const schema = defineSchema(r.schema);
  const trustedIssuers = assertStringList(r.trustedIssuers, 'request.trustedIssuers');
  if (trustedIssuers.length === 0) throw new InputError('request.trustedIssuers', 'expected at least one issuer DID');
  trustedIssuers.forEach((did, i) => assertIssuerDid(did, `request.trustedIssuers[${i}]`));
  if (typeof r.maxRootAgeSeconds !== 'number' || !Number.isSafeInteger(r.maxRootAgeSeconds) || r.maxRootAgeSeconds < 0) {
    throw new InputError('request.maxRootAgeSeconds', `expected a non-negative integer, got ${describe(r.maxRootAgeSeconds)}`);
  }
  const disclose = assertStringList(r.disclose, 'request.disclose');
  let discloseMask = 0n;
  disclose.forEach((name, i) => {
    const index = attributeIndex(schema, name, `request.disclose[${i}]`);
    if ((discloseMask >> BigInt(index)) & 1n) throw new InputError(`request.disclose[${i}]`, `repeats "${name}"`);
    discloseMask |= 1n << BigInt(index);
  });
  if (!isDenseArray(r.predicates) || r.predicates.length > MAX_LIST) throw new InputError('request.predicates', `expected an array, got ${describe(r.predicates)}`);
  const slots = r.predicates.map((p, i) => compilePredicate(schema, p, today, `request.predicates[${i}]`));
  if (r.scope !== undefined && (typeof r.scope !== 'string' || r.scope.length === 0)) throw new InputError('request.scope', 'expected a non-empty string when present');
  const scope = scopeField(r.scope as string | undefined);
  if (!isDenseArray(r.acceptedKeys) || r.acceptedKeys.length === 0 || r.acceptedKeys.length > 16) {
    throw new InputError('request.acceptedKeys', 'expected 1..16 accepted verification keys');
  }
  r.acceptedKeys.forEach((k: unknown, i) => {
    if (!isRecord(k) || typeof k.circuit !== 'string' || typeof k.vkeyHash !== 'string' || !VKEY_HASH.test(k.vkeyHash)) {
      throw new InputError(`request.acceptedKeys[${i}]`, 'expected { circuit, vkeyHash (64 hex) }');
    }
  });
  if (typeof r.expiresAt !== 'string' || Number.isNaN(Date.parse(r.expiresAt))) throw new InputError('request.expiresAt', 'expected an ISO date-time');
  const request = document as unknown as PresentationRequest;
  const bbs = r.bbs === undefined ? undefined : parseBbsRequest(r.bbs, schema);
  const bearer = bbs?.mode === 'bearer';
  if (bearer && (slots.length > 0 || disclose.length > 0)) {
    throw new InputError('request.bbs.mode', 'bearer is BBS alone: predicates and SNARK disclosure need the (default) linkable mode');
  }
  const usesSnark = !bearer;
  const parsed: ParsedRequest = {
    request, schema, today, nonce: nonceField(r.nonce), scope, discloseMask, slots, bbs, usesSnark, linkable: usesSnark && bbs !== undefined, bearer,
  };
  if (usesSnark && circuitsFor(parsed).length === 0) {
    throw noCircuitError(request.acceptedKeys.map((k) => k.circuit), { predicates: slots.length, setSizes: slots.map((s) => s.set.length) });
  }
  return parsed;
}

/** Whether a circuit's parameters can express the request's predicates. */
export function circuitFits(params: CircuitParams, parsed: ParsedRequest): boolean {
  return parsed.slots.length <= params.nPredicates && parsed.slots.every((s) => s.set.length <= params.setSize);
}

/**
 * Accepted circuits able to express the request, smallest (fastest) first; with `shape`, only
 * those proving membership in a registry tree of that shape (the issuer's, from its root
 * statement: a circuit proves one arity and depth).
 */
export function circuitsFor(parsed: ParsedRequest, shape?: TreeShape): AcceptedKey[] {
  const cost = (p: CircuitParams): number => p.nPredicates * 1000 + p.setSize;
  return parsed.request.acceptedKeys
    .flatMap((k) => {
      const p = circuitParams(k.circuit);
      return p !== undefined && circuitFits(p, parsed) && (shape === undefined || provesShape(p, shape)) ? [{ k, cost: cost(p) }] : [];
    })
    .sort((x, y) => x.cost - y.cost)
    .map(({ k }) => k);
}
