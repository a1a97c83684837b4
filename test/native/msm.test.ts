/**
 * The native Pippenger MSM: against a naive sum (noble) on small random inputs with repeated,
 * opposite and infinite bases and edge scalars, for every window width the size selects; and
 * against ffjavascript's `multiExpAffine` (what snarkjs proves with) on the shipped zkey's own A
 * (G1) and B2 (G2) points with random scalars, with one thread and with several.
 */
import { readFileSync } from 'node:fs';
import { bn254 } from '@noble/curves/bn254.js';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { releaseCurve } from '../../src/prover.js';
import { artifactPaths } from '../helpers/presentation.js';
import { concat, describeNative, fromLe, le32, sectionBytes } from '../helpers/native.js';

const Fp = bn254.fields.Fp;
const R = bn254.fields.Fr.ORDER;
const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
type G1P = InstanceType<typeof G1>;
type G2P = InstanceType<typeof G2>;
const MONT = (1n << 256n) % Fp.ORDER;
const mont = (v: bigint) => le32(Fp.mul(v, MONT));

function g1Base(p: G1P): Uint8Array {
  if (p.is0()) return new Uint8Array(64);
  const a = p.toAffine();
  return concat([mont(a.x), mont(a.y)]);
}
function g2Base(p: G2P): Uint8Array {
  if (p.is0()) return new Uint8Array(128);
  const a = p.toAffine();
  return concat([mont(a.x.c0), mont(a.x.c1), mont(a.y.c0), mont(a.y.c1)]);
}
function g1Plain(p: G1P): Uint8Array {
  if (p.is0()) return new Uint8Array(64);
  const a = p.toAffine();
  return concat([le32(a.x), le32(a.y)]);
}
function g2Plain(p: G2P): Uint8Array {
  if (p.is0()) return new Uint8Array(128);
  const a = p.toAffine();
  return concat([le32(a.x.c0), le32(a.x.c1), le32(a.y.c0), le32(a.y.c1)]);
}
function randomScalar(): bigint {
  return fromLe(globalThis.crypto.getRandomValues(new Uint8Array(32))) % R;
}

interface FfjsGroup {
  multiExpAffine(bases: Uint8Array, scalars: Uint8Array): Promise<Uint8Array>;
  toAffine(p: Uint8Array): Uint8Array;
  toObject(p: Uint8Array): unknown[];
}
interface FfjsCurve {
  G1: FfjsGroup;
  G2: FfjsGroup;
}

describeNative('native MSM', ({ testing }) => {
  let curve: FfjsCurve;
  beforeAll(async () => {
    curve = (await snarkjs.curves.getCurveFromName('bn128')) as FfjsCurve;
  });
  afterAll(releaseCurve);

  const groups = [
    { name: 'G1', point: (k: bigint) => (k === 0n ? G1.ZERO : G1.BASE.multiply(k)), base: g1Base, plain: g1Plain, msm: testing.msmG1 },
    { name: 'G2', point: (k: bigint) => (k === 0n ? G2.ZERO : G2.BASE.multiply(k)), base: g2Base, plain: g2Plain, msm: testing.msmG2 },
  ] as const;
  for (const group of groups) {
    const { name, msm } = group;
    const point = group.point as (k: bigint) => G1P & G2P;
    const base = group.base as (p: G1P | G2P) => Uint8Array;
    const plain = group.plain as (p: G1P | G2P) => Uint8Array;
    it(`${name}: equals the naive sum (n = 0..130; repeated, opposite and infinite bases; scalars 0, 1, r - 1)`, () => {
      for (const n of [0, 1, 2, 3, 7, 16, 40, 130]) {
        const ks: bigint[] = [];
        const ss: bigint[] = [];
        for (let i = 0; i < n; i++) {
          // every 7th base is infinity, others repeat or negate the previous one, or are fresh
          ks.push(i % 7 === 3 ? 0n : i % 5 === 1 ? (R - ks[i - 1]) % R : i % 4 === 2 ? ks[i - 1] : (randomScalar() % 1000n) + 1n);
          ss.push([0n, 1n, R - 1n][i % 9] ?? randomScalar());
        }
        const points = ks.map(point);
        const expected = points.reduce((acc, p, i) => (ss[i] === 0n || p.is0() ? acc : (acc.add(p.multiply(ss[i])) as G1P & G2P)), point(0n));
        const bases = concat(points.map(base));
        const scalars = concat(ss.map(le32));
        for (const threads of [1, 2, 3]) {
          expect(Buffer.from(msm(bases, scalars, threads)).toString('hex')).toBe(Buffer.from(plain(expected)).toString('hex'));
        }
      }
    });

    it(`${name}: skewed inputs (600 small equal scalars on a few repeated and opposite bases) equal the naive sum`, () => {
      const few = [point(3n), point(R - 3n), point(5n), point(0n)];
      const points = Array.from({ length: 600 }, (_, i) => few[i % few.length]);
      const ss = points.map((_, i) => BigInt(1 + (i % 3 === 0 ? 1 : 0)));
      const expected = points.reduce((acc, p, i) => (p.is0() ? acc : (acc.add(p.multiply(ss[i])) as G1P & G2P)), point(0n));
      const out = msm(concat(points.map(base)), concat(ss.map(le32)), 2);
      expect(Buffer.from(out).toString('hex')).toBe(Buffer.from(plain(expected)).toString('hex'));
    });
  }

  for (const [circuit, name, section, size] of [
    ['presentation-16-1-1-20', 'G1', 5, 64],
    ['presentation-16-1-1-20', 'G2', 7, 128],
    ['presentation-16-4-32-20', 'G1', 9, 64],
  ] as const) {
    it(`${name}: equals ffjavascript's multiExpAffine on ${circuit}'s section ${section} points`, async () => {
      const bases = sectionBytes(new Uint8Array(readFileSync(artifactPaths(circuit).zkey)), section);
      const n = bases.length / size;
      const scalars = concat(Array.from({ length: n }, (_, i) => le32(i < 3 ? [0n, 1n, R - 1n][i] : randomScalar())));
      const group = name === 'G1' ? curve.G1 : curve.G2;
      const expected = group.toObject(group.toAffine(await group.multiExpAffine(bases, scalars))).flat() as bigint[];
      const coordinates = size / 32;
      for (const threads of [1, 0]) {
        const out = (name === 'G1' ? testing.msmG1 : testing.msmG2)(bases, scalars, threads);
        expect(Array.from({ length: coordinates }, (_, i) => fromLe(out, 32 * i))).toEqual(expected.slice(0, coordinates));
      }
    });
  }

  it('refuses bases and scalars of mismatched lengths', () => {
    expect(() => testing.msmG1(new Uint8Array(64), new Uint8Array(31))).toThrow(/lengths do not match/);
    expect(() => testing.msmG2(new Uint8Array(100), new Uint8Array(32))).toThrow(/lengths do not match/);
  });
});
