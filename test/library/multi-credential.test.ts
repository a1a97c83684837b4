/**
 * Issue 18 item 1: several credentials of one holder in one presentation. A request with an
 * identity-card part and a driving-licence part is answered with one proof per part, bound by
 * equal nullifiers under the binding scope (the request's scope, or the per-request holder tag).
 * Real proofs throughout (4-ary depth-6 registries, the fastest circuits): the two-part round
 * trip, with and without a scope; a mix of two holders' credentials, each part genuine, refused
 * (HOLDER_MISMATCH); two presentations of the same credentials to two verifiers that share no
 * value a third holder's presentation does not also show; a tampered part; replay. The parts are
 * proved concurrently: a prover that counts calls in flight sees both at once. The Verifier
 * object makes and verifies multi-credential requests (createMultiRequest, verifyMulti) over
 * memory and SQLite stores: exactly once under concurrency, a refused attempt keeps the request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type Credential, type MultiPresentation, type MultiPresentationRequest, type Prover, type ProofResult, DRIVING_LICENCE_SCHEMA, Issuer,
  LICENCE_CLASSES, MemoryNonceStore, PERSON_SCHEMA, Wallet, createMultiRequest, createProver, defaultAcceptedKeys, holderTagScope,
  loadVerificationKey, scopedNullifier, encodeString, verifyMultiPresentation, Verifier, memoryVerifierStores, type VerifierStores,
} from '../../src/index.js';
import { openSqliteVerifierStores } from '../../src/sqlite.js';
import { ERIKA, ISSUED_AT, MINOR, NOW, TODAY, VALID_UNTIL, copy, holderKeys, issuerKeys, rootViewsOf } from '../helpers/library.js';

const SHAPE = { arity: 4, depth: 6 };
const prover = createProver();
const acceptedKeys = defaultAcceptedKeys();
const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
const alice = holderKeys(1801n);
const bob = holderKeys(1802n);
const carol = holderKeys(1803n);
let state: Issuer;
let dmv: Issuer;

/** A licence with categories AM and B. */
function licence(issuer: Issuer, holder: { commitment: Parameters<Issuer['issue']>[0]['holder'] }): Credential {
  const classes = Object.fromEntries(LICENCE_CLASSES.map((c) => [`class${c}`, c === 'B' || c === 'AM']));
  return issuer.issue({
    schema: DRIVING_LICENCE_SCHEMA, attributes: { ...classes, issueDate: '2015-03-02', expiryDate: '2030-03-01' }, holder: holder.commitment, validUntil: VALID_UNTIL, validFrom: ISSUED_AT,
  });
}

function walletOf(holder: typeof alice, person: Record<string, unknown>, p: Prover = prover): Wallet {
  const wallet = new Wallet({ holderSecret: holder.secret, prover: p });
  wallet.accept(state.issue({ schema: PERSON_SCHEMA, attributes: { ...person }, holder: holder.commitment, validUntil: VALID_UNTIL, validFrom: ISSUED_AT }));
  wallet.accept(licence(dmv, holder));
  return wallet;
}

let aliceWallet: Wallet;
let bobWallet: Wallet;
let carolWallet: Wallet;

beforeAll(() => {
  state = new Issuer({ keys: issuerKeys(181), clock: () => NOW, shape: SHAPE });
  dmv = new Issuer({ keys: issuerKeys(182), clock: () => NOW, shape: SHAPE });
  aliceWallet = walletOf(alice, ERIKA);
  bobWallet = walletOf(bob, { ...ERIKA, givenName: 'Bob', documentNumber: 'B0000001' });
  carolWallet = walletOf(carol, { ...ERIKA, givenName: 'Carol', documentNumber: 'C0000001' });
});
afterAll(async () => {
  await prover.close();
});

