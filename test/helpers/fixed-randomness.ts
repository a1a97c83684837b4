/**
 * Fixed Groth16 blinding for tests that compare provers proof for proof (the native prover's
 * and our wasm prover's against snarkjs's, issues 20 and 21). snarkjs 0.7.6 and our wasm prover
 * both draw r then s from `Fr.random()` of ffjavascript's shared BN254 curve (the one
 * `snarkjs.curves.getCurveFromName('bn128')` returns, cached on globalThis).
 *
 * - `withFixedRandomness(r, s, fn)` replaces that `Fr.random` for the duration of `fn` with one
 *   that returns r, then s, and fails on any further draw; it restores the original afterwards
 *   and checks that both values were consumed, so a snarkjs release that draws differently fails
 *   the calling test loudly instead of comparing against a proof made with other randomness.
 * - `fixRandomness(values)` makes it return the given values in turn (cycling) until the
 *   returned restore function is called: for runs of several proofs.
 * Neither is safe with concurrent proofs in the same process (they share the stub), nor applies
 * to `singleThread` proving, which builds a separate curve.
 */
import { buildBn128 } from 'ffjavascript';
import * as snarkjs from 'snarkjs';

interface CurveWithFr {
  Fr: { random(): Uint8Array; e(value: bigint): Uint8Array };
}

export async function withFixedRandomness<T>(r: bigint, s: bigint, fn: () => Promise<T>): Promise<T> {
  const curve = (await snarkjs.curves.getCurveFromName('bn128')) as CurveWithFr;
  const original = curve.Fr.random;
  const queue = [r, s];
  curve.Fr.random = () => {
    const next = queue.shift();
    if (next === undefined) throw new Error('withFixedRandomness: snarkjs drew more than r and s');
    return curve.Fr.e(next);
  };
  try {
    const result = await fn();
    if (queue.length !== 0) throw new Error(`withFixedRandomness: snarkjs drew ${2 - queue.length} of the 2 fixed values`);
    return result;
  } finally {
    curve.Fr.random = original;
  }
}

export async function fixRandomness(values: readonly bigint[]): Promise<() => void> {
  if (values.length === 0) throw new RangeError('fixRandomness: no values');
  const { Fr } = await buildBn128();
  const original = Fr.random;
  let next = 0;
  Fr.random = () => Fr.e(values[next++ % values.length]!);
  return () => {
    Fr.random = original;
  };
}
