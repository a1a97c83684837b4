/**
 * Compiles contracts/ (every .sol file, verifiers included), or other sources (the bench's
 * snarkjs-generated verifiers), with the `solc` npm package (its bundled soljson: no compiler
 * download), optimiser on. The output is cached in the system temp directory under a key of the
 * compiler version, the settings and every source, so a test run compiles once however many
 * files (and worker processes) use it, and an edited source always recompiles.
 * Node-only (tests, bench, scripts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from './circuit-registry.js';

export const CONTRACTS_DIR: string = join(ROOT, 'contracts');
const OPTIMIZER_RUNS = 1000;
/** A compile lock older than this is a crashed compile's. */
const LOCK_STALE_MS = 5 * 60_000;

export interface CompiledContract {
  abi: unknown[];
  /** Creation bytecode, hex without 0x. */
  bytecode: string;
  /** Runtime bytecode, hex without 0x. */
  deployedBytecode: string;
}

interface Solc {
  version(): string;
  compile(input: string): string;
}

const solc = (): Solc => createRequire(import.meta.url)('solc') as Solc;

/** Every .sol file under contracts/, as paths relative to it. */
function solidityFiles(dir = CONTRACTS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return solidityFiles(path);
    return e.name.endsWith('.sol') ? [relative(CONTRACTS_DIR, path)] : [];
  }).sort();
}

function compileNow(sources: Record<string, { content: string }>, compiler: Solc): Record<string, CompiledContract> {
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const output = JSON.parse(compiler.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc: ${errors.map((e) => e.formattedMessage).join('\n')}`);
  const contracts: Record<string, CompiledContract> = {};
  for (const file of Object.values(output.contracts)) {
    for (const [name, c] of Object.entries(file)) {
      contracts[name] = { abi: c.abi, bytecode: c.evm.bytecode.object, deployedBytecode: c.evm.deployedBytecode.object };
    }
  }
  return contracts;
}

/** Compiled contracts by name for these sources (path → Solidity), cached by content. */
export function compileSources(sources: Record<string, string>): Record<string, CompiledContract> {
  const compiler = solc();
  const input = Object.fromEntries(Object.entries(sources).map(([path, content]) => [path, { content }]));
  const key = createHash('sha256')
    .update(JSON.stringify({ version: compiler.version(), runs: OPTIMIZER_RUNS, sources: input }))
    .digest('hex').slice(0, 24);
  const cacheDir = join(tmpdir(), 'zkdisclose-solc');
  const cached = join(cacheDir, `${key}.json`);
  mkdirSync(cacheDir, { recursive: true });
  const lock = `${cached}.lock`;
  // One compile per key across processes (test files run in parallel workers): the first takes
  // the lock, the others wait for its output; a lock older than LOCK_STALE_MS is taken over.
  for (;;) {
    if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as Record<string, CompiledContract>;
    try {
      mkdirSync(lock);
      break;
    } catch {
      const taken = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (taken !== undefined && Date.now() - taken > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    const contracts = compileNow(input, compiler);
    const partial = `${cached}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(contracts));
    renameSync(partial, cached);
    return contracts;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The contracts of contracts/ by name (cached; see the module comment). */
export function compileContracts(): Record<string, CompiledContract> {
  return compileSources(Object.fromEntries(solidityFiles().map((file) => [file, readFileSync(join(CONTRACTS_DIR, file), 'utf8')])));
}
