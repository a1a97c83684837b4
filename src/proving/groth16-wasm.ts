/**
 * Our Groth16 prover over ffjavascript's BN254 curve (wasmcurves code in a worker pool): the
 * `wasm` proving path. Its proofs are snarkjs's, point for point, for the same r and s (both
 * draw them from the curve's `Fr.random()`), in snarkjs's JSON form.
 *
 * What it does differently from snarkjs 0.7.6's groth16.prove:
 *   - the zkey is read once per circuit (`prepareGroth16`): the A/B coefficient list is
 *     regrouped once by constraint range, one group per worker, and the five base sections are
 *     copied once into buffers of their own (what a worker task is sent);
 *   - the coefficient pass (A·w, B·w and their product per constraint) runs in the workers in
 *     wasm (wasmcurves' qap_buildABC over each group), not in a JavaScript loop on the main
 *     thread while the workers wait;
 *   - each MSM is split by windows, one task per worker: each gets all the points and sums its
 *     share of the c-bit windows (c sized to the MSM, `windowBits`), so each window's bucket
 *     sum is done once, and the bases cross to each worker once per MSM (ffjavascript sends
 *     them once per window);
 *   - a window is summed with batched affine additions (msm-wasm.ts, built into the curve's
 *     wasm) rather than wasmcurves' mixed Jacobian ones; with the window split, this took the
 *     path from 0.76-1.01x to 0.53-0.62x snarkjs's time (the proving suite, bench/RESULTS.md);
 *   - the four witness MSMs (A, B in G1 and G2, C) are queued at once, behind the coefficient
 *     pass, so the workers have work while the main thread prepares the FFTs; the three FFT
 *     chains run concurrently, and the H MSM follows them.
 * The Groth16 algebra is the standard one (Groth 2016, with snarkjs's QAP conventions, which
 * its zkeys are made for): with random r, s,
 *   A = α + Σ wᵢ·Aᵢ + r·δ,  B = β + Σ wᵢ·Bᵢ + s·δ,
 *   C = Σ_private wᵢ·Cᵢ + Σ hⱼ·Hⱼ + s·A + r·B₁ − r·s·δ.
 */
import { type Curve, type Element, type Task, buildBn128 } from 'ffjavascript';
import type { Groth16Proof, ProofResult } from '../prover.js';
import { WINDOW_MSM, addWindowMsm, windowScratchBytes } from './msm-wasm.js';
import { type ZkeySections, readWitness, readZkey } from './zkey.js';

/** One worker's share of the coefficient pass: the constraints [start, start + size). */
interface CoefficientGroup {
  start: number;
  size: number;
  count: number;
  entries: Uint8Array;
}

/** A proving key made ready for repeated proofs. */
export interface PreparedGroth16 {
  readonly zkey: ZkeySections;
  readonly groups: readonly CoefficientGroup[];
  /**
   * The five base sections, each in a buffer of its own: a worker task copies the whole buffer
   * under a view it is sent, and the zkey's views share one buffer (the whole key).
   */
  readonly bases: { A: Uint8Array; B1: Uint8Array; B2: Uint8Array; C: Uint8Array; H: Uint8Array };
  /** α₁, β₁, δ₁, β₂, δ₂ in the curve's internal form. */
  readonly points: { alpha1: Element; beta1: Element; delta1: Element; beta2: Element; delta2: Element };
}

/** The curve being built, while it is: ffjavascript caches a curve only once built. */
let building: Promise<Curve> | undefined;

/**
 * The BN254 curve with its worker pool, shared with snarkjs (ffjavascript caches it on globalThis),
 * built with our window sum (msm-wasm.ts) in its wasm. A curve snarkjs built first lacks it, and
 * the MSMs then use wasmcurves' own; the library builds its curve here before calling snarkjs.
 * NOTE: two concurrent first calls to buildBn128 build two curves, and the worker threads of the
 * one not cached are never terminated (Node then never exits): concurrent callers (the parts of
 * a multi-credential presentation) share one build here.
 */
export function groth16Curve(): Promise<Curve> {
  building ??= buildBn128(false, addWindowMsm).finally(() => {
    building = undefined;
  });
  return building;
}

