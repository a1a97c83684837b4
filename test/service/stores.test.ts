/**
 * The Verifier's store interfaces on PostgreSQL (and, for comparison, the same contract on
 * SQLite, the service's default): exactly-once nonce consumption (also under concurrency, two
 * store instances racing on one database), the atomic attempt claim and its cap, pruning,
 * root statements (conflicts refused, freshest freshness kept), idempotent migrations when
 * instances start together, and StoreUnavailableError when PostgreSQL cannot be reached.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresVerifierStores } from '../../src/service/postgres-stores.js';
import { openServiceStores } from '../../src/service/open-stores.js';
import { openSqliteVerifierStores } from '../../src/verifier-stores-sqlite.js';
import type { PendingRequest, VerifierStores } from '../../src/verifier-stores.js';
import type { FreshnessStatement, RootStatement } from '../../src/registry/statements.js';
import type { PresentationRequest } from '../../src/request.js';
import { describePostgres, freshDatabase } from '../helpers/database.js';

let counter = 0;
/** A stand-in pending request: the stores keep the request whole and read only its nonce and expiry. */
function pending(expiresAt = new Date(Date.now() + 600_000)): PendingRequest {
  counter += 1;
  const request = { type: 'ZkDisclosureRequest', nonce: `${process.pid}-${counter}`.padStart(64, '0'), expiresAt: expiresAt.toISOString() } as unknown as PresentationRequest;
  return { id: `id-${process.pid}-${counter}`, request, createdAt: new Date().toISOString(), attempts: 0 };
}

/** Unsigned stand-ins: the stores do not check signatures (readers do). */
const root = (issuer: string, sequence: number, value = `${sequence}`): RootStatement =>
  ({ type: 'ZkRegistryRootStatement', issuer, arity: 2, depth: 20, sequence, root: value, size: sequence, changedAt: new Date().toISOString(), signature: 'x' }) as unknown as RootStatement;
const freshness = (issuer: string, sequence: number, signedAt: string): FreshnessStatement =>
  ({ type: 'ZkRegistryFreshnessStatement', issuer, sequence, root: `${sequence}`, signedAt, signature: 'x' }) as unknown as FreshnessStatement;

