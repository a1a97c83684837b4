/**
 * The browser from the package alone, as an npm user meets it: a Vite project in a temporary
 * directory outside this repository installs the `npm pack` tarball (with vite pinned to the
 * repository's version; zkdisclose pins its own dependencies), then runs the README's "In the
 * browser" blocks verbatim: the `artifacts copy` command, the tsconfig.json (the page
 * type-checks; `createProver`, Node-only, does not, through the condition or through
 * `zkdisclose/browser`), and the page, which Vite builds with no configuration and no bbs+2020
 * code or warning, and which proves and verifies in headless Chromium. The installed CLI, without
 * better-sqlite3, exits 2 naming the install command and writes no key.
 *
 * Chromium as in web.test.ts ($ZKD_CHROMIUM, /usr/lib/chromium/chromium, /usr/bin/chromium): only
 * the in-browser step needs it; without one it is skipped, except under CI=true.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHROMIUM, freePort } from '../../examples/web/driver.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const work = mkdtempSync(join(tmpdir(), 'zkd-package-vite-'));
const app = join(work, 'app');
const underCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

interface Run { code: number | null; out: string }
function run(command: string, args: string[], cwd: string, timeout = 240_000): Run {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The README's "### In the browser" section: its blocks by fence info string. */
function browserBlocks(): { sh: string[]; json: string[]; page: string[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const from = readme.indexOf('### In the browser\n');
  const section = readme.slice(from, readme.indexOf('\n### ', from + 1));
  const blocks = (info: string): string[] => [...section.matchAll(new RegExp(`\`\`\`${info}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);
  return { sh: blocks('sh').filter((b) => b.includes('zkdisclose artifacts copy')), json: blocks('json'), page: blocks('ts browser') };
}

let buildLog = '';
let preview: ChildProcess | undefined;

beforeAll(() => {
  const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  expect(packed.code, packed.out).toBe(0);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  const vite = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'vite', 'package.json'), 'utf8')) as { version: string }).version;
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'zkd-browser-app', private: true, type: 'module', dependencies: { zkdisclose: `file:../${tarball}`, vite } }, null, 2));
  const installed = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
  expect(installed.code, installed.out).toBe(0);

  const { sh, json, page } = browserBlocks();
  expect([sh.length, json.length, page.length]).toEqual([1, 1, 1]);
  const copied = run('bash', ['-e', '-c', sh[0]!], app);
  expect(copied.code, copied.out).toBe(0);
  writeFileSync(join(app, 'tsconfig.json'), json[0]!);
  writeFileSync(join(app, 'main.ts'), page[0]!);
  writeFileSync(join(app, 'index.html'), '<!doctype html>\n<html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><script type="module" src="./main.ts"></script></body></html>\n');
});

afterAll(() => {
  preview?.kill();
  rmSync(work, { recursive: true, force: true });
});

test('the install compiles nothing: no better-sqlite3, no native BBS; the README\'s command copied exactly the browser files', () => {
  expect(existsSync(join(app, 'node_modules', 'better-sqlite3'))).toBe(false);
  expect(existsSync(join(app, 'node_modules', '@mattrglobal', 'node-bbs-signatures'))).toBe(false);
  expect(readdirSync(join(app, 'public', 'artifacts'))).toEqual(['presentation-16-1-1-20']);
  expect(readdirSync(join(app, 'public', 'artifacts', 'presentation-16-1-1-20')).sort()).toEqual(['circuit.wasm', 'circuit.zkey', 'manifest.json', 'verification_key.json']);
});

test('the installed CLI without better-sqlite3: `issuer init` exits 2 naming the install command and writes no key', () => {
  const r = run(join(app, 'node_modules', '.bin', 'zkdisclose'), ['issuer', 'init', './issuer'], app);
  expect(r.code).toBe(2);
  expect(r.out).toMatch(/^zkdisclose: UNSUPPORTED: .*run `npm install better-sqlite3@12`\n$/);
  expect(existsSync(join(app, 'issuer', 'issuer.key.json'))).toBe(false);
});

test("the README's tsconfig type-checks the page; a Node-only export does not, through the condition or the subpath", () => {
  const page = run(process.execPath, [TSC, '-p', join(app, 'tsconfig.json')], app);
  expect(page.code, page.out).toBe(0);
  const fixture = (name: string, source: string): Run => {
    const dir = join(app, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['app.ts'] }));
    writeFileSync(join(dir, 'app.ts'), source);
    return run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], app);
  };
  // One run, two refusals: through the `browser` condition and through the `zkdisclose/browser` subpath.
  const nodeOnly = fixture('node-only', "import { createProver } from 'zkdisclose';\nimport { defaultAcceptedKeys } from 'zkdisclose/browser';\nexport const keys = [createProver, defaultAcceptedKeys];\n");
  expect(nodeOnly.code).not.toBe(0);
  expect(nodeOnly.out).toMatch(/app\.ts\(1,10\): error TS2305: Module '"zkdisclose"' has no exported member 'createProver'/);
  expect(nodeOnly.out).toMatch(/app\.ts\(2,10\): error TS2305: Module '"zkdisclose"' has no exported member 'defaultAcceptedKeys'/);
});

test('Vite builds the page with no configuration, no bbs+2020 code and no warning about Node modules', () => {
  const built = run(join(app, 'node_modules', '.bin', 'vite'), ['build', '--sourcemap'], app);
  buildLog = built.out;
  expect(built.code, built.out).toBe(0);
  expect(buildLog).not.toMatch(/externalized|mattr|stablelib|node:/i);
  const maps = readdirSync(join(app, 'dist', 'assets')).filter((f) => f.endsWith('.js.map'));
  const sources = maps.flatMap((f) => (JSON.parse(readFileSync(join(app, 'dist', 'assets', f), 'utf8')) as { sources: string[] }).sources);
  expect(sources.some((s) => s.includes('zkdisclose/dist/browser.js'))).toBe(true);
  expect(sources.filter((s) => /@mattrglobal|@stablelib|better-sqlite3/.test(s))).toEqual([]);
  expect(readdirSync(join(app, 'dist', 'artifacts', 'presentation-16-1-1-20')).sort()).toEqual(['circuit.wasm', 'circuit.zkey', 'manifest.json', 'verification_key.json']);
});

test.skipIf(CHROMIUM === undefined && !underCi)('the built page proves and verifies in headless Chromium: true { givenName: "Ada" }', async () => {
  expect(CHROMIUM, 'browser tests need Chromium under CI (apt-get install -y chromium)').toBeDefined();
  expect(existsSync(join(app, 'dist', 'index.html')), 'the Vite build test runs first').toBe(true);
  const port = await freePort();
  preview = spawn(join(app, 'node_modules', '.bin', 'vite'), ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: app, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM!, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const logged = new Promise<unknown[]>((resolve) => {
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
        if (message.type() === 'log') void Promise.all(message.args().map((a) => a.jsonValue())).then(resolve);
      });
    });
    await page.goto(url);
    const values = await Promise.race([logged, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no result logged; page errors: ${errors.join('; ')}`)), 110_000))]);
    expect(values).toEqual([true, { givenName: 'Ada' }]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    preview.kill();
    preview = undefined;
  }
}, 150_000);
