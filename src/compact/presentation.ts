/**
 * The compact presentation (issue 16): a SNARK presentation in deterministic CBOR, small enough
 * for one QR code, that decodes back to exactly the standard JSON presentation
 * (src/presentation.ts) given the verifier's own request and root view, so that
 * verifyPresentation applies every check unchanged. After the header byte 0x11 (cbor.ts):
 *
 *   [ key,        uint: index into request.acceptedKeys (circuit and vkeyHash)
 *     proof,      bytes(128): A || B || C, compressed points (points.ts)
 *     issuer,     uint: index into request.trustedIssuers
 *     root,       uint: the sequence of the issuer's root statement (by reference)
 *                 | bytes(32): the root itself (when the holder knows no statement for it)
 *     disclosed,  [ value per request.disclose, in order, in its binary form:
 *                   string: text; integer: int; date: uint YYYYMMDD; boolean: bool ]
 *     nullifier ] bytes(32), present exactly when the request has a scope
 *
 * Every other public signal is recomputed from the request, as the verifier does anyway
 * (verifier.ts checkBinding): the disclosed outputs from the plaintexts (0 where not disclosed),
 * today, nonce, scope, schema digest, disclosure mask, predicate slots and set commitments. The
 * linked commitment is 0: linkable and bearer presentations carry a BBS half (a proof and a
 * signed key statement of several hundred bytes), which this form refuses (UNSUPPORTED).
 *
 * NOTE: the rebuilt presentation is untrusted like any other; decoding checks only the format
 * (and the points: on the curve, in the subgroup). A wrong plaintext or a proof for another
 * statement decodes, then fails verification.
 */
import { MAX_STRING_BYTES } from '../constants.js';
import { CompactError, InputError, describe } from '../errors.js';
import { type AttributeType, canonicalValue, dateToInt, encodeAttribute, intToDate } from '../encoding.js';
import { isRecord } from '../internal/field.js';
import { canonicalJson } from '../internal/canonical-json.js';
import { circuitParams, padSlots, readPublicSignals, setCommitment } from '../internal/circuit-input.js';
import { PRESENTATION_TYPE, type Presentation } from '../presentation.js';
import type { Groth16Proof } from '../prover.js';
import type { RootViews } from '../registry/root-view.js';
import type { RootStatement } from '../registry/statements.js';
import { type ParsedRequest, circuitFits, parseRequest } from '../request.js';
import { schemaDigest } from '../schema.js';
import { decodeEnvelope, encodeEnvelope } from './cbor.js';
import { COMPRESSED_PROOF_BYTES, compressProof, decompressProof } from './points.js';
import { fieldBytes, readArray, readBytes, readField, readText, readUint } from './read.js';

/** A disclosed value in its binary form (CBOR text, int, uint date or bool). */
type BinaryValue = string | number | bigint | boolean;

export interface EncodePresentationOptions {
  /** The request the presentation answers. */
  request: unknown;
  /**
   * Root statements the holder knows (e.g. `registryExport.rootStatement`): when one is of the
   * presentation's issuer and root, the root travels as its sequence number (1..5 bytes instead
   * of 33); the verifier then needs that statement in its root view to decode.
   */
  rootStatements?: readonly RootStatement[];
}

export interface DecodePresentationOptions {
  /** The verifier's own request (the one it showed). */
  request: unknown;
  /** The verifier's root views: resolve a root sent by reference. */
  roots?: RootViews;
}

type RootLookup = (issuer: string, sequence: number) => string | undefined;

