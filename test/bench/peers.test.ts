/**
 * Smoke test of the peers benchmark (bench/peers/): every system of the suite proves and
 * verifies once through the round-robin runner's warm-up, and the pure parts of the
 * runner (medians, paired ratios, the rotating order, the refusal of a failing verifier) behave.
 *
 * Semaphore is built at depth 4 here, not 20: the depth-20 build (compile + Groth16 setup, about
 * 25 s on two cores) belongs to `npm run bench -- --only=peers`; both are cached under
 * .cache/peers/. Dock's LegoGroth16 bound check (a ~20 s setup and a ~13 s proof here) runs only
 * under ZKD_SLOW=1.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { releaseCurve } from '../../src/index.js';
import { cutoffDate, dockAgeSystem, dockDisclosureSystem } from '../../bench/peers/dock.js';
import { oursBbsSystem, oursGroth16System } from '../../bench/peers/ours.js';
import { pairedRatios, roundOrder, roundRobin, spread } from '../../bench/peers/round-robin.js';
import { BASELINE, goalRows, PROVING_GOALS, peerRows } from '../../bench/peers/run.js';
import { peersSuite } from '../../bench/peers/view.js';
import { semaphoreSystem } from '../../bench/peers/semaphore.js';
import type { PeerSystem } from '../../bench/peers/system.js';

const SMOKE_DEPTH = 4;

afterAll(async () => {
  await releaseCurve();
});

describe('round-robin runner', () => {
  it('medians, min and max; paired ratios; a rotating order', () => {
    expect(spread([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5 });
    expect(spread([4, 1, 3, 2]).median).toBe(2.5);
    expect(() => spread([])).toThrow();
    expect(pairedRatios([2, 9], [1, 3])).toEqual([2, 3]);
    expect(() => pairedRatios([1], [1, 2])).toThrow(/differ in length/);
    expect(roundOrder(3, 0)).toEqual([0, 1, 2]);
    expect(roundOrder(3, 4)).toEqual([1, 2, 0]);
  });

  it('refuses to time a system whose proof does not verify', async () => {
    const broken: PeerSystem<number> = {
      id: 'broken', family: 'test', env: 'node', statement: '', sameStatement: false, proofSystem: '', setup: '', artifactBytes: null, setupMs: null,
      prove: async () => 1, verify: async () => false, sizes: () => ({ proofBytes: 0, publicInputs: null, publicBytes: null, presentationJsonBytes: 0 }),
    };
    await expect(roundRobin([broken as PeerSystem], 1)).rejects.toThrow(/broken: its own proof does not verify/);
  });

  it('rows: medians with min–max and per-round ratios against the baseline', () => {
    const system = (id: string): PeerSystem => ({
      id, family: 'test', env: 'node', statement: '', sameStatement: false, proofSystem: '', setup: '', artifactBytes: null, setupMs: null,
      prove: async () => 0, verify: async () => true, sizes: () => ({ proofBytes: 1, publicInputs: null, publicBytes: null, presentationJsonBytes: 2 }),
    });
    const sizes = { proofBytes: 1, publicInputs: null, publicBytes: null, presentationJsonBytes: 2 };
    const rows = peerRows([system(BASELINE), system('other')], [
      { id: BASELINE, proveMs: [100, 200, 400], verifyMs: [10, 10, 10], sizes },
      { id: 'other', proveMs: [50, 300, 100], verifyMs: [20, 30, 5], sizes },
    ], BASELINE);
    expect(rows[0]).toMatchObject({ proveMedianMs: 200, proveVsBaseline: 1, verifyVsBaseline: 1 });
    expect(rows[1]).toMatchObject({ proveMedianMs: 100, proveMinMs: 50, proveMaxMs: 300, proveVsBaseline: 0.5, proveVsBaselineMin: 0.25, proveVsBaselineMax: 1.5, verifyVsBaseline: 2 });
    expect(() => peerRows([system('other')], [{ id: 'other', proveMs: [1], verifyMs: [1], sizes }], BASELINE)).toThrow(/no baseline/);
  });

  it('proving goals: paired per-round ratios in one environment; a goal whose systems did not both run is left out', () => {
    const sizes = { proofBytes: 128, publicInputs: null, publicBytes: null, presentationJsonBytes: 1 };
    const [small, , fourSmall] = PROVING_GOALS;
    const samples = [
      { id: small!.system, proveMs: [60, 50, 90], verifyMs: [1, 1, 1], sizes },
      { id: small!.against, proveMs: [100, 100, 100], verifyMs: [1, 1, 1], sizes },
    ];
    const rows = goalRows('chromium', samples);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'goal', environment: 'chromium', goal: small!.goal, target: 0.6, ratio: 0.6, ratioMin: 0.5, ratioMax: 0.9, rounds: 3 });
    expect(goalRows('node', [...samples, { id: fourSmall!.system, proveMs: [1, 1, 1], verifyMs: [1, 1, 1], sizes }]).map((r) => r.goal)).toEqual([small!.goal]);
  });

  it('the RESULTS.md section shows each system per environment and the goals Node beside Chromium', () => {
    const system = (environment: string, proveMedianMs: number) => ({
      suite: 'peers', kind: 'system', system: BASELINE, environment, family: 'zkdisclose', sameStatement: true, statement: 's', proofSystem: 'p', setup: 'trusted: x',
      rounds: 3, proveMedianMs, proveMinMs: 1, proveMaxMs: 2, verifyMedianMs: 1, verifyMinMs: 1, verifyMaxMs: 1, proveVsBaseline: 1, proveVsBaselineMin: 1,
      proveVsBaselineMax: 1, verifyVsBaseline: 1, verifyVsBaselineMin: 1, verifyVsBaselineMax: 1, proofBytes: 128, publicInputs: 30, publicBytes: 960,
      presentationJsonBytes: 1400, artifactBytes: null, setupMs: null,
    });
    const goal = (environment: string, ratio: number) => ({ suite: 'peers', kind: 'goal', environment, goal: 'g', target: 0.6, ratio, ratioMin: ratio, ratioMax: ratio, rounds: 3 });
    const md = peersSuite.markdown!([system('node', 3000), system('chromium', 4000), goal('node', 0.5), goal('chromium', 0.55)], new Map());
    expect(md).toMatch(/\| zkdisclose Groth16 · age-only \| Node \|/);
    expect(md).toMatch(/\| zkdisclose Groth16 · age-only \| Chromium \|/);
    expect(md).toContain('| g | ≤ 0.60× | 0.50× (0.50×–0.50×) | 0.55× (0.55×–0.55×) | met / met | 10 % |');
    const over = peersSuite.markdown!([system('node', 3000), system('chromium', 4000), goal('node', 0.5), goal('chromium', 0.7)], new Map());
    expect(over).toContain('| g | ≤ 0.60× | 0.50× (0.50×–0.50×) | 0.70× (0.70×–0.70×) | met / **not met** | 40 % |');
    // The statement table lists each system once.
    expect(md.split('\n').filter((l) => l.startsWith('| zkdisclose Groth16 · age-only | s |'))).toHaveLength(1);
  });

  it('the age cutoff is the same calendar day 18 years back', () => {
    expect(cutoffDate(new Date('2026-12-03T12:00:00Z'), 18)).toBe(20081203);
    expect(cutoffDate(new Date('2026-01-31T00:00:00Z'), 18)).toBe(20080131);
  });
});

describe('every peer system proves and verifies once', () => {
  // The long timeout covers a machine with no prepared powers of tau, where the Semaphore build makes one first.
  it('ours, Semaphore (depth 4), Dock (three bound checks and selective disclosure)', async () => {
    const systems: PeerSystem[] = [
      await oursGroth16System('age-only') as PeerSystem,
      await semaphoreSystem(SMOKE_DEPTH) as PeerSystem,
      ...(await Promise.all((['bpp', 'smc', 'smc-kv'] as const).map((p) => dockAgeSystem(p)))) as PeerSystem[],
      await oursBbsSystem('bbs+2020') as PeerSystem,
      await oursBbsSystem('bbs-2023') as PeerSystem,
      await dockDisclosureSystem() as PeerSystem,
    ];
    // Zero timed rounds: the runner's warm-up proves and verifies every system once (it throws if one does not verify).
    const samples = await roundRobin(systems, 0);
    expect(samples.map((s) => s.id)).toEqual(systems.map((s) => s.id));
    for (const s of samples) {
      expect(s.sizes.proofBytes).toBeGreaterThan(0);
      expect(s.sizes.presentationJsonBytes).toBeGreaterThan(s.sizes.proofBytes);
    }
    expect(systems.filter((s) => s.sameStatement).map((s) => s.family)).toEqual(['zkdisclose', 'Dock', 'Dock', 'Dock']);
  }, 300_000);

  it('a Semaphore proof with another message does not verify', async () => {
    const semaphore = await semaphoreSystem(SMOKE_DEPTH);
    const proof = await semaphore.prove();
    expect(await semaphore.verify(proof)).toBe(true);
    const signals = [...proof.publicSignals];
    signals[2] = String(BigInt(signals[2]!) + 1n);
    expect(await semaphore.verify({ ...proof, publicSignals: signals })).toBe(false);
  });

  it.runIf(process.env.ZKD_SLOW === '1')('Dock LegoGroth16 bound check (ZKD_SLOW)', async () => {
    const lego = await dockAgeSystem('legogroth16');
    expect(await lego.verify(await lego.prove())).toBe(true);
  }, 300_000);
});
