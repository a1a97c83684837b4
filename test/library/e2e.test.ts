/**
 * End to end through the public API with the committed artifacts: an issuer issues, a wallet
 * accepts and presents, a verifier checks. Proofs are expensive (1-3 s), so each valid
 * presentation is made once in a beforeAll and every negative case verifies a deep copy of one
 * of them with a single field changed (or the verifier's own request changed).
 * Time is fixed: issuers sign root statements at NOW, requests are made at NOW for TODAY, and
 * the verifier checks a minute later unless a test is about time.
 */
import * as snarkjs from 'snarkjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  CredentialError, FIELD_MODULUS, MemoryNonceStore, PERSON_SCHEMA, createProver, RefusalError, Wallet, createRequest, defaultAcceptedKeys, defineSchema, encodeString, loadVerificationKey, scopedNullifier, verifyPresentation, type CreateRequestOptions, type Issuer, type Predicate, type Presentation, type PresentationRequest, type VerificationResult, type VerifyOptions,
} from '../../src/index.js';
import { SqliteNonceStore } from '../../src/sqlite.js';
import {
  ERIKA, EU_COUNTRIES, EXPIRED_ON, MINOR, NOW, TODAY, codeSet, codes, copy, holderKeys, issuePerson, issuerKeys, later,
  makeIssuer, rejected, rootViewsOf, tempDir,
} from '../helpers/library.js';

const COMPACT = 'presentation-16-1-1-20';
const FULL = 'presentation-16-4-32-20';
const VERIFY_AT = later(60);
const SCOPE_A = 'https://shop.example/age-gate';
const SCOPE_B = 'https://forum.example/login';

const prover = createProver();
const verificationKeys = { [COMPACT]: loadVerificationKey(COMPACT).vkey, [FULL]: loadVerificationKey(FULL).vkey };
const acceptedKeys = defaultAcceptedKeys();

const issuer = makeIssuer(issuerKeys(1));
/** An issuer the verifier does not trust. */
const stranger = makeIssuer(issuerKeys(2));
const erika = holderKeys(0x0e71ca5ec7e7n);
const erikaCredential = issuePerson(issuer, erika);
const wallet = new Wallet({ holderSecret: erika.secret, prover });

const tmp = tempDir('zkd-e2e-');

/** A request for the person schema trusting `issuer`, made at NOW for TODAY. */
function request(options: Partial<CreateRequestOptions> = {}): PresentationRequest {
  return createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, today: TODAY, now: NOW, ...options });
}

/** Verifies a minute after NOW with root views of both issuers as they are now. */
function verify(presentation: unknown, req: unknown, options: Partial<VerifyOptions> = {}): Promise<VerificationResult> {
  return verifyPresentation(presentation, req, { verificationKeys, now: VERIFY_AT, rootViews: rootViewsOf(issuer, stranger), ...options });
}

/** Presents with the main wallet against a fresh export of `issuer`'s registry. */
function present(req: PresentationRequest, w: Wallet = wallet, registries = [issuer.exportRegistry()]): Promise<Presentation> {
  return w.createPresentation({ request: req, registries, now: NOW });
}

/** `req` with one change, as the verifier's own (different) request. */
function altered(req: PresentationRequest, change: (r: PresentationRequest) => void): PresentationRequest {
  const r = copy(req);
  change(r);
  return r;
}

const AGE_18 = { attribute: 'birthDate', op: 'ageAtLeast', value: 18 } satisfies Predicate;
const IN_EU = { attribute: 'nationality', op: 'in', values: [...EU_COUNTRIES] } satisfies Predicate;

// Valid presentations, each made once.
let ageRequest: PresentationRequest;
let age: Presentation;
let euRequest: PresentationRequest;
let eu: Presentation;
let discloseRequest: PresentationRequest;
let disclosure: Presentation;
const scoped: { request: PresentationRequest; presentation: Presentation; scope: string }[] = [];

