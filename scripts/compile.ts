/**
 * Compiles a circom main with the circom2 npm package (circom 2.x in WebAssembly) at --O2,
 * the optimisation level that ships. Used by the artifact build, the benchmark variants and the
 * template tests. Node-only.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CIRCUITS_DIR, ROOT } from './circuit-registry.js';

const run = promisify(execFile);

export interface CompiledCircuit {
  r1cs: string;
  wasm: string;
  sym: string;
}

/**
 * Writes `source` to `<outDir>/<name>.circom` and compiles it.
 * @param name base name of the outputs
 * @param source circom source of the main component
 * @param outDir directory for the main and the compiler outputs (created)
 * @param optimisation "--O2" (shipping) or "--O1" (PLONK benchmarks, fewer PLONK rows)
 */
export async function compileCircuit(name: string, source: string, outDir: string, optimisation = '--O2'): Promise<CompiledCircuit> {
  mkdirSync(outDir, { recursive: true });
  const mainPath = join(outDir, `${name}.circom`);
  writeFileSync(mainPath, source);
  const cli = join(ROOT, 'node_modules/circom2/cli.js');
  await run(process.execPath, [
    cli, mainPath, '--r1cs', '--wasm', '--sym', optimisation,
    '-l', join(ROOT, 'node_modules'), '-l', join(ROOT, 'node_modules/circomlib/circuits'), '-l', CIRCUITS_DIR,
    '-o', outDir,
  ], { maxBuffer: 64 * 1024 * 1024 });
  return {
    r1cs: join(outDir, `${name}.r1cs`),
    wasm: join(outDir, `${name}_js`, `${name}.wasm`),
    sym: join(outDir, `${name}.sym`),
  };
}

/** The circom version the circom2 package wraps, e.g. "2.2.3". */
export async function circomVersion(): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'node_modules/circom2/cli.js'), '--version']);
  const match = /circom compiler (\S+)/.exec(stdout);
  if (match === null) throw new Error(`unexpected circom2 --version output: ${stdout.trim()}`);
  return match[1]!;
}
