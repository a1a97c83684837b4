/**
 * The proving suite's path comparison: every shipped Presentation circuit proved from the same
 * witness by the native addon (zkey parsed once), our wasm path (zkey prepared once) and snarkjs's
 * `groth16.prove` (zkey in memory), in one process. Each round computes the witness once, then
 * runs the three paths in an order that rotates between rounds, so load that drifts during the
 * run hits every path alike; the ratios are medians of per-round ratios. Every path's warm-up
 * proof is verified. Peak resident memory of native and snarkjs is measured in a child process
 * each (load the artifacts, compute the witness, prove a few times), since one process's peak
 * cannot be split between paths.
 *
 * When the addon is not built (or does not load here) the native figures are null and the row
 * says why; the suite still measures the other paths.
 *
 * This file is also the memory child: `tsx bench/proving-paths.ts --peak <native|wasm|snarkjs> <circuit> <proofs>`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WitnessCalculatorBuilder } from 'circom_runtime';
import * as snarkjs from 'snarkjs';
import { loadArtifacts, releaseCurve } from '../src/index.js';
import { CIRCUIT_PARAMS } from '../src/internal/circuit-input.js';
import { groth16Curve, prepareGroth16, proveGroth16 } from '../src/proving/groth16-wasm.js';
import { nativeAddonStatus } from '../src/proving/native-addon.js';
import { NativeGroth16 } from '../src/proving/native-groth16.js';
import type { ProofResult } from '../src/prover.js';
import { collectChild, ownPeakRssMiB, progress, round } from './machine.js';
import { pairedRatios, roundOrder, spread } from './peers/round-robin.js';
import type { Row } from './suite.js';
import { PATHS_OP } from './views.js';
import { variantInput } from './systems.js';

const THIS_FILE = fileURLToPath(import.meta.url);

interface Calculator {
  calculateWTNSBin(input: Record<string, unknown>, sanityCheck: number): Promise<Uint8Array>;
}

type PathName = 'native' | 'wasm' | 'snarkjs';
type ProveFn = (wtns: Uint8Array) => Promise<ProofResult>;

/** The provers of one circuit's shipped zkey, each holding what it parsed. */
async function provers(circuit: string, native: boolean): Promise<{ name: PathName; prove: ProveFn }[]> {
  const artifacts = loadArtifacts(circuit);
  const prepared = prepareGroth16(await groth16Curve(), artifacts.zkey);
  const zkey = { type: 'mem' as const, data: artifacts.zkey };
  const list: { name: PathName; prove: ProveFn }[] = [
    { name: 'wasm', prove: async (wtns) => proveGroth16(await groth16Curve(), prepared, wtns) },
    { name: 'snarkjs', prove: async (wtns) => snarkjs.groth16.prove(zkey, { type: 'mem', data: wtns }) },
  ];
  if (native) {
    const prover = NativeGroth16.load(artifacts.manifest, artifacts.zkey);
    list.unshift({ name: 'native', prove: (wtns) => prover.prove(wtns) });
  }
  return list;
}

/** Runs the memory child for one path and circuit. */
async function childPeak(path: PathName, circuit: string, proofs: number): Promise<{ peakMiB: number; source: string }> {
  const { stdout, stderr, code } = await collectChild(process.execPath, [...process.execArgv, THIS_FILE, '--peak', path, circuit, String(proofs)]);
  const line = stdout.split('\n').find((l) => l.startsWith('PEAK_RSS '));
  if (code !== 0 || line === undefined) throw new Error(`memory child (${path} ${circuit}) exited with ${code}: ${stderr.trim().slice(-400) || '(no output)'}`);
  return JSON.parse(line.slice('PEAK_RSS '.length)) as { peakMiB: number; source: string };
}

/** The child side of childPeak: artifacts, witness, `proofs` proofs on one path; prints its peak RSS. */
async function peakChild(path: PathName, circuit: string, proofs: number): Promise<void> {
  const params = CIRCUIT_PARAMS[circuit];
  if (params === undefined) throw new Error(`not a shipped circuit: ${circuit}`);
  const artifacts = loadArtifacts(circuit);
  const calculator = (await WitnessCalculatorBuilder(artifacts.wasm)) as Calculator;
  const wtns = await calculator.calculateWTNSBin(variantInput(params), 0);
  if (path === 'native') {
    const prover = NativeGroth16.load(artifacts.manifest, artifacts.zkey);
    for (let i = 0; i < proofs; i++) await prover.prove(wtns);
  } else if (path === 'wasm') {
    const prepared = prepareGroth16(await groth16Curve(), artifacts.zkey);
    for (let i = 0; i < proofs; i++) await proveGroth16(await groth16Curve(), prepared, wtns);
    await releaseCurve();
  } else {
    const zkey = { type: 'mem' as const, data: artifacts.zkey };
    for (let i = 0; i < proofs; i++) await snarkjs.groth16.prove(zkey, { type: 'mem', data: wtns });
    await releaseCurve();
  }
  process.stdout.write(`PEAK_RSS ${JSON.stringify(ownPeakRssMiB())}\n`);
}

