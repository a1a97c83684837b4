/**
 * Semaphore v4 as a benchmark peer: its circuit from `@semaphore-protocol/circuits` compiled
 * here with our circom2 at --O2, a Groth16 development setup (single party, no contribution) on
 * our local powers of tau, and real inputs from `@semaphore-protocol/identity` and
 * `@semaphore-protocol/group`. Proved and verified with the same snarkjs as our circuits, by
 * bench/peers/semaphore-proof.ts (shared with the Chromium page, which gets the input from here).
 *
 * Artifacts are cached under .cache/peers/semaphore-d<depth>-<hash>/ (git-ignored), keyed by
 * the hash of the sources, the depth and the circom version, so a second run skips the build.
 * circom2 runs under WASI and does not follow symlinks out of its folder, so the Semaphore,
 * zk-kit and circomlib sources are copied into one folder first (DESIGN.md section 13).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Group } from '@semaphore-protocol/group';
import { Identity } from '@semaphore-protocol/identity';
import * as snarkjs from 'snarkjs';
import { circomVersion, compileCircuit } from '../../scripts/compile.js';
import { ROOT } from '../../scripts/circuit-registry.js';
import { preparedPtau, ptauPowerFor } from '../../scripts/ptau.js';
import { existingPtau } from '../systems.js';
import { progress } from '../machine.js';
import { type Groth16Output, type SemaphoreJob, semaphoreProofSystem } from './semaphore-proof.js';
import type { PeerSystem } from './system.js';

const require = createRequire(import.meta.url);
export const PEERS_CACHE = join(ROOT, '.cache', 'peers');

/** The Semaphore, zk-kit and circomlib sources the circuit includes. */
function sourceDirs(): string[] {
  return [
    join(dirname(require.resolve('@semaphore-protocol/circuits/package.json')), 'src'),
    join(dirname(require.resolve('@zk-kit/binary-merkle-root.circom/package.json')), 'src'),
    join(dirname(require.resolve('circomlib/package.json')), 'circuits'),
  ];
}

function versionOf(pkg: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
}

export interface SemaphoreArtifacts {
  depth: number;
  dir: string;
  wasm: string;
  zkey: string;
  vkey: Record<string, unknown>;
  constraints: number;
  /** Groth16 domain power and the ptau used. */
  power: number;
  ptau: string;
  /** Compile and setup time of this run, or null when the cache had them. */
  buildMs: number | null;
  circuitsVersion: string;
}

/** Compiles and sets up Semaphore(depth), or returns the cached build. */
export async function semaphoreArtifacts(depth: number): Promise<SemaphoreArtifacts> {
  const circom = await circomVersion();
  const circuitsVersion = versionOf('@semaphore-protocol/circuits');
  const hash = createHash('sha256').update(`${depth}|${circom}|${circuitsVersion}|`);
  for (const dir of sourceDirs()) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.circom')).sort()) hash.update(f).update(readFileSync(join(dir, f)));
  }
  const dir = join(PEERS_CACHE, `semaphore-d${depth}-${hash.digest('hex').slice(0, 12)}`);
  const meta = join(dir, 'build.json');
  if (existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as Omit<SemaphoreArtifacts, 'vkey' | 'buildMs'>;
    // The files' paths from where the cache is now (a moved or copied checkout), not as recorded.
    return {
      ...m, dir, wasm: join(dir, 'semaphore.wasm'), zkey: join(dir, 'semaphore.zkey'),
      vkey: JSON.parse(readFileSync(join(dir, 'vkey.json'), 'utf8')) as Record<string, unknown>, buildMs: null,
    };
  }
  const t0 = performance.now();
  const work = `${dir}.work-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  const src = join(work, 'src');
  mkdirSync(src, { recursive: true });
  for (const d of sourceDirs()) cpSync(d, src, { recursive: true, dereference: true });
  progress('peers', `Semaphore: compiling depth ${depth} with circom ${circom} --O2`);
  const main = `pragma circom 2.1.5;\ninclude "semaphore.circom";\ncomponent main {public [message, scope]} = Semaphore(${depth});\n`;
  const compiled = await compileCircuit(`semaphore${depth}`, main, src, '--O2');
  const info = await snarkjs.r1cs.info(compiled.r1cs);
  const power = ptauPowerFor(info.nConstraints + info.nPubInputs + info.nOutputs + 1);
  // A larger prepared ptau serves a smaller circuit; a local ceremony only when none is on disk.
  const ptau = existingPtau(power) ?? await preparedPtau(power, (line) => progress('peers', line));
  progress('peers', `Semaphore: Groth16 development setup (2^${power}, ${info.nConstraints} constraints)`);
  const zkey = join(work, 'semaphore.zkey');
  await snarkjs.zKey.newZKey(compiled.r1cs, ptau.path, zkey);
  const vkey = (await snarkjs.zKey.exportVerificationKey(zkey)) as Record<string, unknown>;
  const wasm = join(work, 'semaphore.wasm');
  cpSync(compiled.wasm, wasm);
  writeFileSync(join(work, 'vkey.json'), JSON.stringify(vkey));
  rmSync(src, { recursive: true, force: true });
  const built = { depth, dir, wasm: join(dir, 'semaphore.wasm'), zkey: join(dir, 'semaphore.zkey'), constraints: info.nConstraints, power, ptau: ptau.path, circuitsVersion };
  writeFileSync(join(work, 'build.json'), JSON.stringify(built));
  // Moved into place only when complete, so a stopped build never leaves a partial cache.
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  return { ...built, vkey, buildMs: performance.now() - t0 };
}

/**
 * The Semaphore job: one identity among `members` in a group, proving membership and a
 * nullifier for a scope; the input is built here, in Node, with Semaphore's packages.
 */
export async function semaphoreJob(depth: number, members = 8): Promise<{ job: SemaphoreJob; art: SemaphoreArtifacts }> {
  const art = await semaphoreArtifacts(depth);
  const identities = Array.from({ length: members }, (_, i) => new Identity(`zkdisclose bench member ${i}`));
  const group = new Group(identities.map((id) => id.commitment));
  const me = members - 1;
  const proof = group.generateMerkleProof(me);
  if (proof.siblings.length > depth) throw new Error(`group of ${members} needs depth ${proof.siblings.length} > ${depth}`);
  // As Semaphore's generateProof builds it: the siblings padded with zeros to the circuit's depth.
  const input = {
    secret: identities[me]!.secretScalar.toString(),
    merkleProofLength: proof.siblings.length,
    merkleProofIndex: proof.index,
    merkleProofSiblings: [...proof.siblings, ...Array<bigint>(depth - proof.siblings.length).fill(0n)].map(String),
    message: '42',
    scope: '20261203',
  };
  const job: SemaphoreJob = {
    depth, members, constraints: art.constraints, power: art.power, artifactBytes: statSync(art.zkey).size + statSync(art.wasm).size,
    setupMs: art.buildMs, vkey: art.vkey, input, root: group.root.toString(),
  };
  return { job, art };
}

/** The Semaphore peer in Node, with the zkey and the witness calculator held in memory. */
export async function semaphoreSystem(depth: number, members = 8): Promise<PeerSystem<Groth16Output>> {
  const { job, art } = await semaphoreJob(depth, members);
  return semaphoreProofSystem(job, readFileSync(art.wasm), readFileSync(art.zkey), 'node');
}
