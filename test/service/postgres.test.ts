/**
 * Verifier service instances (`zkdisclose serve` child processes) sharing one PostgreSQL
 * (DATABASE_URL; `.ci/run` starts a throwaway cluster): the same presentation sent to two
 * instances concurrently, many times, is accepted exactly once; an instance killed (SIGKILL)
 * while verifying loses no spent nonce and no pending request; a restart keeps pending
 * requests; with PostgreSQL unreachable (a TCP relay in this test, cut and restored) the
 * service answers 503 with a clear problem, and after it returns no replay is accepted.
 * Nine proofs are made once, in beforeAll, against requests the instances created.
 */
import { type Server, type Socket, createServer, connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Presentation, PresentationRequest } from '../../src/index.js';
import { openPostgresVerifierStores } from '../../src/service/postgres-stores.js';
import { describePostgres, freshDatabase } from '../helpers/database.js';
import { type ServiceFixture, type ServiceProcess, ageRequest, call, serviceFixture, spawnService } from '../helpers/service.js';

interface Answered {
  id: string;
  request: PresentationRequest;
  presentation: Presentation;
}

/** A TCP relay to PostgreSQL that the test can cut (connections dropped, port closed) and restore. */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describePostgres('verifier service instances on one PostgreSQL', (url) => {
  let database: { url: string; drop: () => Promise<void> };
  let fixture: ServiceFixture;
  let relay: Relay;
  const running: ServiceProcess[] = [];
  let a: ServiceProcess;
  let b: ServiceProcess;
  const race: Answered[] = [];
  const killed: Answered[] = [];
  let afterRestart: Answered;
  const outage: Answered[] = [];

  const start = async (databaseUrl = database.url): Promise<ServiceProcess> => {
    const instance = await spawnService(fixture.dir, databaseUrl);
    running.push(instance);
    return instance;
  };
  const answer = async (at: ServiceProcess): Promise<Answered> => {
    const created = await ageRequest(at.url);
    return { ...created, presentation: await fixture.present(created.request) };
  };

  beforeAll(async () => {
    database = await freshDatabase(url);
    fixture = serviceFixture(43);
    fixture.writeConfig({ maxAttempts: 20 });
    [a, b] = await Promise.all([start(), start()]);
    for (let i = 0; i < 3; i++) race.push(await answer(i % 2 === 0 ? a : b));
    for (let i = 0; i < 3; i++) killed.push(await answer(a));
    afterRestart = await answer(b);
    for (let i = 0; i < 2; i++) outage.push(await answer(a));
  });

  afterAll(async () => {
    await Promise.all(running.map((instance) => instance.stop('SIGKILL')));
    await relay?.down();
    await fixture?.cleanup();
    await database?.drop();
  });

  it('accepts each presentation exactly once when two instances receive it concurrently, many times', async () => {
    for (const { presentation } of race) {
      const answers = await Promise.all([a, b, a, b, a, b, a, b].map((instance) => call(instance.url, 'POST', '/presentations', presentation)));
      expect(answers.map((x) => x.status)).toEqual(new Array(8).fill(200));
      expect(answers.filter((x) => x.body.verified === true)).toHaveLength(1);
      for (const x of answers.filter((y) => y.body.verified !== true)) expect(x.body.errors).toEqual([expect.objectContaining({ code: 'NONCE_REPLAYED' })]);
    }
  });

  it('loses no spent nonce and no pending request when an instance is killed mid-verification', async () => {
    const sent = killed.map(({ presentation }) => call(a.url, 'POST', '/presentations', presentation).catch(() => undefined));
    const first = await Promise.race(sent);
    await a.stop('SIGKILL');
    const fromA = await Promise.all(sent);
    expect(first?.body.verified).toBe(true);
    const fromB = await Promise.all(killed.map(({ presentation }) => call(b.url, 'POST', '/presentations', presentation)));
    const stores = await openPostgresVerifierStores(database.url, { maxConnections: 1 });
    try {
      for (let i = 0; i < killed.length; i++) {
        const acceptedByA = fromA[i]?.body.verified === true;
        const acceptedByB = fromB[i]!.body.verified === true;
        // Never twice; an acceptance A answered is remembered; every nonce ends spent (by A or by B).
        expect(acceptedByA && acceptedByB).toBe(false);
        if (acceptedByA) expect(fromB[i]!.body.errors).toEqual([expect.objectContaining({ code: 'NONCE_REPLAYED' })]);
        if (!acceptedByB) expect(fromB[i]!.body.errors).toEqual([expect.objectContaining({ code: 'NONCE_REPLAYED' })]);
        expect(await stores.nonces.isSpent(killed[i]!.request.nonce)).toBe(true);
      }
    } finally {
      await stores.close();
    }
  });

  it('keeps pending requests across a restart of every instance', async () => {
    await b.stop('SIGTERM');
    const c = await start();
    const pending = await call(c.url, 'GET', `/requests/${afterRestart.id}`);
    expect(pending.status).toBe(200);
    expect(pending.body.request).toEqual(afterRestart.request);
    expect((await call(c.url, 'POST', '/presentations', afterRestart.presentation)).body).toMatchObject({ verified: true });
  });

  it('answers 503 while PostgreSQL is unreachable, and accepts no replay once it is back', async () => {
    const target = new URL(database.url);
    relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
    await relay.up();
    const relayed = new URL(database.url);
    relayed.port = String(relay.port);
    const d = await start(relayed.toString());
    const [x, y] = outage as [Answered, Answered];
    expect((await call(d.url, 'POST', '/presentations', x.presentation)).body).toMatchObject({ verified: true });

    await relay.down();
    const replayDuringOutage = await call(d.url, 'POST', '/presentations', x.presentation);
    expect(replayDuringOutage.status).toBe(503);
    expect(replayDuringOutage.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(replayDuringOutage.body).toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503 });
    expect(String(replayDuringOutage.body.detail)).toMatch(/database is unavailable; nothing was accepted/);
    expect((await call(d.url, 'POST', '/presentations', y.presentation)).status).toBe(503);
    expect((await call(d.url, 'POST', '/requests', { policy: 'age' })).status).toBe(503);
    const health = await call(d.url, 'GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'database unavailable', database: { kind: 'postgres', ok: false } });

    await relay.up();
    expect((await call(d.url, 'POST', '/presentations', x.presentation)).body).toMatchObject({ verified: false, errors: [{ code: 'NONCE_REPLAYED' }] });
    expect((await call(d.url, 'POST', '/presentations', y.presentation)).body).toMatchObject({ verified: true });
    expect((await call(d.url, 'GET', '/health')).status).toBe(200);
  });
});
