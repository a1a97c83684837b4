/**
 * Witness-level circuit test helpers over snarkjs 0.7.6 (no circom_tester or circomkit: both want
 * a native circom and circomkit compiles at --O1, not what ships; DESIGN section 10).
 *   - compileTestMain: compiles a small test main with circom2 at --O2, once per source; outputs
 *     are cached under build/test-circuits/<name>/ keyed by a hash of the main, the circuit
 *     sources, the circomlib and circom2 versions.
 *   - calculateWitness: snarkjs.wtns.calculate into memory; signals are read BY NAME through the
 *     .sym file (or, for the shipped mains, which ship no .sym, through the public-signal layout).
 *   - expectPass / expectFail: witness generation succeeds with the expected outputs (and the
 *     witness satisfies the r1cs), or throws on a failed `===`/assert.
 *   - checkWitness / editWitness: the r1cs check, and a cheating prover's witness (chosen wires
 *     changed after generation, bypassing the generator's asserts) that the r1cs must reject.
 *   - readR1cs / unsatisfiedConstraints: a small r1cs reader (spec: iden3 r1cs binary format v1)
 *     so tests can say WHICH constraints a cheat breaks, and which wires constraints touch.
 * NOTE: wtns.check and r1cs.info build the bn128 curve, which starts worker threads; call
 *       `releaseCurve()` in afterAll or the test process never exits.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { expect } from 'vitest';
import { BUILD_DIR, CIRCUITS_DIR, ROOT } from '../../scripts/circuit-registry.js';
import { compileCircuit } from '../../scripts/compile.js';

/** Where compiled test mains are cached (inside the git-ignored build/ directory). */
export const TEST_BUILD_DIR: string = join(BUILD_DIR, 'test-circuits');

/** A test main: `component main = template(params)` from one file of circuits/. */
export interface TestMain {
  /** Directory and file base name under build/test-circuits/. */
  name: string;
  /** File in circuits/ that defines the template. */
  file: string;
  template: string;
  params: readonly number[];
  /** Inputs declared public (none by default: outputs are public anyway). */
  publicInputs?: readonly string[];
}

export type SignalValue = bigint | number | string;
/** A snarkjs input object: scalars, arrays and nested arrays of values. */
export type CircuitInput = Record<string, unknown>;
/** Expected outputs by signal name (relative to main), scalars or 1-D arrays. */
export type ExpectedSignals = Record<string, SignalValue | readonly SignalValue[]>;

/** A computed witness: the .wtns bytes and the values, wire 0 first (always 1). */
export interface Witness {
  wtns: Uint8Array;
  values: bigint[];
}

/** Source of a test main. */
export function testMainSource(main: TestMain): string {
  const pub = main.publicInputs !== undefined && main.publicInputs.length > 0 ? ` {public [${main.publicInputs.join(', ')}]}` : '';
  return [
    'pragma circom 2.1.0;',
    `include "${main.file}";`,
    `component main${pub} = ${main.template}(${main.params.join(', ')});`,
    '',
  ].join('\n');
}

function circom2Version(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/circom2/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The cache key of a compiled test main: the main, every circuits/*.circom file byte for byte
 * (comments included: the wasm's "Error in template X line: N" messages carry source lines,
 * which `failsAt` matches), circomlib's and circom2's versions, and the optimisation level.
 */
export function testMainKey(main: TestMain): string {
  const hash = createHash('sha256').update(testMainSource(main)).update('\0');
  for (const file of readdirSync(CIRCUITS_DIR).filter((f) => f.endsWith('.circom')).sort()) {
    hash.update(file).update('\0').update(readFileSync(join(CIRCUITS_DIR, file))).update('\0');
  }
  const circomlib = JSON.parse(readFileSync(join(ROOT, 'node_modules/circomlib/package.json'), 'utf8')) as { version: string };
  return hash.update(`circomlib@${circomlib.version}\0circom2@${circom2Version()}\0--O2`).digest('hex');
}

const KEY_FILE = 'cache-key.txt';

/**
 * Compiles a test main at --O2, or reuses the cached build when its key matches.
 * The build goes to a per-process temporary directory and is renamed into place, so an
 * interrupted compile never leaves a half-written entry; when two test processes build the same
 * main at once, the one that finishes second keeps the first one's build.
 */
export async function compileTestMain(main: TestMain): Promise<CircuitUnderTest> {
  const dir = join(TEST_BUILD_DIR, main.name);
  const key = testMainKey(main);
  const paths = {
    r1cs: join(dir, `${main.name}.r1cs`),
    wasm: join(dir, `${main.name}_js`, `${main.name}.wasm`),
    sym: join(dir, `${main.name}.sym`),
  };
  const cached = (): boolean => existsSync(join(dir, KEY_FILE)) && readFileSync(join(dir, KEY_FILE), 'utf8') === key
    && existsSync(paths.r1cs) && existsSync(paths.wasm) && existsSync(paths.sym);
  if (!cached()) {
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    await compileCircuit(main.name, testMainSource(main), tmp, '--O2');
    writeFileSync(join(tmp, KEY_FILE), key);
    if (cached()) {
      rmSync(tmp, { recursive: true, force: true });
    } else {
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    }
  }
  return new CircuitUnderTest(main.name, paths.wasm, paths.r1cs, readSym(paths.sym));
}

/**
 * Reads a circom .sym file ("labelIdx,wireIdx,componentIdx,name" per line) into name -> wire.
 * Signals that --O2 eliminated have wire -1.
 */
export function readSym(path: string): Map<string, number> {
  const wires = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    const parts = line.split(',');
    wires.set(parts.slice(3).join(','), Number(parts[1]));
  }
  return wires;
}

