/**
 * The published package is slim and honest: `npm pack` leaves out the .r1cs files and anything
 * not listed, every `files` entry exists, no script runs in a consumer's install, better-sqlite3
 * is an optional peer dependency reached only through `zkdisclose/sqlite`, the native prover ships
 * as sources only (built by `zkdisclose native build`), and the README's
 * licence table matches the lockfile (scripts/licenses.ts --check).
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

test('npm pack ships no .r1cs, the LICENSE, the SQLite entry and every artifact the prover reads', () => {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  expect(packed.status).toBe(0);
  const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
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
