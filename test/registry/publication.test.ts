/**
 * Registry publication end to end at the client level: over HTTP (the fastify routes on
 * 127.0.0.1) and as static files (`publishStatic` output served by a tiny static server). A client
 * fetches a bucket and computes the same path as the issuer's registry; a revocation becomes a new
 * sequence; an old bucket URL is an inconsistency that one retry resolves; a stale CDN (pointer of
 * s + 1, buckets of s only) is REGISTRY_INCONSISTENT after that one retry. Also the layout's
 * headers and bytes, bad path parameters, the static publisher's guards and pruning, and one
 * presentation proved from a fetched bucket and verified against a fetched root view.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  HISTORY_SPAN, InputError, IssuerRootView, PERSON_SCHEMA, REGISTRY_LIMITS, Registry, RegistryClient, RegistryError, RootViews, Wallet,
  checkBucket, createProver, createRequest, defaultAcceptedKeys, historyRange, issuerKeysFromSecret, loadVerificationKey, verifyPresentation,
} from '../../src/index.js';
import { publishStatic } from '../../src/registry/node.js';
import { ERIKA, NOW, TODAY, holderKeys, issuePerson, makeIssuer, rejected, tempDir } from '../helpers/library.js';
import { type Served, countingFetch, fillRegistry, serveDirectory, serveRegistry } from '../helpers/registry-http.js';

const keys = issuerKeysFromSecret(new Uint8Array(32).fill(41));
const other = issuerKeysFromSecret(new Uint8Array(32).fill(42));

/** Checks a fetched view's bucket and returns the path of `leaf` it determines (no second hashing: checkBucket caches). */
function fetchedPath(view: Awaited<ReturnType<RegistryClient['bucketView']>>, leaf: number): ReturnType<Registry['path']> {
  return checkBucket(view.bucket, view.rootStatement, view.bucket.index).path(leaf);
}

