/**
 * The compact request (issue 16): a presentation request in deterministic CBOR that decodes back
 * to exactly the JSON request (canonical JSON equal, so a verifier's signature over it still
 * verifies). After the header byte 0x21 (cbor.ts):
 *
 *   [ nonce,           bytes(32)
 *     today,           uint YYYYMMDD
 *     schema,          text: the id of a schema the decoder knows | [id, [[name, type], ...]]
 *                      (type 0 string, 1 integer, 2 date, 3 boolean)
 *     trustedIssuers,  [bytes(32) Ed25519 public key of each did:key]
 *     maxRootAgeSeconds, uint
 *     disclose,        [uint attribute index]
 *     predicates,      [[op, attribute index, operands...]]: op is the index in PREDICATE_OPS;
 *                      operands value | min, max | values or the name of a published set (text)
 *     scope,           text | null
 *     acceptedKeys,    [uint index into the decoder's known keys | [circuit, bytes(32) vkeyHash]]
 *     expiresAt,       uint milliseconds since 1970 | text (when not an exact ISO instant)
 *     verifier,        null | [bytes(32) public key, bytes(64) signature]
 *     audience,        null | text
 *     nonceSeed,       null | bytes(32)
 *     bbs ]            version 2 only: [suite: uint index into BBS_SUITES,
 *                      disclose: [uint attribute index], mode: null | uint index into BBS_MODES]
 *
 * The encoder writes version 1 (header 0x21, the first 13 items) for a request without BBS
 * disclosure, so those bytes are what they were before version 2, and version 2 (header 0x22,
 * all 14) for a request with it (linkable or bearer); the decoder reads both.
 *
 * References (schemas, keys, sets) are resolved from what both sides know: the built-in schemas
 * by default, and the accepted keys and published sets both pass in `references`. A reference
 * the decoder does not know is a COMPACT_UNRESOLVED error, never a guess.
 */
import { base64urlnopad } from '@scure/base';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CompactError, InputError, ZkdError, describe } from '../errors.js';
import { canonicalJson } from '../internal/canonical-json.js';
import { isRecord } from '../internal/field.js';
import { didFromPublicKey, publicKeyFromDid } from '../keys.js';
import { BBS_SUITES } from '../bbs.js';
import { BBS_MODES, type BbsRequest } from '../bbs-credential.js';
import { type AcceptedKey, PREDICATE_OPS, type Predicate, type PresentationRequest, REQUEST_TYPE, parseRequest } from '../request.js';
import { BUILTIN_SCHEMAS, type Schema, canonicalSchemaJson } from '../schema.js';
import type { AttributeType } from '../encoding.js';
import { dateToInt, intToDate } from '../encoding.js';
import { decodeEnvelope, encodeEnvelope } from './cbor.js';
import { readArray, readBytes, readText, readUint } from './read.js';
import { instantItem, readInstant } from './values.js';

/** What the encoder may send by reference and the decoder resolves: both sides pass the same. */
export interface CompactReferences {
  /** Schemas sent by id. Default: the built-in schemas (BUILTIN_SCHEMAS). */
  schemas?: readonly Schema[];
  /** Accepted keys sent by index into this list (e.g. defaultAcceptedKeys()). Default: none. */
  keys?: readonly AcceptedKey[];
  /** Published value sets, by name (e.g. { EU: ['AT', 'BE', ...] }), sent by name. Default: none. */
  sets?: Readonly<Record<string, readonly (string | number | boolean)[]>>;
}

const TYPES: readonly AttributeType[] = ['string', 'integer', 'date', 'boolean'];
type Value = string | number | boolean;

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
const schemasOf = (references: CompactReferences | undefined): readonly Schema[] => references?.schemas ?? Object.values(BUILTIN_SCHEMAS);

function assertReferences(references: unknown): CompactReferences | undefined {
  if (references === undefined) return undefined;
  if (!isRecord(references)) throw new InputError('references', `expected { schemas, keys, sets }, got ${describe(references)}`);
  return references as CompactReferences;
}

/** The CBOR form of a predicate value: numbers that are decimal strings stay strings. */
function predicateItems(predicate: Predicate, attribute: number, sets: CompactReferences['sets']): unknown[] {
  const op = PREDICATE_OPS.indexOf(predicate.op);
  switch (predicate.op) {
    case 'between':
      return [op, attribute, predicate.min, predicate.max];
    case 'in':
    case 'notIn': {
      const name = Object.entries(sets ?? {}).find(([, values]) => same(values, predicate.values))?.[0];
      return [op, attribute, name ?? predicate.values];
    }
    default:
      return [op, attribute, predicate.value];
  }
}

/**
 * Encodes a request compactly.
 * @param request a request (from createRequest, possibly signed)
 * @param references what the decoder will know (schemas, keys, sets); pass the same to decodeRequest
 * @throws {InputError} when the request is malformed, or holds anything the compact form would
 *   not rebuild exactly (e.g. fields added after signing)
 * @example
 * const bytes = encodeRequest(request, { keys: defaultAcceptedKeys() });
 */
