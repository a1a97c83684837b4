/**
 * Issue 12, item 1: no presentation verifies without proof of the holder secret unless the
 * verifier asked for bearer mode by name. The attacker here holds a leaked copy of the
 * credential document (BBS signatures included) but not the holder secret: it derives BBS
 * proofs exactly as a wallet would. A BBS request without `mode: 'bearer'` is answered by a
 * holder-bound (linkable) SNARK + BBS presentation, and a BBS-only answer to it is refused with
 * HOLDER_BINDING_MISSING; a bearer request is what it says (the leaked copy answers it).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type BbsSuite, type Credential, type Presentation, type PresentationRequest, InputError, Issuer, PERSON_SCHEMA, Wallet, createProver,
  createRequest, defaultAcceptedKeys, generateBbsKeyPair, loadVerificationKey, openCredential, verifyPresentation,
} from '../../src/index.js';
import { type BbsRequest, deriveBbsPresentation, parseBbsRequest } from '../../src/bbs-credential.js';
import { PRESENTATION_TYPE } from '../../src/presentation.js';
import { ERIKA, NOW, TODAY, codes, holderKeys, issuePerson, issuerKeys, rootViewsOf, thrown } from '../helpers/library.js';

const SUITES: BbsSuite[] = ['bbs-2023', 'bbs+2020'];
const prover = createProver();
const acceptedKeys = defaultAcceptedKeys();
const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
const holder = holderKeys(777n);
let issuer: Issuer;
let leaked: Credential;

beforeAll(async () => {
  const bbsKeys = await Promise.all(SUITES.map((suite) => generateBbsKeyPair({ suite, seed: new Uint8Array(32).fill(21) })));
  issuer = new Issuer({ keys: issuerKeys(21), bbsKeys, clock: () => NOW });
  leaked = structuredClone(await issuer.addBbsSignatures(issuePerson(issuer, holder, ERIKA), PERSON_SCHEMA));
});

afterAll(async () => {
  await prover.close();
});

function bbsRequest(bbs: BbsRequest): PresentationRequest {
  return createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, now: NOW, today: TODAY, bbs });
}

/** What anyone holding the credential document can build: a BBS-only presentation, no holder secret involved. */
async function fromLeakedCopy(request: PresentationRequest, bbs: BbsRequest): Promise<Presentation> {
  const opened = openCredential(leaked);
  return {
    type: PRESENTATION_TYPE, version: 1, nonce: request.nonce, disclosed: {}, bearer: true,
    bbs: await deriveBbsPresentation({
      schema: PERSON_SCHEMA, credential: leaked, validUntil: opened.validUntil, request: parseBbsRequest(bbs, PERSON_SCHEMA), nonce: request.nonce, linkable: false,
    }),
  };
}

describe.each(SUITES)('%s', (suite) => {
  test('a BBS request that does not ask for bearer mode is not answered by a leaked credential copy', async () => {
    const bbs = { suite, disclose: ['givenName', 'nationality'] };
    const request = bbsRequest(bbs);
    const forged = await fromLeakedCopy(request, bbs);
    const result = await verifyPresentation(forged, request, { verificationKeys, now: NOW, rootViews: rootViewsOf(issuer) });
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual(['HOLDER_BINDING_MISSING']);
    const { bearer: _flag, ...unflagged } = forged;
    expect(codes(await verifyPresentation(unflagged, request, { verificationKeys, now: NOW, rootViews: rootViewsOf(issuer) }))).toEqual(['HOLDER_BINDING_MISSING']);
  });

  test('a bearer request is answered by anyone holding the credential document: that is what bearer means', async () => {
    const bbs = { suite, disclose: ['givenName'], mode: 'bearer' as const };
    const request = bbsRequest(bbs);
    const result = await verifyPresentation(await fromLeakedCopy(request, bbs), request, { verificationKeys, now: NOW, rootViews: rootViewsOf(issuer) });
    expect(result).toMatchObject({ verified: true, disclosed: { givenName: 'Erika' } });
  });
});

test('a BBS request without a mode gets a holder-bound presentation: the SNARK proves the holder secret and links the halves', async () => {
  const wallet = new Wallet({ holderSecret: holder.secret, prover });
  wallet.accept(leaked);
  const request = bbsRequest({ suite: 'bbs-2023', disclose: ['givenName'] });
  const presentation = await wallet.createPresentation({ request, registries: [issuer.exportRegistry()], now: NOW, allow: { linkable: true } });
  expect(presentation.zk).toBeDefined();
  expect(presentation.linkable).toBe(true);
  expect(presentation.bearer).toBeUndefined();
  const result = await verifyPresentation(presentation, request, { verificationKeys, now: NOW, rootViews: rootViewsOf(issuer) });
  expect(result).toMatchObject({ verified: true, errors: [], disclosed: { givenName: 'Erika' } });
  const stripped = structuredClone(presentation);
  delete stripped.zk;
  delete stripped.issuer;
  expect(codes(await verifyPresentation(stripped, request, { verificationKeys, now: NOW, rootViews: rootViewsOf(issuer) }))).toEqual(['HOLDER_BINDING_MISSING']);
});

test('a presentation claiming bearer mode for a holder-bound request is refused', async () => {
  const wallet = new Wallet({ holderSecret: holder.secret, prover });
  wallet.accept(leaked);
  const request = createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, now: NOW, today: TODAY, predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }],
  });
  const presentation = await wallet.createPresentation({ request, registries: [issuer.exportRegistry()], now: NOW });
  const result = await verifyPresentation({ ...presentation, bearer: true }, request, { verificationKeys, now: NOW, rootViews: rootViewsOf(issuer) });
  expect(codes(result)).toEqual(['REQUEST_MISMATCH']);
});

test('bearer mode is BBS alone: with predicates or SNARK disclosure the request is malformed', () => {
  const bearerWith = (extra: object) => () => createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, now: NOW, bbs: { suite: 'bbs-2023', disclose: ['givenName'], mode: 'bearer' }, ...extra,
  });
  for (const extra of [{ predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] }, { disclose: ['familyName'] }]) {
    const err = thrown(bearerWith(extra));
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ field: 'request.bbs.mode' });
  }
  expect(thrown(() => bbsRequest({ suite: 'bbs-2023', disclose: [], mode: 'blind' as never }))).toMatchObject({ field: 'request.bbs.mode' });
});
