/**
 * The package as a user meets it, each time-to-first measurement in a fresh Node process (the
 * built dist/, as installed): import time (ESM and CommonJS), first and second proof, and the
 * first verifyPresentation with and without `warmUp()` before it; then sizes: the npm tarball
 * (packed and unpacked), a browser project's install (the tarball plus vite, in a temporary
 * directory outside the repository, as test/browser/package-vite.test.ts does), the README's
 * browser page and the demo page (examples/web) as Vite bundles them (JavaScript, raw and gzip).
 * Times inside a process come from performance.now() around the measured call only.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { CONFIG as DEMO_CONFIG } from '../examples/web/driver.js';
import { progress, round } from './machine.js';
import type { Row } from './suite.js';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

/** Runs `source` (an ES module) in a fresh Node process; it prints one JSON line of numbers. */
function fresh(source: string, cwd: string = ROOT): Record<string, number> & { circuit?: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number> & { circuit?: string };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function importTimes(samples: number): Row[] {
  const esm = `const t = performance.now(); await import(${JSON.stringify(join(DIST, 'index.js'))}); console.log(JSON.stringify({ ms: performance.now() - t })); process.exit(0);`;
  const cjs = `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); const t = performance.now(); require(${JSON.stringify(join(DIST, 'index.cjs'))}); console.log(JSON.stringify({ ms: performance.now() - t })); process.exit(0);`;
  const rows: Row[] = [];
  for (const [format, source] of [['ESM', esm], ['CommonJS', cjs]] as const) {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      progress('package', `import ${format} ${i + 1}/${samples}`);
      times.push(fresh(source).ms!);
    }
    rows.push({ suite: 'package', measure: `import 'zkdisclose' (${format}), fresh process`, value: round(median(times), 1), unit: 'ms', samples });
  }
  return rows;
}

/** A presentation made once, for the verification processes to check (nonce valid 10 minutes). */
function prepareFixture(dir: string): { file: string; first: number; second: number; circuit: string } {
  const file = join(dir, 'fixture.json');
  const source = `
    import { writeFileSync } from 'node:fs';
    const z = await import(${JSON.stringify(join(DIST, 'index.js'))});
    const issuer = new z.Issuer({ keys: z.generateIssuerKeys() });
    const holder = z.generateHolderKeys();
    const prover = z.createProver();
    const wallet = new z.Wallet({ holderSecret: holder.secret, prover });
    wallet.accept(issuer.issue({ schema: z.PERSON_SCHEMA, holder: holder.commitment, validUntil: '2031-12-31',
      attributes: { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' } }));
    const acceptedKeys = z.defaultAcceptedKeys();
    const request = z.createRequest({ schema: z.PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, disclose: ['givenName'],
      predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] });
    const registry = issuer.exportRegistry();
    const times = [];
    for (let i = 0; i < 2; i++) {
      const t = performance.now();
      var presentation = await wallet.createPresentation({ request, registries: [registry] });
      times.push(performance.now() - t);
    }
    writeFileSync(${JSON.stringify(file)}, JSON.stringify({ request, registry, presentation }, (k, v) => typeof v === 'bigint' ? v.toString() : v));
    await prover.close();
    console.log(JSON.stringify({ first: times[0], second: times[1], circuit: presentation.zk.circuit }));`;
  const r = fresh(source);
  return { file, first: r.first!, second: r.second!, circuit: r.circuit! };
}

function verifySource(fixture: string, warm: boolean): string {
  return `
    import { readFileSync } from 'node:fs';
    const z = await import(${JSON.stringify(join(DIST, 'index.js'))});
    const { request, registry, presentation } = JSON.parse(readFileSync(${JSON.stringify(fixture)}, 'utf8'));
    const rootViews = new z.RootViews();
    rootViews.addExport(registry);
    const verificationKeys = Object.fromEntries(request.acceptedKeys.map((k) => [k.circuit, z.loadVerificationKey(k.circuit).vkey]));
    let warmMs = 0;
    if (${warm}) { const t = performance.now(); await z.warmUp(); warmMs = performance.now() - t; }
    const t = performance.now();
    const result = await z.verifyPresentation(presentation, request, { verificationKeys, rootViews });
    const verifyMs = performance.now() - t;
    if (!result.verified) throw new Error(JSON.stringify(result.errors));
    await z.releaseCurve();
    console.log(JSON.stringify({ warmMs, verifyMs }));`;
}

