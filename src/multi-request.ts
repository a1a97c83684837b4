/**
 * Multi-credential requests (issue 18 item 1): one request that asks about up to
 * MAX_REQUEST_PARTS credentials of one holder ("over 18 on an identity card AND a class B
 * driving licence"). Each part is what a single request asks about one credential (schema,
 * trusted issuers, root age, disclosure, predicates, accepted circuits, BBS); the envelope holds
 * what the parts share: nonce, day, expiry, scope, and the verifier's identity and audience
 * (signed over the whole document, request-identity.ts).
 *
 * Each part is answered by one ordinary SNARK presentation of the part's single request
 * (`partRequests`): the part with the envelope's nonce, day and expiry and the binding scope.
 * The binding scope makes every part output the same value, which proves one holder:
 *   - with a request scope, every part's nullifier is the pseudonym Poseidon(secret, scope);
 *   - without one, the scope is the holder tag `zkdisclose/holder-tag:<nonce>` (HOLDER_TAG_PREFIX
 *     and the nonce's hex), so every part outputs Poseidon(secret, H("zkdisclose/holder-tag:" ‖
 *     nonce)), H the string encoding: fresh for each request, so it links nothing across
 *     requests or verifiers.
 * Why equal outputs mean one holder, and why nothing links across verifiers: README "Several
 * credentials in one presentation".
 *
 * Refused at parsing (InputError naming the part): more than MAX_REQUEST_PARTS parts, a bearer
 * part (it proves no holder secret, so it cannot be bound), a part whose own predicates
 * contradict each other, and two parts of one schema from overlapping issuers: identical
 * (duplicate), contradicting (only two distinct credentials of one issuer could answer: the
 * request would make the holder prove they hold two), or merely overlapping (one credential
 * could answer both: ask in one part).
 */
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { MAX_REQUEST_PARTS, NONCE_BYTES } from './constants.js';
import { dateToInt, utcDate } from './encoding.js';
import { InputError, RefusalError, RequestError, ZkdError, describe } from './errors.js';
import { isRecord } from './internal/field.js';
import { assertWithinLimits } from './limits.js';
import { type RequestLeakage, analysePart, summarise } from './leakage.js';
import type { PopulationAssumptions } from './population.js';
import { presentationMode } from './policy.js';
import {
  type AcceptedKey, type ParsedRequest, type Predicate, type PresentationRequest, REQUEST_TYPE, parseRequest,
} from './request.js';
import { type RequestSigner, bindRequest } from './request-identity.js';
import { type Schema, schemaDigest } from './schema.js';
import type { BbsRequest } from './bbs-credential.js';

export const MULTI_REQUEST_TYPE = 'ZkDisclosureMultiRequest';
/** The binding scope of a multi-credential request without a scope is this prefix and the nonce's hex. */
export const HOLDER_TAG_PREFIX = 'zkdisclose/holder-tag:';

/** What a multi-credential request asks about one credential. */
export interface RequestPart {
  schema: { id: string; attributes: { name: string; type: string }[] };
  trustedIssuers: string[];
  maxRootAgeSeconds: number;
  disclose: string[];
  predicates: Predicate[];
  acceptedKeys: AcceptedKey[];
  /** BBS disclosure for this credential, linkable mode only (bearer parts cannot be bound). */
  bbs?: BbsRequest;
}

export interface MultiPresentationRequest {
  type: typeof MULTI_REQUEST_TYPE;
  version: 1;
  nonce: string;
  today: string;
  expiresAt: string;
  /** A per-verifier pseudonym, the same in every part; without it, the parts share a per-request holder tag. */
  scope?: string;
  parts: RequestPart[];
  verifier?: { did: string; signature: string };
  audience?: string;
  nonceSeed?: string;
}

export interface CreateRequestPartOptions {
  schema: Schema;
  trustedIssuers: string[];
  disclose?: string[];
  predicates?: Predicate[];
  acceptedKeys: AcceptedKey[];
  bbs?: BbsRequest;
  /** Default 3600 s. */
  maxRootAgeSeconds?: number;
}

export interface CreateMultiRequestOptions {
  /** 1..MAX_REQUEST_PARTS credentials, one part each. */
  parts: CreateRequestPartOptions[];
  scope?: string;
  verifier?: RequestSigner;
  audience?: string;
  /** Default: the UTC date of `now`. */
  today?: string;
  /** Default 600 s. */
  validForSeconds?: number;
  now?: Date;
}

/** A validated multi-credential request: the single request of each part, parsed. */
export interface ParsedMultiRequest {
  request: MultiPresentationRequest;
  /** Each part as the single request its presentation answers (envelope fields and binding scope added). */
  partRequests: PresentationRequest[];
  parts: ParsedRequest[];
  /** The scope every part proves under: the request's, or the holder tag. */
  bindingScope: string;
}

const PART_FIELDS = ['schema', 'trustedIssuers', 'maxRootAgeSeconds', 'disclose', 'predicates', 'acceptedKeys', 'bbs'] as const;

/** The holder-tag scope of a nonce. */
export function holderTagScope(nonce: string): string {
  return `${HOLDER_TAG_PREFIX}${nonce}`;
}

