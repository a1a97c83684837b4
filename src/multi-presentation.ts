/**
 * Multi-credential presentations (issue 18 item 1): the answer to a multi-credential request
 * (multi-request.ts), one ordinary presentation per part, and their verification. Checks, in order:
 *   0. the presentation's type, then its size limits (limits.ts, `multiPresentation`);
 *   1. the request's verifier signature and nonce binding (and the audience this verifier
 *      serves), the nonce, the request's expiry, the nonce not spent, one answer per part;
 *   2. every part with verifyPresentation against the part's single request (multi-request.ts:
 *      the envelope's nonce, day and expiry and the binding scope), the whole of its checks
 *      (binding of every public input, issuer and root, key, proof, disclosure, BBS);
 *   3. the binding: every part's nullifier, proved under the one binding scope, is the same:
 *      one holder secret behind every credential (README "Several credentials in one presentation").
 * Returns `{ verified, errors, parts, nullifier }` and never throws on untrusted presentation
 * content; it throws only on caller misuse (a malformed request or options). The nonce is
 * consumed once, only when everything verified.
 */
import { assertVerificationKeys } from './config.js';
import { InputError, describe } from './errors.js';
import { isRecord } from './internal/field.js';
import { limitProblem } from './limits.js';
import type { DisclosedValue } from './encoding.js';
import { type ParsedMultiRequest, parseMultiRequest } from './multi-request.js';
import type { Presentation } from './presentation.js';
import { checkRequestIdentity } from './request-identity.js';
import { type NonceGate, type VerificationErrorCode, type VerificationResult, type VerifyOptions, verifyPresentation } from './verifier.js';

export const MULTI_PRESENTATION_TYPE = 'ZkDisclosureMultiPresentation';

/** The holder's answer to a multi-credential request: one presentation per part, in the request's order. */
export interface MultiPresentation {
  type: typeof MULTI_PRESENTATION_TYPE;
  version: 1;
  nonce: string;
  parts: Presentation[];
}

/** HOLDER_MISMATCH: the parts' nullifiers differ (credentials of more than one holder). */
export type MultiVerificationErrorCode = VerificationErrorCode | 'HOLDER_MISMATCH';

export interface MultiVerificationError {
  code: MultiVerificationErrorCode;
  message: string;
  /** The part the error is about, when it is about one. */
  part?: number;
  limit?: string;
}

export interface MultiVerificationResult {
  verified: boolean;
  errors: MultiVerificationError[];
  /** Per part, in the request's order (only when verified): its disclosed values and issuer. */
  parts: { disclosed: Record<string, DisclosedValue>; issuer: string | undefined }[];
  /** The pseudonym (decimal) when the request has a scope and everything verified; never the per-request holder tag. */
  nullifier: string | undefined;
}

/**
 * Verifies a multi-credential presentation against the verifier's own multi-credential request.
 * @param presentation untrusted JSON from the holder
 * @param request the request this verifier made (validated; misuse throws)
 * @param options as verifyPresentation's; the nonce store and audience apply to the whole request
 * @throws {InputError} only when `request` or `options` are malformed
 * @example
 * const result = await verifyMultiPresentation(presentation, request, { verificationKeys, rootViews, nonceStore });
 * result.verified; result.parts[1].disclosed;
 */
export async function verifyMultiPresentation(presentation: unknown, request: unknown, options: VerifyOptions): Promise<MultiVerificationResult> {
  return verifyMultiWithNonces(presentation, request, options, isRecord(options) ? options.nonceStore : undefined);
}

