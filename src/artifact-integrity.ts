/**
 * Artifact integrity, independent of where the bytes come from (files in Node, fetch in a
 * browser): each file's sha256 must equal the manifest's before the file is used, and a
 * verification key is identified by `vkeyHash` = sha256 of its canonical JSON, the value
 * requests pin.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { ArtifactError } from './errors.js';
import { canonicalBytes } from './internal/canonical-json.js';
import { circuitParams } from './internal/circuit-input.js';
import { ONCHAIN_CIRCUIT } from './onchain/circuit-input.js';

export interface ArtifactManifest {
  circuit: string;
  nConstraints: number;
  nPublic: number;
  ptauPower: number;
  sourceSha256: string;
  files: Record<string, string>;
}

/** Everything a prover needs for one circuit, already checked. */
export interface CircuitArtifacts {
  circuit: string;
  manifest: ArtifactManifest;
  wasm: Uint8Array;
  zkey: Uint8Array;
  vkey: Record<string, unknown>;
  vkeyHash: string;
}

/** Where a prover gets a circuit's artifacts (file loader in Node, fetch loader in browsers). */
export type ArtifactLoader = (circuit: string) => Promise<CircuitArtifacts>;

/** sha256 of a verification key's canonical JSON, hex. */
export function verificationKeyHash(vkey: unknown): string {
  return bytesToHex(sha256(canonicalBytes(vkey)));
}

/** Returns `bytes` when their sha256 equals the manifest's entry for `file`. @throws {ArtifactError} */
export function assertArtifactHash(manifest: ArtifactManifest, file: string, bytes: Uint8Array): Uint8Array {
  const expected = manifest.files[file];
  if (expected === undefined || bytesToHex(sha256(bytes)) !== expected) {
    throw new ArtifactError(`${manifest.circuit}: ${file} does not match the sha256 in manifest.json (refusing to use it)`);
  }
  return bytes;
}

/** Circuits whose artifacts ship: the Presentation circuits and the on-chain variant. */
const isShippedCircuit = (circuit: string): boolean => circuitParams(circuit) !== undefined || circuit === ONCHAIN_CIRCUIT;

/** Parses a manifest and checks that it names the expected, known circuit. @throws {ArtifactError} */
export function parseManifest(circuit: string, text: string): ArtifactManifest {
  if (!isShippedCircuit(circuit)) throw new ArtifactError(`unknown circuit "${circuit.slice(0, 64)}"`);
  let manifest: ArtifactManifest;
  try {
    manifest = JSON.parse(text) as ArtifactManifest;
  } catch {
    throw new ArtifactError(`${circuit}: manifest.json is not JSON`);
  }
  if (manifest === null || typeof manifest !== 'object' || manifest.circuit !== circuit || typeof manifest.files !== 'object') {
    throw new ArtifactError(`${circuit}: manifest.json does not describe this circuit`);
  }
  return manifest;
}

/** Assembles checked artifacts from raw file contents. @throws {ArtifactError} */
export function checkedArtifacts(circuit: string, manifest: ArtifactManifest, files: { wasm: Uint8Array; zkey: Uint8Array; vkey: Uint8Array }): CircuitArtifacts {
  const vkey = JSON.parse(new TextDecoder().decode(assertArtifactHash(manifest, 'verification_key.json', files.vkey))) as Record<string, unknown>;
  return {
    circuit,
    manifest,
    wasm: assertArtifactHash(manifest, 'circuit.wasm', files.wasm),
    zkey: assertArtifactHash(manifest, 'circuit.zkey', files.zkey),
    vkey,
    vkeyHash: verificationKeyHash(vkey),
  };
}
