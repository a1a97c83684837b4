/**
 * Suite "proving": the proving path of each shipped circuit on a realistic input built through
 * the library (an issuer issues a person credential, a verifier makes a request, the wallet
 * answers it), measured in one process so that the ratios hold however loaded the machine is:
 *
 *   witness            circom_runtime witness calculator, wasm already compiled
 *   groth16.prove      snarkjs Groth16 prover, zkey and witness in memory
 *   Prover.prove       the library's prover: witness + Groth16, artifacts kept in memory
 *   createPresentation wallet.createPresentation: request parsing, registry check, Merkle path, proof
 *   verifyPresentation the verifier's full check (binding, root signature, vkey hash, pairing)
 *   groth16.verify     the pairing check alone
 *   fullProve (files)  the naive baseline: snarkjs.groth16.fullProve(input, wasmPath, zkeyPath)
 *
 * (Prover.prove and createPresentation use the Prover's default path, our wasm prover); then,
 * for every shipped circuit, the native, wasm and snarkjs paths side by side with their peak
 * memory (bench/proving-paths.ts),
 *
 * and a cold first proof in a fresh process (load artifacts from disk, prove once), with the
 * child's peak RSS, and the parent's peak RSS while each circuit is measured.
 *
 * This file is also the cold-proof child: `tsx bench/proving.ts --cold <ours|naive> <circuit> <input.json>`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WitnessCalculatorBuilder } from 'circom_runtime';
import * as snarkjs from 'snarkjs';
import {
  ARTIFACTS_DIR, Issuer, PERSON_SCHEMA, Prover, Wallet, createProver, createRequest, fileArtifactLoader, generateHolderKeys, generateIssuerKeys,
  loadArtifacts, loadVerificationKey, releaseCurve, verifyPresentation,
  type Predicate, type Presentation, type PresentationRequest, type RegistryExport, RootViews,
} from '../src/index.js';
import { resolveProverPath } from '../src/proving/native-prover.js';
import { type Measurement, RssSampler, collectChild, measure, ownPeakRssMiB, progress, round } from './machine.js';
import { OTHER_HOLDERS, issueOtherHolders } from './peers/ours-systems.js';
import type { Row } from './suite.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '..');
export const BENCH_BUILD = join(ROOT, 'build', 'bench');

/** The 27 EU member states, ISO 3166-1 alpha-2 (Greece as EL, the EU's own code). */
export const EU27 = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'EL', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];

export interface CircuitCase {
  circuit: string;
  label: string;
  predicates: Predicate[];
  disclose: string[];
}

export const SHIPPED_CASES: readonly CircuitCase[] = [
  {
    circuit: 'presentation-16-1-1-20',
    label: 'birthDate ageAtLeast 18',
    predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }],
    disclose: [],
  },
  {
    circuit: 'presentation-16-4-32-20',
    label: 'ageAtLeast 18 + nationality in EU27 + disclose givenName',
    predicates: [
      { attribute: 'birthDate', op: 'ageAtLeast', value: 18 },
      { attribute: 'nationality', op: 'in', values: EU27 },
    ],
    disclose: ['givenName'],
  },
];

/** A Prover that remembers the last circuit input the wallet asked it to prove. */
class RecordingProver extends Prover {
  lastInput: Record<string, unknown> | undefined;

  override async prove(name: string, input: Record<string, unknown>): ReturnType<Prover['prove']> {
    this.lastInput = input;
    return super.prove(name, input);
  }
}

/** The parties every case shares: one issuer (with a few other holders' credentials in its registry) and one wallet. */
export interface World {
  issuer: Issuer;
  wallet: Wallet;
  prover: RecordingProver;
  registries: RegistryExport[];
  /** The verifier's view of the issuer's roots. */
  rootViews: RootViews;
}

