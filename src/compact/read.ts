/**
 * Typed readers over a decoded CBOR item (untrusted): each returns the checked value or throws
 * a CompactError COMPACT_MALFORMED naming the field, so the compact decoders read like their
 * format tables.
 */
import { FIELD_MODULUS } from '../constants.js';
import { CompactError } from '../errors.js';
import { bigIntToBytes32, bytesToBigInt } from '../internal/field.js';

const malformed = (field: string, expected: string): CompactError => new CompactError('COMPACT_MALFORMED', `${field}: expected ${expected}`);

/** An array of exactly `length` items, or of `min`..`max` items. */
export function readArray(value: unknown, field: string, min: number, max = min): unknown[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    throw malformed(field, min === max ? `an array of ${min}` : `an array of ${min}..${max}`);
  }
  return value;
}

/** A non-negative integer up to `max` (a CBOR uint). */
export function readUint(value: unknown, field: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) throw malformed(field, `an integer 0..${max}`);
  return value;
}

/** A byte string of exactly `length` bytes. */
export function readBytes(value: unknown, field: string, length: number): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== length) throw malformed(field, `${length} bytes`);
  return value;
}

/** A text string of at most `maxLength` characters. */
export function readText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.length > maxLength) throw malformed(field, `a text string of at most ${maxLength} characters`);
  return value;
}

/** A canonical BN254 scalar as 32 big-endian bytes. */
export function readField(value: unknown, field: string): bigint {
  const n = bytesToBigInt(readBytes(value, field, 32));
  if (n >= FIELD_MODULUS) throw new CompactError('COMPACT_NON_CANONICAL', `${field}: not below the field modulus`);
  return n;
}

/** A field element as the 32 big-endian bytes readField reads. */
export const fieldBytes = (value: bigint): Uint8Array => bigIntToBytes32(value);
