/**
 * Issuer identity: Ed25519 keys (@noble/curves) named by a did:key (multicodec ed25519-pub
 * 0xed01, base58btc, "z" prefix, per the W3C did:key method), and signatures over canonical
 * JSON. Holder secrets are random BN254 field elements.
 * SECURITY: secret keys appear only in the objects that hold them and in key files; they are
 * never put into errors, logs or serialised documents.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { base58, base64urlnopad } from '@scure/base';
import { KeyError } from './errors.js';
import { canonicalBytes } from './internal/canonical-json.js';
import { randomFieldElement } from './internal/field.js';
import { HolderCommitment } from './holder-commitment.js';

const ED25519_MULTICODEC = Uint8Array.of(0xed, 0x01);
const DID_KEY_PREFIX = 'did:key:z';

export interface IssuerKeys {
  did: string;
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** A fresh Ed25519 key pair and its did:key. */
export function generateIssuerKeys(): IssuerKeys {
  const secretKey = ed25519.utils.randomSecretKey();
  return issuerKeysFromSecret(secretKey);
}

/** Rebuilds issuer keys from a 32-byte Ed25519 secret key. @throws {KeyError} */
export function issuerKeysFromSecret(secretKey: Uint8Array): IssuerKeys {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) throw new KeyError('issuer secret key: expected 32 bytes');
  const publicKey = ed25519.getPublicKey(secretKey);
  return { did: didFromPublicKey(publicKey), publicKey, secretKey: Uint8Array.from(secretKey) };
}

/** did:key of an Ed25519 public key. */
export function didFromPublicKey(publicKey: Uint8Array): string {
  const bytes = new Uint8Array(ED25519_MULTICODEC.length + publicKey.length);
  bytes.set(ED25519_MULTICODEC);
  bytes.set(publicKey, ED25519_MULTICODEC.length);
  return DID_KEY_PREFIX + base58.encode(bytes);
}

/**
 * The Ed25519 public key inside a did:key.
 * @throws {KeyError} when `did` is not an Ed25519 did:key
 */
export function publicKeyFromDid(did: unknown): Uint8Array {
  if (typeof did !== 'string' || !did.startsWith(DID_KEY_PREFIX) || did.length > 80) {
    throw new KeyError('expected an Ed25519 did:key ("did:key:z6Mk...")');
  }
  let bytes: Uint8Array;
  try {
    bytes = base58.decode(did.slice(DID_KEY_PREFIX.length));
  } catch {
    throw new KeyError('did:key is not valid base58btc');
  }
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) throw new KeyError('did:key is not an Ed25519 key');
  return bytes.slice(2);
}

/** Signs bytes with an Ed25519 secret key; returns base64url (no padding). */
export function signBytes(bytes: Uint8Array, secretKey: Uint8Array): string {
  return base64urlnopad.encode(ed25519.sign(bytes, secretKey));
}

/** Verifies a signature made by signBytes against a did:key. Never throws. */
export function verifyBytes(bytes: Uint8Array, signature: unknown, did: unknown): boolean {
  try {
    if (typeof signature !== 'string' || signature.length !== 86) return false;
    return ed25519.verify(base64urlnopad.decode(signature), bytes, publicKeyFromDid(did));
  } catch {
    return false;
  }
}

/** Signs the canonical JSON of `payload`; returns base64url (no padding). */
export function signPayload(payload: unknown, secretKey: Uint8Array): string {
  return signBytes(canonicalBytes(payload), secretKey);
}

/** Verifies a signature made by signPayload against a did:key. Never throws. */
export function verifyPayload(payload: unknown, signature: unknown, did: unknown): boolean {
  try {
    return verifyBytes(canonicalBytes(payload), signature, did);
  } catch {
    return false;
  }
}

export interface HolderKeys {
  /** SECURITY: stays in the wallet; only `commitment` goes to issuers. */
  secret: bigint;
  commitment: HolderCommitment;
}

/** A fresh holder secret (a random field element) and its commitment Poseidon(secret). */
export function generateHolderKeys(): HolderKeys {
  return holderKeysFromSecret(randomFieldElement(randomBytes));
}

/** Holder keys from a known secret. */
export function holderKeysFromSecret(secret: bigint): HolderKeys {
  return { secret, commitment: HolderCommitment.fromSecret(secret) };
}
