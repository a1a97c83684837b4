/**
 * Disclosed plaintexts in their binary form, shared by the SNARK and the BBS halves of the
 * compact presentation: string as CBOR text, integer as CBOR int (bigint beyond 2^53), date as
 * uint YYYYMMDD, boolean as CBOR bool. The SNARK half discloses JSON values (the wallet's
 * canonicalValue form), the BBS half the strings that were signed (`String(value)`); both map
 * to the same binary values and back. Also instants (request expiry, key statement issuedAt):
 * milliseconds since 1970 when the text is an exact ISO instant, else the text itself.
 */
import { MAX_STRING_BYTES } from '../constants.js';
import { CompactError, InputError, describe } from '../errors.js';
import { type AttributeType, canonicalValue, dateToInt, encodeAttribute, intToDate } from '../encoding.js';
import { readText, readUint } from './read.js';

/** A disclosed value in its binary form (CBOR text, int, uint date or bool). */
export type BinaryValue = string | number | bigint | boolean;

/**
 * The binary form of a JSON disclosed value (trusted: the holder's own).
 * @throws {InputError} when the value is not of the attribute's type
 */
export function binaryValue(type: AttributeType, value: unknown, field: string): BinaryValue {
  switch (type) {
    case 'string':
    case 'boolean':
      encodeAttribute(type, value, field);
      return value as string | boolean;
    case 'integer': {
      const canonical = canonicalValue(type, value, field);
      return typeof canonical === 'number' ? canonical : BigInt(canonical);
    }
    case 'date':
      return dateToInt(value, field);
    default:
      (type) satisfies never;
      throw new InputError(field, `unknown attribute type ${String(type)}`);
  }
}

/**
 * The binary form of a BBS disclosed value, the canonical string that was signed.
 * @throws {InputError} when the string is not a value of the attribute's type
 */
export function binaryFromSigned(type: AttributeType, signed: unknown, field: string): BinaryValue {
  if (type !== 'boolean') return binaryValue(type, signed, field);
  if (signed === 'true' || signed === 'false') return signed === 'true';
  throw new InputError(field, `expected "true" or "false", got ${describe(signed)}`);
}

/**
 * The JSON value of an untrusted binary value (the form the wallet writes: canonicalValue).
 * @throws {CompactError} COMPACT_MALFORMED when it is not a valid value of the type
 */
export function jsonValue(type: AttributeType, value: unknown, field: string): string | number | boolean {
  try {
    if (type === 'string') return canonicalValue(type, readText(value, field, MAX_STRING_BYTES), field);
    if (type === 'date') return canonicalValue(type, intToDate(readUint(value, field, 99991231)), field);
    if (type === 'integer' && typeof value !== 'number' && typeof value !== 'bigint') throw new InputError(field, `expected an integer, got ${describe(value)}`);
    return canonicalValue(type, value, field);
  } catch (err) {
    if (err instanceof CompactError) throw err;
    throw new CompactError('COMPACT_MALFORMED', `${field}: ${err instanceof Error ? err.message : 'not a valid value'}`);
  }
}

/**
 * The binary form of an ISO instant: milliseconds since 1970 when `iso` is exactly what
 * toISOString writes for them, else the value unchanged (it then travels as text).
 */
export function instantItem(iso: unknown): unknown {
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  return Number.isSafeInteger(ms) && ms >= 0 && new Date(ms).toISOString() === iso ? ms : iso;
}

/** The instant an untrusted instantItem stands for. @throws {CompactError} COMPACT_MALFORMED */
export function readInstant(value: unknown, field: string): string {
  return typeof value === 'number' ? new Date(readUint(value, field, 8.64e15)).toISOString() : readText(value, field, 64);
}