export interface Scenario {
  case: CircuitCase;
  world: World;
  request: PresentationRequest;
  verificationKeys: Record<string, Record<string, unknown>>;
  /** The snarkjs input the wallet built for the request. */
  input: Record<string, unknown>;
  /** The first presentation (it warmed the prover up), checked to verify. */
  presentation: Presentation;
}

/** Issues a person credential to the wallet's holder, among OTHER_HOLDERS others in the same registry. */
export function buildWorld(): World {
  const issuer = new Issuer({ keys: generateIssuerKeys() });
  issueOtherHolders(issuer);
  const holderKeys = generateHolderKeys();
  const prover = new RecordingProver({ loader: fileArtifactLoader() });
  const wallet = new Wallet({ holderSecret: holderKeys.secret, prover });
  wallet.accept(issuer.issue({
    schema: PERSON_SCHEMA,
    attributes: { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' },
    holder: holderKeys.commitment,
    validUntil: '2031-12-31',
  }));
  const registries = [issuer.exportRegistry()];
  const rootViews = new RootViews();
  rootViews.addExport(registries[0]!);
  return { issuer, wallet, prover, registries, rootViews };
}

/**
 * Makes the case's request (accepting only the case's circuit) and answers it once through
 * the wallet, recording the circuit input; checks that the presentation verifies.
 */
export async function buildScenario(world: World, c: CircuitCase): Promise<Scenario> {
  const { vkey, vkeyHash } = loadVerificationKey(c.circuit);
  const request = createRequest({
    schema: PERSON_SCHEMA,
    trustedIssuers: [world.issuer.did],
    disclose: c.disclose,
    predicates: c.predicates,
    acceptedKeys: [{ circuit: c.circuit, vkeyHash }],
    validForSeconds: 24 * 3600,
    maxRootAgeSeconds: 24 * 3600,
  });
  world.prover.lastInput = undefined;
  const presentation = await world.wallet.createPresentation({ request, registries: world.registries });
  if (presentation.zk?.circuit !== c.circuit) throw new Error(`wallet chose ${presentation.zk?.circuit ?? 'no SNARK'}, expected ${c.circuit}`);
  const verificationKeys = { [c.circuit]: vkey };
  const result = await verifyPresentation(presentation, request, { verificationKeys, rootViews: world.rootViews });
  if (!result.verified) throw new Error(`${c.circuit}: presentation does not verify: ${JSON.stringify(result.errors)}`);
  const input = world.prover.lastInput;
  if (input === undefined) throw new Error('the wallet did not call the prover');
  return { case: c, world, request, verificationKeys, input, presentation };
}

interface ColdResult {
  mode: 'ours' | 'naive';
  circuit: string;
  /** Process start (performance.timeOrigin) to the child's code running: node + tsx + module loading. */
  startupMs: number;
  /** Artifacts read from disk, hash-checked, witness calculator compiled (ours only). */
  loadMs: number;
  /** The proving path createProver() chose (ours: native when the addon is built, else wasm; naive: snarkjs). */
  path: string;
  /** The first proof (ours: Prover.prove, which builds the curve and its workers; naive: fullProve). */
  firstProofMs: number;
  /** The child's own peak resident memory (bench/machine.ts ownPeakRssMiB). */
  ownPeak: { peakMiB: number; source: string };
}

interface ColdRun extends ColdResult {
  wallMs: number;
  /** Peak RSS from /usr/bin/time -v when available, else the child's own resourceUsage. */
  peakRssMiB: number;
  rssSource: string;
}

const THIS_FILE = fileURLToPath(import.meta.url);

/** Runs the cold-proof child once and returns its timings. */
async function coldRun(mode: 'ours' | 'naive', circuit: string, inputPath: string): Promise<ColdRun> {
  const nodeArgs = [...process.execArgv, THIS_FILE, '--cold', mode, circuit, inputPath];
  const useTime = existsSync('/usr/bin/time');
  const [cmd, args] = useTime ? ['/usr/bin/time', ['-v', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const t0 = performance.now();
  const { stdout, stderr, code } = await collectChild(cmd, args, ROOT);
  const wallMs = performance.now() - t0;
  const line = stdout.split('\n').find((l) => l.startsWith('COLD_RESULT '));
  if (code !== 0 || line === undefined) {
    const own = stderr.split('\tCommand being timed:')[0]!.trim();
    throw new Error(`cold child (${mode} ${circuit}) exited with ${code}: ${own.slice(-600) || '(no output)'}`);
  }
  const result = JSON.parse(line.slice('COLD_RESULT '.length)) as ColdResult;
  const timeRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (timeRss !== null) return { ...result, wallMs, peakRssMiB: round(Number(timeRss[1]) / 1024, 1), rssSource: '/usr/bin/time -v' };
  return { ...result, wallMs, peakRssMiB: result.ownPeak.peakMiB, rssSource: `the child's ${result.ownPeak.source}` };
}

/** The child side of coldRun. */
async function coldChild(mode: 'ours' | 'naive', circuit: string, inputPath: string): Promise<void> {
  const startupMs = performance.now();
  const input = JSON.parse(readFileSync(inputPath, 'utf8')) as Record<string, unknown>;
  let loadMs = 0;
  let firstProofMs: number;
  if (mode === 'ours') {
    const prover = createProver();
    const t0 = performance.now();
    await prover.warm(circuit);
    loadMs = performance.now() - t0;
    const t1 = performance.now();
    await prover.prove(circuit, input);
    firstProofMs = performance.now() - t1;
    await prover.close();
  } else {
    const dir = join(ARTIFACTS_DIR, circuit);
    const t1 = performance.now();
    await snarkjs.groth16.fullProve(input, join(dir, 'circuit.wasm'), join(dir, 'circuit.zkey'));
    firstProofMs = performance.now() - t1;
    await releaseCurve();
  }
  const path = mode === 'ours' ? resolveProverPath() : 'snarkjs';
  const result: ColdResult = { mode, circuit, path, startupMs, loadMs, firstProofMs, ownPeak: ownPeakRssMiB() };
  process.stdout.write(`COLD_RESULT ${JSON.stringify(result)}\n`);
}

interface WitnessCalculator {
  calculateWTNSBin(input: Record<string, unknown>, sanityCheck: number): Promise<Uint8Array>;
}

export interface ShippedResult {
  circuit: string;
  constraints: number;
  nPublic: number;
  presentation: Presentation;
  proveMs: number;
  proveRme: number;
  verifyMs: number;
  verifyRme: number;
}

export interface ProvingOutput {
  rows: Row[];
  shipped: ShippedResult[];
  notes: string[];
}

/** Median of per-pair ratios a/b over alternating runs: robust to load that drifts during a run. */
async function pairedRatio(a: () => Promise<unknown>, b: () => Promise<unknown>, pairs: number): Promise<{ ratio: number; pairs: number }> {
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first so neither always runs right after the other.
    const first = i % 2 === 0;
    let ta = 0;
    let tb = 0;
    for (const which of first ? ['a', 'b'] : ['b', 'a']) {
      const t = performance.now();
      await (which === 'a' ? a() : b());
      if (which === 'a') ta = performance.now() - t;
      else tb = performance.now() - t;
    }
    ratios.push(ta / tb);
  }
  ratios.sort((x, y) => x - y);
  const mid = Math.floor(ratios.length / 2);
  const median = ratios.length % 2 === 1 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
  return { ratio: median, pairs };
}

export async function runProvingBench(options: { quick: boolean }): Promise<ProvingOutput> {
  const { quick } = options;
  const rows: Row[] = [];
  const shipped: ShippedResult[] = [];
  const notes: string[] = [];
  // The wallet's first presentation of each case already warmed the prover up (artifacts,
  // witness calculator, curve); fullProve gets its own warm-up (its first call in a process is slower).
  const slow = quick ? { warmup: 0, minSamples: 3, maxTime: 0.5 } : { warmup: 1, minSamples: 5, maxTime: 5 };
  const naiveOpts = { ...slow, warmup: 1 };
  const fast = quick ? { warmup: 10, minSamples: 5, maxTime: 0.5 } : { warmup: 10, minSamples: 20, maxTime: 3 };
  mkdirSync(BENCH_BUILD, { recursive: true });
  progress('proving', `issuer issues ${OTHER_HOLDERS + 1} person credentials; the wallet accepts one`);
  const world = buildWorld();

  for (const c of SHIPPED_CASES) {
    progress('proving', c.circuit, 'request + first presentation (warm-up)');
    const sampler = new RssSampler().start();
    const s = await buildScenario(world, c);
    const artifacts = loadArtifacts(c.circuit);
    const calculator = (await WitnessCalculatorBuilder(artifacts.wasm)) as WitnessCalculator;
    const witness = await calculator.calculateWTNSBin(s.input, 0);
    const zkeyMem = { type: 'mem' as const, data: artifacts.zkey };
    const { proof, publicSignals } = await snarkjs.groth16.prove(zkeyMem, { type: 'mem', data: witness });
    const vkey = artifacts.vkey;
    const dir = join(ARTIFACTS_DIR, c.circuit);
    const wasmPath = join(dir, 'circuit.wasm');
    const zkeyPath = join(dir, 'circuit.zkey');
    const ours = (): Promise<unknown> => world.prover.prove(c.circuit, s.input);
    const naive = (): Promise<unknown> => snarkjs.groth16.fullProve(s.input, wasmPath, zkeyPath);

    const fastCases = [
      { name: 'witness', fn: () => calculator.calculateWTNSBin(s.input, 0) },
      { name: 'groth16.verify', fn: () => snarkjs.groth16.verify(vkey, publicSignals, proof) },
      { name: 'verifyPresentation', fn: () => verifyPresentation(s.presentation, s.request, { verificationKeys: s.verificationKeys, rootViews: world.rootViews }) },
    ];
    const slowCases = [
      ...(quick ? [] : [{ name: 'groth16.prove', fn: () => snarkjs.groth16.prove(zkeyMem, { type: 'mem', data: witness }) }]),
      { name: 'Prover.prove', fn: ours },
      { name: 'createPresentation', fn: () => world.wallet.createPresentation({ request: s.request, registries: world.registries }) },
    ];
    const results: Measurement[] = [
      ...(await measure(fastCases, fast, (n) => progress('proving', c.circuit, n))),
      ...(await measure(slowCases, slow, (n) => progress('proving', c.circuit, n))),
      ...(await measure([{ name: 'fullProve (files)', fn: naive }], naiveOpts, (n) => progress('proving', c.circuit, n))),
    ];
    progress('proving', c.circuit, 'paired ratio Prover.prove / fullProve');
    const paired = await pairedRatio(ours, naive, quick ? 3 : 5);
    const peakRssMiB = sampler.stop();

    const by = (name: string): Measurement => results.find((r) => r.name === name)!;
    const naiveMs = by('fullProve (files)').meanMs;
    for (const r of results) {
      rows.push({
        suite: 'proving', circuit: c.circuit, statement: c.label, op: r.name,
        meanMs: round(r.meanMs, 2), rme: round(r.rme, 2), samples: r.samples, medianMs: round(r.medianMs, 2),
        vsFullProve: r.name === 'witness' || r.name.includes('verify') ? null : round(r.meanMs / naiveMs, 3),
      });
    }
    rows.push({
      suite: 'proving', circuit: c.circuit, statement: c.label, op: 'paired ratio Prover.prove / fullProve',
      meanMs: null, rme: null, samples: paired.pairs, vsFullProve: round(paired.ratio, 3),
    });
    rows.push({ suite: 'proving', circuit: c.circuit, statement: c.label, op: 'peak RSS (parent, MiB)', meanMs: null, rme: null, samples: null, peakRssMiB });
    shipped.push({
      circuit: c.circuit,
      constraints: artifacts.manifest.nConstraints,
      nPublic: artifacts.manifest.nPublic,
      presentation: s.presentation,
      proveMs: by('Prover.prove').meanMs,
      proveRme: by('Prover.prove').rme,
      verifyMs: by('groth16.verify').meanMs,
      verifyRme: by('groth16.verify').rme,
    });

    // Cold first proof in a fresh process.
    const inputPath = join(BENCH_BUILD, `input-${c.circuit}.json`);
    writeFileSync(inputPath, JSON.stringify(s.input));
    const runs = quick ? 1 : 2;
    for (const mode of quick ? (['ours'] as const) : (['ours', 'naive'] as const)) {
      const cold: ColdRun[] = [];
      for (let i = 0; i < runs; i++) {
        progress('proving', c.circuit, `cold first proof in a fresh process (${mode}) ${i + 1}/${runs}`);
        try {
          cold.push(await coldRun(mode, c.circuit, inputPath));
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          process.stdout.write(`  note: ${message}\n`);
          notes.push(`A cold run failed and is left out: ${message.split('\n')[0]!.slice(0, 300)}`);
        }
      }
      if (cold.length === 0) continue;
      const mean = (f: (r: ColdRun) => number): number => round(cold.reduce((a, r) => a + f(r), 0) / cold.length, 1);
      rows.push({
        suite: 'proving', circuit: c.circuit, statement: c.label,
        op: mode === 'ours' ? 'cold: fresh process, Prover load + first prove' : 'cold: fresh process, first fullProve (files)',
        meanMs: mean((r) => r.firstProofMs + r.loadMs), rme: null, samples: runs,
        startupMs: mean((r) => r.startupMs), loadMs: mode === 'ours' ? mean((r) => r.loadMs) : null, firstProofMs: mean((r) => r.firstProofMs),
        path: cold[0]!.path, wallMs: mean((r) => r.wallMs), peakRssMiB: Math.max(...cold.map((r) => r.peakRssMiB)), rssSource: cold[0]!.rssSource,
      });
    }
  }
  const paths = await (await import('./proving-paths.js')).runPathsBench({ quick });
  rows.push(...paths.rows);
  notes.push(...paths.notes);
  notes.push(`Scenario: a PERSON_SCHEMA credential issued by an in-memory Issuer whose registry holds ${OTHER_HOLDERS + 1} credentials (depth-20 tree, so the path costs the same as in a full registry); each request accepts only the circuit under test. Prover.prove and createPresentation are warm (the first presentation loaded the artifacts and built the curve); fullProve had one warm-up call.`);
  notes.push(`"paired ratio": Prover.prove and fullProve run alternately ${quick ? 3 : 5} times, median of the per-pair ratios: less sensitive than the ratio of benchmark.js means (measured minutes apart) to load that changes during the run. On a loaded machine trust it over the ratio of means.`);
  if (quick) notes.push('--quick: 3 samples of each proof, 3 pairs, one cold run of the library only (the full run takes more samples and adds a cold fullProve and 2 cold runs each).');
  notes.push('verifyPresentation is measured without a nonce store (a store would refuse the replayed nonce after the first call).');
  return { rows, shipped, notes };
}

// Child mode.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE && process.argv[2] === '--cold') {
  const [mode, circuit, inputPath] = process.argv.slice(3);
  if ((mode !== 'ours' && mode !== 'naive') || circuit === undefined || inputPath === undefined) {
    process.stderr.write('usage: proving.ts --cold <ours|naive> <circuit> <input.json>\n');
    process.exit(2);
  }
  coldChild(mode, circuit, inputPath).then(() => process.exit(0), (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}

