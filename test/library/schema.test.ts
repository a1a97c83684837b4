/**
 * Schemas (DESIGN section 2): defineSchema validates and freezes; encodeAttributes maps a
 * plaintext record onto the circuit's 16 slots in schema order and names any missing, unknown
 * or ill-typed attribute. Issuer.issue surfaces the same errors through the public API.
 */
import { describe, expect, it } from 'vitest';
import {
  InputError, MAX_ATTRIBUTES, PERSON_SCHEMA, builtinSchema, defineSchema, encodeAttribute, openCredential,
} from '../../src/index.js';
import { encodeAttributes } from '../../src/schema.js';
import { ERIKA, holderKeys, issuePerson, issuerKeys, makeIssuer, thrown } from '../helpers/library.js';

/** Asserts an InputError with this field and code. */
function expectInputError(fn: () => unknown, field: string, code = 'INVALID_INPUT'): InputError {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).field).toBe(field);
  expect((err as InputError).code).toBe(code);
  expect((err as InputError).message.startsWith(`"${field}"`)).toBe(true);
  return err as InputError;
}

const attrs = (n: number): { name: string; type: string }[] => Array.from({ length: n }, (_, i) => ({ name: `a${i}`, type: 'integer' }));

describe('defineSchema', () => {
  it('accepts a valid schema and freezes it', () => {
    const schema = defineSchema({ id: 'https://example.org/s/v1', attributes: [{ name: 'score', type: 'integer' }, { name: 'student', type: 'boolean' }] });
    expect(schema).toEqual({ id: 'https://example.org/s/v1', attributes: [{ name: 'score', type: 'integer' }, { name: 'student', type: 'boolean' }] });
    expect(Object.isFrozen(schema)).toBe(true);
    expect(Object.isFrozen(schema.attributes)).toBe(true);
    expect(Object.isFrozen(schema.attributes[0])).toBe(true);
  });

  it('copies only name and type (extra properties are dropped)', () => {
    const schema = defineSchema({ id: 's', attributes: [{ name: 'x', type: 'string', secret: 1 }] });
    expect(schema.attributes[0]).toEqual({ name: 'x', type: 'string' });
  });

  it(`accepts exactly ${MAX_ATTRIBUTES} attributes`, () => {
    expect(defineSchema({ id: 's', attributes: attrs(16) }).attributes).toHaveLength(16);
  });

  it('rejects 17 attributes on schema.attributes', () => {
    expectInputError(() => defineSchema({ id: 's', attributes: attrs(17) }), 'schema.attributes');
  });

  it('rejects an empty attribute list on schema.attributes', () => {
    expectInputError(() => defineSchema({ id: 's', attributes: [] }), 'schema.attributes');
  });

  it('rejects a duplicate name on the second occurrence', () => {
    const err = expectInputError(
      () => defineSchema({ id: 's', attributes: [{ name: 'a', type: 'string' }, { name: 'b', type: 'date' }, { name: 'a', type: 'integer' }] }),
      'schema.attributes[2].name',
    );
    expect(err.message).toContain('duplicates attribute "a"');
  });

  it.each(['float', 'String', 'int', '', 42, undefined])('rejects type %j on schema.attributes[0].type', (type) => {
    expectInputError(() => defineSchema({ id: 's', attributes: [{ name: 'x', type }] }), 'schema.attributes[0].type');
  });

  it.each(['1abc', 'a-b', 'a b', '', '_x', 'x'.repeat(65), 7])('rejects name %j on schema.attributes[0].name', (name) => {
    expectInputError(() => defineSchema({ id: 's', attributes: [{ name, type: 'string' }] }), 'schema.attributes[0].name');
  });

  it('accepts a 64-character name', () => {
    expect(defineSchema({ id: 's', attributes: [{ name: 'x'.repeat(64), type: 'string' }] }).attributes[0]!.name).toHaveLength(64);
  });

  it.each([['empty', ''], ['257 characters', 'x'.repeat(257)], ['a number', 1], ['missing', undefined]])('rejects an id that is %s on schema.id', (_label, id) => {
    expectInputError(() => defineSchema({ id, attributes: attrs(1) }), 'schema.id');
  });

  it.each([['null', null], ['an array', []], ['a string', 'person']])('rejects a definition that is %s on schema', (_label, definition) => {
    expectInputError(() => defineSchema(definition), 'schema');
  });

  it('rejects an attribute entry that is not an object on its index', () => {
    expectInputError(() => defineSchema({ id: 's', attributes: [{ name: 'a', type: 'string' }, 'b'] }), 'schema.attributes[1]');
  });

  it('PERSON_SCHEMA has the documented attributes in order', () => {
    expect(PERSON_SCHEMA.attributes.map((a) => `${a.name}:${a.type}`)).toEqual([
      'givenName:string', 'familyName:string', 'birthDate:date', 'nationality:string', 'documentNumber:string',
    ]);
  });
});

