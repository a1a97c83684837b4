/**
 * The Node side of the demo page's "verifier service" mode (`npm run demo:service`, and the
 * browser test): a demo issuer and a verifier service that trusts it, both on 127.0.0.1.
 *
 * - The issuer is an in-memory `Issuer` (a fresh key each run, never written anywhere) behind a
 *   small HTTP endpoint: `POST /credentials { "holder": "holder-commitment:<decimal>" }` issues
 *   the sample identity card to the page's holder commitment (the holder's secret stays in the
 *   page; the issuer's key stays here) and answers `{ credential, registry }`; `GET /registry`
 *   answers the issuer's registry export (public: signed roots and commitments). CORS only for
 *   the page's origins.
 * - The verifier directory (a temporary directory unless `dir` is given) holds service.json, with
 *   one policy ("eu-adult": age at least 18, nationality in the EU, disclose givenName) trusting
 *   that issuer, the page's origins in `cors.origins`, and the issuer's registry export
 *   (`issuer.json`), which the service re-reads every second (its root refresh from export files).
 *   After each issuance the export is rewritten and the endpoint answers only once the service's
 *   /health shows the new root sequence, so the page never proves against a root the service has
 *   not seen yet.
 * - The service is `zkdisclose serve`'s own startVerifierService, in this process. Its worker
 *   script is bundled from src/service/verify-worker.ts with esbuild at start (tsx, which runs
 *   this demo from sources, does not reach worker threads), unless `workerUrl` names a built one.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { HolderCommitment, InputError, Issuer, PERSON_SCHEMA, generateIssuerKeys } from '../../src/index.js';
import { toJson } from '../../src/files.js';
import { type StartedService, startVerifierService } from '../../src/service/start.js';
import { EU_NATIONALITIES, SAMPLE_PERSON, SERVICE_DEMO_POLICY, VALID_UNTIL } from './sample-data.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
/** Bodies of POST /credentials are one holder commitment: a few hundred bytes. */
const MAX_BODY_BYTES = 4096;
/** How long an issuance waits for the service to see the new root. */
const ROOT_WAIT_MS = 15_000;

export interface ServiceDemoOptions {
  /** Origins of the page (CORS allow-list of the service and the issuer; the requests' audience is the first). */
  pageOrigins: string[];
  /** The verifier directory (default: a temporary directory, removed by close()). */
  dir?: string;
  /** Ports on 127.0.0.1 (default: any free port). */
  servicePort?: number;
  issuerPort?: number;
  /** A built verification worker (default: bundled from sources at start). */
  workerUrl?: URL;
  /** Verification workers (default 1: the demo verifies one presentation at a time). */
  workers?: number;
}

export interface ServiceDemo {
  serviceUrl: string;
  issuerUrl: string;
  policy: string;
  issuerDid: string;
  dir: string;
  /** The page's query string selecting service mode: `?service=...&policy=...&issuer=...`. */
  query: string;
  close(): Promise<void>;
}

/** The service.json of the demo: one policy trusting `issuerDid`. */
export function serviceDemoConfig(issuerDid: string, pageOrigins: string[]): Record<string, unknown> {
  return {
    policies: {
      [SERVICE_DEMO_POLICY]: {
        schema: 'person',
        trustedIssuers: [issuerDid],
        disclose: ['givenName'],
        predicates: [
          { attribute: 'birthDate', op: 'ageAtLeast', value: 18 },
          { attribute: 'nationality', op: 'in', values: EU_NATIONALITIES },
        ],
      },
    },
    issuers: [{ did: issuerDid, export: 'issuer.json' }],
    refreshSeconds: 1,
    audience: pageOrigins[0],
    cors: { origins: pageOrigins },
  };
}

/** Bundles the service's verification worker (dependencies left to node_modules) next to the repository's other caches. */
async function bundleWorker(): Promise<URL> {
  const outDir = join(REPO, 'node_modules', '.cache', 'zkdisclose-demo');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'service-worker.mjs');
  await build({
    entryPoints: [join(REPO, 'src', 'service', 'verify-worker.ts')],
    outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
  });
  return pathToFileURL(outfile);
}

