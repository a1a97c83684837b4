/**
 * The in-person flow of issue 16 with real proofs: the verifier shows its request as a QR code,
 * the wallet reads it, proves, and shows the presentation as a QR code; the verifier reads that
 * PNG back (pngjs + jsQR), rebuilds the standard presentation from its own request and root view,
 * and verifies it. Also: the size goals (age-only at most 200 bytes and QR version 10 at level M
 * with its text prefix; age + EU nationality + one disclosed name at most 400 bytes), a
 * presentation altered in its compact form decodes but never verifies, and the image reader's
 * refusals. The same flow for presentations with a BBS half: linkable (SNARK + bbs-2023) and
 * bearer (bbs+2020 alone), each through request QR -> presentation QR PNG -> verify, and a BBS
 * value altered in the compact form that decodes but fails the BBS proof.
 */
import { decode, encode } from 'cborg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompactError, Issuer, PERSON_SCHEMA, Wallet, createProver, generateBbsKeyPair, issuerKeysFromSecret, createRequest, decodePresentation, decodeRequest, defaultAcceptedKeys, encodePresentation,
  encodeRequest, fromCompactText, loadVerificationKey, qrVersion, readQrPixels, readQrPng, releaseCurve, renderQr, toCompactText, verifyPresentation,
  type Presentation, type PresentationRequest,
} from '../../src/index.js';
import { ERIKA, EU_COUNTRIES, NOW, TODAY, holderKeys, issuePerson, issuerKeys, later, makeIssuer, rootViewsOf } from '../helpers/library.js';
import type { Issuer as IssuerType } from '../../src/index.js';

const keys = defaultAcceptedKeys();
const references = { keys, sets: { EU: EU_COUNTRIES } };
const verificationKeys = Object.fromEntries(keys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
const prover = createProver();
const issuer = makeIssuer(issuerKeys(1));
const erika = holderKeys(0x0e71ca5ec7e7n);
const wallet = new Wallet({ holderSecret: erika.secret, prover });

/** The verifier's side: its request, shown as a QR code (PNG). */
function verifierRequest(extra: Partial<Parameters<typeof createRequest>[0]>): PresentationRequest {
  return createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys: keys, today: TODAY, now: NOW, ...extra });
}

/** The wallet's side: reads the request QR, proves, returns the presentation QR text. */
async function walletAnswers(requestPng: Uint8Array, from: IssuerType = issuer): Promise<{ text: string; bytes: Uint8Array; presentation: Presentation }> {
  const request = decodeRequest(fromCompactText(readQrPng(requestPng), 'request'), references);
  const registry = from.exportRegistry();
  const presentation = await wallet.createPresentation({ request, registries: [registry], now: NOW, allow: { linkable: true, bearer: true } });
  const bytes = encodePresentation(presentation, { request, rootStatements: [registry.rootStatement] });
  return { text: toCompactText(bytes, 'presentation'), bytes, presentation };
}

/** The verifier reads the presentation QR and verifies against its own request. */
async function verifierChecks(png: Uint8Array, request: PresentationRequest, from: IssuerType = issuer) {
  const rootViews = rootViewsOf(from);
  const presentation = decodePresentation(fromCompactText(readQrPng(png), 'presentation'), { request, roots: rootViews });
  return verifyPresentation(presentation, request, { verificationKeys, rootViews, now: later(60) });
}

const ageRequest = verifierRequest({ predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] });
const euRequest = verifierRequest({
  disclose: ['givenName'],
  predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }, { attribute: 'nationality', op: 'in', values: [...EU_COUNTRIES] }],
});
let age: Awaited<ReturnType<typeof walletAnswers>>;
let eu: Awaited<ReturnType<typeof walletAnswers>>;
let bbsIssuer: IssuerType;
let linkableRequest: PresentationRequest;
let bearerRequest: PresentationRequest;
let linkable: Awaited<ReturnType<typeof walletAnswers>>;
let bearer: Awaited<ReturnType<typeof walletAnswers>>;
const requestPng = async (request: PresentationRequest): Promise<Uint8Array> => renderQr(toCompactText(encodeRequest(request, references), 'request'), 'png');

beforeAll(async () => {
  wallet.accept(issuePerson(issuer, erika));
  age = await walletAnswers(await requestPng(ageRequest));
  eu = await walletAnswers(await requestPng(euRequest));
  // An issuer with BBS keys of both suites; the requests below trust only it.
  const bbsKeys = await Promise.all((['bbs-2023', 'bbs+2020'] as const).map((suite) => generateBbsKeyPair({ suite, seed: new Uint8Array(32).fill(16) })));
  bbsIssuer = new Issuer({ keys: issuerKeysFromSecret(new Uint8Array(32).fill(16)), bbsKeys, clock: () => NOW });
  wallet.accept(await bbsIssuer.addBbsSignatures(issuePerson(bbsIssuer, erika), PERSON_SCHEMA));
  const trusted = { trustedIssuers: [bbsIssuer.did] };
  linkableRequest = verifierRequest({ ...trusted, predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }], bbs: { suite: 'bbs-2023', disclose: ['givenName'] } });
  bearerRequest = verifierRequest({ ...trusted, bbs: { suite: 'bbs+2020', disclose: ['nationality'], mode: 'bearer' } });
  linkable = await walletAnswers(await requestPng(linkableRequest), bbsIssuer);
  bearer = await walletAnswers(await requestPng(bearerRequest), bbsIssuer);
}, 180_000);

