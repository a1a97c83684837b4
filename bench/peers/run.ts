/**
 * Suite "peers": the benchmark's "over 18" statement in zkdisclose and in the peers installed
 * from npm (Semaphore v4, Dock's crypto-wasm-ts), measured round-robin (bench/peers/round-robin.ts)
 * in one Node process, then again in one headless Chromium page for the systems that run there
 * (bench/peers/chromium.ts), with ratios per round against our Groth16 age-only presentation in
 * the same environment, and the proving goals of issue 20 as paired ratios per environment.
 * Setups and builds happen before the rounds and are not timed with them.
 */
import { CHROMIUM } from '../../examples/web/driver.js';
import { progress, round } from '../machine.js';
import type { Measured, Row } from '../suite.js';
import { runInChromium } from './chromium.js';
import { PAGE_FILES } from './page-protocol.js';
import { BOUND_PROTOCOLS, type BoundProtocol, dockAgeSystem, dockDisclosureSystem, legoProvingKeyFile } from './dock.js';
import { oursBbsSystem, oursGroth16System } from './ours.js';
import { BINARY_20, type OursCase, oursId } from './ours-systems.js';
import { pairedRatios, roundRobin, type Samples, spread } from './round-robin.js';
import { oursPlonkSystem } from './plonk.js';
import { semaphoreJob, semaphoreSystem } from './semaphore.js';
import { type PeerEnvironment, type PeerInfo, peerInfo, type PeerSystem } from './system.js';

export const SEMAPHORE_DEPTH = 20;
export const BASELINE = 'zkdisclose Groth16 · age-only';
const SEMAPHORE_ID = `Semaphore v4 (depth ${SEMAPHORE_DEPTH})`;

/**
 * Our Groth16 presentations in table order: the binary depth-20 circuits and the 4-ary ones sized
 * to the registry on the Prover's default path, and the four-predicate proof as shipped before
 * issue 20 (binary, snarkjs's prover), the baseline of its four-predicate goals.
 */
export const OURS_CASES: readonly OursCase[] = [
  { which: 'age-only', shape: BINARY_20 },
  { which: 'age-only', shape: { arity: 4, depth: 6 } },
  { which: 'age-only', shape: { arity: 4, depth: 10 } },
  { which: 'four-predicate', shape: BINARY_20 },
  { which: 'four-predicate', shape: { arity: 4, depth: 6 } },
  { which: 'four-predicate', shape: { arity: 4, depth: 10 } },
  { which: 'four-predicate', shape: BINARY_20, path: 'snarkjs' },
];

/** Issue 20's proving goals: a paired ratio per round of two systems measured in the same environment. */
export const PROVING_GOALS: readonly { goal: string; target: number; system: string; against: string }[] = [
  { goal: 'age-only, 4-ary depth 6 (4,096 credentials) / Semaphore(20)', target: 0.6, system: oursId(OURS_CASES[1]!), against: SEMAPHORE_ID },
  { goal: 'age-only, 4-ary depth 10 (2^20 credentials) / Semaphore(20)', target: 0.8, system: oursId(OURS_CASES[2]!), against: SEMAPHORE_ID },
  { goal: 'four-predicate, 4-ary depth 6 / the four-predicate proof as shipped before issue 20', target: 0.8, system: oursId(OURS_CASES[4]!), against: oursId(OURS_CASES[6]!) },
  { goal: 'four-predicate, 4-ary depth 10 / the four-predicate proof as shipped before issue 20', target: 0.8, system: oursId(OURS_CASES[5]!), against: oursId(OURS_CASES[6]!) },
];

/** Dock's bound-check protocols of a run: LegoGroth16 (a key decompressed for seconds, then 15–40 s proofs here) only in full runs. */
const boundProtocols = (options: { quick: boolean }): BoundProtocol[] => BOUND_PROTOCOLS.filter((p) => !options.quick || p !== 'legogroth16');

