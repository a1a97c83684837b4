/**
 * Minimal declarations for ffjavascript 0.3.1 (snarkjs's field and curve library; it ships no
 * types): only what src/proving/ uses. Field elements and points are opaque byte arrays in the
 * library's internal (Montgomery, projective) form; `toObject` gives bigints.
 */
declare module 'ffjavascript' {
  export type Element = Uint8Array;

  export interface Task {
    cmd: 'ALLOC' | 'ALLOCSET' | 'SET' | 'CALL' | 'GET';
    var?: number;
    len?: number;
    buff?: Uint8Array;
    out?: number;
    fnName?: string;
    params?: ({ var: number } | { val: number })[];
  }

  export interface ThreadManager {
    concurrency: number;
    /** The curve's wasm instance on the calling thread. */
    instance: WebAssembly.Instance;
    /** Runs the task list in a free worker; resolves with the GET outputs in order. */
    queueAction(task: Task[]): Promise<Uint8Array[]>;
  }

  export interface ScalarField {
    n8: number;
    /** Bits of the prime. */
    bitLength: number;
    s: number;
    shift: Element;
    w: Element[];
    e(x: bigint | number): Element;
    neg(a: Element): Element;
    mul(a: Element, b: Element): Element;
    random(): Element;
    ifft(buff: Uint8Array): Promise<Uint8Array>;
    fft(buff: Uint8Array): Promise<Uint8Array>;
    batchApplyKey(buff: Uint8Array, first: Element, inc: Element): Promise<Uint8Array>;
  }

  export interface Group<Affine> {
    F: { n8: number };
    /** The point at infinity. */
    zero: Element;
    add(a: Element, b: Element): Element;
    double(a: Element): Element;
    neg(a: Element): Element;
    eq(a: Element, b: Element): boolean;
    isZero(a: Element): boolean;
    /** Writes an affine point in little-endian Montgomery form. */
    toRprLEM(buff: Uint8Array, offset: number, a: Element): void;
    timesFr(a: Element, s: Element): Element;
    toAffine(a: Element): Element;
    toObject(a: Element): Affine;
    fromRprLEM(buff: Uint8Array, offset: number): Element;
  }

  export interface Curve {
    name: string;
    r: bigint;
    Fr: ScalarField;
    G1: Group<bigint[]>;
    G2: Group<bigint[][]>;
    tm: ThreadManager;
    terminate(): Promise<void>;
  }

  /** `plugins` adds functions to the curve's wasm module before it is built (not when cached). */
  export function buildBn128(singleThread?: boolean, plugins?: (module: import('wasmbuilder').ModuleBuilder) => void): Promise<Curve>;
}
