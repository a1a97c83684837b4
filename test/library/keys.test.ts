/**
 * Issuer identity: Ed25519 keys named by did:key (multicodec 0xed01, base58btc, "z" prefix).
 * Known answers: the did:key method's example for the all-zero Ed25519 seed, and RFC 8032
 * test 1's key encoded by an independent base58 implementation (Python, see below).
 * Key-file permissions are the CLI's job and are tested there.
 */
import { poseidon1 } from 'poseidon-lite';
import { describe, expect, it } from 'vitest';
import {
  KeyError, didFromPublicKey, generateHolderKeys, generateIssuerKeys, holderKeysFromSecret, issuerKeysFromSecret,
  publicKeyFromDid, FIELD_MODULUS,
} from '../../src/index.js';
import { signPayload, verifyPayload } from '../../src/keys.js';
import { thrown } from '../helpers/library.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

/** RFC 8032 section 7.1, TEST 1. */
const RFC8032_SECRET = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const RFC8032_PUBLIC = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
/** 'did:key:z' + base58btc(ed01 || RFC8032_PUBLIC), computed with a separate Python base58 encoder. */
const RFC8032_DID = 'did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw';
/** The did:key method's Ed25519 example: the key of the all-zero 32-byte seed. */
const ZERO_SEED_DID = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';
const ZERO_SEED_PUBLIC = hex('3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29');

function expectKeyError(fn: () => unknown, fragment: string): void {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(KeyError);
  expect((err as KeyError).code).toBe('INVALID_KEY');
  expect((err as KeyError).message).toContain(fragment);
}

describe('did:key', () => {
  it('RFC 8032 test 1: secret key -> public key -> did:key', () => {
    const keys = issuerKeysFromSecret(RFC8032_SECRET);
    expect(keys.publicKey).toEqual(RFC8032_PUBLIC);
    expect(keys.did).toBe(RFC8032_DID);
    expect(publicKeyFromDid(RFC8032_DID)).toEqual(RFC8032_PUBLIC);
  });

  it('the all-zero seed gives the did:key method example', () => {
    const keys = issuerKeysFromSecret(new Uint8Array(32));
    expect(keys.did).toBe(ZERO_SEED_DID);
    expect(publicKeyFromDid(ZERO_SEED_DID)).toEqual(ZERO_SEED_PUBLIC);
  });

  it('round trips a generated key: did -> public key -> did', () => {
    const keys = generateIssuerKeys();
    expect(keys.did.startsWith('did:key:z6Mk')).toBe(true);
    expect(publicKeyFromDid(keys.did)).toEqual(keys.publicKey);
    expect(didFromPublicKey(publicKeyFromDid(keys.did))).toBe(keys.did);
  });

  it('issuerKeysFromSecret copies the secret (later edits to the input do not change the keys)', () => {
    const secret = Uint8Array.from(RFC8032_SECRET);
    const keys = issuerKeysFromSecret(secret);
    secret.fill(0);
    expect(keys.secretKey).toEqual(RFC8032_SECRET);
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['another DID method', 'did:web:example.org'],
    ['a did:key without the base58btc "z" prefix', 'did:key:6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw'],
    ['an overlong string', `${RFC8032_DID}${'1'.repeat(40)}`],
    ['a bare key', 'z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw'],
  ])('rejects %s as not an Ed25519 did:key', (_label, did) => {
    expectKeyError(() => publicKeyFromDid(did), 'expected an Ed25519 did:key');
  });

  it.each([
    ['0 (not in the base58 alphabet)', 'did:key:z6Mk0wupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw'],
    ['l (not in the base58 alphabet)', 'did:key:z6Mklwupdm'],
  ])('rejects a did:key containing %s as not base58btc', (_label, did) => {
    expectKeyError(() => publicKeyFromDid(did), 'not valid base58btc');
  });

  it.each([
    ['a secp256k1 key (multicodec 0xe701)', 'did:key:zQ3shbuSXtF4m4h3RFyLcrvNeRqhU93UHnsMQjk7akjgSgXSq'],
    ['a 31-byte Ed25519 key', 'did:key:z2DQYFhy74hg5eM3VNHKxySLj7rqfiJ7SZ3Gyokjx1w6yGc'],
    ['an empty key', 'did:key:z'],
  ])('rejects %s as not an Ed25519 key', (_label, did) => {
    expectKeyError(() => publicKeyFromDid(did), 'not an Ed25519 key');
  });

  it.each([['31 bytes', new Uint8Array(31)], ['33 bytes', new Uint8Array(33)], ['a string', 'secret']])('issuerKeysFromSecret rejects %s', (_label, secret) => {
    expectKeyError(() => issuerKeysFromSecret(secret as Uint8Array), 'expected 32 bytes');
  });
});

describe('signatures over canonical JSON', () => {
  const keys = issuerKeysFromSecret(RFC8032_SECRET);
  const payload = { b: 2, a: 'x', n: 7n };

  it('verify accepts the signer, whatever the key order of the payload', () => {
    const signature = signPayload(payload, keys.secretKey);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verifyPayload({ n: 7n, a: 'x', b: 2 }, signature, keys.did)).toBe(true);
  });

  it('verify returns false (never throws) for another payload, signer, signature or a bad DID', () => {
    const signature = signPayload(payload, keys.secretKey);
    const other = issuerKeysFromSecret(new Uint8Array(32));
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(verifyPayload({ ...payload, b: 3 }, signature, keys.did)).toBe(false);
    expect(verifyPayload(payload, signature, other.did)).toBe(false);
    expect(verifyPayload(payload, flipped, keys.did)).toBe(false);
    expect(verifyPayload(payload, signature.slice(1), keys.did)).toBe(false);
    expect(verifyPayload(payload, 42, keys.did)).toBe(false);
    expect(verifyPayload(payload, signature, 'did:web:example.org')).toBe(false);
    expect(verifyPayload(payload, `${'!'.repeat(86)}`, keys.did)).toBe(false);
  });
});

describe('holder keys', () => {
  it('the commitment is Poseidon(secret)', () => {
    expect(holderKeysFromSecret(42n).commitment.value).toBe(poseidon1([42n]));
  });

  it('generated secrets are field elements and differ', () => {
    const [a, b] = [generateHolderKeys(), generateHolderKeys()];
    expect(a.secret >= 0n && a.secret < FIELD_MODULUS).toBe(true);
    expect(a.secret).not.toBe(b.secret);
    expect(a.commitment.value).toBe(poseidon1([a.secret]));
  });
});
