/**
 * The Verifier object: what a verifier back-end otherwise wires by hand around
 * verifyPresentation. It owns
 *   - the verification keys it holds and the keys its requests accept (by hash);
 *   - its stores (verifier-stores.ts: pending requests, spent nonces, issuers' root statements;
 *     memory by default, SQLite from `zkdisclose/sqlite`, any database behind the interfaces);
 *   - its RootViews, loaded from the root-statement store and fed by registry exports or a
 *     RegistryClient (every statement checked before it is stored or used);
 *   - its identity for signed requests (request-identity.ts) and the audience it serves.
 * `createRequest` (and `createMultiRequest`, several credentials in one request) saves the
 * request as pending. `verify` (`verifyMulti` for a multi-credential presentation) finds the
 * pending request by the presentation's nonce, claims one attempt on it (atomically, under the attempt cap, only while
 * unexpired), brings the claimed issuer's root view up to date from the store, runs the checks
 * of verifyPresentation (verifier.ts; verifyMultiPresentation, multi-presentation.ts: the same
 * code), and only when everything verified consumes
 * the nonce (one atomic call) and removes the request. A failed attempt leaves the request
 * pending with its attempt counted. `verify` never throws on untrusted content; it rejects only
 * when a store does (infrastructure, not the presentation's fault).
 * This module runs in browsers; the Node entry's Verifier (verifier-node.ts) defaults to the
 * shipped verification keys.
 */
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { verificationKeyHash } from './artifact-integrity.js';
import { assertVerificationKeys } from './config.js';
import { InputError, describe } from './errors.js';
import { circuitParams } from './internal/circuit-input.js';
import { isRecord } from './internal/field.js';
import { type MultiVerificationResult, MULTI_PRESENTATION_TYPE, verifyMultiWithNonces } from './multi-presentation.js';
import { type CreateMultiRequestOptions, type CreateRequestPartOptions, type MultiPresentationRequest, createMultiRequest, isMultiRequest } from './multi-request.js';
import type { RegistryExport, RegistryLatest } from './registry/index.js';
import { type IssuerRootView, type RootViewUpdate, RootViews } from './registry/root-view.js';
import type { RootStatement } from './registry/statements.js';
import { freshnessSupersedes } from './registry/store.js';
import { type AcceptedKey, type CreateRequestOptions, type PresentationRequest, createRequest } from './request.js';
import type { RequestSigner } from './request-identity.js';
import { type VerificationErrorCode, type VerificationResult, verifyWithNonces } from './verifier.js';
import { type PendingRequest, type StoredRootStatements, type VerifierStores, memoryVerifierStores } from './verifier-stores.js';

/** Default cap on verification attempts per request. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface VerifierOptions {
  /** Verification keys by circuit name (each a snarkjs verification_key.json object). */
  verificationKeys: Record<string, Record<string, unknown>>;
  /** What requests accept by default (each must be a held key): default every held key of a known circuit. */
  acceptedKeys?: AcceptedKey[];
  /** Default: memoryVerifierStores() (one process, not durable). */
  stores?: VerifierStores;
  /** Sign every request as this verifier (an Ed25519 did:key and its secret key). */
  signer?: RequestSigner;
  /** Where requests are answered (e.g. "https://shop.example"): requests name it, and verification requires it. */
  audience?: string;
  /** Verification attempts per request before it is refused with TOO_MANY_ATTEMPTS (default 5). */
  maxAttempts?: number;
  /** The verifier's clock (default the system clock): request times, expiry, freshness. */
  clock?: () => Date;
  /**
   * Runs the checks of a claimed attempt (default verifyWithNonces, in this thread). The verifier
   * service passes one that runs the same function's checks in a worker pool; whatever it does,
   * it must consume the nonce through `nonces` only when everything verified.
   */
  check?: typeof verifyWithNonces;
  /** The same for `verifyMulti` (default verifyMultiWithNonces, in this thread). */
  checkMulti?: typeof verifyMultiWithNonces;
}

/** createRequest's options without what the Verifier supplies (identity, audience, time); acceptedKeys optional. */
export type VerifierRequestOptions = Omit<CreateRequestOptions, 'acceptedKeys' | 'verifier' | 'audience' | 'now'> & { acceptedKeys?: AcceptedKey[] };

