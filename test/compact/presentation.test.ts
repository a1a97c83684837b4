/**
 * Compact presentations (src/compact/presentation.ts) without proving: synthetic presentations
 * (valid points, public signals from circuit-input's expectedPublicSignals; BBS halves around
 * proof bytes of the suite's length) over random requests round-trip exactly, SNARK-only in
 * format version 1 (its bytes pinned), linkable and bearer in version 2; the encoder refuses
 * what it cannot rebuild; each malformed input is a typed CompactError (truncated, oversized,
 * wrong version or kind, non-canonical CBOR, trailing bytes, bad points, BBS fields of the
 * wrong length, a non-canonical linked commitment, unresolvable references); and a fuzz run
 * shows the decoder throws nothing else. Real proofs through QR images are in qr-flow.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BBS_SUITES, CompactError, FIELD_MODULUS, InputError, PERSON_SCHEMA, RootViews, createRequest, decodePresentation, defaultAcceptedKeys, encodePresentation,
  type Predicate, type Presentation, type PresentationRequest,
} from '../../src/index.js';
import { decode as decodeCbor, encode } from 'cborg';
import { NOW, TODAY, VALID_UNTIL, issuerKeys, makeIssuer, copy } from '../helpers/library.js';
import { proofFromScalars, scalar, syntheticPresentation, withBbsHalf, codeOf } from './helpers.js';

const SEED = 1616;
const acceptedKeys = defaultAcceptedKeys();
const issuer = makeIssuer(issuerKeys(1));
const other = makeIssuer(issuerKeys(2));
const exported = issuer.exportRegistry();
const rootViews = new RootViews();
rootViews.addExport(exported);
const root = BigInt(exported.rootStatement.root);

const ERIKA = { givenName: 'Erika', familyName: 'Mustermann', birthDate: '1990-05-17', nationality: 'DE', documentNumber: 'T22000129' };

function request(extra: Partial<Parameters<typeof createRequest>[0]> = {}): PresentationRequest {
  return createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [other.did, issuer.did], acceptedKeys, today: TODAY, now: NOW, ...extra });
}

function present(req: PresentationRequest, attributes: Record<string, string | number | boolean> = ERIKA, proofScalars: [bigint, bigint, bigint] = [3n, 5n, 7n]): Presentation {
  return syntheticPresentation(req, { issuer: issuer.did, attributes, holderSecret: 99n, root, proof: proofFromScalars(...proofScalars) });
}


/** A linkable (or, with no SNARK half, bearer) presentation: `present` plus its BBS half. */
function presentBbs(req: PresentationRequest, seed = 1, extra: { issuedAtText?: string; attributes?: typeof ERIKA } = {}): Presentation {
  const attributes = extra.attributes ?? ERIKA;
  const snark = req.bbs?.mode === 'bearer' ? undefined : present(req, attributes);
  return withBbsHalf(req, snark, { issuer: issuerKeys(1), attributes, validUntil: VALID_UNTIL, issuedAt: NOW, seed, ...(extra.issuedAtText !== undefined && { issuedAtText: extra.issuedAtText }) });
}

const ageRequest = request({ predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] });
const age = present(ageRequest);
const ageBytes = encodePresentation(age, { request: ageRequest, rootStatements: [exported.rootStatement] });
const decode = (bytes: Uint8Array, req: unknown = ageRequest): Presentation => decodePresentation(bytes, { request: req, roots: rootViews });
const linkableRequest = request({ predicates: ageRequest.predicates, bbs: { suite: 'bbs-2023', disclose: ['givenName', 'birthDate'] } });
const linkable = presentBbs(linkableRequest);
const linkableBytes = encodePresentation(linkable, { request: linkableRequest, rootStatements: [exported.rootStatement] });
const bearerRequest = request({ bbs: { suite: 'bbs+2020', disclose: ['nationality'], mode: 'bearer' } });
const bearerBytes = encodePresentation(presentBbs(bearerRequest), { request: bearerRequest });
/** The decoded CBOR item of compact bytes, edited by `edit`, re-encoded under the same header. */
function edited(bytes: Uint8Array, edit: (items: any[]) => void): Uint8Array {
  const items = decodeCbor(bytes.subarray(1), { useMaps: true }) as any[];
  edit(items);
  return Uint8Array.of(bytes[0]!, ...encode(items));
}

const PREDICATES: Predicate[] = [
  { attribute: 'birthDate', op: 'ageAtLeast', value: 18 },
  { attribute: 'nationality', op: 'in', values: ['DE', 'FR', 'IT'] },
  { attribute: 'documentNumber', op: 'ne', value: 'X1' },
  { attribute: 'birthDate', op: 'between', min: '1950-01-01', max: '2000-12-31' },
];

