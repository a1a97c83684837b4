/**
 * The registered benchmark suites, in the order a full run measures them (the longest and most
 * optional last). Adding a suite: write a SuiteDef (bench/suite.ts) and add one line to SUITES.
 * Each definition loads its measuring code only when it runs.
 */
import type { SuiteContext, SuiteDef } from './suite.js';
import type { ProvingOutput } from './proving.js';
import { fastProvingSuite } from './fast-proving-view.js';
import { onchainSuite } from './onchain-view.js';
import { peersSuite } from './peers/view.js';
import { sizesReadme, sizesSection } from './sizes-view.js';
import { bbsChart, bbsReadme, bbsSection, browserReadme, proofSizeChart, provingReadme, provingSection, proveVsConstraintsChart, registryReadme, scalingSection, systemsReadme, systemsSection } from './views.js';

/** The proving suite's measurements, made once per run: the systems suite reuses them. */
const provingOnce = (ctx: SuiteContext): Promise<ProvingOutput> =>
  ctx.shared('proving', async () => (await import('./proving.js')).runProvingBench({ quick: ctx.quick }));

const proving: SuiteDef = {
  name: 'proving',
  title: 'Proving path (shipped circuits)',
  describe: 'the shipped circuits\' proving path, ours vs snarkjs fullProve, cold first proof, memory; native vs wasm vs snarkjs on every shipped circuit with peak RSS',
  run: async (ctx) => {
    const out = await provingOnce(ctx);
    return { rows: out.rows, notes: out.notes };
  },
  markdown: provingSection,
  readme: provingReadme,
};

const systems: SuiteDef = {
  name: 'systems',
  title: 'Proof systems and sizes',
  describe: 'proof sizes; Groth16 vs PLONK vs FFLONK on a small circuit (PLONK/FFLONK full only)',
  run: async (ctx) => (await import('./systems.js')).runSystemsBench({ quick: ctx.quick, shipped: (await provingOnce(ctx)).shipped }),
  markdown: systemsSection,
  readme: systemsReadme,
  charts: proofSizeChart,
};

const bbs: SuiteDef = {
  name: 'bbs',
  title: 'BBS signatures',
  describe: 'BBS sign / derive / verify for both BBS suites',
  run: async (ctx) => ({ rows: await (await import('./bbs.js')).runBbsBench({ quick: ctx.quick }), notes: ['In these rows `suite` is the BBS suite.'] }),
  markdown: bbsSection,
  readme: bbsReadme,
  charts: bbsChart,
};

const browser: SuiteDef = {
  name: 'browser',
  title: 'Proving in headless Chromium',
  describe: 'proving in headless Chromium (skipped without Chromium)',
  run: async (ctx) => (await import('./browser.js')).runBrowserBench({ quick: ctx.quick }),
  readme: browserReadme,
};

const packageSuite: SuiteDef = {
  name: 'package',
  title: 'The package: import, first use, sizes',
  describe: 'import time (ESM, CJS), first and second proof and first verification (with and without warmUp) in fresh processes; tarball, browser install and page bundle sizes',
  run: async (ctx) => (await import('./package.js')).runPackageBench({ quick: ctx.quick }),
};

const scaling: SuiteDef = {
  name: 'scaling',
  title: 'Scaling (constraints and prove time)',
  describe: 'constraints and prove time (snarkjs and native) against depth, attributes, predicate slots (full only)',
  run: async (ctx) => (ctx.quick
    ? { rows: [], notes: [], skipped: 'not in --quick (compiles 10 circuit variants and runs Groth16 setups; run `npm run bench -- --only=scaling`).' }
    : (await import('./systems.js')).runScalingBench({ setupBudgetMs: ctx.setupBudgetMs })),
  markdown: scalingSection,
  charts: proveVsConstraintsChart,
};

const registry: SuiteDef = {
  name: 'registry',
  title: 'Registry at scale',
  describe: 'persisted registry at 10^4, 10^5 and 2^20 leaves, binary and 4-ary: build, reopen, issue, revoke, bucket served, wallet work, bytes',
  run: async (ctx) => (await import('./registry.js')).runRegistryBench({ quick: ctx.quick }),
  readme: registryReadme,
};

const multi: SuiteDef = {
  name: 'multi',
  title: 'Two credentials in one presentation',
  describe: 'a two-credential presentation against the two single ones: proving time and ratio, size, verification',
  run: async (ctx) => (await import('./multi.js')).runMultiBench({ quick: ctx.quick }),
};

const service: SuiteDef = {
  name: 'service',
  title: 'Verifier service under load',
  describe: 'the verifier service (worker pool, SQLite and, with DATABASE_URL, PostgreSQL) under autocannon against two bare verifyPresentation loops; needs `npx tsup`',
  run: async (ctx) => (await import('./service.js')).runServiceBench({ quick: ctx.quick }),
};

const sizes: SuiteDef = {
  name: 'sizes',
  title: 'Compact and QR forms',
  describe: 'requests and presentations (SNARK-only, linkable, bearer) as JSON, compact CBOR, QR text (version at level M, whether one code holds it) and URL form; encode / decode times',
  run: async (ctx) => (await import('./sizes.js')).runSizesBench({ quick: ctx.quick }),
  markdown: sizesSection,
  readme: sizesReadme,
};

export const SUITES: readonly SuiteDef[] = [
  proving,
  systems,
  sizes,
  bbs,
  browser,
  packageSuite,
  registry,
  multi,
  service,
  scaling,
  fastProvingSuite,
  peersSuite,
  onchainSuite,
];