/** A saved request: send `request` to the holder; `id` looks it up again. */
export interface CreatedRequest {
  id: string;
  request: PresentationRequest;
}

/** createMultiRequest's options without what the Verifier supplies; each part's acceptedKeys optional. */
export type VerifierMultiRequestOptions = Omit<CreateMultiRequestOptions, 'parts' | 'verifier' | 'audience' | 'now'> & {
  parts: (Omit<CreateRequestPartOptions, 'acceptedKeys'> & { acceptedKeys?: AcceptedKey[] })[];
};

/** A saved multi-credential request. */
export interface CreatedMultiRequest {
  id: string;
  request: MultiPresentationRequest;
}

/** What `claim` found: a claimed pending request, or why there is none to verify against. */
type Claim = { pending: PendingRequest } | { failure: { code: VerificationErrorCode; message: string } };

/** Where the Verifier fetches an issuer's statements: a RegistryClient, or anything shaped like it. */
export interface RootStatementSource {
  latest(signal?: AbortSignal): Promise<RegistryLatest>;
  history(signal?: AbortSignal): Promise<RootStatement[]>;
}

const HEX_NONCE = /^[0-9a-f]{64}$/;

function failure(code: VerificationErrorCode, message: string): VerificationResult {
  return { verified: false, errors: [{ code, message }], disclosed: {}, nullifier: undefined, issuer: undefined };
}

function multiFailure(code: VerificationErrorCode, message: string): MultiVerificationResult {
  return { verified: false, errors: [{ code, message }], parts: [], nullifier: undefined };
}

/**
 * A verifier back-end's state and checks in one object (see the module header).
 * @example
 * const verifier = new Verifier({ verificationKeys, stores: openSqliteVerifierStores('verifier.db') });
 * await verifier.addRegistryExport(issuer.exportRegistry());
 * const { request } = await verifier.createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [issuer.did],
 *   predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] });
 * const result = await verifier.verify(presentationFromTheHolder);
 */
export class Verifier {
  /** The keys requests accept unless createRequest names others. */
  readonly acceptedKeys: readonly AcceptedKey[];
  /** The verifier's views of its issuers' roots (kept in step with the root-statement store). */
  readonly rootViews = new RootViews();
  readonly stores: VerifierStores;
  private readonly verificationKeys: Record<string, Record<string, unknown>>;
  private readonly heldHashes: Map<string, string>;
  private readonly signer: RequestSigner | undefined;
  private readonly audience: string | undefined;
  private readonly maxAttempts: number;
  private readonly clock: () => Date;
  private readonly check: typeof verifyWithNonces;
  private readonly checkMulti: typeof verifyMultiWithNonces;

