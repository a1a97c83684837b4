/**
 * Native-prover test helpers: the addon (or a loud skip), little-endian byte conversions, and a
 * reader for sections of snarkjs binary files (zkey/wtns), so tests can feed the zkey's own
 * points to both the addon and ffjavascript.
 * Without a built addon, native tests are skipped with a warning; under CI=true they fail
 * instead (CI builds the addon, so a missing addon there is a broken build, not a choice).
 */
import { describe, it } from 'vitest';
import { loadNativeAddon, nativeAddonStatus, type NativeAddon } from '../../src/proving/native-addon.js';
import { bigIntToBytes32, bytesToBigIntLE } from '../../src/internal/field.js';

export const nativeAddon: NativeAddon | undefined = loadNativeAddon();

/** `describe` when the addon is built; otherwise a warning and a skip (a failure under CI=true). */
export function describeNative(name: string, body: (addon: NativeAddon) => void): void {
  const addon = nativeAddon;
  if (addon !== undefined) {
    describe(name, () => body(addon));
    return;
  }
  const reason = nativeAddonStatus().reason ?? 'unknown';
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs the native addon (CI builds it with `npm run build:native`)', () => {
        throw new Error(`native addon missing under CI: ${reason}`);
      });
    });
    return;
  }
  console.warn(`\n!!! WARNING: native prover tests SKIPPED (${name}): ${reason}\n`);
  describe.skip(name, () => body(undefined as unknown as NativeAddon));
}

export const le32 = (value: bigint): Uint8Array => bigIntToBytes32(value, true);
export const fromLe = (bytes: Uint8Array, offset = 0, length = 32): bigint => bytesToBigIntLE(bytes.subarray(offset, offset + length));

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Sections of an iden3 binary file by type (first occurrence), as views into `file`. */
export function binSections(file: Uint8Array): Map<number, { offset: number; size: number }> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const sections = new Map<number, { offset: number; size: number }>();
  let at = 12;
  const count = view.getUint32(8, true);
  for (let i = 0; i < count; i++) {
    const type = view.getUint32(at, true);
    const size = Number(view.getBigUint64(at + 4, true));
    if (!sections.has(type)) sections.set(type, { offset: at + 12, size });
    at += 12 + size;
  }
  return sections;
}

export function sectionBytes(file: Uint8Array, type: number): Uint8Array {
  const s = binSections(file).get(type);
  if (s === undefined) throw new Error(`no section ${type}`);
  return file.subarray(s.offset, s.offset + s.size);
}
