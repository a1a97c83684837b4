/**
 * What a verifier back-end keeps between a request and its presentation, behind three store
 * interfaces whose every method returns a Promise (so that a network database fits: the
 * memory stores here, SQLite in sqlite.ts, PostgreSQL in the verifier service):
 *
 *   - PendingRequestStore: the requests this verifier made and not yet saw answered, by id and
 *     by nonce. `claimAttempt` is one atomic call that counts a verification attempt, only while
 *     the request is unexpired and under the attempt cap. A request leaves the store when a
 *     verified presentation consumed its nonce (or when pruned after expiry), so a bystander who
 *     saw a request cannot burn it with a bad presentation, and nobody can grind on it past the
 *     cap (the holder then asks for a new request).
 *   - SpentNonceStore: `consume` is one atomic test-and-set (false when already spent), never a
 *     read followed by a write. Each nonce is stored with its request's expiry, and `prune`
 *     drops those past it: a replay after that finds no pending request and an expired request.
 *   - RootStatementStore: the issuers' signed root and freshness statements. They sit behind a
 *     store, rather than only in each process's RootViews, so that verifier instances behind one
 *     load balancer share one view: a root statement that one instance fetched is accepted by
 *     all (a holder does not get ROOT_UNKNOWN from one instance and success from another, and
 *     spends no attempt on the difference), one refresher can feed many instances, and a
 *     restarted instance cannot be rolled back to an older root by a stale mirror. The store
 *     holds signed statements, so it is not trusted with anything: each instance checks every
 *     statement again (signature, issuer, monotonic sequence) as it loads it into its RootViews.
 *
 * Store methods reject only on infrastructure failure (a database down) or misuse; the Verifier
 * (verifier-object.ts) lets those rejections through, since they say nothing about the
 * presentation (the service answers 503).
 */
import { InputError, RegistryError } from './errors.js';
import { ROOT_HISTORY_LIMIT } from './registry/root-view.js';
import type { FreshnessStatement, RootStatement } from './registry/statements.js';
import { freshnessSupersedes } from './registry/store.js';
import type { MultiPresentationRequest } from './multi-request.js';
import type { PresentationRequest } from './request.js';

/** A request the verifier made, waiting for its presentation. */
export interface PendingRequest {
  /** Random identifier (32 hex characters), for looking the request up (e.g. GET /requests/:id). */
  id: string;
  /** The request as sent to the holder (single or multi-credential); its nonce and expiresAt key the store. */
  request: PresentationRequest | MultiPresentationRequest;
  /** When it was made (ISO 8601). */
  createdAt: string;
  /** Verification attempts started against it; every one but a verified one stays counted. */
  attempts: number;
}

/** What `claimAttempt` found. */
export type AttemptClaim =
  | { status: 'claimed'; pending: PendingRequest }
  | { status: 'unknown' }
  | { status: 'expired'; pending: PendingRequest }
  | { status: 'exhausted'; pending: PendingRequest };

export interface PendingRequestStore {
  /** Saves a new request. @throws {InputError} when its id or nonce is already saved */
  save(pending: PendingRequest): Promise<void>;
  byId(id: string): Promise<PendingRequest | undefined>;
  byNonce(nonce: string): Promise<PendingRequest | undefined>;
  /**
   * One atomic call: when the request of `nonce` exists, has not expired at `now` and has had
   * fewer than `maxAttempts` attempts, counts one more and returns it (`claimed`, with the count
   * after this attempt); otherwise changes nothing and says why.
   */
  claimAttempt(nonce: string, maxAttempts: number, now: Date): Promise<AttemptClaim>;
  /** Removes the request of `nonce` (after its nonce was consumed); false when there was none. */
  remove(nonce: string): Promise<boolean>;
  /** Removes requests that expired before `now`; returns how many. */
  prune(now: Date): Promise<number>;
  close(): Promise<void>;
}

export interface SpentNonceStore {
  /**
   * Marks the nonce spent, as one atomic call; false when it already was. `expiresAt` is the
   * expiry of the nonce's request, after which `prune` may forget the nonce.
   */
  consume(nonce: string, expiresAt: Date): Promise<boolean>;
  isSpent(nonce: string): Promise<boolean>;
  /** Forgets nonces whose request expired before `now`; returns how many. */
  prune(now: Date): Promise<number>;
  close(): Promise<void>;
}

/** An issuer's stored statements newer than a sequence. */
export interface StoredRootStatements {
  /** Root statements with a sequence above the one asked for, oldest first (the most recent ROOT_HISTORY_LIMIT at most). */
  roots: RootStatement[];
  /** The issuer's newest freshness statement, if any (whatever sequence it is about). */
  freshness: FreshnessStatement | undefined;
}

export interface RootStatementStore {
  /**
   * Adds an issuer's statements, already checked by the caller (the store does not verify
   * signatures; readers check again). Idempotent. Keeps the newest freshness statement (the
   * rule of freshnessSupersedes) and the latest ROOT_HISTORY_LIMIT root statements.
   * @throws {RegistryError} REGISTRY_INVALID when a stored statement of the same sequence has another root or size
   */
  add(issuer: string, roots: readonly RootStatement[], freshness?: FreshnessStatement): Promise<void>;
  since(issuer: string, afterSequence: number): Promise<StoredRootStatements>;
  /** The issuers with stored statements. */
  issuers(): Promise<string[]>;
  close(): Promise<void>;
}

/** The three stores of one verifier (one database, or memory). */
export interface VerifierStores {
  requests: PendingRequestStore;
  nonces: SpentNonceStore;
  roots: RootStatementStore;
  close(): Promise<void>;
}