  /** @throws {InputError} naming the option that is malformed */
  constructor(options: VerifierOptions) {
    if (!isRecord(options)) throw new InputError('options', `expected the verifier options, got ${describe(options)}`);
    this.verificationKeys = { ...assertVerificationKeys(options.verificationKeys) };
    this.heldHashes = new Map(Object.entries(this.verificationKeys).map(([circuit, vkey]) => [circuit, verificationKeyHash(vkey)]));
    this.acceptedKeys = options.acceptedKeys === undefined
      ? [...this.heldHashes].filter(([circuit]) => circuitParams(circuit) !== undefined).map(([circuit, vkeyHash]) => ({ circuit, vkeyHash }))
      : this.heldKeys(options.acceptedKeys, 'options.acceptedKeys');
    if (this.acceptedKeys.length === 0) throw new InputError('options.verificationKeys', 'holds no key of a circuit this library has: pass loadVerificationKey(circuit).vkey for each accepted circuit');
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) throw new InputError('options.maxAttempts', `expected a positive integer, got ${describe(maxAttempts)}`);
    if (options.audience !== undefined && (typeof options.audience !== 'string' || options.audience.length === 0)) {
      throw new InputError('options.audience', `expected a non-empty string, got ${describe(options.audience)}`);
    }
    if (options.clock !== undefined && typeof options.clock !== 'function') throw new InputError('options.clock', 'expected a function returning a Date');
    if (options.check !== undefined && typeof options.check !== 'function') throw new InputError('options.check', 'expected a function shaped like verifyWithNonces');
    if (options.checkMulti !== undefined && typeof options.checkMulti !== 'function') throw new InputError('options.checkMulti', 'expected a function shaped like verifyMultiWithNonces');
    this.check = options.check ?? verifyWithNonces;
    this.checkMulti = options.checkMulti ?? verifyMultiWithNonces;
    this.maxAttempts = maxAttempts;
    this.signer = options.signer;
    this.audience = options.audience;
    this.clock = options.clock ?? (() => new Date());
    this.stores = options.stores ?? memoryVerifierStores();
  }

  /** The verifier's did:key when it signs its requests. */
  get did(): string | undefined {
    return this.signer?.did;
  }

  private heldKeys(keys: unknown, field: string): AcceptedKey[] {
    if (!Array.isArray(keys)) throw new InputError(field, `expected an array of { circuit, vkeyHash }, got ${describe(keys)}`);
    return keys.map((k: unknown, i) => {
      if (!isRecord(k) || typeof k.circuit !== 'string' || typeof k.vkeyHash !== 'string') throw new InputError(`${field}[${i}]`, 'expected { circuit, vkeyHash }');
      if (this.heldHashes.get(k.circuit) !== k.vkeyHash) {
        throw new InputError(`${field}[${i}]`, `this verifier holds no verification key of ${k.circuit.slice(0, 64)} with hash ${k.vkeyHash.slice(0, 64)}: it could not verify what it accepts`);
      }
      return { circuit: k.circuit, vkeyHash: k.vkeyHash };
    });
  }

  /**
   * Makes a request (signed and bound to the audience when the Verifier has them) and saves it
   * as pending.
   * @throws {InputError} / {RequestError} as createRequest, or for accepted keys this verifier does not hold
   */
  async createRequest(options: VerifierRequestOptions): Promise<CreatedRequest> {
    if (!isRecord(options)) throw new InputError('options', `expected the request options, got ${describe(options)}`);
    const now = this.clock();
    const acceptedKeys = options.acceptedKeys === undefined ? [...this.acceptedKeys] : this.heldKeys(options.acceptedKeys, 'acceptedKeys');
    const request = createRequest({
      ...options, acceptedKeys, now, verifier: undefined, audience: undefined,
      ...(this.signer !== undefined && { verifier: this.signer }),
      ...(this.audience !== undefined && { audience: this.audience }),
    });
    const created = { id: bytesToHex(randomBytes(16)), request };
    await this.stores.requests.save({ ...created, createdAt: now.toISOString(), attempts: 0 });
    return created;
  }

  /**
   * Makes a multi-credential request (multi-request.ts; signed and bound to the audience when
   * the Verifier has them) and saves it as pending; answer it with `verifyMulti`.
   * @throws {InputError} / {RequestError} as createMultiRequest, or for accepted keys this verifier does not hold
   */
  async createMultiRequest(options: VerifierMultiRequestOptions): Promise<CreatedMultiRequest> {
    if (!isRecord(options)) throw new InputError('options', `expected the request options, got ${describe(options)}`);
    if (!Array.isArray(options.parts)) throw new InputError('parts', `expected an array of request parts, got ${describe(options.parts)}`);
    const now = this.clock();
    const parts = options.parts.map((part, i) => {
      if (!isRecord(part)) throw new InputError(`parts[${i}]`, `expected a request part, got ${describe(part)}`);
      return { ...part, acceptedKeys: part.acceptedKeys === undefined ? [...this.acceptedKeys] : this.heldKeys(part.acceptedKeys, `parts[${i}].acceptedKeys`) };
    });
    const request = createMultiRequest({
      ...options, parts, now, verifier: undefined, audience: undefined,
      ...(this.signer !== undefined && { verifier: this.signer }),
      ...(this.audience !== undefined && { audience: this.audience }),
    });
    const created = { id: bytesToHex(randomBytes(16)), request };
    await this.stores.requests.save({ ...created, createdAt: now.toISOString(), attempts: 0 });
    return created;
  }

  /** A pending request by id (undefined once answered by a verified presentation, or pruned). */
  async pendingRequest(id: string): Promise<PendingRequest | undefined> {
    return typeof id === 'string' ? this.stores.requests.byId(id) : undefined;
  }

  /**
   * Verifies a presentation against the pending request of its nonce. Codes beyond
   * verifyPresentation's: REQUEST_UNKNOWN (no such pending request), TOO_MANY_ATTEMPTS; a nonce
   * already consumed gives NONCE_REPLAYED, an expired request REQUEST_EXPIRED, and a nonce of a
   * multi-credential request REQUEST_MISMATCH (that one is answered through `verifyMulti`).
   * Never throws on untrusted content; rejects when a store fails.
   */
  async verify(presentation: unknown): Promise<VerificationResult> {
    if (isRecord(presentation) && presentation.type === MULTI_PRESENTATION_TYPE) {
      return failure('MALFORMED_PRESENTATION', 'a multi-credential presentation: verify it with verifyMulti');
    }
    const now = this.clock();
    const claim = await this.claim(presentation, now);
    if ('failure' in claim) return failure(claim.failure.code, claim.failure.message);
    const { request } = claim.pending;
    if (isMultiRequest(request)) return failure('REQUEST_MISMATCH', 'this nonce belongs to a multi-credential request: answer it with a multi-credential presentation (verifyMulti)');
    const single = request as PresentationRequest;
    const issuer = (presentation as Record<string, unknown>).issuer;
    if (typeof issuer === 'string' && single.trustedIssuers.includes(issuer)) await this.syncRootView(issuer);
    const result = await this.check(presentation, single, this.verifyOptions(now), this.nonceGate(single.expiresAt));
    if (result.verified) await this.stores.requests.remove(single.nonce);
    return result;
  }

  /**
   * Verifies a multi-credential presentation against the pending multi-credential request of
   * its nonce: every part and the one-holder binding (verifyMultiPresentation), with the pending
   * request claimed, and its nonce consumed, as in `verify` (through the `checkMulti` option:
   * the verifier service runs it in its worker pool).
   * Never throws on untrusted content; rejects when a store fails.
   */
  async verifyMulti(presentation: unknown): Promise<MultiVerificationResult> {
    if (isRecord(presentation) && presentation.type !== MULTI_PRESENTATION_TYPE) {
      return multiFailure('MALFORMED_PRESENTATION', 'a single-credential presentation: verify it with verify');
    }
    const now = this.clock();
    const claim = await this.claim(presentation, now);
    if ('failure' in claim) return multiFailure(claim.failure.code, claim.failure.message);
    const { request } = claim.pending;
    if (!isMultiRequest(request)) return multiFailure('REQUEST_MISMATCH', 'this nonce belongs to a single-credential request: answer it with a single presentation (verify)');
    const multi = request as MultiPresentationRequest;
    const parts = (presentation as Record<string, unknown>).parts;
    for (const [i, part] of multi.parts.entries()) {
      const issuer = Array.isArray(parts) && isRecord(parts[i]) ? parts[i].issuer : undefined;
      if (typeof issuer === 'string' && part.trustedIssuers.includes(issuer)) await this.syncRootView(issuer);
    }
    const result = await this.checkMulti(presentation, multi, this.verifyOptions(now), this.nonceGate(multi.expiresAt));
    if (result.verified) await this.stores.requests.remove(multi.nonce);
    return result;
  }

  /**
   * Finds the pending request of the presentation's nonce and claims one verification attempt on
   * it (atomically, under the cap, only while unexpired), or says why it cannot.
   */
  private async claim(presentation: unknown, now: Date): Promise<Claim> {
    const nonce = isRecord(presentation) ? presentation.nonce : undefined;
    if (typeof nonce !== 'string' || !HEX_NONCE.test(nonce)) {
      return { failure: { code: 'MALFORMED_PRESENTATION', message: 'expected a presentation carrying the nonce (64 hex characters) of a request this verifier made' } };
    }
    const claim = await this.stores.requests.claimAttempt(nonce, this.maxAttempts, now);
    switch (claim.status) {
      case 'unknown':
        return (await this.stores.nonces.isSpent(nonce))
          ? { failure: { code: 'NONCE_REPLAYED', message: 'this request nonce has already been used' } }
          : { failure: { code: 'REQUEST_UNKNOWN', message: 'no pending request of this verifier has this nonce (never made here, or expired and pruned)' } };
      case 'expired':
        return { failure: { code: 'REQUEST_EXPIRED', message: `request expired at ${claim.pending.request.expiresAt}` } };
      case 'exhausted':
        return { failure: { code: 'TOO_MANY_ATTEMPTS', message: `the request has had ${claim.pending.attempts} verification attempts, the most this verifier allows: ask for a new request` } };
      default:
        return { pending: claim.pending };
    }
  }

  private verifyOptions(now: Date) {
    return { verificationKeys: this.verificationKeys, rootViews: this.rootViews, now, ...(this.audience !== undefined && { audience: this.audience }) };
  }

  /** The spent-nonce store as verification's nonce gate; a consumed nonce is kept until its request's expiry. */
  private nonceGate(expiresAt: string) {
    const expiry = new Date(expiresAt);
    return {
      isSpent: (n: string) => this.stores.nonces.isSpent(n),
      consume: (n: string) => this.stores.nonces.consume(n, expiry),
    };
  }

  /** Removes expired pending requests and the spent nonces of expired requests. */
  async prune(): Promise<{ requests: number; nonces: number }> {
    const now = this.clock();
    return { requests: await this.stores.requests.prune(now), nonces: await this.stores.nonces.prune(now) };
  }

  /**
   * Adds an issuer's statements (checked: signature, issuer, monotonic sequence, consistent
   * freshness) to the root views and the shared store.
   * @throws {RegistryError} as IssuerRootView.update; the view and the store are unchanged then
   */
  async addRootStatements(update: RootViewUpdate): Promise<IssuerRootView> {
    const latest = update.latest as { issuer?: unknown } | null;
    if (typeof latest === 'object' && latest !== null && typeof latest.issuer === 'string') await this.syncRootView(latest.issuer);
    const view = this.rootViews.update(update);
    const given = [...(Array.isArray(update.history) ? update.history : []), update.latest] as RootStatement[];
    const roots = given.flatMap((s) => view.statement(s.sequence) ?? []);
    await this.stores.roots.add(view.issuer, roots, view.freshness);
    return view;
  }

  /** Adds the statements of a registry export (Issuer.exportRegistry, `zkdisclose registry export`). */
  async addRegistryExport(exported: RegistryExport): Promise<IssuerRootView> {
    const e = (isRecord(exported) ? exported : {}) as Partial<RegistryExport>;
    return this.addRootStatements({ latest: e.rootStatement, history: e.history, freshness: e.freshness });
  }

  /**
   * Fetches an issuer's latest statements and recent history (a RegistryClient) and adds them.
   * @throws {RegistryError} as the client and addRootStatements
   */
  async refreshRootView(source: RootStatementSource, signal?: AbortSignal): Promise<IssuerRootView> {
    // History first: fetched after it, the latest cannot be older than the history's end.
    const history = await source.history(signal);
    const { rootStatement, freshness } = await source.latest(signal);
    return this.addRootStatements({ latest: rootStatement, history: history.filter((s) => s.sequence < rootStatement.sequence), freshness });
  }

  /** Loads into the issuer's root view what the store holds beyond it (statements checked again). */
  private async syncRootView(issuer: string): Promise<void> {
    const view = this.rootViews.of(issuer);
    const stored = await this.stores.roots.since(issuer, view.latest?.sequence ?? -1);
    applyStored(view, stored);
  }

  /** Closes the stores. */
  async close(): Promise<void> {
    await this.stores.close();
  }
}

/**
 * Applies stored statements newer than the view holds now (another verify may have applied
 * some since they were read), and a newer freshness statement about the latest root.
 */
function applyStored(view: IssuerRootView, stored: StoredRootStatements): void {
  const current = view.latest?.sequence ?? -1;
  const roots = stored.roots.filter((s) => s.sequence > current);
  const latest = roots.at(-1) ?? view.latest;
  if (latest === undefined) return;
  const freshness = stored.freshness?.sequence === latest.sequence ? stored.freshness : undefined;
  if (roots.length === 0 && (freshness === undefined || !freshnessSupersedes(freshness, view.freshness))) return;
  view.update({ latest, history: roots.slice(0, -1), ...(freshness !== undefined && { freshness }) });
}
