/**
 * Proving paths: which Groth16 implementation turns a witness into a proof. Every path gives
 * snarkjs-format proofs that `snarkjs groth16 verify` accepts, and the same proof for the same
 * witness, r and s.
 *   - `wasm`: our prover (groth16-wasm.ts), the zkey read once, the coefficient pass in the workers;
 *   - `snarkjs`: snarkjs's groth16.prove, for comparison and as a reference;
 *   - `auto` (default): the fastest path available, in the order of AUTO_ORDER.
 * A further path (e.g. a native addon) is one more entry in ENGINES and, where it is available
 * and faster, in AUTO_ORDER before `wasm`.
 */
import * as snarkjs from 'snarkjs';
import { InputError } from '../errors.js';
import type { ProofResult } from '../prover.js';
import { groth16Curve, prepareGroth16, proveGroth16 } from './groth16-wasm.js';

export type ProvingPath = 'auto' | 'wasm' | 'snarkjs';
export const PROVING_PATHS: readonly ProvingPath[] = ['auto', 'wasm', 'snarkjs'];

/** Proves with one circuit's key. */
export interface Groth16Engine {
  readonly path: Exclude<ProvingPath, 'auto'>;
  /** @param wtns the witness as .wtns bytes (calculateWTNSBin) */
  prove(wtns: Uint8Array): Promise<ProofResult>;
}

type EngineFactory = (zkey: Uint8Array) => Promise<Groth16Engine>;

const ENGINES: Record<Exclude<ProvingPath, 'auto'>, EngineFactory> = {
  wasm: async (zkey) => {
    const prepared = prepareGroth16(await groth16Curve(), zkey);
    // The curve is looked up per proof: releaseCurve() may have replaced it since.
    return { path: 'wasm', prove: async (wtns) => proveGroth16(await groth16Curve(), prepared, wtns) };
  },
  snarkjs: async (zkey) => ({
    path: 'snarkjs',
    prove: async (wtns) => {
      const { proof, publicSignals } = await snarkjs.groth16.prove({ type: 'mem', data: zkey }, { type: 'mem', data: wtns });
      return { proof, publicSignals };
    },
  }),
};

/** Preference order of `auto`: the first path listed is used. */
const AUTO_ORDER: readonly Exclude<ProvingPath, 'auto'>[] = ['wasm', 'snarkjs'];

/** Checks a path option. @throws {InputError} naming `field` */
export function checkProvingPath(path: unknown, field = 'path'): ProvingPath {
  if (typeof path !== 'string' || !(PROVING_PATHS as readonly string[]).includes(path)) {
    throw new InputError(field, `expected one of ${PROVING_PATHS.join(', ')}`);
  }
  return path as ProvingPath;
}

/** An engine of the given path over a zkey (read once, kept for every proof). */
export function createEngine(path: ProvingPath, zkey: Uint8Array): Promise<Groth16Engine> {
  return ENGINES[path === 'auto' ? AUTO_ORDER[0]! : path](zkey);
}
