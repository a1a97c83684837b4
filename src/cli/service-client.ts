/**
 * The CLI's side of the verifier service (`present --to URL`): asks the service for a request
 * from one of its named policies, and posts a presentation for verification. A problem+json
 * answer becomes a ZkdError carrying the service's code and detail. Every call has a timeout.
 */
import { ZkdError, type ErrorCode } from '../errors.js';
import { isRecord } from '../internal/field.js';
import type { Presentation } from '../presentation.js';
import type { PresentationRequest } from '../request.js';
import type { VerificationResult } from '../verifier.js';

const TIMEOUT_MS = 60_000;

async function callService(base: string, path: string, body: unknown): Promise<unknown> {
  let url: URL;
  try {
    url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  } catch {
    throw new ZkdError('INVALID_INPUT', `--to: not a URL: ${base.slice(0, 80)}`);
  }
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new ZkdError('REGISTRY_UNAVAILABLE', `the verifier service at ${url.origin} did not answer: ${(err as Error).message}`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ZkdError('INVALID_INPUT', `the verifier service answered ${response.status} without JSON`);
  }
  if (!response.ok) {
    const problem = isRecord(json) ? json : {};
    const code = typeof problem.code === 'string' ? problem.code : 'UNSUPPORTED';
    throw new ZkdError(code as ErrorCode, `the verifier service answered ${response.status}: ${typeof problem.detail === 'string' ? problem.detail : text.slice(0, 200)}`);
  }
  return json;
}

/** POST /requests { policy }: the request to answer. */
export async function requestFromService(base: string, policy: string): Promise<PresentationRequest> {
  const created = await callService(base, 'requests', { policy });
  if (!isRecord(created) || !isRecord(created.request)) throw new ZkdError('INVALID_REQUEST', 'the verifier service answered POST /requests without a request');
  return created.request as unknown as PresentationRequest;
}

/** POST /presentations: the service's verification result. */
export async function verifyAtService(base: string, presentation: Presentation): Promise<VerificationResult> {
  const result = await callService(base, 'presentations', presentation);
  if (!isRecord(result) || typeof result.verified !== 'boolean' || !Array.isArray(result.errors)) {
    throw new ZkdError('INVALID_INPUT', 'the verifier service answered POST /presentations without a verification result');
  }
  return result as unknown as VerificationResult;
}
