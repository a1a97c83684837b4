/**
 * Typed errors. Every error the library throws is a ZkdError with a stable `code`; input
 * errors name the offending field (`attributes.birthDate`, `predicates[2].value`). Messages
 * never contain secrets: validators describe a bad value by its type and size, not its content,
 * wherever the value could be secret.
 */

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_ATTRIBUTE'
  | 'MISSING_ATTRIBUTE'
  | 'INVALID_CREDENTIAL'
  | 'REISSUE_REQUIRED'
  | 'DUPLICATE_CREDENTIAL'
  | 'INVALID_REQUEST'
  | 'INVALID_KEY'
  | 'ARTIFACT_INTEGRITY'
  | 'REGISTRY'
  | 'REGISTRY_INVALID'
  | 'REGISTRY_INCONSISTENT'
  | 'REGISTRY_ROLLBACK'
  | 'REGISTRY_UNAVAILABLE'
  | 'REGISTRY_TOO_LARGE'
  | 'REGISTRY_FULL'
  | 'STORE_UNAVAILABLE'
  | 'STALE_REGISTRY'
  | 'NOT_FOUND'
  | 'PREDICATE_FALSE'
  | 'CREDENTIAL_EXPIRED'
  | 'CREDENTIAL_REVOKED'
  | 'UNTRUSTED_ISSUER'
  | 'NO_MATCHING_CREDENTIAL'
  | 'REQUEST_EXPIRED'
  | 'CONSENT_REQUIRED'
  | 'POLICY_REFUSED'
  | 'DISGUISED_DISCLOSURE'
  | 'RESERVED_SCOPE'
  | 'INVALID_VERIFIER_SIGNATURE'
  | 'NONCE_BINDING_MISMATCH'
  | 'AUDIENCE_MISMATCH'
  | 'PROOF_FAILED'
  | 'UNSUPPORTED'
  | 'LIMIT_EXCEEDED'
  | 'INVALID_BACKUP'
  | 'WALLET_EXISTS'
  | 'WALLET_NOT_FOUND'
  | 'PASSPHRASE_REQUIRED'
  | 'WRONG_PASSPHRASE'
  | 'STORE_TAMPERED'
  | 'STORE_FAILED'
  | 'COMPACT_TRUNCATED'
  | 'COMPACT_OVERSIZED'
  | 'COMPACT_VERSION'
  | 'COMPACT_NON_CANONICAL'
  | 'COMPACT_INVALID_POINT'
  | 'COMPACT_TRAILING_BYTES'
  | 'COMPACT_MALFORMED'
  | 'COMPACT_UNRESOLVED';

/** Base class: `code` is stable across versions, `message` is for people. */
export class ZkdError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A caller-supplied value has the wrong type, shape or range. `field` names it. */
export class InputError extends ZkdError {
  readonly field: string;
  constructor(field: string, message: string, code: ErrorCode = 'INVALID_INPUT') {
    super(code, `"${field}" ${message}`);
    this.field = field;
  }
}

/** A credential document failed a check (signature, commitment, shape). */
export class CredentialError extends ZkdError {
  constructor(message: string, code: ErrorCode = 'INVALID_CREDENTIAL') {
    super(code, message);
  }
}

/** A request document is malformed or cannot be expressed by any accepted circuit. */
export class RequestError extends ZkdError {
  constructor(message: string, code: ErrorCode = 'INVALID_REQUEST') {
    super(code, message);
  }
}

/**
 * The wallet refuses to present: the statement asked for is false for every stored credential
 * (or the credential is expired, revoked or from an untrusted issuer), or the holder has not
 * consented to what the request would reveal (CONSENT_REQUIRED). No proof was made.
 */
export class RefusalError extends ZkdError {}

/**
 * The holder's standing policy refuses what a request would reveal (POLICY_REFUSED): `rule`
 * names the rule of WalletPolicy.refuse that applies (leakage-policy.ts). No proof was made.
 */
export class PolicyRefusalError extends RefusalError {
  readonly rule: string;
  constructor(rule: string, message: string) {
    super('POLICY_REFUSED', message);
    this.rule = rule;
  }
}

/** A proving or verification artifact does not match its manifest. */
export class ArtifactError extends ZkdError {
  constructor(message: string) {
    super('ARTIFACT_INTEGRITY', message);
  }
}

/** The registry store failed or was asked for something it does not hold. */
export class RegistryError extends ZkdError {
  constructor(message: string, code: ErrorCode = 'REGISTRY') {
    super(code, message);
  }
}

/** A key file or key value is invalid. */
export class KeyError extends ZkdError {
  constructor(message: string) {
    super('INVALID_KEY', message);
  }
}

/**
 * The wallet's store: WALLET_EXISTS (creating over a stored wallet), WALLET_NOT_FOUND (opening
 * an empty store), PASSPHRASE_REQUIRED, WRONG_PASSPHRASE (or the key record was altered),
 * STORE_TAMPERED (a record fails its authentication or is malformed), STORE_FAILED (a write
 * failed). Nothing stored is changed by a failed open.
 */
export class StoreError extends ZkdError {}

/** Why compact bytes or text (src/compact/) could not be decoded. */
export type CompactErrorCode = Extract<ErrorCode, `COMPACT_${string}`>;

/**
 * Compact (CBOR / QR text) input that does not decode: truncated, oversized, of another version
 * or kind, not in canonical form, with trailing bytes, a proof point off the curve or outside the
 * subgroup, a malformed field, or a reference (root sequence, schema, key, set) the decoder
 * cannot resolve.
 */
export class CompactError extends ZkdError {
  declare readonly code: CompactErrorCode;
  constructor(code: CompactErrorCode, message: string) {
    super(code, message);
  }
}

/** Short, secret-free description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === 'string') return `string(${value.length})`;
  if (typeof value === 'number') return Number.isFinite(value) ? `number ${value}` : `number ${String(value)}`;
  if (typeof value === 'bigint') return 'bigint';
  return typeof value;
}
