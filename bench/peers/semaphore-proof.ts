/**
 * The Semaphore peer's prover and verifier, browser-safe: given the built circuit (witness
 * calculator wasm, zkey, verification key) and a prover input made by Semaphore's own packages,
 * the PeerSystem that proves (witness + snarkjs Groth16, zkey in memory) and verifies. The Node
 * run (bench/peers/semaphore.ts) and the Chromium page (bench/peers/web/) share it; snarkjs
 * resolves to its browser build in the page.
 */
import { WitnessCalculatorBuilder } from 'circom_runtime';
import * as snarkjs from 'snarkjs';
import type { PeerEnvironment, PeerSystem, ProofSizes } from './system.js';

interface WitnessCalculator {
  calculateWTNSBin(input: Record<string, unknown>, sanityCheck: number): Promise<Uint8Array>;
}

export type Groth16Output = Awaited<ReturnType<typeof snarkjs.groth16.prove>>;

/** Groth16 proof size: 2 G1 + 1 G2 compressed on BN254. */
const GROTH16_COMPRESSED_BYTES = 32 + 64 + 32;

/** What describes a Semaphore build and the proof to make, as plain data (it crosses into the page). */
export interface SemaphoreJob {
  depth: number;
  members: number;
  constraints: number;
  power: number;
  artifactBytes: number;
  setupMs: number | null;
  vkey: Record<string, unknown>;
  /** The prover input (decimal strings), built as Semaphore's generateProof builds it. */
  input: Record<string, string | number | string[]>;
  /** The group's root (decimal): the proof's first public signal must be it. */
  root: string;
}

export async function semaphoreProofSystem(job: SemaphoreJob, wasm: Uint8Array, zkey: Uint8Array, env: PeerEnvironment): Promise<PeerSystem<Groth16Output>> {
  const calculator = (await WitnessCalculatorBuilder(wasm)) as WitnessCalculator;
  return {
    id: `Semaphore v4 (depth ${job.depth})`,
    family: 'Semaphore',
    env,
    statement: `membership in a group (depth-${job.depth} LeanIMT root, ${job.members} members) + nullifier for a scope; no age predicate`,
    sameStatement: false,
    proofSystem: `Groth16 (BN254), ${job.constraints.toLocaleString('en-US')} constraints, circom --O2`,
    setup: `trusted: development setup made here (single party, no contribution; 2^${job.power} ptau)`,
    artifactBytes: job.artifactBytes,
    setupMs: job.setupMs,
    prove: async () => {
      const witness = await calculator.calculateWTNSBin(job.input, 0);
      const out = await snarkjs.groth16.prove(zkey, witness);
      if (out.publicSignals[0] !== job.root) throw new Error('Semaphore proof root differs from the group root');
      return out;
    },
    verify: async (p) => snarkjs.groth16.verify(job.vkey as never, p.publicSignals, p.proof),
    sizes: (p): ProofSizes => ({
      proofBytes: GROTH16_COMPRESSED_BYTES,
      publicInputs: p.publicSignals.length,
      publicBytes: 32 * p.publicSignals.length,
      presentationJsonBytes: JSON.stringify({ proof: p.proof, publicSignals: p.publicSignals }).length,
    }),
  };
}