beforeAll(async () => {
  expect(wallet.accept(erikaCredential)).toBe(erikaCredential.id);
  // Valid for 3 days, so that a stale root can be told apart from an expired request.
  ageRequest = request({ predicates: [AGE_18], validForSeconds: 3 * 86400 });
  age = await present(ageRequest);
  euRequest = request({ predicates: [IN_EU] });
  eu = await present(euRequest);
  discloseRequest = request({ disclose: ['givenName'] });
  disclosure = await present(discloseRequest);
  for (const scope of [SCOPE_A, SCOPE_A, SCOPE_B, SCOPE_B]) {
    const req = request({ scope });
    scoped.push({ request: req, presentation: await present(req), scope });
  }
});

afterAll(async () => {
  await prover.close();
  tmp.cleanup();
});

describe('accepting credentials', () => {
  it('the wallet refuses a credential with an altered attribute (commitment mismatch)', () => {
    const forged = copy(erikaCredential);
    forged.credentialSubject.attributes.birthDate = '1980-05-17';
    expect(() => new Wallet({ holderSecret: erika.secret, prover }).accept(forged)).toThrow(CredentialError);
  });

  it('the wallet refuses a credential bound to another holder', () => {
    expect(() => new Wallet({ holderSecret: 999n, prover }).accept(erikaCredential)).toThrow(/another holder/);
  });
});

describe('valid presentations verify', () => {
  it('age at least 18: verified with the compact circuit, nothing disclosed, no nullifier', async () => {
    expect(age.zk!.circuit).toBe(COMPACT);
    const result = await verify(age, ageRequest);
    expect(result).toEqual({ verified: true, errors: [], disclosed: {}, nullifier: undefined, issuer: issuer.did });
  });

  it('the age presentation carries no attribute, salt or commitment', () => {
    const json = JSON.stringify(age);
    for (const secret of [ERIKA.givenName, ERIKA.familyName, ERIKA.birthDate, ERIKA.documentNumber, erikaCredential.proof.salt, erikaCredential.proof.commitment, erikaCredential.id]) {
      expect(json).not.toContain(secret);
    }
  });

  it('the proof checks with snarkjs alone and the published verification key', async () => {
    expect(await snarkjs.groth16.verify(verificationKeys[COMPACT]!, age.zk!.publicSignals, age.zk!.proof)).toBe(true);
  });

  it('nationality in the 27 EU countries: verified with the full circuit (set of 27)', async () => {
    expect(EU_COUNTRIES).toHaveLength(27);
    expect(new Set(EU_COUNTRIES).size).toBe(27);
    expect(eu.zk!.circuit).toBe(FULL);
    expect(await verify(eu, euRequest)).toMatchObject({ verified: true, errors: [], disclosed: {} });
  });

  it('disclosure of givenName: the verifier gets the plaintext "Erika", checked against the proof', async () => {
    expect(disclosure.disclosed).toEqual({ givenName: 'Erika' });
    const result = await verify(disclosure, discloseRequest);
    expect(result).toMatchObject({ verified: true, errors: [], disclosed: { givenName: 'Erika' } });
    expect(JSON.stringify(disclosure)).not.toContain(ERIKA.familyName);
  });

  it('scoped nullifier: equal for two requests in one scope, different across scopes', async () => {
    const results = await Promise.all(scoped.map((s) => verify(s.presentation, s.request)));
    expect(results.map((r) => r.verified)).toEqual([true, true, true, true]);
    const [a1, a2, b1, b2] = results.map((r) => r.nullifier);
    expect(scoped[0]!.request.nonce).not.toBe(scoped[1]!.request.nonce);
    expect(a1).toBe(a2);
    expect(b1).toBe(b2);
    expect(a1).not.toBe(b1);
    expect(a1).toBe(scopedNullifier(erika.secret, encodeString(SCOPE_A, 'scope')).toString());
    expect(b1).toBe(scopedNullifier(erika.secret, encodeString(SCOPE_B, 'scope')).toString());
    expect(a1).not.toBe(erika.commitment.value.toString());
  });
});

