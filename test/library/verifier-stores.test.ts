/**
 * The verifier stores' contract (src/verifier-stores.ts), run against the memory stores and the
 * SQLite stores alike: pending requests (by id and nonce, the atomic attempt claim with its cap
 * and expiry, pruning), spent nonces (one atomic consume, pruning by the request's expiry, also
 * from two connections to one SQLite file), and the issuers' root statements (conflicting
 * statements refused, the newest freshness kept, history trimmed). No proofs here.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  InputError, PERSON_SCHEMA, ROOT_HISTORY_LIMIT, RegistryError, createRequest, defaultAcceptedKeys, memoryVerifierStores,
  type PendingRequest, type VerifierStores,
} from '../../src/index.js';
import { openSqliteVerifierStores } from '../../src/sqlite.js';
import { NOW, holderKeys, issuePerson, issuerKeys, later, makeIssuer, rejected, tempDir } from '../helpers/library.js';

const tmp = tempDir('zkd-verifier-stores-');
afterAll(() => tmp.cleanup());

const acceptedKeys = defaultAcceptedKeys();
const trusted = makeIssuer(issuerKeys(31));
let counter = 0;

/** A pending request valid for `seconds` from NOW, never attempted. */
function pending(seconds = 600): PendingRequest {
  const request = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [trusted.did], acceptedKeys, now: NOW, validForSeconds: seconds });
  return { id: `request-${++counter}`, request, createdAt: NOW.toISOString(), attempts: 0 };
}

let sqliteFiles = 0;
const kinds: [string, () => VerifierStores][] = [
  ['memory', memoryVerifierStores],
  ['SQLite', () => openSqliteVerifierStores(tmp.file(`stores-${++sqliteFiles}.db`))],
];

