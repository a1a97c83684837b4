/**
 * Suite "fast-proving": the ratios issue 20 sets as goals, measured round-robin in one process
 * (bench/peers/round-robin.ts), each proof including its witness:
 *
 *   age-only, 4-ary depth 6 and depth 10, our wasm path   against Semaphore v4 depth 20
 *   four-predicate, 4-ary depth 6 and depth 10, wasm path against today's binary depth-20
 *                                                          four-predicate proof (snarkjs)
 *   age-only, binary depth 20, snarkjs                     today's age-only proof, for reference
 *
 * and each system's verification (`groth16.verify`). Our circuits prove the library's input for
 * a valid person credential (bench/systems.ts variantInput); Semaphore comes from the peers
 * suite's system (bench/peers/semaphore.ts; its artifacts are built once and cached in
 * .cache/peers/). The goals and whether they are met are worked out from the rows by
 * bench/fast-proving-view.ts.
 */
import { WitnessCalculatorBuilder } from 'circom_runtime';
import * as snarkjs from 'snarkjs';
import { loadArtifacts, releaseCurve } from '../src/index.js';
import { CIRCUIT_PARAMS } from '../src/internal/circuit-input.js';
import { groth16Curve, prepareGroth16, proveGroth16 } from '../src/proving/groth16-wasm.js';
import type { ProofResult } from '../src/prover.js';
import { progress, round } from './machine.js';
import { pairedRatios, roundOrder, roundRobin, spread, type RoundRobinSystem, type Samples } from './peers/round-robin.js';
import { semaphoreSystem } from './peers/semaphore.js';
import { FAST_PROVING_GOALS, SEMAPHORE_ID, type FastProvingSystem, todayId, oursId } from './fast-proving-view.js';
import type { Measured, Row } from './suite.js';
import { variantInput } from './systems.js';

const SEMAPHORE_DEPTH = 20;
/** Rounds of the verification measurement: one check is 15-50 ms, so many rounds are cheap. */
const VERIFY_ROUNDS = { full: 120, quick: 10 } as const;
const GROTH16_COMPRESSED_BYTES = 32 + 64 + 32;

interface Calculator {
  calculateWTNSBin(input: Record<string, unknown>, sanityCheck: number): Promise<Uint8Array>;
}

/** One of our shipped circuits, witness included, on our wasm path or on snarkjs's groth16.prove. */
async function oursSystem(system: FastProvingSystem): Promise<RoundRobinSystem<ProofResult>> {
  const params = CIRCUIT_PARAMS[system.circuit!];
  if (params === undefined) throw new Error(`not a shipped circuit: ${system.circuit}`);
  const artifacts = loadArtifacts(system.circuit!);
  const calculator = (await WitnessCalculatorBuilder(artifacts.wasm)) as Calculator;
  const input = variantInput(params);
  let prove: (wtns: Uint8Array) => Promise<ProofResult>;
  if (system.path === 'wasm') {
    const prepared = prepareGroth16(await groth16Curve(), artifacts.zkey);
    prove = async (wtns) => proveGroth16(await groth16Curve(), prepared, wtns);
  } else {
    const zkey = { type: 'mem' as const, data: artifacts.zkey };
    prove = async (wtns) => snarkjs.groth16.prove(zkey, { type: 'mem', data: wtns });
  }
  return {
    id: system.id,
    prove: async () => prove(await calculator.calculateWTNSBin(input, 0)),
    verify: async (p) => snarkjs.groth16.verify(artifacts.vkey, p.publicSignals, p.proof),
    sizes: (p) => ({ proofBytes: GROTH16_COMPRESSED_BYTES, publicInputs: p.publicSignals.length, publicBytes: 32 * p.publicSignals.length, presentationJsonBytes: JSON.stringify(p).length }),
  };
}

/** The systems of the suite, in table order. */
export function fastProvingSystems(): FastProvingSystem[] {
  return [
    { id: oursId('presentation-16-1-1-4ary-6'), circuit: 'presentation-16-1-1-4ary-6', path: 'wasm' },
    { id: oursId('presentation-16-1-1-4ary-10'), circuit: 'presentation-16-1-1-4ary-10', path: 'wasm' },
    { id: todayId('presentation-16-1-1-20'), circuit: 'presentation-16-1-1-20', path: 'snarkjs' },
    { id: SEMAPHORE_ID, circuit: null, path: 'snarkjs' },
    { id: oursId('presentation-16-4-32-4ary-6'), circuit: 'presentation-16-4-32-4ary-6', path: 'wasm' },
    { id: oursId('presentation-16-4-32-4ary-10'), circuit: 'presentation-16-4-32-4ary-10', path: 'wasm' },
    { id: todayId('presentation-16-4-32-20'), circuit: 'presentation-16-4-32-20', path: 'snarkjs' },
  ];
}

