/**
 * Credential schemas: an id and an ordered list of typed attributes (at most 16, the circuit's
 * attribute slots). The order fixes each attribute's slot in the commitment. A credential, a
 * request and a proof name a schema by its digest (schemaDigest: id and whole layout), so two
 * layouts under one id are two schemas: neither can be read as the other.
 */
import { MAX_ATTRIBUTES } from './constants.js';
import { type AttributeType, encodeAttribute, packBytes } from './encoding.js';
import { InputError, describe } from './errors.js';
import { canonicalJson } from './internal/canonical-json.js';
import { isRecord } from './internal/field.js';
import { hashMany } from './internal/poseidon.js';

export interface AttributeDefinition {
  name: string;
  type: AttributeType;
}

export interface Schema {
  id: string;
  attributes: readonly AttributeDefinition[];
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const TYPES: readonly AttributeType[] = ['string', 'integer', 'date', 'boolean'];

/**
 * Validates and freezes a schema definition.
 * @param definition `{ id, attributes: [{ name, type }] }`
 * @returns the frozen schema
 * @throws {InputError} naming the field on a bad id, name, type, duplicate or too many attributes
 * @example
 * const schema = defineSchema({ id: 'https://example.org/schemas/person/v1',
 *   attributes: [{ name: 'givenName', type: 'string' }, { name: 'birthDate', type: 'date' }] });
 */
export function defineSchema(definition: unknown): Schema {
  if (!isRecord(definition)) throw new InputError('schema', `expected an object, got ${describe(definition)}`);
  const { id, attributes } = definition;
  if (typeof id !== 'string' || id.length === 0 || id.length > 256) {
    throw new InputError('schema.id', `expected a non-empty string of at most 256 characters, got ${describe(id)}`);
  }
  if (!Array.isArray(attributes) || attributes.length === 0 || attributes.length > MAX_ATTRIBUTES) {
    throw new InputError('schema.attributes', `expected 1..${MAX_ATTRIBUTES} attributes, got ${describe(attributes)}`);
  }
  const seen = new Set<string>();
  const list = attributes.map((attr: unknown, i): AttributeDefinition => {
    const field = `schema.attributes[${i}]`;
    if (!isRecord(attr)) throw new InputError(field, `expected { name, type }, got ${describe(attr)}`);
    if (typeof attr.name !== 'string' || !NAME.test(attr.name)) {
      throw new InputError(`${field}.name`, 'expected an identifier (a letter, then letters, digits or _; at most 64)');
    }
    if (seen.has(attr.name)) throw new InputError(`${field}.name`, `duplicates attribute "${attr.name}"`);
    seen.add(attr.name);
    if (typeof attr.type !== 'string' || !TYPES.includes(attr.type as AttributeType)) {
      throw new InputError(`${field}.type`, `expected one of ${TYPES.join(', ')}`);
    }
    return Object.freeze({ name: attr.name, type: attr.type as AttributeType });
  });
  return Object.freeze({ id, attributes: Object.freeze(list) });
}

/**
 * The canonical text of a schema: the canonical JSON (sorted keys, no whitespace) of
 * `{ id, attributes: [{ name, type }] }`, attributes in schema order.
 * @example canonicalSchemaJson(defineSchema({ id: 's', attributes: [{ name: 'age', type: 'integer' }] }))
 * // '{"attributes":[{"name":"age","type":"integer"}],"id":"s"}'
 */
export function canonicalSchemaJson(schema: Schema): string {
  return canonicalJson({ id: schema.id, attributes: schema.attributes.map((a) => ({ name: a.name, type: a.type })) });
}

const digests = new WeakMap<Schema, bigint>();

/**
 * The schema digest: the field element that stands for the whole schema (id, and every
 * attribute's name, type and slot) in the credential commitment, in the circuit's public
 * `schemaId` input and in the BBS `schemaId=` message. It is the string encoding of
 * canonicalSchemaJson, extended past 465 bytes by HashMany:
 * `HashMany(byteLength, chunk_0, ...)` over its UTF-8 bytes, 31 bytes per chunk, big-endian
 * (for a canonical text of at most 465 bytes this equals `encodeString(text)`).
 * SECURITY: binding only the id let a credential be read in another layout under the same id.
 * @example schemaDigest(PERSON_SCHEMA) // see test/vectors/schema-digest.json
 */
export function schemaDigest(schema: Schema): bigint {
  let digest = digests.get(schema);
  if (digest === undefined) {
    digest = hashMany(packBytes(new TextEncoder().encode(canonicalSchemaJson(schema))));
    digests.set(schema, digest);
  }
  return digest;
}

/** Slot of an attribute by name. @throws {InputError} UNKNOWN_ATTRIBUTE */
export function attributeIndex(schema: Schema, name: unknown, field: string): number {
  const index = typeof name === 'string' ? schema.attributes.findIndex((a) => a.name === name) : -1;
  if (index < 0) {
    const shown = typeof name === 'string' ? `"${name.slice(0, 64)}"` : describe(name);
    throw new InputError(field, `names no attribute of schema ${schema.id}: ${shown}`, 'UNKNOWN_ATTRIBUTE');
  }
  return index;
}

/**
 * Encodes a full attribute record into the circuit's 16 slots (unused slots are 0).
 * @throws {InputError} on a missing, unknown or ill-typed attribute
 */
export function encodeAttributes(schema: Schema, attributes: unknown): bigint[] {
  if (!isRecord(attributes)) throw new InputError('attributes', `expected an object, got ${describe(attributes)}`);
  for (const key of Object.keys(attributes)) attributeIndex(schema, key, `attributes.${key.slice(0, 64)}`);
  const slots = new Array<bigint>(MAX_ATTRIBUTES).fill(0n);
  schema.attributes.forEach((attr, i) => {
    if (!Object.hasOwn(attributes, attr.name)) {
      throw new InputError(`attributes.${attr.name}`, 'is missing', 'MISSING_ATTRIBUTE');
    }
    slots[i] = encodeAttribute(attr.type, attributes[attr.name], `attributes.${attr.name}`);
  });
  return slots;
}

/** The built-in example schema `person`. */
export const PERSON_SCHEMA: Schema = defineSchema({
  id: 'https://zkdisclose.dev/schemas/person/v1',
  attributes: [
    { name: 'givenName', type: 'string' },
    { name: 'familyName', type: 'string' },
    { name: 'birthDate', type: 'date' },
    { name: 'nationality', type: 'string' },
    { name: 'documentNumber', type: 'string' },
  ],
});

/** The EU driving-licence categories (Directive 2006/126/EC), one boolean attribute each. */
export const LICENCE_CLASSES: readonly string[] = Object.freeze(['AM', 'A1', 'A2', 'A', 'B', 'BE', 'C1', 'C1E', 'C', 'CE', 'D1', 'D1E', 'D', 'DE']);

/**
 * The built-in schema `driving-licence`: `class<C>` is true when the licence covers category C
 * (classB, classCE, ...), then the licence's own issue and expiry dates (16 attributes: every
 * slot of the circuit).
 */
export const DRIVING_LICENCE_SCHEMA: Schema = defineSchema({
  id: 'https://zkdisclose.dev/schemas/driving-licence/v1',
  attributes: [
    ...LICENCE_CLASSES.map((c) => ({ name: `class${c}`, type: 'boolean' })),
    { name: 'issueDate', type: 'date' },
    { name: 'expiryDate', type: 'date' },
  ],
});

/** The built-in schema `enrolment`: a university enrolment, valid until `enrolledUntil`. */
export const ENROLMENT_SCHEMA: Schema = defineSchema({
  id: 'https://zkdisclose.dev/schemas/enrolment/v1',
  attributes: [
    { name: 'institution', type: 'string' },
    { name: 'programme', type: 'string' },
    { name: 'enrolledUntil', type: 'date' },
  ],
});

/** Built-in schemas by short name. Look names up with builtinSchema (own properties only). */
export const BUILTIN_SCHEMAS: Readonly<Record<string, Schema>> = Object.freeze({
  person: PERSON_SCHEMA,
  'driving-licence': DRIVING_LICENCE_SCHEMA,
  enrolment: ENROLMENT_SCHEMA,
});

/**
 * A built-in schema by short name; `toString`, `constructor` or `__proto__` name none (only own
 * properties of BUILTIN_SCHEMAS count, never Object.prototype's).
 * @returns the schema, or undefined for any other name
 * @example builtinSchema('person') === PERSON_SCHEMA
 */
export function builtinSchema(name: unknown): Schema | undefined {
  return typeof name === 'string' && Object.hasOwn(BUILTIN_SCHEMAS, name) ? BUILTIN_SCHEMAS[name] : undefined;
}
