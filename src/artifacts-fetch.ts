/**
 * Loading circuit artifacts over HTTP(S) for browsers: `<baseUrl>/<circuit>/manifest.json`,
 * then circuit.wasm, circuit.zkey and verification_key.json, each checked against the
 * manifest's sha256 before use. The manifest itself is trusted only as far as the caller pins
 * it: pass `expectedVkeyHashes` (from the verifier's request) to refuse a swapped key set.
 */
import { type ArtifactLoader, checkedArtifacts, parseManifest } from './artifact-integrity.js';
import { ArtifactError } from './errors.js';

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

/**
 * @param options.baseUrl URL of the artifacts directory (holding <circuit>/)
 * @param options.expectedVkeyHashes circuit -> vkeyHash the loaded key must have
 */
export function fetchArtifactLoader(options: { baseUrl: string; expectedVkeyHashes?: Record<string, string> }): ArtifactLoader {
  const base = options.baseUrl.replace(/\/+$/, '');
  return async (circuit) => {
    const url = (file: string): string => `${base}/${encodeURIComponent(circuit)}/${file}`;
    const manifest = parseManifest(circuit, new TextDecoder().decode(await fetchBytes(url('manifest.json'), circuit)));
    const [wasm, zkey, vkey] = await Promise.all([
      fetchBytes(url('circuit.wasm'), circuit), fetchBytes(url('circuit.zkey'), circuit), fetchBytes(url('verification_key.json'), circuit),
    ]);
    const artifacts = checkedArtifacts(circuit, manifest, { wasm, zkey, vkey });
    const expected = options.expectedVkeyHashes?.[circuit];
    if (expected !== undefined && expected !== artifacts.vkeyHash) throw new ArtifactError(`${circuit}: verification key hash ${artifacts.vkeyHash} is not the expected ${expected}`);
    return artifacts;
  };
}
