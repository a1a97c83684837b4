/**
 * The compact presentation (issue 16): a presentation in deterministic CBOR, small enough for a
 * QR code, that decodes back to exactly the standard JSON presentation (src/presentation.ts)
 * given the verifier's own request and root view, so that verifyPresentation applies every
 * check unchanged. The request decides the shape; the header byte (cbor.ts) its version.
 *
 * Version 1 (header 0x11), a SNARK-only presentation: the SNARK half
 *
 *   [ key,        uint: index into request.acceptedKeys (circuit and vkeyHash)
 *     proof,      bytes(128): A || B || C, compressed points (points.ts)
 *     issuer,     uint: index into request.trustedIssuers
 *     root,       uint: the sequence of the issuer's root statement (by reference)
 *                 | bytes(32): the root itself (when the holder knows no statement for it)
 *     disclosed,  [ value per request.disclose, in order, in its binary form (values.ts):
 *                   string: text; integer: int; date: uint YYYYMMDD; boolean: bool ]
 *     nullifier ] bytes(32), present exactly when the request has a scope
 *
 * Version 2 (header 0x12), a presentation with a BBS half (the request has `bbs`):
 *
 *   [ snark,      the version-1 array followed by the linked commitment, bytes(32), for a
 *                 linkable presentation; null for a bearer (BBS-only) one
 *     bbs ]       the BBS half (bbs-half.ts): proof, disclosed values, validUntil, key statement
 *
 * The linked commitment travels once: it is the SNARK's public signal and the BBS half's
 * `commitment`. Every other public signal is recomputed from the request, as the verifier does
 * anyway (verifier.ts checkBinding): the disclosed outputs from the plaintexts (0 where not
 * disclosed), today, nonce, scope, schema digest, disclosure mask, the linkable flag, predicate
 * slots and set commitments. The encoder writes version 1 whenever the request has no BBS part,
 * so SNARK-only bytes are what they were before version 2.
 *
 * NOTE: the rebuilt presentation is untrusted like any other; decoding checks only the format
 * (and the SNARK's points: on the curve, in the subgroup; the BBS proof's length). A wrong
 * plaintext or a proof for another statement decodes, then fails verification.
 */
import { CompactError, InputError, describe } from '../errors.js';
import { encodeAttribute } from '../encoding.js';
import { isRecord } from '../internal/field.js';
import { canonicalJson } from '../internal/canonical-json.js';
import { circuitParams, padSlots, readPublicSignals, setCommitment } from '../internal/circuit-input.js';
import { PRESENTATION_TYPE, type Presentation } from '../presentation.js';
import type { Groth16Proof } from '../prover.js';
import type { RootViews } from '../registry/root-view.js';
import type { RootStatement } from '../registry/statements.js';
import { type ParsedRequest, circuitFits, parseRequest } from '../request.js';
import { schemaDigest } from '../schema.js';
import { bbsHalfItems, readBbsHalf } from './bbs-half.js';
import { type CompactVersion, decodeEnvelope, encodeEnvelope } from './cbor.js';
import { COMPRESSED_PROOF_BYTES, compressProof, decompressProof } from './points.js';
import { fieldBytes, readArray, readBytes, readField, readUint } from './read.js';
import { binaryValue, jsonValue } from './values.js';

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

/** The format version of a presentation answering this request: 2 when it has a BBS half. */
const versionFor = (parsed: ParsedRequest): CompactVersion => (parsed.bbs !== undefined ? 2 : 1);

/**
 * Encodes a presentation compactly, for the request it answers: SNARK-only, linkable (SNARK +
 * BBS) or bearer (BBS only).
 * @param presentation the holder's presentation (from Wallet.createPresentation)
 * @returns the compact bytes (header 0x11, or 0x12 with a BBS half, + CBOR)
 * @throws {InputError} when the request is malformed, the presentation is not an answer to it,
 *   or it holds anything the compact form would not rebuild exactly
 * @example
 * const bytes = encodePresentation(presentation, { request, rootStatements: [registry.rootStatement] });
 */