/** Regroups the coefficient entries by constraint range: group g holds the constraints of worker g. */
function groupCoefficients(zkey: ZkeySections, groupCount: number): CoefficientGroup[] {
  const entrySize = 12 + zkey.n8r;
  const n = zkey.coefficients.byteLength / entrySize;
  const view = new DataView(zkey.coefficients.buffer, zkey.coefficients.byteOffset, zkey.coefficients.byteLength);
  const width = Math.ceil(zkey.domainSize / groupCount);
  const groupOf = new Uint16Array(n);
  const counts = new Array<number>(groupCount).fill(0);
  for (let i = 0; i < n; i++) {
    const constraint = view.getUint32(i * entrySize + 4, true);
    if (constraint >= zkey.domainSize) throw new Error(`zkey: coefficient ${i} names constraint ${constraint} outside the domain`);
    const g = Math.floor(constraint / width);
    groupOf[i] = g;
    counts[g]!++;
  }
  const groups = counts.map((count, g): CoefficientGroup => ({
    start: g * width,
    size: Math.max(0, Math.min(width, zkey.domainSize - g * width)),
    count,
    entries: new Uint8Array(count * entrySize),
  }));
  const filled = new Array<number>(groupCount).fill(0);
  for (let i = 0; i < n; i++) {
    const g = groupOf[i]!;
    groups[g]!.entries.set(zkey.coefficients.subarray(i * entrySize, (i + 1) * entrySize), filled[g]! * entrySize);
    filled[g]!++;
  }
  return groups.filter((group) => group.size > 0);
}

/**
 * Reads a zkey for repeated proofs on `curve`.
 * @throws {Error} when the bytes are not a Groth16 zkey of that curve
 */
export function prepareGroth16(curve: Curve, zkeyBytes: Uint8Array): PreparedGroth16 {
  const zkey = readZkey(zkeyBytes);
  if (zkey.r !== curve.r || zkey.n8r !== curve.Fr.n8) throw new Error(`zkey: not a key over ${curve.name}`);
  const g1 = (b: Uint8Array): Element => curve.G1.fromRprLEM(b, 0);
  const g2 = (b: Uint8Array): Element => curve.G2.fromRprLEM(b, 0);
  return {
    zkey,
    groups: groupCoefficients(zkey, Math.max(1, curve.tm.concurrency)),
    bases: { A: zkey.basesA.slice(), B1: zkey.basesB1.slice(), B2: zkey.basesB2.slice(), C: zkey.basesC.slice(), H: zkey.basesH.slice() },
    points: { alpha1: g1(zkey.alpha1), beta1: g1(zkey.beta1), delta1: g1(zkey.delta1), beta2: g2(zkey.beta2), delta2: g2(zkey.delta2) },
  };
}

/** A·w, B·w and their product at each constraint (the QAP's evaluations on the domain), in the workers. */
async function coefficientPass(curve: Curve, prepared: PreparedGroth16, witness: Uint8Array): Promise<[Uint8Array, Uint8Array, Uint8Array]> {
  const n8 = curve.Fr.n8;
  const { zkey } = prepared;
  const parts = await Promise.all(prepared.groups.map((group) => curve.tm.queueAction([
    { cmd: 'ALLOCSET', var: 0, buff: group.entries },
    { cmd: 'ALLOCSET', var: 1, buff: witness },
    { cmd: 'ALLOC', var: 2, len: group.size * n8 },
    { cmd: 'ALLOC', var: 3, len: group.size * n8 },
    { cmd: 'ALLOC', var: 4, len: group.size * n8 },
    {
      cmd: 'CALL', fnName: 'qap_buildABC', params: [
        { var: 0 }, { val: group.count }, { var: 1 }, { var: 2 }, { var: 3 }, { var: 4 },
        { val: group.start }, { val: group.size }, { val: 0 }, { val: zkey.nVars },
      ],
    },
    { cmd: 'GET', out: 0, var: 2, len: group.size * n8 },
    { cmd: 'GET', out: 1, var: 3, len: group.size * n8 },
    { cmd: 'GET', out: 2, var: 4, len: group.size * n8 },
  ])));
  const joined = (k: number): Uint8Array => {
    const out = new Uint8Array(zkey.domainSize * n8);
    prepared.groups.forEach((group, g) => out.set(parts[g]![k]!, group.start * n8));
    return out;
  };
  return [joined(0), joined(1), joined(2)];
}

/** Evaluations on the domain -> evaluations on the shifted coset (snarkjs's "odd" points). */
async function toCoset(curve: Curve, evaluations: Uint8Array, inc: Element): Promise<Uint8Array> {
  const coefficients = await curve.Fr.ifft(evaluations);
  return curve.Fr.fft(await curve.Fr.batchApplyKey(coefficients, curve.Fr.e(1), inc));
}

