/**
 * Servers for the registry publication tests (test/registry/publication, client and hostile):
 * the fastify routes of src/registry/server.ts on 127.0.0.1 port 0, a tiny node:http static file
 * server for `registry publish` output (what a static host or CDN does), and a bare node:http
 * server with a handler of the test's choosing. Also loads many leaves into a registry fast.
 * Every server listens on the loopback interface only and is closed by the test.
 */
import Fastify from 'fastify';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type IncomingMessage, type RequestListener, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { type Registry } from '../../src/registry/registry.js';
import { DEFAULT_REGISTRY_BASE_PATH } from '../../src/registry/publication.js';
import { type RegistryRouteOptions, registerRegistryRoutes } from '../../src/registry/server.js';

export interface Served {
  /** http://127.0.0.1:port */
  origin: string;
  /** The registry's base URL on this server. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Serves `registry` with the library's fastify routes. */
export async function serveRegistry(registry: Registry, options: RegistryRouteOptions = {}): Promise<Served> {
  const app = Fastify({ logger: false });
  registerRegistryRoutes(app, registry, options);
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  return { origin, baseUrl: `${origin}${options.basePath ?? DEFAULT_REGISTRY_BASE_PATH}`, close: () => app.close() };
}

/** Serves any handler (open connections are cut on close, so a never-ending response cannot hang the test). */
export async function serveWith(handler: RequestListener): Promise<Served> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}${DEFAULT_REGISTRY_BASE_PATH}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The file under `dir` that a request for the registry's base path names, if any. */
export function fileFor(dir: string, request: IncomingMessage): string | undefined {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  if (!path.startsWith(DEFAULT_REGISTRY_BASE_PATH)) return undefined;
  const file = normalize(join(dir, decodeURIComponent(path.slice(DEFAULT_REGISTRY_BASE_PATH.length))));
  return file.startsWith(dir + sep) && existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** Sends a file as a static host would (200 with its length, else 404). */
export function sendFile(file: string | undefined, response: ServerResponse): void {
  if (file === undefined) {
    response.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not Found</body></html>');
    return;
  }
  const type = file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
  response.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size });
  createReadStream(file).pipe(response);
}

/** Serves a `registry publish` output directory under the default base path. */
export function serveDirectory(dir: string): Promise<Served> {
  return serveWith((request, response) => sendFile(fileFor(dir, request), response));
}

/** Appends `count` leaves (commitments 1, 2, …) in one import: one sequence. */
export function fillRegistry(registry: Registry, count: number, prefix = 'bulk'): void {
  const start = registry.size;
  registry.import(Array.from({ length: count }, (_, i) => ({ credentialId: `${prefix}-${start + i}`, commitment: BigInt(start + i + 1) })));
}

/** A fetch that counts the requests per URL path (and can run a hook after each response). */
export function countingFetch(after?: (path: string) => void): { fetch: (url: string, init: RequestInit) => Promise<Response>; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  return {
    counts,
    fetch: async (url, init) => {
      const path = new URL(url).pathname;
      counts.set(path, (counts.get(path) ?? 0) + 1);
      const response = await fetch(url, init);
      after?.(path);
      return response;
    },
  };
}
