/**
 * Suites "systems" and "scaling".
 *
 * systems: proof sizes of the shipped Groth16 circuits (snarkjs JSON, compressed binary computed
 * from the points, public signals, whole presentation), and, on one SMALL circuit compiled at
 * --O1 with a development setup (no contribution), Groth16 against PLONK and FFLONK: prove time,
 * verify time, proof size. The small circuit is the largest Presentation variant whose FFLONK
 * setup fits the shared 2^16 powers-of-tau (FFLONK needs 9 x its domain in tau powers).
 *
 * scaling: constraints of Presentation variants compiled at --O2 (as shipped), varying one
 * parameter at a time from the default (16 attributes, 4 slots, sets of 32, depth 20); Groth16
 * witness + prove time on snarkjs and on the native prover (when the addon is built) where a
 * development setup fits the time budget (setups are cached under build/bench/, with the zkey's
 * sha256 the native prover checks, so a second run proves every variant).
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { WitnessCalculatorBuilder } from 'circom_runtime';
import * as snarkjs from 'snarkjs';
import { compileCircuit } from '../scripts/compile.js';
import { circuitSourceHash, mainSource, sha256File } from '../scripts/circuit-registry.js';
import { preparedPtau } from '../scripts/ptau.js';
import { OP_CODES } from '../src/constants.js';
import { encodeAttribute, encodeString, dateToInt, utcDate } from '../src/encoding.js';
import { holderCommitment } from '../src/commitment.js';
import { type CircuitParams, circuitInput, type PredicateSlot } from '../src/internal/circuit-input.js';
import { hashMany, poseidon } from '../src/internal/poseidon.js';
import { RegistryTree } from '../src/registry/tree.js';
import { ARTIFACTS_DIR } from '../src/index.js';
import { type ArtifactManifest, parseManifest } from '../src/artifact-integrity.js';
import { nativeAddonStatus } from '../src/proving/native-addon.js';
import { NativeGroth16 } from '../src/proving/native-groth16.js';
import { type Measurement, measure, progress, round } from './machine.js';
import { BENCH_BUILD, EU27, ROOT, type ShippedResult } from './proving.js';
import type { Row } from './suite.js';

// ---------------------------------------------------------------------------------------------
// Compact (compressed) encoding of proofs, computed from the points themselves.

interface CurveGroup {
  F: { n8: number };
  fromObject(a: unknown): Uint8Array;
  toRprCompressed(buff: Uint8Array, offset: number, p: Uint8Array): void;
  fromRprCompressed(buff: Uint8Array, offset: number): Uint8Array;
  eq(a: Uint8Array, b: Uint8Array): boolean;
}
interface Curve {
  G1: CurveGroup;
  G2: CurveGroup;
  Fr: { n8: number };
}

async function bn128(): Promise<Curve> {
  return (await snarkjs.curves.getCurveFromName('bn128')) as Curve;
}

const isDecimal = (x: unknown): x is string => typeof x === 'string' && /^[0-9]+$/.test(x);

export interface CompactSize {
  bytes: number;
  g1: number;
  g2: number;
  scalars: number;
}

/**
 * Size of a proof with every G1 point compressed to 32 bytes, G2 to 64 and scalars to 32:
 * walks a snarkjs proof object (Groth16, PLONK or FFLONK), compresses each point and checks it
 * decompresses to the same point.
 */
