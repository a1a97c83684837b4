#!/usr/bin/env node
/**
 * Builds the native prover addon (native/build/Release/zkd_native.node) with node-gyp against
 * the headers of the Node that runs this script: `--nodedir` is the installation prefix of
 * `process.execPath` (e.g. /usr for /usr/bin/node, headers in /usr/include/node), or
 * $npm_config_nodedir when set. node-gyp never downloads headers: if they are missing here the
 * build stops and says so. Needs a C++17 compiler, make and python3.
 *
 *   node native/build.mjs              rebuild
 *   node native/build.mjs --if-needed  skip when the built addon was built from these very sources
 *                                      (a sha256 of binding.gyp and src/, stamped next to the addon;
 *                                      file times are not used: git checkouts change them)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = dirname(fileURLToPath(import.meta.url));
const addon = join(nativeDir, 'build', 'Release', 'zkd_native.node');
const stamp = join(nativeDir, 'build', 'Release', 'zkd_native.sources.sha256');

function sourcesHash() {
  const hash = createHash('sha256');
  const files = ['binding.gyp', ...readdirSync(join(nativeDir, 'src')).sort().map((f) => join('src', f))];
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(nativeDir, file))).update('\0');
  return hash.digest('hex');
}

const sources = sourcesHash();
if (process.argv.includes('--if-needed') && existsSync(addon) && existsSync(stamp) && readFileSync(stamp, 'utf8') === sources) {
  console.log(`[build:native] up to date: ${addon}`);
  process.exit(0);
}

const nodedir = process.env.npm_config_nodedir || resolve(dirname(process.execPath), '..');
if (!existsSync(join(nodedir, 'include', 'node', 'node_api.h'))) {
  console.error(`[build:native] Node's headers are not in ${join(nodedir, 'include', 'node')}; install them (Debian: they come with the nodejs package) or set npm_config_nodedir to a directory holding include/node/. Not downloading any.`);
  process.exit(1);
}

function nodeGyp() {
  try {
    return createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    // npm ships node-gyp: use it when the package's own copy is not installed (consumers' projects)
    const bundled = process.env.npm_execpath && join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (bundled && existsSync(bundled)) return bundled;
    console.error('[build:native] node-gyp not found: install it (npm install --no-save node-gyp) or run this through npm');
    process.exit(1);
  }
}

console.log(`[build:native] node-gyp rebuild --nodedir=${nodedir}`);
const result = spawnSync(process.execPath, [nodeGyp(), 'rebuild', `--nodedir=${nodedir}`, '--jobs=max'], { cwd: nativeDir, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stamp, sources);
console.log(`[build:native] built ${addon}`);
