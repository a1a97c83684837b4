/**
 * circomlib's Poseidon for 2 and 4 inputs computed in WebAssembly: the BN254 scalar field in
 * Montgomery form from wasmcurves (the code generator snarkjs's own field arithmetic comes from),
 * built and instantiated synchronously once per process, with the permutation written here.
 * About 2.5 to 3 times poseidon-lite's speed, which is what makes a wallet's check of a
 * 1,024-leaf bucket and an issuer's bulk import fast. Outputs are checked against poseidon-lite
 * when the module is built; any disagreement, or a platform that refuses synchronous WebAssembly
 * compilation, falls back to poseidon-lite, so the result is never wrong, only slower.
 */
import wasmcurves from 'wasmcurves';
import { ModuleBuilder } from 'wasmbuilder';
import { FIELD_MODULUS } from '../constants.js';
import { bigIntToBytes32, bytesToBigInt, bytesToBigIntLE } from '../internal/field.js';
import { poseidon } from '../internal/poseidon.js';
import { POSEIDON_CONSTANTS } from './poseidon-constants.js';

type Hasher = (inputs: bigint[]) => bigint;

const FULL_ROUNDS = 8;
const PARTIAL_ROUNDS: Record<number, number> = { 3: 57, 5: 60 };
const N8 = 32;

interface FieldExports {
  frm_add(a: number, b: number, r: number): void;
  frm_mul(a: number, b: number, r: number): void;
  frm_square(a: number, r: number): void;
  frm_zero(r: number): void;
  frm_copy(a: number, r: number): void;
  frm_toMontgomery(a: number, r: number): void;
  frm_fromMontgomery(a: number, r: number): void;
}

const base64ToBigInt = (text: string): bigint => bytesToBigInt(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));

/** The field module and a bump allocator over its memory. */
function buildField(): { ex: FieldExports; u8: Uint8Array; alloc(bytes: number): number } {
  const builder = new ModuleBuilder();
  builder.setMemory(2);
  wasmcurves.buildF1m(builder, FIELD_MODULUS, 'frm');
  const memory = new WebAssembly.Memory({ initial: 2 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(builder.build())), { env: { memory } });
  const u8 = new Uint8Array(memory.buffer);
  let free = (builder.free + 7) & ~7;
  return {
    ex: instance.exports as unknown as FieldExports,
    u8,
    alloc: (bytes) => {
      const p = free;
      free += bytes;
      if (free > u8.length) throw new RangeError('wasm Poseidon: out of memory');
      return p;
    },
  };
}

/** Writes a field element (little-endian limbs) at p and converts it to Montgomery form. */
function store(field: ReturnType<typeof buildField>, p: number, value: bigint): void {
  field.u8.set(bigIntToBytes32(value, true), p);
  field.ex.frm_toMontgomery(p, p);
}

/** Poseidon with `inputs` inputs (2 or 4) on the field module. */
function buildPermutation(field: ReturnType<typeof buildField>, inputs: number): Hasher {
  const t = inputs + 1;
  const partial = PARTIAL_ROUNDS[t]!;
  const { C, M } = POSEIDON_CONSTANTS[inputs]!;
  const pC = field.alloc(C.length * N8);
  C.forEach((c, i) => store(field, pC + i * N8, base64ToBigInt(c)));
  const pM = field.alloc(t * t * N8);
  M.forEach((row, x) => row.forEach((m, y) => store(field, pM + (x * t + y) * N8, base64ToBigInt(m))));
  const pState = field.alloc(t * N8);
  const pNext = field.alloc(t * N8);
  const pTmp = field.alloc(N8);
  const pOut = field.alloc(N8);
  const { frm_add: add, frm_mul: mul, frm_square: square, frm_zero: zero, frm_copy: copy } = field.ex;
  const sbox = (p: number): void => {
    square(p, pTmp);
    square(pTmp, pTmp);
    mul(p, pTmp, p);
  };
  return (values) => {
    zero(pState);
    for (let i = 0; i < inputs; i++) store(field, pState + (i + 1) * N8, values[i]!);
    const rounds = FULL_ROUNDS + partial;
    for (let r = 0; r < rounds; r++) {
      const full = r < FULL_ROUNDS / 2 || r >= FULL_ROUNDS / 2 + partial;
      for (let y = 0; y < t; y++) {
        add(pState + y * N8, pC + (r * t + y) * N8, pState + y * N8);
        if (full || y === 0) sbox(pState + y * N8);
      }
      for (let x = 0; x < t; x++) {
        zero(pNext + x * N8);
        for (let y = 0; y < t; y++) {
          mul(pM + (x * t + y) * N8, pState + y * N8, pTmp);
          add(pNext + x * N8, pTmp, pNext + x * N8);
        }
      }
      for (let x = 0; x < t; x++) copy(pNext + x * N8, pState + x * N8);
    }
    field.ex.frm_fromMontgomery(pState, pOut);
    return bytesToBigIntLE(field.u8.subarray(pOut, pOut + N8));
  };
}

/**
 * Poseidon(n) for any 1 <= n <= 16: in wasm for 2 and 4 inputs when available and verified,
 * poseidon-lite otherwise. Inputs must be field elements (< p), as tree nodes are.
 */
export function createFastPoseidon(): { hash: Hasher; wasm: boolean } {
  try {
    const field = buildField();
    const byWidth = new Map<number, Hasher>([2, 4].map((n) => [n, buildPermutation(field, n)]));
    for (const [n, fn] of byWidth) {
      const probe = Array.from({ length: n }, (_, i) => FIELD_MODULUS - 1n - BigInt(i) * 12345678901234567890n);
      if (fn(probe) !== poseidon(probe)) return { hash: poseidon, wasm: false };
    }
    return { hash: (inputs) => (byWidth.get(inputs.length) ?? poseidon)(inputs), wasm: true };
  } catch {
    return { hash: poseidon, wasm: false };
  }
}