function firstUse(dir: string, samples: number): Row[] {
  const proofs: { first: number; second: number; circuit: string }[] = [];
  let fixture = '';
  for (let i = 0; i < samples; i++) {
    progress('package', `first and second proof, fresh process ${i + 1}/${samples}`);
    const made = prepareFixture(dir);
    fixture = made.file;
    proofs.push(made);
  }
  const cold: number[] = [];
  const warmUps: number[] = [];
  const afterWarm: number[] = [];
  for (let i = 0; i < samples; i++) {
    progress('package', `first verification, fresh process ${i + 1}/${samples}`);
    cold.push(fresh(verifySource(fixture, false)).verifyMs!);
    const warmed = fresh(verifySource(fixture, true));
    warmUps.push(warmed.warmMs!);
    afterWarm.push(warmed.verifyMs!);
  }
  const row = (measure: string, xs: number[]): Row => ({ suite: 'package', measure, value: round(median(xs), 1), unit: 'ms', samples });
  return [
    row(`first proof in a fresh process (createPresentation, ${proofs[0]!.circuit})`, proofs.map((p) => p.first)),
    row('second proof, same process', proofs.map((p) => p.second)),
    row('first verifyPresentation in a fresh process, cold', cold),
    row('warmUp() in a fresh process', warmUps),
    row('first verifyPresentation after warmUp()', afterWarm),
  ];
}

function duBytes(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((n, name) => n + duBytes(join(path, name)), 0);
}

function scriptSizes(outDir: string): { raw: number; gzip: number } {
  const assets = join(outDir, 'assets');
  return readdirSync(assets).filter((f) => f.endsWith('.js')).reduce((acc, f) => {
    const bytes = readFileSync(join(assets, f));
    return { raw: acc.raw + bytes.byteLength, gzip: acc.gzip + gzipSync(bytes).byteLength };
  }, { raw: 0, gzip: 0 });
}

function readmePage(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const from = readme.indexOf('### In the browser\n');
  return /```ts browser\n([\s\S]*?)```/.exec(readme.slice(from))![1]!;
}

async function sizes(dir: string): Promise<Row[]> {
  progress('package', 'npm pack');
  const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(packed.stderr);
  const info = (JSON.parse(packed.stdout) as { filename: string; size: number; unpackedSize: number; entryCount: number }[])[0]!;
  const app = join(dir, 'app');
  mkdirSync(app);
  const vite = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vite', 'package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, type: 'module', dependencies: { zkdisclose: `file:../${info.filename}`, vite } }));
  progress('package', 'browser project install');
  const installed = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, encoding: 'utf8' });
  if (installed.status !== 0) throw new Error(installed.stderr);
  writeFileSync(join(app, 'main.ts'), readmePage());
  writeFileSync(join(app, 'index.html'), '<!doctype html><html><body><script type="module" src="./main.ts"></script></body></html>\n');
  progress('package', 'vite builds');
  const appBuild = spawnSync(join(app, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], { cwd: app, encoding: 'utf8' });
  if (appBuild.status !== 0) throw new Error(appBuild.stderr);
  const demoOut = join(dir, 'demo');
  await build({ configFile: DEMO_CONFIG, logLevel: 'error', build: { outDir: demoOut, emptyOutDir: true, copyPublicDir: false } });
  const page = scriptSizes(join(app, 'dist'));
  const demo = scriptSizes(demoOut);
  const mb = (bytes: number): number => round(bytes / 1e6, 2);
  const kb = (bytes: number): number => round(bytes / 1e3, 1);
  return [
    { suite: 'package', measure: `npm tarball (${info.entryCount} files)`, value: mb(info.size), unit: 'MB' },
    { suite: 'package', measure: 'npm tarball, unpacked', value: mb(info.unpackedSize), unit: 'MB' },
    { suite: 'package', measure: 'browser project install: node_modules (zkdisclose + vite)', value: mb(duBytes(join(app, 'node_modules'))), unit: 'MB' },
    { suite: 'package', measure: 'browser project install: of which zkdisclose', value: mb(duBytes(join(app, 'node_modules', 'zkdisclose'))), unit: 'MB' },
    { suite: 'package', measure: "README browser page: JavaScript", value: kb(page.raw), unit: 'kB' },
    { suite: 'package', measure: "README browser page: JavaScript, gzip", value: kb(page.gzip), unit: 'kB' },
    { suite: 'package', measure: 'demo page (examples/web, with bbs+2020): JavaScript', value: kb(demo.raw), unit: 'kB' },
    { suite: 'package', measure: 'demo page (examples/web, with bbs+2020): JavaScript, gzip', value: kb(demo.gzip), unit: 'kB' },
  ];
}

export async function runPackageBench(options: { quick: boolean }): Promise<{ rows: Row[]; notes: string[] }> {
  const samples = options.quick ? 3 : 7;
  const dir = mkdtempSync(join(tmpdir(), 'zkd-bench-package-'));
  try {
    const rows = [...importTimes(samples), ...firstUse(dir, options.quick ? 2 : 5), ...await sizes(dir)];
    return {
      rows,
      notes: [
        'Times: medians over fresh Node processes running the built dist/ (`npm run build` first); the proving path is the default (`auto`: native when built, else wasm).',
        'The first verification builds the BN254 curve (wasm and worker threads) unless `warmUp()` did; the two verification rows come from the same processes as the warm-up row.',
        'Sizes: `npm pack` of this checkout; the browser project installs that tarball and vite with `npm install --prefer-offline`; bundles are Vite production builds (the demo page without its copied artifacts).',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