/** One row per shipped circuit: witness and each path's median, paired ratios to snarkjs, peak RSS. */
export async function runPathsBench(options: { quick: boolean }): Promise<{ rows: Row[]; notes: string[] }> {
  const rounds = options.quick ? 2 : 7;
  const proofsPerChild = options.quick ? 1 : 3;
  const status = nativeAddonStatus();
  const rows: Row[] = [];
  for (const [circuit, params] of Object.entries(CIRCUIT_PARAMS)) {
    progress('proving', circuit, 'paths: warm-up, every proof verified');
    const artifacts = loadArtifacts(circuit);
    const calculator = (await WitnessCalculatorBuilder(artifacts.wasm)) as Calculator;
    const input = variantInput(params);
    const paths = await provers(circuit, status.available);
    const warmWitness = await calculator.calculateWTNSBin(input, 0);
    for (const p of paths) {
      const { proof, publicSignals } = await p.prove(warmWitness);
      if (!(await snarkjs.groth16.verify(artifacts.vkey, publicSignals, proof))) throw new Error(`${circuit}: the ${p.name} path's proof does not verify`);
    }
    const times: Record<PathName | 'witness', number[]> = { witness: [], native: [], wasm: [], snarkjs: [] };
    for (let r = 0; r < rounds; r++) {
      progress('proving', circuit, `paths: round ${r + 1}/${rounds}`);
      let t = performance.now();
      const wtns = await calculator.calculateWTNSBin(input, 0);
      times.witness.push(performance.now() - t);
      for (const i of roundOrder(paths.length, r)) {
        t = performance.now();
        await paths[i]!.prove(wtns);
        times[paths[i]!.name].push(performance.now() - t);
      }
    }
    progress('proving', circuit, 'paths: peak RSS in child processes');
    const snarkjsRss = await childPeak('snarkjs', circuit, proofsPerChild);
    const wasmRss = await childPeak('wasm', circuit, proofsPerChild);
    const nativeRss = status.available ? await childPeak('native', circuit, proofsPerChild) : undefined;
    const median = (xs: number[]): number | null => (xs.length === 0 ? null : round(spread(xs).median, 1));
    const vsSnarkjs = (xs: number[]) => (xs.length === 0 ? undefined : spread(pairedRatios(xs, times.snarkjs)));
    const native = vsSnarkjs(times.native);
    const wasm = vsSnarkjs(times.wasm)!;
    rows.push({
      suite: 'proving', circuit, op: PATHS_OP, constraints: artifacts.manifest.nConstraints, rounds,
      witnessMs: median(times.witness), nativeMs: median(times.native), wasmMs: median(times.wasm), snarkjsMs: median(times.snarkjs),
      nativeVsSnarkjs: native === undefined ? null : round(native.median, 3),
      nativeVsSnarkjsMin: native === undefined ? null : round(native.min, 3),
      nativeVsSnarkjsMax: native === undefined ? null : round(native.max, 3),
      wasmVsSnarkjs: round(wasm.median, 3),
      nativeRssMiB: nativeRss?.peakMiB ?? null, wasmRssMiB: wasmRss.peakMiB, snarkjsRssMiB: snarkjsRss.peakMiB,
      rssProofs: proofsPerChild, rssSource: snarkjsRss.source,
      nativeUnavailable: status.available ? null : status.reason ?? 'the native addon is not available',
    });
  }
  const notes = [
    `Proving paths: each shipped circuit's witness (bench/systems.ts variantInput: age >= 18, and EU nationality for the four-predicate circuits) proved by the native addon, our wasm path and snarkjs ${snarkjsVersion()} \`groth16.prove\`, zkey parsed or held in memory once, every path warmed up by one verified proof; then ${rounds} rounds, each computing the witness once and proving it on every path in an order rotating each round. Times are medians over the rounds (witness not included in the prove times); "native / snarkjs" is the median (min–max) of the per-round ratios.`,
    `Peak RSS: a child process per path and circuit loads the artifacts, computes the witness and proves ${proofsPerChild} time(s); its own peak resident memory (VmHWM, which starts afresh at exec; resourceUsage().maxRSS would carry the parent's RSS at spawn).`,
    ...(status.available ? [] : [`Native prover not measured: ${status.reason ?? 'unavailable'}.`]),
  ];
  await releaseCurve();
  return { rows, notes };
}

function snarkjsVersion(): string {
  return (JSON.parse(readFileSync(resolve(THIS_FILE, '..', '..', 'node_modules', 'snarkjs', 'package.json'), 'utf8')) as { version: string }).version;
}

// Child mode.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE && process.argv[2] === '--peak') {
  const [path, circuit, proofs] = process.argv.slice(3);
  if ((path !== 'native' && path !== 'wasm' && path !== 'snarkjs') || circuit === undefined || !/^[1-9][0-9]*$/.test(proofs ?? '')) {
    process.stderr.write('usage: proving-paths.ts --peak <native|wasm|snarkjs> <circuit> <proofs>\n');
    process.exit(2);
  }
  peakChild(path, circuit, Number(proofs)).then(() => process.exit(0), (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
