/**
 * Round-robin measurement across systems in one process: every system proves and verifies once
 * to warm up (not counted), then each round runs every system once (prove, then verify that
 * proof), starting from a different system each round so no system always follows the same
 * one. Load that drifts during the run hits every system alike; ratios are taken per round
 * against a baseline system and summarised by their median, with min and max.
 */
import type { PeerSystem, ProofSizes } from './system.js';

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Per-round ratios a[i] / b[i] of two series measured in the same rounds. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`paired series differ in length: ${a.length} vs ${b.length}`);
  return a.map((x, i) => x / b[i]!);
}

/** The order of round `round` over `n` systems: a rotation starting at round mod n. */
export function roundOrder(n: number, round: number): number[] {
  return Array.from({ length: n }, (_, i) => (i + round) % n);
}

/** What the rounds need of a system: a prover, its verifier and the sizes of its proof. */
export type RoundRobinSystem<P = unknown> = Pick<PeerSystem<P>, 'id' | 'prove' | 'verify' | 'sizes'>;

export interface Samples {
  id: string;
  proveMs: number[];
  verifyMs: number[];
  sizes: ProofSizes;
}

/**
 * Runs the rounds. A system whose proof does not verify stops the run with an error naming it:
 * a benchmark of a failing verifier would measure nothing meaningful.
 */
export async function roundRobin(systems: readonly RoundRobinSystem[], rounds: number, onStep: (line: string) => void = () => {}): Promise<Samples[]> {
  const samples: Samples[] = [];
  for (const s of systems) {
    onStep(`warm-up: ${s.id}`);
    const proof = await s.prove();
    if (!(await s.verify(proof))) throw new Error(`${s.id}: its own proof does not verify`);
    samples.push({ id: s.id, proveMs: [], verifyMs: [], sizes: s.sizes(proof) });
  }
  for (let r = 0; r < rounds; r++) {
    onStep(`round ${r + 1}/${rounds}`);
    for (const i of roundOrder(systems.length, r)) {
      const s = systems[i]!;
      const t0 = performance.now();
      const proof = await s.prove();
      const t1 = performance.now();
      const ok = await s.verify(proof);
      const t2 = performance.now();
      if (!ok) throw new Error(`${s.id}: proof of round ${r + 1} does not verify`);
      samples[i]!.proveMs.push(t1 - t0);
      samples[i]!.verifyMs.push(t2 - t1);
    }
  }
  return samples;
}
