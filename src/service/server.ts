/**
 * The verifier service's HTTP interface on fastify (an optional peer dependency, loaded by the
 * caller): a Verifier (verifier-object.ts) whose checks run in a worker pool, its stores, the
 * policies of service.json and the background root refresher, behind
 *
 *   POST /requests            { "policy": "<name>" } → 201 { id, request }; a request body
 *                             { "request": {...} } only with `Authorization: Bearer <admin token>`
 *   GET  /requests/:id        → { id, request, createdAt, attempts } while pending, else 404
 *   POST /presentations       a presentation → 200 { verified, errors, disclosed, nullifier, issuer }
 *                             (the library's result; integers as decimal strings, undefined as null);
 *                             a multi-credential presentation (of a policy with `parts`) → 200
 *                             { verified, errors, parts, nullifier } (Verifier.verifyMulti, every
 *                             part in one task of the worker pool)
 *   GET  /health              database, workers, issuers' refresh age and root sequence; 503 when the database is down
 *   GET  /metrics             Prometheus text (metrics.ts)
 *
 * Errors are problem+json (RFC 9457) with a stable `code` (and `field` for bad input): 400 bad
 * JSON or input, 401 admin token, 404, 413 body too large, 415 not JSON, 429 rate limit (with
 * Retry-After), 503 database unavailable, every worker busy or a worker failed (with Retry-After). CORS headers
 * go only to origins on the allow-list (none by default).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError, ZkdError, describe } from '../errors.js';
import { isRecord } from '../internal/field.js';
import { type Schema, builtinSchema, defineSchema } from '../schema.js';
import { MULTI_PRESENTATION_TYPE } from '../multi-presentation.js';
import type { Verifier, VerifierRequestOptions } from '../verifier-object.js';
import type { ServiceConfig, ServicePolicy } from './config.js';
import { RateLimiter, corsHeaders, jsonDepth } from './http-guards.js';
import { type Gauge, ServiceMetrics } from './metrics.js';
import type { RootRefresher } from './root-refresher.js';
import { StoreUnavailableError } from './store-errors.js';
import { PoolBusyError, PoolWorkerError, type VerifyPool } from './verify-pool.js';

type FastifyFactory = (options: Record<string, unknown>) => FastifyInstance;

export interface VerifierServiceParts {
  verifier: Verifier;
  config: ServiceConfig;
  pool: VerifyPool;
  refresher: RootRefresher;
  /** "sqlite" or "postgres". */
  storeKind: string;
  /** Allows POST /requests with a request body; absent: named policies only. */
  adminToken?: string;
  /** fastify's default export (the caller loads the optional peer). */
  fastify: FastifyFactory;
  /** Milliseconds between prunings of expired requests and nonces (default 60 000). */
  pruneIntervalMs?: number;
}

export interface VerifierService {
  app: FastifyInstance;
  metrics: ServiceMetrics;
  /** Stops taking requests, finishes in-flight verifications, then stops workers, refresher and stores. */
  close(): Promise<void>;
}

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const HEALTH_PROBE_ID = '0'.repeat(32);

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 404: 'Not found', 405: 'Method not allowed', 413: 'Body too large', 415: 'Unsupported media type',
  429: 'Too many requests', 500: 'Internal error', 503: 'Service unavailable',
};

