/**
 * Issue 12, item 3: requests say who asks. A signed request names the verifier's did:key and an
 * audience (its origin), and its nonce is SHA-256(seed, verifier DID, audience). The attack: a
 * verifier (evil.example) relays an honest verifier's (shop.example) request to a holder and
 * forwards the answer. A wallet given the channel's origin refuses the foreign audience; a
 * relabelled copy (the relay's DID and audience, the shop's nonce) breaks the nonce binding; a
 * properly re-bound copy gets an answer the shop refuses. The verifier's own checks (signature,
 * nonce binding, the audience it serves) fail with typed codes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type IssuerKeys, type Predicate, type Presentation, type PresentationRequest, type Prover, InputError, type Issuer, PERSON_SCHEMA, RefusalError,
  Wallet, canonicalRequestBytes, createProver, createRequest, defaultAcceptedKeys, loadVerificationKey, verifyPresentation,
} from '../../src/index.js';
import { signBytes } from '../../src/keys.js';
import { bindRequest, boundNonce } from '../../src/request-identity.js';
import { ERIKA, NOW, TODAY, codes, copy, holderKeys, issuePerson, issuerKeys, makeIssuer, rejected, rootViewsOf, thrown } from '../helpers/library.js';

const SHOP = 'https://shop.example';
const EVIL = 'https://evil.example';
const shopKeys = issuerKeys(51);
const evilKeys = issuerKeys(52);
const holder = holderKeys(5151n);
const acceptedKeys = defaultAcceptedKeys();
const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
const prover = createProver();
const AGE: Predicate[] = [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }];
let issuer: Issuer;
let wallet: Wallet;
let shopRequest: PresentationRequest;
let honest: Presentation;

/** Reached only when the wallet decided to prove. */
const stubProver = { prove: async (): Promise<never> => { throw new Error('stub prover reached'); } } as unknown as Prover;

function shop(extra: { audience?: string } = { audience: SHOP }): PresentationRequest {
  return createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, now: NOW, today: TODAY, predicates: AGE, verifier: shopKeys, ...extra });
}

/** A request document signed as `keys`, everything else (nonce included) left as it is. */
function signedAs(keys: IssuerKeys, document: PresentationRequest): PresentationRequest {
  const unsigned = { ...document, verifier: { did: keys.did } };
  return { ...unsigned, verifier: { did: keys.did, signature: signBytes(canonicalRequestBytes(unsigned), keys.secretKey) } };
}

function stubWallet(): Wallet {
  const w = new Wallet({ holderSecret: holder.secret, prover: stubProver });
  w.accept(issuePerson(issuer, holder, ERIKA));
  return w;
}
const present = (w: Wallet, request: unknown, origin?: string): Promise<Presentation> =>
  w.createPresentation({ request, registries: [issuer.exportRegistry()], now: NOW, ...(origin !== undefined && { origin }) });
const verify = (p: unknown, r: unknown, audience?: string) =>
  verifyPresentation(p, r, { verificationKeys, now: NOW, rootViews: rootViewsOf(issuer), ...(audience !== undefined && { audience }) });

beforeAll(async () => {
  issuer = makeIssuer(issuerKeys(50));
  wallet = new Wallet({ holderSecret: holder.secret, prover });
  wallet.accept(issuePerson(issuer, holder, ERIKA));
  shopRequest = shop();
  honest = await present(wallet, shopRequest, SHOP);
});

afterAll(async () => {
  await prover.close();
});

test('a signed request carries the verifier DID, audience and a nonce bound to both; the wallet shows them', () => {
  expect(shopRequest.verifier?.did).toBe(shopKeys.did);
  expect(shopRequest.audience).toBe(SHOP);
  expect(shopRequest.nonce).toBe(boundNonce(shopRequest.nonceSeed!, shopKeys.did, SHOP));
  expect(stubWallet().describeRequest(shopRequest, { origin: SHOP })).toMatchObject({ verifier: shopKeys.did, audience: SHOP, mode: 'unlinkable' });
});

test('the honest answer verifies at the shop, with the audience the shop serves', async () => {
  const result = await verify(honest, shopRequest, SHOP);
  expect(result.errors).toEqual([]);
  expect(result.verified).toBe(true);
});

describe("relaying the shop's request through evil.example", () => {
  test('as it is: a wallet on evil.example refuses it (AUDIENCE_MISMATCH) before any proving', async () => {
    const err = await rejected(present(stubWallet(), shopRequest, EVIL));
    expect(err).toBeInstanceOf(RefusalError);
    expect(err).toMatchObject({ code: 'AUDIENCE_MISMATCH' });
    expect((err as Error).message).toContain(`names "${SHOP}", not "${EVIL}"`);
  });

  test("re-signed as evil.example with its own audience, keeping the shop's nonce: NONCE_BINDING_MISMATCH", async () => {
    const relabelled = signedAs(evilKeys, { ...copy(shopRequest), audience: EVIL });
    expect(await rejected(present(stubWallet(), relabelled, EVIL))).toMatchObject({ code: 'NONCE_BINDING_MISMATCH' });
    const { verifier: _v, audience: _a, ...stripped } = copy(shopRequest);
    expect(await rejected(present(stubWallet(), stripped, EVIL))).toMatchObject({ code: 'NONCE_BINDING_MISMATCH' });
  });

  test('stripped of signature, audience and seed (a plain request with the shop\'s nonce): refused where the origin is known', async () => {
    const { verifier: _v, audience: _a, nonceSeed: _s, ...plain } = copy(shopRequest);
    expect(await rejected(present(stubWallet(), plain, EVIL))).toMatchObject({ code: 'AUDIENCE_MISMATCH' });
  });

  test('re-bound properly as evil.example: the wallet answers, and the shop refuses the answer', async () => {
    const { verifier: _v, nonceSeed: _s, audience: _a, ...rest } = copy(shopRequest);
    const rebound = bindRequest({ ...rest, nonce: shopRequest.nonceSeed! }, { verifier: evilKeys, audience: EVIL });
    expect(rebound.nonce).not.toBe(shopRequest.nonce);
    expect(stubWallet().describeRequest(rebound, { origin: EVIL })).toMatchObject({ verifier: evilKeys.did, audience: EVIL });
    const answer = await present(wallet, rebound, EVIL);
    const result = await verify(answer, shopRequest, SHOP);
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual(expect.arrayContaining(['NONCE_MISMATCH', 'REQUEST_MISMATCH']));
  });
});

