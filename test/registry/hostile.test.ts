/**
 * Hostile or broken registry servers. An honest publication of issuer A (two sequences, s1 and
 * s2, published with `publishStatic`) is served by a node:http server whose answer for one path
 * a test replaces: wrong signatures, another issuer's statements, a rolled-back or equivocating
 * pointer, a freshness statement that does not match the root statement, wrong-size, non-matching
 * and other-sequence buckets, bad history files, a gigabyte (endless) body, a never-ending trickle,
 * malformed JSON and HTML. Each is a typed RegistryError naming the path, in bounded time and
 * memory, and the client's cached state survives it: the same client works once the server is
 * honest again.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  DEFAULT_REGISTRY_BASE_PATH, REGISTRY_LIMITS, type RegistryLatest, Registry, RegistryClient, RegistryError, issuerKeysFromSecret,
} from '../../src/index.js';
import { publishStatic } from '../../src/registry/node.js';
import { rejected, tempDir } from '../helpers/library.js';
import { type Served, countingFetch, fileFor, fillRegistry, sendFile, serveWith } from '../helpers/registry-http.js';

const keysA = issuerKeysFromSecret(new Uint8Array(32).fill(61));
const keysB = issuerKeysFromSecret(new Uint8Array(32).fill(62));
const tmp = tempDir('zkd-hostile-');
const dirA = join(tmp.dir, 'a');
const dirB = join(tmp.dir, 'b');
const dirFork = join(tmp.dir, 'fork');
const registry = new Registry({ keys: keysA });

/** A replacement answer for requests whose path ends with `file`; undefined: serve the honest file. */
type Override = (file: string, request: IncomingMessage, response: ServerResponse) => boolean;
let override: Override | undefined;
let served: Served;
let s1 = 0;
let s2 = 0;
/** Texts of published files, by publication. */
const text = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');
const bytes = (dir: string, file: string): Buffer => readFileSync(join(dir, file));
let pointerS1 = '';

beforeAll(async () => {
  fillRegistry(registry, 200); // one bucket, partly filled: cheap to check again and again
  s1 = publishStatic(registry, dirA).sequence;
  pointerS1 = text(dirA, 'freshness.json');
  registry.revoke('bulk-0');
  s2 = publishStatic(registry, dirA).sequence;

  const b = new Registry({ keys: keysB });
  fillRegistry(b, 200);
  b.revoke('bulk-0');
  publishStatic(b, dirB);
  // Issuer A signing a second, different root for sequence s1 (a fork).
  const fork = new Registry({ keys: keysA });
  fillRegistry(fork, 199);
  publishStatic(fork, dirFork);

  served = await serveWith((request, response) => {
    const file = new URL(request.url ?? '/', 'http://x').pathname.slice(DEFAULT_REGISTRY_BASE_PATH.length);
    if (override?.(file, request, response) === true) return;
    sendFile(fileFor(dirA, request), response);
  });
});
afterEach(() => {
  override = undefined;
});
afterAll(async () => {
  await served.close();
  tmp.cleanup();
});

/** Replaces the answer for one file with a body. */
function serve(file: string, body: string | Uint8Array, type = 'application/json'): void {
  override = (f, _req, res) => {
    if (f !== file) return false;
    res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
    return true;
  };
}

/** A client that has already fetched the honest state (at s2 unless told), but no bucket. */
async function primed(options: { at?: 's1' | 's2'; timeoutMs?: number } = {}): Promise<{ client: RegistryClient; before: RegistryLatest }> {
  const client = new RegistryClient({ baseUrl: served.baseUrl, issuer: keysA.did, ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }) });
  if (options.at === 's1') serve('freshness.json', pointerS1);
  await client.latest();
  override = undefined;
  return { client, before: client.cached! };
}

/** The promise rejects with a RegistryError of `code` naming `file`, and the client kept its state and still works. */
async function expectRefused(client: RegistryClient, before: RegistryLatest, promise: Promise<unknown>, code: string, file: string, what?: RegExp): Promise<void> {
  const err = await rejected(promise);
  expect(err).toBeInstanceOf(RegistryError);
  expect(err).toMatchObject({ code });
  expect((err as Error).message).toContain(`${DEFAULT_REGISTRY_BASE_PATH}${file}`);
  if (what !== undefined) expect((err as Error).message).toMatch(what);
  expect(client.cached).toEqual(before);
  override = undefined;
  const view = await client.bucketView(5);
  expect(view.rootStatement.sequence).toBe(s2);
}