describe('the wallet refuses and makes no proof', () => {
  let prove: MockInstance;
  beforeAll(() => {
    prove = vi.spyOn(prover, 'prove');
  });
  afterEach(() => expect(prove).not.toHaveBeenCalled());
  afterAll(() => prove.mockRestore());

  let walletCount = 0;
  /** A wallet holding one credential from `from` with these attributes. */
  function walletWith(from: Issuer, attributes: Record<string, unknown>, validUntil?: string): Wallet {
    const holder = holderKeys(0xabcdefn + BigInt(++walletCount));
    const w = new Wallet({ holderSecret: holder.secret, prover });
    w.accept(issuePerson(from, holder, attributes, validUntil));
    return w;
  }

  async function refusal(w: Wallet, req: PresentationRequest, registries = [issuer.exportRegistry()]): Promise<RefusalError> {
    const err = await rejected(present(req, w, registries));
    expect(err).toBeInstanceOf(RefusalError);
    return err as RefusalError;
  }

  it('under-age (17 on TODAY): PREDICATE_FALSE', async () => {
    const err = await refusal(walletWith(issuer, MINOR), request({ predicates: [AGE_18] }));
    expect(err.code).toBe('PREDICATE_FALSE');
  });

  it('nationality outside the EU set: PREDICATE_FALSE', async () => {
    const err = await refusal(walletWith(issuer, { ...ERIKA, nationality: 'CH' }), request({ predicates: [IN_EU] }));
    expect(err.code).toBe('PREDICATE_FALSE');
  });

  it('expired credential (valid until 2026-06-30, request day 2026-11-29): CREDENTIAL_EXPIRED', async () => {
    const err = await refusal(walletWith(issuer, ERIKA, EXPIRED_ON), request({ predicates: [AGE_18] }));
    expect(err.code).toBe('CREDENTIAL_EXPIRED');
  });

  it('credential from an issuer the request does not trust: UNTRUSTED_ISSUER', async () => {
    const err = await refusal(walletWith(stranger, ERIKA), request({ predicates: [AGE_18] }), [stranger.exportRegistry()]);
    expect(err.code).toBe('UNTRUSTED_ISSUER');
  });

  it('no credential of the requested schema: NO_MATCHING_CREDENTIAL', async () => {
    const other = defineSchema({ id: 'https://example.org/schemas/licence/v1', attributes: [{ name: 'licenceClass', type: 'string' }] });
    const err = await refusal(wallet, createRequest({ schema: other, trustedIssuers: [issuer.did], acceptedKeys, today: TODAY, now: NOW }));
    expect(err.code).toBe('NO_MATCHING_CREDENTIAL');
  });
});

