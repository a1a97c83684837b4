/**
 * A Groth16 prover that keeps what is expensive to rebuild: each circuit's compiled witness
 * calculator and its proving key are loaded once (hash-checked against the manifest, then read
 * by the chosen proving path: see proving/paths.ts), and the BN254 curve (with its worker
 * threads) stays alive between proofs. Call `close()` when done: the curve's worker threads
 * otherwise keep Node running. `warmUp()` builds that curve ahead of the first proof or
 * verification.
 */
import { WitnessCalculatorBuilder } from 'circom_runtime';
import type { ArtifactLoader, CircuitArtifacts } from './artifact-integrity.js';
import { ZkdError } from './errors.js';
import { groth16Curve } from './proving/groth16-wasm.js';
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

/**
 * A Groth16 proving backend used instead of the JavaScript/wasm paths for a circuit's checked
 * artifacts and .wtns bytes (the native addon's: src/proving/native-prover.ts, Node only). It
 * must produce snarkjs's format.
 */
export type Groth16Backend = (artifacts: CircuitArtifacts, wtns: Uint8Array) => Promise<ProofResult>;

interface WitnessCalculator {
  calculateWTNSBin(input: Record<string, unknown>, sanityCheck: number): Promise<Uint8Array>;
}

interface LoadedCircuit {
  artifacts: CircuitArtifacts;
  calculator: WitnessCalculator;
  /**
   * The last witness computation queued on `calculator`. NOTE: circom's calculator keeps the
   * inputs in its wasm instance and reads the witness back after an `await`, so two concurrent
   * calls on one instance would read each other's witness: computations queue here, one at a time.
   */
  witnessQueue: Promise<unknown>;
  /** Absent when a backend proves instead. */
  engine: Groth16Engine | undefined;
}

/**
 * Builds the BN254 curve (ffjavascript's, with its worker threads; snarkjs and our provers share
 * it through ffjavascript's cache on globalThis) ahead of time, so that the first
 * verifyPresentation or proof does not pay for it: call it at start-up, or while the user reads
 * the request. In Node the curve's worker threads keep the process alive until releaseCurve()
 * (or prover.close()). Safe to call more than once; bench/package.ts measures what it saves.
 * @example
 * await warmUp(); // then verifyPresentation(...) runs without the curve's set-up
 */
export async function warmUp(): Promise<void> {
  await groth16Curve();
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
  /** The proving path in use (see proving/paths.ts); ignored when a backend is given. */
  readonly path: ProvingPath;
  private readonly backend: Groth16Backend | undefined;

  /**
   * @param options.loader where artifacts come from, checked against their manifest:
   *   `fileArtifactLoader()` in Node (what `createProver()` uses), `fetchArtifactLoader()` in browsers
   * @param options.path `auto` (default: our wasm prover), `wasm` or `snarkjs`
   * @param options.backend proves instead of those paths when given (`createProver()` passes the
   *   native addon's when it is built and chosen)
   * @throws {InputError} on an unknown path
   */
  constructor(options: { loader: ArtifactLoader; path?: ProvingPath; backend?: Groth16Backend }) {
    this.loader = options.loader;
    this.path = checkProvingPath(options.path ?? 'auto', 'path');
    this.backend = options.backend;
  }

  private circuit(name: string): Promise<LoadedCircuit> {
    let entry = this.loaded.get(name);
    if (entry === undefined) {
      entry = (async () => {
        const artifacts = await this.loader(name);
        const calculator = (await WitnessCalculatorBuilder(artifacts.wasm)) as WitnessCalculator;
        const engine = this.backend === undefined ? await createEngine(this.path, artifacts.zkey) : undefined;
        return { artifacts, calculator, engine, witnessQueue: Promise.resolve() };
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
   * Computes the witness and a Groth16 proof. Concurrent calls are safe: witnesses of one
   * circuit are computed one at a time, the proofs overlap as far as the proving path allows.
   * @throws {ArtifactError} when the artifacts fail their integrity check
   * @throws {ZkdError} PROOF_FAILED when the input does not satisfy the circuit
   */
  async prove(name: string, input: Record<string, unknown>): Promise<ProofResult & { vkeyHash: string }> {
    const loaded = await this.circuit(name);
    const { artifacts, calculator, engine } = loaded;
    const computed = loaded.witnessQueue.then(() => calculator.calculateWTNSBin(input, 0));
    loaded.witnessQueue = computed.catch(() => undefined);
    let witness: Uint8Array;
    try {
      witness = await computed;
    } catch {
      throw new ZkdError('PROOF_FAILED', `${name}: the witness does not satisfy the circuit (the statement is false or the input malformed)`);
    }
    const { proof, publicSignals } = this.backend !== undefined ? await this.backend(artifacts, witness) : await engine!.prove(witness);
    return { proof, publicSignals, vkeyHash: artifacts.vkeyHash };
  }

  /** Drops loaded artifacts and releases the curve's worker threads. */
  async close(): Promise<void> {
    this.loaded.clear();
    await releaseCurve();
  }
}