/** h on the coset: A·B − C per point, out of Montgomery form (the H MSM's scalars), in the workers. */
async function joinABC(curve: Curve, a: Uint8Array, b: Uint8Array, c: Uint8Array): Promise<Uint8Array> {
  const n8 = curve.Fr.n8;
  const n = a.byteLength / n8;
  const workers = Math.max(1, curve.tm.concurrency);
  const width = Math.ceil(n / workers);
  const jobs: Promise<Uint8Array[]>[] = [];
  for (let start = 0; start < n; start += width) {
    const size = Math.min(width, n - start);
    const part = (x: Uint8Array): Uint8Array => x.slice(start * n8, (start + size) * n8);
    jobs.push(curve.tm.queueAction([
      { cmd: 'ALLOCSET', var: 0, buff: part(a) },
      { cmd: 'ALLOCSET', var: 1, buff: part(b) },
      { cmd: 'ALLOCSET', var: 2, buff: part(c) },
      { cmd: 'ALLOC', var: 3, len: size * n8 },
      { cmd: 'CALL', fnName: 'qap_joinABC', params: [{ var: 0 }, { var: 1 }, { var: 2 }, { val: size }, { var: 3 }] },
      { cmd: 'CALL', fnName: 'frm_batchFromMontgomery', params: [{ var: 3 }, { val: size }, { var: 3 }] },
      { cmd: 'GET', out: 0, var: 3, len: size * n8 },
    ]));
  }
  const out = new Uint8Array(a.byteLength);
  (await Promise.all(jobs)).forEach((r, i) => out.set(r[0]!, i * width * n8));
  return out;
}

/**
 * What one bucket costs a window's final sum, in additions of one point to a bucket: the values
 * whose best widths match the fastest measured on 4,000 to 16,000 points. Batched affine
 * additions (msm-wasm.ts) make a point cheaper while the buckets' running sum stays Jacobian,
 * so a bucket costs relatively more and the best width is smaller.
 */
const BUCKET_COST = { affine: 3, jacobian: 1.1 } as const;

/**
 * The window width c of a bucket MSM over n points split by windows across `workers`: each worker
 * sums ⌈⌈bits/c⌉/workers⌉ windows, each costing n point additions plus 2^c buckets at
 * `bucketCost` additions each, so c minimises ⌈⌈bits/c⌉/workers⌉ · (n + bucketCost·2^c).
 */
export function windowBits(n: number, bits: number, workers: number, bucketCost: number): number {
  let best = 1;
  let bestCost = Infinity;
  for (let c = 1; c <= 16; c++) {
    const cost = Math.ceil(Math.ceil(bits / c) / workers) * (n + bucketCost * 2 ** c);
    if (cost < bestCost) {
      best = c;
      bestCost = cost;
    }
  }
  return best;
}

/** Whether the curve's wasm has our window sum (not when snarkjs built the shared curve first). */
function hasWindowMsm(curve: Curve): boolean {
  return WINDOW_MSM.G1 in curve.tm.instance.exports;
}

/**
 * Σ scalars[i]·bases[i] over affine bases, split by windows: every worker gets all the points
 * and sums its share of the c-bit windows, and the main thread joins the window sums by
 * doubling (Horner). A window is summed with batched affine additions (msm-wasm.ts), or, on a
 * curve built without them, with wasmcurves' Jacobian one (`_chunk`). Splitting by windows
 * rather than by points does each window's bucket sum once, not once per worker.
 */
