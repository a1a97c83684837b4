/**
 * Loading circuit artifacts over HTTP(S) for browsers: `<baseUrl>/<circuit>/manifest.json`,
 * then circuit.wasm, circuit.zkey and verification_key.json, each checked against the
 * manifest's sha256 before use. The manifest itself is trusted only as far as its verification
 * key is pinned: by default to the hash compiled into this package for each shipped circuit
 * (shipped-keys.ts), or to the hashes the caller passes (keys from its own ceremony), so a
 * server that swaps the whole set is refused. `zkdisclose artifacts copy DIR` writes the
 * directory these functions read.
 */
import { type ArtifactLoader, type ArtifactManifest, assertArtifactHash, checkedArtifacts, parseManifest, verificationKeyHash } from './artifact-integrity.js';
import { ArtifactError } from './errors.js';
import type { AcceptedKey } from './request.js';
import { SHIPPED_VKEY_HASHES, shippedAcceptedKeys } from './shipped-keys.js';

async function fetchBytes(url: string, circuit: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new ArtifactError(`${circuit}: cannot fetch ${url}`);
  }
  if (!response.ok) throw new ArtifactError(`${circuit}: ${url} answered HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function circuitUrl(baseUrl: string, circuit: string): (file: string) => string {
  const base = baseUrl.replace(/\/+$/, '');
  return (file) => `${base}/${encodeURIComponent(circuit)}/${file}`;
}

async function fetchManifest(url: (file: string) => string, circuit: string): Promise<ArtifactManifest> {
  return parseManifest(circuit, new TextDecoder().decode(await fetchBytes(url('manifest.json'), circuit)));
}

function assertPinned(circuit: string, vkeyHash: string, expected: string | undefined): void {
  if (expected !== undefined && expected !== vkeyHash) throw new ArtifactError(`${circuit}: verification key hash ${vkeyHash} is not the expected ${expected}`);
}

/**
 * The prover's loader in a browser.
 * @param options.baseUrl URL of the artifacts directory (holding <circuit>/)
 * @param options.expectedVkeyHashes circuit -> vkeyHash the loaded key must have (default: the
 *   shipped keys' hashes, SHIPPED_VKEY_HASHES; a circuit missing from a map you pass is not pinned)
 * @throws {ArtifactError} (from the loader) on a fetch failure, a file that does not match its
 *   manifest, or a verification key that is not the pinned one
 */
export function fetchArtifactLoader(options: { baseUrl: string; expectedVkeyHashes?: Readonly<Record<string, string>> }): ArtifactLoader {
  const pins = options.expectedVkeyHashes ?? SHIPPED_VKEY_HASHES;
  return async (circuit) => {
    const url = circuitUrl(options.baseUrl, circuit);
    const manifest = await fetchManifest(url, circuit);
    const [wasm, zkey, vkey] = await Promise.all([fetchBytes(url('circuit.wasm'), circuit), fetchBytes(url('circuit.zkey'), circuit), fetchBytes(url('verification_key.json'), circuit)]);
    const artifacts = checkedArtifacts(circuit, manifest, { wasm, zkey, vkey });
    assertPinned(circuit, artifacts.vkeyHash, Object.hasOwn(pins, circuit) ? pins[circuit] : undefined);
    return artifacts;
  };
}

/**
 * A verifier's keys in a browser: fetches each accepted circuit's verification key (with its
 * manifest, not the wasm or zkey), checks it against the manifest's sha256 and against the
 * accepted key's hash, and returns what verifyPresentation takes as `verificationKeys`.
 * @param options.baseUrl URL of the artifacts directory (holding <circuit>/)
 * @param options.acceptedKeys the keys your requests accept (default: shippedAcceptedKeys())
 * @returns circuit -> verification key
 * @throws {ArtifactError} on a fetch failure, a hash mismatch or a key that is not the accepted one
 * @example
 * const verificationKeys = await fetchVerificationKeys({ baseUrl: '/artifacts', acceptedKeys });
 * await verifyPresentation(presentation, request, { verificationKeys, rootViews });
 */
export async function fetchVerificationKeys(options: { baseUrl: string; acceptedKeys?: readonly AcceptedKey[] }): Promise<Record<string, Record<string, unknown>>> {
  const accepted = options.acceptedKeys ?? shippedAcceptedKeys();
  const entries = await Promise.all(accepted.map(async ({ circuit, vkeyHash }) => {
    const url = circuitUrl(options.baseUrl, circuit);
    const [manifest, bytes] = await Promise.all([fetchManifest(url, circuit), fetchBytes(url('verification_key.json'), circuit)]);
    const vkey = JSON.parse(new TextDecoder().decode(assertArtifactHash(manifest, 'verification_key.json', bytes))) as Record<string, unknown>;
    assertPinned(circuit, verificationKeyHash(vkey), vkeyHash);
    return [circuit, vkey] as const;
  }));
  return Object.fromEntries(entries);
}
