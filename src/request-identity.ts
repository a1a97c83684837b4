/**
 * Who asks, and where (DESIGN section 6). A request may carry:
 *   - `verifier: { did, signature }`: the verifier's Ed25519 did:key (the key type issuers use)
 *     and its signature over the canonical request (request-canonical.ts);
 *   - `audience`: where the request is to be answered, e.g. the verifier's web origin;
 *   - `nonceSeed`: with either of them, 32 random bytes (hex), and then
 *       nonce = hex(SHA-256(canonical JSON { type: "ZkDisclosureNonce", seed, verifier, audience }))
 *     (absent verifier or audience as null). The circuit and the BBS proof take the nonce as
 *     before, so every proof binds the verifier identity and audience the wallet saw.
 * What it prevents: a verifier relaying another verifier's request to a holder and forwarding the
 * answer. Re-signing the request under its own DID or changing the audience changes the nonce,
 * so the answer no longer fits the original request; keeping them, the wallet shows the real
 * verifier and, given the channel's origin (a browser), refuses a request whose audience is not
 * that origin. What it does not prevent: where the wallet learns no origin (CLI files, QR codes)
 * the audience cannot be checked, and a relayed request shows the original verifier's DID, which
 * the holder must recognise.
 * The checks never throw: they return coded errors, which the wallet turns into refusals and
 * the verifier into verification errors.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalBytes } from './internal/canonical-json.js';
import { isRecord } from './internal/field.js';
import { InputError, RefusalError, describe } from './errors.js';
import { signBytes, verifyBytes } from './keys.js';
import { canonicalRequestBytes } from './request-canonical.js';

/** The verifier's signing keys: an Ed25519 did:key and its secret key (e.g. from generateIssuerKeys()). */
export interface RequestSigner {
  did: string;
  secretKey: Uint8Array;
}

export type RequestIdentityErrorCode = 'INVALID_VERIFIER_SIGNATURE' | 'NONCE_BINDING_MISMATCH' | 'AUDIENCE_MISMATCH';

/** The identity a request claims, once checked. */
export interface RequestIdentity {
  /** The verifier's did:key, when the request is signed. */
  verifier: string | undefined;
  audience: string | undefined;
}

const HEX_SEED = /^[0-9a-f]{64}$/;
const MAX_AUDIENCE = 256;

/** The nonce bound to a seed, a verifier DID and an audience. */
export function boundNonce(seed: string, verifier: string | undefined, audience: string | undefined): string {
  return bytesToHex(sha256(canonicalBytes({ type: 'ZkDisclosureNonce', seed, verifier: verifier ?? null, audience: audience ?? null })));
}

/**
 * Binds a freshly built request to a verifier identity and/or audience: its random nonce becomes
 * the seed, the nonce is recomputed, and the result is signed. Does not modify its input.
 * @throws {InputError} on an empty or overlong audience, or a did that is not the signer's key
 */
export function bindRequest<R extends { nonce: string }>(request: R, options: { verifier?: RequestSigner; audience?: string }): R {
  const { verifier, audience } = options;
  if (audience !== undefined && (typeof audience !== 'string' || audience.length === 0 || audience.length > MAX_AUDIENCE)) {
    throw new InputError('audience', `expected a string of 1..${MAX_AUDIENCE} characters`);
  }
  const bound = {
    ...request,
    nonceSeed: request.nonce,
    nonce: boundNonce(request.nonce, verifier?.did, audience),
    ...(audience !== undefined && { audience }),
    ...(verifier !== undefined && { verifier: { did: verifier.did } }),
  };
  if (verifier === undefined) return bound;
  const bytes = canonicalRequestBytes(bound);
  const signature = signBytes(bytes, verifier.secretKey);
  if (!verifyBytes(bytes, signature, verifier.did)) throw new InputError('verifier', 'the secret key does not belong to verifier.did (an Ed25519 did:key)');
  return { ...bound, verifier: { did: verifier.did, signature } };
}

/**
 * Checks a request's identity fields: the verifier's signature, the nonce's binding, and, when
 * `expectedAudience` is given (the channel's origin in a wallet; the verifier's own audience),
 * that the request names exactly that audience. Never throws.
 */
export function checkRequestIdentity(
  request: Record<string, unknown>,
  expectedAudience?: string,
): { identity: RequestIdentity; errors: { code: RequestIdentityErrorCode; message: string }[] } {
  const errors: { code: RequestIdentityErrorCode; message: string }[] = [];
  const { verifier, audience, nonceSeed, nonce } = request;
  const audienceOk = audience === undefined || (typeof audience === 'string' && audience.length > 0 && audience.length <= MAX_AUDIENCE);
  if (!audienceOk) errors.push({ code: 'AUDIENCE_MISMATCH', message: `request.audience must be a string of 1..${MAX_AUDIENCE} characters` });
  let did: string | undefined;
  if (verifier !== undefined) {
    if (!isRecord(verifier) || typeof verifier.did !== 'string') {
      errors.push({ code: 'INVALID_VERIFIER_SIGNATURE', message: 'request.verifier must be { did, signature }' });
    } else {
      did = verifier.did;
      let signed = false;
      try {
        signed = verifyBytes(canonicalRequestBytes(request), verifier.signature, did);
      } catch {
        // A document too deeply nested to serialise carries no valid signature.
      }
      if (!signed) errors.push({ code: 'INVALID_VERIFIER_SIGNATURE', message: `the request's signature does not verify against ${did.slice(0, 80)}` });
    }
  }
  if (verifier !== undefined || audience !== undefined || nonceSeed !== undefined) {
    const binds = typeof nonceSeed === 'string' && HEX_SEED.test(nonceSeed) && audienceOk && (verifier === undefined || did !== undefined)
      && nonce === boundNonce(nonceSeed, did, audience as string | undefined);
    if (!binds) errors.push({ code: 'NONCE_BINDING_MISMATCH', message: 'the nonce is not SHA-256 of the request\'s nonceSeed, verifier DID and audience' });
  }
  if (expectedAudience !== undefined && audience !== expectedAudience) {
    const named = typeof audience === 'string' ? `"${audience.slice(0, 80)}"` : 'no audience';
    errors.push({ code: 'AUDIENCE_MISMATCH', message: `the request names ${named}, not "${expectedAudience.slice(0, 80)}"` });
  }
  return { identity: { verifier: did, audience: audienceOk ? (audience as string | undefined) : undefined }, errors };
}


/**
 * The wallet's side of checkRequestIdentity: the identity a request claims, or a refusal.
 * @param origin the channel's origin when the wallet knows it (a browser), else undefined
 * @throws {InputError} when origin is not a string
 * @throws {RefusalError} INVALID_VERIFIER_SIGNATURE, NONCE_BINDING_MISMATCH or AUDIENCE_MISMATCH
 */
export function assertRequestIdentity(request: Record<string, unknown>, origin: unknown): RequestIdentity {
  if (origin !== undefined && typeof origin !== 'string') throw new InputError('origin', `expected a string, got ${describe(origin)}`);
  const { identity, errors } = checkRequestIdentity(request, origin);
  const first = errors[0];
  if (first !== undefined) throw new RefusalError(first.code, `${first.message}: no proof made`);
  return identity;
}
