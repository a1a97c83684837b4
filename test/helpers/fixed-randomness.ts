/**
 * Fixed Groth16 blinding scalars for tests that compare provers proof for proof. snarkjs 0.7.6
 * and our wasm prover both draw r then s from `Fr.random()` of ffjavascript's shared BN254 curve
 * (cached on globalThis); `fixRandomness` makes that function return the given values in turn
 * (cycling), until the returned restore function is called.
 */
import { buildBn128 } from 'ffjavascript';

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
