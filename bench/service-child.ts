/**
 * Child processes of the service bench (bench/service.ts), one job each, chosen by argv[2]:
 *
 *   server <setup.json>     the verifier service in its bench-only configuration: the real
 *                           stores, worker pool, Verifier and HTTP server, but requests are never
 *                           used up, so a few pre-generated presentations can be verified
 *                           thousands of times. The attempt claim, the spent-nonce lookup and a
 *                           nonce insert still hit the database on every verification (the insert
 *                           under a unique throwaway key); only the request's removal is skipped.
 *                           Prints "listening at <url>".
 *   baseline <setup.json> <ms>
 *                           a bare verifyPresentation loop over the same presentations and
 *                           requests (no stores), for <ms> after one untimed warm-up verification;
 *                           prints { verifications, cpuSeconds } (all threads of the process).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { verificationKeyHash } from '../src/artifact-integrity.js';
import { shippedVerificationKeys } from '../src/artifacts.js';
import { RootViews, type Presentation, type PresentationRequest, type RegistryExport, verifyPresentation } from '../src/index.js';
import { loadServiceConfig } from '../src/service/config.js';
import { openServiceStores } from '../src/service/open-stores.js';
import { pooledChecks } from '../src/service/pooled-check.js';
import { RootRefresher } from '../src/service/root-refresher.js';
import { createVerifierService } from '../src/service/server.js';
import { VerifyPool } from '../src/service/verify-pool.js';
import { Verifier } from '../src/verifier-object.js';
import type { VerifierStores } from '../src/verifier-stores.js';

export interface BenchSetup {
  dir: string;
  database: string;
  workers: number;
  exportFile: string;
  requests: PresentationRequest[];
  presentations: Presentation[];
}

/** The stores, with requests never used up (see the header). */
function benchStores(stores: VerifierStores): VerifierStores {
  let counter = 0;
  return {
    requests: {
      save: (p) => stores.requests.save(p),
      byId: (id) => stores.requests.byId(id),
      byNonce: (n) => stores.requests.byNonce(n),
      claimAttempt: (n, _max, now) => stores.requests.claimAttempt(n, 2 ** 30, now),
      remove: async () => true,
      prune: (now) => stores.requests.prune(now),
      close: () => stores.requests.close(),
    },
    nonces: {
      consume: (n, expiresAt) => stores.nonces.consume(`${n}:bench:${process.pid}:${counter++}`, expiresAt),
      isSpent: (n) => stores.nonces.isSpent(n),
      prune: (now) => stores.nonces.prune(now),
      close: () => stores.nonces.close(),
    },
    roots: stores.roots,
    close: () => stores.close(),
  };
}

async function server(setup: BenchSetup): Promise<void> {
  const verificationKeys = shippedVerificationKeys();
  const acceptedKeys = Object.entries(verificationKeys).map(([circuit, vkey]) => ({ circuit, vkeyHash: verificationKeyHash(vkey) }));
  const config = loadServiceConfig(setup.dir, acceptedKeys);
  const { stores, kind } = await openServiceStores(setup.database, setup.dir);
  const pool = new VerifyPool({ verificationKeys, size: setup.workers, workerUrl: pathToFileURL(resolve(import.meta.dirname, '..', 'dist', 'service-worker.js')) });
  const verifier = new Verifier({ verificationKeys, acceptedKeys, stores: benchStores(stores), ...pooledChecks(pool) });
  const refresher = new RootRefresher(verifier, config.issuers, config.refreshSeconds);
  const service = createVerifierService({ verifier, config, pool, refresher, storeKind: kind, fastify: Fastify as never });
  await pool.ready();
  await refresher.refreshAll();
  const address = await service.app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`listening at ${address}\n`);
  process.once('SIGTERM', () => void service.close().then(() => process.exit(0)));
}

async function baseline(setup: BenchSetup, ms: number): Promise<void> {
  const verificationKeys = shippedVerificationKeys();
  const rootViews = new RootViews();
  rootViews.addExport(JSON.parse(readFileSync(setup.exportFile, 'utf8')) as RegistryExport);
  // Warm-up, untimed: the first verification builds the curve (the service's workers build theirs before listening).
  await verifyPresentation(setup.presentations[0], setup.requests[0], { verificationKeys, rootViews });
  let verifications = 0;
  const cpuBefore = process.cpuUsage();
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const i = verifications % setup.presentations.length;
    const result = await verifyPresentation(setup.presentations[i], setup.requests[i], { verificationKeys, rootViews });
    if (!result.verified) throw new Error(`baseline: presentation ${i} did not verify: ${JSON.stringify(result.errors)}`);
    verifications += 1;
  }
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(`${JSON.stringify({ verifications, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
  process.exit(0);
}

const [mode, setupFile, ms] = process.argv.slice(2);
const setup = JSON.parse(readFileSync(setupFile ?? join('.', 'setup.json'), 'utf8')) as BenchSetup;
if (mode === 'server') await server(setup);
else if (mode === 'baseline') await baseline(setup, Number(ms));
else throw new Error('usage: service-child.ts server|baseline <setup.json> [ms]');
