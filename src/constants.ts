/**
 * Every bound and code of the protocol in one place: the field, the circuit layout, the
 * attribute encodings' limits and the predicate operator codes that the circuit
 * (circuits/predicate.circom) interprets.
 */

/** The BN254 scalar field modulus: every circuit signal is an integer in [0, p). */
export const FIELD_MODULUS: bigint = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Attribute slots per credential (the circuit's N_ATTRS). */
export const MAX_ATTRIBUTES = 16;
/** Registry tree depth: 2^20 (about a million) credentials per issuer. */
export const REGISTRY_DEPTH = 20;
/** Bytes of a string attribute: a length prefix and 15 chunks of 31 bytes fit one Poseidon(16). */
export const MAX_STRING_BYTES = 465;
/** Bytes per field element when packing strings (31 bytes < 2^248 < p). */
export const STRING_CHUNK_BYTES = 31;
/** Signed integers are offset by 2^63 into [0, 2^64), the comparators' range. */
export const INTEGER_OFFSET: bigint = 2n ** 63n;
export const MIN_INTEGER: bigint = -(2n ** 63n);
export const MAX_INTEGER: bigint = 2n ** 63n - 1n;
/** Order comparisons in the circuit range-check their inputs to this many bits. */
export const COMPARATOR_BITS = 64;
/** Dates are YYYYMMDD integers of years 0001..9999. */
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;
/** Request nonces are 32 random bytes. */
export const NONCE_BYTES = 32;
/**
 * Credentials in one multi-credential presentation (multi-request.ts). Each part is one proof,
 * so proving time, size and verification time grow with the count.
 */
export const MAX_REQUEST_PARTS = 4;
/** Compact forms (src/compact/): at most the binary capacity of a version 40 QR code at level L. */
export const MAX_COMPACT_BYTES = 2953;
/** Largest side, in pixels, of an image read for a QR code: a bound on work for an untrusted file. */
export const MAX_SCAN_SIDE = 4096;

/** Predicate operator codes, as the circuit reads them. */
export const OP_CODES = {
  noop: 0,
  eq: 1,
  ne: 2,
  lt: 3,
  lte: 4,
  gt: 5,
  gte: 6,
  between: 7,
  in: 8,
  notIn: 9,
} as const;

export type CircuitOperator = keyof typeof OP_CODES;
