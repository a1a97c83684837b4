/**
 * The page's calls in "verifier service" mode (main.ts): the verifier service's POST /requests
 * (a request from a named policy) and POST /presentations (its verification result), and the
 * demo issuer's POST /credentials (a credential for the page's holder commitment: the holder's
 * secret never leaves the page) and GET /registry (service-demo.ts). A problem+json answer or
 * an unreachable server becomes a ServiceCallError with the service's code and detail.
 */
import type { Credential, PresentationRequest, RegistryExport } from 'zkdisclose';

const TIMEOUT_MS = 60_000;

/** Where the page finds the service, which policy it asks for, and the issuer the service trusts. */
export interface ServiceSettings {
  serviceUrl: string;
  policy: string;
  issuerUrl: string;
}

/** A call that did not get the answer it expected: `code` is the service's (or UNREACHABLE / BAD_ANSWER). */
export class ServiceCallError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ServiceCallError';
  }
}

/** The service's answer to POST /presentations (bigints as decimal strings, absent values null). */
export interface ServiceVerification {
  verified: boolean;
  errors: { code: string; message: string }[];
  disclosed: Record<string, unknown>;
  issuer: string | null;
}

function checkedUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ServiceCallError('INVALID_INPUT', `${what}: not a URL: "${value.slice(0, 80)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ServiceCallError('INVALID_INPUT', `${what}: expected an http(s) URL`);
  return url.href.replace(/\/$/, '');
}

/** The settings from the page's query (`?service=URL&policy=NAME&issuer=URL`), if it names a service. */
export function settingsFromQuery(search: string): Partial<ServiceSettings> {
  const params = new URLSearchParams(search);
  const pick = (name: string): string | undefined => params.get(name) ?? undefined;
  return Object.fromEntries(Object.entries({ serviceUrl: pick('service'), policy: pick('policy'), issuerUrl: pick('issuer') }).filter(([, v]) => v !== undefined && v !== ''));
}

/** Checks the settings' URLs (http or https) and the policy name. @throws {ServiceCallError} */
export function checkSettings(settings: ServiceSettings): ServiceSettings {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(settings.policy)) throw new ServiceCallError('INVALID_INPUT', 'policy: 1-64 letters, digits, ".", "_" or "-"');
  return { serviceUrl: checkedUrl(settings.serviceUrl, 'service URL'), policy: settings.policy, issuerUrl: checkedUrl(settings.issuerUrl, 'issuer URL') };
}

async function call(url: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new ServiceCallError('UNREACHABLE', `${new URL(url).origin} did not answer (${(err as Error).message}); is it running, and is this page's origin in its CORS allow-list?`);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ServiceCallError('BAD_ANSWER', `${url} answered ${response.status} without JSON`);
  }
  if (!response.ok) {
    const problem = (json ?? {}) as { code?: unknown; detail?: unknown };
    throw new ServiceCallError(typeof problem.code === 'string' ? problem.code : `HTTP_${response.status}`, typeof problem.detail === 'string' ? problem.detail : `${url} answered ${response.status}`);
  }
  return json;
}

/** POST /requests { policy }: the pending request's id and the request. */
export async function requestFromService(settings: ServiceSettings): Promise<{ id: string; request: PresentationRequest }> {
  const created = (await call(`${settings.serviceUrl}/requests`, { policy: settings.policy })) as { id?: unknown; request?: unknown };
  if (typeof created.id !== 'string' || typeof created.request !== 'object' || created.request === null) throw new ServiceCallError('BAD_ANSWER', 'POST /requests answered without { id, request }');
  return { id: created.id, request: created.request as PresentationRequest };
}

/** POST /presentations: the service's verification result. */
export async function verifyAtService(settings: ServiceSettings, presentation: unknown): Promise<ServiceVerification> {
  const result = (await call(`${settings.serviceUrl}/presentations`, presentation)) as Partial<ServiceVerification>;
  if (typeof result.verified !== 'boolean' || !Array.isArray(result.errors)) throw new ServiceCallError('BAD_ANSWER', 'POST /presentations answered without a verification result');
  return { verified: result.verified, errors: result.errors, disclosed: result.disclosed ?? {}, issuer: result.issuer ?? null };
}

/** The demo issuer's POST /credentials: a credential bound to `holderCommitment` (its text form), and the registry that includes it. */
export async function credentialFromIssuer(settings: ServiceSettings, holderCommitment: string): Promise<{ credential: Credential; registry: RegistryExport }> {
  const issued = (await call(`${settings.issuerUrl}/credentials`, { holder: holderCommitment })) as { credential?: unknown; registry?: unknown };
  if (typeof issued.credential !== 'object' || typeof issued.registry !== 'object') throw new ServiceCallError('BAD_ANSWER', 'POST /credentials answered without { credential, registry }');
  return { credential: issued.credential as Credential, registry: issued.registry as RegistryExport };
}

/** The demo issuer's current registry export (GET /registry). */
export async function registryFromIssuer(settings: ServiceSettings): Promise<RegistryExport> {
  return (await call(`${settings.issuerUrl}/registry`)) as RegistryExport;
}