export function compactProofSize(curve: Curve, proof: unknown): CompactSize {
  const size: CompactSize = { bytes: 0, g1: 0, g2: 0, scalars: 0 };
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && value.length === 3 && value.every(isDecimal)) {
      // G1, projective [x, y, z]. fromObject is given BigInts (it mis-parses decimal strings for G2).
      const p = curve.G1.fromObject(value.map((v) => BigInt(v)));
      const buff = new Uint8Array(curve.G1.F.n8);
      curve.G1.toRprCompressed(buff, 0, p);
      if (!curve.G1.eq(p, curve.G1.fromRprCompressed(buff, 0))) throw new Error('G1 compression round trip failed');
      size.bytes += buff.length;
      size.g1++;
    } else if (Array.isArray(value) && value.length === 3 && value.every((c) => Array.isArray(c) && c.length === 2 && c.every(isDecimal))) {
      const p = curve.G2.fromObject((value as string[][]).map((c) => c.map((v) => BigInt(v))));
      const buff = new Uint8Array(curve.G2.F.n8);
      curve.G2.toRprCompressed(buff, 0, p);
      if (!curve.G2.eq(p, curve.G2.fromRprCompressed(buff, 0))) throw new Error('G2 compression round trip failed');
      size.bytes += buff.length;
      size.g2++;
    } else if (isDecimal(value)) {
      size.bytes += curve.Fr.n8;
      size.scalars++;
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (k !== 'protocol' && k !== 'curve') visit(v);
    }
  };
  visit(proof);
  return size;
}

const jsonBytes = (x: unknown): number => Buffer.byteLength(JSON.stringify(x));

// ---------------------------------------------------------------------------------------------
// Variants: compile (cached), input, setup (cached)

export interface Variant {
  name: string;
  params: CircuitParams;
  optimisation: '--O1' | '--O2';
}

export interface CompiledVariant extends Variant {
  dir: string;
  r1cs: string;
  wasm: string;
  constraints: number;
  nPublic: number;
  nVars: number;
  compileMs: number | null;
}

/** The template's parameters (N_ATTRS, N_PREDICATES, SET_SIZE, ARITY, DEPTH). */
const tupleOf = (p: CircuitParams): number[] => [p.nAttributes, p.nPredicates, p.setSize, p.arity, p.depth];

/** Named like the shipped circuits: binary trees by depth alone, 4-ary ones as "4ary-<depth>". */
export function variant(params: CircuitParams, optimisation: '--O1' | '--O2'): Variant {
  const tree = params.arity === 2 ? `${params.depth}` : `${params.arity}ary-${params.depth}`;
  return { name: `presentation-${params.nAttributes}-${params.nPredicates}-${params.setSize}-${tree}`, params, optimisation };
}

/** Compiles a variant into build/bench/circuits/<name>-<opt>-<source hash>/ unless already there. */
export async function compileVariant(v: Variant): Promise<CompiledVariant> {
  // Hashed per call, not once per process: circuits/ may change while a long run goes on.
  const dir = join(BENCH_BUILD, 'circuits', `${v.name}-${v.optimisation.slice(2)}-${circuitSourceHash().slice(0, 12)}`);
  const r1cs = join(dir, `${v.name}.r1cs`);
  const wasm = join(dir, `${v.name}_js`, `${v.name}.wasm`);
  let compileMs: number | null = null;
  if (!existsSync(r1cs) || !existsSync(wasm)) {
    const t = performance.now();
    const source = mainSource({ file: 'presentation.circom', template: 'Presentation', params: tupleOf(v.params), description: '' });
    await compileCircuit(v.name, source, dir, v.optimisation);
    compileMs = performance.now() - t;
  }
  const info = await snarkjs.r1cs.info(r1cs);
  return { ...v, dir, r1cs, wasm, constraints: info.nConstraints, nPublic: info.nPubInputs + info.nOutputs, nVars: info.nVars, compileMs };
}

