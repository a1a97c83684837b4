/**
 * The witness-level helpers themselves (test/helpers/witness.ts), against snarkjs on a small
 * test main: the r1cs reader equals snarkjs.r1cs.exportJson and r1cs.info, the wtns reader equals
 * wtns.exportJson, the in-process constraint evaluator agrees with snarkjs.wtns.check on honest
 * and edited witnesses, the compile cache is reused and keyed by source, and `quietly` drops
 * only the witness calculator's "ERROR:" lines.
 */
import { statSync } from 'node:fs';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAINS } from '../helpers/mains.js';
import {
  checkWitness, compileTestMain, parseWtns, patchWitness, quietly, readR1cs, releaseCurve, testMainKey, unsatisfiedConstraints,
  type CircuitUnderTest,
} from '../helpers/witness.js';

const VALUES = Array.from({ length: 16 }, (_, i) => BigInt(1000 + i));
let select: CircuitUnderTest;

beforeAll(async () => {
  select = await compileTestMain(MAINS.selectByIndex16);
});

afterAll(releaseCurve);

describe('readR1cs', () => {
  it('reads the constraints snarkjs.r1cs.exportJson reads', async () => {
    const json = (await snarkjs.r1cs.exportJson(select.r1cs)) as { constraints: Record<string, string>[][]; nVars: number };
    const ours = readR1cs(select.r1cs);
    expect(ours.nVars).toBe(json.nVars);
    const asJson = ours.constraints.map((c) => c.map((lc) => Object.fromEntries([...lc].map(([w, k]) => [String(w), k.toString()]))));
    expect(asJson).toEqual(json.constraints);
  });

  it('reads the header snarkjs.r1cs.info reads', async () => {
    const info = await snarkjs.r1cs.info(select.r1cs);
    const ours = readR1cs(select.r1cs);
    expect([ours.constraints.length, ours.nOutputs, ours.nPubInputs, ours.nPrvInputs]).toEqual([info.nConstraints, info.nOutputs, info.nPubInputs, info.nPrvInputs]);
  });
});

describe('witnesses', () => {
  it('parseWtns reads the values snarkjs.wtns.exportJson reads', async () => {
    const witness = await select.calculateWitness({ values: VALUES, index: 5 });
    expect(parseWtns(witness.wtns).values).toEqual(await snarkjs.wtns.exportJson({ type: 'mem', data: witness.wtns } as never));
    expect(select.read(witness, 'out')).toBe(VALUES[5]);
  });

  it('unsatisfiedConstraints agrees with snarkjs.wtns.check on an honest and an edited witness', async () => {
    const witness = await select.calculateWitness({ values: VALUES, index: 5 });
    expect(await checkWitness(select.r1cs, witness.wtns)).toBe(true);
    expect(unsatisfiedConstraints(readR1cs(select.r1cs), witness.values)).toEqual([]);
    const edited = patchWitness(witness, new Map([[select.wire('out'), 7n]]));
    expect(await checkWitness(select.r1cs, edited.wtns)).toBe(false);
    expect(unsatisfiedConstraints(readR1cs(select.r1cs), edited.values).length).toBeGreaterThan(0);
  });

  it('patchWitness reduces values mod p', async () => {
    const witness = await select.calculateWitness({ values: VALUES, index: 5 });
    const p = readR1cs(select.r1cs).prime;
    const edited = patchWitness(witness, new Map([[select.wire('out'), VALUES[5]! + p]]));
    expect(parseWtns(edited.wtns).values).toEqual(witness.values);
  });
});

describe('compileTestMain', () => {
  it('reuses the cached build', async () => {
    const before = statSync(select.r1cs).mtimeMs;
    const again = await compileTestMain(MAINS.selectByIndex16);
    expect(again.r1cs).toBe(select.r1cs);
    expect(statSync(again.r1cs).mtimeMs).toBe(before);
  });

  it('keys the cache by the main', () => {
    expect(testMainKey(MAINS.selectByIndex16)).not.toBe(testMainKey({ ...MAINS.selectByIndex16, params: [17] }));
  });
});

describe('quietly', () => {
  it('drops "ERROR:" lines and passes other output through', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await quietly(async () => {
        console.error('ERROR: ', 4, 'Assert Failed');
        console.log('ERROR: ', 4, 'Assert Failed');
        console.log('kept');
      });
      expect(error).not.toHaveBeenCalled();
      expect(log).toHaveBeenCalledTimes(1);
      expect(log).toHaveBeenCalledWith('kept');
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
