/**
 * Groth16 proofs from the native addon, in snarkjs's format: a `NativeGroth16` holds one
 * circuit's parsed zkey (checked against its manifest's sha256 before native code reads a byte)
 * and proves from .wtns bytes off the event loop. Errors are typed: a malformed zkey is an
 * ArtifactError, a witness of the wrong length or format an InputError ("witness"), a missing
 * addon ZkdError UNSUPPORTED.
 */
import { assertArtifactHash, type ArtifactManifest } from '../artifact-integrity.js';
import { ArtifactError, InputError, ZkdError } from '../errors.js';
import type { Groth16Proof, ProofResult } from '../prover.js';
import { bigIntToBytes32, bytesToBigIntLE } from '../internal/field.js';
import { loadNativeAddon, nativeAddonStatus, type NativeAddon, type NativeProverHandle } from './native-addon.js';

/** The BN254 scalar field modulus (r and s are drawn below it). */
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Blinding scalars for one proof; fresh random ones are drawn when not given (tests fix them). */
export interface Blinding {
  r: bigint;
  s: bigint;
}

const leBytes = (value: bigint): Uint8Array => bigIntToBytes32(value, true);
const leValue = (bytes: Uint8Array, offset: number): bigint => bytesToBigIntLE(bytes.subarray(offset, offset + 32));

/** A uniform scalar below r (512 random bits reduced: bias below 2^-256). */
export function randomScalar(): bigint {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(64));
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v % BN254_R;
}

function isZero(bytes: Uint8Array, offset: number, length: number): boolean {
  for (let i = offset; i < offset + length; i++) if (bytes[i] !== 0) return false;
  return true;
}

function g1Object(p: Uint8Array): string[] {
  if (isZero(p, 0, 64)) return ['0', '1', '0'];
  return [leValue(p, 0).toString(), leValue(p, 32).toString(), '1'];
}

function g2Object(p: Uint8Array): string[][] {
  if (isZero(p, 0, 128)) return [['0', '0'], ['1', '0'], ['0', '0']];
  return [
    [leValue(p, 0).toString(), leValue(p, 32).toString()],
    [leValue(p, 64).toString(), leValue(p, 96).toString()],
    ['1', '0'],
  ];
}

function addonOrThrow(): NativeAddon {
  const addon = loadNativeAddon();
  if (addon === undefined) throw new ZkdError('UNSUPPORTED', `native prover unavailable: ${nativeAddonStatus().reason}`);
  return addon;
}

function nativeCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export class NativeGroth16 {
  private constructor(
    readonly circuit: string,
    private readonly handle: NativeProverHandle,
  ) {}

  /**
   * Parses a zkey after checking its sha256 against the manifest.
   * @throws {ArtifactError} when the hash differs or the zkey is malformed
   * @throws {ZkdError} UNSUPPORTED when the addon is not built
   */
  static load(manifest: ArtifactManifest, zkey: Uint8Array): NativeGroth16 {
    assertArtifactHash(manifest, 'circuit.zkey', zkey);
    return NativeGroth16.fromCheckedZkey(manifest.circuit, zkey);
  }

  /**
   * Parses zkey bytes the caller has already checked (or, in tests, deliberately not).
   * @throws {ArtifactError} when the zkey is malformed
   */
  static fromCheckedZkey(circuit: string, zkey: Uint8Array): NativeGroth16 {
    const addon = addonOrThrow();
    try {
      return new NativeGroth16(circuit, new addon.Prover(zkey));
    } catch (error) {
      throw new ArtifactError(`${circuit}: the zkey cannot be read (${(error as Error).message})`);
    }
  }

  info(): { nVars: number; nPublic: number; domainSize: number } {
    return this.handle.info();
  }

  /**
   * Proves from a .wtns file's bytes (the wasm witness calculator's output).
   * @throws {InputError} "witness" when it is malformed or does not fit the circuit
   */
  async prove(wtns: Uint8Array, blinding: Blinding = { r: randomScalar(), s: randomScalar() }, threads?: number): Promise<ProofResult> {
    for (const [name, v] of Object.entries(blinding)) {
      if (typeof v !== 'bigint' || v < 0n || v >= BN254_R) throw new InputError(`blinding.${name}`, 'must be a scalar below the BN254 group order');
    }
    let points;
    try {
      points = await this.handle.prove(wtns, leBytes(blinding.r), leBytes(blinding.s), threads);
    } catch (error) {
      const code = nativeCode(error);
      if (code === 'WITNESS_INVALID' || code === 'WITNESS_LENGTH') throw new InputError('witness', `${(error as Error).message} (${this.circuit})`);
      if (code === 'ARGUMENT_INVALID') throw new InputError('witness', (error as Error).message);
      throw new ZkdError('PROOF_FAILED', `${this.circuit}: native proving failed (${(error as Error).message})`);
    }
    const proof: Groth16Proof = { pi_a: g1Object(points.a), pi_b: g2Object(points.b), pi_c: g1Object(points.c), protocol: 'groth16', curve: 'bn128' };
    const publicSignals: string[] = [];
    for (let i = 0; i < points.publicSignals.length; i += 32) publicSignals.push(leValue(points.publicSignals, i).toString());
    return { proof, publicSignals };
  }
}
