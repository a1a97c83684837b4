/**
 * The Verifier's `check` step run in the worker pool (verify-pool.ts): the same checks as
 * verifyWithNonces, with the nonce bookkeeping kept on this thread. A spent nonce is refused
 * before any pairing; the nonce is consumed (one atomic store call) only when the worker
 * verified everything. The issuers' root views the Verifier just synchronised are pushed to the
 * workers whenever they changed (a new latest root or freshness statement).
 */
import { ROOT_HISTORY_LIMIT, type IssuerRootView, type RootViewUpdate } from '../registry/root-view.js';
import type { RootStatement } from '../registry/statements.js';
import type { PresentationRequest } from '../request.js';
import type { VerificationResult, verifyWithNonces } from '../verifier.js';
import type { VerifyPool } from './verify-pool.js';

const replayed = (): VerificationResult => ({
  verified: false, errors: [{ code: 'NONCE_REPLAYED', message: 'this request nonce has already been used' }], disclosed: {}, nullifier: undefined, issuer: undefined,
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

/** A `check` for the Verifier that verifies in `pool`. */
export function pooledCheck(pool: VerifyPool): typeof verifyWithNonces {
  const pushed = new Map<string, { version: string; update: RootViewUpdate }>();
  const syncWorkers = (issuers: readonly string[], views: { get(issuer: string): IssuerRootView | undefined } | undefined): void => {
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

  return async (presentation, request, options, nonces) => {
    const { nonce, trustedIssuers } = request as PresentationRequest;
    if (nonces !== undefined && (await nonces.isSpent(nonce))) return replayed();
    syncWorkers(trustedIssuers, options.rootViews);
    const result = await pool.verify({ presentation, request, now: options.now ?? new Date(), audience: options.audience });
    if (result.verified && nonces !== undefined && !(await nonces.consume(nonce))) return replayed();
    return result;
  };
}
