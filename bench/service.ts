/**
 * The verifier service under load (issue 15 item 5), loopback only, bounded in time: the
 * `service` suite of bench/suites.ts (`npm run bench -- --only=service`; needs `npx tsup` for
 * the worker and DATABASE_URL for the PostgreSQL rows).
 *
 * Set-up: an issuer with a 4-ary depth-6 registry, one holder, PRESENTATIONS requests saved in
 * the store and answered once each (age >= 18, the compact circuit). The service runs as a child
 * process in its bench-only configuration (bench/service-child.ts: nothing is used up, every
 * database operation of a verification still runs), with one worker per core; autocannon, in
 * this process, POSTs the presentations in turn.
 *
 *   bare ×2          two processes each looping verifyPresentation (library defaults, no
 *                    stores) for the same time: the throughput goal's reference
 *   <store> peak     autocannon (closed loop) with CONNECTIONS connections for SECONDS s:
 *                    verifications/s, p50/p99 latency, ratio to bare ×2
 *   <store> half     open loop at half that peak rate, arrivals evenly spaced
 *                    (bench/paced-load.ts says why not autocannon's rate option), for SECONDS
 *                    s: p50/p99 there
 *   then SUSTAINED more verifications at peak (autocannon, a fixed count) for the memory
 *   columns.
 * Columns: CPU of the load generator (this process) and of the server (for bare ×2: the two
 * loops), in cores, and verifications per CPU second of the server (the measure that a shared,
 * oversubscribed machine distorts least); the server's RSS after warm-up and after the
 * sustained run (no growth beyond the stores).
 * Replay across instances is tested, not benched (test/service/postgres.test.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Issuer, PERSON_SCHEMA, Wallet, createProver, generateHolderKeys, generateIssuerKeys, type Presentation, type PresentationRequest } from '../src/index.js';
import { openServiceStores } from '../src/service/open-stores.js';
import { Verifier } from '../src/verifier-node.js';
import { pacedLoad } from './paced-load.js';
import type { BenchSetup } from './service-child.js';
import type { Row } from './suite.js';

const PRESENTATIONS = 8;
const CONNECTIONS = 8;
/** Verifications per store, at peak, between the two RSS readings (full runs). */
const SUSTAINED = 5_000;
const CHILD = fileURLToPath(new URL('./service-child.ts', import.meta.url));

interface Load {
  rate: number;
  p50: number;
  p99: number;
  total: number;
  loadgenCores: number;
  serverCores: number;
}

/** User + system CPU seconds of a process, all its threads (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

function startChild(args: string[]): { child: ChildProcess; output: Promise<string>; listening: Promise<string> } {
  const child = spawn(process.execPath, [...process.execArgv, CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  let onListen: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => {
    onListen = resolve;
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    const match = /listening at (\S+)/.exec(text);
    if (match !== null) onListen(match[1]!);
  });
  const output = new Promise<string>((resolve, reject) => child.once('exit', (code) => (code === 0 || code === null ? resolve(text) : reject(new Error(`bench child exited ${code}`)))));
  return { child, output, listening };
}

/** CPU cores used by this process and by the server while `work` runs, per second of wall time. */
async function withCpu<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; wall: number; loadgenCores: number; serverCores: number }> {
  const cpuBefore = process.cpuUsage();
  const serverBefore = cpuSeconds(pid);
  const started = performance.now();
  const result = await work();
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { result, wall, loadgenCores: (cpu.user + cpu.system) / 1e6 / wall, serverCores: (cpuSeconds(pid) - serverBefore) / wall };
}

