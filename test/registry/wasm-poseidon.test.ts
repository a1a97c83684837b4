/**
 * The wasm Poseidon (src/registry/wasm-poseidon.ts) against poseidon-lite: equal outputs for 2
 * and 4 inputs on random and edge-case field elements, poseidon-lite's result for every other
 * width, and the wasm path actually taken in Node (a silent fallback would hide a slowdown).
 */
import { describe, expect, it } from 'vitest';
import { FIELD_MODULUS } from '../../src/constants.js';
import { poseidon } from '../../src/internal/poseidon.js';
import { createFastPoseidon } from '../../src/registry/wasm-poseidon.js';

const fast = createFastPoseidon();

/** Deterministic field elements spread over [0, p). */
function elements(count: number, seed: bigint): bigint[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 256n;
    return x % FIELD_MODULUS;
  });
}

describe('wasm Poseidon', () => {
  it('is built in Node (synchronous WebAssembly compilation is available)', () => {
    expect(fast.wasm).toBe(true);
  });

  it.each([2, 4])('equals poseidon-lite for %i inputs on 300 random inputs and the edges', (n) => {
    const inputs = elements(300 * n, BigInt(n));
    for (let i = 0; i < 300; i++) {
      const x = inputs.slice(i * n, (i + 1) * n);
      expect(fast.hash(x)).toBe(poseidon(x));
    }
    for (const edge of [0n, 1n, FIELD_MODULUS - 1n]) {
      const x = new Array<bigint>(n).fill(edge);
      expect(fast.hash(x)).toBe(poseidon(x));
    }
  });

  it('falls back to poseidon-lite for the other widths', () => {
    for (const n of [1, 3, 5, 16]) {
      const x = elements(n, 99n);
      expect(fast.hash(x)).toBe(poseidon(x));
    }
  });
});