/** The Node systems of a run, in table order; the baseline first. PLONK (a ~30 s proof here) only in full runs. */
export function systemFactories(options: { quick: boolean }): { name: string; make: () => Promise<PeerSystem> }[] {
  return [
    ...OURS_CASES.map((c) => ({ name: oursId(c), make: () => oursGroth16System(c.which, c.shape, c.path) as Promise<PeerSystem> })),
    ...(options.quick ? [] : [{ name: 'zkdisclose PLONK · age-only', make: () => oursPlonkSystem() as Promise<PeerSystem> }]),
    { name: SEMAPHORE_ID, make: () => semaphoreSystem(SEMAPHORE_DEPTH) as Promise<PeerSystem> },
    ...boundProtocols(options).map((p) => ({ name: `Dock ${p}`, make: () => dockAgeSystem(p) as Promise<PeerSystem> })),
    { name: 'zkdisclose BBS bbs+2020', make: () => oursBbsSystem('bbs+2020') as Promise<PeerSystem> },
    { name: 'zkdisclose BBS bbs-2023', make: () => oursBbsSystem('bbs-2023') as Promise<PeerSystem> },
    { name: 'Dock selective disclosure', make: () => dockDisclosureSystem() as Promise<PeerSystem> },
  ];
}

const r2 = (x: number): number => round(x, 2);
const r1 = (x: number): number => round(x, 1);

/** One row per system: medians with min–max, and per-round ratios against the baseline of the same environment. */
export function peerRows(systems: readonly PeerInfo[], samples: readonly Samples[], baselineId: string): Row[] {
  const base = samples.find((s) => s.id === baselineId);
  if (base === undefined) throw new Error(`no baseline ${baselineId} among the measured systems`);
  return systems.map((sys, i) => {
    const s = samples[i]!;
    const prove = spread(s.proveMs);
    const verify = spread(s.verifyMs);
    const proveRatio = spread(pairedRatios(s.proveMs, base.proveMs));
    const verifyRatio = spread(pairedRatios(s.verifyMs, base.verifyMs));
    return {
      suite: 'peers', kind: 'system', system: sys.id, family: sys.family, environment: sys.env, statement: sys.statement, sameStatement: sys.sameStatement,
      proofSystem: sys.proofSystem, setup: sys.setup, rounds: s.proveMs.length,
      proveMedianMs: r1(prove.median), proveMinMs: r1(prove.min), proveMaxMs: r1(prove.max),
      verifyMedianMs: r1(verify.median), verifyMinMs: r1(verify.min), verifyMaxMs: r1(verify.max),
      proveVsBaseline: r2(proveRatio.median), proveVsBaselineMin: r2(proveRatio.min), proveVsBaselineMax: r2(proveRatio.max),
      verifyVsBaseline: r2(verifyRatio.median), verifyVsBaselineMin: r2(verifyRatio.min), verifyVsBaselineMax: r2(verifyRatio.max),
      ...s.sizes, artifactBytes: sys.artifactBytes, setupMs: sys.setupMs === null ? null : round(sys.setupMs, 0),
    };
  });
}

/** The proving goals' paired prove-time ratios in one environment (goals whose systems did not both run are left out). */
export function goalRows(environment: PeerEnvironment, samples: readonly Samples[]): Row[] {
  const byId = new Map(samples.map((s) => [s.id, s]));
  return PROVING_GOALS.flatMap(({ goal, target, system, against }) => {
    const a = byId.get(system);
    const b = byId.get(against);
    if (a === undefined || b === undefined) return [];
    const ratio = spread(pairedRatios(a.proveMs, b.proveMs));
    return [{ suite: 'peers', kind: 'goal', environment, goal, target, ratio: r2(ratio.median), ratioMin: r2(ratio.min), ratioMax: r2(ratio.max), rounds: a.proveMs.length }];
  });
}

