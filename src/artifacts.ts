/**
 * Loading the committed circuit artifacts (artifacts/<circuit>/) from disk, each file checked
 * against manifest.json before use (artifact-integrity.ts). Node-only; browsers use
 * fetchArtifactLoader (artifacts-fetch.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ArtifactLoader, type CircuitArtifacts, assertArtifactHash, checkedArtifacts, parseManifest, verificationKeyHash,
} from './artifact-integrity.js';
import { ArtifactError } from './errors.js';
import { CIRCUIT_PARAMS } from './internal/circuit-input.js';
import { Prover } from './prover.js';
import { type ProverPath, nativeBackend, resolveProverPath } from './proving/native-prover.js';
import type { ProvingPath } from './proving/paths.js';
import type { AcceptedKey } from './request.js';

/** The package's artifacts directory. */
export const ARTIFACTS_DIR: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

function read(dir: string, circuit: string, file: string): Uint8Array {
  try {
    return readFileSync(join(dir, file));
  } catch {
    throw new ArtifactError(`${circuit}: cannot read ${file}`);
  }
}

function manifestOf(circuit: string, dir: string) {
  return parseManifest(circuit, new TextDecoder().decode(read(dir, circuit, 'manifest.json')));
}

/**
 * Reads a circuit's verification key, checked against its manifest.
 * @param options.artifactsDir root holding <circuit>/ (default: the package's artifacts)
 * @throws {ArtifactError} on a missing file or a hash mismatch
 */
export function loadVerificationKey(circuit: string, options: { artifactsDir?: string } = {}): { vkey: Record<string, unknown>; vkeyHash: string } {
  const dir = join(options.artifactsDir ?? ARTIFACTS_DIR, circuit);
  const bytes = assertArtifactHash(manifestOf(circuit, dir), 'verification_key.json', read(dir, circuit, 'verification_key.json'));
  const vkey = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  return { vkey, vkeyHash: verificationKeyHash(vkey) };
}

/** Reads everything a prover needs, each file checked against the manifest. */
export function loadArtifacts(circuit: string, options: { artifactsDir?: string } = {}): CircuitArtifacts {
  const dir = join(options.artifactsDir ?? ARTIFACTS_DIR, circuit);
  return checkedArtifacts(circuit, manifestOf(circuit, dir), {
    wasm: read(dir, circuit, 'circuit.wasm'),
    zkey: read(dir, circuit, 'circuit.zkey'),
    vkey: read(dir, circuit, 'verification_key.json'),
  });
}

/** An ArtifactLoader over a directory of artifacts (default: the package's). */
export function fileArtifactLoader(options: { artifactsDir?: string } = {}): ArtifactLoader {
  return async (circuit) => loadArtifacts(circuit, options);
}

/**
 * A Prover over files (default: the package's artifacts).
 * @param options.path `auto` (default): the native addon when built, else our wasm prover;
 *   `native`, `wasm` or `snarkjs` force one (src/proving/native-prover.ts, src/proving/paths.ts)
 * @throws {ZkdError} UNSUPPORTED when `native` is forced and the addon is not built
 */
export function createProver(options: { artifactsDir?: string; path?: ProverPath } = {}): Prover {
  const resolved = resolveProverPath(options.path);
  const backend = nativeBackend(resolved);
  return new Prover({ loader: fileArtifactLoader(options), ...(backend !== undefined ? { backend } : { path: resolved as ProvingPath }) });
}

/** The shipped circuits with their verification-key hashes: what a request accepts by default. */
export function defaultAcceptedKeys(options: { artifactsDir?: string } = {}): AcceptedKey[] {
  return Object.keys(CIRCUIT_PARAMS).map((circuit) => ({ circuit, vkeyHash: loadVerificationKey(circuit, options).vkeyHash }));
}

/** The shipped circuits' verification keys, by circuit name, each checked against its manifest. */
export function shippedVerificationKeys(options: { artifactsDir?: string } = {}): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.keys(CIRCUIT_PARAMS).map((circuit) => [circuit, loadVerificationKey(circuit, options).vkey]));
}
