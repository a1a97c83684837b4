/**
 * Attribute encodings (DESIGN section 2): dates as YYYYMMDD, signed 64-bit integers offset by
 * 2^63, booleans as 0/1, strings as a length-prefixed Poseidon hash of their UTF-8 bytes.
 * Known answers for strings come from a separate packing written here over poseidon-lite.
 */
import fc from 'fast-check';
import * as poseidonLite from 'poseidon-lite';
import { describe, expect, it } from 'vitest';
import { InputError, MAX_STRING_BYTES, dateToInt, encodeAttribute, encodeString } from '../../src/index.js';
import { thrown } from '../helpers/library.js';

const { poseidon1, poseidon2, poseidon3 } = poseidonLite;
/** poseidon-lite's Poseidon of n inputs, picked by width. */
function poseidonN(inputs: bigint[]): bigint {
  const fn = (poseidonLite as unknown as Record<string, (x: bigint[]) => bigint>)[`poseidon${inputs.length}`];
  if (fn === undefined) throw new RangeError(`no poseidon${inputs.length}`);
  return fn(inputs);
}

const SEED = 20261129;
const TWO_63 = 2n ** 63n;

/** Asserts an InputError naming `field` whose message contains `fragment`. */
function expectInputError(fn: () => unknown, field: string, fragment?: string): void {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).field).toBe(field);
  expect((err as InputError).code).toBe('INVALID_INPUT');
  if (fragment !== undefined) expect((err as InputError).message).toContain(fragment);
}

/** Big-endian integer of some bytes: the packing the encoding specifies, written independently. */
function beInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

