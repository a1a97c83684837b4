/**
 * Encryption at rest for the wallet: a key from a passphrase by scrypt (RFC 7914, @noble/hashes)
 * and authenticated encryption by XChaCha20-Poly1305 (@noble/ciphers; 24-byte random nonces, so
 * random nonces never collide in practice). The KDF parameters travel with the ciphertext, so a
 * later version can raise them; stored parameters are bounded on read, so an altered record
 * cannot make opening take unbounded time or memory.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { InputError, StoreError, describe } from '../errors.js';
import { isRecord } from '../internal/field.js';

/** scrypt cost: N (a power of two), block size r, parallelism p. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** New wallets: N = 2^17, r = 8, p = 1 (128 MiB of memory). */
export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

/** The bounds accepted for N, on write and on read (2^20 with r = 8 is 1 GiB). */
export const SCRYPT_N_RANGE = Object.freeze({ min: 2 ** 14, max: 2 ** 20 });
const MAX_R = 32;
const MAX_P = 16;
/** Memory bound: 128·N·r bytes at most 1 GiB. */
const MAX_N_TIMES_R = 2 ** 23;

const KDF_NAME = 'scrypt';
export const AEAD_NAME = 'xchacha20-poly1305';
const SALT_BYTES = 16;
const NONCE_BYTES = 24;
const KEY_BYTES = 32;

/** The KDF section stored with a ciphertext. */
export interface KdfRecord extends ScryptParams {
  name: typeof KDF_NAME;
  /** base64 */
  salt: string;
}

const isPowerOfTwo = (n: number): boolean => Number.isSafeInteger(n) && n > 0 && (n & (n - 1)) === 0;

function scryptProblem(value: Record<string, unknown>): string | undefined {
  const { N, r, p } = value;
  if (typeof N !== 'number' || !isPowerOfTwo(N) || N < SCRYPT_N_RANGE.min || N > SCRYPT_N_RANGE.max) {
    return `N must be a power of two from 2^14 to 2^20, got ${describe(N)}`;
  }
  if (typeof r !== 'number' || !Number.isSafeInteger(r) || r < 1 || r > MAX_R) return `r must be an integer from 1 to ${MAX_R}, got ${describe(r)}`;
  if (typeof p !== 'number' || !Number.isSafeInteger(p) || p < 1 || p > MAX_P) return `p must be an integer from 1 to ${MAX_P}, got ${describe(p)}`;
  if (N * r > MAX_N_TIMES_R) return 'N·r must be at most 2^23 (1 GiB of memory)';
  return undefined;
}

/**
 * Checks caller-chosen scrypt parameters (default DEFAULT_SCRYPT).
 * @throws {InputError} naming `field` when out of bounds
 */
export function assertScryptParams(value: unknown, field: string): ScryptParams {
  if (value === undefined) return { ...DEFAULT_SCRYPT };
  if (!isRecord(value)) throw new InputError(field, `expected { N, r, p }, got ${describe(value)}`);
  const params = { ...DEFAULT_SCRYPT, ...value };
  const problem = scryptProblem(params);
  if (problem !== undefined) throw new InputError(field, problem);
  return { N: params.N, r: params.r, p: params.p };
}

/** A fresh KDF section (random salt) with the given cost. */
export function newKdfRecord(params: ScryptParams): KdfRecord {
  return { name: KDF_NAME, N: params.N, r: params.r, p: params.p, salt: base64.encode(randomBytes(SALT_BYTES)) };
}

/**
 * Reads a stored KDF section.
 * @throws {StoreError} STORE_TAMPERED when it is not one this version accepts
 */
export function readKdfRecord(value: unknown, where: string): KdfRecord {
  if (!isRecord(value) || value.name !== KDF_NAME || typeof value.salt !== 'string') throw new StoreError('STORE_TAMPERED', `${where}: expected a scrypt KDF section`);
  const problem = scryptProblem(value);
  if (problem !== undefined) throw new StoreError('STORE_TAMPERED', `${where}: scrypt ${problem}`);
  const salt = decodeBase64(value.salt, where);
  if (salt.length < SALT_BYTES || salt.length > 64) throw new StoreError('STORE_TAMPERED', `${where}: salt of ${salt.length} bytes`);
  return { name: KDF_NAME, N: value.N as number, r: value.r as number, p: value.p as number, salt: value.salt };
}

/**
 * The key of a passphrase (NFKC-normalised, so the same text typed on another keyboard or
 * system gives the same key). Async: yields to the event loop while it works.
 * @throws {InputError} on an empty or non-string passphrase
 */
export async function deriveKey(passphrase: unknown, kdf: KdfRecord): Promise<Uint8Array> {
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new InputError('passphrase', `expected a non-empty string, got ${describe(passphrase)}`);
  return scryptAsync(passphrase.normalize('NFKC'), base64.decode(kdf.salt), { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: KEY_BYTES, maxmem: 2 ** 30 + 2 ** 20 });
}

/** Encrypts `plaintext` bound to `aad`; returns base64 nonce and ciphertext (with its tag). */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): { nonce: string; ciphertext: string } {
  const nonce = randomBytes(NONCE_BYTES);
  return { nonce: base64.encode(nonce), ciphertext: base64.encode(xchacha20poly1305(key, nonce, aad).encrypt(plaintext)) };
}

/**
 * Decrypts what seal made; undefined when the key, the nonce, the ciphertext or `aad` differ.
 * @throws {StoreError} STORE_TAMPERED when nonce or ciphertext are not base64 of the right size
 */
export function unseal(key: Uint8Array, nonce: unknown, ciphertext: unknown, aad: Uint8Array, where: string): Uint8Array | undefined {
  if (typeof nonce !== 'string' || typeof ciphertext !== 'string') throw new StoreError('STORE_TAMPERED', `${where}: expected base64 nonce and ciphertext`);
  const nonceBytes = decodeBase64(nonce, where);
  if (nonceBytes.length !== NONCE_BYTES) throw new StoreError('STORE_TAMPERED', `${where}: nonce of ${nonceBytes.length} bytes`);
  try {
    return xchacha20poly1305(key, nonceBytes, aad).decrypt(decodeBase64(ciphertext, where));
  } catch {
    return undefined;
  }
}

function decodeBase64(text: string, where: string): Uint8Array {
  try {
    return base64.decode(text);
  } catch {
    throw new StoreError('STORE_TAMPERED', `${where}: not base64`);
  }
}

/** A fresh random data key. */
export function newDataKey(): Uint8Array {
  return randomBytes(KEY_BYTES);
}