describe('encodePresentation / decodePresentation round trip', () => {
  it('rebuilds random presentations exactly, with the root by reference or by value', () => {
    const names = PERSON_SCHEMA.attributes.map((a) => a.name);
    fc.assert(fc.property(
      fc.subarray(names), fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }), fc.subarray(PREDICATES, { maxLength: 4 }),
      fc.string({ maxLength: 60 }), fc.boolean(), fc.tuple(fc.bigInt({ min: 1n, max: 2n ** 250n }), fc.bigInt({ min: 1n, max: 2n ** 250n }), fc.bigInt({ min: 1n, max: 2n ** 250n })),
      (disclose, scope, predicates, givenName, byReference, scalars) => {
        const req = request({ disclose, predicates, ...(scope !== undefined && { scope }) });
        const p = present(req, { ...ERIKA, givenName }, scalars.map(scalar) as [bigint, bigint, bigint]);
        const bytes = encodePresentation(p, { request: req, ...(byReference && { rootStatements: [exported.rootStatement] }) });
        expect(decode(bytes, req)).toEqual(p);
        expect(JSON.stringify(decode(bytes, req))).toBe(JSON.stringify(p));
      },
    ), { seed: SEED, numRuns: 25 });
  });

  it('rebuilds random linkable and bearer presentations exactly (both suites, any issuedAt form)', () => {
    const names = PERSON_SCHEMA.attributes.map((a) => a.name);
    fc.assert(fc.property(
      fc.constantFrom(...BBS_SUITES), fc.boolean(), fc.subarray(names), fc.subarray(names), fc.subarray(PREDICATES, { maxLength: 2 }),
      fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }), fc.string({ maxLength: 40 }), fc.nat(255), fc.boolean(), fc.boolean(),
      (suite, bearer, bbsDisclose, disclose, predicates, scope, givenName, seed, oddIssuedAt, byReference) => {
        const req = request({
          bbs: { suite, disclose: bbsDisclose, ...(bearer && { mode: 'bearer' as const }) }, ...(!bearer && { disclose, predicates }), ...(scope !== undefined && { scope }),
        });
        const p = presentBbs(req, seed, { attributes: { ...ERIKA, givenName }, ...(oddIssuedAt && { issuedAtText: '2026-11-29T10:00:00Z' }) });
        const bytes = encodePresentation(p, { request: req, ...(byReference && { rootStatements: [exported.rootStatement] }) });
        expect(bytes[0]).toBe(0x12);
        expect(JSON.stringify(decode(bytes, req))).toBe(JSON.stringify(p));
      },
    ), { seed: SEED, numRuns: 25 });
  });

  it('keeps SNARK-only presentations in format version 1, byte for byte', () => {
    // Written by the version-1 encoder (before BBS halves had a compact form); pinned so that
    // old QR codes keep decoding and new SNARK-only codes stay as small.
    expect(Buffer.from(ageBytes).toString('hex')).toBe(AGE_BYTES_V1);
    expect(decode(Uint8Array.from(Buffer.from(AGE_BYTES_V1, 'hex')))).toEqual(age);
  });

  it('the linked commitment travels once, as 34 bytes', () => {
    const items = decodeCbor(linkableBytes.subarray(1)) as unknown[][];
    expect(items[0]).toHaveLength(6); // key, proof, issuer, root, disclosed, linked commitment
    expect(linkable.bbs!.commitment).toBe(linkable.zk!.publicSignals[17]);
    expect(linkable.bbs!.commitment).not.toBe('0');
  });

  it('the age-only presentation without a scope takes at most 200 bytes', () => {
    expect(ageBytes.length).toBeLessThanOrEqual(200);
  });

  it('the nullifier travels exactly when the request has a scope', () => {
    const scoped = request({ scope: 'https://shop.example', predicates: ageRequest.predicates });
    const bytes = encodePresentation(present(scoped), { request: scoped, rootStatements: [exported.rootStatement] });
    expect(bytes.length - ageBytes.length).toBe(34); // bytes(32): a 2-byte head and 32 bytes
  });
});