describe('over HTTP (fastify routes)', () => {
  const registry = new Registry({ keys });
  let served: Served;

  beforeAll(async () => {
    fillRegistry(registry, 2500); // buckets 0 and 1 full, bucket 2 holds 452 leaves
    served = await serveRegistry(registry);
  });
  afterAll(() => served.close());

  const client = (): RegistryClient => new RegistryClient({ baseUrl: served.baseUrl, issuer: keys.did });

  test('a client fetches buckets (full and partly filled) and computes the registry\'s own paths', async () => {
    const c = client();
    for (const leaf of [0, 1500, 2499]) {
      const view = await c.bucketView(leaf);
      expect(view.rootStatement).toEqual(registry.latest());
      expect(view.freshness.sequence).toBe(registry.sequence);
      expect(view.bucket.index).toBe(Math.floor(leaf / 1024));
      expect(fetchedPath(view, leaf)).toEqual(registry.path(leaf));
    }
  });

  test('headers: a short-lived pointer, immutable files with identical bytes on every download, any origin', async () => {
    const s = registry.sequence;
    const pointer = await fetch(`${served.baseUrl}freshness.json`);
    expect(pointer.headers.get('cache-control')).toBe('public, max-age=60');
    expect(pointer.headers.get('access-control-allow-origin')).toBe('*');
    const [a, b] = await Promise.all([1, 2].map(() => fetch(`${served.baseUrl}roots/${s}.json`)));
    expect(a!.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await a!.text()).toBe(await b!.text());
    const bucket = await fetch(`${served.baseUrl}buckets/${s}/2.bin`);
    expect(bucket.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(bucket.headers.get('content-type')).toBe('application/octet-stream');
  });

  test('bad path parameters are a 400, unknown sequences and buckets a 404', async () => {
    const s = registry.sequence;
    const status = async (file: string): Promise<number> => (await fetch(`${served.baseUrl}${file}`)).status;
    for (const bad of ['roots/abc.json', 'roots/01.json', 'roots/1.txt', 'roots/-1.json', 'history/1e3.json', 'roots/1234567890123456.json',
      'buckets/x/0.bin', 'buckets/0/0.json', `buckets/${s}/01.bin`, `buckets/${s}/0x1.bin`]) {
      expect(await status(bad), bad).toBe(400);
    }
    expect(await status(`roots/${s + 1}.json`)).toBe(404);
    expect(await status(`history/${s + 1}.json`)).toBe(404);
    expect(await status(`buckets/${s}/3.bin`)).toBe(404);
    expect(await status(`roots/${s}.json`)).toBe(200);
  });

  test('revocation: a new sequence; the old bucket URL is a 404 naming it; a change between pointer and bucket is retried once', async () => {
    const c = client();
    const before = await c.bucketView(5);
    registry.revoke('bulk-5');
    const s = registry.sequence;
    expect(s).toBe(before.rootStatement.sequence + 1);
    const stale = await fetch(`${served.baseUrl}buckets/${s - 1}/0.bin`);
    expect(stale.status).toBe(404);
    expect(await stale.json()).toMatchObject({ sequence: s });
    const after = await c.bucketView(5);
    expect(after.rootStatement.sequence).toBe(s);
    expect(fetchedPath(after, 5)).toEqual(registry.path(5));
    expect(fetchedPath(after, 5).leaf).toBe(0n);

    // The issuer revokes right after the client read the pointer: the bucket of that sequence is gone.
    let raced = false;
    const counting = countingFetch((path) => {
      if (path.endsWith('/freshness.json') && !raced) {
        raced = true;
        registry.revoke('bulk-6');
      }
    });
    const racing = new RegistryClient({ baseUrl: served.baseUrl, issuer: keys.did, fetch: counting.fetch });
    const view = await racing.bucketView(6);
    expect(view.rootStatement.sequence).toBe(s + 1);
    expect(fetchedPath(view, 6)).toEqual(registry.path(6));
    expect(counting.counts.get(new URL(`${served.baseUrl}freshness.json`).pathname)).toBe(2);
    expect(counting.counts.get(new URL(`${served.baseUrl}buckets/${s}/0.bin`).pathname)).toBe(1);
    expect(counting.counts.get(new URL(`${served.baseUrl}buckets/${s + 1}/0.bin`).pathname)).toBe(1);
  });

  test('a verifier\'s root view fed by the client accepts the latest root', async () => {
    const c = client();
    const view = new IssuerRootView(keys.did);
    await c.updateRootView(view);
    expect(view.latest).toEqual(registry.latest());
    expect(view.accept(registry.root, new Date(), 3600)).toEqual({ accepted: true, sequence: registry.sequence });
    expect(await rejected(c.updateRootView(new IssuerRootView(other.did)))).toBeInstanceOf(InputError);
  });
});

test(`history: the ${HISTORY_SPAN} statements up to each sequence, within the size limit`, async () => {
  const registry = new Registry({ keys, shape: { arity: 2, depth: 10 } });
  for (let i = 0; i < HISTORY_SPAN + 40; i++) registry.append(`one-${i}`, BigInt(i + 1));
  const served = await serveRegistry(registry);
  try {
    const s = registry.sequence;
    const response = await fetch(`${served.baseUrl}history/${s}.json`);
    const text = await response.text();
    expect(text.length).toBeLessThan(REGISTRY_LIMITS.historyBytes / 2);
    const statements = JSON.parse(text) as { sequence: number }[];
    expect(statements.map((x) => x.sequence)).toEqual(Array.from({ length: HISTORY_SPAN }, (_, i) => s - HISTORY_SPAN + 1 + i));
    const early = (await (await fetch(`${served.baseUrl}history/10.json`)).json()) as { sequence: number }[];
    expect(early.map((x) => x.sequence)).toEqual(Array.from({ length: 11 }, (_, i) => i));
    expect(historyRange(10)).toEqual({ from: 0, to: 10 });
    const client = new RegistryClient({ baseUrl: served.baseUrl, issuer: keys.did });
    const history = await client.history();
    expect(history).toEqual(registry.history(s - HISTORY_SPAN + 1, s));
  } finally {
    await served.close();
  }
});

describe('as static files (registry publish)', () => {
  const registry = new Registry({ keys });
  const tmp = tempDir('zkd-publish-');
  const out = join(tmp.dir, 'out');
  let served: Served;

  beforeAll(async () => {
    fillRegistry(registry, 1500);
    served = await serveDirectory(out);
  });
  afterAll(async () => {
    await served.close();
    tmp.cleanup();
  });

  const sequencesIn = (dir: string): number[] => readdirSync(join(out, dir)).filter((n) => !n.startsWith('.')).map((n) => Number.parseInt(n, 10)).sort((a, b) => a - b);

  test('writes the layout world-readable; a client fetches a bucket and computes the registry\'s own path', async () => {
    const result = publishStatic(registry, out);
    expect(result).toMatchObject({ sequence: registry.sequence, bucketsWritten: 2, pruned: [] });
    const s = registry.sequence;
    for (const file of ['freshness.json', `roots/${s}.json`, `history/${s}.json`, `buckets/${s}/0.bin`, `buckets/${s}/1.bin`]) {
      expect(statSync(join(out, file)).mode & 0o777, file).toBe(0o644);
    }
    for (const dir of ['', 'roots', 'history', 'buckets', `buckets/${s}`]) expect(statSync(join(out, dir)).mode & 0o777, dir).toBe(0o755);
    expect(readdirSync(join(out, 'buckets', String(s))).sort()).toEqual(['0.bin', '1.bin']);

    const client = new RegistryClient({ baseUrl: served.baseUrl, issuer: keys.did });
    const view = await client.bucketView(1400);
    expect(view.rootStatement).toEqual(registry.latest());
    expect(fetchedPath(view, 1400)).toEqual(registry.path(1400));
  });

  test('a rerun for an unchanged sequence writes no bucket and re-signs only the pointer', () => {
    const s = registry.sequence;
    const root = readFileSync(join(out, `roots/${s}.json`), 'utf8');
    const pointer = JSON.parse(readFileSync(join(out, 'freshness.json'), 'utf8')) as { signedAt: string };
    const result = publishStatic(registry, out);
    expect(result.bucketsWritten).toBe(0);
    expect(readFileSync(join(out, `roots/${s}.json`), 'utf8')).toBe(root);
    const next = JSON.parse(readFileSync(join(out, 'freshness.json'), 'utf8')) as { signedAt: string; sequence: number };
    expect(next.sequence).toBe(s);
    expect(Date.parse(next.signedAt)).toBeGreaterThanOrEqual(Date.parse(pointer.signedAt));
  });

  test('revocations: new sequences published, earlier ones kept up to --keep, interrupted runs cleaned up', async () => {
    const client = new RegistryClient({ baseUrl: served.baseUrl, issuer: keys.did });
    const first = registry.sequence;
    for (let i = 0; i < 4; i++) {
      registry.revoke(`bulk-${i}`);
      publishStatic(registry, out, { keep: 3 });
    }
    mkdirSync(join(out, 'buckets', '.tmp-leftover'));
    const last = publishStatic(registry, out, { keep: 3 });
    expect(last.pruned).toEqual([]);
    const s = registry.sequence;
    expect(s).toBe(first + 4);
    for (const dir of ['roots', 'history', 'buckets']) expect(sequencesIn(dir), dir).toEqual([s - 2, s - 1, s]);
    expect(existsSync(join(out, 'buckets', '.tmp-leftover'))).toBe(false);
    const view = await client.bucketView(3);
    expect(view.rootStatement.sequence).toBe(s);
    expect(fetchedPath(view, 3)).toEqual(registry.path(3));
    expect(fetchedPath(view, 3).leaf).toBe(0n);
  });

  test('a stale CDN (pointer of s + 1, buckets of s only) is REGISTRY_INCONSISTENT after one retry', async () => {
    const counting = countingFetch();
    const client = new RegistryClient({ baseUrl: served.baseUrl, issuer: keys.did, fetch: counting.fetch });
    await client.bucketView(10);
    registry.revoke('bulk-10');
    publishStatic(registry, out, { keep: 3 });
    const s = registry.sequence;
    rmSync(join(out, 'buckets', String(s)), { recursive: true });
    const err = await rejected(client.bucketView(10));
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ code: 'REGISTRY_INCONSISTENT' });
    expect((err as Error).message).toContain(`buckets/${s}/0.bin`);
    expect(counting.counts.get(new URL(`${served.baseUrl}buckets/${s}/0.bin`).pathname)).toBe(2);
    expect(client.cached?.rootStatement.sequence).toBe(s);
    // Once the CDN catches up, the same client succeeds.
    rmSync(join(out, `roots/${s}.json`));
    publishStatic(registry, out, { keep: 3 });
    expect(fetchedPath(await client.bucketView(10), 10)).toEqual(registry.path(10));
  });

  test('refuses to overwrite an immutable file, another issuer\'s output, or a newer pointer (rollback)', () => {
    const s = registry.sequence;
    const rootFile = join(out, `roots/${s}.json`);
    const original = readFileSync(rootFile, 'utf8');
    const pointer = readFileSync(join(out, 'freshness.json'), 'utf8');
    chmodSync(rootFile, 0o644);
    writeFileSync(rootFile, original.replace(/"size":\d+/, '"size":1'));
    expect(() => publishStatic(registry, out)).toThrow(/immutable/);
    expect(readFileSync(join(out, 'freshness.json'), 'utf8')).toBe(pointer);
    writeFileSync(rootFile, original);

    const foreign = new Registry({ keys: other });
    expect(() => publishStatic(foreign, out)).toThrow(InputError);
    const ahead = JSON.parse(pointer) as { sequence: number };
    writeFileSync(join(out, 'freshness.json'), JSON.stringify({ ...ahead, sequence: s + 5 }));
    expect(() => publishStatic(registry, out)).toThrow(/roll the registry back/);
    writeFileSync(join(out, 'freshness.json'), pointer);
    expect(() => publishStatic(registry, out, { keep: 0 })).toThrow(InputError);
    expect(publishStatic(registry, out).sequence).toBe(s);
  });
});

