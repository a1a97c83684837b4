/**
 * The service's background refresh of an issuer's roots from its published registry
 * (RegistryClient against `registerRegistryRoutes`, in this process): /health shows the root
 * sequence and the age of the last refresh; a new root reaches the service without a restart;
 * an unreachable registry is reported (error, growing age) while the service keeps its last
 * good view and keeps answering. No proofs.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PERSON_SCHEMA } from '../../src/index.js';
import { registerRegistryRoutes } from '../../src/registry/server.js';
import type { StartedService } from '../../src/service/start.js';
import { ERIKA, holderKeys } from '../helpers/library.js';
import { type ServiceFixture, call, serviceFixture, startInProcess } from '../helpers/service.js';

let fixture: ServiceFixture;
let registryServer: FastifyInstance;
let service: StartedService;

interface IssuerHealth {
  refreshAgeSeconds: number | null;
  sequence: number | null;
  error?: string;
}

async function issuerHealth(): Promise<IssuerHealth> {
  const health = await call(service.address, 'GET', '/health');
  return (health.body.issuers as IssuerHealth[])[0]!;
}

/** Polls /health until `done` holds (bounded: the refresh runs every second). */
async function until(done: (h: IssuerHealth) => boolean): Promise<IssuerHealth> {
  for (let i = 0; i < 120; i++) {
    const h = await issuerHealth();
    if (done(h)) return h;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`/health never showed the expected issuer state: ${JSON.stringify(await issuerHealth())}`);
}

beforeAll(async () => {
  fixture = serviceFixture(44);
  registryServer = Fastify();
  registerRegistryRoutes(registryServer, fixture.issuer.registry, { refreshSeconds: 1 });
  const base = await registryServer.listen({ host: '127.0.0.1', port: 0 });
  fixture.writeConfig({ issuers: [{ did: fixture.issuer.did, registry: `${base}/.well-known/zkdisclose/registry/` }], refreshSeconds: 1 });
  service = await startInProcess(fixture.dir);
});

afterAll(async () => {
  await service?.close();
  await registryServer?.close();
  await fixture?.cleanup();
});

it('refreshes the roots in the background and reports the sequence and refresh age', async () => {
  const first = await issuerHealth();
  expect(first.error).toBeUndefined();
  expect(first.refreshAgeSeconds).toBeGreaterThanOrEqual(0);
  expect(first.sequence).toBe(fixture.issuer.registry.sequence);
  fixture.issuer.issue({ schema: PERSON_SCHEMA, attributes: { ...ERIKA }, holder: holderKeys(77n).commitment, validUntil: '2035-12-31' });
  const after = await until((h) => h.sequence === fixture.issuer.registry.sequence);
  expect(after.sequence).toBe(first.sequence! + 1);
});

it('reports an unreachable registry and keeps the last good view', async () => {
  const sequence = fixture.issuer.registry.sequence;
  await registryServer.close();
  const down = await until((h) => h.error !== undefined);
  expect(down.sequence).toBe(sequence);
  expect(down.error).toMatch(/registry|fetch|connect|ECONNREFUSED/i);
  expect((await call(service.address, 'POST', '/requests', { policy: 'age' })).status).toBe(201);
});
