/**
 * Suite "peers": the benchmark's "over 18" statement in zkdisclose and in the peers installed
 * from npm (Semaphore v4, Dock's crypto-wasm-ts), measured round-robin in one Node process
 * (bench/peers/round-robin.ts), with ratios per round against our Groth16 age-only
 * presentation. Setups and builds happen before the rounds and are not timed with them.
 */
import { progress, round } from '../machine.js';
import type { Measured, Row } from '../suite.js';
import { BOUND_PROTOCOLS, dockAgeSystem, dockDisclosureSystem } from './dock.js';
import { oursBbsSystem, oursGroth16System } from './ours.js';
import { pairedRatios, roundRobin, type Samples, spread } from './round-robin.js';
import { oursPlonkSystem } from './plonk.js';
import { semaphoreSystem } from './semaphore.js';
import type { PeerSystem } from './system.js';

export const SEMAPHORE_DEPTH = 20;
export const BASELINE = 'zkdisclose Groth16 · age-only';

/** The systems of a run, in table order; the baseline first. PLONK (a ~30 s proof here) only in full runs. */
export function systemFactories(options: { quick: boolean }): { name: string; make: () => Promise<PeerSystem> }[] {
  return [
    { name: BASELINE, make: () => oursGroth16System('age-only') as Promise<PeerSystem> },
    { name: 'zkdisclose Groth16 · four-predicate', make: () => oursGroth16System('four-predicate') as Promise<PeerSystem> },
    ...(options.quick ? [] : [{ name: 'zkdisclose PLONK · age-only', make: () => oursPlonkSystem() as Promise<PeerSystem> }]),
    { name: 'Semaphore', make: () => semaphoreSystem(SEMAPHORE_DEPTH) as Promise<PeerSystem> },
    ...BOUND_PROTOCOLS.map((p) => ({ name: `Dock ${p}`, make: () => dockAgeSystem(p) as Promise<PeerSystem> })),
    { name: 'zkdisclose BBS bbs+2020', make: () => oursBbsSystem('bbs+2020') as Promise<PeerSystem> },
    { name: 'zkdisclose BBS bbs-2023', make: () => oursBbsSystem('bbs-2023') as Promise<PeerSystem> },
    { name: 'Dock selective disclosure', make: () => dockDisclosureSystem() as Promise<PeerSystem> },
  ];
}

/** One row per system: medians with min–max, and per-round ratios against the baseline. */
export function peerRows(systems: readonly PeerSystem[], samples: readonly Samples[], baselineId: string): Row[] {
  const base = samples.find((s) => s.id === baselineId);
  if (base === undefined) throw new Error(`no baseline ${baselineId} among the measured systems`);
  return systems.map((sys, i) => {
    const s = samples[i]!;
    const prove = spread(s.proveMs);
    const verify = spread(s.verifyMs);
    const proveRatio = spread(pairedRatios(s.proveMs, base.proveMs));
    const verifyRatio = spread(pairedRatios(s.verifyMs, base.verifyMs));
    const r2 = (x: number): number => round(x, 2);
    const r1 = (x: number): number => round(x, 1);
    return {
      suite: 'peers', system: sys.id, family: sys.family, env: sys.env, statement: sys.statement, sameStatement: sys.sameStatement,
      proofSystem: sys.proofSystem, setup: sys.setup, rounds: s.proveMs.length,
      proveMedianMs: r1(prove.median), proveMinMs: r1(prove.min), proveMaxMs: r1(prove.max),
      verifyMedianMs: r1(verify.median), verifyMinMs: r1(verify.min), verifyMaxMs: r1(verify.max),
      proveVsBaseline: r2(proveRatio.median), proveVsBaselineMin: r2(proveRatio.min), proveVsBaselineMax: r2(proveRatio.max),
      verifyVsBaseline: r2(verifyRatio.median), verifyVsBaselineMin: r2(verifyRatio.min), verifyVsBaselineMax: r2(verifyRatio.max),
      ...s.sizes, artifactBytes: sys.artifactBytes, setupMs: sys.setupMs === null ? null : round(sys.setupMs, 0),
    };
  });
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
      notRun.push(`${f.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const samples = await roundRobin(systems, rounds, (line) => progress('peers', line));
  const notes = [
    `Round robin in one Node process: each system proved and verified once to warm up (not counted), then ${rounds} rounds, each running every system once (prove, then verify that proof), the starting system rotating each round. Times are medians over the rounds with min–max; "vs age-only" is the median (min–max) of the per-round ratios against zkdisclose Groth16 age-only measured in the same round.`,
    'Prove = everything the holder does for one presentation after setup (ours: `wallet.createPresentation`; Semaphore: witness + Groth16 with the zkey in memory; Dock: `PresentationBuilder` + `finalize`). Verify = the verifier\'s whole check (ours: `verifyPresentation`; Semaphore: `groth16.verify`; Dock: `Presentation.verify`).',
    `"setup ms (this run)": time spent in this run before a system's first proof: Dock's parameters made or loaded and decompressed (LegoGroth16's proving key is generated once and cached in .cache/peers/, but decompressing it takes seconds every run); Semaphore's compile + Groth16 setup, empty when cached in .cache/peers/. Our Groth16 systems use the shipped artifacts. Semaphore's depth-${SEMAPHORE_DEPTH} circuit is compiled here with circom2 --O2 and set up with a development Groth16 setup (single party, no contribution), not Semaphore's own ceremony.`,
    ...(options.quick ? ['--quick: 3 rounds, no PLONK row (its proof takes ~30 s here); run `npm run bench -- --only=peers` for the full table.'] : []),
    ...notRun.map((n) => `Did not run: ${n}`),
  ];
  return { rows: peerRows(systems, samples, BASELINE), notes };
}