describe('dates', () => {
  it.each([
    ['1990-05-17', 19900517],
    ['2024-02-29', 20240229],
    ['2000-02-29', 20000229],
    ['0001-01-01', 10101],
    ['9999-12-31', 99991231],
    ['2026-12-31', 20261231],
  ])('%s encodes as %i', (date, expected) => {
    expect(dateToInt(date, 'birthDate')).toBe(expected);
    expect(encodeAttribute('date', date, 'birthDate')).toBe(BigInt(expected));
  });

  it.each([
    ['2026-02-30', 'February has no 30th'],
    ['2023-02-29', '2023 is not a leap year'],
    ['1900-02-29', '1900 is not a leap year (century)'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-13-01', 'month 13'],
    ['2026-00-10', 'month 0'],
    ['2026-01-00', 'day 0'],
    ['2026-01-32', 'day 32'],
    ['0000-01-01', 'year 0'],
  ])('%s is rejected as not a calendar date (%s)', (date) => {
    expectInputError(() => dateToInt(date, 'birthDate'), 'birthDate', 'is not a calendar date');
  });

  it.each([
    '2026-2-03', '2026-02-3', '20260203', '2026/02/03', ' 2026-02-03', '2026-02-03 ', '2026-02-03T00:00:00Z',
    '12026-02-03', '+2026-02-03', '', 'yesterday', '２０２６-02-03',
  ])('format %j is rejected', (date) => {
    expectInputError(() => dateToInt(date, 'validUntil'), 'validUntil', 'expected a date "YYYY-MM-DD"');
  });

  it.each([[20260203], [null], [undefined], [new Date('2026-02-03')], [true]])('non-string %s is rejected', (value) => {
    expectInputError(() => encodeAttribute('date', value, 'birthDate'), 'birthDate', 'expected a date');
  });

  it('preserves calendar order (property)', () => {
    const day = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => Math.sign(dateToInt(a, 'a') - dateToInt(b, 'b')) === Math.sign(Date.parse(a) - Date.parse(b))),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe('integers', () => {
  it.each([
    ['2^63 - 1 (bigint)', TWO_63 - 1n, 2n ** 64n - 1n],
    ['-2^63 (bigint)', -TWO_63, 0n],
    ['0', 0, TWO_63],
    ['-1', -1, TWO_63 - 1n],
    ['742', 742, TWO_63 + 742n],
    ['MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER, TWO_63 + 9007199254740991n],
    ['MIN_SAFE_INTEGER', Number.MIN_SAFE_INTEGER, TWO_63 - 9007199254740991n],
    ['"9223372036854775807"', '9223372036854775807', 2n ** 64n - 1n],
    ['"-9223372036854775808"', '-9223372036854775808', 0n],
    ['"123"', '123', TWO_63 + 123n],
    ['"-45"', '-45', TWO_63 - 45n],
  ])('%s encodes offset by 2^63', (_label, value, expected) => {
    expect(encodeAttribute('integer', value, 'score')).toBe(expected);
  });

  it.each([
    ['2^63 (bigint)', TWO_63],
    ['-2^63 - 1 (bigint)', -TWO_63 - 1n],
    ['2^64 (bigint)', 2n ** 64n],
    ['"9223372036854775808"', '9223372036854775808'],
    ['"-9223372036854775809"', '-9223372036854775809'],
  ])('%s is rejected as outside 64 bits', (_label, value) => {
    expectInputError(() => encodeAttribute('integer', value, 'score'), 'score', 'within 64 bits');
  });

  it.each([
    ['2^53 (unsafe number)', 2 ** 53],
    ['-(2^53) (unsafe number)', -(2 ** 53)],
    ['2^63 as a number', 2 ** 63],
    ['1.5', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['"007"', '007'],
    ['"+1"', '+1'],
    ['"1e3"', '1e3'],
    ['"0x10"', '0x10'],
    ['" 1"', ' 1'],
    ['"1.0"', '1.0'],
    ['""', ''],
    ['"-"', '-'],
    ['a 22-digit string', '1000000000000000000000'],
    ['true', true],
    ['null', null],
  ])('%s is rejected as not an integer', (_label, value) => {
    expectInputError(() => encodeAttribute('integer', value, 'score'), 'score', 'expected an integer');
  });

  it('preserves order and stays within [0, 2^64) (property)', () => {
    const int64 = fc.bigInt({ min: -TWO_63, max: TWO_63 - 1n });
    fc.assert(
      fc.property(int64, int64, (a, b) => {
        const [ea, eb] = [encodeAttribute('integer', a, 'a'), encodeAttribute('integer', b, 'b')];
        return ea >= 0n && ea < 2n ** 64n && (a < b) === (ea < eb) && (a === b) === (ea === eb);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('a safe number, its bigint and its decimal string encode alike (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        const e = encodeAttribute('integer', n, 'n');
        return e === encodeAttribute('integer', BigInt(n), 'n') && e === encodeAttribute('integer', String(n), 'n');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('strings', () => {
  it('known answers: "" and "abc" and "DE" (Poseidon(len, chunks))', () => {
    expect(encodeString('', 'givenName')).toBe(poseidon1([0n]));
    expect(encodeString('abc', 'givenName')).toBe(poseidon2([3n, 0x616263n]));
    expect(encodeAttribute('string', 'DE', 'nationality')).toBe(poseidon2([2n, 0x4445n]));
  });

  it('a 32-byte string packs as a 31-byte chunk and a 1-byte chunk', () => {
    const value = 'A'.repeat(31) + 'B';
    const bytes = Buffer.from(value, 'utf8');
    expect(encodeString(value, 'givenName')).toBe(poseidon3([32n, beInt(bytes.subarray(0, 31)), 0x42n]));
  });

  it('multibyte UTF-8 is hashed over its bytes: "Zoë" is 4 bytes', () => {
    const bytes = Buffer.from('Zoë', 'utf8');
    expect(bytes.length).toBe(4);
    expect(encodeString('Zoë', 'givenName')).toBe(poseidon2([4n, beInt(bytes)]));
  });

  it(`${MAX_STRING_BYTES} ASCII bytes are accepted, ${MAX_STRING_BYTES + 1} rejected`, () => {
    expect(MAX_STRING_BYTES).toBe(465);
    expect(typeof encodeString('x'.repeat(465), 'documentNumber')).toBe('bigint');
    expectInputError(() => encodeString('x'.repeat(466), 'documentNumber'), 'documentNumber', 'got 466');
  });

  it('the limit counts UTF-8 bytes, not characters: 232 × "é" + "a" (465 bytes) ok, 233 × "é" (466 bytes) rejected', () => {
    expect(typeof encodeString('é'.repeat(232) + 'a', 'familyName')).toBe('bigint');
    expect('é'.repeat(233).length).toBe(233);
    expectInputError(() => encodeString('é'.repeat(233), 'familyName'), 'familyName', 'got 466');
  });

  it('4-byte characters: 116 × "😀" + "a" (465 bytes) ok, 117 × "😀" (468 bytes) rejected', () => {
    expect(typeof encodeString('😀'.repeat(116) + 'a', 'familyName')).toBe('bigint');
    expectInputError(() => encodeString('😀'.repeat(117), 'familyName'), 'familyName', 'got 468');
  });

  it('length prefix separates strings that differ only in trailing NUL bytes', () => {
    expect(encodeString('a', 's')).not.toBe(encodeString('a\u0000', 's'));
    expect(encodeString('', 's')).not.toBe(encodeString('\u0000', 's'));
    expect(encodeString('\u0000a', 's')).not.toBe(encodeString('a', 's'));
  });

  it('equal strings in different Unicode normal forms are different values (no normalisation)', () => {
    expect('é'.normalize('NFD')).not.toBe('é');
    expect(encodeString('é', 's')).not.toBe(encodeString('é'.normalize('NFD'), 's'));
  });

  it.each([[42], [null], [undefined], [['DE']], [true], [{}]])('non-string %j is rejected', (value) => {
    expectInputError(() => encodeAttribute('string', value, 'nationality'), 'nationality', 'expected a string');
  });

  it('encoding is injective on a sample of well-formed strings (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 80 }), { minLength: 20, maxLength: 60 }), (values) => {
        const encodings = new Set(values.map((v) => encodeString(v, 's')));
        return encodings.size === values.length;
      }),
      { seed: SEED, numRuns: 50 },
    );
  });

  it('encodes what the independent packing computes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 116 }), (value) => {
        const bytes = Buffer.from(value, 'utf8');
        const chunks: bigint[] = [];
        for (let i = 0; i < bytes.length; i += 31) chunks.push(beInt(bytes.subarray(i, i + 31)));
        return encodeString(value, 's') === poseidonN([BigInt(bytes.length), ...chunks]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  // Regression test for a fixed bug: TextEncoder turns a lone UTF-16 surrogate into U+FFFD, so
  // "\uD800" and "\uFFFD" are different JS strings with one encoding; a holder could disclose
  // either plaintext for a credential issued with the other. Ill-formed strings should be
  // refused.
  it('a lone surrogate is rejected with an InputError', () => {
    expectInputError(() => encodeString('\uD800', 'givenName'), 'givenName');
  });
});

describe('booleans', () => {
  it('true is 1 and false is 0', () => {
    expect(encodeAttribute('boolean', true, 'student')).toBe(1n);
    expect(encodeAttribute('boolean', false, 'student')).toBe(0n);
  });

  it.each([['1', 1], ['0', 0], ['"true"', 'true'], ['"false"', 'false'], ['null', null], ['undefined', undefined], ['1n', 1n]])('%s is rejected', (_label, value) => {
    expectInputError(() => encodeAttribute('boolean', value, 'student'), 'student', 'expected a boolean');
  });
});

describe('attribute types', () => {
  it('an unknown type is rejected with an InputError naming the field', () => {
    expectInputError(() => encodeAttribute('float' as never, 1.5, 'height'), 'height', 'unknown attribute type');
  });
});
