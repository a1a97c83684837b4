/**
 * Serves a registry over HTTP in the publication layout (publication.ts), as routes registered on
 * a given fastify instance, so `zkdisclose registry serve` and a verifier service share them.
 *
 * - freshness.json: `registry.freshness(refreshSeconds)`, re-signed once the stored one is older
 *   than the refresh interval; short cache lifetime.
 * - roots/<s>.json and history/<s>.json: for every stored sequence, the stored statements
 *   (identical bytes on every download); immutable.
 * - buckets/<s>/<b>.bin: only for the current sequence s; a bucket of an older (or unknown)
 *   sequence is a 404 whose JSON body names the current sequence. Immutable.
 *
 * Path parameters are canonical decimals (anything else: 400). Every response allows any origin
 * (the data is public, and browser wallets fetch it from their own origin). Node-only.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { RegistryError } from '../errors.js';
import { encodeBucket, bucketLeafCount } from './bucket.js';
import {
  DEFAULT_REGISTRY_BASE_PATH, IMMUTABLE_CACHE_CONTROL, historyFileText, historyRange, parseCount, pointerCacheControl, statementFileText,
  withTrailingSlash,
} from './publication.js';
import { DEFAULT_FRESHNESS_REFRESH_SECONDS, type Registry } from './registry.js';

export interface RegistryRouteOptions {
  /** URL path the layout is served under (default /.well-known/zkdisclose/registry/). */
  basePath?: string;
  /** Re-sign the freshness statement once the stored one is this old (default 300 s). */
  refreshSeconds?: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function send(reply: FastifyReply, status: number, type: string, cacheControl: string, body: string | Uint8Array): FastifyReply {
  return reply.code(status).header('content-type', type).header('cache-control', cacheControl).header('access-control-allow-origin', '*')
    .header('x-content-type-options', 'nosniff').send(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

const problem = (reply: FastifyReply, status: number, body: Record<string, unknown>): FastifyReply =>
  send(reply, status, JSON_TYPE, 'no-store', `${JSON.stringify(body)}\n`);

/** `<count><suffix>` → count, or undefined. */
function fileCount(file: string, suffix: string): number | undefined {
  return file.endsWith(suffix) ? parseCount(file.slice(0, -suffix.length)) : undefined;
}

/**
 * What `registerRegistryRoutes` needs of its `host`: a fastify instance. Declared structurally so
 * that the package's published types do not import fastify, an optional peer dependency that
 * projects which never serve a registry do not install.
 */
export interface RouteHost {
  get(path: string, ...rest: never[]): unknown;
}

/** Registers the registry's routes on `host` (a fastify instance) under `basePath`. */
export function registerRegistryRoutes(host: RouteHost, registry: Registry, options: RegistryRouteOptions = {}): void {
  const app = host as unknown as FastifyInstance;
  const base = withTrailingSlash(options.basePath ?? DEFAULT_REGISTRY_BASE_PATH);
  if (!base.startsWith('/')) throw new RegistryError(`basePath must start with "/", got ${base.slice(0, 80)}`);
  const refreshSeconds = options.refreshSeconds ?? DEFAULT_FRESHNESS_REFRESH_SECONDS;
  const pointerCache = pointerCacheControl(refreshSeconds);

  app.get(`${base}freshness.json`, async (_request, reply) => send(reply, 200, JSON_TYPE, pointerCache, statementFileText(registry.freshness(refreshSeconds))));

  app.get<{ Params: { file: string } }>(`${base}roots/:file`, async (request, reply) => {
    const sequence = fileCount(request.params.file, '.json');
    if (sequence === undefined) return problem(reply, 400, { error: 'bad request', message: 'expected roots/<sequence>.json' });
    const statement = registry.store.statement(sequence);
    if (statement === undefined) return problem(reply, 404, { error: 'not found', message: `no root statement of sequence ${sequence}`, sequence: registry.sequence });
    return send(reply, 200, JSON_TYPE, IMMUTABLE_CACHE_CONTROL, statementFileText(statement));
  });

  app.get<{ Params: { file: string } }>(`${base}history/:file`, async (request, reply) => {
    const sequence = fileCount(request.params.file, '.json');
    if (sequence === undefined) return problem(reply, 400, { error: 'bad request', message: 'expected history/<sequence>.json' });
    const { from, to } = historyRange(sequence);
    const statements = registry.history(from, to);
    if (statements.length !== to - from + 1) return problem(reply, 404, { error: 'not found', message: `no history up to sequence ${sequence}`, sequence: registry.sequence });
    return send(reply, 200, JSON_TYPE, IMMUTABLE_CACHE_CONTROL, historyFileText(statements));
  });

  app.get<{ Params: { sequence: string; file: string } }>(`${base}buckets/:sequence/:file`, async (request, reply) => {
    const sequence = parseCount(request.params.sequence);
    const index = fileCount(request.params.file, '.bin');
    if (sequence === undefined || index === undefined) return problem(reply, 400, { error: 'bad request', message: 'expected buckets/<sequence>/<bucket>.bin' });
    const latest = registry.latest();
    if (sequence !== latest.sequence) {
      return problem(reply, 404, { error: 'not current', message: `buckets are served for the current sequence ${latest.sequence} only`, sequence: latest.sequence });
    }
    if (bucketLeafCount(registry.shape, latest.size, index) === 0) {
      return problem(reply, 404, { error: 'not found', message: `no bucket ${index} (registry size ${latest.size})`, sequence: latest.sequence });
    }
    const bucket = registry.bucket(index);
    // A change between the two reads: the bucket is of a newer sequence than the one asked for.
    if (bucket.sequence !== sequence) {
      return problem(reply, 404, { error: 'not current', message: `buckets are served for the current sequence ${bucket.sequence} only`, sequence: bucket.sequence });
    }
    return send(reply, 200, 'application/octet-stream', IMMUTABLE_CACHE_CONTROL, encodeBucket(bucket));
  });
}
