/**
 * Fixtures for the verifier service tests: a verifier directory (service.json with an
 * "age" policy, an issuer's registry export), an issuer with a 4-ary depth-6 registry (the
 * fastest shipped circuit) and a wallet holding one credential; services started in this
 * process (from sources, with the built worker dist/service-worker.js) or as `zkdisclose serve`
 * child processes (from the built CLI, so they can be killed); small HTTP helpers.
 * The issuer and the services use the real clock: freshness is judged against it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Issuer, PERSON_SCHEMA, Wallet, createProver, type Presentation, type PresentationRequest, type Prover } from '../../src/index.js';
import { type StartedService, startVerifierService } from '../../src/service/start.js';
import { ERIKA, holderKeys, issuerKeys, tempDir } from './library.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const WORKER_URL: URL = pathToFileURL(join(ROOT, 'dist', 'service-worker.js'));

export interface ServiceFixture {
  dir: string;
  issuer: Issuer;
  wallet: Wallet;
  prover: Prover;
  /** Writes service.json (merged over the default: one "age" policy and this issuer's export). */
  writeConfig(extra?: Record<string, unknown>): void;
  /** A presentation answering `request`, against the issuer's current registry. */
  present(request: PresentationRequest): Promise<Presentation>;
  cleanup(): Promise<void>;
}

export function serviceFixture(seed: number): ServiceFixture {
  const tmp = tempDir('zkd-service-');
  const issuer = new Issuer({ keys: issuerKeys(seed), shape: { arity: 4, depth: 6 } });
  const holder = holderKeys(0x5e41ce00n + BigInt(seed));
  const prover = createProver();
  const wallet = new Wallet({ holderSecret: holder.secret, prover });
  wallet.accept(issuer.issue({ schema: PERSON_SCHEMA, attributes: { ...ERIKA }, holder: holder.commitment, validUntil: '2035-12-31' }));
  const writeConfig = (extra: Record<string, unknown> = {}): void => {
    writeFileSync(join(tmp.dir, 'issuer.json'), JSON.stringify(issuer.exportRegistry()));
    writeFileSync(join(tmp.dir, 'service.json'), JSON.stringify({
      policies: { age: { schema: 'person', trustedIssuers: [issuer.did], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] } },
      issuers: [{ did: issuer.did, export: 'issuer.json' }],
      ...extra,
    }));
  };
  writeConfig();
  return {
    dir: tmp.dir, issuer, wallet, prover, writeConfig,
    present: (request) => wallet.createPresentation({ request, registries: [issuer.exportRegistry()] }),
    cleanup: async () => {
      await prover.close();
      tmp.cleanup();
    },
  };
}

/** Starts the service in this process on a free port. */
export function startInProcess(dir: string, options: { database?: string; adminToken?: string; workers?: number } = {}): Promise<StartedService> {
  return startVerifierService({ dir, host: '127.0.0.1', port: 0, workerUrl: WORKER_URL, warn: () => {}, workers: options.workers ?? 1, ...options });
}

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Sends `signal` and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `zkdisclose serve` (the built CLI) as a child process; resolves once it listens. */
export function spawnService(dir: string, database: string, workers = 1): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'zkdisclose.js'), 'serve', '--verifier', dir, '--database', database, '--port', '0', '--workers', String(workers)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening at (http:\/\/\S+)/.exec(output);
      if (match === null) return;
      child.stdout!.off('data', onData);
      resolvePromise({
        url: match[1]!,
        child,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`zkdisclose serve exited (${code}) before listening:\n${output}`)));
  });
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A JSON request to the service. */
export async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Creates a request from the "age" policy at the service. */
export async function ageRequest(url: string): Promise<{ id: string; request: PresentationRequest }> {
  const answer = await call(url, 'POST', '/requests', { policy: 'age' });
  if (answer.status !== 201) throw new Error(`POST /requests: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as unknown as { id: string; request: PresentationRequest };
}
