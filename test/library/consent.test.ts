/**
 * Issue 12, item 2: the holder's consent. A verifier that adds a BBS part to an ordinary request
 * (making it linkable) or asks for bearer mode gets a RefusalError CONSENT_REQUIRED naming what
 * the request would reveal, before any proof is attempted, unless the holder allowed that mode
 * for the request or by wallet policy. The prover here is a stub that records calls: refusals
 * must come before it, and an allowed SNARK request must reach it (real proofs of these modes
 * are made in bbs-presentation.test.ts and holder-binding.test.ts).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import {
  type BbsRequest, type Predicate, type PresentationRequest, type Prover, InputError, Issuer, PERSON_SCHEMA, RefusalError, Wallet,
  type WalletPolicy, createRequest, defaultAcceptedKeys, generateBbsKeyPair,
} from '../../src/index.js';
import { ERIKA, NOW, TODAY, holderKeys, issuePerson, issuerKeys, rejected, thrown } from '../helpers/library.js';

const holder = holderKeys(31337n);
const acceptedKeys = defaultAcceptedKeys();
let issuer: Issuer;
let credential: unknown;

/** Reached only when the wallet decided to prove. */
class StubProver {
  calls = 0;
  async prove(): Promise<never> {
    this.calls += 1;
    throw new Error('stub prover reached');
  }
}

beforeAll(async () => {
  issuer = new Issuer({ keys: issuerKeys(33), bbsKeys: [await generateBbsKeyPair({ suite: 'bbs-2023', seed: new Uint8Array(32).fill(33) })], clock: () => NOW });
  credential = await issuer.addBbsSignatures(issuePerson(issuer, holder, ERIKA), PERSON_SCHEMA);
});

function wallet(policy?: WalletPolicy): { wallet: Wallet; prover: StubProver } {
  const prover = new StubProver();
  const w = new Wallet({ holderSecret: holder.secret, prover: prover as unknown as Prover, ...(policy !== undefined && { policy }) });
  w.accept(credential);
  return { wallet: w, prover };
}

const AGE: Predicate[] = [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }];
function request(options: { predicates?: Predicate[]; bbs?: BbsRequest }): PresentationRequest {
  return createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, now: NOW, today: TODAY, ...options });
}
const linkable = (): PresentationRequest => request({ predicates: AGE, bbs: { suite: 'bbs-2023', disclose: [] } });
const bearer = (): PresentationRequest => request({ bbs: { suite: 'bbs-2023', disclose: ['givenName'], mode: 'bearer' } });

async function present(w: Wallet, r: PresentationRequest, allow?: { linkable?: boolean; bearer?: boolean }): Promise<unknown> {
  return w.createPresentation({ request: r, registries: [issuer.exportRegistry()], now: NOW, ...(allow !== undefined && { allow }) });
}

describe('refused by default, before any proving', () => {
  test('an empty BBS part added to an ordinary request (linkable): CONSENT_REQUIRED naming the commitment', async () => {
    const { wallet: w, prover } = wallet();
    const err = await rejected(present(w, linkable()));
    expect(err).toBeInstanceOf(RefusalError);
    expect(err).toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect((err as Error).message).toMatch(/linkable presentation, which reveals the credential commitment, a stable identifier the issuer recorded/);
    expect(prover.calls).toBe(0);
  });

  test('a bearer request: CONSENT_REQUIRED naming the missing holder binding and the expiry date', async () => {
    const { wallet: w } = wallet();
    const err = await rejected(present(w, bearer()));
    expect(err).toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect((err as Error).message).toMatch(/bearer presentation, which proves no holder secret .* exact expiry date/);
  });

  test('consent to one mode is not consent to the other', async () => {
    const { wallet: w, prover } = wallet({ allow: { bearer: true } });
    expect(await rejected(present(w, linkable()))).toMatchObject({ code: 'CONSENT_REQUIRED' });
    await expect(present(w, bearer())).resolves.toMatchObject({ bearer: true }); // the policy allows bearer
    const strict = wallet();
    expect(await rejected(present(strict.wallet, bearer(), { linkable: true }))).toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect(prover.calls + strict.prover.calls).toBe(0);
  });
});

describe('allowed per request or by policy', () => {
  test('per request: a linkable request goes on to proving', async () => {
    const { wallet: w, prover } = wallet();
    expect(await rejected(present(w, linkable(), { linkable: true }))).toMatchObject({ message: 'stub prover reached' });
    expect(prover.calls).toBe(1);
  });

  test('per request: a bearer request is answered (BBS alone, no SNARK)', async () => {
    const { wallet: w, prover } = wallet();
    await expect(present(w, bearer(), { bearer: true })).resolves.toMatchObject({ bearer: true, disclosed: {} });
    expect(prover.calls).toBe(0);
  });

  test('by policy: both modes without per-request consent', async () => {
    const { wallet: w, prover } = wallet({ allow: { linkable: true, bearer: true } });
    await expect(present(w, bearer())).resolves.toMatchObject({ bearer: true });
    expect(await rejected(present(w, linkable()))).toMatchObject({ message: 'stub prover reached' });
    expect(prover.calls).toBe(1);
  });

  test('an unlinkable (SNARK-only) request needs no consent', async () => {
    const { wallet: w, prover } = wallet();
    expect(await rejected(present(w, request({ predicates: AGE })))).toMatchObject({ message: 'stub prover reached' });
    expect(prover.calls).toBe(1);
  });
});

test('describeRequest says what a request reveals and whether the policy allows it', () => {
  const { wallet: w } = wallet({ allow: { bearer: true } });
  expect(w.describeRequest(linkable())).toMatchObject({
    mode: 'linkable', needsConsent: true, allowedByPolicy: false, predicates: ['birthDate ageAtLeast 18'], disclosed: [],
    reveals: [expect.stringMatching(/^reveals the credential commitment, a stable identifier the issuer recorded/), expect.stringMatching(/expiry date/)],
  });
  expect(w.describeRequest(bearer())).toMatchObject({ mode: 'bearer', needsConsent: true, allowedByPolicy: true, disclosed: ['givenName'] });
  expect(w.describeRequest(request({ predicates: AGE }))).toMatchObject({ mode: 'unlinkable', needsConsent: false, allowedByPolicy: true, reveals: [] });
});

test('a malformed policy or consent is an InputError naming the field', async () => {
  expect(thrown(() => wallet({ allow: { bearer: 'yes' as never } }))).toMatchObject({ field: 'policy.allow.bearer' });
  expect(thrown(() => wallet('strict' as never))).toBeInstanceOf(InputError);
  const err = await rejected(present(wallet().wallet, bearer(), { bearer: 1 as never }));
  expect(err).toBeInstanceOf(InputError);
  expect(err).toMatchObject({ field: 'allow.bearer' });
});
