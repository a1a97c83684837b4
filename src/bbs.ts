/**
 * BBS selective disclosure (DESIGN section 5): the issuer signs a credential's attribute
 * messages with BBS; the holder derives a zero-knowledge proof that discloses chosen messages in
 * plaintext and hides the rest; the verifier checks it against the issuer's public key and its
 * own nonce. No trusted setup, no predicates. Two suites behind one interface:
 *
 *   'bbs+2020'  legacy BBS+ (MATTR 2020) via @mattrglobal/bbs-signatures 2.0.0 (wasm build).
 *               No header. Signature 112 B; proof 383 + floor(n / 8) B for n messages, plus
 *               32 B per hidden message (it embeds n and the disclosure bitmap).
 *   'bbs-2023'  IETF draft-irtf-cfrg-bbs-signatures (draft-06+ wire format), ciphersuite
 *               BLS12-381-SHA-256, via @digitalbazaar/bbs-signatures 3.0.0 (pure JS). Interoperates
 *               with the W3C bbs-2023 cryptosuite. Signature 80 B; proof 272 B + 32 B per hidden
 *               message.
 * Both use BLS12-381 with 32-byte secret keys and 96-byte G2 public keys. A key pair, signature
 * or proof of one suite never verifies under the other (the verifier names the suite it expects).
 *
 * Credential layout (`bbsMessages`): one UTF-8 message `name=value` per attribute in schema
 * order, then `schemaId=<id>`, `validUntil=<YYYY-MM-DD>` and `commitment=<decimal>` last;
 * `bbsMessageLayout` gives the indexes.
 *
 * Errors: every function throws InputError (naming the field) on caller misuse: unknown suite,
 * wrong types or lengths, unsorted, duplicate or out-of-range indexes. `bbsVerifyProof` and
 * `bbsVerifySignature` never throw because of the proof or signature bytes: anything malformed,
 * truncated, from the other suite or for another statement verifies as `false`.
 *
 * SECURITY: disclosing the `commitment` message makes the presentation linkable to the credential
 * (and to every other presentation that discloses it); DESIGN section 5 says when that is allowed.
 * Undisclosed messages stay hidden, but their number does not: the verifier learns the total.
 */
import { dateToInt } from './encoding.js';
import { InputError, ZkdError, describe } from './errors.js';
import { assertField } from './internal/field.js';
import { bbs2020 } from './bbs/bbs2020.js';
export { provideBbs2020Library } from './bbs/bbs2020.js';
import { bbs2023 } from './bbs/bbs2023.js';
import { PUBLIC_KEY_LENGTH, SECRET_KEY_LENGTH, type SuiteAdapter } from './bbs/suite.js';

/** The BBS suites zkdisclose supports; see the module header. */
export type BbsSuite = 'bbs+2020' | 'bbs-2023';

/** All supported suites, in a stable order. */
export const BBS_SUITES: readonly BbsSuite[] = Object.freeze(['bbs+2020', 'bbs-2023'] as const);

/**
 * Most messages one signature may cover. Generator derivation and proof size grow linearly;
 * a credential needs its attribute count + 3.
 */
export const BBS_MAX_MESSAGES = 1024;

/** Minimum seed length for deterministic key generation (the IETF draft's key_material floor). */
const MIN_SEED_LENGTH = 32;

