/**
 * Finds or makes a prepared powers-of-tau file (BN254) of at least a given power, for
 * development builds. A prepared file of power K serves every circuit of up to 2^K rows (it
 * holds the Lagrange bases of each smaller domain), so a larger file found is used as is.
 * Nothing is downloaded: the file comes from, in order,
 *   1. the local cache (ZKD_PTAU_DIR, default ~/.cache/zkdisclose/ptau), outside git;
 *   2. ../shared/ptau/pot<K>.ptau next to the project (a prepared cache some machines have);
 *   3. a local single-party ceremony of exactly the power asked: new, one contribution with OS
 *      entropy, a beacon, and prepare phase 2 (about 5 minutes for 2^14 on two cores), written
 *      to the cache.
 * SECURITY: every file this makes or finds is a single-party development ceremony. Production
 * keys need a multi-party phase 1 (see the README's "Trusted setup" section).
 * Node-only.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { ROOT } from './circuit-registry.js';

export const PTAU_CACHE_DIR: string = process.env.ZKD_PTAU_DIR ?? join(homedir(), '.cache', 'zkdisclose', 'ptau');
const SHARED_PTAU_DIR = join(ROOT, '..', 'shared', 'ptau');

export interface PtauSource {
  path: string;
  origin: 'cache' | 'shared' | 'generated';
  /** The file's power (at least the power asked for). */
  power: number;
}

/** Larger files than asked are looked for up to this power (the largest a build here uses). */
const MAX_REUSED_POWER = 16;

/** Smallest power K with 2^K >= rows, never below 8. */
export function ptauPowerFor(rows: number): number {
  let k = 8;
  while (2 ** k < rows) k++;
  return k;
}

/** The smallest prepared file of power `power`..MAX_REUSED_POWER in the cache or the shared directory. */
function existingPtau(power: number): PtauSource | undefined {
  for (let k = power; k <= Math.max(power, MAX_REUSED_POWER); k++) {
    const cached = join(PTAU_CACHE_DIR, `pot${k}.ptau`);
    if (existsSync(cached)) return { path: cached, origin: 'cache', power: k };
    const shared = join(SHARED_PTAU_DIR, `pot${k}.ptau`);
    if (existsSync(shared) && !process.env.ZKD_NO_SHARED_PTAU) return { path: shared, origin: 'shared', power: k };
  }
  return undefined;
}

/**
 * Returns a prepared ptau of at least `power` (the smallest found), making one of exactly
 * `power` when none is available.
 * @param log progress sink (one line per step)
 */
export async function preparedPtau(power: number, log: (line: string) => void = () => {}): Promise<PtauSource> {
  const found = existingPtau(power);
  if (found !== undefined) return found;
  const cached = join(PTAU_CACHE_DIR, `pot${power}.ptau`);

  mkdirSync(PTAU_CACHE_DIR, { recursive: true });
  const work = join(PTAU_CACHE_DIR, `.work-${power}-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    const curve = await snarkjs.curves.getCurveFromName('bn128');
    const step = (n: number) => join(work, `step${n}.ptau`);
    log(`ptau 2^${power}: new accumulator`);
    await snarkjs.powersOfTau.newAccumulator(curve, power, step(0));
    log(`ptau 2^${power}: contribution with OS entropy`);
    await snarkjs.powersOfTau.contribute(step(0), step(1), 'zkdisclose dev', randomBytes(64).toString('hex'));
    log(`ptau 2^${power}: beacon`);
    await snarkjs.powersOfTau.beacon(step(1), step(2), 'zkdisclose dev beacon', randomBytes(32).toString('hex'), 10);
    log(`ptau 2^${power}: prepare phase 2 (the slow step)`);
    await snarkjs.powersOfTau.preparePhase2(step(2), step(3));
    // Rename into place only when complete, so an interrupted run never leaves a partial cache.
    renameSync(step(3), cached);
    return { path: cached, origin: 'generated', power };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
