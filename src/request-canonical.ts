/**
 * The canonical form of a presentation request: the one byte string a verifier signs and a
 * wallet checks (request-identity.ts). It is the canonical JSON (internal/canonical-json.ts:
 * keys sorted by UTF-16 code units, no whitespace, absent fields omitted) of the whole request
 * document, every field included, unknown ones too, except `verifier.signature`. Any other
 * encoding of a request (a compact binary form) decodes back to the JSON document and is
 * checked through these same bytes, so there is exactly one thing signed.
 * The request's `type` ("ZkDisclosureRequest") separates these bytes from every other signed
 * payload of the project.
 */
import { canonicalBytes } from './internal/canonical-json.js';
import { isRecord } from './internal/field.js';

/** The request as signed: a shallow copy without `verifier.signature`. Does not modify its input. */
export function unsignedRequest(request: Record<string, unknown>): Record<string, unknown> {
  const { verifier, ...rest } = request;
  if (!isRecord(verifier)) return verifier === undefined ? rest : { ...rest, verifier };
  const { signature: _signature, ...identity } = verifier;
  return { ...rest, verifier: identity };
}

/**
 * The bytes a verifier's signature covers.
 * @throws {RangeError} on a document nested too deeply to serialise (callers checking untrusted
 *   requests catch it)
 */
export function canonicalRequestBytes(request: Record<string, unknown>): Uint8Array {
  return canonicalBytes(unsignedRequest(request));
}
