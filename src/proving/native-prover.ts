/**
 * The prover path option in Node: `native` proves with the native addon (built by
 * `npm run build:native`), `wasm` with our wasm prover, `snarkjs` with snarkjs, and `auto` (the
 * default) with the addon when it is built and loads on this platform, else with our wasm prover
 * (proving/paths.ts). Every path gives the same proof format, public signals and verification
 * keys. `nativeBackend(path)` is the `backend` a Prover takes (undefined when the path is not
 * native); each circuit's zkey is parsed by the addon once, after its sha256 is checked against
 * the manifest.
 */
import type { CircuitArtifacts } from '../artifact-integrity.js';
import { InputError, ZkdError } from '../errors.js';
import type { Groth16Backend } from '../prover.js';
import type { ProvingPath } from './paths.js';
import { nativeAddonStatus } from './native-addon.js';
import { NativeGroth16 } from './native-groth16.js';

export type ProverPath = ProvingPath | 'native';

export const PROVER_PATHS: readonly ProverPath[] = ['auto', 'native', 'wasm', 'snarkjs'];

/** The path `auto` resolves to here: `native` when the addon is built and loads, else `wasm`. */
export function resolveProverPath(path: ProverPath = 'auto'): Exclude<ProverPath, 'auto'> {
  if (!PROVER_PATHS.includes(path)) throw new InputError('path', `must be one of ${PROVER_PATHS.join(', ')}`);
  if (path !== 'auto') return path;
  return nativeAddonStatus().available ? 'native' : 'wasm';
}

/**
 * The Prover backend for a path: undefined unless it resolves to `native`.
 * @throws {ZkdError} UNSUPPORTED when `native` is asked for and the addon is not available
 */
export function nativeBackend(path: ProverPath = 'auto'): Groth16Backend | undefined {
  if (resolveProverPath(path) !== 'native') return undefined;
  const status = nativeAddonStatus();
  if (!status.available) throw new ZkdError('UNSUPPORTED', `native prover unavailable: ${status.reason}`);
  const provers = new WeakMap<CircuitArtifacts, NativeGroth16>();
  return async (artifacts, wtns) => {
    let prover = provers.get(artifacts);
    if (prover === undefined) {
      prover = NativeGroth16.load(artifacts.manifest, artifacts.zkey);
      provers.set(artifacts, prover);
    }
    return prover.prove(wtns);
  };
}