/** A valid input for any Presentation variant: a person credential, age >= 18, nationality in EU (set cut to SET_SIZE), givenName disclosed. */
export function variantInput(params: CircuitParams): Record<string, unknown> {
  const person: bigint[] = [
    encodeAttribute('string', 'Ada', 'givenName'),
    encodeAttribute('string', 'Lovelace', 'familyName'),
    encodeAttribute('date', '1990-12-10', 'birthDate'),
    encodeAttribute('string', 'FR', 'nationality'),
    encodeAttribute('string', 'FR-2041-77', 'documentNumber'),
  ];
  const attributes = Array.from({ length: params.nAttributes }, (_, i) => person[i] ?? 0n);
  const schemaId = encodeString('https://zkdisclose.dev/schemas/person/v1', 'schemaId');
  const holderSecret = 0x1234567890abcdef1234567890abcdef1234567890abcdefn;
  const salt = 0x5a175a175a175a175a175a175a175a175a175a175a17n;
  const validUntil = dateToInt('2031-12-31', 'validUntil');
  const today = dateToInt(utcDate(new Date()), 'today');
  const commitment = poseidon([schemaId, hashMany(attributes), holderCommitment(holderSecret), BigInt(validUntil), salt]);
  const tree = new RegistryTree({ arity: params.arity, depth: params.depth }, [11n, 22n, commitment, 33n]);
  const fr = encodeString('FR', 'nationality');
  const eu = EU27.map((c) => encodeString(c, 'nationality'));
  const set = params.setSize >= eu.length ? eu : [fr, ...eu.filter((x) => x !== fr)].slice(0, params.setSize);
  const slots: PredicateSlot[] = [{ op: OP_CODES.lte, attrIndex: 2, a: BigInt(today - 180000), b: 0n, set: [] }];
  if (params.nPredicates >= 2) slots.push({ op: OP_CODES.in, attrIndex: 3, a: 0n, b: 0n, set });
  return circuitInput(
    params,
    { root: tree.root, today, nonce: 123456789n, scope: 0n, schemaId, discloseMask: 1n, linkable: false, slots },
    { attributes, salt, holderSecret, validUntil, path: tree.path(2) },
  );
}

const SHARED_PTAU_DIR = join(ROOT, '..', 'shared', 'ptau');
const PTAU_CACHE_DIR = process.env.ZKD_PTAU_DIR ?? join(homedir(), '.cache', 'zkdisclose', 'ptau');

/** The smallest prepared ptau already on disk (cache or ../shared/ptau) of power >= `power`, if any. */
export function existingPtau(power: number): { path: string; power: number } | undefined {
  for (let k = power; k <= 28; k++) {
    for (const dir of [PTAU_CACHE_DIR, SHARED_PTAU_DIR]) {
      const path = join(dir, `pot${k}.ptau`);
      if (existsSync(path)) return { path, power: k };
    }
  }
  return undefined;
}

const log2ceil = (n: number): number => Math.ceil(Math.log2(Math.max(2, n)));

/** Groth16 domain power snarkjs needs for a circuit (zkey_new.js). */
export function groth16Power(c: CompiledVariant): number {
  return log2ceil(c.constraints + c.nPublic + 1);
}

export type System = 'groth16' | 'plonk' | 'fflonk';

export interface SetupResult {
  zkey: string;
  /** sha256 of the zkey file, recorded when the setup wrote it (null in PLONK/FFLONK caches older than that record). */
  zkeySha256: string | null;
  setupMs: number | null;
  /** PLONK/FFLONK constraint count (from the setup's log), Groth16: R1CS constraints. */
  constraints: number;
  ptau: string;
}

/** A development setup (no contribution), cached next to the compiled variant. */
export async function setup(system: System, c: CompiledVariant, ptau: string): Promise<SetupResult> {
  const zkey = join(c.dir, `${c.name}.${system}.zkey`);
  const metaPath = `${zkey}.json`;
  if (existsSync(zkey) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { constraints: number; ptau: string; r1csSha256: string; zkeySha256?: string };
    // A Groth16 cache from before the zkey's hash was recorded is made again rather than trusted
    // (the native prover checks the zkey against that hash); older PLONK/FFLONK caches are kept.
    if (meta.r1csSha256 === sha256File(c.r1cs) && (meta.zkeySha256 !== undefined || system !== 'groth16')) {
      return { zkey, zkeySha256: meta.zkeySha256 ?? null, setupMs: null, constraints: meta.constraints, ptau: meta.ptau };
    }
  }
  let constraints = c.constraints;
  const logger = {
    info: (m: string) => {
      const plonk = /Plonk constraints: (\d+)/.exec(m) ?? /^\s*Constraints:\s+(\d+)/.exec(m);
      if (plonk !== null) constraints = Number(plonk[1]);
    },
    debug: () => {}, warn: () => {}, error: (m: string) => process.stderr.write(`${m}\n`),
  };
  const t = performance.now();
  if (system === 'groth16') await snarkjs.zKey.newZKey(c.r1cs, ptau, zkey, logger);
  else await snarkjs[system].setup(c.r1cs, ptau, zkey, logger);
  const setupMs = performance.now() - t;
  const zkeySha256 = sha256File(zkey);
  writeFileSync(metaPath, JSON.stringify({ constraints, ptau, r1csSha256: sha256File(c.r1cs), zkeySha256, setupMs }));
  return { zkey, zkeySha256, setupMs, constraints, ptau };
}