export function encodeRequest(request: PresentationRequest, references?: CompactReferences): Uint8Array {
  const refs = assertReferences(references);
  const parsed = parseRequest(request);
  const r = parsed.request;
  const knownSchema = schemasOf(refs).find((s) => s.id === r.schema.id && canonicalSchemaJson(s) === canonicalSchemaJson(parsed.schema));
  const attributeIndex = (name: string): number => parsed.schema.attributes.findIndex((a) => a.name === name);
  const items: unknown[] = [
    hexToBytes(r.nonce),
    dateToInt(r.today, 'request.today'),
    knownSchema !== undefined && same(r.schema, { id: knownSchema.id, attributes: knownSchema.attributes })
      ? r.schema.id
      : [r.schema.id, r.schema.attributes.map((a) => [a.name, TYPES.indexOf(a.type)])],
    r.trustedIssuers.map((did) => publicKeyFromDid(did)),
    r.maxRootAgeSeconds,
    r.disclose.map(attributeIndex),
    r.predicates.map((p) => predicateItems(p, attributeIndex(p.attribute), refs?.sets)),
    r.scope ?? null,
    r.acceptedKeys.map((k) => {
      const index = refs?.keys?.findIndex((known) => known.circuit === k.circuit && known.vkeyHash === k.vkeyHash) ?? -1;
      return index >= 0 ? index : [k.circuit, hexToBytes(k.vkeyHash)];
    }),
    instantItem(r.expiresAt),
    r.verifier === undefined ? null : [publicKeyFromDid(r.verifier.did), base64urlnopad.decode(r.verifier.signature)],
    r.audience ?? null,
    r.nonceSeed === undefined ? null : hexToBytes(r.nonceSeed),
    ...(r.bbs !== undefined ? [[BBS_SUITES.indexOf(r.bbs.suite), r.bbs.disclose.map(attributeIndex), r.bbs.mode === undefined ? null : BBS_MODES.indexOf(r.bbs.mode)]] : []),
  ];
  let bytes: Uint8Array;
  let rebuilt: PresentationRequest;
  try {
    bytes = encodeEnvelope('request', items, r.bbs !== undefined ? 2 : 1);
    rebuilt = decodeRequest(bytes, refs);
  } catch (err) {
    throw new InputError('request', `cannot be written compactly: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!same(rebuilt, request)) throw new InputError('request', 'holds fields or value forms the compact form does not rebuild exactly');
  return bytes;
}

/**
 * Rebuilds a request from compact bytes (untrusted) and validates it like any request.
 * @param references what the encoder referred to (same as given to encodeRequest)
 * @throws {CompactError} COMPACT_* for bytes that do not decode, a reference this side does not
 *   know (COMPACT_UNRESOLVED), or a decoded request that parseRequest refuses (COMPACT_MALFORMED)
 * @example
 * const request = decodeRequest(bytes, { keys: defaultAcceptedKeys() });
 */
export function decodeRequest(bytes: Uint8Array, references?: CompactReferences): PresentationRequest {
  const refs = assertReferences(references);
  const { version, value } = decodeEnvelope('request', bytes);
  const items = readArray(value, 'request', version === 1 ? 13 : 14);
  try {
    const schema = readSchema(items[2], refs);
    const attributeName = (value: unknown, field: string): string => {
      const attribute = schema.attributes[readUint(value, field, 255)];
      if (attribute === undefined) throw new CompactError('COMPACT_MALFORMED', `${field}: no such attribute in the schema`);
      return attribute.name;
    };
    const verifier = items[10] === null ? undefined : readArray(items[10], 'request.verifier', 2);
    const request: PresentationRequest = {
      type: REQUEST_TYPE,
      version: 1,
      nonce: bytesToHex(readBytes(items[0], 'request.nonce', 32)),
      today: intToDate(readUint(items[1], 'request.today', 99991231)),
      schema,
      trustedIssuers: readArray(items[3], 'request.trustedIssuers', 0, 64).map((k, i) => didFromPublicKey(readBytes(k, `request.trustedIssuers[${i}]`, 32))),
      maxRootAgeSeconds: readUint(items[4], 'request.maxRootAgeSeconds'),
      disclose: readArray(items[5], 'request.disclose', 0, 64).map((v, i) => attributeName(v, `request.disclose[${i}]`)),
      predicates: readArray(items[6], 'request.predicates', 0, 64).map((p, i) => readPredicate(p, `request.predicates[${i}]`, attributeName, refs)),
      ...(items[7] !== null && { scope: readText(items[7], 'request.scope', 256) }),
      acceptedKeys: readArray(items[8], 'request.acceptedKeys', 0, 16).map((k, i) => readKey(k, `request.acceptedKeys[${i}]`, refs)),
      expiresAt: readInstant(items[9], 'request.expiresAt'),
      ...(verifier !== undefined && {
        verifier: {
          did: didFromPublicKey(readBytes(verifier[0], 'request.verifier.did', 32)),
          signature: base64urlnopad.encode(readBytes(verifier[1], 'request.verifier.signature', 64)),
        },
      }),
      ...(items[11] !== null && { audience: readText(items[11], 'request.audience', 256) }),
      ...(items[12] !== null && { nonceSeed: bytesToHex(readBytes(items[12], 'request.nonceSeed', 32)) }),
      ...(version === 2 && { bbs: readBbs(items[13], attributeName) }),
    };
    parseRequest(request);
    return request;
  } catch (err) {
    if (err instanceof CompactError) throw err;
    throw new CompactError('COMPACT_MALFORMED', `compact request: ${err instanceof ZkdError ? err.message : 'does not decode to a valid request'}`);
  }
}

function readSchema(value: unknown, refs: CompactReferences | undefined): PresentationRequest['schema'] {
  if (typeof value === 'string') {
    const known = schemasOf(refs).find((s) => s.id === value);
    if (known === undefined) throw new CompactError('COMPACT_UNRESOLVED', `request.schema: ${value.slice(0, 80)} is not a schema this side knows`);
    return { id: known.id, attributes: known.attributes.map((a) => ({ name: a.name, type: a.type })) };
  }
  const [id, attributes] = readArray(value, 'request.schema', 2);
  return {
    id: readText(id, 'request.schema.id', 256),
    attributes: readArray(attributes, 'request.schema.attributes', 0, 64).map((a, i) => {
      const [name, type] = readArray(a, `request.schema.attributes[${i}]`, 2);
      return { name: readText(name, `request.schema.attributes[${i}].name`, 64), type: TYPES[readUint(type, `request.schema.attributes[${i}].type`, TYPES.length - 1)]! };
    }),
  };
}

function readValue(value: unknown, field: string): Value {
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isSafeInteger(value))) return value;
  throw new CompactError('COMPACT_MALFORMED', `${field}: expected a text, integer or boolean value`);
}

function readPredicate(value: unknown, field: string, attributeName: (v: unknown, f: string) => string, refs: CompactReferences | undefined): Predicate {
  const items = readArray(value, field, 3, 4);
  const op = PREDICATE_OPS[readUint(items[0], `${field}.op`, PREDICATE_OPS.length - 1)]!;
  const attribute = attributeName(items[1], `${field}.attribute`);
  switch (op) {
    case 'between':
      readArray(items, field, 4);
      return { attribute, op, min: readValue(items[2], `${field}.min`) as string | number, max: readValue(items[3], `${field}.max`) as string | number };
    case 'in':
    case 'notIn': {
      readArray(items, field, 3);
      if (typeof items[2] === 'string') {
        const set = refs?.sets !== undefined && Object.hasOwn(refs.sets, items[2]) ? refs.sets[items[2]] : undefined;
        if (set === undefined) throw new CompactError('COMPACT_UNRESOLVED', `${field}.values: the set "${items[2].slice(0, 40)}" is not one this side knows`);
        return { attribute, op, values: [...set] };
      }
      return { attribute, op, values: readArray(items[2], `${field}.values`, 1, 64).map((v, i) => readValue(v, `${field}.values[${i}]`)) };
    }
    case 'ageAtLeast':
    case 'ageBelow':
      readArray(items, field, 3);
      return { attribute, op, value: readUint(items[2], `${field}.value`, 200) };
    default:
      readArray(items, field, 3);
      return { attribute, op, value: readValue(items[2], `${field}.value`) };
  }
}

function readKey(value: unknown, field: string, refs: CompactReferences | undefined): AcceptedKey {
  if (typeof value === 'number') {
    const known = refs?.keys?.[readUint(value, field, 255)];
    if (known === undefined) throw new CompactError('COMPACT_UNRESOLVED', `${field}: key ${value} is not one this side knows (pass the same references.keys as the encoder)`);
    return { circuit: known.circuit, vkeyHash: known.vkeyHash };
  }
  const [circuit, hash] = readArray(value, field, 2);
  return { circuit: readText(circuit, `${field}.circuit`, 128), vkeyHash: bytesToHex(readBytes(hash, `${field}.vkeyHash`, 32)) };
}

function readBbs(value: unknown, attributeName: (v: unknown, f: string) => string): BbsRequest {
  const [suite, disclose, mode] = readArray(value, 'request.bbs', 3);
  return {
    suite: BBS_SUITES[readUint(suite, 'request.bbs.suite', BBS_SUITES.length - 1)]!,
    disclose: readArray(disclose, 'request.bbs.disclose', 0, 64).map((v, i) => attributeName(v, `request.bbs.disclose[${i}]`)),
    ...(mode !== null && { mode: BBS_MODES[readUint(mode, 'request.bbs.mode', BBS_MODES.length - 1)]! }),
  };
}
