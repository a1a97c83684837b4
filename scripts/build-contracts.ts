/**
 * `npm run build:contracts`: compiles contracts/ (scripts/contracts.ts) and writes the
 * deployable contracts, RootRegistry and PresentationGate (its verifier inherited), to
 * contracts/compiled/<name>.json with their ABI, creation bytecode, compiler and the sha256 of the
 * sources they came from. Committed and shipped, so that deploying needs no compiler;
 * test/onchain/contracts-build.test.ts checks that they match a fresh compile. Node-only.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTRACTS_DIR, type CompiledContract, compileContracts } from './contracts.js';

export const DEPLOYABLE = ['RootRegistry', 'PresentationGate'] as const;
export const CONTRACTS_BUILD_DIR: string = join(CONTRACTS_DIR, 'compiled');

/** sha256 over every .sol file under contracts/ (sorted paths, "path\0source\0"). */
function sourcesSha256(dir = CONTRACTS_DIR, hash = createHash('sha256')): string {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.sol')) files.push(join(d, e.name));
    }
  };
  walk(dir);
  for (const f of files.sort()) hash.update(relative(CONTRACTS_DIR, f)).update('\0').update(readFileSync(f, 'utf8')).update('\0');
  return hash.digest('hex');
}

/** The build file of one deployable contract, as JSON text. */
export function contractBuild(name: string, compiled: CompiledContract): string {
  const version = (createRequire(import.meta.url)('solc') as { version(): string }).version();
  return `${JSON.stringify({ contract: name, compiler: `solc ${version}`, sourcesSha256: sourcesSha256(), abi: compiled.abi, bytecode: compiled.bytecode }, null, 1)}\n`;
}

function main(): void {
  const compiled = compileContracts();
  mkdirSync(CONTRACTS_BUILD_DIR, { recursive: true });
  for (const name of DEPLOYABLE) {
    writeFileSync(join(CONTRACTS_BUILD_DIR, `${name}.json`), contractBuild(name, compiled[name]!));
    process.stdout.write(`[build:contracts] contracts/compiled/${name}.json\n`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