interface WitnessCalculator {
  calculateWTNSBin(input: Record<string, unknown>, sanityCheck: number): Promise<Uint8Array>;
}

async function witnessOf(c: CompiledVariant, input: Record<string, unknown>): Promise<{ calculator: WitnessCalculator; witness: Uint8Array }> {
  const calculator = (await WitnessCalculatorBuilder(readFileSync(c.wasm))) as WitnessCalculator;
  return { calculator, witness: await calculator.calculateWTNSBin(input, 0) };
}

// ---------------------------------------------------------------------------------------------
// Suite "systems"

/** The small circuit of the PLONK/FFLONK comparison (7,200 FFLONK constraints at --O1: fits 2^16). */
export const SMALL_PARAMS: CircuitParams = { nAttributes: 4, nPredicates: 1, setSize: 1, arity: 2, depth: 4 };

export async function runSystemsBench(options: { quick: boolean; shipped: ShippedResult[] }): Promise<{ rows: Row[]; notes: string[] }> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const curve = await bn128();

  for (const s of options.shipped) {
    progress('systems', s.circuit, 'proof sizes');
    const zk = s.presentation.zk;
    if (zk === undefined) throw new Error(`${s.circuit}: the presentation has no SNARK part`);
    const { proof, publicSignals } = zk;
    const compact = compactProofSize(curve, proof);
    const zkeyBytes = statSync(join(ARTIFACTS_DIR, s.circuit, 'circuit.zkey')).size;
    rows.push({
      suite: 'systems', circuit: s.circuit, circuitKind: 'shipped (--O2, dev ceremony)', system: 'groth16',
      constraints: s.constraints, proveMs: round(s.proveMs, 1), proveRme: round(s.proveRme, 2),
      verifyMs: round(s.verifyMs, 2), verifyRme: round(s.verifyRme, 2),
      proofJsonBytes: jsonBytes(proof), proofCompactBytes: compact.bytes, proofPoints: `${compact.g1} G1 + ${compact.g2} G2`,
      publicSignals: publicSignals.length, publicSignalsJsonBytes: jsonBytes(publicSignals), publicSignalsBinaryBytes: 32 * publicSignals.length,
      presentationJsonBytes: jsonBytes(s.presentation), zkeyBytes,
    });
  }

  if (options.quick) {
    notes.push('PLONK and FFLONK skipped in --quick (their setups take minutes; run `npm run bench` for them).');
    return { rows, notes };
  }

  // Small circuit: Groth16 vs PLONK vs FFLONK on the same R1CS.
  progress('systems', 'small circuit', 'compile Presentation(4,1,1,4) at --O1');
  const small = await compileVariant(variant(SMALL_PARAMS, '--O1'));
  const pot = existingPtau(16) ?? { path: (await preparedPtau(16, (l) => progress('systems', l))).path, power: 16 };
  const input = variantInput(SMALL_PARAMS);
  const { witness } = await witnessOf(small, input);
  const label = `${small.name} --O1 (small circuit, dev setup)`;
  const measured: Row[] = [];
  for (const system of ['groth16', 'plonk', 'fflonk'] as const) {
    progress('systems', 'small circuit', `${system} setup`);
    let st: SetupResult;
    try {
      st = await setup(system, small, pot.path);
    } catch (err) {
      notes.push(`${system} on ${label}: setup failed (${err instanceof Error ? err.message : String(err)}); skipped.`);
      continue;
    }
    const zkeyData = readFileSync(st.zkey);
    const zkey = { type: 'mem' as const, data: new Uint8Array(zkeyData) };
    const wtns = { type: 'mem' as const, data: witness };
    const vkey = await snarkjs.zKey.exportVerificationKey(st.zkey);
    const api = snarkjs[system];
    const first = await api.prove(zkey, wtns);
    if (!(await api.verify(vkey, first.publicSignals, first.proof as never))) throw new Error(`${system}: proof of the small circuit does not verify`);
    const [prove, verify] = await measure(
      [
        { name: `${system} prove`, fn: () => api.prove(zkey, wtns) },
        { name: `${system} verify`, fn: () => api.verify(vkey, first.publicSignals, first.proof as never) },
      ],
      { warmup: 1, minSamples: system === 'groth16' ? 6 : 3, maxTime: system === 'groth16' ? 5 : 2 },
      (n) => progress('systems', 'small circuit', n),
    );
    const compact = compactProofSize(curve, first.proof);
    measured.push({
      suite: 'systems', circuit: small.name, circuitKind: 'small circuit, --O1, dev setup (no contribution)', system,
      constraints: st.constraints, r1csConstraints: small.constraints,
      proveMs: round(prove!.meanMs, 1), proveRme: round(prove!.rme, 2), proveSamples: prove!.samples,
      verifyMs: round(verify!.meanMs, 2), verifyRme: round(verify!.rme, 2), verifySamples: verify!.samples,
      proofJsonBytes: jsonBytes(first.proof), proofCompactBytes: compact.bytes,
      proofPoints: `${compact.g1} G1 + ${compact.g2} G2 + ${compact.scalars} Fr`,
      publicSignals: first.publicSignals.length, publicSignalsJsonBytes: jsonBytes(first.publicSignals),
      publicSignalsBinaryBytes: 32 * first.publicSignals.length,
      zkeyBytes: zkeyData.length, vkeyJsonBytes: jsonBytes(vkey),
      setupMs: st.setupMs === null ? null : round(st.setupMs, 0), ptau: st.ptau.split('/').pop() ?? st.ptau,
    });
  }
  const g = measured.find((r) => r.system === 'groth16');
  for (const r of measured) {
    if (g !== undefined) {
      r.proveVsGroth16 = round((r.proveMs as number) / (g.proveMs as number), 2);
      r.verifyVsGroth16 = round((r.verifyMs as number) / (g.verifyMs as number), 2);
    }
    rows.push(r);
  }
  notes.push(`Small circuit: Presentation(${tupleOf(SMALL_PARAMS).join(', ')}) compiled at --O1 (${small.constraints} R1CS constraints), the largest variant tried whose FFLONK setup fits the 2^16 ptau (FFLONK reads 9 x domain + 18 tau powers). All three systems prove the same R1CS from the same witness; setups are single-party development setups without contribution. "constraints" is each system's own count (PLONK/FFLONK gates). Compressed sizes count every point and scalar in snarkjs's proof object (FFLONK's includes the \`inv\` hint scalar snarkjs adds for the verifier).`);
  return { rows, notes };
}

