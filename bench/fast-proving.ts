/**
 * Our wasm proving path against snarkjs 0.7.6, and the 4-ary registry circuits against today's
 * binary depth-20 ones, in one process: `npx tsx bench/fast-proving.ts [--rounds N]`.
 *
 * Each round proves every shipped circuit once with each path (the order alternates between
 * rounds), on a valid input (bench/systems.ts variantInput: age >= 18, and for the full circuits
 * EU nationality too), so every figure shares the machine's load at that moment. Per circuit it
 * prints medians over the rounds of: the witness, snarkjs's groth16.prove, our wasm prover, the
 * paired ratio wasm / snarkjs (median of per-round ratios), "witness + wasm" against "witness +
 * snarkjs" on today's binary depth-20 circuit of the same predicates (the goal: the
 * shipped proof today), and groth16.verify. Every proof is verified once.
 */
import { loadavg } from 'node:os';
import { WitnessCalculatorBuilder } from 'circom_runtime';
import * as snarkjs from 'snarkjs';
import { loadArtifacts, releaseCurve } from '../src/index.js';
import { CIRCUIT_PARAMS } from '../src/internal/circuit-input.js';
import { groth16Curve, prepareGroth16, proveGroth16 } from '../src/proving/groth16-wasm.js';
import { variantInput } from './systems.js';

interface Calculator {
  calculateWTNSBin(input: Record<string, unknown>, sanityCheck: number): Promise<Uint8Array>;
}

interface Case {
  circuit: string;
  baseline: string;
  constraints: number;
  domain: number;
  vkey: Record<string, unknown>;
  zkey: Uint8Array;
  calculator: Calculator;
  input: Record<string, unknown>;
  prove: (wtns: Uint8Array) => ReturnType<typeof proveGroth16>;
  times: { witness: number[]; snarkjs: number[]; wasm: number[]; ratio: number[]; verify: number[]; snarkjsCpu: number[]; wasmCpu: number[] };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The value, the wall time and the process CPU time (ms). */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return [value, wall, (used.user + used.system) / 1000];
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--rounds');
  const rounds = at > 0 ? Number(process.argv[at + 1]) : 5;
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error('--rounds: expected a positive integer');
  const startLoad = loadavg();
  const curve = await groth16Curve();
  const cases: Case[] = [];
  for (const [circuit, params] of Object.entries(CIRCUIT_PARAMS)) {
    const artifacts = loadArtifacts(circuit);
    const prepared = prepareGroth16(curve, artifacts.zkey);
    cases.push({
      circuit,
      baseline: `presentation-${params.nAttributes}-${params.nPredicates}-${params.setSize}-20`,
      constraints: artifacts.manifest.nConstraints,
      domain: prepared.zkey.domainSize,
      vkey: artifacts.vkey,
      zkey: artifacts.zkey,
      calculator: (await WitnessCalculatorBuilder(artifacts.wasm)) as Calculator,
      input: variantInput(params),
      prove: async (wtns) => proveGroth16(await groth16Curve(), prepared, wtns),
      times: { witness: [], snarkjs: [], wasm: [], ratio: [], verify: [], snarkjsCpu: [], wasmCpu: [] },
    });
  }

  for (let round = 0; round < rounds; round++) {
    process.stderr.write(`round ${round + 1}/${rounds}\n`);
    for (const c of cases) {
      const [wtns, witnessMs] = await timed(() => c.calculator.calculateWTNSBin(c.input, 0));
      const runWasm = () => timed(() => c.prove(wtns));
      const runSnarkjs = () => timed(() => snarkjs.groth16.prove({ type: 'mem', data: c.zkey }, { type: 'mem', data: wtns }));
      let wasm: Awaited<ReturnType<typeof runWasm>>;
      let reference: Awaited<ReturnType<typeof runSnarkjs>>;
      if (round % 2 === 0) {
        wasm = await runWasm();
        reference = await runSnarkjs();
      } else {
        reference = await runSnarkjs();
        wasm = await runWasm();
      }
      const [[ours, wasmMs, wasmCpu], [theirs, snarkjsMs, snarkjsCpu]] = [wasm, reference];
      if (round === 0) {
        for (const r of [ours, theirs]) {
          if (!(await snarkjs.groth16.verify(c.vkey, r.publicSignals, r.proof))) throw new Error(`${c.circuit}: a proof does not verify`);
        }
      }
      const [, verifyMs] = await timed(() => snarkjs.groth16.verify(c.vkey, ours.publicSignals, ours.proof));
      c.times.witness.push(witnessMs);
      c.times.wasm.push(wasmMs);
      c.times.snarkjs.push(snarkjsMs);
      c.times.ratio.push(wasmMs / snarkjsMs);
      c.times.verify.push(verifyMs);
      c.times.wasmCpu.push(wasmCpu);
      c.times.snarkjsCpu.push(snarkjsCpu);
    }
  }

  const byName = new Map(cases.map((c) => [c.circuit, c]));
  const ms = (x: number): string => x.toFixed(0);
  const lines = [
    `Groth16 proving, ${rounds} rounds, medians (ms); snarkjs 0.7.6 and our wasm path on the same witness, in one process; load average at start ${startLoad.map((x) => x.toFixed(2)).join(' / ')}.`,
    '',
    '| circuit | constraints | domain | witness | snarkjs prove | wasm prove | wasm / snarkjs (paired) | CPU: snarkjs / wasm | witness + wasm vs witness + snarkjs on today\'s binary circuit (wall / CPU) | verify |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of cases) {
    const base = byName.get(c.baseline);
    const w = median(c.times.witness);
    const vsShipped = base === undefined
      ? 'n/a'
      : `${((w + median(c.times.wasm)) / (median(base.times.witness) + median(base.times.snarkjs))).toFixed(2)}× / ${((w + median(c.times.wasmCpu)) / (median(base.times.witness) + median(base.times.snarkjsCpu))).toFixed(2)}×`;
    lines.push(`| \`${c.circuit}\` | ${c.constraints} | 2^${Math.log2(c.domain)} | ${ms(w)} | ${ms(median(c.times.snarkjs))} | ${ms(median(c.times.wasm))} | ${median(c.times.ratio).toFixed(2)}× | ${ms(median(c.times.snarkjsCpu))} / ${ms(median(c.times.wasmCpu))} ms | ${vsShipped} | ${median(c.times.verify).toFixed(1)} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  await releaseCurve();
}

main().catch(async (err: unknown) => {
  process.stderr.write(`fast-proving: ${err instanceof Error ? err.message : String(err)}\n`);
  await releaseCurve();
  process.exit(1);
});