/** "Over 18 (identity card) and a class B licence (driving licence)". */
function request(options: { scope?: string; disclose?: string[] } = {}): MultiPresentationRequest {
  return createMultiRequest({
    parts: [
      { schema: PERSON_SCHEMA, trustedIssuers: [state.did], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }], acceptedKeys, ...(options.disclose && { disclose: options.disclose }) },
      { schema: DRIVING_LICENCE_SCHEMA, trustedIssuers: [dmv.did], predicates: [{ attribute: 'classB', op: 'eq', value: true }], acceptedKeys },
    ],
    ...(options.scope !== undefined && { scope: options.scope }),
    now: NOW, today: TODAY,
  });
}

const registries = (): ReturnType<Issuer['exportRegistry']>[] => [state.exportRegistry(), dmv.exportRegistry()];
const present = (wallet: Wallet, r: MultiPresentationRequest): Promise<MultiPresentation> => wallet.createMultiPresentation({ request: r, registries: registries(), now: NOW });
const verify = (p: unknown, r: MultiPresentationRequest, nonceStore = new MemoryNonceStore()): ReturnType<typeof verifyMultiPresentation> =>
  verifyMultiPresentation(p, r, { verificationKeys, rootViews: rootViewsOf(state, dmv), nonceStore, now: NOW });

describe('two credentials of one holder', () => {
  let r: MultiPresentationRequest;
  let presentation: MultiPresentation;
  beforeAll(async () => {
    r = request({ disclose: ['givenName'] });
    presentation = await present(aliceWallet, r);
  });

  test('each part is proved against its issuer and the presentation verifies', async () => {
    expect(presentation.parts.map((p) => p.issuer)).toEqual([state.did, dmv.did]);
    const result = await verify(presentation, r);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.parts).toEqual([{ disclosed: { givenName: 'Erika' }, issuer: state.did }, { disclosed: {}, issuer: dmv.did }]);
    // Without a scope there is no pseudonym to return: the holder tag is fresh and not handed out.
    expect(result.nullifier).toBeUndefined();
  });

  test('both parts output Poseidon(secret, holder tag of this nonce), and nothing else equal to it', () => {
    const tag = scopedNullifier(alice.secret, encodeString(holderTagScope(r.nonce), 'scope')).toString();
    for (const part of presentation.parts) expect(part.zk!.publicSignals).toContain(tag);
  });

  test('a replayed presentation is refused (NONCE_REPLAYED), the nonce spent once for the whole request', async () => {
    const store = new MemoryNonceStore();
    expect((await verify(presentation, r, store)).verified).toBe(true);
    const again = await verify(presentation, r, store);
    expect(again.errors.map((e) => e.code)).toEqual(['NONCE_REPLAYED']);
  });

  test('a tampered part fails with that part named, and the nonce stays unspent', async () => {
    const tampered = copy(presentation);
    tampered.parts[1]!.zk!.publicSignals[0] = '12345';
    const store = new MemoryNonceStore();
    const result = await verify(tampered, r, store);
    expect(result.verified).toBe(false);
    expect(result.errors[0]).toMatchObject({ part: 1 });
    expect(result.errors[0]!.message).toMatch(/^parts\[1\]: /);
    expect(store.isSpent(r.nonce)).toBe(false);
  });

  test('parts swapped, or one missing, are refused', async () => {
    const swapped = { ...presentation, parts: [presentation.parts[1], presentation.parts[0]] };
    expect((await verify(swapped, r)).verified).toBe(false);
    const short = { ...presentation, parts: [presentation.parts[0]] };
    expect((await verify(short, r)).errors.map((e) => e.code)).toEqual(['MALFORMED_PRESENTATION']);
  });

  test('a part answering another request (its nonce) is refused', async () => {
    const other = await present(aliceWallet, request());
    const mixed = { ...presentation, parts: [presentation.parts[0], other.parts[1]] };
    const result = await verify(mixed, r);
    expect(result.verified).toBe(false);
    expect(result.errors.map((e) => e.code)).toContain('NONCE_MISMATCH');
  });
});

