/**
 * The BBS half of a compact presentation (format version 2, see presentation.ts), and back:
 *
 *   [ proof,         bytes: the BBS proof, exactly the length its suite gives for the request's
 *                   statement (bbsProofLength: total messages, disclosed messages)
 *     disclosed,     [ value per request.bbs.disclose, in order, in its binary form (values.ts) ]
 *     validUntil,    uint YYYYMMDD
 *     keyStatement ] [ issuer,    uint: index into request.trustedIssuers
 *                      keys,      [ [suite: uint index into BBS_SUITES, publicKey: bytes(96)], ... ]
 *                      issuedAt,  uint milliseconds since 1970 | text (when not an exact ISO instant)
 *                      signature  bytes(64): the issuer's Ed25519 signature ]
 *
 * The suite, schemaId and nonce come from the request, and the linked commitment (linkable
 * presentations) travels once, as the SNARK's public signal. The key statement travels inline:
 * the verifier's own state (its request and root views) holds no BBS keys to refer to, and
 * statements are per credential (each carries the time it was signed).
 */
import { base64urlnopad } from '@scure/base';
import { type BbsSuite, BBS_SUITES, bbsMessageLayout, bbsProofLength } from '../bbs.js';
import type { BbsKeyStatement, PresentationBbs } from '../bbs-credential.js';
import { CompactError, InputError } from '../errors.js';
import { isRecord } from '../internal/field.js';
import type { ParsedRequest } from '../request.js';
import { schemaDigest } from '../schema.js';
import { PUBLIC_KEY_LENGTH } from '../bbs/suite.js';
import { readArray, readBytes, readUint } from './read.js';
import { binaryFromSigned, binaryValue, instantItem, jsonValue, readInstant } from './values.js';

const ED25519_SIGNATURE_BYTES = 64;

/** The proof length the request's BBS statement gives (linkable presentations also disclose the commitment). */
function expectedProofLength(parsed: ParsedRequest): number {
  const bbs = parsed.bbs!;
  const { totalMessages } = bbsMessageLayout({ attributeCount: parsed.schema.attributes.length });
  return bbsProofLength(bbs.suite, totalMessages, bbs.disclose.length + 2 + (parsed.linkable ? 1 : 0));
}

function attributeType(parsed: ParsedRequest, name: string): ParsedRequest['schema']['attributes'][number]['type'] {
  return parsed.schema.attributes.find((a) => a.name === name)!.type;
}

function decodeBase64url(value: unknown, field: string): Uint8Array {
  try {
    if (typeof value !== 'string') throw new Error('not a string');
    return base64urlnopad.decode(value);
  } catch {
    throw new InputError(field, 'is not base64url');
  }
}

/**
 * The CBOR items of a presentation's BBS half (trusted: the holder's own). Whatever it does
 * not rebuild exactly, the caller's round-trip check catches.
 * @throws {InputError} for a half the compact form cannot hold (untrusted issuer, malformed fields)
 */
export function bbsHalfItems(parsed: ParsedRequest, half: unknown): unknown[] {
  if (!isRecord(half)) throw new InputError('presentation.bbs', 'is required: the request asks for BBS disclosure');
  const statement = half.keyStatement;
  if (!isRecord(statement) || !Array.isArray(statement.keys)) throw new InputError('presentation.bbs.keyStatement', 'expected { issuer, keys, issuedAt, signature }');
  const issuer = parsed.request.trustedIssuers.indexOf(statement.issuer as string);
  if (issuer < 0) throw new InputError('presentation.bbs.keyStatement.issuer', 'is not among the request\'s trustedIssuers');
  const disclosed = isRecord(half.disclosed) ? half.disclosed : {};
  return [
    decodeBase64url(half.proof, 'presentation.bbs.proof'),
    parsed.bbs!.disclose.map((name) => binaryFromSigned(attributeType(parsed, name), disclosed[name], `presentation.bbs.disclosed.${name}`)),
    binaryValue('date', half.validUntil, 'presentation.bbs.validUntil'),
    [
      issuer,
      statement.keys.map((k: unknown, i) => {
        const key = isRecord(k) ? k : {};
        return [BBS_SUITES.indexOf(key.suite as BbsSuite), decodeBase64url(key.publicKey, `presentation.bbs.keyStatement.keys[${i}].publicKey`)];
      }),
      instantItem(statement.issuedAt),
      decodeBase64url(statement.signature, 'presentation.bbs.keyStatement.signature'),
    ],
  ];
}

/**
 * Rebuilds the BBS half from its untrusted CBOR item.
 * @param commitment the linked commitment (decimal) in a linkable presentation, else undefined
 * @throws {CompactError} COMPACT_MALFORMED (shapes, lengths, values), COMPACT_UNRESOLVED (issuer index)
 */
export function readBbsHalf(parsed: ParsedRequest, value: unknown, commitment: string | undefined): PresentationBbs {
  const bbs = parsed.bbs!;
  const [proof, values, validUntil, statement] = readArray(value, 'presentation.bbs', 4);
  const proofLength = expectedProofLength(parsed);
  const proofBytes = readBytes(proof, 'presentation.bbs.proof', proofLength);
  const disclosed: Record<string, string> = {};
  readArray(values, 'presentation.bbs.disclosed', bbs.disclose.length).forEach((v, i) => {
    const name = bbs.disclose[i]!;
    disclosed[name] = String(jsonValue(attributeType(parsed, name), v, `presentation.bbs.disclosed.${name}`));
  });
  return {
    suite: bbs.suite,
    keyStatement: readKeyStatement(parsed, statement),
    proof: base64urlnopad.encode(proofBytes),
    disclosed,
    schemaId: schemaDigest(parsed.schema).toString(),
    validUntil: jsonValue('date', validUntil, 'presentation.bbs.validUntil') as string,
    ...(commitment !== undefined && { commitment }),
  };
}

function readKeyStatement(parsed: ParsedRequest, value: unknown): BbsKeyStatement {
  const field = 'presentation.bbs.keyStatement';
  const [issuerIndex, keys, issuedAt, signature] = readArray(value, field, 4);
  const issuer = parsed.request.trustedIssuers[readUint(issuerIndex, `${field}.issuer`, 255)];
  if (issuer === undefined) throw new CompactError('COMPACT_UNRESOLVED', `${field}.issuer: no such entry in the request's trustedIssuers`);
  return {
    issuer,
    keys: readArray(keys, `${field}.keys`, 1, BBS_SUITES.length).map((k, i) => {
      const [suite, publicKey] = readArray(k, `${field}.keys[${i}]`, 2);
      return {
        suite: BBS_SUITES[readUint(suite, `${field}.keys[${i}].suite`, BBS_SUITES.length - 1)]!,
        publicKey: base64urlnopad.encode(readBytes(publicKey, `${field}.keys[${i}].publicKey`, PUBLIC_KEY_LENGTH)),
      };
    }),
    issuedAt: readInstant(issuedAt, `${field}.issuedAt`),
    signature: base64urlnopad.encode(readBytes(signature, `${field}.signature`, ED25519_SIGNATURE_BYTES)),
  };
}
