/**
 * Groth16 end to end with the committed artifacts: a full prove (snarkjs.groth16.fullProve on
 * circuit.wasm and circuit.zkey) and verify (verification_key.json) of the compact circuit
 * presentation-16-1-1-20, whose public signals must equal expectedPublicSignals; a tampered
 * public signal (nonce, today, a disclosed slot) or a proof for another nonce fails verification.
 * The full presentation-16-4-32-20 proof runs only under ZKD_SLOW=1 (npm run test:slow).
 */
import { readFileSync } from 'node:fs';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPaths, expectedOf, inputOf, publicSignalNames, scenario, type ShippedName } from '../helpers/presentation.js';
import { releaseCurve } from '../helpers/witness.js';

afterAll(releaseCurve);

async function prove(name: ShippedName, nonce?: bigint): Promise<{ proof: snarkjs.Groth16Proof; publicSignals: string[] }> {
  const s = scenario(name);
  const { wasm, zkey } = artifactPaths(name);
  return snarkjs.groth16.fullProve(inputOf(s, nonce === undefined ? {} : { nonce }), wasm, zkey);
}

const vkeyOf = (name: ShippedName): unknown => JSON.parse(readFileSync(artifactPaths(name).vkey, 'utf8'));

describe('presentation-16-1-1-20: Groth16 prove and verify', () => {
  const name = 'presentation-16-1-1-20';
  const names = publicSignalNames(scenario(name).params);
  const at = (signal: string): number => names.indexOf(signal);
  let proof: snarkjs.Groth16Proof;
  let publicSignals: string[];

  beforeAll(async () => {
    ({ proof, publicSignals } = await prove(name));
  });

  it('proves the scenario with the public signals expectedPublicSignals gives', () => {
    expect(publicSignals).toEqual(expectedOf(scenario(name)));
  });

  it('verifies with the committed verification key', async () => {
    expect(await snarkjs.groth16.verify(vkeyOf(name), publicSignals, proof)).toBe(true);
  });

  it.each(['nonce', 'today', 'root', 'predA[0]', 'disclosed[0]'])('fails verification with %s tampered', async (signal) => {
    const tampered = [...publicSignals];
    tampered[at(signal)] = (BigInt(tampered[at(signal)]!) + 1n).toString();
    expect(await snarkjs.groth16.verify(vkeyOf(name), tampered, proof)).toBe(false);
  });

  it('fails verification of a proof made for another nonce', async () => {
    const other = await prove(name, 12345n);
    expect(other.publicSignals[at('nonce')]).toBe('12345');
    expect(await snarkjs.groth16.verify(vkeyOf(name), publicSignals, other.proof)).toBe(false);
  });
});

describe.runIf(process.env.ZKD_SLOW === '1')('presentation-16-4-32-20: Groth16 prove and verify (slow)', () => {
  const name = 'presentation-16-4-32-20';

  it('proves and verifies the full scenario; a tampered nullifier fails', async () => {
    const { proof, publicSignals } = await prove(name);
    expect(publicSignals).toEqual(expectedOf(scenario(name)));
    expect(await snarkjs.groth16.verify(vkeyOf(name), publicSignals, proof)).toBe(true);
    const tampered = [...publicSignals];
    const i = publicSignalNames(scenario(name).params).indexOf('nullifier');
    tampered[i] = (BigInt(tampered[i]!) + 1n).toString();
    expect(await snarkjs.groth16.verify(vkeyOf(name), tampered, proof)).toBe(false);
  });
});