test('with a scope, every part outputs the pseudonym, and the verifier gets it', async () => {
  const r = request({ scope: 'car-rental.example' });
  const presentation = await present(aliceWallet, r);
  const result = await verify(presentation, r);
  expect(result.verified).toBe(true);
  expect(result.nullifier).toBe(scopedNullifier(alice.secret, encodeString('car-rental.example', 'scope')).toString());
});

test('a mix of two holders\' credentials (Alice\'s identity card, Bob\'s licence), each part genuine, is refused: HOLDER_MISMATCH', async () => {
  const r = request();
  const fromAlice = await present(aliceWallet, r);
  const fromBob = await present(bobWallet, r);
  // Each holder's whole presentation verifies on its own ...
  expect((await verify(fromBob, r)).verified).toBe(true);
  // ... but Alice's identity card with Bob's licence is not one holder's.
  const mixed: MultiPresentation = { ...fromAlice, parts: [fromAlice.parts[0]!, fromBob.parts[1]!] };
  const result = await verify(mixed, r);
  expect(result.verified).toBe(false);
  expect(result.errors.map((e) => e.code)).toEqual(['HOLDER_MISMATCH']);
});

test('a minor\'s identity card and an adult\'s licence cannot be combined either: the wallet refuses the false part before proving', async () => {
  const minorWallet = walletOf(holderKeys(1804n), MINOR);
  await expect(present(minorWallet, request())).rejects.toMatchObject({ code: 'PREDICATE_FALSE' });
});

describe.each([
  ['memory', (): VerifierStores => memoryVerifierStores()],
  ['SQLite', (dir: string): VerifierStores => openSqliteVerifierStores(join(dir, 'verifier.db'))],
])('the Verifier object over %s stores', (_name, open) => {
  let dir: string;
  let verifier: Verifier;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zkd-multi-verifier-'));
    verifier = new Verifier({ verificationKeys, stores: open(dir), clock: () => NOW });
    await verifier.addRegistryExport(state.exportRegistry());
    await verifier.addRegistryExport(dmv.exportRegistry());
  });
  afterAll(async () => {
    await verifier.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const parts = () => [
    { schema: PERSON_SCHEMA, trustedIssuers: [state.did], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast' as const, value: 18 }] },
    { schema: DRIVING_LICENCE_SCHEMA, trustedIssuers: [dmv.did], predicates: [{ attribute: 'classB', op: 'eq' as const, value: true }] },
  ];

  test('createMultiRequest saves the request; verifyMulti accepts its presentation exactly once of eight concurrent calls, then NONCE_REPLAYED', async () => {
    const { id, request: r } = await verifier.createMultiRequest({ parts: parts(), today: TODAY });
    expect((await verifier.pendingRequest(id))?.request).toEqual(r);
    expect(r.parts.map((p) => p.acceptedKeys)).toEqual([verifier.acceptedKeys, verifier.acceptedKeys]);
    const presentation = await present(aliceWallet, r);
    const results = await Promise.all(Array.from({ length: 8 }, () => verifier.verifyMulti(copy(presentation))));
    expect(results.filter((x) => x.verified)).toHaveLength(1);
    expect(results.find((x) => x.verified)!.parts.map((p) => p.issuer)).toEqual([state.did, dmv.did]);
    expect(await verifier.pendingRequest(id)).toBeUndefined();
    expect((await verifier.verifyMulti(presentation)).errors.map((e) => e.code)).toEqual(['NONCE_REPLAYED']);
  });

  test('two holders\' parts are refused (HOLDER_MISMATCH) and the request stays pending for the genuine answer; the wrong method is named', async () => {
    const { id, request: r } = await verifier.createMultiRequest({ parts: parts(), today: TODAY });
    const fromAlice = await present(aliceWallet, r);
    const fromBob = await present(bobWallet, r);
    const mixed: MultiPresentation = { ...fromAlice, parts: [fromAlice.parts[0]!, fromBob.parts[1]!] };
    expect((await verifier.verifyMulti(mixed)).errors.map((e) => e.code)).toEqual(['HOLDER_MISMATCH']);
    // One part alone, sent as a single presentation, answers no single request.
    expect((await verifier.verify(fromAlice.parts[0])).errors.map((e) => e.code)).toEqual(['REQUEST_MISMATCH']);
    expect((await verifier.verify(fromAlice)).errors.map((e) => e.code)).toEqual(['MALFORMED_PRESENTATION']);
    expect((await verifier.pendingRequest(id))?.attempts).toBe(2);
    const result = await verifier.verifyMulti(fromAlice);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
  });

  test('a single request\'s nonce is REQUEST_MISMATCH for verifyMulti; keys the verifier does not hold are refused naming the part', async () => {
    const { request: single } = await verifier.createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [state.did], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] });
    const forged = { type: 'ZkDisclosureMultiPresentation', version: 1, nonce: single.nonce, parts: [] };
    expect((await verifier.verifyMulti(forged)).errors.map((e) => e.code)).toEqual(['REQUEST_MISMATCH']);
    const [first, second] = parts();
    await expect(verifier.createMultiRequest({ parts: [first!, { ...second!, acceptedKeys: [{ circuit: 'presentation-16-1-1-20', vkeyHash: '00'.repeat(32) }] }] }))
      .rejects.toMatchObject({ field: 'parts[1].acceptedKeys[0]' });
  });
});

