/**
 * The verifier service over HTTP, on its default SQLite store, in this process: requests from
 * named policies (and from a body only with the admin token), verification with the library's
 * result and codes, replay refused, problem+json for bad input with the field named, body size,
 * JSON depth and rate limits, the CORS allow-list (default none), /health answering while the
 * workers verify, /metrics, and service.json checked at start with the field at fault named.
 * Shutdown finishes in-flight verifications; a restart keeps pending requests. Three proofs are made once (beforeAll) and reused.
 * A multi-credential policy ("identity card and licence", two issuers) is served and verified once.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DRIVING_LICENCE_SCHEMA, Issuer, LICENCE_CLASSES, Verifier, type MultiPresentationRequest, type Presentation, type PresentationRequest,
} from '../../src/index.js';
import { ServiceConfigError, parseServiceConfig } from '../../src/service/config.js';
import type { StartedService } from '../../src/service/start.js';
import { type ServiceFixture, ageRequest, call, serviceFixture, startInProcess } from '../helpers/service.js';
import { issuerKeys } from '../helpers/library.js';

const ADMIN = 'test-admin-token-0123456789';
let fixture: ServiceFixture;
let service: StartedService;
let url: string;
let dmv: Issuer;
const answered: { id: string; request: PresentationRequest; presentation: Presentation }[] = [];

beforeAll(async () => {
  fixture = serviceFixture(41);
  // A second issuer (driving licences) for the multi-credential policy "pair".
  dmv = new Issuer({ keys: issuerKeys(42), shape: { arity: 4, depth: 6 } });
  const classes = Object.fromEntries(LICENCE_CLASSES.map((c) => [`class${c}`, c === 'B']));
  fixture.wallet.accept(dmv.issue({ schema: DRIVING_LICENCE_SCHEMA, attributes: { ...classes, issueDate: '2015-03-02', expiryDate: '2030-03-01' }, holder: fixture.wallet.holderCommitment, validUntil: '2035-12-31' }));
  writeFileSync(join(fixture.dir, 'dmv.json'), JSON.stringify(dmv.exportRegistry()));
  const age = { schema: 'person', trustedIssuers: [fixture.issuer.did], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] };
  fixture.writeConfig({
    policies: { age, pair: { parts: [age, { schema: 'driving-licence', trustedIssuers: [dmv.did], predicates: [{ attribute: 'classB', op: 'eq', value: true }] }] } },
    issuers: [{ did: fixture.issuer.did, export: 'issuer.json' }, { did: dmv.did, export: 'dmv.json' }],
    cors: { origins: ['https://shop.example'] }, limits: { bodyBytes: 64 * 1024, jsonDepth: 16, requestsPerMinute: 200 },
  });
  service = await startInProcess(fixture.dir, { adminToken: ADMIN, workers: 2 });
  url = service.address;
  for (let i = 0; i < 3; i++) {
    const created = await ageRequest(url);
    answered.push({ ...created, presentation: await fixture.present(created.request) });
  }
});

afterAll(async () => {
  await service?.close();
  await fixture?.cleanup();
});

describe('requests', () => {
  it('creates a request from a named policy, saved as pending', async () => {
    const created = await call(url, 'POST', '/requests', { policy: 'age' });
    expect(created.status).toBe(201);
    const { id, request } = created.body as { id: string; request: PresentationRequest };
    expect(request.predicates).toEqual([{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }]);
    const pending = await call(url, 'GET', `/requests/${id}`);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ id, request, attempts: 0 });
  });

  it('refuses an unknown policy and a missing one, naming the field', async () => {
    const unknown = await call(url, 'POST', '/requests', { policy: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND', field: 'policy', status: 400 });
    expect((await call(url, 'POST', '/requests', {})).body).toMatchObject({ field: 'policy' });
  });

  it('takes a request body only with the admin token', async () => {
    const body = { request: { schema: 'person', trustedIssuers: [fixture.issuer.did], disclose: ['nationality'] } };
    expect((await call(url, 'POST', '/requests', body)).status).toBe(401);
    expect((await call(url, 'POST', '/requests', body, { authorization: 'Bearer wrong' })).status).toBe(401);
    const made = await call(url, 'POST', '/requests', body, { authorization: `Bearer ${ADMIN}` });
    expect(made.status).toBe(201);
    expect((made.body.request as PresentationRequest).disclose).toEqual(['nationality']);
    const bad = await call(url, 'POST', '/requests', { request: { ...body.request, predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 'x' }] } }, { authorization: `Bearer ${ADMIN}` });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('request.predicates[0].value');
  });

  it('answers 404 for an unknown request id', async () => {
    expect((await call(url, 'GET', `/requests/${'a'.repeat(32)}`)).body).toMatchObject({ status: 404, code: 'REQUEST_UNKNOWN' });
    expect((await call(url, 'GET', '/requests/not-an-id')).status).toBe(404);
  });
});

describe('presentations', () => {
  it('verifies a presentation once, answers /health while verifying, and refuses the replay', async () => {
    const { id, presentation } = answered[0]!;
    const verifying = call(url, 'POST', '/presentations', presentation);
    const health = await call(url, 'GET', '/health');
    const first = await verifying;
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ verified: true, errors: [], issuer: fixture.issuer.did, nullifier: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: { kind: 'sqlite', ok: true }, workers: { size: 2 } });
    expect((health.body.issuers as { refreshAgeSeconds: number }[])[0]!.refreshAgeSeconds).toBeGreaterThanOrEqual(0);
    const replay = await call(url, 'POST', '/presentations', presentation);
    expect(replay.body).toMatchObject({ verified: false, errors: [{ code: 'NONCE_REPLAYED' }] });
    expect((await call(url, 'GET', `/requests/${id}`)).status).toBe(404);
  });

  it('keeps a request pending after a failed attempt, with the library\'s code', async () => {
    const { id, presentation } = answered[1]!;
    const tampered = structuredClone(presentation) as unknown as { zk: { publicSignals: string[] } };
    tampered.zk.publicSignals[0] = '12345';
    const failed = await call(url, 'POST', '/presentations', tampered);
    expect(failed.body.verified).toBe(false);
    expect((failed.body.errors as { code: string }[]).length).toBeGreaterThan(0);
    expect((await call(url, 'GET', `/requests/${id}`)).body).toMatchObject({ attempts: 1 });
    expect((await call(url, 'POST', '/presentations', presentation)).body).toMatchObject({ verified: true });
  });

  it('answers a presentation for no pending request with REQUEST_UNKNOWN', async () => {
    const stray = { ...answered[2]!.presentation, nonce: 'ab'.repeat(32) };
    expect((await call(url, 'POST', '/presentations', stray)).body).toMatchObject({ verified: false, errors: [{ code: 'REQUEST_UNKNOWN' }] });
  });
});

describe('a multi-credential policy', () => {
  it('serves the request, verifies the two-credential presentation once, and refuses its replay and a part sent alone', async () => {
    const created = await call(url, 'POST', '/requests', { policy: 'pair' });
    expect(created.status).toBe(201);
    const { id, request } = created.body as { id: string; request: MultiPresentationRequest };
    expect(request.parts.map((p) => p.trustedIssuers)).toEqual([[fixture.issuer.did], [dmv.did]]);
    const presentation = await fixture.wallet.createMultiPresentation({ request, registries: [fixture.issuer.exportRegistry(), dmv.exportRegistry()] });
    const alone = await call(url, 'POST', '/presentations', presentation.parts[0]);
    expect(alone.body).toMatchObject({ verified: false, errors: [{ code: 'REQUEST_MISMATCH' }] });
    const first = await call(url, 'POST', '/presentations', presentation);
    expect(first.body).toMatchObject({ verified: true, errors: [], nullifier: null, parts: [{ issuer: fixture.issuer.did }, { issuer: dmv.did }] });
    expect((await call(url, 'GET', `/requests/${id}`)).status).toBe(404);
    expect((await call(url, 'POST', '/presentations', presentation)).body).toMatchObject({ verified: false, errors: [{ code: 'NONCE_REPLAYED' }] });
  });
});

describe('limits and headers', () => {
  it('refuses bodies over the size limit (413), too deep (400), not JSON (415), and malformed JSON (400)', async () => {
    expect((await call(url, 'POST', '/presentations', { pad: 'x'.repeat(70 * 1024) })).status).toBe(413);
    const deep = await call(url, 'POST', '/presentations', `${'['.repeat(20)}${']'.repeat(20)}`);
    expect(deep.status).toBe(400);
    expect(deep.body).toMatchObject({ code: 'LIMIT_EXCEEDED', field: 'body' });
    // Brackets inside strings do not count.
    expect((await call(url, 'POST', '/presentations', { s: '['.repeat(100) })).body).toMatchObject({ errors: [{ code: 'MALFORMED_PRESENTATION' }] });
    expect((await call(url, 'POST', '/presentations', 'x=1', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await call(url, 'POST', '/presentations', '{"a":')).body).toMatchObject({ status: 400, field: 'body' });
  });

  it('sends CORS headers to allowed origins only', async () => {
    const allowed = await call(url, 'GET', '/health', undefined, { origin: 'https://shop.example' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const other = await call(url, 'GET', '/health', undefined, { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${url}/presentations`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('exposes Prometheus metrics: verifications by result and code, latency, store rows', async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^zkd_verifications_total\{result="verified",code=""\} [1-9]/m);
    expect(text).toMatch(/^zkd_verifications_total\{result="rejected",code="NONCE_REPLAYED"\} [1-9]/m);
    expect(text).toMatch(/^zkd_verification_seconds_count [1-9]/m);
    expect(text).toMatch(/^zkd_store_rows\{store="pending_requests"\} \d+/m);
    expect(text).toMatch(/^zkd_root_refresh_age_seconds\{issuer="did:key:[^"]+"\} \d+/m);
  });
});

describe('the Verifier\'s check option', () => {
  it('must be a function', () => {
    expect(() => new Verifier({ check: 5 as never })).toThrow(expect.objectContaining({ field: 'options.check' }));
  });
});

describe('shutdown and restart', () => {
  it('finishes an in-flight verification when it shuts down, and keeps pending requests across a restart', async () => {
    const stillPending = await ageRequest(url);
    const inFlight = call(url, 'POST', '/presentations', answered[2]!.presentation);
    // Close once the verification is under way (bounded wait: it takes far longer than a health check).
    for (let i = 0; i < 200; i++) {
      if (((await call(url, 'GET', '/health')).body.workers as { inFlight: number }).inFlight > 0) break;
    }
    await service.close();
    expect((await inFlight).body).toMatchObject({ verified: true });
    service = await startInProcess(fixture.dir, { adminToken: ADMIN, workers: 1 });
    url = service.address;
    expect((await call(url, 'GET', `/requests/${stillPending.id}`)).body).toMatchObject({ id: stillPending.id, request: stillPending.request });
    expect((await call(url, 'POST', '/presentations', answered[2]!.presentation)).body).toMatchObject({ verified: false, errors: [{ code: 'NONCE_REPLAYED' }] });
  });
});

describe('rate limit', () => {
  it('limits requests per client per minute (429 with Retry-After); /health is exempt', async () => {
    // The limiter counts per calendar minute (200 here). Room for 2 × 200 + 1 requests keeps the test
    // deterministic when a minute boundary falls inside the loop and resets the count once.
    let limited;
    for (let i = 0; i < 401 && limited === undefined; i++) {
      const answer = await call(url, 'GET', `/requests/${'b'.repeat(32)}`);
      if (answer.status === 429) limited = answer;
    }
    expect(limited?.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(url, 'GET', '/health')).status).toBe(200);
  });
});

describe('service.json', () => {
  const keys = [{ circuit: 'presentation-16-1-1-4ary-6', vkeyHash: '0'.repeat(64) }];
  const did = 'did:key:z6MkidW58EbbodbqHekwSf2waax7RU3N9fhv8HAoMEfhEYEL';
  const base = () => ({ policies: { age: { schema: 'person', trustedIssuers: [did], predicates: [] } }, issuers: [{ did, registry: 'https://issuer.example/registry/' }] });
  const fieldOf = (json: unknown): string => {
    try {
      parseServiceConfig(json, '/nonexistent', keys);
    } catch (err) {
      expect(err).toBeInstanceOf(ServiceConfigError);
      return (err as ServiceConfigError).field;
    }
    throw new Error('expected a ServiceConfigError');
  };

  it('accepts a valid configuration with defaults', () => {
    const config = parseServiceConfig(base(), '/nonexistent', keys);
    expect([...config.policies.keys()]).toEqual(['age']);
    expect(config.policies.get('age')!.kind).toBe('single');
    expect(config.corsOrigins).toEqual([]);
    expect(config.limits.bodyBytes).toBeGreaterThan(0);
  });

  it('names the field at fault', () => {
    expect(fieldOf({ ...base(), policies: {} })).toBe('policies');
    expect(fieldOf({ ...base(), extra: 1 })).toBe('extra');
    expect(fieldOf({ ...base(), policies: { age: { ...base().policies.age, predicates: [{ attribute: 'height', op: 'eq', value: 1 }] } } })).toBe('policies.age.predicates[0].attribute');
    expect(fieldOf({ ...base(), policies: { age: { ...base().policies.age, schema: 'nope' } } })).toBe('policies.age.schema');
    expect(fieldOf({ ...base(), policies: { age: { ...base().policies.age, trustedIssuers: ['did:key:zOther'] } } })).toMatch(/^policies\.age\.trustedIssuers/);
    expect(fieldOf({ ...base(), issuers: [{ did, registry: 'ftp://x' }] })).toBe('issuers[0].registry');
    expect(fieldOf({ ...base(), cors: { origins: ['https://shop.example/path'] } })).toBe('cors.origins[0]');
    expect(fieldOf({ ...base(), limits: { bodyBytes: 0 } })).toBe('limits.bodyBytes');
    expect(fieldOf({ ...base(), maxAttempts: 1.5 })).toBe('maxAttempts');
    const part = base().policies.age;
    const pair = (parts: unknown[]) => ({ ...base(), policies: { pair: { parts } } });
    expect(fieldOf(pair([]))).toBe('policies.pair.parts');
    expect(fieldOf(pair([part, { ...part, scope: 'x' }]))).toBe('policies.pair.parts[1].scope');
    expect(fieldOf(pair([part, { ...part, schema: 'driving-licence', trustedIssuers: ['did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'] }]))).toBe('policies.pair.parts[1].trustedIssuers[0]');
    expect(fieldOf(pair([part, { ...part, schema: 'driving-licence', predicates: [{ attribute: 'height', op: 'eq', value: 1 }] }]))).toBe('policies.pair.parts[1].predicates[0].attribute');
  });
});