/** A BBS key pair. `secretKey` is a 32-byte big-endian scalar; `publicKey` a compressed G2 point. */
export interface BbsKeyPair {
  suite: BbsSuite;
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** Options of {@link generateBbsKeyPair}. */
export interface GenerateBbsKeyPairOptions {
  suite: BbsSuite;
  /**
   * Secret key material (at least 32 bytes) for a deterministic key pair; random when omitted.
   * SECURITY: anyone holding the seed holds the secret key. Use it for tests and key recovery.
   */
  seed?: Uint8Array;
}

/** Options of {@link bbsSign}. */
export interface BbsSignOptions {
  suite: BbsSuite;
  secretKey: Uint8Array;
  /** Must be the public key of `secretKey` (checked). */
  publicKey: Uint8Array;
  /** Signer-chosen context bound into the signature (bbs-2023 only; bbs+2020 accepts none or empty). */
  header?: Uint8Array;
  messages: readonly Uint8Array[];
}

/** Options of {@link bbsVerifySignature}. */
export interface BbsVerifySignatureOptions {
  suite: BbsSuite;
  publicKey: Uint8Array;
  signature: Uint8Array;
  header?: Uint8Array;
  messages: readonly Uint8Array[];
}

/** Options of {@link bbsDeriveProof}. */
export interface BbsDeriveProofOptions {
  suite: BbsSuite;
  publicKey: Uint8Array;
  signature: Uint8Array;
  header?: Uint8Array;
  /** Every signed message, in signing order. */
  messages: readonly Uint8Array[];
  /** Indexes of the messages to disclose: strictly increasing, each < messages.length; may be empty. */
  disclosedIndexes: readonly number[];
  /**
   * The verifier's nonce (and any presentation context), bound into the proof so it cannot be
   * replayed elsewhere. bbs-2023 calls it the presentation header; bbs+2020 its nonce.
   */
  presentationHeader: Uint8Array;
}

/** Options of {@link bbsVerifyProof}. */
export interface BbsVerifyProofOptions {
  suite: BbsSuite;
  /** The issuer's public key, from a trusted source. */
  publicKey: Uint8Array;
  /** Untrusted proof bytes. */
  proof: Uint8Array;
  header?: Uint8Array;
  /** The disclosed messages, one per entry of `disclosedIndexes`, in the same order. */
  disclosedMessages: readonly Uint8Array[];
  /** Indexes the verifier expects disclosed: strictly increasing, each < totalMessages. */
  disclosedIndexes: readonly number[];
  /** Number of messages the issuer signed (from the schema: attributes + 3). */
  totalMessages: number;
  /** The nonce the verifier issued for this presentation. */
  presentationHeader: Uint8Array;
}

/** One attribute of {@link bbsMessages}: its schema name and canonical string value. */
export interface BbsAttribute {
  name: string;
  canonical: string;
}

/** Options of {@link bbsMessages}. */
export interface BbsMessagesOptions {
  schemaId: string;
  /** In schema order. */
  attributes: readonly BbsAttribute[];
  /** Expiry date, "YYYY-MM-DD". */
  validUntil: string;
  /** The credential commitment (a BN254 field element) as a decimal string or bigint. */
  commitment: string | bigint;
}

/** Where {@link bbsMessages} puts each message, for a schema with `attributeCount` attributes. */
export interface BbsMessageLayout {
  /** Attribute i is message i, for 0 <= i < attributeCount. */
  attributeCount: number;
  schemaIdIndex: number;
  validUntilIndex: number;
  /** Always the last message. */
  commitmentIndex: number;
  totalMessages: number;
}

/** Names {@link bbsMessages} reserves for its trailing messages; attributes may not use them. */
export const BBS_RESERVED_NAMES: readonly string[] = Object.freeze(['schemaId', 'validUntil', 'commitment']);

const ADAPTERS: Record<BbsSuite, SuiteAdapter> = { 'bbs+2020': bbs2020, 'bbs-2023': bbs2023 };
const EMPTY = new Uint8Array(0);

/**
 * The exact size in bytes of a `suite` proof over `totalMessages` messages of which
 * `disclosedCount` are disclosed (see the module header): what a decoder of untrusted proof
 * bytes checks before anything else.
 * @example bbsProofLength('bbs-2023', 8, 4) // 272 + 4 * 32 = 400
 */
export function bbsProofLength(suite: BbsSuite, totalMessages: number, disclosedCount: number): number {
  return ADAPTERS[suite].proofLength(totalMessages, disclosedCount);
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf8 = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// Boundary validation. Internals below trust what these return.

function options(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('options', `expected an options object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function suiteOf(value: unknown): BbsSuite {
  if (value === 'bbs+2020' || value === 'bbs-2023') return value;
  const got = typeof value === 'string' ? `"${value.slice(0, 32)}"` : describe(value);
  throw new InputError('suite', `expected "bbs+2020" or "bbs-2023", got ${got}`, 'UNSUPPORTED');
}

function bytes(value: unknown, field: string, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new InputError(field, `expected a Uint8Array, got ${describe(value)}`);
  if (length !== undefined && value.length !== length) {
    throw new InputError(field, `expected ${length} bytes, got ${value.length}`);
  }
  return value;
}

function key(value: unknown, field: 'publicKey' | 'secretKey'): Uint8Array {
  const length = field === 'publicKey' ? PUBLIC_KEY_LENGTH : SECRET_KEY_LENGTH;
  if (!(value instanceof Uint8Array)) throw new InputError(field, `expected a Uint8Array, got ${describe(value)}`, 'INVALID_KEY');
  if (value.length !== length) throw new InputError(field, `expected ${length} bytes, got ${value.length}`, 'INVALID_KEY');
  return value;
}

function header(value: unknown, adapter: SuiteAdapter, suite: BbsSuite): Uint8Array {
  if (value === undefined) return EMPTY;
  const h = bytes(value, 'header');
  if (h.length > 0 && !adapter.supportsHeader) {
    throw new InputError('header', `is not supported by ${suite} (it signs no header): pass none or an empty Uint8Array`, 'UNSUPPORTED');
  }
  return h;
}

function messageList(value: unknown, field: string, min: number): Uint8Array[] {
  if (!Array.isArray(value)) throw new InputError(field, `expected an array of Uint8Array, got ${describe(value)}`);
  if (value.length < min || value.length > BBS_MAX_MESSAGES) {
    throw new InputError(field, `expected ${min} to ${BBS_MAX_MESSAGES} messages, got ${value.length}`);
  }
  // An index loop, not map(): map skips the holes of a sparse array.
  const out: Uint8Array[] = [];
  for (let i = 0; i < value.length; i++) out.push(bytes(value[i], `${field}[${i}]`));
  return out;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > BBS_MAX_MESSAGES) {
    throw new InputError(field, `expected an integer from 1 to ${BBS_MAX_MESSAGES}, got ${describe(value)}`);
  }
  return value;
}

function indexList(value: unknown, field: string, total: number): number[] {
  if (!Array.isArray(value)) throw new InputError(field, `expected an array of indexes, got ${describe(value)}`);
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const index: unknown = value[i];
    const label = `${field}[${i}]`;
    if (typeof index !== 'number' || !Number.isSafeInteger(index)) {
      throw new InputError(label, `expected an integer index, got ${describe(index)}`);
    }
    if (index < 0 || index >= total) throw new InputError(label, `expected an index in [0, ${total}), got ${index}`);
    if (i > 0 && index <= out[i - 1]) {
      throw new InputError(label, `expected strictly increasing indexes (sorted, no duplicates), got ${index} after ${out[i - 1]}`);
    }
    out.push(index);
  }
  return out;
}

/** Compressed G2 public key of a 32-byte big-endian secret scalar (same encoding in both suites). */
async function publicKeyOf(secretKey: Uint8Array): Promise<Uint8Array> {
  const { bls12_381 } = await import('@noble/curves/bls12-381.js');
  let scalar = 0n;
  for (const b of secretKey) scalar = (scalar << 8n) | BigInt(b);
  if (scalar === 0n || scalar >= bls12_381.fields.Fr.ORDER) {
    throw new InputError('secretKey', 'expected a BLS12-381 scalar in [1, r)', 'INVALID_KEY');
  }
  return bls12_381.G2.Point.BASE.multiply(scalar).toBytes(true);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Wraps an unexpected library failure after validation passed; the library's error is `cause`. */
function libraryFailure(suite: BbsSuite, operation: string, cause: unknown): ZkdError {
  // A library that is not there (bbs+2020 in a browser without provideBbs2020Library) says so.
  if (cause instanceof ZkdError && cause.code === 'UNSUPPORTED') return cause;
  const error = new ZkdError('PROOF_FAILED', `${suite} ${operation} failed in the BBS library`);
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
  return error;
}

// ---------------------------------------------------------------------------------------------
// Keys, signatures, proofs.

/**
 * Generates a BBS key pair for `suite`: random, or deterministic from `seed`.
 *
 * @param opts.suite - 'bbs+2020' or 'bbs-2023'
 * @param opts.seed - optional secret key material, at least 32 bytes (tests, key recovery)
 * @returns `{ suite, publicKey, secretKey }`: 96-byte G2 public key, 32-byte secret key
 * @throws {InputError} unknown suite (code UNSUPPORTED) or a seed that is not a Uint8Array of >= 32 bytes
 * @example
 * const issuer = await generateBbsKeyPair({ suite: 'bbs-2023' });
 * issuer.publicKey.length; // 96
 */
export async function generateBbsKeyPair(opts: GenerateBbsKeyPairOptions): Promise<BbsKeyPair> {
  const o = options(opts);
  const suite = suiteOf(o.suite);
  let seed: Uint8Array | undefined;
  if (o.seed !== undefined) {
    seed = bytes(o.seed, 'seed');
    if (seed.length < MIN_SEED_LENGTH) throw new InputError('seed', `expected at least ${MIN_SEED_LENGTH} bytes, got ${seed.length}`);
  }
  try {
    const { publicKey, secretKey } = await ADAPTERS[suite].generateKeyPair(seed);
    return { suite, publicKey, secretKey };
  } catch (error) {
    throw libraryFailure(suite, 'key generation', error);
  }
}

/**
 * Signs `messages` (issuer side). bbs-2023 signatures are deterministic; bbs+2020 ones are
 * randomised.
 *
 * NOTE: bbs+2020 has no header. Passing a non-empty `header` with it throws rather than being
 * silently dropped, so no caller believes a header is bound when it is not.
 *
 * @param opts.suite - the suite of the key pair
 * @param opts.secretKey - 32-byte secret key
 * @param opts.publicKey - the matching 96-byte public key (checked against `secretKey`, ~10 ms)
 * @param opts.header - optional signer context (bbs-2023 only)
 * @param opts.messages - 1 to {@link BBS_MAX_MESSAGES} messages, e.g. from {@link bbsMessages}
 * @returns the signature: 112 bytes (bbs+2020) or 80 bytes (bbs-2023)
 * @throws {InputError} unknown suite, wrong types or lengths, a key pair that does not match
 *   (code INVALID_KEY), or a header with bbs+2020 (code UNSUPPORTED)
 * @example
 * const keys = await generateBbsKeyPair({ suite: 'bbs-2023' });
 * const messages = bbsMessages({
 *   schemaId: 'person-v1', attributes: [{ name: 'givenName', canonical: 'Ada' }],
 *   validUntil: '2030-01-01', commitment: '12345',
 * });
 * const signature = await bbsSign({ suite: 'bbs-2023', secretKey: keys.secretKey, publicKey: keys.publicKey, messages });
 */
export async function bbsSign(opts: BbsSignOptions): Promise<Uint8Array> {
  const o = options(opts);
  const suite = suiteOf(o.suite);
  const adapter = ADAPTERS[suite];
  const secretKey = key(o.secretKey, 'secretKey');
  const publicKey = key(o.publicKey, 'publicKey');
  const h = header(o.header, adapter, suite);
  const messages = messageList(o.messages, 'messages', 1);
  if (!equalBytes(await publicKeyOf(secretKey), publicKey)) {
    throw new InputError('publicKey', 'does not match secretKey', 'INVALID_KEY');
  }
  try {
    return await adapter.sign({ secretKey, publicKey, header: h, messages });
  } catch (error) {
    throw libraryFailure(suite, 'signing', error);
  }
}

/**
 * Checks a signature over all messages (holder side, on receipt of a credential).
 * Never throws because of the signature bytes: malformed or foreign signatures give `false`.
 *
 * @param opts.suite - the suite the issuer uses
 * @param opts.publicKey - the issuer's 96-byte public key
 * @param opts.signature - untrusted signature bytes
 * @param opts.header - the header the issuer signed (bbs-2023), if any
 * @param opts.messages - every signed message, in order
 * @returns whether the signature is valid
 * @throws {InputError} unknown suite, wrong argument types, a public key that is not 96 bytes,
 *   or a header with bbs+2020
 * @example
 * const ok = await bbsVerifySignature({ suite: 'bbs-2023', publicKey: keys.publicKey, signature, messages });
 */
export async function bbsVerifySignature(opts: BbsVerifySignatureOptions): Promise<boolean> {
  const o = options(opts);
  const suite = suiteOf(o.suite);
  const adapter = ADAPTERS[suite];
  const publicKey = key(o.publicKey, 'publicKey');
  const signature = bytes(o.signature, 'signature');
  const h = header(o.header, adapter, suite);
  const messages = messageList(o.messages, 'messages', 1);
  if (signature.length !== adapter.signatureLength) return false;
  await adapter.ready();
  try {
    return await adapter.verifySignature({ publicKey, signature, header: h, messages });
  } catch {
    return false;
  }
}

/**
 * Derives a selective-disclosure proof from a signature (holder side). The proof reveals the
 * messages at `disclosedIndexes` (the verifier receives them separately, in plaintext) and
 * proves knowledge of a valid signature over all messages without revealing it or the others.
 * Each call gives a fresh, unlinkable proof (unless the disclosed messages themselves link).
 *
 * NOTE: derivation does not check the signature; a bad signature yields a proof that fails
 * verification. Check credentials on receipt with {@link bbsVerifySignature}.
 *
 * @param opts.suite - the suite of the signature
 * @param opts.publicKey - the issuer's 96-byte public key
 * @param opts.signature - the issuer's signature (112 or 80 bytes by suite)
 * @param opts.header - the header the issuer signed (bbs-2023), if any
 * @param opts.messages - every signed message, in order
 * @param opts.disclosedIndexes - strictly increasing indexes to disclose (may be empty)
 * @param opts.presentationHeader - the verifier's nonce
 * @returns the proof bytes (see the module header for sizes)
 * @throws {InputError} unknown suite, wrong types or lengths, unsorted, duplicate or
 *   out-of-range indexes, or a header with bbs+2020
 * @throws {ZkdError} code PROOF_FAILED if the library rejects validated input
 * @example
 * const proof = await bbsDeriveProof({
 *   suite: 'bbs-2023', publicKey: keys.publicKey, signature, messages,
 *   disclosedIndexes: [0], presentationHeader: nonce,
 * });
 */
export async function bbsDeriveProof(opts: BbsDeriveProofOptions): Promise<Uint8Array> {
  const o = options(opts);
  const suite = suiteOf(o.suite);
  const adapter = ADAPTERS[suite];
  const publicKey = key(o.publicKey, 'publicKey');
  const signature = bytes(o.signature, 'signature', adapter.signatureLength);
  const h = header(o.header, adapter, suite);
  const messages = messageList(o.messages, 'messages', 1);
  const disclosedIndexes = indexList(o.disclosedIndexes, 'disclosedIndexes', messages.length);
  const presentationHeader = bytes(o.presentationHeader, 'presentationHeader');
  try {
    return await adapter.deriveProof({ publicKey, signature, header: h, messages, disclosedIndexes, presentationHeader });
  } catch (error) {
    throw libraryFailure(suite, 'proof derivation', error);
  }
}

/**
 * Verifies a selective-disclosure proof (verifier side): that the issuer of `publicKey` signed
 * `totalMessages` messages of which those at `disclosedIndexes` equal `disclosedMessages`, and
 * that the proof was made for `presentationHeader`.
 *
 * Never throws because of the proof: truncated, padded or garbage bytes, a proof of the other
 * suite, for other indexes or another message count, all return `false`.
 *
 * @param opts.suite - the suite the verifier accepts for this issuer
 * @param opts.publicKey - the issuer's 96-byte public key (trusted)
 * @param opts.proof - untrusted proof bytes
 * @param opts.header - the header the issuer signed (bbs-2023), if any
 * @param opts.disclosedMessages - the disclosed messages, in index order
 * @param opts.disclosedIndexes - strictly increasing indexes, each < totalMessages
 * @param opts.totalMessages - how many messages the issuer signed (from the schema)
 * @param opts.presentationHeader - the nonce this verifier issued
 * @returns whether the proof is valid for exactly this statement
 * @throws {InputError} on caller misuse only: unknown suite, non-Uint8Array arguments, a public
 *   key that is not 96 bytes, indexes out of range, unsorted or duplicated, a message count that
 *   differs from the index count, or a header with bbs+2020
 * @example
 * const ok = await bbsVerifyProof({
 *   suite: 'bbs-2023', publicKey: keys.publicKey, proof,
 *   disclosedMessages: [messages[0]], disclosedIndexes: [0],
 *   totalMessages: messages.length, presentationHeader: nonce,
 * });
 */
export async function bbsVerifyProof(opts: BbsVerifyProofOptions): Promise<boolean> {
  const o = options(opts);
  const suite = suiteOf(o.suite);
  const adapter = ADAPTERS[suite];
  const publicKey = key(o.publicKey, 'publicKey');
  const proof = bytes(o.proof, 'proof');
  const h = header(o.header, adapter, suite);
  const totalMessages = count(o.totalMessages, 'totalMessages');
  const disclosedIndexes = indexList(o.disclosedIndexes, 'disclosedIndexes', totalMessages);
  const disclosedMessages = messageList(o.disclosedMessages, 'disclosedMessages', 0);
  if (disclosedMessages.length !== disclosedIndexes.length) {
    throw new InputError(
      'disclosedMessages',
      `expected ${disclosedIndexes.length} messages (one per disclosed index), got ${disclosedMessages.length}`,
    );
  }
  const presentationHeader = bytes(o.presentationHeader, 'presentationHeader');
  if (!adapter.proofMatchesStatement(proof, disclosedIndexes, totalMessages)) return false;
  // Outside the try: a library that fails to load is an environment error, not an invalid proof.
  await adapter.ready();
  try {
    return await adapter.verifyProof({
      publicKey, proof, header: h, presentationHeader, disclosedMessages, disclosedIndexes, totalMessages,
    });
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Credential message encoding.

function attributeName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InputError(field, `expected a non-empty string, got ${describe(value)}`);
  }
  if (value.includes('=')) throw new InputError(field, 'must not contain "="');
  if (LONE_SURROGATE.test(value)) throw new InputError(field, 'is not well-formed Unicode (lone surrogate)');
  return value;
}

function messageValue(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InputError(field, `expected a string, got ${describe(value)}`);
  // Lone surrogates would be replaced by U+FFFD, so two different values would sign alike.
  if (LONE_SURROGATE.test(value)) throw new InputError(field, 'is not well-formed Unicode (lone surrogate)');
  return value;
}

function encode(name: string, value: string): Uint8Array {
  return utf8.encode(`${name}=${value}`);
}

/**
 * Indexes of the messages {@link bbsMessages} produces for a schema with `attributeCount`
 * attributes: attributes at 0..attributeCount-1, then schemaId, validUntil and commitment (last).
 *
 * @param opts.attributeCount - number of schema attributes (0 or more)
 * @returns the layout, including `totalMessages` (= attributeCount + 3)
 * @throws {InputError} if attributeCount is not an integer in [0, BBS_MAX_MESSAGES - 3]
 * @example
 * bbsMessageLayout({ attributeCount: 5 }).commitmentIndex; // 7
 */
export function bbsMessageLayout(opts: { attributeCount: number }): BbsMessageLayout {
  const o = options(opts);
  const n = o.attributeCount;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > BBS_MAX_MESSAGES - 3) {
    throw new InputError('attributeCount', `expected an integer from 0 to ${BBS_MAX_MESSAGES - 3}, got ${describe(n)}`);
  }
  return { attributeCount: n, schemaIdIndex: n, validUntilIndex: n + 1, commitmentIndex: n + 2, totalMessages: n + 3 };
}

/**
 * Encodes one message as UTF-8 `name=value`: what a verifier rebuilds from a disclosed
 * attribute's claimed value before calling {@link bbsVerifyProof}.
 *
 * @param opts.name - attribute (or reserved) name: non-empty, no "="
 * @param opts.value - canonical string value (may contain "=")
 * @returns the message bytes
 * @throws {InputError} on a non-string, empty or "="-containing name, or ill-formed Unicode
 * @example
 * bbsMessage({ name: 'givenName', value: 'Ada' }); // UTF-8 of "givenName=Ada"
 */
export function bbsMessage(opts: { name: string; value: string }): Uint8Array {
  const o = options(opts);
  return encode(attributeName(o.name, 'name'), messageValue(o.value, 'value'));
}

/**
 * The messages an issuer signs for one credential (DESIGN section 5): `name=value` per
 * attribute in schema order, then `schemaId=<id>`, `validUntil=<YYYY-MM-DD>`, and
 * `commitment=<decimal>` last. See {@link bbsMessageLayout} for the indexes.
 *
 * @param opts.schemaId - the schema identifier (non-empty)
 * @param opts.attributes - `{ name, canonical }` in schema order; names unique, non-empty,
 *   without "=", and not one of {@link BBS_RESERVED_NAMES}
 * @param opts.validUntil - expiry date "YYYY-MM-DD"
 * @param opts.commitment - the credential commitment, a BN254 field element (decimal string or bigint)
 * @returns attributes.length + 3 messages
 * @throws {InputError} naming the offending field (e.g. `attributes[2].name`)
 * @example
 * const messages = bbsMessages({
 *   schemaId: 'person-v1',
 *   attributes: [{ name: 'givenName', canonical: 'Ada' }, { name: 'birthDate', canonical: '1990-05-17' }],
 *   validUntil: '2030-01-01',
 *   commitment: '4213',
 * });
 * new TextDecoder().decode(messages[4]); // "commitment=4213"
 */
export function bbsMessages(opts: BbsMessagesOptions): Uint8Array[] {
  const o = options(opts);
  if (typeof o.schemaId !== 'string' || o.schemaId.length === 0) {
    throw new InputError('schemaId', `expected a non-empty string, got ${describe(o.schemaId)}`);
  }
  const schemaId = messageValue(o.schemaId, 'schemaId');
  if (!Array.isArray(o.attributes)) throw new InputError('attributes', `expected an array, got ${describe(o.attributes)}`);
  const layout = bbsMessageLayout({ attributeCount: o.attributes.length });
  const seen = new Set<string>();
  const out = o.attributes.map((attribute: unknown, i) => {
    const a = attribute as Partial<Record<keyof BbsAttribute, unknown>> | null;
    if (typeof a !== 'object' || a === null) {
      throw new InputError(`attributes[${i}]`, `expected { name, canonical }, got ${describe(a)}`);
    }
    const name = attributeName(a.name, `attributes[${i}].name`);
    if (BBS_RESERVED_NAMES.includes(name)) throw new InputError(`attributes[${i}].name`, `"${name}" is reserved`);
    if (seen.has(name)) throw new InputError(`attributes[${i}].name`, `duplicates "${name}"`);
    seen.add(name);
    return encode(name, messageValue(a.canonical, `attributes[${i}].canonical`));
  });
  dateToInt(o.validUntil, 'validUntil');
  const commitment = assertField(o.commitment, 'commitment');
  out[layout.schemaIdIndex] = encode('schemaId', schemaId);
  out[layout.validUntilIndex] = encode('validUntil', o.validUntil as string);
  out[layout.commitmentIndex] = encode('commitment', commitment.toString(10));
  return out;
}
