/**
 * The registry client against honest servers: what it fetches and caches (the pointer on every
 * call, the immutable root statement, history and bucket once per sequence), its input checks,
 * the caller's AbortSignal, unavailable servers, and which freshness statement it keeps.
 * Hostile servers are in hostile.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError, Registry, RegistryClient, RegistryError, issuerKeysFromSecret } from '../../src/index.js';
import { statementFileText } from '../../src/registry/publication.js';
import { rejected } from '../helpers/library.js';
import { type Served, countingFetch, fillRegistry, serveRegistry, serveWith } from '../helpers/registry-http.js';

const keys = issuerKeysFromSecret(new Uint8Array(32).fill(51));
let now = new Date('2026-11-29T10:00:00.000Z');
const registry = new Registry({ keys, clock: () => now });
let served: Served;

beforeAll(async () => {
  fillRegistry(registry, 1100);
  served = await serveRegistry(registry);
});
afterAll(() => served.close());

const pathOf = (file: string): string => new URL(`${served.baseUrl}${file}`).pathname;

describe('fetching and caching', () => {
  test('the pointer on every call; the root statement, history and a bucket once per sequence', async () => {
    const counting = countingFetch();
    const client = new RegistryClient({ baseUrl: served.baseUrl, issuer: keys.did, fetch: counting.fetch });
    const s = registry.sequence;
    await client.bucketView(3);
    await client.bucketView(1000); // same bucket
    await client.history();
    await client.history();
    expect(Object.fromEntries(counting.counts)).toEqual({
      [pathOf('freshness.json')]: 4, [pathOf(`roots/${s}.json`)]: 1, [pathOf(`buckets/${s}/0.bin`)]: 1, [pathOf(`history/${s}.json`)]: 1,
    });
    await client.bucketView(1050); // another bucket
    expect(counting.counts.get(pathOf(`buckets/${s}/1.bin`))).toBe(1);
    registry.append('one-more', 77n);
    const view = await client.bucketView(3);
    expect(view.rootStatement.sequence).toBe(s + 1);
    expect(counting.counts.get(pathOf(`roots/${s + 1}.json`))).toBe(1);
    expect(counting.counts.get(pathOf(`buckets/${s + 1}/0.bin`))).toBe(1);
    expect((await client.history()).at(-1)).toEqual(registry.latest());
    expect(counting.counts.get(pathOf(`history/${s + 1}.json`))).toBe(1);
  });

  test('a base URL without its trailing slash names the same directory', async () => {
    const client = new RegistryClient({ baseUrl: served.baseUrl.replace(/\/$/, ''), issuer: keys.did });
    expect((await client.latest()).rootStatement).toEqual(registry.latest());
    expect(client.baseUrl).toBe(served.baseUrl);
  });

  test('a replayed older freshness statement of the same sequence does not replace a newer one', async () => {
    const older = registry.freshness(0);
    now = new Date(now.getTime() + 60_000);
    const newer = registry.freshness(0);
    expect(newer.signedAt).not.toBe(older.signedAt);
    let pointer = newer;
    const replaying = await serveWith((request, response) => {
      const file = new URL(request.url ?? '/', 'http://x').pathname;
      const body = file.endsWith('/freshness.json') ? statementFileText(pointer) : file.includes('/roots/') ? statementFileText(registry.latest()) : undefined;
      if (body === undefined) response.writeHead(404).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    try {
      const client = new RegistryClient({ baseUrl: replaying.baseUrl, issuer: keys.did });
      expect((await client.latest()).freshness).toEqual(newer);
      pointer = older;
      expect((await client.latest()).freshness).toEqual(newer);
    } finally {
      await replaying.close();
    }
  });
});

test('concurrent calls: an older state completed after a newer one never moves the cached state back', async () => {
  const older = statementFileText(registry.freshness());
  registry.append('concurrent', 78n);
  const newer = statementFileText(registry.freshness());
  let pointers = 0;
  const racing = await serveWith((request, response) => {
    const file = new URL(request.url ?? '/', 'http://x').pathname;
    const json = (body: string): void => void response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    if (file.endsWith('/freshness.json')) {
      json(pointers++ === 0 ? older : newer);
      return;
    }
    const sequence = Number(/roots\/(\d+)\.json$/.exec(file)![1]);
    const body = statementFileText(registry.statement(sequence));
    // The older root statement arrives after the newer state was adopted.
    if (sequence < registry.sequence) setTimeout(() => json(body), 300);
    else json(body);
  });
  try {
    const client = new RegistryClient({ baseUrl: racing.baseUrl, issuer: keys.did });
    const slow = rejected(client.latest());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await client.latest()).rootStatement.sequence).toBe(registry.sequence);
    expect(await slow).toMatchObject({ code: 'REGISTRY_ROLLBACK' });
    expect(client.cached?.rootStatement.sequence).toBe(registry.sequence);
  } finally {
    await racing.close();
  }
});

describe('inputs and failures', () => {
  test('constructor options are checked, each error naming its field', () => {
    const make = (options: Record<string, unknown>): unknown => {
      try {
        return new RegistryClient({ baseUrl: served.baseUrl, issuer: keys.did, ...options } as never);
      } catch (err) {
        return err;
      }
    };
    expect(make({ baseUrl: 'not a url' })).toMatchObject({ field: 'baseUrl' });
    expect(make({ baseUrl: 'ftp://example.org/r/' })).toMatchObject({ field: 'baseUrl' });
    expect(make({ baseUrl: `${served.baseUrl}?x=1` })).toMatchObject({ field: 'baseUrl' });
    expect(make({ issuer: '' })).toMatchObject({ field: 'issuer' });
    expect(make({ issuer: 42 })).toMatchObject({ field: 'issuer' });
    expect(make({ timeoutMs: 0 })).toMatchObject({ field: 'timeoutMs' });
    expect(make({ timeoutMs: Number.POSITIVE_INFINITY })).toMatchObject({ field: 'timeoutMs' });
    expect(make({ limits: { historyBytes: -1 } })).toMatchObject({ field: 'limits.historyBytes' });
    expect(make({ fetch: 'no' })).toMatchObject({ field: 'fetch' });
    expect(make({})).toBeInstanceOf(RegistryClient);
  });

  test('a bad leaf index is an InputError with nothing fetched; a leaf past the end is NOT_FOUND', async () => {
    const counting = countingFetch();
    const client = new RegistryClient({ baseUrl: served.baseUrl, issuer: keys.did, fetch: counting.fetch });
    for (const bad of [-1, 1.5, Number.NaN, '3' as unknown as number]) expect(await rejected(client.bucketView(bad))).toBeInstanceOf(InputError);
    expect(counting.counts.size).toBe(0);
    const err = await rejected(client.bucketView(registry.size));
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ code: 'NOT_FOUND' });
  });

  test('the caller\'s AbortSignal: an aborted call rejects with the signal\'s reason, before or during a fetch', async () => {
    const client = new RegistryClient({ baseUrl: served.baseUrl, issuer: keys.did });
    const reason = new Error('caller gave up');
    expect(await rejected(client.latest(AbortSignal.abort(reason)))).toBe(reason);
    const silent = await serveWith(() => undefined); // accepts, never answers
    try {
      const hanging = new RegistryClient({ baseUrl: silent.baseUrl, issuer: keys.did });
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(reason), 100);
      expect(await rejected(hanging.bucketView(0, controller.signal))).toBe(reason);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await silent.close();
    }
  });

  test('unreachable servers and HTTP errors are REGISTRY_UNAVAILABLE; a file the pointer names but the server lacks is REGISTRY_INCONSISTENT', async () => {
    const closed = await serveWith(() => undefined);
    await closed.close();
    const refused = await rejected(new RegistryClient({ baseUrl: closed.baseUrl, issuer: keys.did }).latest());
    expect(refused).toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    expect((refused as Error).message).toContain('/freshness.json: fetch failed');

    let status = 500;
    const failing = await serveWith((request, response) => {
      const file = new URL(request.url ?? '/', 'http://x').pathname;
      if (file.endsWith('/freshness.json') && status !== 500) response.writeHead(200).end(statementFileText(registry.freshness()));
      else response.writeHead(status).end();
    });
    try {
      const client = new RegistryClient({ baseUrl: failing.baseUrl, issuer: keys.did });
      expect(await rejected(client.latest())).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', message: expect.stringContaining('HTTP 500') });
      status = 404;
      const missing = await rejected(client.latest());
      expect(missing).toMatchObject({ code: 'REGISTRY_INCONSISTENT' });
      expect((missing as Error).message).toContain(`/roots/${registry.sequence}.json: HTTP 404`);
      expect(client.cached).toBeUndefined();
    } finally {
      await failing.close();
    }
  });
});
