/**
 * The local powers-of-tau ceremony of scripts/ptau.ts, as a fresh machine runs it (no cache, no
 * ../shared/ptau): new, contribution, beacon, prepare phase 2, at a small power; the result
 * passes `snarkjs powersoftau verify`. Slow (about 15 s): runs under `npm run test:slow`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'zkd-ptau-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
});

test.runIf(process.env.ZKD_SLOW === '1')('a locally generated prepared ptau verifies', async () => {
  process.env.ZKD_PTAU_DIR = dir;
  process.env.ZKD_NO_SHARED_PTAU = '1';
  const { preparedPtau, ptauPowerFor } = await import('../../scripts/ptau.js');
  expect(ptauPowerFor(300)).toBe(9);
  const made = await preparedPtau(9);
  expect(made).toEqual({ path: join(dir, 'pot9.ptau'), origin: 'generated', power: 9 });
  expect(await (snarkjs.powersOfTau as unknown as { verify(path: string): Promise<boolean> }).verify(made.path)).toBe(true);
  expect(await preparedPtau(9)).toEqual({ path: made.path, origin: 'cache', power: 9 });
  // A larger prepared file serves a smaller circuit.
  expect(await preparedPtau(8)).toEqual({ path: made.path, origin: 'cache', power: 9 });
}, 300_000);
