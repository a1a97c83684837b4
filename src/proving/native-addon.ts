/**
 * Loads the optional native Groth16 addon (native/, built only by `npm run build:native`; never
 * at install). The addon is looked for at native/build/Release/zkd_native.node in the package
 * root, found by walking up from this module (src/proving/ in the repository, dist/ when
 * bundled). `loadNativeAddon()` returns undefined when it is not built or cannot load here, with
 * the reason in `nativeAddonStatus()`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Affine coordinates as 32-byte little-endian integers; all-zero bytes are the point at infinity. */
export interface NativeProofPoints {
  a: Uint8Array;
  b: Uint8Array;
  c: Uint8Array;
  /** Witness values 1..nPublic, 32 bytes each. */
  publicSignals: Uint8Array;
}

export interface NativeProverHandle {
  info(): { nVars: number; nPublic: number; domainSize: number };
  /** Proves on a libuv worker thread; r and s are 32-byte little-endian scalars. */
  prove(wtns: Uint8Array, r: Uint8Array, s: Uint8Array, threads?: number): Promise<NativeProofPoints>;
}

/** The arithmetic, exposed for the property tests (32-byte LE integers in and out). */
export interface NativeTesting {
  fieldOp(field: 'q' | 'r', op: 'add' | 'sub' | 'mul' | 'mulPortable' | 'neg' | 'sqr' | 'inv', a: Uint8Array, b?: Uint8Array): Uint8Array;
  g1Op(op: 'add' | 'addMixed' | 'double' | 'mul' | 'onCurve', p: Uint8Array, q?: Uint8Array): Uint8Array;
  g2Op(op: 'add' | 'addMixed' | 'double' | 'mul' | 'onCurve', p: Uint8Array, q?: Uint8Array): Uint8Array;
  msmG1(bases: Uint8Array, scalars: Uint8Array, threads?: number): Uint8Array;
  msmG2(bases: Uint8Array, scalars: Uint8Array, threads?: number): Uint8Array;
  rootOfUnity(k: number): Uint8Array;
}

export interface NativeAddon {
  Prover: new (zkey: Uint8Array) => NativeProverHandle;
  testing: NativeTesting;
}

const ADDON_PATH = join('native', 'build', 'Release', 'zkd_native.node');

/** Where the built addon would be: the first ancestor of this module holding native/binding.gyp. */
export function nativeAddonPath(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'native', 'binding.gyp'))) return join(dir, ADDON_PATH);
    dir = resolve(dir, '..');
  }
  return undefined;
}

let cached: { addon?: NativeAddon; reason?: string } | undefined;

/** The addon, or undefined when it is not built or does not load on this platform. */
export function loadNativeAddon(): NativeAddon | undefined {
  if (cached === undefined) {
    const path = nativeAddonPath();
    if (path === undefined || !existsSync(path)) {
      cached = { reason: 'the native addon is not built (run `npx zkdisclose native build`; in a clone of the repository `npm run build:native`)' };
    } else {
      try {
        cached = { addon: createRequire(import.meta.url)(path) as NativeAddon };
      } catch (error) {
        cached = { reason: `the native addon does not load: ${(error as Error).message}` };
      }
    }
  }
  return cached.addon;
}

/** Whether the addon is usable, and why not. */
export function nativeAddonStatus(): { available: boolean; reason?: string } {
  const addon = loadNativeAddon();
  return addon === undefined ? { available: false, reason: cached?.reason } : { available: true };
}
