/**
 * The browser entry stays browser-safe: src/browser.ts (and, once built, the package's `browser`
 * export condition) bundles for the browser platform without reaching node:* or better-sqlite3,
 * and exports the Node entry's API minus exactly the file-system parts (SQLite lives in the
 * separate `zkdisclose/sqlite` entry).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Metafile, build } from 'esbuild';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE_ONLY = [
  'registerRegistryRoutes', 'publishStatic', 'DEFAULT_KEEP_SEQUENCES',
  'ARTIFACTS_DIR', 'loadArtifacts', 'loadVerificationKey', 'defaultAcceptedKeys', 'shippedVerificationKeys', 'fileArtifactLoader', 'createProver', 'resolveProverPath', 'nativeAddonStatus',
  'CONTRACTS_BUILD_DIR', 'loadContract',
  'FileWalletStore',
  'renderQr', 'qrVersion', 'QR_ERROR_CORRECTION', 'readQrPng', 'readQrPixels', 'MAX_SCAN_SIDE',
];
const NODE_BUILTINS = /^(node:)?(fs|path|url|os|crypto|child_process|worker_threads|module|stream|util|http|https|net|tls|zlib)(\/|$)/;

/**
 * Bundles `entry` for browsers; esbuild fails on an unresolvable node builtin there.
 * @mattrglobal/bbs-signatures (bbs+2020) stays external: a page bundles its browser build with
 * the aliases of examples/web/vite.config.ts (README, "In the browser"), and web.test.ts runs
 * bbs+2020 in Chromium through exactly that.
 */
async function browserBundle(entry: string, nodePaths: string[] = []): Promise<{ inputs: string[]; imports: string[]; bytes: number }> {
  const result = await build({
    entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent',
    absWorkingDir: ROOT, nodePaths, external: ['@mattrglobal/bbs-signatures'],
  });
  const meta: Metafile = result.metafile;
  const inputs = Object.keys(meta.inputs);
  const imports = Object.values(meta.inputs).flatMap((i) => i.imports.map((imp) => imp.path));
  return { inputs, imports, bytes: result.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0) };
}

function assertBrowserSafe(bundle: { inputs: string[]; imports: string[] }): void {
  expect(bundle.imports.filter((p) => NODE_BUILTINS.test(p))).toEqual([]);
  expect(bundle.inputs.filter((p) => /better-sqlite3|sqlite-store|nonce-store-sqlite|src\/artifacts\.ts|src\/files\.ts/.test(p))).toEqual([]);
  // snarkjs and ffjavascript resolve to their browser builds.
  expect(bundle.inputs).toContain('node_modules/snarkjs/build/browser.esm.js');
  expect(bundle.inputs).toContain('node_modules/ffjavascript/build/browser.esm.js');
}

test('src/browser.ts bundles for the browser without node:* or SQLite', async () => {
  const bundle = await browserBundle(join(ROOT, 'src', 'browser.ts'));
  assertBrowserSafe(bundle);
  expect(bundle.inputs).toContain('src/artifacts-fetch.ts');
});

test('src/browser.ts exports the Node API minus the file-system parts', async () => {
  const node = await import('../../src/index.js');
  const browser = await import('../../src/browser.js');
  const expected = Object.keys(node).filter((name) => !NODE_ONLY.includes(name)).sort();
  expect(Object.keys(browser).sort()).toEqual(expected);
  for (const name of NODE_ONLY) expect(Object.keys(node)).toContain(name);
  // The Node entry's Verifier is the browser's, with the shipped keys as its default.
  expect(node.Verifier.prototype).toBeInstanceOf(browser.Verifier);
});

test('the package\'s `browser` export condition resolves to the built browser entry', async (context) => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, unknown>> };
  expect(pkg.exports['.']!.browser).toEqual({ types: './dist/browser.d.ts', default: './dist/browser.js' });
  expect(Object.keys(pkg.exports['.']!)[0]).toBe('browser');
  if (!existsSync(join(ROOT, 'dist', 'browser.js'))) {
    context.skip('dist/browser.js not built (npm run build)');
    return;
  }
  // A consumer with zkdisclose in its node_modules: `import 'zkdisclose'` for the browser.
  const dir = mkdtempSync(join(tmpdir(), 'zkd-consumer-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'zkdisclose'), 'dir');
    writeFileSync(join(dir, 'app.js'), "import { Prover, fetchArtifactLoader, Wallet } from 'zkdisclose';\nconsole.log(Prover, fetchArtifactLoader, Wallet);\n");
    const bundle = await browserBundle(join(dir, 'app.js'));
    assertBrowserSafe(bundle);
    expect(bundle.inputs).toContain('dist/browser.js');
    expect(bundle.inputs.filter((p) => p.startsWith('dist/index'))).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
