/**
 * The Verifier's `check` and `checkMulti` steps run in the worker pool (verify-pool.ts): the
 * same checks as verifyWithNonces and verifyMultiWithNonces, with the nonce bookkeeping kept on
 * this thread. A spent nonce is refused
 * before any pairing; the nonce is consumed (one atomic store call) only when the worker
 * verified everything. The issuers' root views the Verifier just synchronised are pushed to the
 * workers whenever they changed (a new latest root or freshness statement).
 */
import { ROOT_HISTORY_LIMIT, type IssuerRootView, type RootViewUpdate } from '../registry/root-view.js';
import type { RootStatement } from '../registry/statements.js';
import type { MultiVerificationResult, verifyMultiWithNonces } from '../multi-presentation.js';
import type { MultiPresentationRequest } from '../multi-request.js';
import type { PresentationRequest } from '../request.js';
import type { VerificationResult, verifyWithNonces } from '../verifier.js';
import type { VerifyPool } from './verify-pool.js';

const replayed = (): VerificationResult => ({
  verified: false, errors: [{ code: 'NONCE_REPLAYED', message: 'this request nonce has already been used' }], disclosed: {}, nullifier: undefined, issuer: undefined,
});

const multiReplayed = (): MultiVerificationResult => ({
  verified: false, errors: [{ code: 'NONCE_REPLAYED', message: 'this request nonce has already been used' }], parts: [], nullifier: undefined,
});

/** The statements of a view as one update a worker can apply to an empty view. */
function snapshot(view: IssuerRootView): RootViewUpdate {
  const latest = view.latest!;
  const history: RootStatement[] = [];
  for (let s = Math.max(0, latest.sequence - ROOT_HISTORY_LIMIT + 1); s < latest.sequence; s++) {
    const statement = view.statement(s);
    if (statement !== undefined) history.push(statement);
  }
  return { latest, history, ...(view.freshness !== undefined && { freshness: view.freshness }) };
}

/**
 * Pushes the issuers' root views to the pool's workers whenever one changed. A push replaces the
 * workers' views whole, so every check of one pool shares one pusher (it remembers every issuer).
 */
function rootViewPusher(pool: VerifyPool): (issuers: readonly string[], views: { get(issuer: string): IssuerRootView | undefined } | undefined) => void {
  const pushed = new Map<string, { version: string; update: RootViewUpdate }>();
  return (issuers, views) => {
    let changed = false;
    for (const issuer of issuers) {
      const view = views?.get(issuer);
      if (view === undefined) continue;
      const version = `${view.latest!.sequence}/${view.freshness?.signedAt ?? ''}`;
      if (pushed.get(issuer)?.version === version) continue;
      pushed.set(issuer, { version, update: snapshot(view) });
      changed = true;
    }
    if (changed) pool.setRootViews([...pushed.values()].map((p) => p.update));
  };
}

/** The Verifier's `check` and `checkMulti` that verify in `pool`, sharing one root-view pusher. */
export function pooledChecks(pool: VerifyPool): { check: typeof verifyWithNonces; checkMulti: typeof verifyMultiWithNonces } {
  const syncWorkers = rootViewPusher(pool);
  return { check: pooledCheck(pool, syncWorkers), checkMulti: pooledMultiCheck(pool, syncWorkers) };
}

type RootViewSync = ReturnType<typeof rootViewPusher>;

function pooledCheck(pool: VerifyPool, syncWorkers: RootViewSync): typeof verifyWithNonces {
  return async (presentation, request, options, nonces) => {
    const { nonce, trustedIssuers } = request as PresentationRequest;
    if (nonces !== undefined && (await nonces.isSpent(nonce))) return replayed();
    syncWorkers(trustedIssuers, options.rootViews);
    const result = await pool.verify({ presentation, request, now: options.now ?? new Date(), audience: options.audience });
    if (result.verified && nonces !== undefined && !(await nonces.consume(nonce))) return replayed();
    return result;
  };
}

/** Every part of a multi-credential presentation, and the binding, in one task of `pool`. */
function pooledMultiCheck(pool: VerifyPool, syncWorkers: RootViewSync): typeof verifyMultiWithNonces {
  return async (presentation, request, options, nonces) => {
    const { nonce, parts } = request as MultiPresentationRequest;
    if (nonces !== undefined && (await nonces.isSpent(nonce))) return multiReplayed();
    syncWorkers(parts.flatMap((part) => part.trustedIssuers), options.rootViews);
    const result = await pool.verifyMulti({ presentation, request, now: options.now ?? new Date(), audience: options.audience });
    if (result.verified && nonces !== undefined && !(await nonces.consume(nonce))) return multiReplayed();
    return result;
  };
}