describe('encodeAttributes', () => {
  it('fills slots in schema order, unused slots 0, whatever the record key order', () => {
    const reversed = Object.fromEntries(Object.entries(ERIKA).reverse());
    const slots = encodeAttributes(PERSON_SCHEMA, reversed);
    expect(slots).toHaveLength(MAX_ATTRIBUTES);
    expect(slots.slice(0, 5)).toEqual([
      encodeAttribute('string', 'Erika', 'x'),
      encodeAttribute('string', 'Mustermann', 'x'),
      19900517n,
      encodeAttribute('string', 'DE', 'x'),
      encodeAttribute('string', 'T22000129', 'x'),
    ]);
    expect(slots.slice(5)).toEqual(new Array(11).fill(0n));
  });

  it('names an unknown attribute with UNKNOWN_ATTRIBUTE', () => {
    expectInputError(() => encodeAttributes(PERSON_SCHEMA, { ...ERIKA, nickname: 'Riki' }), 'attributes.nickname', 'UNKNOWN_ATTRIBUTE');
  });

  it('names a missing attribute with MISSING_ATTRIBUTE', () => {
    const { documentNumber: _dropped, ...rest } = ERIKA;
    expectInputError(() => encodeAttributes(PERSON_SCHEMA, rest), 'attributes.documentNumber', 'MISSING_ATTRIBUTE');
  });

  it('treats an attribute inherited from the prototype as missing', () => {
    const { givenName, ...rest } = ERIKA;
    const record = Object.assign(Object.create({ givenName }) as Record<string, unknown>, rest);
    expectInputError(() => encodeAttributes(PERSON_SCHEMA, record), 'attributes.givenName', 'MISSING_ATTRIBUTE');
  });

  it('names an ill-typed attribute with INVALID_INPUT', () => {
    expectInputError(() => encodeAttributes(PERSON_SCHEMA, { ...ERIKA, birthDate: '1990-02-30' }), 'attributes.birthDate');
    expectInputError(() => encodeAttributes(PERSON_SCHEMA, { ...ERIKA, nationality: 49 }), 'attributes.nationality');
  });

  it.each([['null', null], ['an array', []], ['a string', 'Erika']])('rejects a record that is %s on attributes', (_label, record) => {
    expectInputError(() => encodeAttributes(PERSON_SCHEMA, record), 'attributes');
  });
});

describe('Issuer.issue surfaces attribute errors and registers nothing', () => {
  const issuer = makeIssuer(issuerKeys(11));
  const holder = holderKeys(1234567n);

  it('unknown attribute: InputError UNKNOWN_ATTRIBUTE on attributes.nickname', () => {
    expectInputError(() => issuePerson(issuer, holder, { ...ERIKA, nickname: 'Riki' }), 'attributes.nickname', 'UNKNOWN_ATTRIBUTE');
    expect(issuer.registry.size).toBe(0);
  });

  it('missing attribute: InputError MISSING_ATTRIBUTE on attributes.birthDate', () => {
    const { birthDate: _dropped, ...rest } = ERIKA;
    expectInputError(() => issuePerson(issuer, holder, rest), 'attributes.birthDate', 'MISSING_ATTRIBUTE');
    expect(issuer.registry.size).toBe(0);
  });

  it('validUntil before the issuance day: InputError on validUntil', () => {
    expectInputError(() => issuePerson(issuer, holder, ERIKA, '2025-12-31'), 'validUntil');
    expect(issuer.registry.size).toBe(0);
  });

  it('a valid record is issued with canonical attributes', () => {
    const credential = issuePerson(issuer, holder);
    expect(credential.credentialSubject.attributes).toEqual(ERIKA);
    expect(issuer.registry.size).toBe(1);
  });
});

describe('names are looked up as own properties only (issue 13 item 5)', () => {
  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'])('builtinSchema(%j) names no schema', (name) => {
    expect(builtinSchema(name)).toBeUndefined();
  });

  it('builtinSchema("person") is PERSON_SCHEMA', () => {
    expect(builtinSchema('person')).toBe(PERSON_SCHEMA);
  });

  const PROTO_NAMES = defineSchema({
    id: 'https://example.org/proto-names', attributes: ['constructor', 'toString', 'valueOf', 'hasOwnProperty'].map((name) => ({ name, type: 'string' })),
  });

  it('attributes named like Object.prototype members are required as own properties (MISSING_ATTRIBUTE)', () => {
    expectInputError(() => encodeAttributes(PROTO_NAMES, { constructor: 'a', valueOf: 'c', hasOwnProperty: 'd' }), 'attributes.toString', 'MISSING_ATTRIBUTE');
  });

  it('a credential with such attributes issues and opens', () => {
    const issuer = makeIssuer(issuerKeys(12));
    const attributes = { constructor: 'a', toString: 'b', valueOf: 'c', hasOwnProperty: 'd' };
    const credential = issuer.issue({ schema: PROTO_NAMES, attributes, holder: holderKeys(5n).commitment, validUntil: '2030-01-01' });
    expect(openCredential(credential).credential.credentialSubject.attributes).toEqual(attributes);
  });
});
