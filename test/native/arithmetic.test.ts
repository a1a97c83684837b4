/**
 * The native addon's BN254 arithmetic against @noble/curves: Fq and Fr operations, G1 and G2
 * addition (general and mixed), doubling and scalar multiplication, on random inputs and on the
 * edge cases (0, 1, p-1, infinity, P + P through the addition formulas, P + (-P)).
 */
import { bn254 } from '@noble/curves/bn254.js';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { concat, describeNative, fromLe, le32 } from '../helpers/native.js';

const Fp = bn254.fields.Fp;
const Fr = bn254.fields.Fr;
const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
type G1P = InstanceType<typeof G1>;
type G2P = InstanceType<typeof G2>;

const Q = Fp.ORDER;
const R = Fr.ORDER;

function g1Bytes(p: G1P): Uint8Array {
  if (p.is0()) return new Uint8Array(64);
  const a = p.toAffine();
  return concat([le32(a.x), le32(a.y)]);
}
function g2Bytes(p: G2P): Uint8Array {
  if (p.is0()) return new Uint8Array(128);
  const a = p.toAffine();
  return concat([le32(a.x.c0), le32(a.x.c1), le32(a.y.c0), le32(a.y.c1)]);
}

const edgeScalars = (order: bigint) => [0n, 1n, 2n, order - 1n, order - 2n, (order - 1n) / 2n];
const fieldValue = (order: bigint) => fc.oneof(fc.constantFrom(...edgeScalars(order)), fc.bigInt({ min: 0n, max: order - 1n }));
const scalar = fc.oneof(fc.constantFrom(...edgeScalars(R), R), fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }));
const multiple = fc.oneof(fc.constantFrom(0n, 1n, 2n, R - 1n), fc.bigInt({ min: 1n, max: R - 1n }));

describeNative('native BN254 arithmetic', ({ testing }) => {
  for (const [name, field, order] of [['q', Fp, Q], ['r', Fr, R]] as const) {
    it(`F${name}: add, sub, mul (assembly and portable), neg, sqr, inv match noble`, () => {
      fc.assert(
        fc.property(fieldValue(order), fieldValue(order), (a, b) => {
          const op = (o: Parameters<typeof testing.fieldOp>[1], y?: bigint) => fromLe(testing.fieldOp(name, o, le32(a), y === undefined ? undefined : le32(y)));
          expect(op('add', b)).toBe(field.add(a, b));
          expect(op('sub', b)).toBe(field.sub(a, b));
          expect(op('mul', b)).toBe(field.mul(a, b));
          expect(op('mulPortable', b)).toBe(field.mul(a, b));
          expect(op('neg')).toBe(field.neg(a));
          expect(op('sqr')).toBe(field.sqr(a));
          expect(op('inv')).toBe(a === 0n ? 0n : field.inv(a));
        }),
        { numRuns: 300 },
      );
    });

    it(`F${name}: refuses a value that is not reduced (p, 2^256 - 1)`, () => {
      for (const bad of [order, (1n << 256n) - 1n]) {
        expect(() => testing.fieldOp(name, 'add', le32(bad), le32(1n))).toThrow(/below the modulus/);
      }
    });
  }

  for (const [name, group, bytes, op] of [
    ['G1', G1, g1Bytes, testing.g1Op],
    ['G2', G2, g2Bytes, testing.g2Op],
  ] as const) {
    const point = (k: bigint) => (k === 0n ? group.ZERO : group.BASE.multiply(k));
    const eq = (out: Uint8Array, expected: G1P | G2P) => expect(Buffer.from(out).toString('hex')).toBe(Buffer.from((bytes as (p: G1P | G2P) => Uint8Array)(expected)).toString('hex'));
    const enc = (p: G1P | G2P) => (bytes as (p: G1P | G2P) => Uint8Array)(p);

    it(`${name}: add (general and mixed) and double match noble, including P + P, P + (-P) and infinity`, () => {
      fc.assert(
        fc.property(multiple, multiple, (i, j) => {
          const p = point(i) as G1P & G2P;
          const q = point(j) as G1P & G2P;
          eq(op('add', enc(p), enc(q)), p.add(q));
          eq(op('addMixed', enc(p), enc(q)), p.add(q));
          eq(op('add', enc(p), enc(p)), p.double());
          eq(op('addMixed', enc(p), enc(p)), p.double());
          eq(op('add', enc(p), enc(p.negate())), group.ZERO);
          eq(op('addMixed', enc(p), enc(p.negate())), group.ZERO);
          eq(op('double', enc(p)), p.double());
        }),
        { numRuns: 60 },
      );
    });

    it(`${name}: scalar multiplication matches noble (0, 1, r - 1, r, 256-bit scalars)`, () => {
      fc.assert(
        fc.property(multiple, scalar, (i, k) => {
          const p = point(i) as G1P & G2P;
          const expected = k % R === 0n || p.is0() ? group.ZERO : p.multiply(k % R);
          eq(op('mul', enc(p), le32(k)), expected);
        }),
        { numRuns: 40 },
      );
    });

    it(`${name}: points off the curve are refused, infinity is accepted`, () => {
      const p = enc(point(5n));
      const off = p.slice();
      off[0] ^= 1;
      expect(op('onCurve', p)).toBe(true);
      expect(op('onCurve', off)).toBe(false);
      expect(op('onCurve', enc(group.ZERO))).toBe(true);
      expect(() => op('double', off)).toThrow(/not on the curve/);
    });
  }

  it('the NTT roots of unity are those of ffjavascript (w_28 = 5^((r-1)/2^28), w_k = w_(k+1)^2)', () => {
    const w28 = Fr.pow(5n, (R - 1n) >> 28n);
    expect(fromLe(testing.rootOfUnity(28))).toBe(w28);
    const w13 = fromLe(testing.rootOfUnity(13));
    expect(Fr.pow(w13, 1n << 12n)).toBe(R - 1n);
    expect(Fr.pow(w28, 1n << 15n)).toBe(w13);
    expect(fromLe(testing.rootOfUnity(0))).toBe(1n);
  });
});
