/**
 * The committed artifacts of both shipped circuits (artifacts/<name>/): the manifest's source
 * hash equals circuitSourceHash() of circuits/ today (comments excluded), each file's sha256
 * equals the manifest, and the manifest's counts agree with the r1cs, the verification key and
 * the public-signal layout.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { circuitSourceHash, sha256File } from '../../scripts/circuit-registry.js';
import { CIRCUIT_PARAMS } from '../../src/internal/circuit-input.js';
import { SHIPPED, artifactPaths, publicSignalNames } from '../helpers/presentation.js';
import { readR1cs } from '../helpers/witness.js';

interface Manifest {
  circuit: string;
  params: number[];
  optimisation: string;
  sourceSha256: string;
  nConstraints: number;
  nPublic: number;
  nOutputs: number;
  nPublicInputs: number;
  files: Record<string, string>;
}

describe.each(SHIPPED)('%s', (name) => {
  const paths = artifactPaths(name);
  const manifest = JSON.parse(readFileSync(paths.manifest, 'utf8')) as Manifest;

  it('was built from the current circuit sources', () => {
    expect(manifest.sourceSha256).toBe(circuitSourceHash());
  });

  it('lists the wasm, r1cs, zkey and verification key', () => {
    expect(Object.keys(manifest.files).sort()).toEqual(['circuit.r1cs', 'circuit.wasm', 'circuit.zkey', 'verification_key.json']);
  });

  it.each(['circuit.wasm', 'circuit.r1cs', 'circuit.zkey', 'verification_key.json'])('%s matches its manifest sha256', (file) => {
    expect(sha256File(`${paths.dir}/${file}`)).toBe(manifest.files[file]);
  });

  it('describes the circuit it holds (name, params, --O2, counts)', () => {
    const params = CIRCUIT_PARAMS[name]!;
    const r1cs = readR1cs(paths.r1cs);
    expect(manifest.circuit).toBe(name);
    expect(manifest.params).toEqual([params.nAttributes, params.nPredicates, params.setSize, params.arity, params.depth]);
    expect(manifest.optimisation).toBe('--O2');
    expect(manifest.nConstraints).toBe(r1cs.constraints.length);
    expect(manifest.nOutputs).toBe(r1cs.nOutputs);
    expect(manifest.nPublicInputs).toBe(r1cs.nPubInputs);
    expect(manifest.nPublic).toBe(publicSignalNames(params).length);
  });

  it('has a Groth16 bn128 verification key for nPublic signals', () => {
    const vkey = JSON.parse(readFileSync(paths.vkey, 'utf8')) as { protocol: string; curve: string; nPublic: number; IC: unknown[] };
    expect(vkey.protocol).toBe('groth16');
    expect(vkey.curve).toBe('bn128');
    expect(vkey.nPublic).toBe(manifest.nPublic);
    expect(vkey.IC).toHaveLength(manifest.nPublic + 1);
  });
});