describe('revocation', () => {
  const revoker = makeIssuer(issuerKeys(3));
  const holder = holderKeys(0x5eed5eedn);
  const revWallet = new Wallet({ holderSecret: holder.secret, prover });
  let credential: ReturnType<typeof issuePerson>;
  let req: PresentationRequest;
  let before: Presentation;

  beforeAll(async () => {
    credential = issuePerson(revoker, holder);
    issuePerson(revoker, holderKeys(77n), MINOR);
    revWallet.accept(credential);
    req = request({ trustedIssuers: [revoker.did], predicates: [AGE_18], validForSeconds: 86400 });
    before = await revWallet.createPresentation({ request: req, registries: [revoker.exportRegistry()], now: NOW });
    revoker.revoke(credential.id);
  });

  // The revocation was made at NOW; the verifier's view holds the new root (sequence + 1).
  it('within the window (3600 s) after the change, a presentation made before revocation still verifies', async () => {
    expect((await verify(before, req, { rootViews: rootViewsOf(revoker), now: later(3600) })).verified).toBe(true);
  });

  it('once the window has passed since the change: ROOT_SUPERSEDED', async () => {
    const result = await verify(before, req, { rootViews: rootViewsOf(revoker), now: later(3601) });
    expect(codes(result)).toEqual(['ROOT_SUPERSEDED']);
  });

  it('with a zero window, at once: ROOT_SUPERSEDED', async () => {
    // A zero-window request needs its own proof, made before a revocation: use a second issuer.
    const twin = makeIssuer(issuerKeys(31));
    const twinHolder = holderKeys(0x7e1n);
    const twinWallet = new Wallet({ holderSecret: twinHolder.secret, prover });
    const twinCredential = issuePerson(twin, twinHolder);
    twinWallet.accept(twinCredential);
    const zeroTwin = request({ trustedIssuers: [twin.did], predicates: [AGE_18], maxRootAgeSeconds: 0 });
    const made = await twinWallet.createPresentation({ request: zeroTwin, registries: [twin.exportRegistry()], now: NOW });
    expect((await verify(made, zeroTwin, { rootViews: rootViewsOf(twin) })).verified).toBe(true);
    twin.revoke(twinCredential.id);
    expect(codes(await verify(made, zeroTwin, { rootViews: rootViewsOf(twin) }))).toEqual(['ROOT_SUPERSEDED']);
  });

  it('root views without the trusted issuer: NO_ROOT_VIEW, not a silent pass', async () => {
    expect(codes(await verify(before, req, { rootViews: rootViewsOf(issuer) }))).toEqual(['NO_ROOT_VIEW']);
    expect(codes(await verify(before, req, { rootViews: undefined }))).toEqual(['NO_ROOT_VIEW']);
  });

  it('a presentation that names another trusted issuer than the one whose root it proved: ROOT_UNKNOWN', async () => {
    const both = { ...req, trustedIssuers: [revoker.did, issuer.did] };
    const renamed = copy(before);
    renamed.issuer = issuer.did;
    expect(codes(await verify(renamed, both, { rootViews: rootViewsOf(revoker, issuer) }))).toEqual(['ROOT_UNKNOWN']);
  });

  it('the wallet refuses with CREDENTIAL_REVOKED given a fresh registry export, and makes no proof', async () => {
    const prove = vi.spyOn(prover, 'prove');
    try {
      const fresh = request({ trustedIssuers: [revoker.did], predicates: [AGE_18] });
      const err = await rejected(revWallet.createPresentation({ request: fresh, registries: [revoker.exportRegistry()], now: NOW }));
      expect(err).toBeInstanceOf(RefusalError);
      expect((err as RefusalError).code).toBe('CREDENTIAL_REVOKED');
      expect(prove).not.toHaveBeenCalled();
    } finally {
      prove.mockRestore();
    }
  });
});

describe('issuer and root acceptance', () => {
  // An issuer of its own, so that no other test changes its root after the presentation.
  const rootIssuer = makeIssuer(issuerKeys(5));
  const rootHolder = holderKeys(0xabcdefn);
  const rootWallet = new Wallet({ holderSecret: rootHolder.secret, prover });
  let req: PresentationRequest;
  let made: Presentation;
  const check = (p: unknown, r: unknown, options: Partial<VerifyOptions> = {}) => verify(p, r, { rootViews: rootViewsOf(rootIssuer, stranger), ...options });

  beforeAll(async () => {
    rootWallet.accept(issuePerson(rootIssuer, rootHolder));
    req = request({ trustedIssuers: [rootIssuer.did], predicates: [AGE_18], validForSeconds: 3 * 86400 });
    made = await rootWallet.createPresentation({ request: req, registries: [rootIssuer.exportRegistry()], now: NOW });
  });

  it('a verifier whose request trusts another DID: UNTRUSTED_ISSUER', async () => {
    const result = await check(made, altered(req, (r) => { r.trustedIssuers = [stranger.did]; }));
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual(['UNTRUSTED_ISSUER']);
  });

  it('a freshness statement a day old (window 3600 s): STALE_ROOT', async () => {
    expect(codes(await check(made, req, { now: later(86400) }))).toEqual(['STALE_ROOT']);
  });

  it('a freshness statement just inside the window (3600 s): verified', async () => {
    expect((await check(made, req, { now: later(3600) })).verified).toBe(true);
  });

  it.each([
    ['missing', (p: Presentation) => { delete (p as Partial<Presentation>).issuer; }, 'MALFORMED_PRESENTATION'],
    ['not a string', (p: Presentation) => { (p as unknown as Record<string, unknown>).issuer = 42; }, 'MALFORMED_PRESENTATION'],
    ['an untrusted DID', (p: Presentation) => { p.issuer = stranger.did; }, 'UNTRUSTED_ISSUER'],
  ])('issuer %s: %s', async (_label, forge, code) => {
    const forged = copy(made);
    forge(forged);
    const result = await check(forged, req);
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual([code]);
  });

  it('a proved root the issuer never signed: ROOT_UNKNOWN', async () => {
    const forged = copy(made);
    const signals = forged.zk!.publicSignals;
    const rootIndex = signals.indexOf(rootIssuer.registry.root.toString());
    expect(rootIndex).toBeGreaterThanOrEqual(0);
    signals[rootIndex] = (rootIssuer.registry.root + 1n).toString();
    expect(codes(await check(forged, req))).toEqual(['ROOT_UNKNOWN']);
  });
});