describe('end to end: a wallet proves from a fetched bucket, a verifier checks against fetched roots', () => {
  const issuer = makeIssuer(issuerKeysFromSecret(new Uint8Array(32).fill(43)));
  const erika = holderKeys(0x5e7e5e7en);
  const wallet = new Wallet({ holderSecret: erika.secret, prover: createProver() });
  const COMPACT = 'presentation-16-1-1-20';
  let served: Served;

  beforeAll(async () => {
    fillRegistry(issuer.registry, 1100);
    wallet.accept(issuePerson(issuer, erika, ERIKA)); // leaf 1100, in the partly filled bucket 1
    served = await serveRegistry(issuer.registry);
  });
  afterAll(() => served.close());

  test('issue → serve → present → verify; revoke → the wallet refuses, and with a zero window the verifier refuses at once', async () => {
    const client = new RegistryClient({ baseUrl: served.baseUrl, issuer: issuer.did });
    const request = createRequest({
      schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys: defaultAcceptedKeys(), today: TODAY, now: NOW, maxRootAgeSeconds: 0,
      predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }],
    });
    const presentation = await wallet.createPresentation({ request, registries: [client], now: NOW });
    const rootViews = new RootViews();
    await client.updateRootView(rootViews.of(issuer.did));
    const verificationKeys = { [COMPACT]: loadVerificationKey(COMPACT).vkey };
    const options = { verificationKeys, rootViews, now: NOW };
    expect((await verifyPresentation(presentation, request, options)).errors).toEqual([]);

    issuer.revoke(wallet.credentials()[0]!.id);
    await client.updateRootView(rootViews.of(issuer.did));
    const after = await verifyPresentation(presentation, request, options);
    expect(after.verified).toBe(false);
    expect(after.errors.map((e) => e.code)).toContain('ROOT_SUPERSEDED');
    expect(await rejected(wallet.createPresentation({ request, registries: [client], now: NOW }))).toMatchObject({ code: 'CREDENTIAL_REVOKED' });
  });
});
