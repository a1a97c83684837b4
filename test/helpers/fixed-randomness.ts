/**
 * Fixed Groth16 blinding for snarkjs, so another prover's output can be compared with snarkjs's
 * bit for bit (shared by the native prover's tests and the faster-proving path's, issues 20/21).
 *
 * snarkjs 0.7.6's `groth16.prove` draws its blinding scalars as `r = curve.Fr.random()` then
 * `s = curve.Fr.random()`, on the bn128 curve object that ffjavascript caches process-wide (the
 * one `snarkjs.curves.getCurveFromName('bn128')` returns). `withFixedRandomness(r, s, fn)`
 * replaces that `Fr.random` for the duration of `fn` with one that returns r, then s, and fails
 * on any further draw; it restores the original afterwards and checks that both values were
 * consumed, so a snarkjs release that draws differently fails the calling test loudly instead of
 * comparing against a proof made with other randomness.
 * Not safe with concurrent snarkjs proofs in the same process (they would share the stub); does
 * not apply to `singleThread` proving, which builds a separate curve.
 */
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