describe('nonces', () => {
  it('MemoryNonceStore: the second verification of one presentation gives NONCE_REPLAYED', async () => {
    const store = new MemoryNonceStore();
    expect((await verify(age, ageRequest, { nonceStore: store })).verified).toBe(true);
    const again = await verify(age, ageRequest, { nonceStore: store });
    expect(again.verified).toBe(false);
    expect(codes(again)).toEqual(['NONCE_REPLAYED']);
  });

  it('a failed verification does not spend the nonce', async () => {
    const store = new MemoryNonceStore();
    const tampered = copy(disclosure);
    tampered.disclosed.givenName = 'Max';
    expect((await verify(tampered, discloseRequest, { nonceStore: store })).verified).toBe(false);
    expect(store.isSpent(discloseRequest.nonce)).toBe(false);
    expect((await verify(disclosure, discloseRequest, { nonceStore: store })).verified).toBe(true);
  });

  it('SqliteNonceStore reopened from the same file: NONCE_REPLAYED', async () => {
    const path = tmp.file('nonces.db');
    const first = new SqliteNonceStore(path);
    expect((await verify(disclosure, discloseRequest, { nonceStore: first })).verified).toBe(true);
    first.close();
    const reopened = new SqliteNonceStore(path);
    try {
      const again = await verify(disclosure, discloseRequest, { nonceStore: reopened });
      expect(codes(again)).toEqual(['NONCE_REPLAYED']);
    } finally {
      reopened.close();
    }
  });

  it('two concurrent verifications with one store: exactly one succeeds', async () => {
    const store = new MemoryNonceStore();
    const results = await Promise.all([verify(age, ageRequest, { nonceStore: store }), verify(age, ageRequest, { nonceStore: store })]);
    expect(results.map((r) => r.verified).sort()).toEqual([false, true]);
    expect(codes(results.find((r) => !r.verified)!)).toEqual(['NONCE_REPLAYED']);
  });

  it('two verifier processes sharing one SQLite nonce file, verifying at once: exactly one succeeds', async () => {
    const path = tmp.file('shared-nonces.db');
    const [one, two] = [new SqliteNonceStore(path), new SqliteNonceStore(path)];
    try {
      const results = await Promise.all([verify(eu, euRequest, { nonceStore: one }), verify(eu, euRequest, { nonceStore: two })]);
      expect(results.map((r) => r.verified).sort()).toEqual([false, true]);
      expect(codes(results.find((r) => !r.verified)!)).toEqual(['NONCE_REPLAYED']);
    } finally {
      one.close();
      two.close();
    }
  });

  it('answering another request (a fresh nonce): NONCE_MISMATCH and REQUEST_MISMATCH', async () => {
    const other = request({ predicates: [AGE_18], validForSeconds: 3 * 86400 });
    expect(codeSet(await verify(age, other))).toEqual(['NONCE_MISMATCH', 'REQUEST_MISMATCH']);
  });
});