describe('the wallet refuses', () => {
  test('a request changed after signing, or signed by a key other than the named DID (INVALID_VERIFIER_SIGNATURE)', async () => {
    const changed = { ...copy(shopRequest), trustedIssuers: [issuer.did, evilKeys.did] };
    expect(await rejected(present(stubWallet(), changed, SHOP))).toMatchObject({ code: 'INVALID_VERIFIER_SIGNATURE' });
    const extraField = { ...copy(shopRequest), note: 'unsigned' };
    expect(await rejected(present(stubWallet(), extraField, SHOP))).toMatchObject({ code: 'INVALID_VERIFIER_SIGNATURE' });
    const otherKey = { ...signedAs(evilKeys, copy(shopRequest)), verifier: { did: shopKeys.did, signature: signedAs(evilKeys, copy(shopRequest)).verifier!.signature } };
    expect(await rejected(present(stubWallet(), otherKey, SHOP))).toMatchObject({ code: 'INVALID_VERIFIER_SIGNATURE' });
  });

  test('a request without an audience when the wallet knows the channel origin (AUDIENCE_MISMATCH)', async () => {
    const err = await rejected(present(stubWallet(), shop({}), SHOP));
    expect(err).toMatchObject({ code: 'AUDIENCE_MISMATCH' });
    expect((err as Error).message).toContain('names no audience');
  });

  test('an unsigned request whose audience was changed (the audience is in the nonce)', async () => {
    const unsigned = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, now: NOW, today: TODAY, predicates: AGE, audience: SHOP });
    expect(unsigned.verifier).toBeUndefined();
    expect(await rejected(present(stubWallet(), { ...unsigned, audience: EVIL }, EVIL))).toMatchObject({ code: 'NONCE_BINDING_MISMATCH' });
    expect(await rejected(present(stubWallet(), unsigned, SHOP))).toMatchObject({ message: 'stub prover reached' });
  });

  test('without an origin (CLI, QR) the audience is not checked: the wallet proceeds', async () => {
    expect(await rejected(present(stubWallet(), shopRequest))).toMatchObject({ message: 'stub prover reached' });
  });
});

describe('the verifier fails its own request with typed codes', () => {
  test('a bad signature: INVALID_VERIFIER_SIGNATURE', async () => {
    const r = copy(shopRequest);
    r.verifier!.signature = signedAs(evilKeys, copy(shopRequest)).verifier!.signature;
    expect(codes(await verify(honest, r, SHOP))).toEqual(['INVALID_VERIFIER_SIGNATURE']);
  });

  test('a nonce that does not match the identity and audience: NONCE_BINDING_MISMATCH', async () => {
    const r = signedAs(shopKeys, { ...copy(shopRequest), nonceSeed: 'ab'.repeat(32) });
    expect(codes(await verify(honest, r, SHOP))).toEqual(['NONCE_BINDING_MISMATCH']);
  });

  test('an audience other than the one it serves: AUDIENCE_MISMATCH', async () => {
    expect(codes(await verify(honest, shopRequest, EVIL))).toEqual(['AUDIENCE_MISMATCH']);
  });

  test('a malformed expected audience is caller misuse (InputError)', async () => {
    await expect(verifyPresentation(honest, shopRequest, { verificationKeys, now: NOW, audience: 7 as never })).rejects.toBeInstanceOf(InputError);
  });
});

test('the canonical form ignores key order and excludes only the signature', () => {
  const reordered = Object.fromEntries(Object.entries(copy(shopRequest)).reverse()) as unknown as PresentationRequest;
  expect(canonicalRequestBytes(reordered as unknown as Record<string, unknown>)).toEqual(canonicalRequestBytes(shopRequest as unknown as Record<string, unknown>));
  const resigned = copy(shopRequest);
  resigned.verifier!.signature = 'x';
  expect(canonicalRequestBytes(resigned as unknown as Record<string, unknown>)).toEqual(canonicalRequestBytes(shopRequest as unknown as Record<string, unknown>));
  expect(shopRequest.verifier!.signature).not.toBe('x'); // the input is not modified
});

test('signing with a key that is not the named DID is refused at creation', () => {
  const err = thrown(() => createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, now: NOW, predicates: AGE, verifier: { did: shopKeys.did, secretKey: evilKeys.secretKey },
  }));
  expect(err).toBeInstanceOf(InputError);
  expect(err).toMatchObject({ field: 'verifier' });
});