afterAll(async () => {
  await prover.close();
  await releaseCurve();
});

describe('request QR -> wallet -> presentation QR PNG -> verifier', () => {
  it('verifies the age-only presentation read back from its PNG', async () => {
    const result = await verifierChecks(await renderQr(age.text, 'png'), ageRequest);
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
  });

  it('verifies age + EU nationality + disclosed given name read back from its PNG', async () => {
    const result = await verifierChecks(await renderQr(eu.text, 'png'), euRequest);
    expect(result.verified).toBe(true);
    expect(result.disclosed).toEqual({ givenName: ERIKA.givenName });
  });

  it('meets the size goals', () => {
    expect(age.bytes.length).toBeLessThanOrEqual(200);
    expect(qrVersion(age.text)).toBeLessThanOrEqual(10);
    expect(eu.bytes.length).toBeLessThanOrEqual(400);
  });

  it('a presentation altered in its compact form (another given name) decodes but does not verify', async () => {
    const items = decode(eu.bytes.subarray(1)) as unknown[];
    items[4] = ['Mallory'];
    const png = await renderQr(toCompactText(Uint8Array.of(eu.bytes[0]!, ...encode(items)), 'presentation'), 'png');
    const result = await verifierChecks(png, euRequest);
    expect(result.verified).toBe(false);
    expect(result.errors.map((e) => e.code)).toContain('INVALID_PROOF');
  });

  it('a presentation read against another request of the verifier does not verify', async () => {
    const result = await verifierChecks(await renderQr(age.text, 'png'), verifierRequest({ predicates: ageRequest.predicates }));
    expect(result.verified).toBe(false);
    expect(result.errors.map((e) => e.code)).toContain('INVALID_PROOF');
  });
});

describe('presentations with a BBS half: request QR -> wallet -> presentation QR PNG -> verifier', () => {
  it('verifies a linkable (SNARK + bbs-2023) presentation read back from its PNG, in one QR code', async () => {
    expect(linkable.bytes[0]).toBe(0x12);
    expect(qrVersion(linkable.text)).toBeLessThanOrEqual(40);
    const result = await verifierChecks(await renderQr(linkable.text, 'png'), linkableRequest, bbsIssuer);
    expect(result.errors).toEqual([]);
    expect(result.disclosed).toEqual({ givenName: ERIKA.givenName });
  });

  it('verifies a bearer (bbs+2020 alone) presentation read back from its PNG', async () => {
    const result = await verifierChecks(await renderQr(bearer.text, 'png'), bearerRequest, bbsIssuer);
    expect(result.errors).toEqual([]);
    expect(result.disclosed).toEqual({ nationality: ERIKA.nationality });
  });

  it('a BBS value altered in the compact form (another given name) decodes but does not verify', async () => {
    const items = decode(linkable.bytes.subarray(1)) as unknown[][];
    items[1]![1] = ['Mallory'];
    const png = await renderQr(toCompactText(Uint8Array.of(linkable.bytes[0]!, ...encode(items)), 'presentation'), 'png');
    const result = await verifierChecks(png, linkableRequest, bbsIssuer);
    expect(result.verified).toBe(false);
    expect(result.errors.map((e) => e.code)).toContain('INVALID_BBS_PROOF');
  });
});

describe('renderQr and the image readers', () => {
  it('SVG and terminal renderings hold a QR code', async () => {
    expect(await renderQr(age.text, 'svg')).toMatch(/^<svg[^>]*viewBox/);
    expect(await renderQr(age.text, 'terminal')).toMatch(/[█▀▄]/);
  });

  it('refuses a file that is not a PNG, and a PNG whose header claims 100000 pixels a side', async () => {
    expect(() => readQrPng(new TextEncoder().encode('GIF89a.....................'))).toThrow(CompactError);
    const png = Uint8Array.from(await renderQr(age.text, 'png'));
    new DataView(png.buffer).setUint32(16, 100_000);
    const err = (() => {
      try {
        readQrPng(png);
      } catch (e) {
        return e as CompactError;
      }
      throw new Error('expected a throw');
    })();
    expect(err.code).toBe('COMPACT_OVERSIZED');
  });

  it('refuses pixels without a QR code, and a buffer of the wrong size', () => {
    expect(() => readQrPixels(new Uint8Array(40 * 40 * 4).fill(255), 40, 40)).toThrow(/no readable QR code/);
    expect(() => readQrPixels(new Uint8Array(10), 40, 40)).toThrow(/does not match/);
  });

  it('refuses text no QR code holds', () => {
    expect(() => qrVersion('A'.repeat(5000))).toThrow(CompactError);
  });
});