describe('request altered: the presentation does not answer the verifier’s request', () => {
  it.each([
    ['age operand 18 -> 21', () => altered(ageRequest, (r) => { r.predicates = [{ ...AGE_18, value: 21 }]; })],
    ['operator ageAtLeast -> ageBelow', () => altered(ageRequest, (r) => { r.predicates = [{ ...AGE_18, op: 'ageBelow' }]; })],
    ['today + 1 day', () => altered(ageRequest, (r) => { r.today = '2026-11-30'; })],
    ['scope added', () => altered(ageRequest, (r) => { r.scope = SCOPE_A; })],
    ['schema id', () => altered(ageRequest, (r) => { r.schema.id = 'https://example.org/schemas/person/v2'; })],
  ])('age presentation, %s: REQUEST_MISMATCH', async (_label, makeRequest) => {
    const result = await verify(age, makeRequest());
    expect(result.verified).toBe(false);
    expect(codeSet(result)).toEqual(['REQUEST_MISMATCH']);
  });

  it.each([
    ['Malta replaced by Switzerland', (values: string[]) => values.map((v) => (v === 'MT' ? 'CH' : v))],
    ['one country fewer', (values: string[]) => values.filter((v) => v !== 'MT')],
    ['one country more', (values: string[]) => [...values, 'CH']],
  ])('EU presentation, set %s: REQUEST_MISMATCH', async (_label, edit) => {
    const req = altered(euRequest, (r) => { r.predicates = [{ ...IN_EU, values: edit([...EU_COUNTRIES]) }]; });
    expect(codeSet(await verify(eu, req))).toEqual(['REQUEST_MISMATCH']);
  });

  it.each([
    ['another scope', (r: PresentationRequest) => { r.scope = SCOPE_B; }],
    ['scope removed', (r: PresentationRequest) => { delete r.scope; }],
  ])('scoped presentation, %s: REQUEST_MISMATCH', async (_label, change) => {
    const { presentation, request: req } = scoped[0]!;
    expect(codeSet(await verify(presentation, altered(req, change)))).toEqual(['REQUEST_MISMATCH']);
  });

  it('disclosure presentation, givenName no longer requested: REQUEST_MISMATCH (and DISCLOSURE_MISMATCH)', async () => {
    const result = await verify(disclosure, altered(discloseRequest, (r) => { r.disclose = []; }));
    expect(codeSet(result)).toEqual(['DISCLOSURE_MISMATCH', 'REQUEST_MISMATCH']);
  });
});

describe('the proof binds every public signal', () => {
  it.each([
    ['age (compact circuit)', () => ({ presentation: age, req: ageRequest })],
    ['EU (full circuit)', () => ({ presentation: eu, req: euRequest })],
  ])('%s: each public signal + 1 mod p is refused, and the Groth16 proof alone rejects it', async (_label, pick) => {
    const { presentation, req } = pick();
    const n = presentation.zk!.publicSignals.length;
    expect(n).toBe(presentation.zk!.circuit === COMPACT ? 30 : 45);
    for (let i = 0; i < n; i++) {
      const tampered = copy(presentation);
      tampered.zk!.publicSignals[i] = ((BigInt(tampered.zk!.publicSignals[i]!) + 1n) % FIELD_MODULUS).toString();
      const result = await verify(tampered, req);
      expect(result.verified, `signal ${i}`).toBe(false);
      expect(result.errors.length, `signal ${i}`).toBeGreaterThan(0);
      const vkey = verificationKeys[tampered.zk!.circuit as keyof typeof verificationKeys]!;
      expect(await snarkjs.groth16.verify(vkey, tampered.zk!.publicSignals, tampered.zk!.proof), `signal ${i}`).toBe(false);
    }
  });

  it.each([
    ['pi_a replaced by the G1 generator', (p: Presentation) => { p.zk!.proof.pi_a = ['1', '2', '1']; }],
    ['pi_a not on the curve', (p: Presentation) => { p.zk!.proof.pi_a = ['1', '1', '1']; }],
    ['pi_a and pi_c swapped', (p: Presentation) => { [p.zk!.proof.pi_a, p.zk!.proof.pi_c] = [p.zk!.proof.pi_c, p.zk!.proof.pi_a]; }],
  ])('proof %s: INVALID_PROOF without an exception', async (_label, forge) => {
    const forged = copy(age);
    forge(forged);
    expect(codes(await verify(forged, ageRequest))).toEqual(['INVALID_PROOF']);
  });

  it.each([
    ['pi_b coordinates not numbers', (p: Presentation) => { p.zk!.proof.pi_b = [['x', 'y'], ['1', '0'], ['1', '0']]; }],
    ['a coordinate in hex', (p: Presentation) => { p.zk!.proof.pi_a[0] = `0x${BigInt(p.zk!.proof.pi_a[0]!).toString(16)}`; }],
    ['a projective z other than 1', (p: Presentation) => { p.zk!.proof.pi_c[2] = '2'; }],
  ])('proof %s: MALFORMED_PRESENTATION without an exception', async (_label, forge) => {
    const forged = copy(age);
    forge(forged);
    expect(codes(await verify(forged, ageRequest))).toEqual(['MALFORMED_PRESENTATION']);
  });
});

