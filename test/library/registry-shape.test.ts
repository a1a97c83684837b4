/**
 * Registry tree shapes end to end (issue 20): an issuer creates a 4-ary registry of the capacity
 * it needs; the wallet proves with the smallest accepted circuit for both the request and the
 * registry's shape; the verifier accepts a proof only when the circuit's tree shape is the one
 * the issuer's statement of the proved root names (a binary-tree proof is refused against a
 * 4-ary statement of the same root, and the reverse); a wallet whose request accepts no circuit
 * for the registry's shape refuses before proving; a full registry refuses to issue with a typed
 * error that names the next step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PERSON_SCHEMA, RefusalError, RegistryError, RootViews, Wallet, createProver, createRequest, defaultAcceptedKeys, loadVerificationKey,
  releaseCurve, verifyPresentation, type Issuer, type Predicate, type Presentation, type PresentationRequest, type TreeShape,
} from '../../src/index.js';
import { Issuer as IssuerClass } from '../../src/issuer.js';
import { signFreshnessStatement, signRootStatement } from '../../src/registry/statements.js';
import {
  EU_COUNTRIES, NOW, TODAY, codeSet, holderKeys, issuePerson, issuerKeys, later, rejected, rootViewsOf, thrown,
} from '../helpers/library.js';

const SMALL: TreeShape = { arity: 4, depth: 6 };
const prover = createProver();
const acceptedKeys = defaultAcceptedKeys();
const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
const AGE_18 = { attribute: 'birthDate', op: 'ageAtLeast', value: 18 } satisfies Predicate;
const IN_EU = { attribute: 'nationality', op: 'in', values: [...EU_COUNTRIES] } satisfies Predicate;

const makeIssuer = (seed: number, shape?: TreeShape): Issuer => new IssuerClass({ keys: issuerKeys(seed), clock: () => NOW, ...(shape && { shape }) });
const small = makeIssuer(41, SMALL);
const binary = makeIssuer(42);
const erika = holderKeys(0x5ca1ab1en);
const wallet = new Wallet({ holderSecret: erika.secret, prover });

function request(issuer: Issuer, predicates: Predicate[], keys = acceptedKeys): PresentationRequest {
  return createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys: keys, predicates, today: TODAY, now: NOW });
}

const present = (issuer: Issuer, req: PresentationRequest): Promise<Presentation> =>
  wallet.createPresentation({ request: req, registries: [issuer.exportRegistry()], now: NOW });

/** Root views holding a statement of `issuer`'s latest root, re-signed as a tree of `shape`. */
function viewsClaiming(issuer: Issuer, seed: number, shape: TreeShape): RootViews {
  const latest = issuer.registry.latest();
  const secretKey = issuerKeys(seed).secretKey;
  const statement = signRootStatement({ ...latest, arity: shape.arity, depth: shape.depth }, secretKey);
  const freshness = signFreshnessStatement({ issuer: issuer.did, sequence: latest.sequence, root: latest.root, signedAt: NOW.toISOString() }, secretKey);
  const views = new RootViews();
  views.update({ latest: statement, freshness });
  return views;
}

let ageSmall: Presentation;
let ageSmallRequest: PresentationRequest;
let ageBinary: Presentation;
let ageBinaryRequest: PresentationRequest;

beforeAll(async () => {
  wallet.accept(issuePerson(small, erika));
  wallet.accept(issuePerson(binary, erika));
  ageSmallRequest = request(small, [AGE_18]);
  ageSmall = await present(small, ageSmallRequest);
  ageBinaryRequest = request(binary, [AGE_18]);
  ageBinary = await present(binary, ageBinaryRequest);
});

afterAll(async () => {
  await prover.close();
  await releaseCurve();
});

describe('the wallet picks the smallest accepted circuit for the request and the registry', () => {
  it('age only, 4-ary depth-6 registry: the compact depth-6 circuit, which verifies', async () => {
    expect(small.registry.latest()).toMatchObject({ arity: 4, depth: 6 });
    expect(ageSmall.zk?.circuit).toBe('presentation-16-1-1-4ary-6');
    const result = await verifyPresentation(ageSmall, ageSmallRequest, { verificationKeys, now: later(60), rootViews: rootViewsOf(small) });
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
  });

  it('age only, binary depth-20 registry: the compact binary circuit', () => {
    expect(ageBinary.zk?.circuit).toBe('presentation-16-1-1-20');
  });

  it('two predicates, 4-ary depth-6 registry: the full depth-6 circuit, which verifies', async () => {
    const req = request(small, [AGE_18, IN_EU]);
    const presentation = await present(small, req);
    expect(presentation.zk?.circuit).toBe('presentation-16-4-32-4ary-6');
    const result = await verifyPresentation(presentation, req, { verificationKeys, now: later(60), rootViews: rootViewsOf(small) });
    expect(result.verified).toBe(true);
  });

  it('refuses (UNSUPPORTED) before proving when no accepted circuit proves the registry\'s shape', async () => {
    const binaryOnly = acceptedKeys.filter((k) => k.circuit.endsWith('-20'));
    const err = await rejected(present(small, request(small, [AGE_18], binaryOnly)));
    expect(err).toBeInstanceOf(RefusalError);
    expect(err).toMatchObject({ code: 'UNSUPPORTED' });
    expect((err as Error).message).toMatch(/4-ary tree of depth 6.*prove only: 2-ary depth 20/);
  });
});

describe('the verifier checks the circuit\'s tree shape against the issuer\'s statement of the root', () => {
  it('refuses a binary-tree proof whose root the issuer states as a 4-ary tree', async () => {
    const views = viewsClaiming(binary, 42, SMALL);
    const result = await verifyPresentation(ageBinary, ageBinaryRequest, { verificationKeys, now: later(60), rootViews: views });
    expect(codeSet(result)).toEqual(['ROOT_SHAPE_MISMATCH']);
    // The same proof verifies against the issuer's real (binary) statement.
    expect((await verifyPresentation(ageBinary, ageBinaryRequest, { verificationKeys, now: later(60), rootViews: rootViewsOf(binary) })).verified).toBe(true);
  });

  it('refuses a 4-ary proof whose root the issuer states as a binary tree', async () => {
    const views = viewsClaiming(small, 41, { arity: 2, depth: 20 });
    const result = await verifyPresentation(ageSmall, ageSmallRequest, { verificationKeys, now: later(60), rootViews: views });
    expect(codeSet(result)).toEqual(['ROOT_SHAPE_MISMATCH']);
  });

  it('refuses a 4-ary proof of another depth than the statement\'s', async () => {
    const views = viewsClaiming(small, 41, { arity: 4, depth: 10 });
    const result = await verifyPresentation(ageSmall, ageSmallRequest, { verificationKeys, now: later(60), rootViews: views });
    expect(codeSet(result)).toEqual(['ROOT_SHAPE_MISMATCH']);
  });
});

describe('a full registry', () => {
  it('refuses to issue with REGISTRY_FULL, revoked leaves included, saying why and what to do next', () => {
    const tiny = makeIssuer(43, { arity: 4, depth: 1 });
    const issued = Array.from({ length: 4 }, () => issuePerson(tiny, erika));
    tiny.registry.revoke(issued[0]!.id);
    const err = thrown(() => issuePerson(tiny, erika));
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ code: 'REGISTRY_FULL' });
    expect((err as Error).message).toMatch(/4-ary tree of depth 1 \(4 credentials, revoked ones included: leaves are never reused\)/);
    expect((err as Error).message).toContain('--capacity 1048576');
    expect(tiny.registry.size).toBe(4);
  });
});
