/**
 * Field-element validation and conversion at the library's boundaries: every value that enters
 * a circuit or comes out of a proof is checked to be a canonical BN254 scalar (0 <= x < p).
 */
import { FIELD_MODULUS } from '../constants.js';
import { InputError, describe } from '../errors.js';

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

/**
 * Parses a canonical field element given as a bigint or a decimal string (snarkjs style).
 * @throws {InputError} when the value is not an integer in [0, p)
 */
export function assertField(value: unknown, field: string): bigint {
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'string' && DECIMAL.test(value)) n = BigInt(value);
  else throw new InputError(field, `expected a field element (decimal string), got ${describe(value)}`);
  if (n < 0n || n >= FIELD_MODULUS) throw new InputError(field, 'expected a canonical field element (< p)');
  return n;
}

/**
 * True when `value` is the canonical decimal string of an integer below `modulus` (no sign,
 * no leading zeros, no hex): the one textual form snarkjs JSON is accepted in.
 */
export function isCanonicalDecimal(value: unknown, modulus: bigint): value is string {
  return typeof value === 'string' && DECIMAL.test(value) && BigInt(value) < modulus;
}

/** True when `value` is a decimal string of a canonical field element. */
export function isFieldString(value: unknown): value is string {
  return isCanonicalDecimal(value, FIELD_MODULUS);
}

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Big-endian bytes to bigint. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** Little-endian bytes to bigint (the wasm and native field layouts). */
export function bytesToBigIntLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/** A value below 2^256 as 32 bytes, big-endian (bucket files, stored tree nodes) or little-endian. */
export function bigIntToBytes32(value: bigint, littleEndian = false): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 0; i < 32; i++) {
    out[littleEndian ? i : 31 - i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A uniformly random field element from `random` (31 bytes, so always < p). */
export function randomFieldElement(random: (n: number) => Uint8Array): bigint {
  return bytesToBigInt(random(31));
}
