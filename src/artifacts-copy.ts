/**
 * Copies the circuit artifacts a browser needs out of the package, for a web server or a
 * bundler's public directory: per circuit exactly manifest.json, circuit.wasm, circuit.zkey and
 * verification_key.json (never the .r1cs or anything else), the layout fetchArtifactLoader and
 * fetchVerificationKeys read (`<dir>/<circuit>/<file>`). Every file is checked against its
 * manifest, and the package's own verification keys against the hashes compiled into the code
 * (shipped-keys.ts), before anything is written; each file is written to a temporary name and
 * renamed into place. Node-only; `zkdisclose artifacts copy DIR` runs it.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertArtifactHash, parseManifest, verificationKeyHash } from './artifact-integrity.js';
import { ARTIFACTS_DIR } from './artifacts.js';
import { ArtifactError, InputError } from './errors.js';
import { writeFileAtomic } from './files.js';
import { CIRCUIT_PARAMS } from './internal/circuit-input.js';
import { SHIPPED_VKEY_HASHES } from './shipped-keys.js';

/** What a browser fetches per circuit, in fetch order. */
export const BROWSER_ARTIFACT_FILES: readonly string[] = Object.freeze(['manifest.json', 'circuit.wasm', 'circuit.zkey', 'verification_key.json']);

/**
 * @param options.to destination directory (created if missing)
 * @param options.circuits which circuits (default: every shipped circuit); the wallet proves
 *   with the smallest circuit a request accepts that fits it, so copy those your requests accept
 * @param options.artifactsDir where to copy from (default: the package's artifacts)
 * @returns the files written, relative to `to`, and their total size in bytes
 * @throws {InputError} on an unknown circuit; {ArtifactError} on a missing or altered file
 * @example
 * copyArtifacts({ to: 'public/artifacts', circuits: ['presentation-16-1-1-20'] });
 */
export function copyArtifacts(options: { to: string; circuits?: readonly string[]; artifactsDir?: string }): { files: string[]; bytes: number } {
  const circuits = options.circuits ?? Object.keys(CIRCUIT_PARAMS);
  circuits.forEach((circuit, i) => {
    if (!Object.hasOwn(CIRCUIT_PARAMS, circuit)) throw new InputError(`circuits[${i}]`, `unknown circuit "${String(circuit).slice(0, 64)}" (shipped: ${Object.keys(CIRCUIT_PARAMS).join(', ')})`);
  });
  const from = options.artifactsDir ?? ARTIFACTS_DIR;
  const fromPackage = resolve(from) === resolve(ARTIFACTS_DIR);
  // Check everything before writing anything, so a bad file leaves no partial copy.
  const checked = circuits.map((circuit) => {
    const read = (file: string): Uint8Array => {
      try {
        return readFileSync(join(from, circuit, file));
      } catch {
        throw new ArtifactError(`${circuit}: cannot read ${file} in ${from}`);
      }
    };
    const contents: Record<string, Uint8Array> = Object.fromEntries(BROWSER_ARTIFACT_FILES.map((file) => [file, read(file)]));
    const manifest = parseManifest(circuit, new TextDecoder().decode(contents['manifest.json']));
    for (const file of BROWSER_ARTIFACT_FILES.slice(1)) assertArtifactHash(manifest, file, contents[file]!);
    const vkeyHash = verificationKeyHash(JSON.parse(new TextDecoder().decode(contents['verification_key.json'])));
    if (fromPackage && vkeyHash !== SHIPPED_VKEY_HASHES[circuit]) {
      throw new ArtifactError(`${circuit}: verification key hash ${vkeyHash} is not the shipped ${SHIPPED_VKEY_HASHES[circuit]}`);
    }
    return { circuit, contents };
  });
  const files: string[] = [];
  let bytes = 0;
  for (const { circuit, contents } of checked) {
    mkdirSync(join(options.to, circuit), { recursive: true });
    for (const file of BROWSER_ARTIFACT_FILES) {
      writeFileAtomic(join(options.to, circuit, file), contents[file]!);
      files.push(`${circuit}/${file}`);
      bytes += contents[file]!.byteLength;
    }
  }
  return { files, bytes };
}
