/**
 * Compressed proof points (src/compact/points.ts): the bytes equal ffjavascript's
 * toRprCompressed (snarkjs's curve library, an independent implementation) for random points,
 * decompression rebuilds the snarkjs JSON exactly, and every malformed point is a typed error:
 * wrong length, reserved bit, coordinate not below q, x off the curve, G2 point outside the
 * prime-order subgroup.
 */
import { bn254 } from '@noble/curves/bn254.js';
import fc from 'fast-check';
import { buildBn128 } from 'ffjavascript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressProof, decompressProof } from '../../src/index.js';
import { proofFromScalars, scalar, codeOf } from './helpers.js';

const SEED = 16;
const Q = bn254.fields.Fp.ORDER;

interface FfCurve {
  G1: { fromObject(o: bigint[]): unknown; toRprCompressed(b: Uint8Array, o: number, p: unknown): void };
  G2: { fromObject(o: bigint[][]): unknown; toRprCompressed(b: Uint8Array, o: number, p: unknown): void };
  terminate(): Promise<void>;
}
let curve: FfCurve;
beforeAll(async () => {
  curve = (await buildBn128(true)) as unknown as FfCurve;
});
afterAll(async () => {
  await curve.terminate();
});


const validBytes = (): Uint8Array => compressProof(proofFromScalars(3n, 5n, 7n));

describe('compressProof / decompressProof', () => {
  it('writes the bytes ffjavascript writes and reads back the same JSON, for random points', () => {
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 2n ** 254n }), fc.bigInt({ min: 1n, max: 2n ** 254n }), fc.bigInt({ min: 1n, max: 2n ** 254n }), (a, b, c) => {
      const proof = proofFromScalars(scalar(a), scalar(b), scalar(c));
      const bytes = compressProof(proof);
      expect(bytes.length).toBe(128);
      const g1 = new Uint8Array(32);
      curve.G1.toRprCompressed(g1, 0, curve.G1.fromObject(proof.pi_a.map(BigInt)));
      const g2 = new Uint8Array(64);
      curve.G2.toRprCompressed(g2, 0, curve.G2.fromObject(proof.pi_b.map((row) => row.map(BigInt))));
      expect(bytes.subarray(0, 32)).toEqual(g1);
      expect(bytes.subarray(32, 96)).toEqual(g2);
      expect(decompressProof(bytes)).toEqual(proof);
    }), { seed: SEED, numRuns: 25 });
  });

  it('refuses a proof of 127 or 129 bytes', () => {
    expect(codeOf(() => decompressProof(validBytes().subarray(0, 127)))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => decompressProof(Uint8Array.of(...validBytes(), 0)))).toBe('COMPACT_MALFORMED');
  });

  it('refuses the infinity bit on A', () => {
    const bytes = validBytes();
    bytes[0]! |= 0x40;
    expect(codeOf(() => decompressProof(bytes))).toBe('COMPACT_INVALID_POINT');
  });

  it('refuses an x coordinate of C equal to q (not below the modulus)', () => {
    const bytes = validBytes();
    bytes.set(bigBytes(Q), 96);
    expect(codeOf(() => decompressProof(bytes))).toBe('COMPACT_NON_CANONICAL');
  });

  it('refuses an x of A with no point on the curve', () => {
    // x = 0 gives y² = 3, and 3 is no square mod q.
    const bytes = validBytes();
    bytes.set(new Uint8Array(32), 0);
    expect(codeOf(() => decompressProof(bytes))).toBe('COMPACT_INVALID_POINT');
  });

  it('refuses a B on the twist curve but outside the prime-order subgroup', () => {
    const { Fp2 } = bn254.fields;
    let x = { c0: 1n, c1: 7n };
    let y: { c0: bigint; c1: bigint } | undefined;
    for (let c0 = 1n; y === undefined; c0++) {
      x = { c0, c1: 7n };
      try {
        y = Fp2.sqrt(Fp2.add(Fp2.mul(Fp2.sqr(x), x), bn254.G2.Point.CURVE().b));
      } catch {
        y = undefined;
      }
    }
    expect(() => bn254.G2.Point.fromAffine({ x, y: y! }).assertValidity()).toThrow(/subgroup/);
    const bytes = validBytes();
    bytes.set(bigBytes(x.c1), 32);
    bytes.set(bigBytes(x.c0), 64);
    expect(codeOf(() => decompressProof(bytes))).toBe('COMPACT_INVALID_POINT');
  });

  it('flipping the sign bit of A gives the negated point (still valid, a different proof)', () => {
    const bytes = validBytes();
    bytes[0]! ^= 0x80;
    const proof = decompressProof(bytes);
    expect(proof.pi_a[1]).toBe((Q - BigInt(proofFromScalars(3n, 5n, 7n).pi_a[1]!)).toString());
  });
});

function bigBytes(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31, v = n; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}