describe('verification keys', () => {
  it('vkeyHash changed: UNKNOWN_VERIFICATION_KEY', async () => {
    const forged = copy(age);
    forged.zk!.vkeyHash = forged.zk!.vkeyHash.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const result = await verify(forged, ageRequest);
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual(['UNKNOWN_VERIFICATION_KEY']);
  });

  it('a request that accepts only the full circuit: UNKNOWN_VERIFICATION_KEY', async () => {
    const req = altered(ageRequest, (r) => { r.acceptedKeys = r.acceptedKeys.filter((k) => k.circuit === FULL); });
    expect(codes(await verify(age, req))).toEqual(['UNKNOWN_VERIFICATION_KEY']);
  });

  it('a verifier without the compact key: UNKNOWN_VERIFICATION_KEY', async () => {
    const result = await verify(age, ageRequest, { verificationKeys: { [FULL]: verificationKeys[FULL]! } });
    expect(codes(result)).toEqual(['UNKNOWN_VERIFICATION_KEY']);
  });

  it("a verifier holding the wrong key under the compact circuit's name: UNKNOWN_VERIFICATION_KEY", async () => {
    const result = await verify(age, ageRequest, { verificationKeys: { [COMPACT]: verificationKeys[FULL]! } });
    expect(codes(result)).toEqual(['UNKNOWN_VERIFICATION_KEY']);
  });
});

describe('disclosed plaintexts', () => {
  it.each([
    ['swapped for another name', (d: Record<string, unknown>) => { d.givenName = 'Max'; }],
    ['with a trailing space', (d: Record<string, unknown>) => { d.givenName = 'Erika '; }],
    ['missing', (d: Record<string, unknown>) => { delete d.givenName; }],
    ['of the wrong type', (d: Record<string, unknown>) => { d.givenName = 42; }],
    ['plus an attribute that was not requested', (d: Record<string, unknown>) => { d.familyName = 'Mustermann'; }],
  ])('givenName %s: DISCLOSURE_MISMATCH', async (_label, edit) => {
    const forged = copy(disclosure);
    edit(forged.disclosed);
    const result = await verify(forged, discloseRequest);
    expect(result.verified).toBe(false);
    expect(result.disclosed).toEqual({});
    expect(codeSet(result)).toEqual(['DISCLOSURE_MISMATCH']);
  });

  it('disclosed not an object: DISCLOSURE_MISMATCH', async () => {
    const forged = copy(disclosure) as unknown as Record<string, unknown>;
    forged.disclosed = 'Erika';
    expect(codeSet(await verify(forged, discloseRequest))).toEqual(['DISCLOSURE_MISMATCH']);
  });
});

