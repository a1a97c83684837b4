/**
 * Poseidon over BN254 as circomlib defines it (poseidon-lite, verified equal to circomlib's
 * Poseidon(1..16)), and `hashMany`, the TypeScript twin of circuits/hash-many.circom.
 */
import {
  poseidon1, poseidon2, poseidon3, poseidon4, poseidon5, poseidon6, poseidon7, poseidon8,
  poseidon9, poseidon10, poseidon11, poseidon12, poseidon13, poseidon14, poseidon15, poseidon16,
} from 'poseidon-lite';

type PoseidonFn = (inputs: bigint[]) => bigint;
const BY_WIDTH: readonly PoseidonFn[] = [
  poseidon1, poseidon2, poseidon3, poseidon4, poseidon5, poseidon6, poseidon7, poseidon8,
  poseidon9, poseidon10, poseidon11, poseidon12, poseidon13, poseidon14, poseidon15, poseidon16,
];

/** Poseidon(n) for 1 <= n <= 16 inputs. */
export function poseidon(inputs: readonly bigint[]): bigint {
  const fn = BY_WIDTH[inputs.length - 1];
  if (fn === undefined) throw new RangeError(`poseidon takes 1..16 inputs, got ${inputs.length}`);
  return fn([...inputs]);
}

/**
 * HashMany(n): Poseidon(n) for n <= 16; otherwise Poseidon(16) over the first 16 elements,
 * then Poseidon(1 + k) over the running hash and the next k <= 15 elements, until done.
 */
export function hashMany(inputs: readonly bigint[]): bigint {
  if (inputs.length <= 16) return poseidon(inputs);
  let acc = poseidon(inputs.slice(0, 16));
  for (let pos = 16; pos < inputs.length; pos += 15) {
    acc = poseidon([acc, ...inputs.slice(pos, pos + 15)]);
  }
  return acc;
}