// ---------------------------------------------------------------------------------------------
// Suite "scaling"

const DEFAULT: CircuitParams = { nAttributes: 16, nPredicates: 4, setSize: 32, arity: 2, depth: 20 };

export function scalingVariants(): { axis: string; value: number; params: CircuitParams }[] {
  const out: { axis: string; value: number; params: CircuitParams }[] = [];
  for (const depth of [10, 16, 20, 24, 32]) out.push({ axis: 'depth', value: depth, params: { ...DEFAULT, depth } });
  for (const nAttributes of [8, 16, 32]) out.push({ axis: 'attributes', value: nAttributes, params: { ...DEFAULT, nAttributes } });
  for (const nPredicates of [1, 2, 4, 8]) out.push({ axis: 'predicate slots', value: nPredicates, params: { ...DEFAULT, nPredicates } });
  return out;
}

/** A variant's Groth16 key: its file, where it comes from, and the manifest it is checked against. */
export interface VariantKey {
  zkey: string;
  origin: string;
  setupMs: number | null;
  manifest: ArtifactManifest;
}

/**
 * The manifest of a development zkey, naming the sha256 its setup recorded when it wrote the
 * file: the native prover checks the bytes it is given against it, as for shipped artifacts.
 * @throws {Error} when the setup did not record the hash
 */
