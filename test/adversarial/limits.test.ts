/**
 * Issue 13 item 2: verification work is bounded by the limits of limits.ts, not by the size of
 * what an attacker sends. Generated worst cases of up to about 1 MB, one per limit kind and
 * document part (a 1 MB BBS public key, a 1 MB disclosed value, 60,000 extra disclosed keys,
 * 100,000-deep nesting, ...), are each refused by the limit named for it, and before any
 * expensive call: counters on Poseidon (poseidon-lite), canonical JSON for signatures, Ed25519
 * verification, the Groth16 pairing and BBS verification all stay at 0. Text is refused before
 * JSON.parse. Honest documents are within every limit, and the README's table lists every limit.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Issuer, LIMITS, LimitError, PERSON_SCHEMA, Wallet, bbsPublicKeyOf, createProver, createRequest, defaultAcceptedKeys, generateBbsKeyPair,
  limitProblem, limitTable, loadVerificationKey, openCredential, parseDocumentText, parseRequest, verifyPresentation,
  type Credential, type Presentation, type PresentationRequest,
} from '../../src/index.js';
import { ERIKA, NOW, TODAY, holderKeys, issuePerson, issuerKeys, later, rootViewsOf } from '../helpers/library.js';
import { CREDENTIAL_CASES, PRESENTATION_CASES, REQUEST_CASES, mutated } from '../helpers/worst-cases.js';

const calls = vi.hoisted(() => ({ poseidon: 0, canonical: 0, ed25519: 0, groth16: 0, bbs: 0 }));

vi.mock('poseidon-lite', async (importOriginal) => {
  const real = await importOriginal<Record<string, (inputs: bigint[]) => bigint>>();
  return Object.fromEntries(Object.entries(real).map(([name, fn]) => [name, typeof fn === 'function' && name.startsWith('poseidon')
    ? (inputs: bigint[]) => { calls.poseidon++; return fn(inputs); }
    : fn]));
});
vi.mock('../../src/internal/canonical-json.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/internal/canonical-json.js')>();
  return { ...real, canonicalBytes: (value: unknown) => { calls.canonical++; return real.canonicalBytes(value); } };
});
vi.mock('@noble/curves/ed25519.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('@noble/curves/ed25519.js')>();
  const verify: typeof real.ed25519.verify = (...args) => { calls.ed25519++; return real.ed25519.verify(...args); };
  return { ...real, ed25519: { ...real.ed25519, verify } };
});
vi.mock('snarkjs', async (importOriginal) => {
  const real = await importOriginal<typeof import('snarkjs')>();
  const verify: typeof real.groth16.verify = async (...args) => { calls.groth16++; return real.groth16.verify(...args); };
  return { ...real, groth16: { ...real.groth16, verify } };
});
vi.mock('../../src/bbs.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/bbs.js')>();
  return {
    ...real,
    bbsVerifyProof: async (o: Parameters<typeof real.bbsVerifyProof>[0]) => { calls.bbs++; return real.bbsVerifyProof(o); },
    bbsVerifySignature: async (o: Parameters<typeof real.bbsVerifySignature>[0]) => { calls.bbs++; return real.bbsVerifySignature(o); },
  };
});

const MB = 1024 * 1024;
const prover = createProver();
const acceptedKeys = defaultAcceptedKeys();
const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
let issuer: Issuer;
let credential: Credential;
let request: PresentationRequest;
let presentation: Presentation;
let verifyOptions: Parameters<typeof verifyPresentation>[2];

beforeAll(async () => {
  issuer = new Issuer({ keys: issuerKeys(81), clock: () => NOW, bbsKeys: [await generateBbsKeyPair({ suite: 'bbs+2020' })] });
  const holder = holderKeys(8181n);
  const wallet = new Wallet({ holderSecret: holder.secret, prover });
  credential = await issuer.addBbsSignatures(issuePerson(issuer, holder, ERIKA), PERSON_SCHEMA);
  wallet.accept(credential);
  // Linkable SNARK + BBS: every part a presentation can have.
  request = createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, today: TODAY, now: NOW, disclose: ['givenName'],
    predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }], bbs: { suite: 'bbs+2020', disclose: ['nationality'] },
  });
  presentation = await wallet.createPresentation({ request, registries: [issuer.exportRegistry()], now: NOW, allow: { linkable: true } });
  verifyOptions = { verificationKeys, now: later(60), rootViews: rootViewsOf(issuer) };
});
afterAll(async () => {
  await prover.close();
});
beforeEach(() => {
  for (const key of Object.keys(calls) as (keyof typeof calls)[]) calls[key] = 0;
});

function expectNoExpensiveCall(): void {
  expect(calls).toEqual({ poseidon: 0, canonical: 0, ed25519: 0, groth16: 0, bbs: 0 });
}

describe('honest documents are within every limit', () => {
  it('the linkable presentation, its request and the credential', async () => {
    expect(limitProblem(presentation, 'presentation')).toBeUndefined();
    expect(limitProblem(request, 'request')).toBeUndefined();
    expect(limitProblem(credential, 'credential')).toBeUndefined();
    expect(limitProblem(credential.proof.bbs!.keyStatement, 'keyStatement')).toBeUndefined();
    expect(parseDocumentText(JSON.stringify(presentation), 'presentation')).toEqual(presentation);
    const result = await verifyPresentation(presentation, request, verifyOptions);
    expect(result.errors).toEqual([]);
    // ... and verifying it does the expensive work the worst cases below are spared.
    expect(calls.groth16).toBe(1);
    expect(calls.bbs).toBe(1);
    expect(calls.poseidon).toBeGreaterThan(0);
  });
});

describe('worst cases up to 1 MB are refused by a limit before any expensive call', () => {
  it.each(PRESENTATION_CASES)('presentation: %s', async (_label, make, limit) => {
    const worst = make(presentation);
    const result = await verifyPresentation(worst, request, verifyOptions);
    expect(result.verified).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ code: 'LIMIT_EXCEEDED', limit });
    expectNoExpensiveCall();
  });

  it.each(REQUEST_CASES)('request: %s', (_label, make, limit) => {
    const worst = make(request);
    let err: unknown;
    try {
      parseRequest(worst);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LimitError);
    expect((err as LimitError).limit).toBe(limit);
    expect((err as LimitError).code).toBe('LIMIT_EXCEEDED');
    expectNoExpensiveCall();
  });

  it.each(CREDENTIAL_CASES)('credential: %s', (_label, make, limit) => {
    const worst = make(credential);
    expect(() => openCredential(worst)).toThrow(LimitError);
    expect(limitProblem(worst, 'credential')?.limit).toBe(limit);
    expectNoExpensiveCall();
  });

  it('key statement: a 1 MB BBS public key yields no key, unverified', () => {
    const statement = mutated(credential.proof.bbs!.keyStatement, (d) => { d.keys[0].publicKey = 'A'.repeat(MB); });
    expect(bbsPublicKeyOf(statement, 'bbs+2020')).toBeUndefined();
    expect(limitProblem(statement, 'keyStatement')?.limit).toBe('keyStatement.keys.*.publicKey.length');
    expectNoExpensiveCall();
  });
});

describe('text entry point: over-limit text is refused before parsing', () => {
  it.each(PRESENTATION_CASES.slice(0, 9))('presentation text: %s', (_label, make) => {
    const text = JSON.stringify(make(presentation));
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(() => parseDocumentText(text, 'presentation')).toThrow(expect.objectContaining({ limit: 'presentation.text', max: LIMITS.presentation.text }));
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('text within the byte limit only by character count (multi-byte) is measured in bytes', () => {
    const text = JSON.stringify({ ...presentation, disclosed: { givenName: 'é'.repeat(40_000) } }); // 40,000 chars, 80,000 bytes
    expect(text.length).toBeLessThan(LIMITS.presentation.text);
    expect(() => parseDocumentText(text, 'presentation')).toThrow(expect.objectContaining({ limit: 'presentation.text' }));
  });

  it('deep nesting within the text limit is parsed, then refused by the depth limit', () => {
    const text = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    expect(() => parseDocumentText(text, 'presentation')).toThrow(expect.objectContaining({ limit: 'presentation.depth' }));
  });
});

describe('the README documents every limit', () => {
  it('its "Limits" section lists each limit with its value', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Limits'), readme.indexOf('##', readme.indexOf('### Limits') + 4));
    for (const { name, max } of limitTable()) expect(section).toContain(`| \`${name}\` | ${max.toLocaleString('en-US')} |`);
  });
});
