/**
 * The batched-affine window sum (src/proving/msm-wasm.ts) against wasmcurves' Jacobian one
 * (`g1m_multiexpAffine_chunk`, `g2m_…`) on real zkey bases: the same point for every window
 * width and position, including the cases affine addition must treat apart (a base at
 * infinity, the same point twice in a bucket, a point and its negation in a bucket) and
 * windows with no points at all.
 */
import { readFileSync } from 'node:fs';
import { type Curve, type Task, buildBn128 } from 'ffjavascript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WINDOW_MSM, addWindowMsm, windowScratchBytes } from '../../src/proving/msm-wasm.js';
import { readZkey } from '../../src/proving/zkey.js';
import { artifactPaths } from '../helpers/presentation.js';

const POINTS = 600;
let curve: Curve;
let zkey: ReturnType<typeof readZkey>;

beforeAll(async () => {
  curve = await buildBn128(true, addWindowMsm); // single-threaded: tasks run on this thread
  zkey = readZkey(new Uint8Array(readFileSync(artifactPaths('presentation-16-1-1-4ary-6').zkey)));
});
afterAll(async () => curve.terminate());

/** Deterministic scalars below 2^253 (a xorshift stream), 32 bytes each. */
function scalars(count: number, seed: number): Uint8Array {
  const out = new Uint8Array(count * 32);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  for (let i = 31; i < out.length; i += 32) out[i]! &= 0x1f;
  return out;
}

/** One window's sum: ours (`msmWindowAffine`, with its scratch) or wasmcurves' (`multiexpAffine_chunk`). */
async function windowSum(group: 'G1' | 'G2', ours: boolean, bases: Uint8Array, scalarBytes: Uint8Array, startBit: number, c: number): Promise<Uint8Array> {
  const n8 = curve[group].F.n8;
  const n = bases.byteLength / (2 * n8);
  const args = [{ var: 0 }, { var: 1 }, { val: 32 }, { val: n }, { val: startBit }, { val: c }];
  const task: Task[] = [
    { cmd: 'ALLOCSET', var: 0, buff: bases },
    { cmd: 'ALLOCSET', var: 1, buff: scalarBytes },
    { cmd: 'ALLOC', var: 2, len: 3 * n8 },
    { cmd: 'ALLOC', var: 3, len: windowScratchBytes(n8, n, c) },
    ours
      ? { cmd: 'CALL', fnName: WINDOW_MSM[group], params: [...args, { var: 3 }, { var: 2 }] }
      : { cmd: 'CALL', fnName: `${group.toLowerCase()}m_multiexpAffine_chunk`, params: [...args, { var: 2 }] },
    { cmd: 'GET', out: 0, var: 2, len: 3 * n8 },
  ];
  return (await curve.tm.queueAction(task))[0]!;
}

/**
 * The first POINTS bases, with scalars, where some points repeat an earlier point with its
 * scalar (a doubling in the same bucket), some are the negation of an earlier point with its
 * scalar (a sum at infinity), and some are the point at infinity.
 */
function hardCase(group: 'G1' | 'G2', seed: number): { bases: Uint8Array; scalarBytes: Uint8Array } {
  const G = curve[group];
  const size = 2 * G.F.n8;
  const source = group === 'G1' ? zkey.basesA : zkey.basesB2;
  const bases = source.slice(0, POINTS * size);
  const scalarBytes = scalars(POINTS, seed);
  const copyScalar = (from: number, to: number): void => {
    scalarBytes.copyWithin(to * 32, from * 32, from * 32 + 32);
  };
  for (let i = 0; i < 30; i++) {
    bases.copyWithin((POINTS - 1 - i) * size, i * size, (i + 1) * size);
    copyScalar(i, POINTS - 1 - i);
  }
  for (let i = 30; i < 60; i++) {
    const negation = new Uint8Array(size);
    G.toRprLEM(negation, 0, G.toAffine(G.neg(G.fromRprLEM(bases, i * size))));
    bases.set(negation, (POINTS - 31 - i) * size);
    copyScalar(i, POINTS - 31 - i);
  }
  for (let i = 100; i < 130; i++) bases.fill(0, i * size, (i + 1) * size);
  return { bases, scalarBytes };
}

describe.each(['G1', 'G2'] as const)('%s window sum', (group) => {
  it.each([[1, 0], [4, 0], [4, 252], [7, 70], [8, 0], [8, 248], [10, 90], [12, 240]])('c = %i at bit %i: equals wasmcurves\' Jacobian sum', async (c, startBit) => {
    for (const { bases, scalarBytes } of [hardCase(group, c * 1000 + startBit), { bases: (group === 'G1' ? zkey.basesH : zkey.basesB2).slice(0, POINTS * 2 * curve[group].F.n8), scalarBytes: scalars(POINTS, startBit + 7) }]) {
      const ours = await windowSum(group, true, bases, scalarBytes, startBit, c);
      const theirs = await windowSum(group, false, bases, scalarBytes, startBit, c);
      expect(curve[group].isZero(theirs)).toBe(false);
      expect(curve[group].eq(ours, theirs)).toBe(true);
    }
  });

  it('is the point at infinity when every digit is zero, and 5·P for a lone digit 5 at P', async () => {
    const G = curve[group];
    const size = 2 * G.F.n8;
    const bases = (group === 'G1' ? zkey.basesA : zkey.basesB2).slice(0, 8 * size);
    expect(G.isZero(await windowSum(group, true, bases, new Uint8Array(8 * 32), 0, 8))).toBe(true);
    const at = [...Array(8).keys()].find((i) => !G.isZero(G.fromRprLEM(bases, i * size)))!;
    const digits = new Uint8Array(8 * 32);
    digits[at * 32] = 5;
    const point = G.fromRprLEM(bases, at * size);
    const fivefold = [1, 2, 3, 4].reduce((sum) => G.add(sum, point), point);
    expect(G.eq(await windowSum(group, true, bases, digits, 0, 8), fivefold)).toBe(true);
  });
});