/** One row per system (medians, min–max) and one per goal (the paired ratio it names). */
export function fastProvingRows(systems: readonly FastProvingSystem[], samples: readonly Samples[], constraints: ReadonlyMap<string, number>): Row[] {
  const byId = new Map(samples.map((s) => [s.id, s]));
  const r1 = (x: number): number => round(x, 1);
  const rows: Row[] = systems.map((sys) => {
    const s = byId.get(sys.id);
    if (s === undefined) throw new Error(`${sys.id} was not measured`);
    const prove = spread(s.proveMs);
    const verify = spread(s.verifyMs);
    return {
      suite: 'fast-proving', kind: 'system', system: sys.id, circuit: sys.circuit, path: sys.path, constraints: constraints.get(sys.id) ?? null, rounds: s.proveMs.length,
      proveMedianMs: r1(prove.median), proveMinMs: r1(prove.min), proveMaxMs: r1(prove.max),
      verifyMedianMs: r1(verify.median), verifyMinMs: r1(verify.min), verifyMaxMs: r1(verify.max),
    };
  });
  for (const goal of FAST_PROVING_GOALS) {
    const a = byId.get(goal.system);
    const b = byId.get(goal.baseline);
    if (a === undefined || b === undefined) throw new Error(`goal "${goal.goal}": ${a === undefined ? goal.system : goal.baseline} was not measured`);
    const ratios = spread(pairedRatios(goal.measure === 'prove' ? a.proveMs : a.verifyMs, goal.measure === 'prove' ? b.proveMs : b.verifyMs));
    rows.push({
      suite: 'fast-proving', kind: 'goal', goal: goal.goal, system: goal.system, baseline: goal.baseline, measure: goal.measure,
      ratio: round(ratios.median, 3), ratioMin: round(ratios.min, 3), ratioMax: round(ratios.max, 3), atMost: goal.atMost,
    });
  }
  return rows;
}

/**
 * Verification timed apart from proving: many rounds over each system's last proof, every system
 * checking it once per round, the order rotating. One check varies by 2-4× with the pauses and
 * worker wake-ups around it, so nine checks, each right after a proof, gave per-goal ratios from
 * 0.51× to 1.41× for the same work (the same pairings over the same number of signals); the
 * median of 120 paired ratios does not move that much.
 */
async function verificationRounds(systems: readonly RoundRobinSystem[], proofs: ReadonlyMap<string, unknown>, rounds: number): Promise<number[][]> {
  const times = systems.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    for (const i of roundOrder(systems.length, r)) {
      const system = systems[i]!;
      const t0 = performance.now();
      const ok = await system.verify(proofs.get(system.id));
      times[i]!.push(performance.now() - t0);
      if (!ok) throw new Error(`${system.id}: its last proof does not verify`);
    }
  }
  return times;
}

export async function runFastProvingBench(options: { quick: boolean }): Promise<Measured> {
  const rounds = options.quick ? 3 : 9;
  const systems = fastProvingSystems();
  const timed: RoundRobinSystem[] = [];
  const constraints = new Map<string, number>();
  for (const sys of systems) {
    progress('fast-proving', `preparing ${sys.id}`);
    if (sys.circuit === null) {
      const semaphore = await semaphoreSystem(SEMAPHORE_DEPTH);
      // The peers suite's system under this suite's name for it (the goals refer to it by that id).
      timed.push({ ...(semaphore as RoundRobinSystem), id: sys.id });
      constraints.set(sys.id, Number(/([\d,]+) constraints/.exec(semaphore.proofSystem)?.[1]?.replaceAll(',', '') ?? Number.NaN));
    } else {
      timed.push(await oursSystem(sys) as RoundRobinSystem);
      constraints.set(sys.id, loadArtifacts(sys.circuit).manifest.nConstraints);
    }
  }
  const lastProofs = new Map<string, unknown>();
  const remembering = timed.map((system): RoundRobinSystem => ({
    ...system,
    prove: async () => {
      const proof = await system.prove();
      lastProofs.set(system.id, proof);
      return proof;
    },
  }));
  const samples = await roundRobin(remembering, rounds, (line) => progress('fast-proving', line));
  const verifyRounds = options.quick ? VERIFY_ROUNDS.quick : VERIFY_ROUNDS.full;
  progress('fast-proving', `verification, ${verifyRounds} rounds`);
  const verifyMs = await verificationRounds(timed, lastProofs, verifyRounds);
  samples.forEach((sample, i) => {
    sample.verifyMs = verifyMs[i]!;
  });
  await releaseCurve();
  const notes = [
    `Round robin in one Node process: every system proved and verified once to warm up (not counted), then ${rounds} rounds, each proving every system once (witness + proof, zkey in memory) and verifying that proof with \`groth16.verify\`, the starting system rotating each round. Verification is then timed apart: ${verifyRounds} rounds of \`groth16.verify\` over each system's last proof, the order rotating (one check varies by 2-4× with the pauses around it, so nine checks right after proofs gave ratios from 0.51× to 1.41× for the same work). Times are medians over the rounds (min–max); each goal's ratio is the median (min–max) of the per-round ratios.`,
    'Ours: the shipped artifacts on a valid person credential\'s input (bench/systems.ts variantInput); the 4-ary circuits on our wasm path (the default where the native addon is not built, and the browser\'s), "today" = the binary depth-20 circuits on snarkjs 0.7.6 `groth16.prove`, the proof shipped before issue 20. Semaphore v4: the peers suite\'s system (its depth-20 circuit compiled here with circom2 --O2, a development Groth16 setup, its own witness calculator; bench/peers/semaphore.ts), proved with the same snarkjs.',
    'Verification "not worse than today" is taken as a paired median ratio of at most 1.10 against the binary circuit of the same predicates (the same number of public signals and pairings: the 10 % covers what is left of the noise of a 15-50 ms check after 120 rounds). The Chromium goal ("the same ratios within 10 %") is not measured by this suite.',
    ...(options.quick ? [`--quick: ${rounds} rounds; run \`npm run bench -- --only=fast-proving\` for the full table.`] : []),
  ];
  return { rows: fastProvingRows(systems, samples, constraints), notes };
}
