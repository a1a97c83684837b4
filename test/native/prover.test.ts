/**
 * The native Groth16 prover on the shipped circuits: with fixed r and s its proof equals
 * snarkjs's bit for bit (test/helpers/fixed-randomness.ts makes snarkjs use them); with random
 * r and s and random valid witnesses `snarkjs.groth16.verify` accepts it; it proves off the
 * event loop; and malformed zkeys and witnesses are typed errors, never a crash of the process.
 */
import { readFileSync } from 'node:fs';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseManifest, type ArtifactManifest } from '../../src/artifact-integrity.js';
import { ArtifactError, InputError } from '../../src/errors.js';
import { releaseCurve } from '../../src/prover.js';
import { BN254_R, NativeGroth16, randomScalar } from '../../src/proving/native-groth16.js';
import { withFixedRandomness } from '../helpers/fixed-randomness.js';
import { binSections, describeNative } from '../helpers/native.js';
import { artifactPaths, inputOf, scenario, SHIPPED, type ShippedName } from '../helpers/presentation.js';

interface Loaded {
  manifest: ArtifactManifest;
  zkey: Uint8Array;
  vkey: unknown;
  prover: NativeGroth16;
  wtns: Uint8Array;
}

async function witnessOf(name: ShippedName, nonce?: bigint): Promise<Uint8Array> {
  const out = { type: 'mem' } as { type: 'mem'; data?: Uint8Array };
  await snarkjs.wtns.calculate(inputOf(scenario(name), nonce === undefined ? {} : { nonce }), artifactPaths(name).wasm, out);
  return out.data!;
}