describe('encodePresentation refuses', () => {
  it('a BBS half for a request without BBS, and a linkable presentation without its BBS half', () => {
    const withBbs = { ...copy(age), linkable: true as const };
    expect((thrownBy(() => encodePresentation(withBbs, { request: ageRequest })) as InputError).field).toBe('presentation.bbs');
    const { bbs: _dropped, ...withoutBbs } = copy(linkable);
    expect((thrownBy(() => encodePresentation(withoutBbs, { request: linkableRequest })) as InputError).field).toBe('presentation.bbs');
  });

  it('a BBS commitment other than the SNARK\'s linked commitment, and a BBS key statement of an untrusted issuer', () => {
    const unlinked = copy(linkable);
    unlinked.bbs!.commitment = '12345';
    expect((thrownBy(() => encodePresentation(unlinked, { request: linkableRequest })) as InputError).message).toMatch(/rebuild exactly/);
    const foreign = copy(linkable);
    foreign.bbs!.keyStatement.issuer = makeIssuer(issuerKeys(3)).did;
    expect((thrownBy(() => encodePresentation(foreign, { request: linkableRequest })) as InputError).field).toBe('presentation.bbs.keyStatement.issuer');
  });

  it('a BBS proof that is not base64url, and one of the wrong length', () => {
    const broken = copy(linkable);
    broken.bbs!.proof = '!!';
    expect((thrownBy(() => encodePresentation(broken, { request: linkableRequest })) as InputError).field).toBe('presentation.bbs.proof');
    broken.bbs!.proof = linkable.bbs!.proof.slice(0, -4);
    expect((thrownBy(() => encodePresentation(broken, { request: linkableRequest })) as InputError).message).toMatch(/presentation\.bbs\.proof/);
  });

  it('a presentation for another request (public signals the request does not give)', () => {
    const otherRequest = request({ predicates: ageRequest.predicates });
    const err = thrownBy(() => encodePresentation(age, { request: otherRequest }));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/rebuild exactly/);
  });

  it('a presentation whose issuer the request does not trust', () => {
    const err = thrownBy(() => encodePresentation({ ...age, issuer: makeIssuer(issuerKeys(3)).did }, { request: ageRequest }));
    expect((err as InputError).field).toBe('presentation.issuer');
  });

  it('a proof that is not snarkjs JSON', () => {
    const broken = copy(age);
    broken.zk!.proof.pi_a = ['x', 'y', '1'];
    expect((thrownBy(() => encodePresentation(broken, { request: ageRequest })) as InputError).field).toBe('presentation.zk.proof');
  });
});