async function msm(curve: Curve, group: 'G1' | 'G2', bases: Uint8Array, scalars: Uint8Array): Promise<Element> {
  const G = curve[group];
  const n = bases.byteLength / (2 * G.F.n8);
  if (n === 0) return G.zero;
  const scalarSize = scalars.byteLength / n;
  const workers = Math.max(1, curve.tm.concurrency);
  const affine = hasWindowMsm(curve);
  const bits = curve.Fr.bitLength;
  const c = windowBits(n, bits, workers, affine ? BUCKET_COST.affine : BUCKET_COST.jacobian);
  const windows = Math.ceil(bits / c);
  const perWorker = Math.ceil(windows / workers);
  const SCRATCH = 2;
  const jobs: Promise<Uint8Array[]>[] = [];
  for (let first = 0; first < windows; first += perWorker) {
    const task: Task[] = [
      { cmd: 'ALLOCSET', var: 0, buff: bases },
      { cmd: 'ALLOCSET', var: 1, buff: scalars },
    ];
    if (affine) task.push({ cmd: 'ALLOC', var: SCRATCH, len: windowScratchBytes(G.F.n8, n, c) });
    for (let k = 0; k < Math.min(perWorker, windows - first); k++) {
      const sum = SCRATCH + 1 + k;
      const window = [{ var: 0 }, { var: 1 }, { val: scalarSize }, { val: n }, { val: (first + k) * c }, { val: c }];
      task.push(
        { cmd: 'ALLOC', var: sum, len: 3 * G.F.n8 },
        affine
          ? { cmd: 'CALL', fnName: WINDOW_MSM[group], params: [...window, { var: SCRATCH }, { var: sum }] }
          : { cmd: 'CALL', fnName: group === 'G1' ? 'g1m_multiexpAffine_chunk' : 'g2m_multiexpAffine_chunk', params: [...window, { var: sum }] },
        { cmd: 'GET', out: k, var: sum, len: 3 * G.F.n8 },
      );
    }
    jobs.push(curve.tm.queueAction(task));
  }
  const windowSums = (await Promise.all(jobs)).flat();
  let sum = G.zero;
  for (let j = windowSums.length - 1; j >= 0; j--) {
    for (let k = 0; k < c; k++) sum = G.double(sum);
    sum = G.add(sum, windowSums[j]!);
  }
  return sum;
}

const decimal = (x: bigint): string => x.toString();

/**
 * Proves with a prepared key and a witness (.wtns bytes).
 * @throws {Error} when the witness does not fit the key
 */
export async function proveGroth16(curve: Curve, prepared: PreparedGroth16, wtns: Uint8Array): Promise<ProofResult> {
  const { zkey, points, bases } = prepared;
  const { Fr, G1, G2 } = curve;
  const witness = readWitness(wtns);
  if (witness.prime !== zkey.r || witness.n8 !== Fr.n8) throw new Error('witness: not over the key\'s scalar field');
  if (witness.count !== zkey.nVars) throw new Error(`witness: ${witness.count} values, the circuit has ${zkey.nVars}`);
  const w = witness.values.slice();

  // Queue order is work order: the coefficient pass first (the FFTs wait on it), then the MSMs.
  const abc = coefficientPass(curve, prepared, w);
  const msmA = msm(curve, 'G1', bases.A, w);
  const msmB1 = msm(curve, 'G1', bases.B1, w);
  const msmB2 = msm(curve, 'G2', bases.B2, w);
  const msmC = msm(curve, 'G1', bases.C, w.slice((zkey.nPublic + 1) * Fr.n8));

  const power = Math.log2(zkey.domainSize);
  const inc = power === Fr.s ? Fr.shift : Fr.w[power + 1]!;
  const [a, b, c] = await abc;
  const [aOdd, bOdd, cOdd] = await Promise.all([toCoset(curve, a, inc), toCoset(curve, b, inc), toCoset(curve, c, inc)]);
  const h = await msm(curve, 'G1', bases.H, await joinABC(curve, aOdd, bOdd, cOdd));
  const [sumA, sumB1, sumB2, sumC] = await Promise.all([msmA, msmB1, msmB2, msmC]);

  const r = Fr.random();
  const s = Fr.random();
  const piA = G1.add(G1.add(sumA, points.alpha1), G1.timesFr(points.delta1, r));
  const piB = G2.add(G2.add(sumB2, points.beta2), G2.timesFr(points.delta2, s));
  const b1 = G1.add(G1.add(sumB1, points.beta1), G1.timesFr(points.delta1, s));
  let piC = G1.add(sumC, h);
  piC = G1.add(piC, G1.timesFr(piA, s));
  piC = G1.add(piC, G1.timesFr(b1, r));
  piC = G1.add(piC, G1.timesFr(points.delta1, Fr.neg(Fr.mul(r, s))));

  const proof: Groth16Proof = {
    pi_a: G1.toObject(G1.toAffine(piA)).map(decimal),
    pi_b: G2.toObject(G2.toAffine(piB)).map((row) => row.map(decimal)),
    pi_c: G1.toObject(G1.toAffine(piC)).map(decimal),
    protocol: 'groth16',
    curve: curve.name,
  };
  const publicSignals: string[] = [];
  for (let i = 1; i <= zkey.nPublic; i++) {
    let x = 0n;
    for (let k = Fr.n8 - 1; k >= 0; k--) x = (x << 8n) | BigInt(w[i * Fr.n8 + k]!);
    publicSignals.push(decimal(x));
  }
  return { proof, publicSignals };
}