/**
 * Refuses a request scope in the holder tags' namespace. SECURITY: a verifier that knew another
 * request's nonce could otherwise ask, with scope "zkdisclose/holder-tag:<that nonce>", for the
 * very tag the holder showed there, and link the two presentations.
 * @throws {RefusalError} RESERVED_SCOPE
 */
export function assertScopeNotReserved(scope: string | undefined): void {
  if (scope !== undefined && scope.startsWith(HOLDER_TAG_PREFIX)) {
    throw new RefusalError('RESERVED_SCOPE', `the request's scope starts with "${HOLDER_TAG_PREFIX}", reserved for multi-credential holder tags (a verifier could link this presentation to another request's): no proof made`);
  }
}

/**
 * Makes a multi-credential request with a fresh nonce (bound to the verifier and audience when given).
 * @throws {InputError} / {RequestError} as parseMultiRequest does
 * @example
 * const request = createMultiRequest({ parts: [
 *   { schema: PERSON_SCHEMA, trustedIssuers: [state.did], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }], acceptedKeys },
 *   { schema: DRIVING_LICENCE_SCHEMA, trustedIssuers: [dmv.did], predicates: [{ attribute: 'classB', op: 'eq', value: true }], acceptedKeys },
 * ] });
 */
export function createMultiRequest(options: CreateMultiRequestOptions): MultiPresentationRequest {
  if (!isRecord(options)) throw new InputError('options', `expected the request options, got ${describe(options)}`);
  if (!Array.isArray(options.parts)) throw new InputError('parts', `expected 1..${MAX_REQUEST_PARTS} parts, one per credential`);
  const now = options.now ?? new Date();
  const parts = options.parts.map((part, i): RequestPart => {
    if (!isRecord(part) || !isRecord(part.schema) || !Array.isArray(part.trustedIssuers) || !Array.isArray(part.acceptedKeys)) {
      throw new InputError(`parts[${i}]`, 'expected { schema, trustedIssuers, acceptedKeys, disclose?, predicates?, bbs?, maxRootAgeSeconds? }');
    }
    return {
      schema: { id: part.schema.id, attributes: part.schema.attributes.map((a) => ({ ...a })) },
      trustedIssuers: [...part.trustedIssuers],
      maxRootAgeSeconds: part.maxRootAgeSeconds ?? 3600,
      disclose: [...(part.disclose ?? [])],
      predicates: (part.predicates ?? []).map((p) => ({ ...p }) as Predicate),
      acceptedKeys: part.acceptedKeys.map((k) => ({ ...k })),
      ...(part.bbs !== undefined && { bbs: { ...part.bbs, disclose: [...part.bbs.disclose] } }),
    };
  });
  const request: MultiPresentationRequest = {
    type: MULTI_REQUEST_TYPE,
    version: 1,
    nonce: bytesToHex(randomBytes(NONCE_BYTES)),
    today: options.today ?? utcDate(now),
    expiresAt: new Date(now.getTime() + 1000 * (options.validForSeconds ?? 600)).toISOString(),
    ...(options.scope !== undefined && { scope: options.scope }),
    parts,
  };
  const bound = options.verifier === undefined && options.audience === undefined ? request
    : bindRequest(request, { ...(options.verifier !== undefined && { verifier: options.verifier }), ...(options.audience !== undefined && { audience: options.audience }) });
  return parseMultiRequest(bound).request;
}

/** Whether a document is a multi-credential request (by its type; nothing else is checked). */
export function isMultiRequest(document: unknown): boolean {
  return isRecord(document) && document.type === MULTI_REQUEST_TYPE;
}

/** Re-labels a part's error: `request.predicates[0]` becomes `request.parts[1].predicates[0]`. */
function inPart(error: unknown, index: number): unknown {
  if (!(error instanceof ZkdError)) return error;
  const at = `request.parts[${index}]`;
  if (error instanceof InputError) {
    const detail = error.message.slice(`"${error.field}" `.length);
    return new InputError(error.field.startsWith('request') ? `${at}${error.field.slice('request'.length)}` : `${at}.${error.field}`, detail, error.code);
  }
  return new RequestError(`${at}: ${error.message}`, error.code);
}

/** The single request a part's presentation answers. */
function partRequest(envelope: Record<string, unknown>, part: Record<string, unknown>, bindingScope: string): PresentationRequest {
  return {
    type: REQUEST_TYPE, version: 1, nonce: envelope.nonce, today: envelope.today, expiresAt: envelope.expiresAt, scope: bindingScope,
    ...Object.fromEntries(PART_FIELDS.filter((k) => part[k] !== undefined).map((k) => [k, part[k]])),
  } as PresentationRequest;
}

const overlaps = (a: readonly string[], b: readonly string[]): boolean => a.some((x) => b.includes(x));

