/**
 * BBS inside credentials and presentations, end to end through the public API, for both
 * suites: BBS-only (bearer) disclosure (no trusted setup) and linkable SNARK + BBS presentations whose
 * halves share the credential commitment. Negative cases (tampered disclosed value, wrong nonce,
 * wrong key, a proof for other indexes, truncated proof bytes, the other suite's proof, a link
 * to another credential) each give `verified: false` with a code, never an exception.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type BbsSuite, type Credential, type Presentation, type PresentationRequest, MemoryNonceStore, PERSON_SCHEMA, Wallet, createProver,
  createRequest, defaultAcceptedKeys, generateBbsKeyPair, issuerKeysFromSecret, loadVerificationKey, verifyCredentialBbs, verifyPresentation,
  Issuer, CredentialError, openCredential,
} from '../../src/index.js';
import { ERIKA, ISSUED_AT, NOW, TODAY, VALID_UNTIL, copy, holderKeys, rootViewsOf } from '../helpers/library.js';

const SUITES: BbsSuite[] = ['bbs-2023', 'bbs+2020'];
const prover = createProver();
const acceptedKeys = defaultAcceptedKeys();
const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
const holder = holderKeys(4242n);
let issuer: Issuer;
let otherIssuer: Issuer;
let credential: Credential;
let wallet: Wallet;

const codes = (r: { errors: { code: string }[] }): string[] => [...new Set(r.errors.map((e) => e.code))];
const verify = (p: unknown, r: PresentationRequest) => verifyPresentation(p, r, { verificationKeys, now: NOW, rootViews: rootViewsOf(issuer) });

async function bbsIssuer(seed: number): Promise<Issuer> {
  const bbsKeys = await Promise.all(SUITES.map((suite) => generateBbsKeyPair({ suite, seed: new Uint8Array(32).fill(seed) })));
  return new Issuer({ keys: issuerKeysFromSecret(new Uint8Array(32).fill(seed)), bbsKeys, clock: () => NOW });
}

function request(suite: BbsSuite, withPredicate: boolean): PresentationRequest {
  return createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, now: NOW, today: TODAY,
    bbs: { suite, disclose: ['givenName', 'nationality'], ...(!withPredicate && { mode: 'bearer' as const }) },
    predicates: withPredicate ? [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] : [],
  });
}

const made = new Map<string, { request: PresentationRequest; presentation: Presentation }>();

beforeAll(async () => {
  issuer = await bbsIssuer(7);
  otherIssuer = await bbsIssuer(8);
  credential = await issuer.addBbsSignatures(
    issuer.issue({ schema: PERSON_SCHEMA, attributes: { ...ERIKA }, holder: holder.commitment, validUntil: VALID_UNTIL, validFrom: ISSUED_AT }),
    PERSON_SCHEMA,
  );
  wallet = new Wallet({ holderSecret: holder.secret, prover });
  wallet.accept(credential);
  for (const suite of SUITES) {
    for (const linked of [false, true]) {
      const r = request(suite, linked);
      const allow = linked ? { linkable: true } : { bearer: true };
      made.set(`${suite}/${linked}`, { request: r, presentation: await wallet.createPresentation({ request: r, registries: [issuer.exportRegistry()], now: NOW, allow }) });
    }
  }
});

afterAll(async () => {
  await prover.close();
});

describe('credentials', () => {
  test('carry a BBS signature per suite that verifies against the signed key statement', async () => {
    expect(credential.proof.bbs?.signatures.map((s) => s.suite)).toEqual(SUITES);
    const opened = openCredential(credential);
    await expect(verifyCredentialBbs(opened.schema, credential, opened.validUntil)).resolves.toBeUndefined();
  });

  test('a forged BBS signature or a key statement from another issuer is refused', async () => {
    const opened = openCredential(credential);
    const forged = copy(credential);
    forged.proof.bbs!.signatures[0]!.signature = otherIssuer.bbsKeyStatement()!.signature.slice(0, 20) + forged.proof.bbs!.signatures[0]!.signature.slice(20);
    await expect(verifyCredentialBbs(opened.schema, forged, opened.validUntil)).rejects.toThrow(CredentialError);
    const foreign = copy(credential);
    foreign.proof.bbs!.keyStatement = otherIssuer.bbsKeyStatement()!;
    await expect(verifyCredentialBbs(opened.schema, foreign, opened.validUntil)).rejects.toThrow(/not from the credential issuer/);
  });
});

describe.each(SUITES)('%s presentations', (suite) => {
  test('BBS only (bearer): discloses exactly the requested attributes, carries no SNARK, verifies', async () => {
    const { request: r, presentation: p } = made.get(`${suite}/false`)!;
    expect(p.zk).toBeUndefined();
    expect(p.linkable).toBeUndefined();
    expect(p.bearer).toBe(true);
    expect(p.bbs?.commitment).toBeUndefined();
    const result = await verifyPresentation(p, r, { verificationKeys, now: NOW, nonceStore: new MemoryNonceStore(), rootViews: rootViewsOf(issuer) });
    expect(result).toMatchObject({ verified: true, errors: [], disclosed: { givenName: 'Erika', nationality: 'DE' }, issuer: issuer.did });
  });

  test('SNARK + BBS: linkable, both halves reveal the same commitment, verifies', async () => {
    const { request: r, presentation: p } = made.get(`${suite}/true`)!;
    expect(p.linkable).toBe(true);
    expect(p.bbs?.commitment).toBe(credential.proof.commitment);
    expect(p.zk!.publicSignals[17]).toBe(credential.proof.commitment);
    const result = await verify(p, r);
    expect(result).toMatchObject({ verified: true, disclosed: { givenName: 'Erika', nationality: 'DE' } });
  });

  const tamper: [string, (p: Presentation) => void, string][] = [
    ['a tampered disclosed value', (p) => { p.bbs!.disclosed.givenName = 'Mallory'; }, 'INVALID_BBS_PROOF'],
    ['a tampered validUntil', (p) => { p.bbs!.validUntil = '2099-12-31'; }, 'INVALID_BBS_PROOF'],
    ['truncated proof bytes', (p) => { p.bbs!.proof = p.bbs!.proof.slice(0, -8); }, 'INVALID_BBS_PROOF'],
    ['empty proof bytes', (p) => { p.bbs!.proof = ''; }, 'INVALID_BBS_PROOF'],
    ['a key statement from another issuer', (p) => { p.bbs!.keyStatement = otherIssuer.bbsKeyStatement()!; }, 'INVALID_BBS_PROOF'],
    ['a forged key statement', (p) => { p.bbs!.keyStatement.keys.reverse(); }, 'INVALID_BBS_PROOF'],
    ['the suite relabelled', (p) => { p.bbs!.suite = suite === 'bbs-2023' ? 'bbs+2020' : 'bbs-2023'; }, 'INVALID_BBS_PROOF'],
    ['an extra disclosed attribute', (p) => { p.bbs!.disclosed.familyName = 'Mustermann'; }, 'INVALID_BBS_PROOF'],
  ];
  test.each(tamper)('BBS only with %s is refused', async (_label, edit, code) => {
    const { request: r, presentation: p } = made.get(`${suite}/false`)!;
    const t = copy(p);
    edit(t);
    const result = await verify(t, r);
    expect(result.verified).toBe(false);
    expect(codes(result)).toContain(code);
  });

  test('a proof answering another nonce is refused', async () => {
    const { presentation: p } = made.get(`${suite}/false`)!;
    const other = request(suite, false);
    const result = await verify({ ...copy(p), nonce: other.nonce }, other);
    expect(codes(result)).toEqual(['INVALID_BBS_PROOF']);
  });

  test('a proof for other indexes (a request disclosing other attributes) is refused', async () => {
    const { request: r, presentation: p } = made.get(`${suite}/false`)!;
    const narrower = { ...copy(r), bbs: { ...r.bbs!, disclose: ['givenName'] } };
    const t = copy(p);
    delete (t.bbs!.disclosed as Record<string, string>).nationality;
    expect(codes(await verify(t, narrower))).toEqual(['INVALID_BBS_PROOF']);
  });

  test("the other suite's proof is refused", async () => {
    const { request: r } = made.get(`${suite}/false`)!;
    const otherSuite = SUITES.find((s) => s !== suite)!;
    const t = copy(made.get(`${otherSuite}/false`)!.presentation);
    t.nonce = r.nonce;
    t.bbs!.suite = suite;
    const result = await verify(t, r);
    expect(result.verified).toBe(false);
    expect(codes(result)).toContain('INVALID_BBS_PROOF');
  });

  test('a linkable presentation whose BBS commitment is changed is refused', async () => {
    const { request: r, presentation: p } = made.get(`${suite}/true`)!;
    const t = copy(p);
    t.bbs!.commitment = '12345';
    const result = await verify(t, r);
    expect(codes(result)).toEqual(expect.arrayContaining(['INVALID_BBS_PROOF', 'LINK_MISMATCH']));
  });

  test('a linkable presentation stripped of its link flag, or a BBS-only one sent for a linkable request, is refused', async () => {
    const { request: r, presentation: p } = made.get(`${suite}/true`)!;
    const t = copy(p);
    delete t.linkable;
    expect(codes(await verify(t, r))).toContain('REQUEST_MISMATCH');
    const bbsOnly = { ...copy(made.get(`${suite}/false`)!.presentation), nonce: r.nonce };
    expect(codes(await verify(bbsOnly, r))).toEqual(['HOLDER_BINDING_MISSING']);
  });

  test('an untrusted issuer is refused', async () => {
    const { request: r, presentation: p } = made.get(`${suite}/false`)!;
    const distrust = { ...copy(r), trustedIssuers: [otherIssuer.did] };
    expect(codes(await verify(p, distrust))).toContain('INVALID_BBS_PROOF');
  });
});

test('a wallet refuses a BBS request for a credential without BBS signatures', async () => {
  const plain = new Issuer({ keys: issuerKeysFromSecret(new Uint8Array(32).fill(9)), clock: () => NOW });
  const w = new Wallet({ holderSecret: holder.secret, prover });
  w.accept(plain.issue({ schema: PERSON_SCHEMA, attributes: { ...ERIKA }, holder: holder.commitment, validUntil: VALID_UNTIL, validFrom: ISSUED_AT }));
  const r = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [plain.did], acceptedKeys, now: NOW, today: TODAY, bbs: { suite: 'bbs-2023', disclose: ['givenName'] } });
  await expect(w.createPresentation({ request: r, registries: [plain.exportRegistry()], now: NOW, allow: { linkable: true } })).rejects.toMatchObject({ code: 'NO_MATCHING_CREDENTIAL' });
});