/** Milliseconds since the epoch of a request's expiresAt (validated by parseRequest). */
export function requestExpiry(request: PresentationRequest | MultiPresentationRequest): number {
  return Date.parse(request.expiresAt);
}

/** The error for a stored root statement that another signed statement contradicts. */
export function conflictingRoot(issuer: string, sequence: number): RegistryError {
  return new RegistryError(`${issuer.slice(0, 80)}: two different signed roots for sequence ${sequence}`, 'REGISTRY_INVALID');
}

/** Pending requests in memory: for tests, browsers and one-process verifiers. Not durable. */
export class MemoryPendingRequestStore implements PendingRequestStore {
  private readonly byNonceMap = new Map<string, PendingRequest>();
  private readonly nonceOfId = new Map<string, string>();

  async save(pending: PendingRequest): Promise<void> {
    if (this.nonceOfId.has(pending.id)) throw new InputError('pending.id', `request ${pending.id.slice(0, 64)} is already saved`);
    if (this.byNonceMap.has(pending.request.nonce)) throw new InputError('pending.request.nonce', 'a request with this nonce is already saved');
    this.byNonceMap.set(pending.request.nonce, structuredClone(pending));
    this.nonceOfId.set(pending.id, pending.request.nonce);
  }

  async byId(id: string): Promise<PendingRequest | undefined> {
    const nonce = this.nonceOfId.get(id);
    return nonce === undefined ? undefined : this.byNonce(nonce);
  }

  async byNonce(nonce: string): Promise<PendingRequest | undefined> {
    const pending = this.byNonceMap.get(nonce);
    return pending === undefined ? undefined : structuredClone(pending);
  }

  async claimAttempt(nonce: string, maxAttempts: number, now: Date): Promise<AttemptClaim> {
    const pending = this.byNonceMap.get(nonce);
    if (pending === undefined) return { status: 'unknown' };
    if (now.getTime() > requestExpiry(pending.request)) return { status: 'expired', pending: structuredClone(pending) };
    if (pending.attempts >= maxAttempts) return { status: 'exhausted', pending: structuredClone(pending) };
    pending.attempts += 1;
    return { status: 'claimed', pending: structuredClone(pending) };
  }

  async remove(nonce: string): Promise<boolean> {
    return this.removeNow(nonce);
  }

  private removeNow(nonce: string): boolean {
    const pending = this.byNonceMap.get(nonce);
    if (pending === undefined) return false;
    this.byNonceMap.delete(nonce);
    this.nonceOfId.delete(pending.id);
    return true;
  }

  async prune(now: Date): Promise<number> {
    let removed = 0;
    for (const [nonce, pending] of this.byNonceMap) {
      if (requestExpiry(pending.request) < now.getTime() && this.removeNow(nonce)) removed += 1;
    }
    return removed;
  }

  async close(): Promise<void> {}
}

/** Spent nonces in memory, each with its request's expiry. Not durable. */
export class MemorySpentNonceStore implements SpentNonceStore {
  private readonly spent = new Map<string, number>();

  async consume(nonce: string, expiresAt: Date): Promise<boolean> {
    if (this.spent.has(nonce)) return false;
    this.spent.set(nonce, expiresAt.getTime());
    return true;
  }

  async isSpent(nonce: string): Promise<boolean> {
    return this.spent.has(nonce);
  }

  async prune(now: Date): Promise<number> {
    let removed = 0;
    for (const [nonce, expiry] of this.spent) {
      if (expiry < now.getTime()) {
        this.spent.delete(nonce);
        removed += 1;
      }
    }
    return removed;
  }

  async close(): Promise<void> {}
}

/** Root and freshness statements in memory. Not durable. */
export class MemoryRootStatementStore implements RootStatementStore {
  private readonly byIssuer = new Map<string, { roots: Map<number, RootStatement>; freshness: FreshnessStatement | undefined }>();

  async add(issuer: string, roots: readonly RootStatement[], freshness?: FreshnessStatement): Promise<void> {
    const known = this.byIssuer.get(issuer) ?? { roots: new Map<number, RootStatement>(), freshness: undefined };
    for (const s of roots) {
      const same = known.roots.get(s.sequence);
      if (same !== undefined && (same.root !== s.root || same.size !== s.size)) throw conflictingRoot(issuer, s.sequence);
    }
    for (const s of roots) if (!known.roots.has(s.sequence)) known.roots.set(s.sequence, structuredClone(s));
    if (freshness !== undefined && freshnessSupersedes(freshness, known.freshness)) known.freshness = structuredClone(freshness);
    const newest = Math.max(...known.roots.keys());
    for (const sequence of known.roots.keys()) if (sequence <= newest - ROOT_HISTORY_LIMIT) known.roots.delete(sequence);
    this.byIssuer.set(issuer, known);
  }

  async since(issuer: string, afterSequence: number): Promise<StoredRootStatements> {
    const known = this.byIssuer.get(issuer);
    if (known === undefined) return { roots: [], freshness: undefined };
    const roots = [...known.roots.values()].filter((s) => s.sequence > afterSequence).sort((a, b) => a.sequence - b.sequence);
    return { roots: structuredClone(roots), freshness: structuredClone(known.freshness) };
  }

  async issuers(): Promise<string[]> {
    return [...this.byIssuer.keys()];
  }

  async close(): Promise<void> {}
}

/** The three memory stores: what a Verifier uses when given none. */
export function memoryVerifierStores(): VerifierStores {
  return {
    requests: new MemoryPendingRequestStore(),
    nonces: new MemorySpentNonceStore(),
    roots: new MemoryRootStatementStore(),
    close: async () => {},
  };
}