/** Closed loop: CONNECTIONS connections, each sending its next presentation when answered; for `seconds` or `amount` answers. */
async function load(url: string, pid: number, bodies: string[], limit: { seconds: number } | { amount: number }): Promise<Load> {
  const { result, wall, loadgenCores, serverCores } = await withCpu(pid, () => autocannon({
    url, connections: CONNECTIONS, ...('seconds' in limit ? { duration: limit.seconds } : { amount: limit.amount }),
    requests: bodies.map((body) => ({ method: 'POST' as const, path: '/presentations', headers: { 'content-type': 'application/json' }, body })),
  }));
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`service bench: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return { rate: result.requests.total / wall, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, loadgenCores, serverCores };
}

/** Open loop at `rate` per second, evenly spaced, for `seconds`. */
async function pacedAt(url: string, pid: number, bodies: string[], rate: number, seconds: number): Promise<Load> {
  const { result, loadgenCores, serverCores } = await withCpu(pid, () => pacedLoad(`${url}/presentations`, bodies, rate, seconds));
  if (result.failures > 0) throw new Error(`service bench: ${result.failures} failed or non-2xx answers at ${rate}/s`);
  return { rate: result.rate, p50: result.p50, p99: result.p99, total: result.total, loadgenCores, serverCores };
}

/** A verification through the service, checked to succeed (the bench configuration must verify). */
async function checkVerifies(url: string, presentation: Presentation): Promise<void> {
  const answer = await (await fetch(`${url}/presentations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(presentation) })).json() as { verified: boolean; errors: unknown };
  if (!answer.verified) throw new Error(`service bench: the service refused a bench presentation: ${JSON.stringify(answer.errors)}`);
}

