/**
 * The `artifacts copy` command: writes the files a browser needs (per circuit: manifest, wasm,
 * zkey, verification key; each checked against its manifest first) into a directory a web
 * server or a bundler's public folder serves (src/artifacts-copy.ts).
 */
import type { Command } from 'commander';
import { copyArtifacts } from '../artifacts-copy.js';
import { CIRCUIT_PARAMS } from '../internal/circuit-input.js';

export function addArtifactsCommands(program: Command, print: (line: string) => void): void {
  const artifacts = program.command('artifacts').description('the circuit artifacts (proving and verification keys)');
  artifacts.command('copy <dir>').description("copy what a browser needs into DIR (DIR/<circuit>/: manifest.json, circuit.wasm, circuit.zkey, verification_key.json), each file checked against its manifest")
    .option('--circuit <name>', `only this circuit (repeatable; default: all of ${Object.keys(CIRCUIT_PARAMS).join(', ')})`, (value: string, previous: string[]) => [...previous, value], [] as string[])
    .action((dir: string, o: { circuit: string[] }) => {
      const { files, bytes } = copyArtifacts({ to: dir, ...(o.circuit.length > 0 && { circuits: o.circuit }) });
      print(`copied ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) to ${dir}`);
    });
}