/** Two parts of one schema from overlapping issuers: a duplicate, a contradiction, or one credential's statement split in two. */
function checkPair(first: ParsedRequest, second: ParsedRequest, i: number, j: number): void {
  const field = `request.parts[${j}]`;
  const statement = (p: ParsedRequest): string => JSON.stringify([p.request.disclose, p.request.predicates, p.bbs ?? null]);
  if (statement(first) === statement(second)) throw new InputError(field, `repeats parts[${i}] (same schema, an issuer in common, same statement)`);
  const merged: ParsedRequest = { ...first, slots: [...first.slots, ...second.slots], request: { ...first.request, predicates: [...first.request.predicates, ...second.request.predicates] } };
  const conflict = analysePart(merged, 'unlinkable', {}).contradiction;
  if (conflict !== undefined) {
    throw new InputError(field, `contradicts parts[${i}]: ${conflict}, so only two distinct credentials of schema ${first.schema.id} from one issuer could answer (the request would make the holder prove they hold two)`);
  }
  throw new InputError(field, `asks again about a credential of schema ${first.schema.id} from an issuer of parts[${i}]: one credential could answer both parts; put both statements in one part`);
}

/**
 * Validates a multi-credential request (untrusted JSON) and compiles each part. Size limits
 * (limits.ts, `multiRequest`) are checked before anything else.
 * @throws {InputError} naming the field: malformed envelope or part, too many parts, a bearer
 *   part, a part whose predicates contradict, duplicate, contradicting or overlapping parts;
 *   LimitError over a limit; RequestError when no accepted circuit can express a part
 */
export function parseMultiRequest(document: unknown): ParsedMultiRequest {
  assertWithinLimits(document, 'multiRequest');
  if (!isRecord(document)) throw new InputError('request', `expected an object, got ${describe(document)}`);
  if (document.type !== MULTI_REQUEST_TYPE || document.version !== 1) throw new InputError('request.type', `expected ${MULTI_REQUEST_TYPE} version 1`);
  const rawParts = document.parts;
  if (!Array.isArray(rawParts) || rawParts.length === 0 || rawParts.length > MAX_REQUEST_PARTS) {
    throw new InputError('request.parts', `expected 1..${MAX_REQUEST_PARTS} parts, one per credential, got ${describe(rawParts)}`);
  }
  if (typeof document.nonce !== 'string' || !/^[0-9a-f]{64}$/.test(document.nonce)) throw new InputError('request.nonce', 'expected 64 lowercase hex characters');
  dateToInt(document.today, 'request.today');
  if (typeof document.expiresAt !== 'string' || Number.isNaN(Date.parse(document.expiresAt))) throw new InputError('request.expiresAt', 'expected an ISO date-time');
  if (document.scope !== undefined && (typeof document.scope !== 'string' || document.scope.length === 0)) throw new InputError('request.scope', 'expected a non-empty string when present');
  if (typeof document.scope === 'string' && document.scope.startsWith(HOLDER_TAG_PREFIX)) {
    throw new InputError('request.scope', `starts with "${HOLDER_TAG_PREFIX}", reserved for holder tags`);
  }
  const bindingScope = (document.scope as string | undefined) ?? holderTagScope(document.nonce);
  const partRequests: PresentationRequest[] = [];
  const parts = rawParts.map((part: unknown, i): ParsedRequest => {
    if (!isRecord(part)) throw new InputError(`request.parts[${i}]`, `expected an object, got ${describe(part)}`);
    const stray = Object.keys(part).find((k) => !(PART_FIELDS as readonly string[]).includes(k));
    if (stray !== undefined) {
      throw new InputError(`request.parts[${i}].${stray.slice(0, 64)}`, `is not a part field (a part has ${PART_FIELDS.join(', ')}; nonce, today, expiresAt and scope are the request's)`);
    }
    const single = partRequest(document, part, bindingScope);
    let parsed: ParsedRequest;
    try {
      parsed = parseRequest(single);
    } catch (error) {
      throw inPart(error, i);
    }
    if (parsed.bearer) throw new InputError(`request.parts[${i}].bbs.mode`, 'bearer proves no holder secret, so it cannot be bound to the other parts: ask for the (default) linkable mode');
    const contradiction = analysePart(parsed, presentationMode(parsed), {}).contradiction;
    if (contradiction !== undefined) throw new InputError(`request.parts[${i}].predicates`, `contradict each other: ${contradiction}; no credential can answer`);
    partRequests.push(single);
    return parsed;
  });
  for (let j = 1; j < parts.length; j++) {
    for (let i = 0; i < j; i++) {
      const [a, b] = [parts[i]!, parts[j]!];
      if (schemaDigest(a.schema) === schemaDigest(b.schema) && overlaps(a.request.trustedIssuers, b.request.trustedIssuers)) checkPair(a, b, i, j);
    }
  }
  return { request: document as unknown as MultiPresentationRequest, partRequests, parts, bindingScope };
}

/** The leakage summary of a (validated) multi-credential request: every part, bound by the scope's pseudonym or a holder tag. */
export function multiRequestLeakage(multi: ParsedMultiRequest, assumptions: PopulationAssumptions): RequestLeakage {
  return summarise(multi.parts.map((p) => analysePart(p, presentationMode(p), assumptions)), multi.request.scope, multi.request.scope === undefined);
}
