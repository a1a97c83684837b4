import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

const BROWSER_MATTR_LOADER = fileURLToPath(new URL('src/bbs/mattr-loader.browser.js', import.meta.url));

// Two builds, run in parallel by tsup into dist/:
// - Node (index, sqlite, cli, service-worker): ESM + CJS, with every declaration file
//   (browser.d.ts included). `service-worker` is the verifier service's verification worker
//   thread (src/service/verify-pool.ts loads it).
// - Browser (browser.js, the package's `browser` export condition): ESM only, one file, every
//   dependency left as a bare import so the consumer's bundler picks each one's browser build
//   (snarkjs -> build/browser.esm.js). It reaches no node:* module and no SQLite, and it swaps
//   src/bbs/mattr-loader.js for mattr-loader.browser.js, so it imports no bbs+2020 library
//   (test/browser/bundle.test.ts bundles it for the browser platform to check both).
// The Node build's clean step spares the browser build's output, which it runs beside.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', sqlite: 'src/sqlite.ts', cli: 'src/cli/main.ts', 'service-worker': 'src/service/verify-worker.ts' },
    format: ['esm', 'cjs'],
    dts: { entry: { index: 'src/index.ts', sqlite: 'src/sqlite.ts', browser: 'src/browser.ts' } },
    sourcemap: true,
    clean: ['!browser.js', '!browser.js.map'],
    target: 'node20',
    shims: true,
  },
  {
    entry: { browser: 'src/browser.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    platform: 'browser',
    esbuildPlugins: [{
      name: 'browser-mattr-loader',
      setup(build) {
        build.onResolve({ filter: /\/mattr-loader\.js$/ }, () => ({ path: BROWSER_MATTR_LOADER }));
      },
    }],
  },
]);