describe('decodePresentation refuses, with a typed error', () => {
  it('truncated bytes', () => {
    for (const cut of [1, 10, ageBytes.length - 1]) expect(codeOf(() => decode(ageBytes.subarray(0, cut)))).toBe('COMPACT_TRUNCATED');
  });

  it('oversized bytes', () => {
    expect(codeOf(() => decode(new Uint8Array(3000)))).toBe('COMPACT_OVERSIZED');
  });

  it('another format version, and a request where a presentation is expected', () => {
    expect(codeOf(() => decode(Uint8Array.of(0x13, ...ageBytes.subarray(1))))).toBe('COMPACT_VERSION');
    expect(codeOf(() => decode(Uint8Array.of(0x10, ...ageBytes.subarray(1))))).toBe('COMPACT_VERSION');
    expect(codeOf(() => decode(Uint8Array.of(0x21, ...ageBytes.subarray(1))))).toMatch('COMPACT_VERSION');
  });

  it('trailing bytes', () => {
    expect(codeOf(() => decode(Uint8Array.of(...ageBytes, 0)))).toBe('COMPACT_TRAILING_BYTES');
  });

  it('a non-minimal integer head (key index 0 written as 0x18 0x00)', () => {
    // 0x85 = array(5); its first item, the key index, is the byte after it.
    expect(ageBytes[1]).toBe(0x85);
    const bytes = Uint8Array.of(ageBytes[0]!, ageBytes[1]!, 0x18, ...ageBytes.subarray(2));
    expect(codeOf(() => decode(bytes))).toBe('COMPACT_NON_CANONICAL');
  });

  it('an indefinite-length array', () => {
    const bytes = Uint8Array.of(ageBytes[0]!, 0x9f, ...ageBytes.subarray(2), 0xff);
    expect(codeOf(() => decode(bytes))).toBe('COMPACT_NON_CANONICAL');
  });

  it('a float where an integer belongs (non-deterministic encoding)', () => {
    const items = [0, new Uint8Array(128), 1, 0, []];
    const floatKey = Uint8Array.of(0x11, 0x85, 0xf9, 0x00, 0x00, ...encode(items).subarray(2));
    expect(codeOf(() => decode(floatKey))).toBe('COMPACT_NON_CANONICAL');
  });

  it('a proof point off the curve', () => {
    const bytes = Uint8Array.from(ageBytes);
    const proofAt = bytes.indexOf(0x58, 2) + 2; // bytes(128): 0x58 0x80, then the proof
    bytes.fill(0, proofAt, proofAt + 32);
    expect(codeOf(() => decode(bytes))).toBe('COMPACT_INVALID_POINT');
  });

  it('a root sequence the verifier\'s view does not hold, or no view at all', () => {
    const bytes = Uint8Array.from(ageBytes);
    expect(bytes[bytes.length - 2]).toBe(exported.rootStatement.sequence); // [.., root seq, [] ]
    bytes[bytes.length - 2] = exported.rootStatement.sequence + 1;
    expect(codeOf(() => decode(bytes))).toBe('COMPACT_UNRESOLVED');
    expect(codeOf(() => decodePresentation(ageBytes, { request: ageRequest }))).toBe('COMPACT_UNRESOLVED');
  });

  it('a key index the request does not have', () => {
    const bytes = Uint8Array.of(ageBytes[0]!, ageBytes[1]!, 0x17, ...ageBytes.subarray(3));
    expect(codeOf(() => decode(bytes))).toBe('COMPACT_UNRESOLVED');
  });

  it('a key whose circuit cannot express the request', () => {
    const twoPredicates = request({ predicates: PREDICATES.slice(0, 2) });
    const p = present(twoPredicates);
    const bytes = encodePresentation(p, { request: twoPredicates });
    const small = twoPredicates.acceptedKeys.findIndex((k) => k.circuit === 'presentation-16-1-1-20');
    expect(codeOf(() => decode(Uint8Array.of(bytes[0]!, bytes[1]!, small, ...bytes.subarray(3)), twoPredicates))).toBe('COMPACT_MALFORMED');
  });

  it('a disclosed value of the wrong type', () => {
    const req = request({ disclose: ['birthDate'] });
    const bytes = encodePresentation(present(req), { request: req });
    // The date travels as uint 19900517 (0x1a + 4 bytes); make it the text "x".
    const at = bytes.length - 5;
    expect(bytes[at]).toBe(0x1a);
    expect(codeOf(() => decode(Uint8Array.of(...bytes.subarray(0, at), 0x61, 0x78), req))).toBe('COMPACT_MALFORMED');
  });

  it('a version that is not the request\'s: version 2 for a SNARK-only request, version 1 for a linkable one', () => {
    expect(codeOf(() => decode(Uint8Array.of(0x12, ...ageBytes.subarray(1))))).toBe('COMPACT_VERSION');
    expect(codeOf(() => decode(Uint8Array.of(0x11, ...linkableBytes.subarray(1)), linkableRequest))).toBe('COMPACT_VERSION');
  });

  it('a BBS proof one byte short, one byte long, or missing', () => {
    expect(codeOf(() => decode(edited(linkableBytes, (i) => { i[1][0] = i[1][0].subarray(1); }), linkableRequest))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => decode(edited(linkableBytes, (i) => { i[1][0] = Uint8Array.of(...i[1][0], 0); }), linkableRequest))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => decode(edited(linkableBytes, (i) => { i[1].shift(); }), linkableRequest))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => decode(linkableBytes.subarray(0, linkableBytes.length - 100), linkableRequest))).toBe('COMPACT_TRUNCATED');
  });

  it('a linked commitment that is not a canonical field element, or is missing', () => {
    const big = Uint8Array.from(Buffer.from(FIELD_MODULUS.toString(16).padStart(64, '0'), 'hex'));
    expect(codeOf(() => decode(edited(linkableBytes, (i) => { i[0][5] = big; }), linkableRequest))).toBe('COMPACT_NON_CANONICAL');
    expect(codeOf(() => decode(edited(linkableBytes, (i) => { i[0].pop(); }), linkableRequest))).toBe('COMPACT_MALFORMED');
  });

  it('key statement fields of the wrong length or range', () => {
    const cases: [(i: any[]) => void, string][] = [
      [(i) => { i[1][3][1][0][1] = i[1][3][1][0][1].subarray(1); }, 'COMPACT_MALFORMED'], // a 95-byte BBS public key
      [(i) => { i[1][3][1][0][0] = 2; }, 'COMPACT_MALFORMED'], // a suite index past BBS_SUITES
      [(i) => { i[1][3][1] = []; }, 'COMPACT_MALFORMED'], // no keys
      [(i) => { i[1][3][3] = new Uint8Array(63); }, 'COMPACT_MALFORMED'], // a short signature
      [(i) => { i[1][3][0] = 2; }, 'COMPACT_UNRESOLVED'], // issuer index past trustedIssuers
      [(i) => { i[1][3][2] = 9e15; }, 'COMPACT_MALFORMED'], // issuedAt past the last Date
    ];
    for (const [edit, code] of cases) expect(codeOf(() => decode(edited(linkableBytes, edit), linkableRequest))).toBe(code);
  });

  it('BBS disclosed values of the wrong type or count, and a validUntil that is no date', () => {
    expect(codeOf(() => decode(edited(linkableBytes, (i) => { i[1][1][1] = 'x'; }), linkableRequest))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => decode(edited(linkableBytes, (i) => { i[1][1].pop(); }), linkableRequest))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => decode(edited(linkableBytes, (i) => { i[1][2] = 20301399; }), linkableRequest))).toBe('COMPACT_MALFORMED');
  });

  it('a bearer presentation with a SNARK half', () => {
    expect(codeOf(() => decode(edited(bearerBytes, (i) => { i[0] = []; }), bearerRequest))).toBe('COMPACT_MALFORMED');
    expect(decode(bearerBytes, bearerRequest).bearer).toBe(true);
  });

  it('trailing bytes after a version-2 presentation', () => {
    expect(codeOf(() => decode(Uint8Array.of(...linkableBytes, 0), linkableRequest))).toBe('COMPACT_TRAILING_BYTES');
  });

  it('a map where the array belongs', () => {
    expect(codeOf(() => decode(Uint8Array.of(0x11, 0xa0)))).toBe('COMPACT_MALFORMED');
  });
});