const wasmCache = new Map<string, Uint8Array>();

/**
 * Computes a witness in memory.
 * @param wasm path of the circuit's .wasm
 * @param input the snarkjs input object
 * @throws whatever the witness calculator throws (a failed assert: "Assert Failed")
 */
export async function calculateWitness(wasm: string, input: CircuitInput): Promise<Witness> {
  let code = wasmCache.get(wasm);
  if (code === undefined) {
    code = new Uint8Array(readFileSync(wasm));
    wasmCache.set(wasm, code);
  }
  const out: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
  await snarkjs.wtns.calculate(input, { type: 'mem', data: code }, out);
  if (out.data === undefined) throw new Error('wtns.calculate wrote no witness');
  return { wtns: out.data, values: parseWtns(out.data).values };
}

/**
 * Runs `fn` with the witness calculator's "ERROR: <code> ..." lines (console.error and
 * console.log) suppressed; other output passes through.
 */
export async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const { log, error } = console;
  const isNoise = (args: unknown[]): boolean => typeof args[0] === 'string' && args[0].startsWith('ERROR:');
  console.log = (...args: unknown[]) => { if (!isNoise(args)) log(...args); };
  console.error = (...args: unknown[]) => { if (!isNoise(args)) error(...args); };
  try {
    return await fn();
  } finally {
    console.log = log;
    console.error = error;
  }
}

interface WtnsLayout {
  n8: number;
  prime: bigint;
  /** Byte offset of witness value 0 inside the file. */
  valuesOffset: number;
  values: bigint[];
}

const leBigInt = (bytes: Uint8Array, offset: number, n8: number): bigint => {
  let n = 0n;
  for (let i = n8 - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[offset + i]!);
  return n;
};

/** Parses a .wtns file (iden3 binary format: "wtns", version 2, header and witness sections). */
export function parseWtns(data: Uint8Array): WtnsLayout {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (new TextDecoder().decode(data.subarray(0, 4)) !== 'wtns') throw new Error('not a wtns file');
  const nSections = view.getUint32(8, true);
  let pos = 12;
  let n8 = 0;
  let prime = 0n;
  let count = 0;
  let valuesOffset = -1;
  for (let s = 0; s < nSections; s++) {
    const type = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    const body = pos + 12;
    if (type === 1) {
      n8 = view.getUint32(body, true);
      prime = leBigInt(data, body + 4, n8);
      count = view.getUint32(body + 4 + n8, true);
    } else if (type === 2) {
      valuesOffset = body;
    }
    pos = body + size;
  }
  if (n8 === 0 || valuesOffset < 0) throw new Error('wtns file without header or witness section');
  const values: bigint[] = [];
  for (let i = 0; i < count; i++) values.push(leBigInt(data, valuesOffset + i * n8, n8));
  return { n8, prime, valuesOffset, values };
}