/** verifyMultiPresentation with its nonce bookkeeping passed apart from the options (for the Verifier object). */
export async function verifyMultiWithNonces(presentation: unknown, request: unknown, options: Omit<VerifyOptions, 'nonceStore'>, nonces: NonceGate | undefined): Promise<MultiVerificationResult> {
  const multi = parseMultiRequest(request);
  const errors: MultiVerificationError[] = [];
  const failed = (): MultiVerificationResult => ({ verified: false, errors, parts: [], nullifier: undefined });
  assertOptions(options);
  // The nonce store and the audience are the whole request's: checked once, below.
  const partOptions: VerifyOptions = { ...options, nonceStore: undefined, audience: undefined };
  if (!isRecord(presentation) || presentation.type !== MULTI_PRESENTATION_TYPE || presentation.version !== 1) {
    errors.push({ code: 'MALFORMED_PRESENTATION', message: `expected a ${MULTI_PRESENTATION_TYPE} version 1` });
    return failed();
  }
  const oversize = limitProblem(presentation, 'multiPresentation');
  if (oversize !== undefined) {
    errors.push({ code: 'LIMIT_EXCEEDED', message: `${oversize.field} ${oversize.message}`, limit: oversize.limit });
    return failed();
  }
  errors.push(...await checkEnvelope(multi, presentation, options, nonces));
  const parts = presentation.parts;
  if (!Array.isArray(parts) || parts.length !== multi.parts.length) {
    errors.push({ code: 'MALFORMED_PRESENTATION', message: `expected one presentation per part (${multi.parts.length})` });
    return failed();
  }
  // One part after the other. NOTE: snarkjs builds its curve on first use, and two concurrent first
  // uses build two, one of which keeps its worker threads (and Node) running for ever.
  const results: VerificationResult[] = [];
  for (const [i, r] of multi.partRequests.entries()) results.push(await verifyPresentation(parts[i], r, partOptions));
  results.forEach((result, i) => {
    for (const e of result.errors) errors.push({ ...e, message: `parts[${i}]: ${e.message}`, part: i });
  });
  if (errors.length === 0) {
    const first = results[0]!.nullifier;
    if (first === undefined || results.some((r) => r.nullifier !== first)) {
      errors.push({ code: 'HOLDER_MISMATCH', message: 'the parts were not proved with one holder secret (their nullifiers under the binding scope differ): credentials of more than one holder' });
    }
  }
  if (errors.length === 0 && nonces !== undefined && !(await nonces.consume(multi.request.nonce))) {
    errors.push({ code: 'NONCE_REPLAYED', message: 'this request nonce has already been used' });
  }
  if (errors.length > 0) return failed();
  return {
    verified: true,
    errors: [],
    parts: results.map((r) => ({ disclosed: r.disclosed, issuer: r.issuer })),
    nullifier: multi.request.scope === undefined ? undefined : results[0]!.nullifier,
  };
}

/** Caller misuse throws before any untrusted content is looked at (verifyPresentation checks the rest of the options). */
function assertOptions(options: Omit<VerifyOptions, 'nonceStore'>): void {
  if (!isRecord(options)) throw new InputError('options', `expected { verificationKeys, ... }, got ${describe(options)}`);
  assertVerificationKeys(options.verificationKeys);
  if (options.now !== undefined && (!(options.now instanceof Date) || Number.isNaN(options.now.getTime()))) throw new InputError('options.now', 'expected a valid Date');
  if (options.audience !== undefined && typeof options.audience !== 'string') throw new InputError('options.audience', `expected a string, got ${describe(options.audience)}`);
}

/** Step 1: who asked and where, the nonce, the expiry, replay. */
async function checkEnvelope(multi: ParsedMultiRequest, presentation: Record<string, unknown>, options: Omit<VerifyOptions, 'nonceStore'>, nonces: NonceGate | undefined): Promise<MultiVerificationError[]> {
  const errors: MultiVerificationError[] = [...checkRequestIdentity(multi.request as unknown as Record<string, unknown>, options.audience).errors];
  const now = options.now ?? new Date();
  if (presentation.nonce !== multi.request.nonce) errors.push({ code: 'NONCE_MISMATCH', message: 'presentation answers another request (nonce)' });
  if (now.getTime() > Date.parse(multi.request.expiresAt)) errors.push({ code: 'REQUEST_EXPIRED', message: `request expired at ${multi.request.expiresAt}` });
  if (nonces !== undefined && (await nonces.isSpent(multi.request.nonce))) errors.push({ code: 'NONCE_REPLAYED', message: 'this request nonce has already been used' });
  return errors;
}
