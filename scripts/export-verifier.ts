/**
 * `npm run export:verifiers [circuit ...]`: writes contracts/verifiers/<contract>.sol for each
 * committed artifact directory (default: every circuit of circuits.json), from its
 * verification_key.json through our template (scripts/solidity-verifier.ts), with the zkey's and
 * the key's sha256 in the header. Review the diff before committing: the contracts are
 * committed next to the keys they embed. Node-only.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTIFACTS_DIR, ROOT, loadRegistry, sha256File } from './circuit-registry.js';
import { type VerificationKeyJson, type VerifierSource, solidityVerifier } from './solidity-verifier.js';

export const VERIFIERS_DIR: string = join(ROOT, 'contracts', 'verifiers');

/** The verifier contract the committed artifacts of `circuit` call for. */
export function verifierFromArtifacts(circuit: string): VerifierSource {
  const dir = join(ARTIFACTS_DIR, circuit);
  const vkey = JSON.parse(readFileSync(join(dir, 'verification_key.json'), 'utf8')) as VerificationKeyJson;
  return solidityVerifier(circuit, vkey, { zkey: sha256File(join(dir, 'circuit.zkey')), vkey: sha256File(join(dir, 'verification_key.json')) });
}

function main(): void {
  const names = process.argv.slice(2);
  mkdirSync(VERIFIERS_DIR, { recursive: true });
  for (const circuit of names.length > 0 ? names : Object.keys(loadRegistry())) {
    const { contractName, source } = verifierFromArtifacts(circuit);
    writeFileSync(join(VERIFIERS_DIR, `${contractName}.sol`), source);
    process.stdout.write(`[export:verifiers] ${circuit}: contracts/verifiers/${contractName}.sol\n`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
