/**
 * The wasm proving path (src/proving/groth16-wasm.ts) against snarkjs 0.7.6 on a shipped circuit:
 * with r and s fixed, the same witness gives the same proof, coordinate for coordinate, and the
 * same public signals; `snarkjs groth16 verify` accepts its proofs (random r and s too); a witness
 * of another circuit or a foreign file is refused; the Prover's path option selects the engine.
 */
import { readFileSync } from 'node:fs';
import { buildBn128 } from 'ffjavascript';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { createProver, fileArtifactLoader } from '../../src/artifacts.js';
import { Prover, releaseCurve, warmUp } from '../../src/prover.js';
import { groth16Curve, prepareGroth16, proveGroth16, windowBits, type PreparedGroth16 } from '../../src/proving/groth16-wasm.js';
import { WINDOW_MSM } from '../../src/proving/msm-wasm.js';
import { createEngine } from '../../src/proving/paths.js';
import { fixRandomness } from '../helpers/fixed-randomness.js';
import { artifactPaths, inputOf, scenario, type ShippedName } from '../helpers/presentation.js';
import { calculateWitness } from '../helpers/witness.js';

const CIRCUITS: ShippedName[] = ['presentation-16-1-1-4ary-6', 'presentation-16-4-32-20'];

afterAll(releaseCurve);

describe.each(CIRCUITS)('%s', (name) => {
  const paths = artifactPaths(name);
  const zkey = new Uint8Array(readFileSync(paths.zkey));
  const vkey = JSON.parse(readFileSync(paths.vkey, 'utf8')) as Record<string, unknown>;
  let wtns: Uint8Array;
  let prepared: PreparedGroth16;

  beforeAll(async () => {
    wtns = (await calculateWitness(paths.wasm, inputOf(scenario(name)))).wtns;
    prepared = prepareGroth16(await groth16Curve(), zkey);
  });

  it('gives snarkjs\'s proof for the same r and s', async () => {
    const restore = await fixRandomness([0x1234567n, 0xabcdef0123456789n]);
    try {
      const ours = await proveGroth16(await groth16Curve(), prepared, wtns);
      const theirs = await snarkjs.groth16.prove({ type: 'mem', data: zkey }, { type: 'mem', data: wtns });
      expect(ours).toEqual(theirs);
    } finally {
      restore();
    }
  });

  it('gives the same proof on a curve built without our window sum (snarkjs built it first): wasmcurves\' Jacobian windows', async () => {
    const plain = await buildBn128(true);
    try {
      expect(WINDOW_MSM.G1 in plain.tm.instance.exports).toBe(false);
      expect(WINDOW_MSM.G1 in (await groth16Curve()).tm.instance.exports).toBe(true);
      const draws = [0x1234567n, 0xabcdef0123456789n];
      plain.Fr.random = () => plain.Fr.e(draws.shift()!);
      const viaJacobian = await proveGroth16(plain, prepareGroth16(plain, zkey), wtns);
      const restore = await fixRandomness([0x1234567n, 0xabcdef0123456789n]);
      try {
        expect(viaJacobian).toEqual(await proveGroth16(await groth16Curve(), prepared, wtns));
      } finally {
        restore();
      }
    } finally {
      await plain.terminate();
    }
  });

  it('gives proofs snarkjs verifies, and a new proof each time (random r, s)', async () => {
    const curve = await groth16Curve();
    const first = await proveGroth16(curve, prepared, wtns);
    const second = await proveGroth16(curve, prepared, wtns);
    expect(first.proof.pi_a).not.toEqual(second.proof.pi_a);
    expect(await snarkjs.groth16.verify(vkey, first.publicSignals, first.proof)).toBe(true);
    expect(await snarkjs.groth16.verify(vkey, second.publicSignals, second.proof)).toBe(true);
  });
});

describe('refusals', () => {
  it('refuses a witness of another circuit', async () => {
    const small = artifactPaths('presentation-16-1-1-4ary-6');
    const big = prepareGroth16(await groth16Curve(), new Uint8Array(readFileSync(artifactPaths('presentation-16-4-32-20').zkey)));
    const wtns = (await calculateWitness(small.wasm, inputOf(scenario('presentation-16-1-1-4ary-6')))).wtns;
    await expect(proveGroth16(await groth16Curve(), big, wtns)).rejects.toThrow(/witness: \d+ values, the circuit has \d+/);
  });

  it('refuses bytes that are not a zkey', async () => {
    const curve = await groth16Curve();
    expect(() => prepareGroth16(curve, new TextEncoder().encode('not a zkey at all'))).toThrow(/not a zkey file/);
    const vkeyBytes = new Uint8Array(readFileSync(artifactPaths('presentation-16-1-1-4ary-6').vkey));
    expect(() => prepareGroth16(curve, vkeyBytes)).toThrow(/zkey/);
  });
});

describe('MSM window width', () => {
  it('grows with the number of points, and stays within 16 bits', () => {
    const widths = [1, 100, 4_068, 16_384, 1 << 20].map((n) => windowBits(n, 254, 2, 3));
    expect(widths).toEqual([...widths].sort((a, b) => a - b));
    expect(widths[0]).toBeLessThan(widths[4]!);
    expect(Math.max(...widths)).toBeLessThanOrEqual(16);
  });
});

describe('proving paths', () => {
  it('auto uses the wasm prover among the JavaScript paths; snarkjs stays selectable', async () => {
    const zkey = new Uint8Array(readFileSync(artifactPaths('presentation-16-1-1-4ary-6').zkey));
    expect((await createEngine('auto', zkey)).path).toBe('wasm');
    expect((await createEngine('snarkjs', zkey)).path).toBe('snarkjs');
    expect(new Prover({ loader: fileArtifactLoader() }).path).toBe('auto');
    expect(createProver({ path: 'wasm' }).path).toBe('wasm');
    expect(createProver({ path: 'snarkjs' }).path).toBe('snarkjs');
  });

  it('refuses an unknown path with an InputError naming the option', () => {
    expect(() => createProver({ path: 'gpu' as 'wasm' })).toThrow(InputError);
    expect(() => createProver({ path: 'gpu' as 'wasm' })).toThrow(/path/);
  });
});

describe('one curve for concurrent first users', () => {
  it('two concurrent first calls share one curve build (a second would keep its worker threads, and Node, alive)', async () => {
    await releaseCurve();
    const [a, b] = await Promise.all([groth16Curve(), groth16Curve()]);
    expect(a).toBe(b);
    await releaseCurve();
  });

  it('warmUp builds the shared curve with our window sum, so snarkjs, coming later, uses that curve', async () => {
    await releaseCurve();
    await warmUp();
    const shared = await snarkjs.curves.getCurveFromName('bn128') as { tm: { instance: WebAssembly.Instance } };
    expect(WINDOW_MSM.G2 in shared.tm.instance.exports).toBe(true);
    await releaseCurve();
    const plain = await snarkjs.curves.getCurveFromName('bn128') as { tm: { instance: WebAssembly.Instance } };
    expect(WINDOW_MSM.G2 in plain.tm.instance.exports).toBe(false); // what a process that starts with snarkjs gets
    await releaseCurve();
  });
});