export function encodePresentation(presentation: Presentation, options: EncodePresentationOptions): Uint8Array {
  if (!isRecord(options)) throw new InputError('options', `expected { request }, got ${describe(options)}`);
  const parsed = parseRequest(options.request);
  const p = presentation as unknown;
  if (!isRecord(p) || p.type !== PRESENTATION_TYPE || p.version !== 1) throw new InputError('presentation', `expected a ${PRESENTATION_TYPE} version 1`);
  if (parsed.bbs === undefined && (p.bbs !== undefined || p.linkable !== undefined || p.bearer !== undefined)) {
    throw new InputError('presentation.bbs', 'the request asks for no BBS disclosure: this is not an answer to it');
  }
  const snark = parsed.usesSnark ? snarkItems(parsed, p, options.rootStatements) : null;
  const version = versionFor(parsed);
  const bytes = encodeEnvelope('presentation', version === 1 ? snark : [snark, bbsHalfItems(parsed, p.bbs)], version);
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

/** The SNARK half's items (trusted: the holder's own; the caller checks the round trip). */
function snarkItems(parsed: ParsedRequest, p: Record<string, unknown>, rootStatements: readonly RootStatement[] | undefined): unknown[] {
  const zk = p.zk;
  if (!isRecord(zk)) throw new InputError('presentation.zk', 'is required: the request asks for a SNARK');
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
  const statement = rootStatements?.find((s) => s.issuer === p.issuer && s.root === signals.root.toString());
  return [
    key,
    proof,
    issuer,
    statement !== undefined ? statement.sequence : fieldBytes(signals.root),
    values,
    ...(parsed.request.scope !== undefined ? [fieldBytes(signals.nullifier)] : []),
    ...(parsed.linkable ? [fieldBytes(signals.linkedCommitment)] : []),
  ];
}

/**
 * Rebuilds the standard presentation from compact bytes (untrusted), the verifier's own request
 * and its root views. Verify the result with verifyPresentation, as any presentation.
 * @throws {CompactError} COMPACT_* for bytes that do not decode (see cbor.ts, points.ts,
 *   bbs-half.ts), a version other than the request's (COMPACT_VERSION: 2 exactly when the
 *   request has a BBS part) or a reference (key, issuer, root sequence) the request or root
 *   views do not resolve (COMPACT_UNRESOLVED)
 * @throws {InputError} only when the request itself is malformed (caller misuse)
 * @example
 * const presentation = decodePresentation(bytes, { request, roots: rootViews });
 * const result = await verifyPresentation(presentation, request, { verificationKeys, rootViews });
 */
export function decodePresentation(bytes: Uint8Array, options: DecodePresentationOptions): Presentation {
  if (!isRecord(options)) throw new InputError('options', `expected { request, roots }, got ${describe(options)}`);
  const parsed = parseRequest(options.request);
  const envelope = decodeEnvelope('presentation', bytes);
  const roots = options.roots;
  return rebuild(parsed, envelope, (issuer, sequence) => roots?.get(issuer)?.statement(sequence)?.root);
}

function rebuild(parsed: ParsedRequest, envelope: { version: CompactVersion; value: unknown }, lookup: RootLookup): Presentation {
  const expected = versionFor(parsed);
  if (envelope.version !== expected) {
    throw new CompactError('COMPACT_VERSION', `compact presentation: format version ${envelope.version}, but an answer to this request ${expected === 2 ? 'has a BBS half (version 2)' : 'is SNARK-only (version 1)'}`);
  }
  if (envelope.version === 1) return { type: PRESENTATION_TYPE, version: 1, nonce: parsed.request.nonce, ...readSnarkHalf(parsed, envelope.value, lookup).half };
  const [snarkItem, bbsItem] = readArray(envelope.value, 'presentation', 2);
  if (!parsed.usesSnark && snarkItem !== null) throw new CompactError('COMPACT_MALFORMED', 'presentation.snark: expected null (a bearer presentation has no SNARK)');
  const snark = parsed.usesSnark ? readSnarkHalf(parsed, snarkItem, lookup) : undefined;
  return {
    type: PRESENTATION_TYPE,
    version: 1,
    nonce: parsed.request.nonce,
    ...(snark?.half ?? { disclosed: {} }),
    bbs: readBbsHalf(parsed, bbsItem, parsed.linkable ? snark!.linkedCommitment.toString() : undefined),
    ...(parsed.linkable && { linkable: true as const }),
    ...(parsed.bearer && { bearer: true as const }),
  };
}

type SnarkHalf = Required<Pick<Presentation, 'disclosed' | 'issuer' | 'zk'>>;

/** The SNARK half from its untrusted CBOR item, with its linked commitment (0 unless linkable). */
function readSnarkHalf(parsed: ParsedRequest, value: unknown, lookup: RootLookup): { half: SnarkHalf; linkedCommitment: bigint } {
  const { request } = parsed;
  const hasScope = request.scope !== undefined;
  const count = 5 + (hasScope ? 1 : 0) + (parsed.linkable ? 1 : 0);
  const items = readArray(value, 'presentation', count);
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
  const linkedCommitment = parsed.linkable ? readField(items[count - 1], 'presentation.linkedCommitment') : 0n;

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
    linkedCommitment,
    root,
    BigInt(parsed.today),
    parsed.nonce,
    parsed.scope,
    schemaDigest(parsed.schema),
    parsed.discloseMask,
    parsed.linkable ? 1n : 0n,
    ...slots.map((s) => BigInt(s.op)),
    ...slots.map((s) => BigInt(s.attrIndex)),
    ...slots.map((s) => s.a),
    ...slots.map((s) => s.b),
    ...slots.map((s) => setCommitment(s, params.setSize)),
  ];
  return {
    half: { disclosed, issuer, zk: { circuit: key.circuit, vkeyHash: key.vkeyHash, proof, publicSignals: signals.map((s) => s.toString()) } },
    linkedCommitment,
  };
}
