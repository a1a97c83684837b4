import { defineConfig } from 'tsup';

// `browser` (src/browser.ts) is the package's `browser` export condition: the same build, with
// every dependency left as a bare import so the consumer's bundler picks each one's browser
// build (snarkjs -> build/browser.esm.js); that graph reaches no node:* module and no SQLite
// (test/browser/bundle.test.ts bundles it for the browser platform to check). `service-worker` is
// the verifier service's verification worker thread (src/service/verify-pool.ts loads it).
export default defineConfig({
  entry: { index: 'src/index.ts', sqlite: 'src/sqlite.ts', cli: 'src/cli/main.ts', browser: 'src/browser.ts', 'service-worker': 'src/service/verify-worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', sqlite: 'src/sqlite.ts', browser: 'src/browser.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  shims: true,
});