describe('decodePresentation fuzz', () => {
  // Small sets: parsing a request hashes each set value (the EU's 27 take ~16 ms a parse).
  const scoped = request({ disclose: ['givenName', 'birthDate'], scope: 's', predicates: [PREDICATES[0]!, { attribute: 'nationality', op: 'in', values: ['DE', 'FR'] }] });
  const requests = [ageRequest, scoped, linkableRequest, bearerRequest];
  const samples = [
    ageBytes, encodePresentation(present(scoped), { request: scoped, rootStatements: [exported.rootStatement] }), linkableBytes, bearerBytes,
  ];

  const outcome = (bytes: Uint8Array, req: PresentationRequest): string => {
    try {
      decodePresentation(bytes, { request: req, roots: rootViews });
      return 'decoded';
    } catch (err) {
      if (err instanceof CompactError) return err.code;
      throw err;
    }
  };

  it('never throws anything but a CompactError on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(3), (bytes, r) => {
      outcome(Uint8Array.of(0x11, ...bytes), requests[r]!);
      outcome(Uint8Array.of(0x12, ...bytes), requests[r]!);
      outcome(bytes, requests[r]!);
    }), { seed: SEED, numRuns: 500 });
  });

  it('never throws anything but a CompactError on mutations of valid encodings', () => {
    fc.assert(fc.property(fc.nat(3), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(8), (r, edits, cut) => {
      const bytes = Uint8Array.from(samples[r]!);
      for (const [at, value] of edits) bytes[at % bytes.length] = value;
      outcome(bytes.subarray(0, bytes.length - (cut === 8 ? 0 : cut)), requests[r]!);
    }), { seed: SEED, numRuns: 500 });
  });

  it('never throws anything but a CompactError on version-2 items with fields swapped for random CBOR values', () => {
    const value = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n - 1n }), fc.string({ maxLength: 8 }), fc.uint8Array({ maxLength: 40 }), fc.array(fc.nat(3), { maxLength: 3 }));
    fc.assert(fc.property(fc.nat(1), fc.array(fc.nat(3), { minLength: 1, maxLength: 3 }), value, (r, path, replacement) => {
      const [req, bytes] = r === 0 ? [linkableRequest, linkableBytes] : [bearerRequest, bearerBytes];
      outcome(edited(bytes, (items) => {
        let node: any = items;
        for (const step of path.slice(0, -1)) if (Array.isArray(node[step % node.length])) node = node[step % node.length];
        if (Array.isArray(node) && node.length > 0) node[path.at(-1)! % node.length] = replacement;
      }), req);
    }), { seed: SEED, numRuns: 500 });
  });
});

const AGE_BYTES_V1 = '11850158808769bf9ac56bea3ff40232bcb1b6bd159315d84715b8e679f2d355961915abf08a09ccf561b55fd99d1c1208dee1162457b57ac5af3759d50671e510e428b2a12e539c423b302d13f4e5773c603948eaf5db5df8ae8a9a9113708390a06410d817072b2ed3bb8d759a5325f477629386cb6fc6ecb801bd76983a6b86abffe078010080';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}