const toJson = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Compares tokens in constant time (by their SHA-256, so lengths do not leak either). */
function tokenMatches(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function schemaOf(value: unknown): Schema {
  if (typeof value === 'string') {
    const builtin = builtinSchema(value);
    if (builtin === undefined) throw new InputError('request.schema', `names no built-in schema: "${value.slice(0, 80)}"`);
    return builtin;
  }
  return defineSchema(value);
}

/** Builds the fastify application of the service (not yet listening). */
export function createVerifierService(parts: VerifierServiceParts): VerifierService {
  const { verifier, config, pool, refresher } = parts;
  const metrics = new ServiceMetrics();
  const limiter = new RateLimiter(config.limits.requestsPerMinute);
  const started = Date.now();
  let closing = false;

  const app = parts.fastify({ logger: false, bodyLimit: config.limits.bodyBytes, return503OnClosing: true, forceCloseConnections: 'idle' });

  const problem = (reply: FastifyReply, status: number, code: string, detail: string, extra: Record<string, unknown> = {}): FastifyReply => {
    metrics.refusal(status);
    return reply.code(status).header('content-type', PROBLEM_TYPE).header('cache-control', 'no-store')
      .send(toJson({ type: `urn:zkdisclose:problem:${code.toLowerCase()}`, title: TITLES[status] ?? 'Error', status, code, detail, ...extra }));
  };

  // JSON bodies only, their nesting depth checked before they are parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (jsonDepth(text) > config.limits.jsonDepth) {
      done(Object.assign(new InputError('body', `is nested deeper than ${config.limits.jsonDepth} levels`, 'LIMIT_EXCEEDED'), { statusCode: 400 }));
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new InputError('body', 'is not valid JSON'), { statusCode: 400 }));
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const cors = corsHeaders(request.headers.origin, config.corsOrigins);
    if (cors !== undefined) reply.headers(cors);
    if (request.method === 'OPTIONS') return reply.code(204).send();
    if (request.url === '/health' || request.url === '/metrics') return undefined;
    const wait = limiter.take(request.ip);
    if (wait > 0) return problem(reply.header('retry-after', String(wait)), 429, 'RATE_LIMITED', `more than ${config.limits.requestsPerMinute} requests a minute from this address`);
    return undefined;
  });
  app.options('*', async (_request, reply) => reply.code(204).send());
  // While stopping, answers close their connection: a keep-alive connection would otherwise hold
  // the shutdown until its timeout once its in-flight verification is answered.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  app.setNotFoundHandler((request, reply) => problem(reply, 404, 'NOT_FOUND', `no route ${request.method} ${request.url.slice(0, 100)}`));

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number; field?: string }, _request, reply) => {
    if (err instanceof StoreUnavailableError) return problem(reply.header('retry-after', '5'), 503, err.code, `the verifier's database is unavailable; nothing was accepted: ${err.message}`);
    if (err instanceof PoolBusyError) return problem(reply.header('retry-after', '1'), 503, 'BUSY', err.message);
    if (err instanceof PoolWorkerError) return problem(reply.header('retry-after', '1'), 503, 'WORKER_FAILED', `${err.message}; nothing was accepted`);
    if (err instanceof InputError) return problem(reply, 400, err.code, err.message, { field: err.field });
    if (err instanceof ZkdError) return problem(reply, 400, err.code, err.message);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return problem(reply, 413, 'LIMIT_EXCEEDED', `the body is larger than ${config.limits.bodyBytes} bytes`);
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return problem(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return problem(reply, 400, 'INVALID_INPUT', 'the body is empty');
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return problem(reply, err.statusCode, 'INVALID_INPUT', err.message);
    return problem(reply, 500, 'INTERNAL', 'the verifier failed on this request; nothing was accepted');
  });

  app.post('/requests', async (request: FastifyRequest, reply) => {
    const body = request.body;
    if (!isRecord(body)) throw new InputError('body', `expected { "policy": "<name>" }, got ${describe(body)}`);
    let policy: ServicePolicy;
    let label: string;
    if (body.policy !== undefined) {
      const named = typeof body.policy === 'string' ? config.policies.get(body.policy) : undefined;
      if (named === undefined) throw new InputError('policy', `names no policy of this verifier (known: ${[...config.policies.keys()].join(', ')})`, 'NOT_FOUND');
      policy = named;
      label = body.policy as string;
    } else if (body.request !== undefined) {
      const auth = request.headers.authorization;
      const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
      if (parts.adminToken === undefined || token === undefined || !tokenMatches(token, parts.adminToken)) {
        return problem(reply, 401, 'ADMIN_TOKEN_REQUIRED', 'requests from a body need the admin token (Authorization: Bearer ...); others use a named policy');
      }
      if (!isRecord(body.request)) throw new InputError('request', `expected the request options, got ${describe(body.request)}`);
      policy = { kind: 'single', options: { ...body.request, schema: schemaOf(body.request.schema) } as unknown as VerifierRequestOptions };
      label = '(body)';
    } else {
      throw new InputError('policy', 'is required: the name of one of this verifier\'s policies');
    }
    let created;
    try {
      created = policy.kind === 'multi' ? await verifier.createMultiRequest(policy.options) : await verifier.createRequest(policy.options);
    } catch (err) {
      // createRequest names some fields request.<field> and its own options bare: name both within the body's `request`.
      if (err instanceof InputError && label === '(body)' && !err.field.startsWith('request.')) throw new InputError(`request.${err.field}`, err.message.replace(`"${err.field}" `, ''), err.code);
      throw err;
    }
    metrics.requestCreated(label);
    return reply.code(201).header('cache-control', 'no-store').header('content-type', 'application/json; charset=utf-8').send(toJson(created));
  });

  app.get<{ Params: { id: string } }>('/requests/:id', async (request, reply) => {
    const pending = /^[0-9a-f]{32}$/.test(request.params.id) ? await verifier.pendingRequest(request.params.id) : undefined;
    if (pending === undefined) return problem(reply, 404, 'REQUEST_UNKNOWN', 'no pending request has this id (answered, expired, or never made here)');
    return reply.header('cache-control', 'no-store').header('content-type', 'application/json; charset=utf-8').send(toJson(pending));
  });

  app.post('/presentations', async (request, reply) => {
    const start = process.hrtime.bigint();
    const answer = isRecord(request.body) && request.body.type === MULTI_PRESENTATION_TYPE
      ? await verifier.verifyMulti(request.body).then((result) => ({ result, json: { ...result, parts: result.parts.map((p) => ({ ...p, issuer: p.issuer ?? null })), nullifier: result.nullifier ?? null } }))
      : await verifier.verify(request.body).then((result) => ({ result, json: { ...result, nullifier: result.nullifier ?? null, issuer: result.issuer ?? null } }));
    metrics.verification(answer.result.verified, answer.result.errors[0]?.code ?? '', Number(process.hrtime.bigint() - start) / 1e9);
    return reply.header('cache-control', 'no-store').header('content-type', 'application/json; charset=utf-8').send(toJson(answer.json));
  });

  const databaseStatus = async (): Promise<{ ok: boolean; error?: string }> => {
    try {
      await verifier.stores.requests.byId(HEALTH_PROBE_ID);
      return { ok: true };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  };

  app.get('/health', async (_request, reply) => {
    const database = await databaseStatus();
    const status = closing ? 'shutting down' : database.ok ? 'ok' : 'database unavailable';
    return reply.code(status === 'ok' ? 200 : 503).header('cache-control', 'no-store').send({
      status,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      database: { kind: parts.storeKind, ...database },
      workers: { size: pool.size, inFlight: pool.inFlight },
      issuers: refresher.status().map((s) => ({
        did: s.did, source: s.source, refreshAgeSeconds: s.ageSeconds ?? null, sequence: s.sequence ?? null, ...(s.lastError !== undefined && { error: s.lastError }),
      })),
    });
  });

  app.get('/metrics', async (_request, reply) => {
    const gauges: Gauge[] = [
      { name: 'zkd_workers', help: 'Verification workers.', samples: [{ value: pool.size }] },
      { name: 'zkd_verifications_in_flight', help: 'Presentations being verified or waiting for a worker.', samples: [{ value: pool.inFlight }] },
      {
        name: 'zkd_root_refresh_age_seconds', help: 'Seconds since the last successful refresh of each issuer\'s roots (-1: never).',
        samples: refresher.status().map((s) => ({ labels: { issuer: s.did }, value: s.ageSeconds ?? -1 })),
      },
    ];
    const counted = Object.entries({ pending_requests: verifier.stores.requests, spent_nonces: verifier.stores.nonces, root_statements: verifier.stores.roots })
      .filter(([, store]) => typeof (store as { count?: unknown }).count === 'function');
    try {
      const samples = await Promise.all(counted.map(async ([store, s]) => ({ labels: { store }, value: await (s as unknown as { count(): Promise<number> }).count() })));
      gauges.push({ name: 'zkd_store_rows', help: 'Rows in each store.', samples });
    } catch {
      // The database is down: /health says so; the other metrics still answer.
    }
    return reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8').send(metrics.render(gauges));
  });

  const pruner = setInterval(() => void verifier.prune().catch(() => {}), parts.pruneIntervalMs ?? 60_000);
  pruner.unref();

  return {
    app,
    metrics,
    close: async () => {
      closing = true;
      clearInterval(pruner);
      await app.close();
      await pool.close();
      await refresher.stop();
      await verifier.close();
    },
  };
}
