/**
 * Compact presentations (src/compact/presentation.ts) without proving: synthetic presentations
 * (valid points, public signals from circuit-input's expectedPublicSignals) over random requests
 * round-trip exactly; the encoder refuses what it cannot rebuild; each malformed input is a
 * typed CompactError (truncated, oversized, wrong version or kind, non-canonical CBOR, trailing
 * bytes, bad points, unresolvable references); and a fuzz run shows the decoder throws nothing
 * else. Real proofs through QR images are in qr-flow.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CompactError, InputError, PERSON_SCHEMA, RootViews, createRequest, decodePresentation, defaultAcceptedKeys, encodePresentation,
  type Predicate, type Presentation, type PresentationRequest,
} from '../../src/index.js';
import { encode } from 'cborg';
import { NOW, TODAY, issuerKeys, makeIssuer, copy } from '../helpers/library.js';
import { proofFromScalars, scalar, syntheticPresentation } from './helpers.js';

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

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof CompactError)) throw err;
    return err.code;
  }
  throw new Error('expected a CompactError');
}

const ageRequest = request({ predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] });
const age = present(ageRequest);
const ageBytes = encodePresentation(age, { request: ageRequest, rootStatements: [exported.rootStatement] });
const decode = (bytes: Uint8Array, req: unknown = ageRequest): Presentation => decodePresentation(bytes, { request: req, roots: rootViews });

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
  it('a presentation with a BBS half (UNSUPPORTED)', () => {
    const withBbs = { ...copy(age), linkable: true as const };
    const err = thrownBy(() => encodePresentation(withBbs, { request: ageRequest }));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('UNSUPPORTED');
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
    expect(codeOf(() => decode(Uint8Array.of(0x12, ...ageBytes.subarray(1))))).toBe('COMPACT_VERSION');
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

  it('a map where the array belongs', () => {
    expect(codeOf(() => decode(Uint8Array.of(0x11, 0xa0)))).toBe('COMPACT_MALFORMED');
  });
});

describe('decodePresentation fuzz', () => {
  // Small sets: parsing a request hashes each set value (the EU's 27 take ~16 ms a parse).
  const requests = [ageRequest, request({ disclose: ['givenName', 'birthDate'], scope: 's', predicates: [PREDICATES[0]!, { attribute: 'nationality', op: 'in', values: ['DE', 'FR'] }] })];
  const samples = requests.map((r) => encodePresentation(present(r), { request: r, rootStatements: [exported.rootStatement] }));

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
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(1), (bytes, r) => {
      outcome(Uint8Array.of(0x11, ...bytes), requests[r]!);
      outcome(bytes, requests[r]!);
    }), { seed: SEED, numRuns: 500 });
  });

  it('never throws anything but a CompactError on mutations of valid encodings', () => {
    fc.assert(fc.property(fc.nat(1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(8), (r, edits, cut) => {
      const bytes = Uint8Array.from(samples[r]!);
      for (const [at, value] of edits) bytes[at % bytes.length] = value;
      outcome(bytes.subarray(0, bytes.length - (cut === 8 ? 0 : cut)), requests[r]!);
    }), { seed: SEED, numRuns: 500 });
  });
});

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}