describe('statements', () => {
  test('a wrong signature on the pointer or on the root statement is REGISTRY_INVALID', async () => {
    const { client, before } = await primed({ at: 's1' });
    const pointer = JSON.parse(text(dirA, 'freshness.json')) as Record<string, string>;
    serve('freshness.json', JSON.stringify({ ...pointer, signedAt: '2099-01-01T00:00:00.000Z' }));
    await expectRefused(client, before, client.latest(), 'REGISTRY_INVALID', 'freshness.json', /signature does not verify/);

    const fresh = await primed({ at: 's1' });
    const root = JSON.parse(text(dirA, `roots/${s2}.json`)) as Record<string, unknown>;
    serve(`roots/${s2}.json`, JSON.stringify({ ...root, size: 1 }));
    await expectRefused(fresh.client, fresh.before, fresh.client.bucketView(5), 'REGISTRY_INVALID', `roots/${s2}.json`, /signature/);
  });

  test('another issuer\'s (validly signed) statements are REGISTRY_INVALID', async () => {
    const { client, before } = await primed({ at: 's1' });
    override = (file, req, res) => {
      if (file !== 'freshness.json' && !file.startsWith('roots/')) return false;
      sendFile(fileFor(dirB, req), res);
      return true;
    };
    await expectRefused(client, before, client.latest(), 'REGISTRY_INVALID', 'freshness.json', new RegExp(`signed by ${keysB.did}`));
    const fresh = await primed({ at: 's1' });
    serve(`roots/${s2}.json`, text(dirB, `roots/${s2}.json`));
    await expectRefused(fresh.client, fresh.before, fresh.client.latest(), 'REGISTRY_INVALID', `roots/${s2}.json`, /expected did:key/);
  });

  test('a rolled-back pointer is REGISTRY_ROLLBACK and the newer state is kept', async () => {
    const { client, before } = await primed();
    expect(before.rootStatement.sequence).toBe(s2);
    serve('freshness.json', pointerS1);
    await expectRefused(client, before, client.bucketView(5), 'REGISTRY_ROLLBACK', 'freshness.json', new RegExp(`sequence ${s1} is older than sequence ${s2}`));
  });

  test('a second signed root for a sequence already seen (an issuer fork) is REGISTRY_INVALID', async () => {
    const { client, before } = await primed({ at: 's1' });
    serve('freshness.json', text(dirFork, 'freshness.json'));
    await expectRefused(client, before, client.latest(), 'REGISTRY_INVALID', 'freshness.json', /another root/);
  });

  test('a freshness statement that does not match the root statement is REGISTRY_INCONSISTENT (bucket views: after one retry)', async () => {
    const { client, before } = await primed({ at: 's1' });
    serve(`roots/${s2}.json`, text(dirA, `roots/${s1}.json`));
    await expectRefused(client, before, client.latest(), 'REGISTRY_INCONSISTENT', `roots/${s2}.json`, /does not match the freshness statement/);
    const fresh = await primed({ at: 's1' });
    serve(`roots/${s2}.json`, text(dirA, `roots/${s1}.json`));
    await expectRefused(fresh.client, fresh.before, fresh.client.bucketView(5), 'REGISTRY_INCONSISTENT', `roots/${s2}.json`, /after a retry/);
  });

  test('malformed JSON, HTML instead of JSON, and non-UTF-8 bytes are REGISTRY_INVALID', async () => {
    const { client, before } = await primed();
    serve('freshness.json', '{"type":"ZkdRegistryFreshness",');
    await expectRefused(client, before, client.latest(), 'REGISTRY_INVALID', 'freshness.json', /not JSON/);
    serve('freshness.json', '<!doctype html><html><body>Welcome to nginx!</body></html>', 'text/html');
    await expectRefused(client, before, client.latest(), 'REGISTRY_INVALID', 'freshness.json', /not JSON \(served as text\/html\)/);
    serve('freshness.json', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    await expectRefused(client, before, client.latest(), 'REGISTRY_INVALID', 'freshness.json', /not UTF-8/);
    serve('freshness.json', 'null');
    await expectRefused(client, before, client.latest(), 'REGISTRY_INVALID', 'freshness.json', /not an object/);
  });
});

describe('history', () => {
  const history = (): Record<string, unknown>[] => JSON.parse(text(dirA, `history/${s2}.json`)) as Record<string, unknown>[];

  test('a history that is not contiguous, of the wrong length, badly signed, of another issuer or not an array is REGISTRY_INVALID', async () => {
    const { client, before } = await primed();
    const h = history();
    const cases: [unknown, RegExp][] = [
      [[h[0], h[2], h[1]], /contiguous/],
      [h.slice(1), /expected 3/],
      [[h[0], { ...h[1], size: 5 }, h[2]], /\[1\]: not a valid root statement/],
      [JSON.parse(text(dirB, `history/${s2}.json`)), /signed by/],
      [{ statements: h }, /expected an array/],
    ];
    for (const [body, what] of cases) {
      serve(`history/${s2}.json`, JSON.stringify(body));
      await expectRefused(client, before, client.history(), 'REGISTRY_INVALID', `history/${s2}.json`, what);
    }
    expect(await client.history()).toEqual(h);
  });
});

describe('buckets', () => {
  const file = (): string => `buckets/${s2}/0.bin`;
  const honest = (): Buffer => bytes(dirA, file());

  /** Serves `body` as bucket 0 to a freshly primed client (the refused bucket is cached once the server is honest again). */
  async function refusedBucket(body: Uint8Array, code: string, what?: RegExp): Promise<void> {
    const { client, before } = await primed();
    serve(file(), body, 'application/octet-stream');
    await expectRefused(client, before, client.bucketView(5), code, file(), what);
  }

  test('a bucket of the wrong size: a few bytes off is REGISTRY_INVALID, more than 1 KB over is REGISTRY_TOO_LARGE', async () => {
    await refusedBucket(Buffer.concat([honest(), Buffer.alloc(32)]), 'REGISTRY_INVALID', /length/);
    await refusedBucket(honest().subarray(0, honest().length - 32), 'REGISTRY_INVALID', /length/);
    await refusedBucket(Buffer.concat([honest(), Buffer.alloc(REGISTRY_LIMITS.bucketSlackBytes + 1)]), 'REGISTRY_TOO_LARGE');
  });

  test('a bucket whose leaves do not hash to the signed root, or that claims another index, is REGISTRY_INVALID', async () => {
    const tampered = Buffer.from(honest());
    tampered[60 + 31] ^= 1; // the first leaf's lowest bit
    await refusedBucket(tampered, 'REGISTRY_INVALID', /do not hash to the issuer's signed root/);
    const moved = Buffer.from(honest());
    moved.writeUInt32BE(1, 16); // the bucket index field
    await refusedBucket(moved, 'REGISTRY_INVALID', /index 1, expected 0/);
  });

  test('a bucket of another sequence under the current URL is REGISTRY_INCONSISTENT after one retry', async () => {
    const counting = countingFetch();
    const client = new RegistryClient({ baseUrl: served.baseUrl, issuer: keysA.did, fetch: counting.fetch });
    await client.latest();
    const before = client.cached!;
    serve(file(), bytes(dirA, `buckets/${s1}/0.bin`), 'application/octet-stream');
    await expectRefused(client, before, client.bucketView(5), 'REGISTRY_INCONSISTENT', file(), new RegExp(`sequence ${s1}.*after a retry`));
    // Two refused downloads, then the honest one.
    expect(counting.counts.get(`${DEFAULT_REGISTRY_BASE_PATH}${file()}`)).toBe(3);
  });
});

describe('resources', () => {
  /** An endless body (64 KB chunks as fast as the client reads); resolves with the bytes written once the client hangs up. */
  function endless(target: string, declaredLength?: number): Promise<number> {
    return new Promise((resolve) => {
      override = (f, _req, res) => {
        if (f !== target) return false;
        res.writeHead(200, { 'content-type': 'application/octet-stream', ...(declaredLength !== undefined && { 'content-length': declaredLength }) });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = (): void => {
          // Bounded: a client that never hangs up gets at most 1 GB.
          while (!res.destroyed && sent < 2 ** 30) {
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('close', () => resolve(sent));
        pump();
        return true;
      };
    });
  }

  test('a gigabyte (endless) response is refused at the limit, with memory bounded', async () => {
    for (const [target, call] of [
      ['freshness.json', (c: RegistryClient) => c.latest()],
      [`history/${s2}.json`, (c: RegistryClient) => c.history()],
      [`buckets/${s2}/0.bin`, (c: RegistryClient) => c.bucketView(5)],
    ] as const) {
      const { client, before } = await primed();
      const written = endless(target);
      const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
      const started = Date.now();
      const failure = call(client);
      const err = await rejected(failure);
      expect(Date.now() - started, target).toBeLessThan(5000);
      expect(err, target).toMatchObject({ code: 'REGISTRY_TOO_LARGE', message: expect.stringContaining('exceeds the limit') });
      const sent = await written;
      // The server got to write only what the socket buffers held when the client hung up.
      expect(sent, target).toBeLessThan(64 * 1024 * 1024);
      expect(process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore, target).toBeLessThan(64 * 1024 * 1024);
      override = undefined;
      expect(client.cached).toEqual(before);
      expect((await client.bucketView(5)).rootStatement.sequence).toBe(s2);
    }
  });

  test('a declared length over the limit is refused before the body is read', async () => {
    const { client, before } = await primed();
    const written = endless(`history/${s2}.json`, 2 ** 30);
    await expectRefused(client, before, client.history(), 'REGISTRY_TOO_LARGE', `history/${s2}.json`, new RegExp(`declares ${2 ** 30} bytes, the limit is ${REGISTRY_LIMITS.historyBytes}`));
    expect(await written).toBeLessThan(64 * 1024 * 1024);
  });

  test('a never-ending trickle, or no answer at all, is REGISTRY_UNAVAILABLE at the timeout', async () => {
    const { client, before } = await primed({ timeoutMs: 300 });
    override = (f, _req, res) => {
      if (f !== `buckets/${s2}/0.bin`) return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const timer = setInterval(() => res.write('x'), 20);
      const stop = setTimeout(() => res.destroy(), 10_000); // bounded even if the client never hangs up
      res.on('close', () => {
        clearInterval(timer);
        clearTimeout(stop);
      });
      return true;
    };
    await expectRefused(client, before, client.bucketView(5), 'REGISTRY_UNAVAILABLE', `buckets/${s2}/0.bin`, /no complete response within 300 ms/);
    override = (f) => f === 'freshness.json'; // accepted, never answered
    const started = Date.now();
    const err = await rejected(client.latest());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', message: expect.stringContaining('no complete response within 300 ms') });
    expect(client.cached).toEqual(before);
  });
});
