/**
 * `zkdisclose serve`: assembles and starts the verifier service from a verifier directory.
 * In order, so that a misconfiguration stops it before it listens: service.json is checked
 * (ServiceConfigError naming the field), the stores are opened from --database (default
 * sqlite:service.sqlite in the directory; migrations applied), the worker pool builds its
 * curves, the issuers' roots are fetched once (a failure is reported in /health, not fatal:
 * the stored statements still serve), then the server listens. Requests are signed with the
 * directory's verifier.key.json when there is one. Node only.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verificationKeyHash } from '../artifact-integrity.js';
import { shippedVerificationKeys } from '../artifacts.js';
import { InputError, ZkdError } from '../errors.js';
import { circuitParams } from '../internal/circuit-input.js';
import { Verifier } from '../verifier-object.js';
import { loadVerifierKeys } from '../cli/dirs.js';
import { type ServiceConfig, loadServiceConfig } from './config.js';
import { openServiceStores } from './open-stores.js';
import { pooledChecks } from './pooled-check.js';
import { RootRefresher } from './root-refresher.js';
import { type VerifierService, createVerifierService } from './server.js';
import { VerifyPool } from './verify-pool.js';

export interface ServeOptions {
  dir: string;
  /** sqlite:<path> or postgres://... (default sqlite:service.sqlite in `dir`). */
  database?: string;
  host: string;
  port: number;
  /** Allows request bodies on POST /requests (default: named policies only). */
  adminToken?: string;
  /** Verification workers (default: the number of cores). */
  workers?: number;
  /** The worker script (default: the built one beside this module). */
  workerUrl?: URL;
  warn: (line: string) => void;
}

export interface StartedService extends VerifierService {
  address: string;
  config: ServiceConfig;
}

async function loadFastify(): Promise<(options: Record<string, unknown>) => import('fastify').FastifyInstance> {
  const module = await import('fastify').catch((err: unknown) => {
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new ZkdError('UNSUPPORTED', 'serve needs fastify, an optional peer dependency: run `npm install fastify@5`');
  });
  return module.default as unknown as (options: Record<string, unknown>) => import('fastify').FastifyInstance;
}

/** Starts the service; resolves once it listens. @throws {ServiceConfigError} {InputError} {StoreUnavailableError} */
export async function startVerifierService(options: ServeOptions): Promise<StartedService> {
  const fastify = await loadFastify();
  const verificationKeys = shippedVerificationKeys();
  const acceptedKeys = Object.entries(verificationKeys).filter(([circuit]) => circuitParams(circuit) !== undefined)
    .map(([circuit, vkey]) => ({ circuit, vkeyHash: verificationKeyHash(vkey) }));
  const config = loadServiceConfig(options.dir, acceptedKeys);
  const signer = existsSync(join(options.dir, 'verifier.key.json')) ? loadVerifierKeys(options.dir, options.warn) : undefined;

  const { stores, kind } = await openServiceStores(options.database, options.dir);
  const pool = new VerifyPool({ verificationKeys, ...(options.workers !== undefined && { size: options.workers }), ...(options.workerUrl !== undefined && { workerUrl: options.workerUrl }) });
  const verifier = new Verifier({
    verificationKeys, acceptedKeys, stores, maxAttempts: config.maxAttempts, ...pooledChecks(pool),
    ...(signer !== undefined && { signer: { did: signer.did, secretKey: signer.secretKey } }),
    ...(config.audience !== undefined && { audience: config.audience }),
  });
  const refresher = new RootRefresher(verifier, config.issuers, config.refreshSeconds);
  const service = createVerifierService({ verifier, config, pool, refresher, storeKind: kind, fastify, ...(options.adminToken !== undefined && { adminToken: options.adminToken }) });
  try {
    await pool.ready();
    await refresher.refreshAll();
    for (const s of refresher.status()) if (s.lastError !== undefined) options.warn(`warning: roots of ${s.did} not refreshed: ${s.lastError}`);
    refresher.start();
    let address: string;
    try {
      address = await service.app.listen({ host: options.host, port: options.port });
    } catch (err) {
      throw new InputError('--port', `cannot listen on ${options.host.slice(0, 80)}:${options.port} (${(err as { code?: string }).code ?? 'error'})`);
    }
    return { ...service, address, config };
  } catch (err) {
    await service.close().catch(() => {});
    throw err;
  }
}
