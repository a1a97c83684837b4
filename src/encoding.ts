/**
 * Attribute encodings (DESIGN section 2): each attribute value becomes one BN254 field element.
 *   integer  signed 64-bit, offset by 2^63 into [0, 2^64) so that order comparisons work
 *   date     "YYYY-MM-DD" as the integer YYYYMMDD; "age >= N on day D" is birth <= D - N*10000
 *   boolean  0 or 1
 *   string   Poseidon(len, chunk_0, ..., chunk_k) over the UTF-8 bytes packed 31 per element
 *            (big-endian), length-prefixed, at most 465 bytes
 * The circuit never decodes: equality and set membership work on encodings, and a disclosed
 * plaintext is checked by re-encoding it.
 */
import {
  INTEGER_OFFSET, MAX_INTEGER, MAX_STRING_BYTES, MAX_YEAR, MIN_INTEGER, MIN_YEAR, STRING_CHUNK_BYTES,
} from './constants.js';
import { InputError, describe } from './errors.js';
import { bytesToBigInt } from './internal/field.js';
import { poseidon } from './internal/poseidon.js';

export type AttributeType = 'string' | 'integer' | 'date' | 'boolean';
/** A plaintext attribute value. Integers may be bigint, safe-integer numbers or decimal strings. */
export type AttributeValue = string | number | bigint | boolean;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER_STRING = /^-?(0|[1-9][0-9]*)$/;

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses a calendar date "YYYY-MM-DD" into its YYYYMMDD integer.
 * @throws {InputError} on another format or a date that does not exist (2026-02-30)
 * @example dateToInt('1990-05-17', 'birthDate') // 19900517
 */
export function dateToInt(value: unknown, field: string): number {
  if (typeof value !== 'string') throw new InputError(field, `expected a date "YYYY-MM-DD", got ${describe(value)}`);
  const m = DATE.exec(value);
  if (m === null) throw new InputError(field, `expected a date "YYYY-MM-DD", got "${value.slice(0, 32)}"`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InputError(field, `is not a calendar date: ${value}`);
  }
  return year * 10000 + month * 100 + day;
}

/** YYYYMMDD integer back to "YYYY-MM-DD". */
export function intToDate(value: number): string {
  const y = Math.floor(value / 10000);
  const m = Math.floor(value / 100) % 100;
  const d = value % 100;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The UTC calendar date of an instant, as "YYYY-MM-DD". */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * Parses a signed 64-bit integer from a bigint, a safe-integer number or a decimal string.
 * @throws {InputError} on another type or a value outside [-2^63, 2^63 - 1]
 */
export function parseInteger(value: unknown, field: string): bigint {
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === 'string' && value.length <= 21 && INTEGER_STRING.test(value)) n = BigInt(value);
  else throw new InputError(field, `expected an integer, got ${describe(value)}`);
  if (n < MIN_INTEGER || n > MAX_INTEGER) throw new InputError(field, 'expected an integer within 64 bits (-2^63 .. 2^63-1)');
  return n;
}

/**
 * Encodes a UTF-8 string: Poseidon(byteLength, chunk_0, ...), 31 bytes per chunk.
 * @throws {InputError} when not a string or longer than 465 bytes
 * @example encodeString('DE', 'nationality')
 */
export function encodeString(value: unknown, field: string): bigint {
  if (typeof value !== 'string') throw new InputError(field, `expected a string, got ${describe(value)}`);
  const bytes = new TextEncoder().encode(value);
  // TextEncoder maps lone surrogates to U+FFFD; refusing them keeps the encoding injective.
  if (new TextDecoder().decode(bytes) !== value) throw new InputError(field, 'expected well-formed Unicode (no lone surrogates)');
  if (bytes.length > MAX_STRING_BYTES) {
    throw new InputError(field, `expected at most ${MAX_STRING_BYTES} UTF-8 bytes, got ${bytes.length}`);
  }
  return poseidon(packBytes(bytes));
}

/** `[byteLength, chunk_0, ...]`: bytes packed 31 per field element (big-endian), length first. */
export function packBytes(bytes: Uint8Array): bigint[] {
  const elements = [BigInt(bytes.length)];
  for (let i = 0; i < bytes.length; i += STRING_CHUNK_BYTES) {
    elements.push(bytesToBigInt(bytes.subarray(i, i + STRING_CHUNK_BYTES)));
  }
  return elements;
}

/**
 * Encodes one attribute value of the given type into its field element.
 * @throws {InputError} naming `field` when the value does not fit the type
 */
export function encodeAttribute(type: AttributeType, value: unknown, field: string): bigint {
  switch (type) {
    case 'string':
      return encodeString(value, field);
    case 'integer':
      return parseInteger(value, field) + INTEGER_OFFSET;
    case 'date':
      return BigInt(dateToInt(value, field));
    case 'boolean':
      if (typeof value !== 'boolean') throw new InputError(field, `expected a boolean, got ${describe(value)}`);
      return value ? 1n : 0n;
    default:
      (type) satisfies never;
      throw new InputError(field, `unknown attribute type ${String(type)}`);
  }
}

/** A verified disclosed value, canonical and typed by its schema type (see typedValue). */
export type DisclosedValue = string | bigint | boolean;

/**
 * The canonical typed form of a value of a type: `integer` as bigint (so "42", 42, "-0" and
 * 0n are 42n, 42n, 0n, 0n), `date` as "YYYY-MM-DD", `boolean` as a boolean, `string` as is.
 * With `fromText`, the value is a BBS message's text (booleans "true"/"false").
 * @throws {InputError} naming `field` when the value does not fit the type
 * @example typedValue('integer', '-0', 'disclosed.score') // 0n
 */
export function typedValue(type: AttributeType, value: unknown, field: string, fromText = false): DisclosedValue {
  if (type === 'boolean' && fromText && (value === 'true' || value === 'false')) return value === 'true';
  // Dates, booleans and strings are already canonical once checked; integers become bigints.
  return type === 'integer' ? parseInteger(value, field) : (canonicalValue(type, value, field) as string | boolean);
}

/** The canonical JSON form of a value of a type (integers as decimal strings when unsafe). */
export function canonicalValue(type: AttributeType, value: unknown, field: string): string | number | boolean {
  switch (type) {
    case 'integer': {
      const n = parseInteger(value, field);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
    }
    case 'date':
      dateToInt(value, field);
      return value as string;
    case 'boolean':
    case 'string':
      encodeAttribute(type, value, field);
      return value as string | boolean;
    default:
      (type) satisfies never;
      throw new InputError(field, `unknown attribute type ${String(type)}`);
  }
}