function storeContract(name: string, open: () => Promise<VerifierStores>): void {
  describe(name, () => {
    let a: VerifierStores;
    let b: VerifierStores;
    beforeAll(async () => {
      a = await open();
      b = await open();
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it('keeps a pending request by id and nonce until removed; spends its nonce exactly once', async () => {
      const p = pending();
      await a.requests.save(p);
      expect(await b.requests.byId(p.id)).toEqual(p);
      expect(await b.requests.byNonce(p.request.nonce)).toEqual(p);
      await expect(b.requests.save(p)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      const expiry = new Date(p.request.expiresAt);
      expect(await a.nonces.consume(p.request.nonce, expiry)).toBe(true);
      expect(await b.nonces.consume(p.request.nonce, expiry)).toBe(false);
      expect(await b.nonces.isSpent(p.request.nonce)).toBe(true);
      expect(await a.requests.remove(p.request.nonce)).toBe(true);
      expect(await b.requests.remove(p.request.nonce)).toBe(false);
      expect(await a.requests.byId(p.id)).toBeUndefined();
    });

    it('spends a nonce once when two store instances race for it, many times', async () => {
      for (let round = 0; round < 25; round++) {
        const nonce = `race-${process.pid}-${counter++}`;
        const results = await Promise.all([a, b, a, b].map((s) => s.nonces.consume(nonce, new Date(Date.now() + 60_000))));
        expect(results.filter(Boolean)).toHaveLength(1);
      }
    });

    it('claims attempts atomically up to the cap, and not on an expired request', async () => {
      const p = pending();
      await a.requests.save(p);
      const claims = await Promise.all([a, b, a, b, a].map((s) => s.requests.claimAttempt(p.request.nonce, 3, new Date())));
      expect(claims.filter((c) => c.status === 'claimed')).toHaveLength(3);
      expect(claims.filter((c) => c.status === 'exhausted')).toHaveLength(2);
      expect((await b.requests.byNonce(p.request.nonce))?.attempts).toBe(3);
      expect(await a.requests.claimAttempt('no-such-nonce', 3, new Date())).toEqual({ status: 'unknown' });
      const old = pending(new Date(Date.now() - 1000));
      await a.requests.save(old);
      expect(await b.requests.claimAttempt(old.request.nonce, 3, new Date())).toMatchObject({ status: 'expired' });
    });

    it('prunes requests and spent nonces past their expiry, and only those', async () => {
      const past = new Date(Date.now() - 1000);
      const old = pending(past);
      const live = pending();
      await a.requests.save(old);
      await a.requests.save(live);
      await a.nonces.consume(old.request.nonce, past);
      await a.nonces.consume(live.request.nonce, new Date(live.request.expiresAt));
      expect(await b.requests.prune(new Date())).toBeGreaterThanOrEqual(1);
      expect(await b.nonces.prune(new Date())).toBeGreaterThanOrEqual(1);
      expect(await a.requests.byId(old.id)).toBeUndefined();
      expect(await a.nonces.isSpent(old.request.nonce)).toBe(false);
      expect(await a.requests.byId(live.id)).toBeDefined();
      expect(await a.nonces.isSpent(live.request.nonce)).toBe(true);
    });

    it('keeps root statements, refuses a conflicting one, keeps the freshest freshness', async () => {
      const issuer = `did:key:z${process.pid}${counter++}`;
      await a.roots.add(issuer, [root(issuer, 1), root(issuer, 2)], freshness(issuer, 2, '2026-01-01T00:00:00.000Z'));
      await b.roots.add(issuer, [root(issuer, 2)], freshness(issuer, 2, '2025-01-01T00:00:00.000Z'));
      await expect(b.roots.add(issuer, [root(issuer, 2, 'other')])).rejects.toMatchObject({ code: 'REGISTRY_INVALID' });
      const since = await b.roots.since(issuer, 1);
      expect(since.roots.map((s) => s.sequence)).toEqual([2]);
      expect(since.freshness?.signedAt).toBe('2026-01-01T00:00:00.000Z');
      expect(await a.roots.issuers()).toContain(issuer);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'zkd-stores-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
storeContract('SQLite verifier stores (the service default)', async () => openSqliteVerifierStores(join(dir, 'service.sqlite')));

describePostgres('PostgreSQL verifier stores', (url) => {
  let database: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    database = await freshDatabase(url);
  });
  afterAll(async () => database?.drop());
  storeContract('contract', () => openPostgresVerifierStores(database.url));

  it('migrates once when instances start together', async () => {
    const opened = await Promise.all([1, 2, 3].map(() => openServiceStores(database.url, dir)));
    expect(opened.map((o) => o.kind)).toEqual(['postgres', 'postgres', 'postgres']);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM zkd_migrations ORDER BY version');
    await client.end();
    expect(rows).toEqual([{ version: 1 }]);
    await Promise.all(opened.map((o) => o.stores.close()));
  });
});

describe('store selection and failures', () => {
  it('opens SQLite in the verifier directory by default and refuses other URLs, naming --database', async () => {
    const opened = await openServiceStores(undefined, dir);
    expect(opened.kind).toBe('sqlite');
    await opened.stores.close();
    await expect(openServiceStores('mysql://x', dir)).rejects.toMatchObject({ field: '--database' });
    await expect(openServiceStores('sqlite:', dir)).rejects.toMatchObject({ field: '--database' });
  });

  it('gives StoreUnavailableError when PostgreSQL does not answer', async () => {
    await expect(openPostgresVerifierStores('postgres://zkd@127.0.0.1:1/zkd')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
