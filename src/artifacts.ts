/**
 * Loading the committed circuit artifacts (artifacts/<circuit>/) with their integrity checked:
 * every file's sha256 must equal the manifest's before it is used, so a corrupted or swapped
 * zkey or wasm is refused before it can produce or accept a proof. Verification keys are
 * identified by `vkeyHash` = sha256 of their canonical JSON, the value requests pin.
 * Node-only (reads files).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArtifactError } from './errors.js';
import { canonicalBytes } from './internal/canonical-json.js';
import { CIRCUIT_PARAMS } from './internal/circuit-input.js';
import type { AcceptedKey } from './request.js';

/** The package's artifacts directory. */
export const ARTIFACTS_DIR: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

export interface ArtifactManifest {
  circuit: string;
  nConstraints: number;
  nPublic: number;
  ptauPower: number;
  sourceSha256: string;
  files: Record<string, string>;
}

export interface CircuitArtifacts {
  circuit: string;
  manifest: ArtifactManifest;
  wasm: Uint8Array;
  zkey: Uint8Array;
  vkey: Record<string, unknown>;
  vkeyHash: string;
}

/** sha256 of a verification key's canonical JSON, hex. */
export function verificationKeyHash(vkey: unknown): string {
  return bytesToHex(sha256(canonicalBytes(vkey)));
}

function readChecked(dir: string, manifest: ArtifactManifest, file: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(join(dir, file));
  } catch {
    throw new ArtifactError(`${manifest.circuit}: cannot read ${file}`);
  }
  const expected = manifest.files[file];
  if (expected === undefined || bytesToHex(sha256(bytes)) !== expected) {
    throw new ArtifactError(`${manifest.circuit}: ${file} does not match the sha256 in manifest.json (refusing to use it)`);
  }
  return bytes;
}

function readManifest(circuit: string, dir: string): ArtifactManifest {
  if (CIRCUIT_PARAMS[circuit] === undefined) throw new ArtifactError(`unknown circuit "${circuit.slice(0, 64)}"`);
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ArtifactManifest;
    if (manifest.circuit !== circuit) throw new Error('names another circuit');
    return manifest;
  } catch (err) {
    throw new ArtifactError(`${circuit}: unreadable manifest.json (${err instanceof Error ? err.message : 'invalid'})`);
  }
}

/**
 * Reads a circuit's verification key, checked against its manifest.
 * @param options.artifactsDir root holding <circuit>/ (default: the package's artifacts)
 * @throws {ArtifactError} on a missing file or a hash mismatch
 */
export function loadVerificationKey(circuit: string, options: { artifactsDir?: string } = {}): { vkey: Record<string, unknown>; vkeyHash: string } {
  const dir = join(options.artifactsDir ?? ARTIFACTS_DIR, circuit);
  const manifest = readManifest(circuit, dir);
  const vkey = JSON.parse(new TextDecoder().decode(readChecked(dir, manifest, 'verification_key.json'))) as Record<string, unknown>;
  return { vkey, vkeyHash: verificationKeyHash(vkey) };
}

/** Reads everything a prover needs, each file checked against the manifest. */
export function loadArtifacts(circuit: string, options: { artifactsDir?: string } = {}): CircuitArtifacts {
  const dir = join(options.artifactsDir ?? ARTIFACTS_DIR, circuit);
  const manifest = readManifest(circuit, dir);
  const { vkey, vkeyHash } = loadVerificationKey(circuit, options);
  return { circuit, manifest, wasm: readChecked(dir, manifest, 'circuit.wasm'), zkey: readChecked(dir, manifest, 'circuit.zkey'), vkey, vkeyHash };
}

/** The shipped circuits with their verification-key hashes: what a request accepts by default. */
export function defaultAcceptedKeys(options: { artifactsDir?: string } = {}): AcceptedKey[] {
  return Object.keys(CIRCUIT_PARAMS).map((circuit) => ({ circuit, vkeyHash: loadVerificationKey(circuit, options).vkeyHash }));
}