/** A copy of `witness` with some wires set to new values (reduced mod p). */
export function patchWitness(witness: Witness, edits: ReadonlyMap<number, bigint>): Witness {
  const layout = parseWtns(witness.wtns);
  const wtns = new Uint8Array(witness.wtns);
  const values = [...witness.values];
  for (const [wire, raw] of edits) {
    if (!Number.isInteger(wire) || wire <= 0 || wire >= values.length) throw new RangeError(`wire ${wire} outside 1..${values.length - 1}`);
    let v = ((raw % layout.prime) + layout.prime) % layout.prime;
    values[wire] = v;
    for (let i = 0; i < layout.n8; i++) {
      wtns[layout.valuesOffset + wire * layout.n8 + i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  return { wtns, values };
}

const SILENT = { info() {}, debug() {}, warn() {}, error() {} };

/** snarkjs.wtns.check: whether the witness satisfies every constraint of the r1cs. */
export async function checkWitness(r1cs: string, wtns: Uint8Array): Promise<boolean> {
  return snarkjs.wtns.check(r1cs, { type: 'mem', data: wtns }, SILENT);
}

/** Number of constraints of an r1cs, via snarkjs.r1cs.info. */
export async function constraintCount(r1cs: string): Promise<number> {
  return (await snarkjs.r1cs.info(r1cs)).nConstraints;
}

/** A linear combination: wire -> coefficient. */
export type LinearCombination = Map<number, bigint>;

export interface R1cs {
  prime: bigint;
  nVars: number;
  nOutputs: number;
  nPubInputs: number;
  nPrvInputs: number;
  /** Each constraint is A * B = C. */
  constraints: [LinearCombination, LinearCombination, LinearCombination][];
}

const r1csCache = new Map<string, R1cs>();

/** Reads an .r1cs file (iden3 r1cs format v1: header and constraint sections). Cached by path. */
export function readR1cs(path: string): R1cs {
  const hit = r1csCache.get(path);
  if (hit !== undefined) return hit;
  const data = new Uint8Array(readFileSync(path));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (new TextDecoder().decode(data.subarray(0, 4)) !== 'r1cs') throw new Error(`${path}: not an r1cs file`);
  const nSections = view.getUint32(8, true);
  const sections = new Map<number, number>();
  let pos = 12;
  for (let s = 0; s < nSections; s++) {
    const type = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    sections.set(type, pos + 12);
    pos += 12 + size;
  }
  const h = sections.get(1);
  const c0 = sections.get(2);
  if (h === undefined || c0 === undefined) throw new Error(`${path}: missing header or constraint section`);
  const n8 = view.getUint32(h, true);
  const prime = leBigInt(data, h + 4, n8);
  const p = h + 4 + n8;
  let c = c0;
  const nVars = view.getUint32(p, true);
  const nOutputs = view.getUint32(p + 4, true);
  const nPubInputs = view.getUint32(p + 8, true);
  const nPrvInputs = view.getUint32(p + 12, true);
  const nConstraints = view.getUint32(p + 24, true);
  const readLc = (): LinearCombination => {
    const lc: LinearCombination = new Map();
    const terms = view.getUint32(c, true);
    c += 4;
    for (let t = 0; t < terms; t++) {
      lc.set(view.getUint32(c, true), leBigInt(data, c + 4, n8));
      c += 4 + n8;
    }
    return lc;
  };
  const constraints: R1cs['constraints'] = [];
  for (let i = 0; i < nConstraints; i++) constraints.push([readLc(), readLc(), readLc()]);
  const r1cs = { prime, nVars, nOutputs, nPubInputs, nPrvInputs, constraints };
  r1csCache.set(path, r1cs);
  return r1cs;
}

/** Indices of the constraints that `values` (a full witness) does not satisfy. */
export function unsatisfiedConstraints(r1cs: R1cs, values: readonly bigint[]): number[] {
  const p = r1cs.prime;
  const evaluate = (lc: LinearCombination): bigint => {
    let acc = 0n;
    for (const [wire, coefficient] of lc) acc += values[wire]! * coefficient;
    return acc % p;
  };
  const failing: number[] = [];
  r1cs.constraints.forEach(([a, b, c], i) => {
    if ((evaluate(a) * evaluate(b) - evaluate(c)) % p !== 0n) failing.push(i);
  });
  return failing;
}

/** Wires of the constraints with the given indices (non-zero coefficients only). */
export function wiresOf(r1cs: R1cs, indices: readonly number[]): Set<number> {
  const wires = new Set<number>();
  for (const i of indices) {
    for (const lc of r1cs.constraints[i]!) {
      for (const [wire, coefficient] of lc) if (coefficient % r1cs.prime !== 0n) wires.add(wire);
    }
  }
  return wires;
}

const toBigInt = (x: SignalValue): bigint => BigInt(x);

/** One frame of the witness calculator's failed-assert call chain. */
export interface FailureFrame {
  template: string;
  line: number;
}

/**
 * A compiled circuit under test: witness generation, signals by name, r1cs checks.
 * Names are relative to `main` ("out", "in[3]", "isOp[0]"); an array name without an index
 * reads the whole 1-D array.
 */
export class CircuitUnderTest {
  readonly name: string;
  readonly wasm: string;
  readonly r1cs: string;
  private readonly wires: ReadonlyMap<string, number>;

  constructor(name: string, wasm: string, r1cs: string, wires: ReadonlyMap<string, number>) {
    this.name = name;
    this.wasm = wasm;
    this.r1cs = r1cs;
    this.wires = wires;
  }

  /** Wire index of a scalar signal. */
  wire(name: string): number {
    const wire = this.wires.get(`main.${name}`);
    if (wire === undefined) throw new Error(`${this.name}: no signal main.${name}`);
    if (wire < 0) throw new Error(`${this.name}: main.${name} was optimised away by --O2 (no wire to read or edit)`);
    return wire;
  }

  /** Wire indices of a 1-D array signal, or of a scalar as a one-element list. */
  wiresOf(name: string): number[] {
    if (this.wires.has(`main.${name}`)) return [this.wire(name)];
    const wires: number[] = [];
    while (this.wires.has(`main.${name}[${wires.length}]`)) wires.push(this.wire(`${name}[${wires.length}]`));
    if (wires.length === 0) throw new Error(`${this.name}: no signal main.${name}`);
    return wires;
  }

  /**
   * The one signal name (relative to main) matching `pattern`, for signals of anonymous
   * components, whose generated names carry source positions ("IsEqual_26_750[3].isz.inv").
   */
  findSignal(pattern: RegExp): string {
    const names = [...this.wires.keys()].map((n) => n.slice('main.'.length)).filter((n) => pattern.test(n));
    if (names.length !== 1) throw new Error(`${this.name}: expected one signal matching ${pattern}, found ${names.length}`);
    return names[0]!;
  }

  /** Whether the circuit has a signal of that name (scalar or array). */
  has(name: string): boolean {
    return this.wires.has(`main.${name}`) || this.wires.has(`main.${name}[0]`);
  }

  calculateWitness(input: CircuitInput): Promise<Witness> {
    return calculateWitness(this.wasm, input);
  }

  /** A scalar signal's value. */
  read(witness: Witness, name: string): bigint {
    return witness.values[this.wire(name)]!;
  }

  /** A 1-D array signal's values. */
  readArray(witness: Witness, name: string): bigint[] {
    return this.wiresOf(name).map((w) => witness.values[w]!);
  }

  /**
   * Generates the witness, asserts each expected signal and that the witness satisfies the
   * r1cs (so the wasm and the r1cs agree on this input). The r1cs check here is the in-process
   * evaluator (unsatisfiedConstraints), several times faster than snarkjs.wtns.check;
   * editWitness requires both to agree, and witness.test.ts checks that they do.
   */
  async expectPass(input: CircuitInput, expected: ExpectedSignals = {}): Promise<Witness> {
    const witness = await this.calculateWitness(input);
    for (const [name, value] of Object.entries(expected)) {
      if (Array.isArray(value)) {
        expect(this.readArray(witness, name), `signal ${name}`).toEqual(value.map(toBigInt));
      } else {
        expect(this.read(witness, name), `signal ${name}`).toBe(toBigInt(value as SignalValue));
      }
    }
    expect(unsatisfiedConstraints(this.constraints(), witness.values), 'unsatisfied r1cs constraints').toEqual([]);
    return witness;
  }

  /**
   * Asserts that witness generation throws, with a message matching `reason` (by default a
   * failed assert or `===`, so that e.g. a missing input does not count as the expected failure).
   * The witness calculator names the failing templates ("Error in template Num2Bits_3 line: 38").
   */
  async expectFail(input: CircuitInput, reason: RegExp = /Assert Failed/): Promise<void> {
    await expect(quietly(() => this.calculateWitness(input))).rejects.toThrow(reason);
  }

  /**
   * The call chain of the failed assert that `input` triggers, innermost first: template names
   * without their instance suffix, and source lines. Throws when witness generation succeeds.
   */
  async failure(input: CircuitInput): Promise<FailureFrame[]> {
    let message: string | undefined;
    try {
      await quietly(() => this.calculateWitness(input));
    } catch (e) {
      message = e instanceof Error ? e.message : String(e);
    }
    if (message === undefined) throw new Error(`${this.name}: witness generation succeeded`);
    expect(message).toMatch(/Assert Failed/);
    return [...message.matchAll(/Error in template (\w+?)_\d+ line: (\d+)/g)].map((m) => ({ template: m[1]!, line: Number(m[2]) }));
  }

  /** snarkjs.wtns.check of a witness against this circuit's r1cs. */
  check(witness: Witness): Promise<boolean> {
    return checkWitness(this.r1cs, witness.wtns);
  }

  /** A copy of `witness` with named signals set to new values; no assertion. */
  patch(witness: Witness, edits: Record<string, SignalValue>): Witness {
    const byWire = new Map<number, bigint>();
    for (const [name, value] of Object.entries(edits)) byWire.set(this.wire(name), toBigInt(value));
    return patchWitness(witness, byWire);
  }

  /**
   * The cheating prover: changes named signals in a valid witness (bypassing the generator's
   * asserts) and asserts that snarkjs.wtns.check then FAILS. Each edit must change the value,
   * so the test cannot pass vacuously.
   * @returns indices of the constraints the edited witness violates
   */
  async editWitness(witness: Witness, edits: Record<string, SignalValue>): Promise<number[]> {
    for (const [name, value] of Object.entries(edits)) {
      const p = readR1cs(this.r1cs).prime;
      expect(this.read(witness, name), `edit of ${name} must change it`).not.toBe(((toBigInt(value) % p) + p) % p);
    }
    const edited = this.patch(witness, edits);
    expect(await this.check(edited), 'r1cs check of the edited witness').toBe(false);
    const failing = unsatisfiedConstraints(readR1cs(this.r1cs), edited.values);
    expect(failing.length).toBeGreaterThan(0);
    return failing;
  }

  /** The r1cs constraint count (snarkjs.r1cs.info). */
  constraintCount(): Promise<number> {
    return constraintCount(this.r1cs);
  }

  /** The r1cs, parsed. */
  constraints(): R1cs {
    return readR1cs(this.r1cs);
  }
}

/** Terminates the bn128 curve's worker threads if snarkjs built the curve in this process. */
export async function releaseCurve(): Promise<void> {
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null };
  await g.curve_bn128?.terminate();
}

/**
 * The 1-based line of the only line of circuits/<file> containing `snippet`. Negative tests
 * match the witness calculator's "Error in template X_<id> line: N" against it, so they fail for
 * the intended reason and survive comment edits above the line.
 */
export function lineOf(file: string, snippet: string): number {
  const lines = readFileSync(join(CIRCUITS_DIR, file), 'utf8').split('\n');
  const hits = lines.flatMap((line, i) => (line.includes(snippet) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`circuits/${file}: expected one line containing "${snippet}", found ${hits.length}`);
  return hits[0]!;
}

/**
 * A pattern for a failed assert raised at the line of circuits/<file> containing `snippet`, in
 * an instance of `template` (one frame of the calculator's call chain).
 * NOTE: only for circuits compiled from the current sources (the test mains). The shipped
 *       artifacts may predate comment edits, which move lines but not the source hash: use
 *       `failsIn` for them.
 */
export function failsAt(template: string, file: string, snippet: string): RegExp {
  return new RegExp(`Assert Failed[\\s\\S]*Error in template ${template}_\\d+ line: ${lineOf(file, snippet)}\\b`);
}

/**
 * A pattern for a failed assert whose call chain is exactly `frames`, innermost first
 * (e.g. "Num2Bits", "Disclosure", "Presentation"), at any lines.
 */
export function failsIn(...frames: string[]): RegExp {
  return new RegExp(`Assert Failed\\. ${frames.map((t) => `Error in template ${t}_\\d+ line: \\d+\\n`).join('')}$`);
}

/** The multiplicative inverse mod p (p prime), for hand-built cheating witnesses. */
export function inverse(x: bigint, p: bigint): bigint {
  let [a, b, u, v] = [((x % p) + p) % p, p, 1n, 0n];
  if (a === 0n) throw new RangeError('0 has no inverse');
  while (b !== 0n) {
    const q = a / b;
    [a, b, u, v] = [b, a - q * b, v, u - q * v];
  }
  return ((u % p) + p) % p;
}
