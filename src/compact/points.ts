/**
 * A Groth16 proof (BN254, snarkjs JSON) as 128 bytes of compressed points, and back:
 *
 *   A (G1, 32 bytes) || B (G2, 64 bytes) || C (G1, 32 bytes)
 *
 * G1: the x coordinate, 32 bytes big-endian. G2: x = c0 + c1·u as c1 || c0, each 32 bytes
 * big-endian (the order Ethereum's precompiles use). Coordinates are below q < 2^254, so the top
 * two bits of the first byte are free: bit 7 set means y is the larger of its two square roots
 * (y > q − y; in Fp2 compared on c1, then on c0 when c1 = 0), bit 6 (the point at infinity) must
 * be clear: an honest proof never holds it, and the verifier refuses it in JSON too. These are
 * the bytes of ffjavascript's `toRprCompressed` (the curve library under snarkjs), which the
 * tests check point for point.
 *
 * Decompression recomputes y from the curve equation with @noble/curves bn254 and checks, in
 * order: length, reserved bit, x canonical (< q), y exists (x is on the curve), and the point in
 * the prime-order subgroup (noble's assertValidity; for G2 its endomorphism test). No point of
 * either curve has y = 0 (that would be a point of order 2; both group orders are odd), so the
 * sign bit always picks one of two distinct roots. Each failure is a CompactError, never a throw
 * from noble. The JSON rebuilt is the canonical snarkjs form the verifier accepts.
 */
import { bn254 } from '@noble/curves/bn254.js';
import { CompactError } from '../errors.js';
import type { Groth16Proof } from '../prover.js';
import { bigIntToBytes32, bytesToBigInt } from '../internal/field.js';

/** Bytes of a compressed Groth16 proof: two G1 points and one G2 point. */
export const COMPRESSED_PROOF_BYTES = 128;

const { Fp, Fp2 } = bn254.fields;
const Q = Fp.ORDER;
const LARGER_ROOT = 0x80;
const INFINITY = 0x40;
type Fp2Element = { c0: bigint; c1: bigint };

const larger = (y: bigint): boolean => y > Q - y;
const larger2 = (y: Fp2Element): boolean => (y.c1 !== 0n ? larger(y.c1) : larger(y.c0));

function flagged(x: bigint, isLarger: boolean): Uint8Array {
  const bytes = bigIntToBytes32(x);
  if (isLarger) bytes[0]! |= LARGER_ROOT;
  return bytes;
}

/** A canonical coordinate from 32 big-endian bytes, the flag bits masked off. */
function coordinate(bytes: Uint8Array, what: string): bigint {
  const value = bytesToBigInt(Uint8Array.of(bytes[0]! & 0x3f, ...bytes.subarray(1)));
  if (value >= Q) throw new CompactError('COMPACT_NON_CANONICAL', `${what}: coordinate is not below the field modulus`);
  return value;
}

function flags(bytes: Uint8Array, what: string): boolean {
  if ((bytes[0]! & INFINITY) !== 0) throw new CompactError('COMPACT_INVALID_POINT', `${what}: the point at infinity is not a proof point`);
  return (bytes[0]! & LARGER_ROOT) !== 0;
}

function compressG1(point: readonly string[]): Uint8Array {
  const [x, y] = [BigInt(point[0]!), BigInt(point[1]!)];
  return flagged(x, larger(y));
}

function compressG2(point: readonly (readonly string[])[]): Uint8Array {
  const x = { c0: BigInt(point[0]![0]!), c1: BigInt(point[0]![1]!) };
  const y = { c0: BigInt(point[1]![0]!), c1: BigInt(point[1]![1]!) };
  const out = new Uint8Array(64);
  out.set(flagged(x.c1, larger2(y)), 0);
  out.set(bigIntToBytes32(x.c0), 32);
  return out;
}

function decompressG1(bytes: Uint8Array, what: string): string[] {
  const isLarger = flags(bytes, what);
  const x = coordinate(bytes, what);
  let y: bigint;
  try {
    y = Fp.sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 3n));
  } catch {
    throw new CompactError('COMPACT_INVALID_POINT', `${what}: x is not on the curve`);
  }
  if (larger(y) !== isLarger) y = Fp.neg(y);
  assertInSubgroup(() => bn254.G1.Point.fromAffine({ x, y }).assertValidity(), what);
  return [x.toString(), y.toString(), '1'];
}

function decompressG2(bytes: Uint8Array, what: string): string[][] {
  const isLarger = flags(bytes, what);
  const x = { c1: coordinate(bytes.subarray(0, 32), what), c0: coordinate(bytes.subarray(32, 64), what) };
  let y: Fp2Element;
  try {
    y = Fp2.sqrt(Fp2.add(Fp2.mul(Fp2.sqr(x), x), bn254.G2.Point.CURVE().b));
  } catch {
    throw new CompactError('COMPACT_INVALID_POINT', `${what}: x is not on the curve`);
  }
  if (larger2(y) !== isLarger) y = Fp2.neg(y);
  assertInSubgroup(() => bn254.G2.Point.fromAffine({ x, y }).assertValidity(), what);
  return [[x.c0.toString(), x.c1.toString()], [y.c0.toString(), y.c1.toString()], ['1', '0']];
}

function assertInSubgroup(check: () => void, what: string): void {
  try {
    check();
  } catch {
    throw new CompactError('COMPACT_INVALID_POINT', `${what}: the point is not in the prime-order subgroup`);
  }
}

/**
 * Compresses a snarkjs Groth16 proof (affine, canonical decimal coordinates).
 * @param proof a proof as the prover returns it (trusted: the holder's own)
 * @returns 128 bytes: A || B || C
 * @example compressProof(presentation.zk.proof).length // 128
 */
export function compressProof(proof: Groth16Proof): Uint8Array {
  const out = new Uint8Array(COMPRESSED_PROOF_BYTES);
  out.set(compressG1(proof.pi_a), 0);
  out.set(compressG2(proof.pi_b), 32);
  out.set(compressG1(proof.pi_c), 96);
  return out;
}

/**
 * Rebuilds the snarkjs JSON proof from 128 compressed bytes (untrusted).
 * @returns the proof with every point on the curve and in its prime-order subgroup
 * @throws {CompactError} COMPACT_MALFORMED (length), COMPACT_NON_CANONICAL, COMPACT_INVALID_POINT
 * @example decompressProof(compressProof(proof)) // deep-equals proof
 */
export function decompressProof(bytes: Uint8Array): Groth16Proof {
  if (!(bytes instanceof Uint8Array) || bytes.length !== COMPRESSED_PROOF_BYTES) {
    throw new CompactError('COMPACT_MALFORMED', `proof: expected ${COMPRESSED_PROOF_BYTES} bytes of compressed points`);
  }
  return {
    pi_a: decompressG1(bytes.subarray(0, 32), 'proof.A'),
    pi_b: decompressG2(bytes.subarray(32, 96), 'proof.B'),
    pi_c: decompressG1(bytes.subarray(96, 128), 'proof.C'),
    protocol: 'groth16',
    curve: 'bn128',
  };
}