describe('malformed presentations: verified false with MALFORMED_PRESENTATION, never an exception', () => {
  const P = FIELD_MODULUS;
  const withSignals = (edit: (signals: unknown[]) => unknown): (() => unknown) => () => {
    const p = copy(age) as unknown as { zk: { publicSignals: unknown } };
    p.zk!.publicSignals = edit([...age.zk!.publicSignals]);
    return p;
  };
  const withSignal0 = (value: unknown): (() => unknown) => withSignals((s) => { s[0] = value; return s; });
  const edited = (edit: (p: Record<string, unknown>) => void): (() => unknown) => () => {
    const p = copy(age) as unknown as Record<string, unknown>;
    edit(p);
    return p;
  };

  const cases: [string, () => unknown][] = [
    ['null', () => null],
    ['undefined', () => undefined],
    ['{}', () => ({})],
    ['a string', () => 'ZkDisclosurePresentation'],
    ['the presentation as a JSON string', () => JSON.stringify(age)],
    ['an empty string', () => ''],
    ['a number', () => 42],
    ['an empty array', () => []],
    ['a huge array', () => new Array(200_000).fill(age)],
    ['another type', edited((p) => { p.type = 'VerifiablePresentation'; })],
    ['version 2', edited((p) => { p.version = 2; })],
    ['no zk section', edited((p) => { delete p.zk; })],
    ['zk.proof missing', edited((p) => { delete (p.zk as Record<string, unknown>).proof; })],
    ['zk.proof with two pi_a coordinates', edited((p) => { (p.zk as NonNullable<Presentation['zk']>).proof.pi_a.pop(); })],
    ['publicSignals missing', withSignals(() => undefined)],
    ['publicSignals not an array', withSignals(() => ({ 0: '1' }))],
    ['publicSignals one short', withSignals((s) => s.slice(1))],
    ['publicSignals of the full circuit count', withSignals((s) => [...s, ...new Array(15).fill('0')])],
    ['a signal equal to p', withSignal0(P.toString())],
    ['a signal equal to p + 1', withSignal0((P + 1n).toString())],
    ['a signal of 2^256', withSignal0((2n ** 256n).toString())],
    ['a negative signal', withSignal0('-1')],
    ['a hex signal', withSignal0('0x01')],
    ['a signal with a leading zero', withSignal0('01')],
    ['a signal with whitespace', withSignal0(' 1')],
    ['a numeric signal', withSignal0(0)],
    ['a bigint signal', withSignal0(1n)],
    ['a null signal', withSignal0(null)],
    ['the compact proof labelled as the full circuit', edited((p) => { (p.zk as NonNullable<Presentation['zk']>).circuit = FULL; })],
  ];

  it.each(cases)('%s', async (_label, make) => {
    const store = new MemoryNonceStore();
    const result = await verify(make(), ageRequest, { nonceStore: store });
    expect(result.verified).toBe(false);
    expect(codes(result)).toEqual(['MALFORMED_PRESENTATION']);
    expect(result).toMatchObject({ disclosed: {}, nullifier: undefined, issuer: undefined });
    expect(store.isSpent(ageRequest.nonce)).toBe(false);
  });

  // Oversized parts are refused by their size limit (limits.ts) before the shape checks.
  it.each([
    ['zk.proof with an overlong coordinate', edited((p) => { (p.zk as NonNullable<Presentation['zk']>).proof.pi_c[0] = '1'.repeat(100_000); }), 'presentation.zk.proof.*.*.length'],
    ['publicSignals a huge array', withSignals(() => new Array(1_000_000).fill('0')), 'presentation.zk.publicSignals.items'],
    ['a signal of 10^1000', withSignal0(`1${'0'.repeat(1000)}`), 'presentation.zk.publicSignals.*.length'],
  ])('%s: LIMIT_EXCEEDED naming the limit', async (_label, make, limit) => {
    const result = await verify(make(), ageRequest);
    expect(result.verified).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'LIMIT_EXCEEDED', limit })]);
  });

  it('an unknown circuit name: UNKNOWN_VERIFICATION_KEY, no exception', async () => {
    const forged = copy(age);
    forged.zk!.circuit = 'presentation-99';
    expect(codes(await verify(forged, ageRequest))).toEqual(['UNKNOWN_VERIFICATION_KEY']);
  });
});
