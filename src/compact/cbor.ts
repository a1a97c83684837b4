/**
 * The envelope of every compact form: one header byte, then one CBOR item (RFC 8949) in
 * cborg's deterministic encoding (shortest integer and length heads, definite lengths, no
 * floats where an integer fits). The header byte names the kind (high nibble) and the format
 * version (low nibble):
 *
 *   0x11  presentation, version 1: SNARK only      0x21  request, version 1: without BBS
 *   0x12  presentation, version 2: with a BBS half 0x22  request, version 2: with a BBS part
 *
 * Version 2 extends version 1 (presentation.ts, request.ts): the encoder writes version 1
 * whenever there is no BBS part, so that version-1 bytes stay exactly what they were, and
 * the decoder reads both.
 *
 * Decoding is strict, in order: size (at most MAX_COMPACT_BYTES, the binary capacity of the
 * largest QR code), header, one well-formed CBOR item (no tags, no undefined, no indefinite
 * lengths, no NaN or infinities, shortest heads), nothing after it, and the item re-encodes to
 * exactly the bytes received (so one value has one encoding and nothing is accepted that the
 * encoder would not write). Every failure is a CompactError; cborg's own errors never escape.
 */
import { decodeFirst, encode } from 'cborg';
import { MAX_COMPACT_BYTES } from '../constants.js';
import { CompactError } from '../errors.js';

export const COMPACT_KINDS = { presentation: 0x10, request: 0x20 } as const;
export type CompactKind = keyof typeof COMPACT_KINDS;
/** The newest format version this library writes; it reads every version from 1 to this one. */
export const COMPACT_VERSION = 2;
export type CompactVersion = 1 | 2;

const DECODE_OPTIONS = {
  strict: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowInfinity: false,
  allowNaN: false,
  allowBigInt: true,
  rejectDuplicateMapKeys: true,
  useMaps: true,
} as const;

/**
 * Header byte + deterministic CBOR of `value`.
 * @example encodeEnvelope('presentation', [1, 2], 1)[0] // 0x11
 */
export function encodeEnvelope(kind: CompactKind, value: unknown, version: CompactVersion): Uint8Array {
  const body = encode(value);
  const out = new Uint8Array(1 + body.length);
  out[0] = COMPACT_KINDS[kind] | version;
  out.set(body, 1);
  return out;
}

/**
 * Checks the envelope of untrusted bytes and returns its format version and CBOR item.
 * @throws {CompactError} COMPACT_OVERSIZED, COMPACT_TRUNCATED, COMPACT_VERSION,
 *   COMPACT_TRAILING_BYTES, COMPACT_NON_CANONICAL, COMPACT_MALFORMED
 */
export function decodeEnvelope(kind: CompactKind, bytes: unknown): { version: CompactVersion; value: unknown } {
  if (!(bytes instanceof Uint8Array)) throw new CompactError('COMPACT_MALFORMED', `compact ${kind}: expected bytes (Uint8Array)`);
  if (bytes.length > MAX_COMPACT_BYTES) throw new CompactError('COMPACT_OVERSIZED', `compact ${kind}: ${bytes.length} bytes, at most ${MAX_COMPACT_BYTES}`);
  if (bytes.length < 2) throw new CompactError('COMPACT_TRUNCATED', `compact ${kind}: ${bytes.length} bytes is too short`);
  const header = bytes[0]!;
  const version = header & 0x0f;
  if ((header & 0xf0) !== COMPACT_KINDS[kind] || version < 1 || version > COMPACT_VERSION) {
    const other = (Object.keys(COMPACT_KINDS) as CompactKind[]).find((k) => (header & 0xf0) === COMPACT_KINDS[k]);
    throw new CompactError('COMPACT_VERSION', other !== undefined && other !== kind
      ? `these bytes are a compact ${other}, not a ${kind}`
      : `compact ${kind}: format version ${header & 0x0f} (of header 0x${header.toString(16).padStart(2, '0')}); this library reads versions 1 to ${COMPACT_VERSION}`);
  }
  const body = bytes.subarray(1);
  let value: unknown;
  let rest: Uint8Array;
  try {
    [value, rest] = decodeFirst(body, DECODE_OPTIONS);
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (/not enough|end of input|unexpected end/i.test(message)) throw new CompactError('COMPACT_TRUNCATED', `compact ${kind}: the CBOR ends early`);
    if (/minimal|strict|indefinite|undefined|NaN|Infinity|duplicate|tag/i.test(message)) {
      throw new CompactError('COMPACT_NON_CANONICAL', `compact ${kind}: not in canonical CBOR (${message.replace(/^CBOR decode error: /, '').slice(0, 80)})`);
    }
    throw new CompactError('COMPACT_MALFORMED', `compact ${kind}: not well-formed CBOR`);
  }
  if (rest.length > 0) throw new CompactError('COMPACT_TRAILING_BYTES', `compact ${kind}: ${rest.length} bytes after the CBOR item`);
  let again: Uint8Array;
  try {
    again = encode(value);
  } catch {
    throw new CompactError('COMPACT_NON_CANONICAL', `compact ${kind}: holds a value the format never writes`);
  }
  if (!sameBytes(again, body)) throw new CompactError('COMPACT_NON_CANONICAL', `compact ${kind}: not in deterministic CBOR encoding`);
  return { version: version as CompactVersion, value };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
