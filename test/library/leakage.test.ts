/**
 * Issue 18 items 2 and 3: what a request reveals, told before proving, the holder's leakage
 * rules, and the bad multi-credential requests refused before anything is proved. No proof is
 * made here: the prover is a stub that counts calls, so every refusal is shown to come first.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import {
  type CreateRequestPartOptions, type Predicate, type Prover, type WalletPolicy, DEFAULT_POPULATION, DRIVING_LICENCE_SCHEMA, ENROLMENT_SCHEMA,
  InputError, Issuer, LICENCE_CLASSES, LimitError, MAX_REQUEST_PARTS, MemoryNonceStore, PERSON_SCHEMA, PolicyRefusalError, RefusalError, Wallet,
  createMultiRequest, createRequest, defaultAcceptedKeys, defineSchema, parseMultiRequest, verifyMultiPresentation,
} from '../../src/index.js';
import { ERIKA, ISSUED_AT, NOW, TODAY, VALID_UNTIL, holderKeys, issuerKeys, rejected, thrown } from '../helpers/library.js';

const acceptedKeys = defaultAcceptedKeys();
const holder = holderKeys(1811n);
let state: Issuer;
let otherState: Issuer;
let dmv: Issuer;
let university: Issuer;

class StubProver {
  calls = 0;
  async prove(): Promise<never> {
    this.calls += 1;
    throw new Error('stub prover reached');
  }
}

beforeAll(() => {
  state = new Issuer({ keys: issuerKeys(191), clock: () => NOW });
  otherState = new Issuer({ keys: issuerKeys(192), clock: () => NOW });
  dmv = new Issuer({ keys: issuerKeys(193), clock: () => NOW });
  university = new Issuer({ keys: issuerKeys(194), clock: () => NOW });
});

function wallet(policy?: WalletPolicy): { wallet: Wallet; prover: StubProver } {
  const prover = new StubProver();
  const w = new Wallet({ holderSecret: holder.secret, prover: prover as unknown as Prover, ...(policy !== undefined && { policy }) });
  w.accept(state.issue({ schema: PERSON_SCHEMA, attributes: { ...ERIKA }, holder: holder.commitment, validUntil: VALID_UNTIL, validFrom: ISSUED_AT }));
  const classes = Object.fromEntries(LICENCE_CLASSES.map((c) => [`class${c}`, c === 'B']));
  w.accept(dmv.issue({ schema: DRIVING_LICENCE_SCHEMA, attributes: { ...classes, issueDate: '2015-03-02', expiryDate: '2030-03-01' }, holder: holder.commitment, validUntil: VALID_UNTIL, validFrom: ISSUED_AT }));
  return { wallet: w, prover };
}

const person = (predicates: Predicate[], disclose: string[] = []): ReturnType<typeof createRequest> =>
  createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [state.did], predicates, disclose, acceptedKeys, now: NOW, today: TODAY });
const personPart = (predicates: Predicate[], issuers = [state.did]): CreateRequestPartOptions => ({ schema: PERSON_SCHEMA, trustedIssuers: issuers, predicates, acceptedKeys });
const licencePart: CreateRequestPartOptions = { schema: DRIVING_LICENCE_SCHEMA, trustedIssuers: [], predicates: [{ attribute: 'classB', op: 'eq', value: true }], acceptedKeys };
const multi = (parts: CreateRequestPartOptions[]): ReturnType<typeof createMultiRequest> => createMultiRequest({ parts, now: NOW, today: TODAY });
const licence = (): CreateRequestPartOptions => ({ ...licencePart, trustedIssuers: [dmv.did] });
const present = (w: Wallet, request: unknown): Promise<unknown> => ('parts' in (request as object)
  ? w.createMultiPresentation({ request, registries: [], now: NOW })
  : w.createPresentation({ request, registries: [], now: NOW }));

const AGE_18: Predicate = { attribute: 'birthDate', op: 'ageAtLeast', value: 18 };

describe('the summary: what each predicate reveals', () => {
  test('ageAtLeast alone: a one-sided bound, about 4 in 5 holders (birth dates spread over 90 years)', () => {
    const s = wallet().wallet.describeLeakage(person([AGE_18]));
    expect(s.parts[0]!.attributes).toEqual([expect.objectContaining({ attribute: 'birthDate', kind: 'range', reveals: 'birthDate on or before 2008-11-29', disguised: false })]);
    expect(s.share).toBeCloseTo(72 / 90, 2);
    expect(s.mode).toBe('unlinkable');
    expect(s.refusal).toBeUndefined();
  });

  test('ageAtLeast 18 and ageBelow 19 together give the birth year: a range of 366 days', () => {
    const s = wallet().wallet.describeLeakage(person([AGE_18, { attribute: 'birthDate', op: 'ageBelow', value: 19 }]));
    expect(s.parts[0]!.attributes[0]!.reveals).toBe('birthDate between 2007-11-30 and 2008-11-29 (366 days)');
    expect(s.oneIn).toBe(90);
  });

  test('between 1990-01-01 and 1990-01-05 pins a birthday to five days: about 1 in 6,600', () => {
    const s = wallet().wallet.describeLeakage(person([{ attribute: 'birthDate', op: 'between', min: '1990-01-01', max: '1990-01-05' }]));
    expect(s.parts[0]!.attributes[0]!.reveals).toBe('birthDate between 1990-01-01 and 1990-01-05 (5 days)');
    expect(s.oneIn).toBeGreaterThan(6500);
    expect(s.oneIn).toBeLessThan(6700);
  });

  test('an EU-membership set keeps nearly everyone; a disclosed given name keeps 1 in 10,000', () => {
    const s = wallet().wallet.describeLeakage(person([{ attribute: 'nationality', op: 'in', values: ['DE', 'FR', 'IT'] }], ['givenName']));
    const [givenName, nationality] = s.parts[0]!.attributes;
    expect(givenName).toMatchObject({ kind: 'disclosed', share: 1 / 10_000 });
    expect(nationality).toMatchObject({ kind: 'set', reveals: 'nationality is one of 3 values (DE, FR, IT)' });
    expect(nationality!.share).toBeCloseTo(0.187 + 0.152 + 0.131, 6);
    expect(s.lines.join('\n')).toMatch(/givenName disclosed in clear[\s\S]*altogether: about 1 in 21,277 holders would answer the same way/);
  });

  test('an in set of one value and between a and a are disclosures in disguise', () => {
    const inOne = wallet().wallet.describeLeakage(person([{ attribute: 'nationality', op: 'in', values: ['DE'] }]));
    expect(inOne.parts[0]!.attributes[0]).toMatchObject({ kind: 'pinned', disguised: true, reveals: expect.stringMatching(/^nationality = DE \(a disclosure in disguise/) });
    const between = wallet().wallet.describeLeakage(person([{ attribute: 'birthDate', op: 'between', min: '1990-05-17', max: '1990-05-17' }]));
    expect(between.parts[0]!.attributes[0]).toMatchObject({ kind: 'pinned', disguised: true });
    expect(between.refusal).toMatchObject({ code: 'DISGUISED_DISCLOSURE' });
    // eq says what it is: pinned, not disguised.
    const eq = wallet().wallet.describeLeakage(person([{ attribute: 'nationality', op: 'eq', value: 'DE' }]));
    expect(eq.parts[0]!.attributes[0]).toMatchObject({ kind: 'pinned', disguised: false, reveals: 'nationality = DE' });
  });

  test('linkable, pseudonym and holder tag are named', () => {
    const scoped = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [state.did], predicates: [AGE_18], scope: 'shop.example', acceptedKeys, now: NOW, today: TODAY });
    const s = wallet().wallet.describeLeakage(scoped);
    expect(s.pseudonym).toBe('shop.example');
    expect(s.lines).toContain('pseudonym for scope "shop.example": the same at every presentation to this scope, so they link to each other');
    const linkable = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [state.did], bbs: { suite: 'bbs-2023', disclose: [] }, acceptedKeys, now: NOW, today: TODAY });
    const l = wallet().wallet.describeLeakage(linkable);
    expect(l.mode).toBe('linkable');
    expect(l.refusal).toMatchObject({ code: 'CONSENT_REQUIRED' });
    const m = wallet().wallet.describeLeakage(multi([personPart([AGE_18]), licence()]));
    expect(m.holderTag).toBe(true);
    expect(m.parts.map((p) => p.schema)).toEqual([PERSON_SCHEMA.id, DRIVING_LICENCE_SCHEMA.id]);
    expect(m.share).toBeCloseTo((72 / 90) * 0.97, 3);
  });

  test('the assumptions are replaceable: a wallet policy with its own nationality shares', () => {
    const assumptions = { ...DEFAULT_POPULATION, [PERSON_SCHEMA.id]: { ...DEFAULT_POPULATION[PERSON_SCHEMA.id]!, attributes: { nationality: { kind: 'categorical', shares: { DE: 0.5 }, others: 10 } } } } as const;
    const s = wallet({ assumptions: assumptions as WalletPolicy['assumptions'] }).wallet.describeLeakage(person([{ attribute: 'nationality', op: 'eq', value: 'DE' }]));
    expect(s.share).toBe(0.5);
    const other = wallet({ assumptions: assumptions as WalletPolicy['assumptions'] }).wallet.describeLeakage(person([{ attribute: 'nationality', op: 'eq', value: 'FR' }]));
    expect(other.share).toBeCloseTo(0.05, 9);
  });
});

describe('the holder\'s leakage rules refuse with the rule named, before any proving', () => {
  test('refuse.narrowerThan 1,000: a disclosed given name (1 in 10,000) refused; age alone answered', async () => {
    const { wallet: w, prover } = wallet({ refuse: { narrowerThan: 1000 } });
    const err = await rejected(present(w, person([AGE_18], ['givenName'])));
    expect(err).toBeInstanceOf(PolicyRefusalError);
    expect(err).toMatchObject({ code: 'POLICY_REFUSED', rule: 'narrowerThan' });
    expect((err as Error).message).toMatch(/narrower than 1 in 1,000 \(rule refuse.narrowerThan\): about 1 in 12,500 holders/);
    expect(prover.calls).toBe(0);
    // Passes the policy (and reaches the registries: none given).
    await expect(present(w, person([AGE_18]))).rejects.not.toBeInstanceOf(PolicyRefusalError);
  });

  test('refuse.narrowerThan refuses what it cannot estimate (a schema without assumptions)', () => {
    const custom = defineSchema({ id: 'https://example.org/loyalty/v1', attributes: [{ name: 'tier', type: 'integer' }] });
    const request = createRequest({ schema: custom, trustedIssuers: [state.did], predicates: [{ attribute: 'tier', op: 'gte', value: 2 }], acceptedKeys, now: NOW, today: TODAY });
    const s = wallet({ refuse: { narrowerThan: 10 } }).wallet.describeLeakage(request);
    expect(s.share).toBeUndefined();
    expect(s.refusal).toMatchObject({ rule: 'narrowerThan', message: expect.stringMatching(/cannot be estimated \(no assumption about tier\)/) });
  });

  test('refuse.linkable refuses a linkable request even when it is allowed for the request', async () => {
    const { wallet: w, prover } = wallet({ refuse: { linkable: true } });
    const linkable = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [state.did], bbs: { suite: 'bbs-2023', disclose: [] }, acceptedKeys, now: NOW, today: TODAY });
    const err = await rejected(w.createPresentation({ request: linkable, registries: [], now: NOW, allow: { linkable: true } }));
    expect(err).toMatchObject({ code: 'POLICY_REFUSED', rule: 'linkable' });
    expect(prover.calls).toBe(0);
  });

  test('refuse.disclosureOf documentNumber: disclosed in clear, pinned by eq, or in a multi-credential part', async () => {
    const { wallet: w, prover } = wallet({ refuse: { disclosureOf: ['documentNumber'] } });
    for (const request of [
      person([], ['documentNumber']),
      person([{ attribute: 'documentNumber', op: 'eq', value: 'T22000129' }]),
      multi([personPart([{ attribute: 'documentNumber', op: 'eq', value: 'T22000129' }]), licence()]),
    ]) {
      const err = await rejected(present(w, request));
      expect(err).toMatchObject({ code: 'POLICY_REFUSED', rule: 'disclosureOf', message: expect.stringMatching(/refuses to reveal documentNumber/) });
    }
    expect(prover.calls).toBe(0);
  });

  test('disclosures in disguise are refused by default (DISGUISED_DISCLOSURE), single or multi-credential', async () => {
    const { wallet: w, prover } = wallet();
    const inOne: Predicate = { attribute: 'nationality', op: 'in', values: ['DE'] };
    const aToA: Predicate = { attribute: 'birthDate', op: 'between', min: '1990-05-17', max: '1990-05-17' };
    for (const request of [person([inOne]), person([aToA]), multi([personPart([inOne]), licence()])]) {
      const err = await rejected(present(w, request));
      expect(err).toBeInstanceOf(RefusalError);
      expect(err).toMatchObject({ code: 'DISGUISED_DISCLOSURE' });
    }
    expect(prover.calls).toBe(0);
  });

  test('a malformed policy is an InputError naming the field', () => {
    const make = (policy: unknown): unknown => thrown(() => new Wallet({ holderSecret: 1n, prover: new StubProver() as unknown as Prover, policy: policy as WalletPolicy }));
    expect(make({ refuse: { narrowerThan: 0 } })).toMatchObject({ field: 'policy.refuse.narrowerThan' });
    expect(make({ refuse: { anyLinkable: true } })).toMatchObject({ field: 'policy.refuse.anyLinkable' });
    expect(make({ refuse: { disclosureOf: 'documentNumber' } })).toMatchObject({ field: 'policy.refuse.disclosureOf' });
    expect(make({ assumptions: { x: { holders: 10, attributes: { a: { kind: 'bernoulli', p: 2 } } } } })).toBeInstanceOf(InputError);
  });
});

describe('bad multi-credential requests: typed errors, never a proof', () => {
  test(`more than ${MAX_REQUEST_PARTS} parts: LimitError naming the limit`, () => {
    const parts = [personPart([AGE_18]), licence(), { ...licence(), trustedIssuers: [otherState.did] }, { schema: ENROLMENT_SCHEMA, trustedIssuers: [university.did], acceptedKeys }, personPart([AGE_18], [otherState.did])];
    const err = thrown(() => multi(parts));
    expect(err).toBeInstanceOf(LimitError);
    expect(err).toMatchObject({ limit: 'multiRequest.parts.items', max: MAX_REQUEST_PARTS });
    expect(multi(parts.slice(0, MAX_REQUEST_PARTS)).parts).toHaveLength(MAX_REQUEST_PARTS);
  });

  test('duplicate parts', () => {
    const err = thrown(() => multi([personPart([AGE_18]), licence(), personPart([AGE_18])]));
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ field: 'request.parts[2]', message: expect.stringMatching(/repeats parts\[0\]/) });
  });

  test('parts that contradict each other (the holder would prove they hold two identity cards of one state)', () => {
    const err = thrown(() => multi([personPart([{ attribute: 'nationality', op: 'eq', value: 'DE' }]), personPart([{ attribute: 'nationality', op: 'eq', value: 'FR' }])]));
    expect(err).toMatchObject({ field: 'request.parts[1]', message: expect.stringMatching(/contradicts parts\[0\]: no nationality satisfies nationality eq DE and nationality eq FR/) });
  });

  test('two parts one credential could answer: ask in one part', () => {
    const err = thrown(() => multi([personPart([AGE_18]), personPart([{ attribute: 'nationality', op: 'in', values: ['DE', 'FR'] }])]));
    expect(err).toMatchObject({ field: 'request.parts[1]', message: expect.stringMatching(/one credential could answer both parts/) });
    // Two identity cards from two different states are two credentials: accepted.
    expect(multi([personPart([AGE_18]), personPart([AGE_18], [otherState.did])]).parts).toHaveLength(2);
  });

  test('a part whose own predicates contradict (ageAtLeast 30 and ageBelow 20)', () => {
    const err = thrown(() => multi([personPart([{ attribute: 'birthDate', op: 'ageAtLeast', value: 30 }, { attribute: 'birthDate', op: 'ageBelow', value: 20 }]), licence()]));
    expect(err).toMatchObject({ field: 'request.parts[0].predicates', message: expect.stringMatching(/contradict each other: no birthDate satisfies/) });
  });

  test('a bearer BBS part cannot be bound', () => {
    const err = thrown(() => multi([{ schema: PERSON_SCHEMA, trustedIssuers: [state.did], acceptedKeys, bbs: { suite: 'bbs-2023', disclose: ['givenName'], mode: 'bearer' } }, licence()]));
    expect(err).toMatchObject({ field: 'request.parts[0].bbs.mode', message: expect.stringMatching(/cannot be bound/) });
  });

  test('a part field that belongs to the request (scope) and a malformed predicate are named in their part', () => {
    const request = multi([personPart([AGE_18]), licence()]);
    const withScope = { ...request, parts: [{ ...request.parts[0], scope: 'x' }, request.parts[1]] };
    expect(thrown(() => parseMultiRequest(withScope))).toMatchObject({ field: 'request.parts[0].scope' });
    const badOp = { ...request, parts: [request.parts[0], { ...request.parts[1], predicates: [{ attribute: 'classB', op: 'about', value: true }] }] };
    expect(thrown(() => parseMultiRequest(badOp))).toMatchObject({ field: 'request.parts[1].predicates[0].op' });
  });

  test('a scope in the holder tags\' namespace: refused by the wallet (RESERVED_SCOPE) and by the multi-credential parser', async () => {
    const { wallet: w, prover } = wallet();
    const tagOfAnother = `zkdisclose/holder-tag:${'ab'.repeat(32)}`;
    const single = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [state.did], predicates: [AGE_18], scope: tagOfAnother, acceptedKeys, now: NOW, today: TODAY });
    expect(await rejected(present(w, single))).toMatchObject({ code: 'RESERVED_SCOPE' });
    expect(prover.calls).toBe(0);
    expect(thrown(() => createMultiRequest({ parts: [personPart([AGE_18]), licence()], scope: tagOfAnother, now: NOW, today: TODAY }))).toMatchObject({ field: 'request.scope' });
  });

  test('a signed multi-credential request: the wallet shows the verifier, and refuses one whose part was changed', async () => {
    const verifierKeys = issuerKeys(195);
    const signed = createMultiRequest({ parts: [personPart([AGE_18]), licence()], verifier: verifierKeys, audience: 'https://rental.example', now: NOW, today: TODAY });
    const { wallet: w, prover } = wallet();
    expect(w.describeLeakage(signed, { origin: 'https://rental.example' })).toMatchObject({ verifier: verifierKeys.did, audience: 'https://rental.example' });
    expect(await rejected(w.createMultiPresentation({ request: signed, registries: [], now: NOW, origin: 'https://evil.example' }))).toMatchObject({ code: 'AUDIENCE_MISMATCH' });
    const changed = { ...signed, parts: [{ ...signed.parts[0]!, predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 16 }] }, signed.parts[1]] };
    expect(await rejected(present(w, changed))).toMatchObject({ code: 'INVALID_VERIFIER_SIGNATURE' });
    expect(prover.calls).toBe(0);
  });

  test('the verifier never throws on an untrusted multi presentation', async () => {
    const request = multi([personPart([AGE_18]), licence()]);
    const options = { verificationKeys: {}, nonceStore: new MemoryNonceStore(), now: NOW };
    for (const bad of [null, 'x', { type: 'ZkDisclosureMultiPresentation', version: 1, nonce: request.nonce, parts: 'no' }, { type: 'ZkDisclosureMultiPresentation', version: 1, parts: new Array(5).fill({}) }]) {
      const result = await verifyMultiPresentation(bad, request, options);
      expect(result.verified).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
    }
    const oversize = await verifyMultiPresentation({ type: 'ZkDisclosureMultiPresentation', version: 1, parts: new Array(5).fill({}) }, request, options);
    expect(oversize.errors[0]).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'multiPresentation.parts.items' });
  });
});
