/**
 * `zkdisclose native build|status`: the optional native prover addon, built where the package is
 * installed (nothing compiles at install time). `build` runs the package's native/build.mjs
 * (node-gyp against the running Node's headers, never downloading any) in the installed package's
 * own directory, so `createProver()` finds the addon there; `status` says whether the addon loads
 * and, when not, why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { ZkdError } from '../errors.js';
import { nativeAddonPath, nativeAddonStatus } from '../proving/native-addon.js';

/** The package's native/ directory (binding.gyp and the sources), when this installation ships it. */
function nativeSourceDir(): string {
  const addon = nativeAddonPath();
  if (addon === undefined) throw new ZkdError('UNSUPPORTED', 'this installation of zkdisclose has no native/ sources to build');
  return dirname(dirname(dirname(addon)));
}

function assertHeadersPackage(dir: string): void {
  try {
    createRequire(join(dir, 'binding.gyp')).resolve('node-addon-api');
  } catch {
    throw new ZkdError('UNSUPPORTED', 'building the native prover needs node-addon-api, an optional peer dependency (C++ headers only): run `npm install node-addon-api@8`, then this command again');
  }
}

/** Adds `native build` and `native status`. */
export function addNativeCommands(program: Command, print: (line: string) => void): void {
  const native = program.command('native').description('the optional native prover addon (C++; needs g++, make, python3 and Node\'s headers)');
  native.command('build').description('compile the native prover addon inside the installed package (about a minute)')
    .option('--if-needed', 'skip when the built addon matches the sources')
    .action((o: { ifNeeded?: boolean }) => {
      const dir = nativeSourceDir();
      assertHeadersPackage(dir);
      const script = join(dir, 'build.mjs');
      if (!existsSync(script)) throw new ZkdError('UNSUPPORTED', `${script} is missing from this installation`);
      const result = spawnSync(process.execPath, [script, ...(o.ifNeeded === true ? ['--if-needed'] : [])], { cwd: dir, stdio: 'inherit' });
      if (result.status !== 0) throw new ZkdError('UNSUPPORTED', `the native build failed (exit ${String(result.status ?? result.signal)}); the wasm prover stays in use`);
      const status = nativeAddonStatus();
      print(status.available ? `native prover ready: ${nativeAddonPath()}` : `built, but the addon does not load: ${status.reason}`);
    });
  native.command('status').description('whether the native prover addon is built and loads here')
    .action(() => {
      const status = nativeAddonStatus();
      print(status.available ? `native prover available: ${nativeAddonPath()}` : `native prover unavailable: ${status.reason}; createProver() uses the wasm prover`);
    });
}
