/**
 * Native prover vs snarkjs, same process, same witnesses: `npx tsx bench/native.ts [--runs=N]`.
 * Standalone (not a suite of bench/run.ts): prints, per shipped circuit, the witness time, the
 * median of N proofs on each path (zkey preloaded, snarkjs's curve warmed by one proof first; the
 * paths alternate so machine load affects both alike), the ratio native/snarkjs, and each path's
 * peak resident memory measured in a child process of its own (load the zkey, prove N times).
 * Every proof is verified. Needs the addon (`npm run build:native`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as snarkjs from 'snarkjs';
import { parseManifest } from '../src/artifact-integrity.js';
import { ARTIFACTS_DIR } from '../src/artifacts.js';
import { releaseCurve } from '../src/prover.js';
import { NativeGroth16 } from '../src/proving/native-groth16.js';
import { inputOf, scenario, SHIPPED, type ShippedName } from '../test/helpers/presentation.js';
import { machineInfo, machineLine } from './machine.js';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? 5);
const child = args.find((a) => a.startsWith('--child='))?.slice('--child='.length);

function artifacts(name: ShippedName) {
  const dir = `${ARTIFACTS_DIR}/${name}`;
  const manifest = parseManifest(name, readFileSync(`${dir}/manifest.json`, 'utf8'));
  return { manifest, zkey: new Uint8Array(readFileSync(`${dir}/circuit.zkey`)), wasm: `${dir}/circuit.wasm`, vkey: JSON.parse(readFileSync(`${dir}/verification_key.json`, 'utf8')) as object };
}

async function witness(name: ShippedName, wasm: string): Promise<Uint8Array> {
  const out = { type: 'mem' } as { type: 'mem'; data?: Uint8Array };
  await snarkjs.wtns.calculate(inputOf(scenario(name)), wasm, out);
  return out.data!;
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Child mode: one path, one circuit; prints its peak RSS in MB. */
async function runChild(spec: string): Promise<void> {
  const [path, name] = spec.split(':') as ['native' | 'snarkjs', ShippedName];
  const a = artifacts(name);
  const wtns = await witness(name, a.wasm);
  const before = process.resourceUsage().maxRSS;
  if (path === 'native') {
    const prover = NativeGroth16.load(a.manifest, a.zkey);
    for (let i = 0; i < runs; i++) await prover.prove(wtns);
  } else {
    for (let i = 0; i < runs; i++) await snarkjs.groth16.prove(a.zkey, wtns);
    await releaseCurve();
  }
  process.stdout.write(JSON.stringify({ before: before / 1024, peak: process.resourceUsage().maxRSS / 1024 }));
}

function childPeak(path: string, name: ShippedName): string {
  const result = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), `--child=${path}:${name}`, `--runs=${runs}`], { encoding: 'utf8' });
  if (result.status !== 0) return `failed (${result.stderr.trim().split('\n').pop()})`;
  const { before, peak } = JSON.parse(result.stdout) as { before: number; peak: number };
  return `${peak.toFixed(0)} MB (${before.toFixed(0)} MB before proving)`;
}

async function main(): Promise<void> {
  console.log(machineLine(machineInfo()));
  console.log(`runs per path: ${runs} (median), snarkjs ${JSON.parse(readFileSync(new URL('../node_modules/snarkjs/package.json', import.meta.url), 'utf8')).version}`);
  for (const name of SHIPPED.slice().reverse()) {
    const a = artifacts(name);
    let t = performance.now();
    const wtns = await witness(name, a.wasm);
    const witnessMs = performance.now() - t;
    t = performance.now();
    const prover = NativeGroth16.load(a.manifest, a.zkey);
    const loadMs = performance.now() - t;
    await snarkjs.groth16.prove(a.zkey, wtns);
    const native: number[] = [];
    const js: number[] = [];
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      const n = await prover.prove(wtns);
      native.push(performance.now() - t);
      t = performance.now();
      const s = await snarkjs.groth16.prove(a.zkey, wtns);
      js.push(performance.now() - t);
      if (!(await snarkjs.groth16.verify(a.vkey as never, n.publicSignals, n.proof as never))) throw new Error('native proof does not verify');
      if (!(await snarkjs.groth16.verify(a.vkey as never, s.publicSignals, s.proof as never))) throw new Error('snarkjs proof does not verify');
    }
    const info = prover.info();
    console.log(`\n${name} (${a.manifest.nConstraints} constraints, ${info.nVars} wires, domain 2^${Math.log2(info.domainSize)})`);
    console.log(`  witness (wasm calculator)  ${witnessMs.toFixed(0)} ms`);
    console.log(`  native zkey load + checks  ${loadMs.toFixed(0)} ms (once)`);
    console.log(`  prove, native              ${median(native).toFixed(0)} ms  [${native.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(`  prove, snarkjs 0.7.6       ${median(js).toFixed(0)} ms  [${js.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(`  ratio native / snarkjs     ${(median(native) / median(js)).toFixed(3)}`);
    console.log(`  peak RSS, native           ${childPeak('native', name)}`);
    console.log(`  peak RSS, snarkjs          ${childPeak('snarkjs', name)}`);
  }
  await releaseCurve();
}

if (child !== undefined) await runChild(child);
else await main();
