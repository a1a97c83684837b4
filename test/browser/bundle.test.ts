/**
 * The browser entry stays browser-safe: src/browser.ts (and, once built, the package's `browser`
 * export condition) bundles for the browser platform without reaching node:* or better-sqlite3,
 * and exports the Node entry's API minus exactly the file-system parts (SQLite lives in the
 * separate `zkdisclose/sqlite` entry). The built browser entry imports no bbs+2020 library: a
 * page hands it over with provideBbs2020Library, and without it bbs+2020 fails with a typed error.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Metafile, build } from 'esbuild';
import { expect, test } from 'vitest';
import { bundledMattrLoader } from '../../src/bbs/mattr-loader.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE_ONLY = [
  'registerRegistryRoutes', 'publishStatic', 'DEFAULT_KEEP_SEQUENCES',
  'ARTIFACTS_DIR', 'loadArtifacts', 'copyArtifacts', 'BROWSER_ARTIFACT_FILES', 'loadVerificationKey', 'defaultAcceptedKeys', 'shippedVerificationKeys', 'fileArtifactLoader', 'createProver', 'resolveProverPath', 'nativeAddonStatus',
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
async function browserBundle(entry: string, external: string[] = ['@mattrglobal/bbs-signatures']): Promise<{ inputs: string[]; imports: string[]; bytes: number }> {
  const result = await build({
    entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent',
    absWorkingDir: ROOT, external,
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
    // Nothing external: the built entry must not reach the bbs+2020 library or its dependencies.
    const bundle = await browserBundle(join(dir, 'app.js'), []);
    assertBrowserSafe(bundle);
    expect(bundle.inputs.filter((p) => /@mattrglobal|@stablelib/.test(p))).toEqual([]);
    expect(bundle.imports.filter((p) => p.includes('@mattrglobal'))).toEqual([]);
    expect(bundle.inputs).toContain('dist/browser.js');
    expect(bundle.inputs.filter((p) => p.startsWith('dist/index'))).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the built browser entry refuses bbs+2020 with a typed error until a library is provided', async (context) => {
  if (!existsSync(join(ROOT, 'dist', 'browser.js'))) {
    context.skip('dist/browser.js not built (npm run build)');
    return;
  }
  const browser = (await import(pathToFileURL(join(ROOT, 'dist', 'browser.js')).href)) as typeof import('../../src/browser.js');
  await expect(browser.generateBbsKeyPair({ suite: 'bbs+2020' })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('provideBbs2020Library(') });
  expect((await browser.generateBbsKeyPair({ suite: 'bbs-2023' })).publicKey).toHaveLength(96);
  expect(() => browser.provideBbs2020Library('@mattrglobal/bbs-signatures' as never)).toThrow(browser.InputError);
  browser.provideBbs2020Library(async () => ({ blsSign: () => {} }));
  await expect(browser.generateBbsKeyPair({ suite: 'bbs+2020' })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('does not export generateBls12381G2KeyPair') });
  browser.provideBbs2020Library(bundledMattrLoader!); // Node's loader: import('@mattrglobal/bbs-signatures')
  const keys = await browser.generateBbsKeyPair({ suite: 'bbs+2020' });
  const messages = [new TextEncoder().encode('givenName=Ada')];
  const signature = await browser.bbsSign({ suite: 'bbs+2020', secretKey: keys.secretKey, publicKey: keys.publicKey, messages });
  expect(await browser.bbsVerifySignature({ suite: 'bbs+2020', publicKey: keys.publicKey, signature, messages })).toBe(true);
});
