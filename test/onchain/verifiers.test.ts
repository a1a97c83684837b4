/**
 * The committed Groth16 verifiers (contracts/verifiers/): one per circuit of circuits.json, each
 * exactly what scripts/export-verifier.ts makes from the committed artifacts, naming the sha256
 * of its zkey and verification key, and embedding every point of that key (checked value by
 * value against verification_key.json, independently of the generator). Each compiles with solc.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, loadRegistry, sha256File } from '../../scripts/circuit-registry.js';
import { compileContracts } from '../../scripts/contracts.js';
import { VERIFIERS_DIR, verifierFromArtifacts } from '../../scripts/export-verifier.js';
import { type VerificationKeyJson, verifierContractName } from '../../scripts/solidity-verifier.js';

const CIRCUITS = Object.keys(loadRegistry());

it('contracts/verifiers holds one verifier per circuit and nothing else', () => {
  expect(readdirSync(VERIFIERS_DIR).sort()).toEqual(CIRCUITS.map((c) => `${verifierContractName(c)}.sol`).sort());
});

describe.each(CIRCUITS)('%s', (circuit) => {
  const file = join(VERIFIERS_DIR, `${verifierContractName(circuit)}.sol`);
  const source = readFileSync(file, 'utf8');
  const vkey = JSON.parse(readFileSync(join(ARTIFACTS_DIR, circuit, 'verification_key.json'), 'utf8')) as VerificationKeyJson;

  it('is the generator\'s output for the committed key', () => {
    expect(source).toBe(verifierFromArtifacts(circuit).source);
  });

  it('names the committed zkey and verification key by sha256', () => {
    expect(source).toContain(`circuit.zkey sha256:            ${sha256File(join(ARTIFACTS_DIR, circuit, 'circuit.zkey'))}`);
    expect(source).toContain(`verification_key.json sha256:   ${sha256File(join(ARTIFACTS_DIR, circuit, 'verification_key.json'))}`);
  });

  it('embeds every coordinate of verification_key.json, in the EVM\'s order', () => {
    const constant = (name: string): string => new RegExp(`uint256 internal constant ${name} = (\\d+);`).exec(source)?.[1] ?? 'missing';
    expect([constant('ALPHA_X'), constant('ALPHA_Y')]).toEqual(vkey.vk_alpha_1.slice(0, 2));
    for (const [label, point] of [['BETA', vkey.vk_beta_2], ['GAMMA', vkey.vk_gamma_2], ['DELTA', vkey.vk_delta_2]] as const) {
      expect([constant(`${label}_X_RE`), constant(`${label}_X_IM`), constant(`${label}_Y_RE`), constant(`${label}_Y_IM`)]).toEqual([point[0]![0], point[0]![1], point[1]![0], point[1]![1]]);
    }
    vkey.IC.forEach((p, i) => expect([constant(`IC${i}_X`), constant(`IC${i}_Y`)]).toEqual(p.slice(0, 2)));
    expect(source).toContain(`uint256 public constant PUBLIC_SIGNALS = ${vkey.nPublic};`);
    expect(source).not.toContain(`IC${vkey.IC.length}_X`);
  });

  it('compiles', () => {
    expect(compileContracts()[verifierContractName(circuit)]?.deployedBytecode.length).toBeGreaterThan(0);
  });
});
