/**
 * The published package is slim and honest: `npm pack` leaves out the .r1cs files and anything
 * not listed, every `files` entry exists, no script runs in a consumer's install, better-sqlite3
 * is an optional peer dependency reached only through `zkdisclose/sqlite`, the native prover ships
 * as sources only (built by `zkdisclose native build`), the README's licence table matches the
 * lockfile (scripts/licenses.ts --check), the package's Node floor satisfies every runtime
 * dependency's `engines`, and the README's tarball sizes are current.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  files: string[]; scripts: Record<string, string>; dependencies: Record<string, string>;
  peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }>;
  exports: Record<string, Record<string, { types: string; default: string }>>;
};

interface Packed { size: number; unpackedSize: number; files: { path: string }[] }
let packedOnce: Packed | undefined;
/** `npm pack --dry-run` of this checkout (run once: it compresses ~100 MB). */
function packed(): Packed {
  if (packedOnce === undefined) {
    const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    packedOnce = (JSON.parse(run.stdout) as Packed[])[0]!;
  }
  return packedOnce;
}

test('npm pack ships no .r1cs, the LICENSE, the SQLite entry and every artifact the prover reads', () => {
  const files = packed().files.map((f) => f.path);
  expect(files.filter((f) => f.endsWith('.r1cs'))).toEqual([]);
  expect(files).toContain('LICENSE');
  expect(files).toContain('examples/cli/alice.json'); // the README's command-line script's sample attributes
  for (const circuit of ['presentation-16-1-1-20', 'presentation-16-4-32-20', 'onchain-16-1-1-20-2']) {
    for (const name of ['circuit.wasm', 'circuit.zkey', 'verification_key.json', 'manifest.json']) expect(files).toContain(`artifacts/${circuit}/${name}`);
  }
  // What loadContract reads, and the Solidity sources it was compiled from.
  for (const name of ['contracts/compiled/RootRegistry.json', 'contracts/compiled/PresentationGate.json', 'contracts/PresentationGate.sol']) expect(files).toContain(name);
  expect(files.some((f) => f.startsWith('test/') || f.startsWith('bench/') || f.startsWith('src/'))).toBe(false);
  // The native prover's sources, for `npx zkdisclose native build`; never a built addon.
  for (const name of ['native/binding.gyp', 'native/build.mjs', 'native/src/addon.cpp', 'native/src/msm.hpp']) expect(files).toContain(name);
  expect(files.filter((f) => f.startsWith('native/build/'))).toEqual([]);
});

test('every `files` entry exists, and no install-time script', () => {
  for (const entry of pkg.files.filter((f) => !f.startsWith('!'))) expect(existsSync(join(ROOT, entry)), entry).toBe(true);
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[hook], hook).toBeUndefined();
  expect(pkg.scripts.prepack).toBe('tsup');
});

test('node-addon-api (headers for `native build`) is an optional peer', () => {
  expect(pkg.dependencies['node-addon-api']).toBeUndefined();
  expect(pkg.peerDependenciesMeta['node-addon-api']?.optional).toBe(true);
});

test('better-sqlite3 and fastify are optional peers; SQLite is exported through zkdisclose/sqlite only', () => {
  expect(pkg.dependencies.fastify).toBeUndefined();
  expect(pkg.peerDependenciesMeta.fastify?.optional).toBe(true);
  expect(pkg.dependencies['better-sqlite3']).toBeUndefined();
  expect(pkg.peerDependencies['better-sqlite3']).toMatch(/^\^12\./);
  expect(pkg.peerDependenciesMeta['better-sqlite3']?.optional).toBe(true);
  expect(pkg.exports['./sqlite']!.import!.default).toBe('./dist/sqlite.js');
  const index = readFileSync(join(ROOT, 'src', 'index.ts'), 'utf8');
  expect(index).not.toMatch(/sqlite-store|nonce-store-sqlite/);
});

test("the README's licence table matches the lockfile", () => {
  const check = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'licenses.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
});

/** Whether Node `version` (x.y.z) satisfies an engines range of the simple forms npm packages use here. */
function admits(range: string, version: string): boolean {
  const parse = (v: string): number[] => v.replace(/\.[x*]$/, '').split('.').map(Number).concat([0, 0, 0]).slice(0, 3);
  const compare = (a: number[], b: number[]): number => {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  };
  const v = parse(version);
  return range.split('||').map((r) => r.trim()).some((r) => {
    if (r === '*') return true;
    let m = /^>=\s*(\d+(?:\.\d+){0,2}(?:\.[x*])?)$/.exec(r);
    if (m) return compare(v, parse(m[1]!)) >= 0;
    m = /^\^(\d+(?:\.\d+){0,2})$/.exec(r);
    if (m) return parse(m[1]!)[0] === v[0] && compare(v, parse(m[1]!)) >= 0;
    m = /^(\d+)\.[x*]$/.exec(r);
    if (m) return Number(m[1]) === v[0];
    throw new Error(`engines range "${r}" is of a form this check does not read: look at it by hand`);
  });
}

test("the package's Node floor (engines.node) satisfies every runtime dependency's engines, transitive ones included", () => {
  const floor = /^>=(\d+\.\d+(?:\.\d+)?)$/.exec((pkg as unknown as { engines: { node: string } }).engines.node)![1]!;
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean; optional?: boolean; engines?: { node?: string } }> };
  const refused = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.dev !== true && entry.devOptional !== true && entry.engines?.node !== undefined)
    .filter(([, entry]) => !admits(entry.engines!.node!, floor))
    .map(([path, entry]) => `${path}: ${entry.engines!.node}`);
  expect(refused).toEqual([]);
  expect(admits('>= 20.19.0', '20.18.9')).toBe(false); // the check can refuse
  expect(admits('6.* || 8.* || >= 10.*', '20.19.0')).toBe(true);
  expect(admits('6.* || 8.*', '20.19.0')).toBe(false);
});

test("the README's tarball sizes are those of npm pack (within 2 %)", () => {
  const { size, unpackedSize } = packed();
  const stated = /a ([0-9.]+) MB tarball, ([0-9.]+) MB unpacked/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  expect(stated).not.toBeNull();
  expect(Math.abs(Number(stated![1]) * 1e6 - size) / size).toBeLessThan(0.02);
  expect(Math.abs(Number(stated![2]) * 1e6 - unpackedSize) / unpackedSize).toBeLessThan(0.02);
});

test('the main and browser entries\' published types import no optional peer (fastify, pg, better-sqlite3)', () => {
  for (const file of ['index.d.ts', 'index.d.cts', 'browser.d.ts']) {
    const types = readFileSync(join(ROOT, 'dist', file), 'utf8');
    expect(types, file).not.toMatch(/from ['"](fastify|pg|better-sqlite3)['"]/);
  }
});
