/**
 * The Verifier object (src/verifier-object.ts) end to end with real proofs: requests saved as
 * pending, verification by the presentation's nonce, a failed attempt that leaves the request
 * pending, the attempt cap, expiry and pruning, root statements shared through the store, and
 * many concurrent verifications of one presentation of which exactly one is accepted (memory
 * stores; SQLite; two Verifier instances on one SQLite file); then root statements fed over
 * HTTP, refused when badly signed, and never rolled back through a shared store. Proofs cost
 * about a second each: each test makes at most one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InputError, PERSON_SCHEMA, RegistryClient, RegistryError, Verifier, Wallet, createProver, defaultAcceptedKeys, loadVerificationKey, type Predicate, type Presentation,
  type PresentationRequest, type VerifierStores,
} from '../../src/index.js';
import { Verifier as PortableVerifier } from '../../src/browser.js';
import { openSqliteVerifierStores } from '../../src/sqlite.js';
import { NOW, TODAY, codeSet, copy, holderKeys, issuePerson, issuerKeys, later, makeIssuer, rejected, tempDir, thrown } from '../helpers/library.js';
import { serveRegistry } from '../helpers/registry-http.js';

const AGE_18 = { attribute: 'birthDate', op: 'ageAtLeast', value: 18 } satisfies Predicate;
const AUDIENCE = 'https://shop.example';

const tmp = tempDir('zkd-verifier-object-');
const prover = createProver();
const issuer = makeIssuer(issuerKeys(41));
const erika = holderKeys(0x5e71f1e4n);
const wallet = new Wallet({ holderSecret: erika.secret, prover });

/** The verifiers' clock: a minute after the issuer's statements unless a test moves it. */
let clockAt = later(60);
const clock = (): Date => clockAt;

beforeAll(() => {
  wallet.accept(issuePerson(issuer, erika));
});

afterAll(async () => {
  await prover.close();
  tmp.cleanup();
});

/** A Verifier on these stores that trusts `issuer` (its export added), signs its requests and serves AUDIENCE. */
async function verifierOn(stores?: VerifierStores, options: { maxAttempts?: number; feed?: boolean } = {}): Promise<Verifier> {
  const verifier = new Verifier({
    clock, audience: AUDIENCE, signer: issuerKeys(42), ...(stores !== undefined && { stores }),
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
  });
  if (options.feed !== false) await verifier.addRegistryExport(issuer.exportRegistry());
  return verifier;
}

async function ageRequest(verifier: Verifier): Promise<{ id: string; request: PresentationRequest }> {
  return verifier.createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], predicates: [AGE_18], today: TODAY });
}

function present(request: PresentationRequest): Promise<Presentation> {
  return wallet.createPresentation({ request, registries: [issuer.exportRegistry()], now: NOW, origin: AUDIENCE });
}

/** The presentation with its proof's first coordinate changed: well formed, fails the pairing. */
function badProof(presentation: Presentation): Presentation {
  const forged = copy(presentation);
  forged.zk!.proof.pi_a[0] = forged.zk!.proof.pi_a[1];
  return forged;
}