/** The Chromium half: the same rounds over the systems that run in a browser, or a note saying why it did not run. */
async function chromiumHalf(options: { quick: boolean; rounds: number }): Promise<{ rows: Row[]; notes: string[] }> {
  if (CHROMIUM === undefined) return { rows: [], notes: ['Chromium: not measured, no Chromium executable (apt-get install -y chromium, or set ZKD_CHROMIUM).'] };
  progress('peers', 'Chromium: building the page and running the rounds there');
  const { rounds } = options;
  try {
    const { job: semaphore, art } = await semaphoreJob(SEMAPHORE_DEPTH);
    const dockBounds = boundProtocols(options);
    const out = await runInChromium(
      { rounds, ours: [...OURS_CASES], semaphore, dockBounds, bbs: ['bbs+2020', 'bbs-2023'], dockDisclosure: true },
      { [PAGE_FILES.semaphoreWasm]: art.wasm, [PAGE_FILES.semaphoreZkey]: art.zkey, ...(dockBounds.includes('legogroth16') && { [PAGE_FILES.legoKey]: legoProvingKeyFile() }) },
    );
    return {
      rows: [...peerRows(out.infos, out.samples, BASELINE), ...goalRows('chromium', out.samples)],
      notes: [
        `Chromium: ${out.browser} (Debian's package, headless, driven by playwright-core), one page (bench/peers/web/), the same round robin and system code as Node's, ${rounds} rounds; artifacts fetched and sha256-checked in the page before the warm-up; ratios against zkdisclose Groth16 age-only measured in the same page.`,
        'PLONK (full runs) is measured in Node only: a proof-only row whose ~60 s proofs would double the Chromium half\'s time.',
        ...out.notRun.map((n) => `Did not run: ${n}`),
      ],
    };
  } catch (err) {
    return { rows: [], notes: [`Chromium: the run failed, no Chromium rows: ${err instanceof Error ? err.message : String(err)}`] };
  }
}

export async function runPeersBench(options: { quick: boolean }): Promise<Measured> {
  const rounds = options.quick ? 3 : 9;
  const systems: PeerSystem[] = [];
  const notRun: string[] = [];
  for (const f of systemFactories(options)) {
    progress('peers', `preparing ${f.name}`);
    try {
      systems.push(await f.make());
    } catch (err) {
      if (f.name === BASELINE) throw err;
      notRun.push(`${f.name} (Node): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const samples = await roundRobin(systems, rounds, (line) => progress('peers', line));
  const chromium = await chromiumHalf({ quick: options.quick, rounds });
  const notes = [
    `Round robin in one Node process: each system proved and verified once to warm up (not counted), then ${rounds} rounds, each running every system once (prove, then verify that proof), the starting system rotating each round. Times are medians over the rounds with min–max; "vs age-only" is the median (min–max) of the per-round ratios against zkdisclose Groth16 age-only measured in the same round and environment.`,
    'Prove = everything the holder does for one presentation after setup (ours: `wallet.createPresentation`; Semaphore: witness + Groth16 with the zkey in memory; Dock: `PresentationBuilder` + `finalize`). Verify = the verifier\'s whole check (ours: `verifyPresentation`; Semaphore: `groth16.verify`; Dock: `Presentation.verify`).',
    `"setup ms (this run)": time spent in this run before a system's first proof: Dock's parameters made or loaded and decompressed (LegoGroth16's proving key is generated once and cached in .cache/peers/, but decompressing it takes seconds every run); Semaphore's compile + Groth16 setup, empty when cached in .cache/peers/. Our Groth16 systems use the shipped artifacts. Semaphore's depth-${SEMAPHORE_DEPTH} circuit is compiled here with circom2 --O2 and set up with a development Groth16 setup (single party, no contribution), not Semaphore's own ceremony.`,
    ...chromium.notes,
    ...(options.quick ? ['--quick: 3 rounds, no PLONK row (its proof takes ~30 s here), no Dock LegoGroth16 row (15–40 s proofs); run `npm run bench -- --only=peers` for the full table.'] : []),
    ...notRun.map((n) => `Did not run: ${n}`),
  ];
  return { rows: [...peerRows(systems.map(peerInfo), samples, BASELINE), ...chromium.rows, ...goalRows('node', samples)], notes };
}
