/**
 * `npm run build:circuits [name ...]`: compiles each circuit of circuits.json at --O2, runs a
 * Groth16 development setup (one random contribution and a beacon, on a prepared ptau from
 * scripts/ptau.ts), and writes artifacts/<name>/ with circuit.wasm, circuit.r1cs, circuit.zkey,
 * verification_key.json and manifest.json. Each artifact directory is written to a temporary
 * sibling and renamed into place, so an interrupted build leaves the previous artifacts intact.
 * Node-only.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { ARTIFACTS_DIR, BUILD_DIR, circuitSourceHash, loadRegistry, mainSource, sha256File } from './circuit-registry.js';
import { circomVersion, compileCircuit } from './compile.js';
import { preparedPtau, ptauPowerFor } from './ptau.js';

const ARTIFACT_FILES = ['circuit.wasm', 'circuit.r1cs', 'circuit.zkey', 'verification_key.json'] as const;

function log(line: string): void {
  process.stdout.write(`[build:circuits] ${line}\n`);
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

async function buildOne(name: string): Promise<void> {
  const entry = loadRegistry()[name];
  if (entry === undefined) throw new Error(`unknown circuit "${name}" (see circuits.json)`);
  const started = Date.now();

  log(`${name}: compiling ${entry.template}(${entry.params.join(', ')}) with circom2 --O2`);
  const compiled = await compileCircuit(name, mainSource(entry), join(BUILD_DIR, name));
  const info = await snarkjs.r1cs.info(compiled.r1cs);
  const nPublic = info.nOutputs + info.nPubInputs;
  const domainPower = ptauPowerFor(info.nConstraints + nPublic + 1);
  log(`${name}: ${info.nConstraints} constraints, ${nPublic} public signals, domain 2^${domainPower}`);

  const ptau = await preparedPtau(domainPower, (l) => log(l));
  log(`${name}: ptau 2^${ptau.power} from ${ptau.origin} (${ptau.path})`);

  const tmp = join(ARTIFACTS_DIR, `.${name}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const zkey0 = join(BUILD_DIR, name, `${name}_0.zkey`);
  const zkey1 = join(BUILD_DIR, name, `${name}_1.zkey`);
  log(`${name}: groth16 setup`);
  await snarkjs.zKey.newZKey(compiled.r1cs, ptau.path, zkey0);
  log(`${name}: contribution with OS entropy`);
  const contributionHash = await snarkjs.zKey.contribute(zkey0, zkey1, 'zkdisclose dev contribution', randomBytes(64).toString('hex'));
  const beaconHash = randomBytes(32).toString('hex');
  log(`${name}: beacon ${beaconHash}`);
  const finalHash = await snarkjs.zKey.beacon(zkey1, join(tmp, 'circuit.zkey'), 'zkdisclose dev beacon', beaconHash, 10);
  const vkey = await snarkjs.zKey.exportVerificationKey(join(tmp, 'circuit.zkey'));
  writeFileSync(join(tmp, 'verification_key.json'), `${JSON.stringify(vkey, null, 1)}\n`);
  copyFileSync(compiled.wasm, join(tmp, 'circuit.wasm'));
  copyFileSync(compiled.r1cs, join(tmp, 'circuit.r1cs'));

  const manifest = {
    circuit: name,
    template: entry.template,
    params: entry.params,
    circomVersion: await circomVersion(),
    optimisation: '--O2',
    sourceSha256: circuitSourceHash(entry.file),
    nConstraints: info.nConstraints,
    nPublic,
    nOutputs: info.nOutputs,
    nPublicInputs: info.nPubInputs,
    domainPower,
    ptauPower: ptau.power,
    ptauOrigin: ptau.origin === 'generated' ? 'local single-party ceremony' : `prepared single-party file (${ptau.origin})`,
    ptauSha256: sha256File(ptau.path),
    ceremony: {
      kind: 'single-party development setup: not for production',
      contributions: [
        { name: 'zkdisclose dev contribution', hash: hex(contributionHash) },
        { name: 'zkdisclose dev beacon', beacon: beaconHash, iterationsExp: 10, hash: hex(finalHash) },
      ],
    },
    files: Object.fromEntries(ARTIFACT_FILES.map((f) => [f, sha256File(join(tmp, f))])),
  };
  writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const target = join(ARTIFACTS_DIR, name);
  rmSync(target, { recursive: true, force: true });
  renameSync(tmp, target);
  log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  for (const name of names.length > 0 ? names : Object.keys(loadRegistry())) await buildOne(name);
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
}

main().catch((err: unknown) => {
  process.stderr.write(`[build:circuits] failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