export function devZkeyManifest(c: CompiledVariant, st: SetupResult, ptauPower: number): ArtifactManifest {
  if (st.zkeySha256 === null) throw new Error(`${c.name}: its development setup recorded no zkey hash`);
  return { circuit: c.name, nConstraints: c.constraints, nPublic: c.nPublic, ptauPower, sourceSha256: circuitSourceHash(), files: { 'circuit.zkey': st.zkeySha256 } };
}

export interface VariantProof {
  snarkjs: Measurement;
  /** Null when the native addon is not available. */
  native: Measurement | null;
}

/**
 * Witness + proof of one variant on snarkjs and, when `native`, on the native prover, each
 * measured after one proof that is checked to verify against the key's verification key.
 */
export async function proveVariant(c: CompiledVariant, key: VariantKey, options: { native: boolean; minSamples?: number; maxTime?: number }): Promise<VariantProof> {
  const input = variantInput(c.params);
  const { calculator } = await witnessOf(c, input);
  const bytes = new Uint8Array(readFileSync(key.zkey));
  const zkey = { type: 'mem' as const, data: bytes };
  const vkey = (await snarkjs.zKey.exportVerificationKey(zkey)) as Record<string, unknown>;
  const paths: { name: string; prove: (wtns: Uint8Array) => Promise<{ proof: unknown; publicSignals: string[] }> }[] = [
    { name: 'snarkjs', prove: (wtns) => snarkjs.groth16.prove(zkey, { type: 'mem', data: wtns }) },
  ];
  if (options.native) {
    const prover = NativeGroth16.load(key.manifest, bytes);
    paths.push({ name: 'native', prove: (wtns) => prover.prove(wtns) });
  }
  for (const p of paths) {
    const { proof, publicSignals } = await p.prove(await calculator.calculateWTNSBin(input, 0));
    if (!(await snarkjs.groth16.verify(vkey, publicSignals, proof as never))) throw new Error(`${c.name}: the ${p.name} proof does not verify`);
  }
  const results = await measure(
    paths.map((p) => ({ name: `${c.name} witness + ${p.name} prove`, fn: async () => p.prove(await calculator.calculateWTNSBin(input, 0)) })),
    { warmup: 0, minSamples: options.minSamples ?? 3, maxTime: options.maxTime ?? 2 },
    (n) => progress('scaling', n),
  );
  return { snarkjs: results[0]!, native: results[1] ?? null };
}