describe('two presentations of the same credentials to two verifiers', () => {
  /** Every string and number in a JSON document. */
  function values(doc: unknown, out = new Set<string>()): Set<string> {
    if (typeof doc === 'string' || typeof doc === 'number' || typeof doc === 'bigint') out.add(String(doc));
    else if (Array.isArray(doc)) doc.forEach((d) => values(d, out));
    else if (typeof doc === 'object' && doc !== null) Object.values(doc).forEach((d) => values(d, out));
    return out;
  }

  test('share no value that a third holder of credentials from the same registries does not also show', async () => {
    const toShop = await present(aliceWallet, request());
    const toRental = await present(aliceWallet, request());
    const carolsAnswer = await present(carolWallet, request());
    const shared = [...values(toShop)].filter((v) => values(toRental).has(v));
    const everyone = values(carolsAnswer);
    const distinctive = shared.filter((v) => !everyone.has(v));
    expect(distinctive).toEqual([]);
    // Not vacuous: they do share the public values (roots, request constants, circuit names) ...
    expect(shared.length).toBeGreaterThan(10);
    // ... and differ in the holder-derived output: each carries the tag of its own nonce only.
    const tagOf = (nonce: string): string => scopedNullifier(alice.secret, encodeString(holderTagScope(nonce), 'scope')).toString();
    expect(values(toShop).has(tagOf(toShop.nonce))).toBe(true);
    expect(values(toRental).has(tagOf(toShop.nonce))).toBe(false);
  });
});

describe('the parts are proved concurrently', () => {
  /** Wraps the real prover and records how many proofs were in flight at once. */
  class CountingProver {
    inFlight = 0;
    peak = 0;
    async prove(name: string, input: Record<string, unknown>): Promise<ProofResult & { vkeyHash: string }> {
      this.inFlight += 1;
      this.peak = Math.max(this.peak, this.inFlight);
      try {
        return await prover.prove(name, input);
      } finally {
        this.inFlight -= 1;
      }
    }
  }

  test('both proofs are in flight at once, and the result verifies (witnesses of one circuit do not mix)', async () => {
    const counting = new CountingProver();
    const wallet = walletOf(alice, ERIKA, counting as unknown as Prover);
    const r = request();
    const presentation = await present(wallet, r);
    expect(counting.peak).toBe(2);
    // Both parts use the same circuit: each proof must carry its own part's statement.
    expect(presentation.parts[0]!.zk!.circuit).toBe(presentation.parts[1]!.zk!.circuit);
    expect((await verify(presentation, r)).verified).toBe(true);
  });
});
