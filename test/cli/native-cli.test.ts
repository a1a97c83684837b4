/**
 * `zkdisclose native status|build`: status names whether the addon loads; `build --if-needed`
 * on an up-to-date addon rebuilds nothing and reports it ready (CI builds the addon first, so
 * this runs there; without a built addon it is skipped loudly, and fails under CI=true).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { nativeAddonStatus } from '../../src/proving/native-addon.js';

const ROOT = join(import.meta.dirname, '..', '..');
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
const built = nativeAddonStatus().available;
if (!built) {
  console.warn('WARNING: the native addon is not built (npm run build:native): native CLI build test skipped');
  if (process.env.CI === 'true') test('the native addon is built under CI', () => expect(nativeAddonStatus().reason).toBeUndefined());
}

test('native status says whether the addon loads, and why not', () => {
  const run = cli('native', 'status');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(built ? /^native prover available: .*zkd_native\.node/ : /^native prover unavailable: .*native build/);
});

test.runIf(built)('native build --if-needed leaves an up-to-date addon alone and reports it ready', () => {
  const run = cli('native', 'build', '--if-needed');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/up to date/);
  expect(run.stdout).toMatch(/native prover ready: .*zkd_native\.node/);
}, 60_000);