export async function runServiceBench(options: { quick: boolean }): Promise<{ rows: Row[]; notes: string[] }> {
  const seconds = options.quick ? 3 : 10;
  const sustainedCount = options.quick ? 200 : SUSTAINED;
  const workers = availableParallelism();
  const dir = mkdtempSync(join(tmpdir(), 'zkd-bench-service-'));
  const prover = createProver();
  try {
    const issuer = new Issuer({ keys: generateIssuerKeys(), shape: { arity: 4, depth: 6 } });
    const holder = generateHolderKeys();
    const wallet = new Wallet({ holderSecret: holder.secret, prover });
    wallet.accept(issuer.issue({ schema: PERSON_SCHEMA, attributes: { givenName: 'Erika', familyName: 'Mustermann', birthDate: '1990-05-17', nationality: 'DE', documentNumber: 'T1' }, holder: holder.commitment, validUntil: '2035-12-31' }));
    const exportFile = join(dir, 'issuer.json');
    writeFileSync(exportFile, JSON.stringify(issuer.exportRegistry()));
    const policy = { schema: 'person', trustedIssuers: [issuer.did], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] };
    writeFileSync(join(dir, 'service.json'), JSON.stringify({
      policies: { age: policy }, issuers: [{ did: issuer.did, export: exportFile }], limits: { requestsPerMinute: 10_000_000 },
    }));

    const databases = [{ name: 'SQLite', url: `sqlite:${join(dir, 'service.sqlite')}` }];
    if (process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '') databases.push({ name: 'PostgreSQL', url: process.env.DATABASE_URL });
    const notes = [
      `${PRESENTATIONS} pre-generated presentations (age >= 18, presentation-16-1-1-4ary-6), POSTed in turn for ${seconds} s per row; `
      + `service with ${workers} verification workers in its bench-only configuration (no request used up; every database operation of a verification still runs).`,
      `peak: autocannon, closed loop over ${CONNECTIONS} connections. half peak: an open loop at half the peak rate with evenly spaced arrivals, latency from each request's due time (bench/paced-load.ts; autocannon's rate option sends each second's quota in a burst, which measures the peak's queueing again). `
      + `Memory: the server's RSS after the warm-up, and after the peak and half-peak rows plus ${sustainedCount} more verifications at peak.`,
      'bare ×2: two processes looping verifyPresentation (library defaults, no stores) for the same time. CPU columns are cores used (server cores: the service process, or the two loops): the load generator shares the machine\'s cores with the server. On a machine shared with other work, compare verifications per CPU second.',
    ];
    if (databases.length === 1) notes.push('PostgreSQL rows skipped: DATABASE_URL not set.');

    // Requests saved in each store and answered once: the presentations are the same for every store.
    const requests: PresentationRequest[] = [];
    const presentations: Presentation[] = [];
    const opened = await Promise.all(databases.map((d) => openServiceStores(d.url, dir)));
    const verifiers = opened.map((o) => new Verifier({ stores: o.stores }));
    for (let i = 0; i < PRESENTATIONS; i += 1) {
      const { request } = await verifiers[0]!.createRequest({ ...policy, schema: PERSON_SCHEMA } as never);
      for (const v of verifiers.slice(1)) await v.stores.requests.save({ id: randomBytes(16).toString('hex'), request, createdAt: new Date().toISOString(), attempts: 0 });
      requests.push(request);
      presentations.push(await wallet.createPresentation({ request, registries: [issuer.exportRegistry()] }));
    }
    await Promise.all(verifiers.map((v) => v.close()));
    await prover.close();

    const setupFor = (database: string): string => {
      const file = join(dir, `setup-${databases.findIndex((d) => d.url === database)}.json`);
      writeFileSync(file, JSON.stringify({ dir, database, workers, exportFile, requests, presentations } satisfies BenchSetup));
      return file;
    };

    const rows: Row[] = [];
    const bare = [0, 1].map(() => startChild(['baseline', setupFor(databases[0]!.url), String(seconds * 1000)]));
    const bareRuns = await Promise.all(bare.map(async (b) => JSON.parse((await b.output).trim().split('\n').at(-1)!) as { verifications: number; cpuSeconds: number }));
    const bareTotal = bareRuns.reduce((n, r) => n + r.verifications, 0);
    const bareCpu = bareRuns.reduce((n, r) => n + r.cpuSeconds, 0);
    const bareRate = bareTotal / seconds;
    rows.push({
      suite: 'service', case: 'bare verifyPresentation ×2 processes', 'verifications/s': bareRate, 'p50 ms': null, 'p99 ms': null, '× bare': 1,
      verifications: bareTotal, 'verifications per CPU s': bareTotal / bareCpu, 'server cores': bareCpu / seconds,
    });

    for (const database of databases) {
      const server = startChild(['server', setupFor(database.url)]);
      const url = await server.listening;
      const bodies = presentations.map((p) => JSON.stringify(p));
      const pid = server.child.pid!;
      await checkVerifies(url, presentations[0]!);
      await load(url, pid, bodies, { seconds: Math.min(3, seconds) }); // warm-up: JIT, connections, worker curves
      const rssBefore = rssMb(pid);
      const peak = await load(url, pid, bodies, { seconds });
      const half = await pacedAt(url, pid, bodies, peak.rate / 2, seconds);
      const sustained = await load(url, pid, bodies, { amount: sustainedCount });
      const rssAfter = rssMb(pid);
      const served = peak.total + half.total + sustained.total;
      const common = { 'RSS after warm-up MiB': rssBefore, 'verifications since warm-up': served, 'RSS after them MiB': rssAfter };
      rows.push({
        suite: 'service', case: `${database.name} peak`, 'verifications/s': peak.rate, 'p50 ms': peak.p50, 'p99 ms': peak.p99, '× bare': peak.rate / bareRate,
        verifications: peak.total, 'verifications per CPU s': peak.rate / peak.serverCores, 'load generator cores': peak.loadgenCores, 'server cores': peak.serverCores, ...common,
      });
      rows.push({
        suite: 'service', case: `${database.name} at half peak`, 'verifications/s': half.rate, 'p50 ms': half.p50, 'p99 ms': half.p99, '× bare': half.rate / bareRate,
        verifications: half.total, 'verifications per CPU s': half.rate / half.serverCores, 'load generator cores': half.loadgenCores, 'server cores': half.serverCores, ...common,
      });
      server.child.kill('SIGTERM');
      await server.output.catch(() => '');
    }
    return { rows, notes };
  } finally {
    await prover.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