/** Writes `content` to `path` whole (a reader never sees half a file). */
function writeWhole(path: string, content: string): void {
  const partial = `${path}.${randomBytes(4).toString('hex')}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, path);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new InputError('body', `is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Waits until the service's /health shows `did`'s roots at `sequence` or later. */
async function waitForRoot(serviceUrl: string, did: string, sequence: number): Promise<void> {
  const deadline = Date.now() + ROOT_WAIT_MS;
  for (;;) {
    const health = (await (await fetch(`${serviceUrl}/health`)).json()) as { issuers: { did: string; sequence: number | null; error?: string }[] };
    const issuer = health.issuers.find((i) => i.did === did);
    if (issuer?.sequence !== null && issuer?.sequence !== undefined && issuer.sequence >= sequence) return;
    if (Date.now() > deadline) throw new Error(`the verifier service did not take the issuer's new root within ${ROOT_WAIT_MS / 1000} s${issuer?.error === undefined ? '' : `: ${issuer.error}`}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** The demo issuer's HTTP endpoint. */
function issuerEndpoint(issuer: Issuer, exportPath: string, serviceUrl: () => string, pageOrigins: string[]): Server {
  const answer = (response: ServerResponse, status: number, body: string): void => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(body);
  };
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const origin = request.headers.origin;
    if (origin !== undefined && pageOrigins.includes(origin)) {
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('access-control-allow-headers', 'content-type');
      response.setHeader('vary', 'origin');
    }
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'OPTIONS') return answer(response, 204, '');
    if (request.method === 'GET' && path === '/registry') return answer(response, 200, toJson(issuer.exportRegistry()));
    if (request.method !== 'POST' || path !== '/credentials') return answer(response, 404, JSON.stringify({ code: 'NOT_FOUND', detail: 'POST /credentials or GET /registry' }));
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError('body', 'is not JSON');
    }
    const holder = HolderCommitment.from((body as { holder?: unknown } | null)?.holder, 'holder');
    const credential = issuer.issue({ schema: PERSON_SCHEMA, attributes: SAMPLE_PERSON, holder, validUntil: VALID_UNTIL });
    const registry = issuer.exportRegistry();
    writeWhole(exportPath, toJson(registry));
    await waitForRoot(serviceUrl(), issuer.did, registry.rootStatement.sequence);
    answer(response, 201, toJson({ credential, registry }));
  };
  return createServer((request, response) => {
    handle(request, response).catch((err: unknown) => {
      if (err instanceof InputError) answer(response, 400, JSON.stringify({ code: err.code, field: err.field, detail: err.message }));
      else answer(response, 503, JSON.stringify({ code: 'ISSUER_FAILED', detail: (err as Error).message }));
    });
  });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      done(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** Starts the demo issuer and the verifier service; resolves once both listen. */
export async function startServiceDemo(options: ServiceDemoOptions): Promise<ServiceDemo> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'zkd-service-demo-'));
  mkdirSync(dir, { recursive: true });
  const issuer = new Issuer({ keys: generateIssuerKeys(), shape: { arity: 4, depth: 6 } });
  const exportPath = join(dir, 'issuer.json');
  writeWhole(exportPath, toJson(issuer.exportRegistry()));
  writeFileSync(join(dir, 'service.json'), toJson(serviceDemoConfig(issuer.did, options.pageOrigins)));
  let service: StartedService | undefined;
  const endpoint = issuerEndpoint(issuer, exportPath, () => service!.address, options.pageOrigins);
  try {
    const workerUrl = options.workerUrl ?? (await bundleWorker());
    service = await startVerifierService({
      dir, host: '127.0.0.1', port: options.servicePort ?? 0, workerUrl, workers: options.workers ?? 1,
      warn: (line) => console.warn(line),
    });
    const issuerPort = await listen(endpoint, options.issuerPort ?? 0);
    const issuerUrl = `http://127.0.0.1:${issuerPort}`;
    const live = service;
    return {
      serviceUrl: live.address,
      issuerUrl,
      policy: SERVICE_DEMO_POLICY,
      issuerDid: issuer.did,
      dir,
      // Readable: the URLs hold no character a query must escape.
      query: `?service=${live.address}&policy=${SERVICE_DEMO_POLICY}&issuer=${issuerUrl}`,
      async close() {
        await new Promise<void>((done) => endpoint.close(() => done()));
        await live.close();
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    endpoint.close();
    await service?.close();
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
