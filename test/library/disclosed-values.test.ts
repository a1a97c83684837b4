/**
 * Issue 13 item 3: verified disclosed values come back canonical and typed by the schema,
 * whatever spelling the holder sent: integer as bigint ("42", 42 and "-0" mean 42n, 42n, 0n),
 * date as "YYYY-MM-DD", boolean, string; through the SNARK and through BBS alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Issuer, Wallet, createProver, createRequest, defaultAcceptedKeys, defineSchema, generateBbsKeyPair, loadVerificationKey, typedValue,
  verifyPresentation, type Presentation, type PresentationRequest,
} from '../../src/index.js';
import { ISSUED_AT, NOW, TODAY, copy, holderKeys, issuerKeys, later, rootViewsOf } from '../helpers/library.js';

const MEMBER = defineSchema({
  id: 'https://example.org/schemas/member/v1',
  attributes: [{ name: 'name', type: 'string' }, { name: 'score', type: 'integer' }, { name: 'since', type: 'date' }, { name: 'active', type: 'boolean' }],
});

const prover = createProver();
const acceptedKeys = defaultAcceptedKeys();
const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
const holder = holderKeys(777n);
const wallet = new Wallet({ holderSecret: holder.secret, prover });
let issuer: Issuer;
let snarkRequest: PresentationRequest;
let snark: Presentation;
const options = (): Parameters<typeof verifyPresentation>[2] => ({ verificationKeys, now: later(60), rootViews: rootViewsOf(issuer) });

beforeAll(async () => {
  issuer = new Issuer({ keys: issuerKeys(77), clock: () => NOW, bbsKeys: [await generateBbsKeyPair({ suite: 'bbs+2020' })] });
  const credential = issuer.issue({
    schema: MEMBER, attributes: { name: 'Ada', score: 0, since: '2020-02-29', active: true }, holder: holder.commitment, validUntil: '2030-12-31', validFrom: ISSUED_AT,
  });
  wallet.accept(await issuer.addBbsSignatures(credential, MEMBER));
  snarkRequest = createRequest({ schema: MEMBER, trustedIssuers: [issuer.did], acceptedKeys, today: TODAY, now: NOW, disclose: ['name', 'score', 'since', 'active'] });
  snark = await wallet.createPresentation({ request: snarkRequest, registries: [issuer.exportRegistry()], now: NOW });
});
afterAll(async () => {
  await prover.close();
});

describe('typedValue', () => {
  it.each([
    ['integer', '42', 42n], ['integer', 42, 42n], ['integer', '-0', 0n], ['integer', -7n, -7n],
    ['date', '2020-02-29', '2020-02-29'], ['boolean', false, false], ['string', '42', '42'],
  ] as const)('%s %s', (type, value, expected) => {
    expect(typedValue(type, value, 'x')).toBe(expected);
  });

  it('reads BBS message text: "true"/"false" as booleans, decimals as bigints', () => {
    expect(typedValue('boolean', 'true', 'x', true)).toBe(true);
    expect(typedValue('integer', '-12', 'x', true)).toBe(-12n);
    expect(() => typedValue('boolean', 'true', 'x')).toThrow(/expected a boolean/);
  });
});

describe('verifyPresentation returns typed canonical values', () => {
  it('SNARK disclosure: integer as bigint, date, boolean, string', async () => {
    const result = await verifyPresentation(snark, snarkRequest, options());
    expect(result.verified).toBe(true);
    expect(result.disclosed).toEqual({ name: 'Ada', score: 0n, since: '2020-02-29', active: true });
  });

  it.each(['-0', '0', 0])('an integer the holder spells %j comes back as 0n', async (spelling) => {
    const respelled = copy(snark);
    respelled.disclosed.score = spelling;
    const result = await verifyPresentation(respelled, snarkRequest, options());
    expect(result.verified).toBe(true);
    expect(result.disclosed.score).toBe(0n);
  });

  it('BBS disclosure: the same types', async () => {
    const request = createRequest({
      schema: MEMBER, trustedIssuers: [issuer.did], acceptedKeys, today: TODAY, now: NOW, bbs: { suite: 'bbs+2020', disclose: ['score', 'since', 'active'] },
    });
    // A BBS request is answered holder-bound (linkable SNARK + BBS), which needs the holder's consent.
    const presentation = await wallet.createPresentation({ request, registries: [issuer.exportRegistry()], now: NOW, allow: { linkable: true } });
    const result = await verifyPresentation(presentation, request, options());
    expect(result.verified).toBe(true);
    expect(result.disclosed).toEqual({ score: 0n, since: '2020-02-29', active: true });
  });
});
