/**
 * The wallet's registry checks before proving (src/holder-registry.ts): a bucket view or a
 * registry source (as RegistryClient) is enough to prove, and the verifier accepts the result;
 * a stale freshness statement (STALE_REGISTRY), statements that disagree
 * (REGISTRY_INCONSISTENT), a bucket or export that does not hash to the signed root, statements
 * of another issuer (REGISTRY_INVALID) and a tree the circuits cannot prove (UNSUPPORTED) are
 * each refused with a typed error before any proof is made.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Issuer, PERSON_SCHEMA, Registry, RegistryError, RefusalError, Wallet, createProver, createRequest, defaultAcceptedKeys,
  loadVerificationKey, verifyPresentation, InputError, type BucketView, type PresentationRequest, type RegistrySource,
} from '../../src/index.js';
import { NOW, TODAY, holderKeys, issuePerson, issuerKeys, later, makeIssuer, rejected, rootViewsOf } from '../helpers/library.js';

const prover = createProver();
const holder = holderKeys(0x77aan);
const wallet = new Wallet({ holderSecret: holder.secret, prover });
let issuer: Issuer;
let leafIndex: number;
let request: PresentationRequest;

/** The issuer's bucket view for the wallet's credential, as a registry client would give it. */
function bucketView(): BucketView {
  const registry = issuer.registry;
  return { issuer: issuer.did, rootStatement: registry.latest(), freshness: registry.freshness(), bucket: registry.bucket(Math.floor(leafIndex / registry.bucketWidth)) };
}

beforeAll(() => {
  issuer = makeIssuer(issuerKeys(81));
  issuer.registry.import(Array.from({ length: 1500 }, (_, i) => ({ credentialId: `urn:w:${i}`, commitment: BigInt(i + 3) })));
  const credential = issuePerson(issuer, holder);
  leafIndex = credential.proof.leafIndex;
  wallet.accept(credential);
  request = createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys: defaultAcceptedKeys(), today: TODAY, now: NOW,
    predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }], maxRootAgeSeconds: 600, validForSeconds: 3600,
  });
});

afterAll(() => prover.close());

/** Expects a refusal with this error class and code, and no call to the prover. */
async function refused(registries: unknown[], kind: typeof RegistryError | typeof RefusalError | typeof InputError, code: string, now = NOW): Promise<void> {
  const prove = vi.spyOn(prover, 'prove');
  try {
    const err = await rejected(wallet.createPresentation({ request, registries: registries as BucketView[], now }));
    expect(err).toBeInstanceOf(kind);
    expect((err as RegistryError).code).toBe(code);
    expect(prove).not.toHaveBeenCalled();
  } finally {
    prove.mockRestore();
  }
}

describe('proving from a bucket', () => {
  it('a bucket view (leaf 1500, second bucket of a binary depth-20 registry): proves, and the verifier accepts', async () => {
    expect(leafIndex).toBe(1500);
    const presentation = await wallet.createPresentation({ request, registries: [bucketView()], now: NOW });
    const verificationKeys = Object.fromEntries(defaultAcceptedKeys().map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
    const result = await verifyPresentation(presentation, request, { verificationKeys, now: later(60), rootViews: rootViewsOf(issuer) });
    expect(result.errors).toEqual([]);
    expect(result.issuer).toBe(issuer.did);
  });

  it('a registry source is asked for the bucket of the credential, with the caller\'s signal', async () => {
    const controller = new AbortController();
    const source: RegistrySource = { issuer: issuer.did, bucketView: vi.fn(async () => bucketView()) };
    const presentation = await wallet.createPresentation({ request, registries: [source], now: NOW, signal: controller.signal });
    expect(presentation.issuer).toBe(issuer.did);
    expect(source.bucketView).toHaveBeenCalledWith(leafIndex, controller.signal);
  });
});

describe('refusals before proving', () => {
  it('no registry for the issuer: InputError on registries', async () => {
    await refused([], InputError, 'INVALID_INPUT');
  });

  it('a freshness statement older than the request window: STALE_REGISTRY', async () => {
    await refused([bucketView()], RegistryError, 'STALE_REGISTRY', later(601));
  });

  it('a freshness statement of an older sequence than the root statement: REGISTRY_INCONSISTENT', async () => {
    const view = bucketView();
    const older = new Registry({ keys: issuerKeys(81), clock: () => NOW });
    await refused([{ ...view, freshness: older.freshness() }], RegistryError, 'REGISTRY_INCONSISTENT');
  });

  it('a bucket whose leaf was replaced: REGISTRY_INVALID', async () => {
    const view = bucketView();
    const leaves = [...view.bucket.leaves];
    leaves[1500 - 1024] = 42n;
    await refused([{ ...view, bucket: { ...view.bucket, leaves } }], RegistryError, 'REGISTRY_INVALID');
  });

  it('the bucket of another leaf range: REGISTRY_INVALID', async () => {
    const view = bucketView();
    await refused([{ ...view, bucket: issuer.registry.bucket(0) }], RegistryError, 'REGISTRY_INVALID');
  });

  it("statements of another issuer under this issuer's DID: REGISTRY_INVALID", async () => {
    const other = makeIssuer(issuerKeys(82));
    await refused([{ ...bucketView(), rootStatement: other.rootStatement() }], RegistryError, 'REGISTRY_INVALID');
  });

  it('a full export whose leaves do not hash to the signed root: REGISTRY_INVALID', async () => {
    const exported = issuer.exportRegistry();
    await refused([{ ...exported, leaves: exported.leaves.map((l, i) => (i === 7 ? '8' : l)) }], RegistryError, 'REGISTRY_INVALID');
    await refused([{ ...exported, leaves: exported.leaves.slice(1) }], RegistryError, 'REGISTRY_INVALID');
  });

  it('a registry of a shape no shipped circuit proves (4-ary, depth 8): UNSUPPORTED', async () => {
    const quad = new Issuer({ keys: issuerKeys(83), shape: { arity: 4, depth: 8 }, clock: () => NOW });
    const quadHolder = holderKeys(0x99n);
    const quadWallet = new Wallet({ holderSecret: quadHolder.secret, prover });
    quadWallet.accept(issuePerson(quad, quadHolder));
    const quadRequest = { ...request, trustedIssuers: [quad.did] };
    const err = await rejected(quadWallet.createPresentation({ request: quadRequest, registries: [quad.exportRegistry()], now: NOW }));
    expect(err).toBeInstanceOf(RefusalError);
    expect((err as RefusalError).code).toBe('UNSUPPORTED');
  });
});