describeNative('native Groth16 prover', () => {
  const loaded = new Map<ShippedName, Loaded>();
  beforeAll(async () => {
    for (const name of SHIPPED) {
      const paths = artifactPaths(name);
      const manifest = parseManifest(name, readFileSync(paths.manifest, 'utf8'));
      const zkey = new Uint8Array(readFileSync(paths.zkey));
      loaded.set(name, { manifest, zkey, vkey: JSON.parse(readFileSync(paths.vkey, 'utf8')), prover: NativeGroth16.load(manifest, zkey), wtns: await witnessOf(name) });
    }
  });
  afterAll(releaseCurve);
  const get = (name: ShippedName) => loaded.get(name)!;

  for (const name of SHIPPED) {
    it(`${name}: with fixed r and s the proof equals snarkjs's bit for bit`, async () => {
      const { zkey, prover, wtns } = get(name);
      const r = randomScalar();
      const s = randomScalar();
      const expected = await withFixedRandomness(r, s, () => snarkjs.groth16.prove(zkey, wtns));
      const actual = await prover.prove(wtns, { r, s });
      expect(actual.publicSignals).toEqual(expected.publicSignals);
      expect(JSON.stringify(actual.proof)).toBe(JSON.stringify(expected.proof));
    });

    it(`${name}: proofs of random valid witnesses verify with snarkjs; a changed public signal does not`, async () => {
      const { vkey, prover } = get(name);
      for (let i = 0; i < 2; i++) {
        const wtns = await witnessOf(name, randomScalar());
        const { proof, publicSignals } = await prover.prove(wtns);
        expect(await snarkjs.groth16.verify(vkey as never, publicSignals, proof as never)).toBe(true);
        const forged = publicSignals.slice();
        forged[forged.length - 1] = ((BigInt(forged[forged.length - 1]) + 1n) % BN254_R).toString();
        expect(await snarkjs.groth16.verify(vkey as never, forged, proof as never)).toBe(false);
      }
    });
  }

  it('proves off the event loop: a timer keeps firing during a proof', async () => {
    const { prover } = get('presentation-16-4-32-20');
    const { wtns } = get('presentation-16-4-32-20');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 2);
    let ticksAtEnd = -1;
    try {
      const started = performance.now();
      await prover.prove(wtns).then(() => {
        ticksAtEnd = ticks;
      });
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThan(20);
    } finally {
      clearInterval(timer);
    }
    expect(ticksAtEnd).toBeGreaterThanOrEqual(3);
  });

  it('checks the zkey against the manifest sha256 before native code reads it', () => {
    const { manifest, zkey } = get('presentation-16-1-1-20');
    const tampered = zkey.slice();
    tampered[tampered.length - 1] ^= 1;
    expect(() => NativeGroth16.load(manifest, tampered)).toThrow(/does not match the sha256/);
    expect(() => NativeGroth16.load(get('presentation-16-4-32-20').manifest, zkey)).toThrow(ArtifactError);
  });

  it('malformed zkeys (truncated, garbled headers, points off the curve, indices out of range) are ArtifactErrors', () => {
    const { zkey } = get('presentation-16-1-1-20');
    const sections = binSections(zkey);
    const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const refuse = (bytes: Uint8Array, message: RegExp) => {
      let error: unknown;
      try {
        NativeGroth16.fromCheckedZkey('presentation-16-1-1-20', bytes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ArtifactError);
      expect((error as Error).message).toMatch(message);
    };
    for (const length of [0, 3, 11, 12, 40, sections.get(2)!.offset + 50, sections.get(5)!.offset + 100, zkey.length - 1]) {
      refuse(zkey.subarray(0, length), /truncated|runs past the end|missing|bad magic/);
    }
    const edit = (f: (bytes: Uint8Array, dv: DataView) => void) => {
      const copy = zkey.slice();
      f(copy, view(copy));
      return copy;
    };
    refuse(edit((b) => (b[0] = 0x78)), /bad magic/);
    refuse(edit((_, dv) => dv.setBigUint64(sections.get(5)!.offset - 8, 1n << 60n, true)), /runs past the end/);
    refuse(edit((_, dv) => dv.setUint32(sections.get(1)!.offset, 2, true)), /not a Groth16 key/);
    const h = sections.get(2)!.offset;
    refuse(edit((b) => (b[h + 4] ^= 1)), /base field/);
    refuse(edit((_, dv) => dv.setUint32(h + 72, 0, true)), /variable counts/);
    refuse(edit((_, dv) => dv.setUint32(h + 80, 6000, true)), /power of two/);
    refuse(edit((_, dv) => dv.setUint32(h + 80, 4096, true)), /out of range|bytes, expected/);
    refuse(edit((b) => (b[h + 84] ^= 1)), /not on the curve/);
    const coefs = sections.get(4)!.offset;
    refuse(edit((_, dv) => dv.setUint32(coefs + 4 + 8, 0xffffffff, true)), /out of range/);
    refuse(edit((_, dv) => dv.setUint32(coefs + 4, 2, true)), /out of range/);
    refuse(edit((_, dv) => dv.setUint32(coefs, 1, true)), /does not match the count/);
    for (const section of [5, 6, 7, 8, 9]) refuse(edit((b) => (b[sections.get(section)!.offset + 64 + 7] ^= 0x10)), /not on the curve/);
    refuse(edit((b) => b.fill(0xff, sections.get(9)!.offset, sections.get(9)!.offset + 32)), /not below the base field modulus/);
    // random single-byte changes and truncations anywhere: a typed error or a usable key, never a crash
    for (let i = 0; i < 40; i++) {
      const at = Math.floor(Math.random() * sections.get(9)!.offset);
      const copy = edit((b) => (b[at] ^= 1 + Math.floor(Math.random() * 255)));
      try {
        NativeGroth16.fromCheckedZkey('presentation-16-1-1-20', copy.subarray(0, i % 2 === 0 ? copy.length : Math.floor(Math.random() * copy.length)));
      } catch (e) {
        expect(e).toBeInstanceOf(ArtifactError);
      }
    }
  });

  it('witnesses of the wrong circuit, length or format are InputErrors', async () => {
    const { prover } = get('presentation-16-1-1-20');
    const other = get('presentation-16-4-32-20').wtns;
    const own = get('presentation-16-1-1-20').wtns;
    const refuse = async (wtns: Uint8Array, message: RegExp) => {
      const error = await prover.prove(wtns).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(message);
    };
    await refuse(other, /14354 values, the circuit has 7080/);
    await refuse(own.subarray(0, own.length - 32), /values section|truncated|runs past/);
    await refuse(new Uint8Array(0), /truncated/);
    const tooBig = own.slice();
    const values = binSections(tooBig).get(2)!.offset;
    tooBig.fill(0xff, values + 32 * 5, values + 32 * 6);
    await refuse(tooBig, /value 5 is not below the field modulus/);
    await expect(prover.prove(own, { r: BN254_R, s: 1n })).rejects.toThrow(InputError);
  });
});