function binaryValue(type: AttributeType, value: unknown, field: string): BinaryValue {
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

/** The JSON value of a binary disclosed value (the form the wallet writes: canonicalValue). */
function jsonValue(type: AttributeType, value: unknown, field: string): string | number | boolean {
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
 * Encodes a SNARK presentation compactly, for the request it answers.
 * @param presentation the holder's presentation (from Wallet.createPresentation)
 * @returns the compact bytes (header 0x11 + CBOR)
 * @throws {InputError} when the request is malformed, the presentation is not a SNARK-only answer
 *   to it (UNSUPPORTED for BBS, linkable and bearer presentations), or it holds anything the
 *   compact form would not rebuild exactly
 * @example
 * const bytes = encodePresentation(presentation, { request, rootStatements: [registry.rootStatement] });
 */
export function encodePresentation(presentation: Presentation, options: EncodePresentationOptions): Uint8Array {
  if (!isRecord(options)) throw new InputError('options', `expected { request }, got ${describe(options)}`);
  const parsed = parseRequest(options.request);
  const p = presentation as unknown;
  if (!isRecord(p) || p.type !== PRESENTATION_TYPE || p.version !== 1) throw new InputError('presentation', `expected a ${PRESENTATION_TYPE} version 1`);
  if (p.bbs !== undefined || p.linkable !== undefined || p.bearer !== undefined) {
    throw new InputError('presentation', 'carries a BBS half: the compact form holds SNARK presentations only (a BBS proof and its key statement do not fit a QR code)', 'UNSUPPORTED');
  }
  const zk = p.zk;
  if (!isRecord(zk)) throw new InputError('presentation.zk', 'is required: the compact form carries the SNARK');
  const key = parsed.request.acceptedKeys.findIndex((k) => k.circuit === zk.circuit && k.vkeyHash === zk.vkeyHash);
  if (key < 0) throw new InputError('presentation.zk', 'its circuit and key are not among the request\'s acceptedKeys');
  const issuer = parsed.request.trustedIssuers.indexOf(p.issuer as string);
  if (issuer < 0) throw new InputError('presentation.issuer', 'is not among the request\'s trustedIssuers');
  const params = circuitParams(zk.circuit);
  if (params === undefined) throw new InputError('presentation.zk.circuit', 'names no known circuit');
  const signals = readPublicSignals(params, zk.publicSignals);
  if (signals === undefined) throw new InputError('presentation.zk.publicSignals', 'has the wrong count or a non-canonical field element');
  const disclosed = isRecord(p.disclosed) ? p.disclosed : {};
  const values = parsed.request.disclose.map((name) => {
    const attr = parsed.schema.attributes.find((a) => a.name === name)!;
    return binaryValue(attr.type, disclosed[name], `presentation.disclosed.${name}`);
  });
  let proof: Uint8Array;
  try {
    proof = compressProof(zk.proof as Groth16Proof);
  } catch {
    throw new InputError('presentation.zk.proof', 'is not a Groth16 proof in snarkjs JSON');
  }
  const statement = options.rootStatements?.find((s) => s.issuer === p.issuer && s.root === signals.root.toString());
  const items: unknown[] = [
    key,
    proof,
    issuer,
    statement !== undefined ? statement.sequence : fieldBytes(signals.root),
    values,
    ...(parsed.request.scope !== undefined ? [fieldBytes(signals.nullifier)] : []),
  ];
  const bytes = encodeEnvelope('presentation', items);
  const lookup: RootLookup = (did, sequence) => options.rootStatements?.find((s) => s.issuer === did && s.sequence === sequence)?.root;
  let rebuilt: Presentation;
  try {
    rebuilt = rebuild(parsed, decodeEnvelope('presentation', bytes), lookup);
  } catch (err) {
    throw new InputError('presentation', `cannot be written compactly: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (canonicalJson(rebuilt) !== canonicalJson(presentation)) {
    throw new InputError('presentation', 'holds public signals, values or fields the compact form does not rebuild exactly (is it an answer to this request?)');
  }
  return bytes;
}

/**
 * Rebuilds the standard presentation from compact bytes (untrusted), the verifier's own request
 * and its root views. Verify the result with verifyPresentation, as any presentation.
 * @throws {CompactError} COMPACT_* for bytes that do not decode (see cbor.ts, points.ts) or a
 *   reference (key, issuer, root sequence) the request or root views do not resolve
 * @throws {InputError} only when the request itself is malformed (caller misuse)
 * @example
 * const presentation = decodePresentation(bytes, { request, roots: rootViews });
 * const result = await verifyPresentation(presentation, request, { verificationKeys, rootViews });
 */
export function decodePresentation(bytes: Uint8Array, options: DecodePresentationOptions): Presentation {
  if (!isRecord(options)) throw new InputError('options', `expected { request, roots }, got ${describe(options)}`);
  const parsed = parseRequest(options.request);
  const value = decodeEnvelope('presentation', bytes);
  const roots = options.roots;
  return rebuild(parsed, value, (issuer, sequence) => roots?.get(issuer)?.statement(sequence)?.root);
}

function rebuild(parsed: ParsedRequest, value: unknown, lookup: RootLookup): Presentation {
  const { request } = parsed;
  const hasScope = request.scope !== undefined;
  const items = readArray(value, 'presentation', hasScope ? 6 : 5);
  const key = request.acceptedKeys[readUint(items[0], 'presentation.key', 255)];
  if (key === undefined) throw new CompactError('COMPACT_UNRESOLVED', 'presentation.key: no such entry in the request\'s acceptedKeys');
  const params = circuitParams(key.circuit);
  if (params === undefined) throw new CompactError('COMPACT_UNRESOLVED', `presentation.key: ${key.circuit.slice(0, 60)} is no known circuit`);
  if (!circuitFits(params, parsed)) throw new CompactError('COMPACT_MALFORMED', `presentation.key: ${key.circuit} cannot express this request`);
  const proof = decompressProof(readBytes(items[1], 'presentation.proof', COMPRESSED_PROOF_BYTES));
  const issuer = request.trustedIssuers[readUint(items[2], 'presentation.issuer', 255)];
  if (issuer === undefined) throw new CompactError('COMPACT_UNRESOLVED', 'presentation.issuer: no such entry in the request\'s trustedIssuers');
  let root: bigint;
  if (typeof items[3] === 'number') {
    const sequence = readUint(items[3], 'presentation.root');
    const known = lookup(issuer, sequence);
    if (known === undefined) throw new CompactError('COMPACT_UNRESOLVED', `presentation.root: sequence ${sequence} of ${issuer.slice(0, 60)} is not in this root view: refresh it from the issuer's registry`);
    root = BigInt(known);
  } else {
    root = readField(items[3], 'presentation.root');
  }
  const values = readArray(items[4], 'presentation.disclosed', request.disclose.length);
  const nullifier = hasScope ? readField(items[5], 'presentation.nullifier') : 0n;

  const disclosed: Record<string, string | number | boolean> = {};
  const outputs = new Array<bigint>(params.nAttributes).fill(0n);
  request.disclose.forEach((name, i) => {
    const index = parsed.schema.attributes.findIndex((a) => a.name === name);
    const type = parsed.schema.attributes[index]!.type;
    const json = jsonValue(type, values[i], `presentation.disclosed.${name}`);
    disclosed[name] = json;
    outputs[index] = encodeAttribute(type, json, `presentation.disclosed.${name}`);
  });
  const slots = padSlots(parsed.slots, params.nPredicates);
  const signals = [
    ...outputs,
    nullifier,
    0n, // linked commitment: linkable presentations have no compact form
    root,
    BigInt(parsed.today),
    parsed.nonce,
    parsed.scope,
    schemaDigest(parsed.schema),
    parsed.discloseMask,
    0n,
    ...slots.map((s) => BigInt(s.op)),
    ...slots.map((s) => BigInt(s.attrIndex)),
    ...slots.map((s) => s.a),
    ...slots.map((s) => s.b),
    ...slots.map((s) => setCommitment(s, params.setSize)),
  ];
  return {
    type: PRESENTATION_TYPE,
    version: 1,
    nonce: request.nonce,
    disclosed,
    issuer,
    zk: { circuit: key.circuit, vkeyHash: key.vkeyHash, proof, publicSignals: signals.map((s) => s.toString()) },
  };
}