export async function runScalingBench(options: { setupBudgetMs: number }): Promise<{ rows: Row[]; notes: string[] }> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const list = scalingVariants();
  const compiled = new Map<string, CompiledVariant>();
  for (const [i, v] of list.entries()) {
    const name = variant(v.params, '--O2').name;
    if (compiled.has(name)) continue;
    progress('scaling', `compile ${name} --O2 (${i + 1}/${list.length})`);
    compiled.set(name, await compileVariant(variant(v.params, '--O2')));
  }

  // Which compiled variants can be proved: the shipped zkey where the R1CS is the shipped one,
  // else a cached or new development setup, smallest first, within the setup budget.
  const shippedR1cs = new Map<string, string>();
  for (const dir of readdirSync(ARTIFACTS_DIR)) {
    const manifestPath = join(ARTIFACTS_DIR, dir, 'manifest.json');
    if (existsSync(manifestPath)) shippedR1cs.set((JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, string> }).files['circuit.r1cs'] ?? '', dir);
  }
  const proving = new Map<string, VariantKey>();
  let spent = 0;
  const skipped: string[] = [];
  for (const c of [...compiled.values()].sort((a, b) => a.constraints - b.constraints)) {
    const shipped = shippedR1cs.get(sha256File(c.r1cs));
    if (shipped !== undefined) {
      const manifest = parseManifest(shipped, readFileSync(join(ARTIFACTS_DIR, shipped, 'manifest.json'), 'utf8'));
      proving.set(c.name, { zkey: join(ARTIFACTS_DIR, shipped, 'circuit.zkey'), origin: `shipped artifacts/${shipped}`, setupMs: null, manifest });
      continue;
    }
    const power = groth16Power(c);
    const ptau = existingPtau(power);
    const cached = existsSync(join(c.dir, `${c.name}.groth16.zkey.json`));
    if (ptau === undefined) {
      skipped.push(`${c.name} (needs a 2^${power} ptau; none prepared)`);
      continue;
    }
    if (!cached && spent > options.setupBudgetMs) {
      skipped.push(`${c.name} (setup budget of ${Math.round(options.setupBudgetMs / 1000)} s spent)`);
      continue;
    }
    progress('scaling', `groth16 dev setup ${c.name} (${c.constraints} constraints, pot${ptau.power})${cached ? ' [cached]' : ''}`);
    const st = await setup('groth16', c, ptau.path);
    spent += st.setupMs ?? 0;
    proving.set(c.name, { zkey: st.zkey, origin: `dev setup, pot${ptau.power}`, setupMs: st.setupMs, manifest: devZkeyManifest(c, st, ptau.power) });
  }
  if (skipped.length > 0) notes.push(`Scaling: no prove time for ${skipped.join(', ')}; their constraint counts are reported. A second full run reuses the cached setups in build/bench/ and proves more.`);

  const native = nativeAddonStatus();
  const proved = new Map<string, VariantProof>();
  for (const c of compiled.values()) {
    const key = proving.get(c.name);
    if (key !== undefined) proved.set(c.name, await proveVariant(c, key, { native: native.available }));
  }

  for (const v of list) {
    const c = compiled.get(variant(v.params, '--O2').name)!;
    const p = proving.get(c.name);
    const m = proved.get(c.name)?.snarkjs;
    const n = proved.get(c.name)?.native ?? undefined;
    rows.push({
      suite: 'scaling', axis: v.axis, value: v.value, circuit: c.name,
      constraints: c.constraints, publicSignals: c.nPublic, wires: c.nVars, groth16Power: groth16Power(c),
      compileMs: c.compileMs === null ? null : round(c.compileMs, 0),
      proveMs: m === undefined ? null : round(m.meanMs, 1), proveRme: m === undefined ? null : round(m.rme, 2), proveSamples: m?.samples ?? null,
      nativeProveMs: n === undefined ? null : round(n.meanMs, 1), nativeProveRme: n === undefined ? null : round(n.rme, 2), nativeProveSamples: n?.samples ?? null,
      nativeVsSnarkjs: n === undefined || m === undefined ? null : round(n.meanMs / m.meanMs, 3),
      zkey: p?.origin ?? null, setupMs: p?.setupMs == null ? null : round(p.setupMs, 0),
    });
  }
  const hash = circuitSourceHash();
  const shippedHash = (JSON.parse(readFileSync(join(ARTIFACTS_DIR, 'presentation-16-4-32-20', 'manifest.json'), 'utf8')) as { sourceSha256: string }).sourceSha256;
  notes.push(`Scaling variants compile from the working tree's circuits/ (source hash ${hash.slice(0, 12)}); the shipped artifacts were built from ${shippedHash.slice(0, 12)}${hash === shippedHash ? ' (the same source)' : ': a different source, so constraint counts can differ slightly from the manifests and the default variant gets its own dev setup rather than the shipped zkey'}.`);
  notes.push('Scaling: one parameter varied at a time from the default Presentation(16, 4, 32, 20), compiled at --O2 like the shipped circuits. Prove time = witness + proof with the zkey in memory, on snarkjs (groth16.prove) and on the native prover (zkey parsed once, after its sha256 is checked against the shipped manifest or, for a development setup, the hash recorded when the setup wrote it); one proof of each path is verified first. MAX_ATTRIBUTES is 16 in the library: the 32-attribute variant exists only as a circuit (HashMany(32) commits it).');
  if (!native.available) notes.push(`Scaling: native prover not measured (${native.reason ?? 'unavailable'}).`);
  return { rows, notes };
}