describe('Verifier configuration', () => {
  it('in Node it holds the shipped keys and accepts them by default', () => {
    expect(new Verifier().acceptedKeys).toEqual(defaultAcceptedKeys());
  });

  it('refuses accepted keys it holds no verification key for, and a browser Verifier without keys', async () => {
    const compact = 'presentation-16-1-1-20';
    const only = { [compact]: loadVerificationKey(compact).vkey };
    const err = thrown(() => new Verifier({ verificationKeys: only, acceptedKeys: defaultAcceptedKeys() })) as InputError;
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/holds no verification key/);
    expect(new Verifier({ verificationKeys: only }).acceptedKeys).toEqual(defaultAcceptedKeys().filter((k) => k.circuit === compact));
    expect(() => new PortableVerifier({} as never)).toThrow(InputError);
    expect(() => new Verifier({ maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});

describe('Verifier with memory stores', () => {
  it('saves the request (signed, for its audience); a failed attempt leaves it pending; the holder then verifies once', async () => {
    const verifier = await verifierOn();
    const { id, request } = await ageRequest(verifier);
    expect(request.verifier?.did).toBe(verifier.did);
    expect(request.audience).toBe(AUDIENCE);
    expect((await verifier.pendingRequest(id))?.request).toEqual(request);
    const presentation = await present(request);

    const bystander = await verifier.verify(badProof(presentation));
    expect(codeSet(bystander)).toEqual(['INVALID_PROOF']);
    expect(await verifier.pendingRequest(id)).toMatchObject({ attempts: 1 });

    expect(await verifier.verify(presentation)).toEqual({ verified: true, errors: [], disclosed: {}, nullifier: undefined, issuer: issuer.did });
    expect(await verifier.pendingRequest(id)).toBeUndefined();
    expect(codeSet(await verifier.verify(presentation))).toEqual(['NONCE_REPLAYED']);
  });

  it('many concurrent verifications of one presentation: exactly one accepted', async () => {
    const verifier = await verifierOn(undefined, { maxAttempts: 100 });
    const { request } = await ageRequest(verifier);
    const presentation = await present(request);
    const results = await Promise.all(Array.from({ length: 12 }, () => verifier.verify(copy(presentation))));
    expect(results.filter((r) => r.verified)).toHaveLength(1);
    for (const r of results.filter((x) => !x.verified)) expect(codeSet(r)).toEqual(['NONCE_REPLAYED']);
  });

  it('after maxAttempts failed attempts the request is refused, even to the right presentation; it expires and is pruned', async () => {
    const verifier = await verifierOn(undefined, { maxAttempts: 2 });
    const { id, request } = await ageRequest(verifier);
    const presentation = await present(request);
    for (let i = 0; i < 2; i++) expect(codeSet(await verifier.verify(badProof(presentation)))).toEqual(['INVALID_PROOF']);
    expect(codeSet(await verifier.verify(presentation))).toEqual(['TOO_MANY_ATTEMPTS']);
    expect(await verifier.pendingRequest(id)).toMatchObject({ attempts: 2 });

    clockAt = later(661);
    try {
      expect(codeSet(await verifier.verify(presentation))).toEqual(['REQUEST_EXPIRED']);
      expect(await verifier.prune()).toEqual({ requests: 1, nonces: 0 });
      expect(codeSet(await verifier.verify(presentation))).toEqual(['REQUEST_UNKNOWN']);
    } finally {
      clockAt = later(60);
    }
  });

  it('unknown nonces and malformed presentations are answered with codes, never thrown', async () => {
    const verifier = await verifierOn(undefined, { feed: false });
    const { request } = await ageRequest(verifier);
    for (const junk of [null, 'text', {}, { nonce: 7 }, { nonce: 'AB'.repeat(32) }]) {
      expect(codeSet(await verifier.verify(junk))).toEqual(['MALFORMED_PRESENTATION']);
    }
    expect(codeSet(await verifier.verify({ nonce: 'ab'.repeat(32) }))).toEqual(['REQUEST_UNKNOWN']);
    // Pending, but shaped wrong: a counted attempt, the ordinary verification errors.
    expect(codeSet(await verifier.verify({ nonce: request.nonce }))).toEqual(['MALFORMED_PRESENTATION']);
  });
});

describe('Verifier with SQLite stores', () => {
  it('many concurrent verifications of one presentation: exactly one accepted; the nonce is pruned after expiry', async () => {
    const verifier = await verifierOn(openSqliteVerifierStores(tmp.file('one.db')), { maxAttempts: 100 });
    const { request } = await ageRequest(verifier);
    const presentation = await present(request);
    const results = await Promise.all(Array.from({ length: 12 }, () => verifier.verify(copy(presentation))));
    expect(results.filter((r) => r.verified)).toHaveLength(1);
    clockAt = later(661);
    try {
      expect(await verifier.prune()).toEqual({ requests: 0, nonces: 1 });
    } finally {
      clockAt = later(60);
    }
    await verifier.close();
  });

  it('two Verifier instances on one file: roots fed to one serve both; concurrent verifications accept exactly once', async () => {
    const file = tmp.file('shared.db');
    const a = await verifierOn(openSqliteVerifierStores(file), { maxAttempts: 100 });
    const b = await verifierOn(openSqliteVerifierStores(file), { maxAttempts: 100, feed: false });
    const { id, request } = await ageRequest(a);
    expect((await b.pendingRequest(id))?.request).toEqual(request);
    const presentation = await present(request);
    // b never saw the issuer's export: it reaches the pairing only with the roots a stored.
    expect(codeSet(await b.verify(badProof(presentation)))).toEqual(['INVALID_PROOF']);
    expect(b.rootViews.get(issuer.did)?.latest).toEqual(issuer.exportRegistry().rootStatement);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).verify(copy(presentation))));
    expect(results.filter((r) => r.verified)).toHaveLength(1);
    expect(await a.pendingRequest(id)).toBeUndefined();
    await a.close();
    await b.close();
  });
});

describe('Verifier root statements', () => {
  it('refreshRootView fetches an issuer\'s statements over HTTP into the views and the shared store', async () => {
    const publisher = makeIssuer(issuerKeys(43));
    issuePerson(publisher, holderKeys(7n));
    issuePerson(publisher, holderKeys(8n));
    const served = await serveRegistry(publisher.registry);
    try {
      const verifier = new Verifier({ clock });
      const view = await verifier.refreshRootView(new RegistryClient({ baseUrl: served.baseUrl, issuer: publisher.did }));
      expect(view.latest).toEqual(publisher.exportRegistry().rootStatement);
      expect(view.accept(BigInt(view.latest!.root), clock(), 3600)).toMatchObject({ accepted: true });
      const stored = await verifier.stores.roots.since(publisher.did, -1);
      expect(stored.roots.map((s) => s.sequence)).toEqual([0, 1, 2]);
      expect(stored.freshness?.sequence).toBe(2);
    } finally {
      await served.close();
    }
  });

  it('a badly signed statement is refused and stored nowhere', async () => {
    const verifier = new Verifier({ clock });
    const exported = issuer.exportRegistry();
    const forged = { ...exported, rootStatement: { ...exported.rootStatement, root: '5' } };
    const err = await rejected(verifier.addRegistryExport(forged));
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe('REGISTRY_INVALID');
    expect(verifier.rootViews.get(issuer.did)).toBeUndefined();
    expect(await verifier.stores.roots.issuers()).toEqual([]);
  });

  it('an instance sharing the store cannot be rolled back to an older root than another instance stored', async () => {
    const moving = makeIssuer(issuerKeys(44));
    issuePerson(moving, holderKeys(9n));
    const older = moving.exportRegistry();
    issuePerson(moving, holderKeys(10n));
    const a = new Verifier({ clock });
    const b = new Verifier({ clock, stores: a.stores });
    await a.addRegistryExport(moving.exportRegistry());
    const err = await rejected(b.addRegistryExport(older));
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe('REGISTRY_ROLLBACK');
    expect(b.rootViews.get(moving.did)?.latest?.sequence).toBe(2);
  });
});
