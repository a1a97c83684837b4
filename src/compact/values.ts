/**
 * Disclosed plaintexts in their binary form, shared by the SNARK and the BBS halves of the
 * compact presentation: string as CBOR text, integer as CBOR int (bigint beyond 2^53), date as
 * uint YYYYMMDD, boolean as CBOR bool. The SNARK half discloses JSON values (the wallet's
 * canonicalValue form), the BBS half the strings that were signed (`String(value)`); both map
 * to the same binary values and back.
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