describe.each(kinds)('%s verifier stores', (_kind, open) => {
  it('a saved request is found by id and by nonce; a second save of its id or nonce is refused', async () => {
    const stores = open();
    const p = pending();
    await stores.requests.save(p);
    expect(await stores.requests.byId(p.id)).toEqual(p);
    expect(await stores.requests.byNonce(p.request.nonce)).toEqual(p);
    expect(await stores.requests.byId('nobody')).toBeUndefined();
    expect(await rejected(stores.requests.save(p))).toBeInstanceOf(InputError);
    expect(await rejected(stores.requests.save({ ...pending(), request: p.request }))).toBeInstanceOf(InputError);
    await stores.close();
  });

  it('claimAttempt counts attempts up to the cap, then refuses without counting', async () => {
    const stores = open();
    const p = pending();
    await stores.requests.save(p);
    for (const expected of [1, 2, 3]) {
      const claim = await stores.requests.claimAttempt(p.request.nonce, 3, later(1));
      expect(claim.status).toBe('claimed');
      expect(claim.status === 'claimed' && claim.pending.attempts).toBe(expected);
    }
    const refused = await stores.requests.claimAttempt(p.request.nonce, 3, later(1));
    expect(refused.status).toBe('exhausted');
    expect((await stores.requests.byNonce(p.request.nonce))!.attempts).toBe(3);
    expect((await stores.requests.claimAttempt('ab'.repeat(32), 3, later(1))).status).toBe('unknown');
    await stores.close();
  });

  it('concurrent claims never exceed the cap', async () => {
    const stores = open();
    const p = pending();
    await stores.requests.save(p);
    const claims = await Promise.all(Array.from({ length: 20 }, () => stores.requests.claimAttempt(p.request.nonce, 4, later(1))));
    expect(claims.filter((c) => c.status === 'claimed')).toHaveLength(4);
    expect((await stores.requests.byNonce(p.request.nonce))!.attempts).toBe(4);
    await stores.close();
  });

  it('an expired request is not claimed, and prune removes only expired requests', async () => {
    const stores = open();
    const short = pending(60);
    const long = pending(600);
    await stores.requests.save(short);
    await stores.requests.save(long);
    expect((await stores.requests.claimAttempt(short.request.nonce, 5, later(60))).status).toBe('claimed');
    expect((await stores.requests.claimAttempt(short.request.nonce, 5, later(61))).status).toBe('expired');
    expect((await stores.requests.byNonce(short.request.nonce))!.attempts).toBe(1);
    expect(await stores.requests.prune(later(61))).toBe(1);
    expect(await stores.requests.byId(short.id)).toBeUndefined();
    expect(await stores.requests.byId(long.id)).toBeDefined();
    expect(await stores.requests.remove(long.request.nonce)).toBe(true);
    expect(await stores.requests.remove(long.request.nonce)).toBe(false);
    expect(await stores.requests.byId(long.id)).toBeUndefined();
    await stores.close();
  });

  it('a nonce is consumed once, also by concurrent calls; prune forgets it after its expiry', async () => {
    const stores = open();
    const nonce = 'cd'.repeat(32);
    const results = await Promise.all(Array.from({ length: 16 }, () => stores.nonces.consume(nonce, later(600))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await stores.nonces.isSpent(nonce)).toBe(true);
    expect(await stores.nonces.consume(nonce, later(600))).toBe(false);
    expect(await stores.nonces.prune(later(600))).toBe(0);
    expect(await stores.nonces.prune(later(601))).toBe(1);
    expect(await stores.nonces.isSpent(nonce)).toBe(false);
    await stores.close();
  });

  it('root statements: stored and read back after a sequence; a conflicting root for a stored sequence is refused', async () => {
    const stores = open();
    const keys = issuerKeys(32);
    const issuer = makeIssuer(keys);
    issuePerson(issuer, holderKeys(1n));
    const first = issuer.exportRegistry();
    issuePerson(issuer, holderKeys(2n));
    const second = issuer.exportRegistry();
    await stores.roots.add(issuer.did, [...first.history, first.rootStatement], first.freshness);
    await stores.roots.add(issuer.did, [second.rootStatement], second.freshness);
    const all = await stores.roots.since(issuer.did, -1);
    expect(all.roots.map((s) => s.sequence)).toEqual([0, 1, 2]);
    expect(all.freshness).toEqual(second.freshness);
    expect((await stores.roots.since(issuer.did, 1)).roots).toEqual([second.rootStatement]);
    // The older freshness statement does not replace the newer one.
    await stores.roots.add(issuer.did, [], first.freshness);
    expect((await stores.roots.since(issuer.did, 2)).freshness).toEqual(second.freshness);
    expect(await stores.roots.issuers()).toEqual([issuer.did]);
    // The same keys sign another credential at sequence 2: equivocation.
    const twin = makeIssuer(keys);
    issuePerson(twin, holderKeys(1n));
    issuePerson(twin, holderKeys(3n));
    const forked = twin.exportRegistry().rootStatement;
    expect(forked.sequence).toBe(2);
    const err = await rejected(stores.roots.add(issuer.did, [forked]));
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe('REGISTRY_INVALID');
    expect((await stores.roots.since(issuer.did, 1)).roots).toEqual([second.rootStatement]);
    await stores.close();
  });

  it(`root statements older than the latest ${ROOT_HISTORY_LIMIT} are trimmed`, async () => {
    const stores = open();
    const base = trusted.exportRegistry().rootStatement;
    // Unsigned copies: the store checks no signature (readers do), only sequence, root and size.
    const statements = Array.from({ length: ROOT_HISTORY_LIMIT + 2 }, (_, sequence) => ({ ...base, sequence, root: String(sequence) }));
    await stores.roots.add(base.issuer, statements);
    const kept = (await stores.roots.since(base.issuer, -1)).roots.map((s) => s.sequence);
    expect(kept).toHaveLength(ROOT_HISTORY_LIMIT);
    expect(kept[0]).toBe(2);
    await stores.close();
  });
});

describe('SQLite verifier stores shared by two connections to one file', () => {
  it('each nonce is consumed by exactly one of them, and attempts are counted across both', async () => {
    const file = tmp.file('shared.db');
    const a = openSqliteVerifierStores(file);
    const b = openSqliteVerifierStores(file);
    const nonces = Array.from({ length: 8 }, (_, i) => i.toString(16).padStart(64, '0'));
    for (const nonce of nonces) {
      const results = await Promise.all([a, b, a, b].map((s) => s.nonces.consume(nonce, later(600))));
      expect(results.filter(Boolean)).toHaveLength(1);
    }
    const p = pending();
    await a.requests.save(p);
    const claims = await Promise.all([a, b, a, b, a, b].map((s) => s.requests.claimAttempt(p.request.nonce, 3, later(1))));
    expect(claims.filter((c) => c.status === 'claimed')).toHaveLength(3);
    expect(await b.requests.byId(p.id)).toMatchObject({ attempts: 3 });
    await a.close();
    await b.close();
  });
});
