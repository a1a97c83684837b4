/**
 * A Groth16 prover that keeps what is expensive to rebuild: each circuit's compiled witness
 * calculator and its proving key are loaded once (hash-checked against the manifest, then read
 * by the chosen proving path: see proving/paths.ts), and the BN254 curve (with its worker
 * threads) stays alive between proofs. Call `close()` when done: the curve's worker threads
 * otherwise keep Node running.
 */
import { WitnessCalculatorBuilder } from 'circom_runtime';
import type { ArtifactLoader, CircuitArtifacts } from './artifact-integrity.js';
import { ZkdError } from './errors.js';
import { type Groth16Engine, type ProvingPath, checkProvingPath, createEngine } from './proving/paths.js';

export interface Groth16Proof {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
  protocol: string;
  curve: string;
}

export interface ProofResult {
  proof: Groth16Proof;
  publicSignals: string[];
}

interface WitnessCalculator {
  calculateWTNSBin(input: Record<string, unknown>, sanityCheck: number): Promise<Uint8Array>;
}

interface LoadedCircuit {
  artifacts: CircuitArtifacts;
  calculator: WitnessCalculator;
  engine: Groth16Engine;
}

/** Terminates snarkjs's cached curve (worker threads), if one was built. */
export async function releaseCurve(): Promise<void> {
  const holder = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null };
  const curve = holder.curve_bn128;
  if (curve !== undefined && curve !== null) {
    delete holder.curve_bn128;
    await curve.terminate();
  }
}

export class Prover {
  private readonly loaded = new Map<string, Promise<LoadedCircuit>>();
  private readonly loader: ArtifactLoader;
  /** The proving path in use (see proving/paths.ts). */
  readonly path: ProvingPath;

  /**
   * @param options.loader where artifacts come from, checked against their manifest:
   *   `fileArtifactLoader()` in Node (what `createProver()` uses), `fetchArtifactLoader()` in browsers
   * @param options.path `auto` (default: our wasm prover), `wasm` or `snarkjs`
   * @throws {InputError} on an unknown path
   */
  constructor(options: { loader: ArtifactLoader; path?: ProvingPath }) {
    this.loader = options.loader;
    this.path = checkProvingPath(options.path ?? 'auto', 'path');
  }

  private circuit(name: string): Promise<LoadedCircuit> {
    let entry = this.loaded.get(name);
    if (entry === undefined) {
      entry = (async () => {
        const artifacts = await this.loader(name);
        const calculator = (await WitnessCalculatorBuilder(artifacts.wasm)) as WitnessCalculator;
        const engine = await createEngine(this.path, artifacts.zkey);
        return { artifacts, calculator, engine };
      })();
      entry.catch(() => this.loaded.delete(name));
      this.loaded.set(name, entry);
    }
    return entry;
  }

  /** Loads a circuit's artifacts ahead of the first proof. */
  async warm(name: string): Promise<{ vkeyHash: string }> {
    return { vkeyHash: (await this.circuit(name)).artifacts.vkeyHash };
  }

  /**
   * Computes the witness and a Groth16 proof.
   * @throws {ArtifactError} when the artifacts fail their integrity check
   * @throws {ZkdError} PROOF_FAILED when the input does not satisfy the circuit
   */
  async prove(name: string, input: Record<string, unknown>): Promise<ProofResult & { vkeyHash: string }> {
    const { artifacts, calculator, engine } = await this.circuit(name);
    let witness: Uint8Array;
    try {
      witness = await calculator.calculateWTNSBin(input, 0);
    } catch {
      throw new ZkdError('PROOF_FAILED', `${name}: the witness does not satisfy the circuit (the statement is false or the input malformed)`);
    }
    const { proof, publicSignals } = await engine.prove(witness);
    return { proof, publicSignals, vkeyHash: artifacts.vkeyHash };
  }

  /** Drops loaded artifacts and releases the curve's worker threads. */
  async close(): Promise<void> {
    this.loaded.clear();
    await releaseCurve();
  }
}
