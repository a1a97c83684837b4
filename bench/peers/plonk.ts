/**
 * Our age-only statement proved with PLONK (snarkjs) instead of Groth16, for the peers
 * benchmark: the same Presentation(16, 1, 1, 20) circuit compiled at --O1 (fewer PLONK gates
 * than --O2), a development PLONK setup on the 2^16 powers of tau (universal: no per-circuit
 * ceremony), and the very input the wallet builds for the age-only request. It measures the
 * proof alone (witness + PLONK prove, PLONK verify), not a whole presentation: the library
 * ships Groth16 only. FFLONK does not fit here: its setup needs 9 x the domain in tau powers,
 * beyond the largest prepared file (2^16).
 * The compile and the setup are cached under build/bench/ (git-ignored), like the systems suite's.
 */
import { readFileSync, statSync } from 'node:fs';
import { WitnessCalculatorBuilder } from 'circom_runtime';
import * as snarkjs from 'snarkjs';
import { preparedPtau } from '../../scripts/ptau.js';
import { progress } from '../machine.js';
import { buildScenario, buildWorld, SHIPPED_CASES } from '../proving.js';
import { compileVariant, existingPtau, setup, variant } from '../systems.js';
import type { PeerSystem } from './system.js';

interface WitnessCalculator {
  calculateWTNSBin(input: Record<string, unknown>, sanityCheck: number): Promise<Uint8Array>;
}

type PlonkOutput = Awaited<ReturnType<typeof snarkjs.plonk.prove>>;

export async function oursPlonkSystem(): Promise<PeerSystem<PlonkOutput>> {
  const t0 = performance.now();
  progress('peers', 'PLONK age-only: compile Presentation(16,1,1,2,20) at --O1 (cached)');
  const compiled = await compileVariant(variant({ nAttributes: 16, nPredicates: 1, setSize: 1, arity: 2, depth: 20 }, '--O1'));
  const pot = existingPtau(16) ?? { path: (await preparedPtau(16, (l) => progress('peers', l))).path, power: 16 };
  progress('peers', 'PLONK age-only: development setup (cached after the first run)');
  const st = await setup('plonk', compiled, pot.path);
  const setupMs = compiled.compileMs === null && st.setupMs === null ? null : performance.now() - t0;
  const scenario = await buildScenario(buildWorld(), SHIPPED_CASES[0]!);
  const calculator = (await WitnessCalculatorBuilder(readFileSync(compiled.wasm))) as WitnessCalculator;
  const zkey = new Uint8Array(readFileSync(st.zkey));
  const vkey = await snarkjs.zKey.exportVerificationKey(st.zkey);
  return {
    id: 'zkdisclose PLONK · age-only (proof only)',
    family: 'zkdisclose',
    env: 'node',
    statement: 'the age-only circuit\'s statement (as Groth16 age-only), proof only: no presentation checks around it',
    sameStatement: true,
    proofSystem: `PLONK (BN254), \`${compiled.name}\` at --O1, ${st.constraints.toLocaleString('en-US')} PLONK gates`,
    setup: 'universal: development PLONK setup on the 2^16 powers of tau (single party)',
    artifactBytes: statSync(st.zkey).size + statSync(compiled.wasm).size,
    setupMs,
    prove: async () => snarkjs.plonk.prove(zkey, await calculator.calculateWTNSBin(scenario.input, 0)),
    verify: async (p) => snarkjs.plonk.verify(vkey, p.publicSignals, p.proof),
    sizes: (p) => ({
      // 9 G1 points compressed (32 B each) + 6 field elements, as snarkjs's PLONK proof object holds them.
      proofBytes: 9 * 32 + 6 * 32,
      publicInputs: p.publicSignals.length,
      publicBytes: 32 * p.publicSignals.length,
      presentationJsonBytes: JSON.stringify({ proof: p.proof, publicSignals: p.publicSignals }).length,
    }),
  };
}
