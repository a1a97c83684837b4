/**
 * Compact requests (src/compact/request.ts): random requests round-trip to canonical-JSON-equal
 * documents (so a verifier's signature still verifies); schemas, keys and sets travel by
 * reference only when the decoder knows them; BBS requests (linkable or bearer) take format
 * version 2 and the others keep version 1; unknown fields are refused by the encoder; malformed
 * bytes are typed errors, and the decoder throws nothing else under fuzz.
 */
import { decode, encode } from 'cborg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CompactError, InputError, PERSON_SCHEMA, Wallet, createProver, createRequest, decodeRequest, defaultAcceptedKeys, defineSchema, encodeRequest,
  issuerKeysFromSecret, BBS_SUITES, type Predicate, type PresentationRequest,
} from '../../src/index.js';
import { canonicalJson } from '../../src/internal/canonical-json.js';
import { EU_COUNTRIES, NOW, TODAY, issuerKeys } from '../helpers/library.js';
import { codeOf } from './helpers.js';

const SEED = 1617;
const keys = defaultAcceptedKeys();
const issuers = [issuerKeys(1).did, issuerKeys(2).did];
const verifier = issuerKeysFromSecret(new Uint8Array(32).fill(9));
const references = { keys, sets: { EU: EU_COUNTRIES } };

function request(extra: Partial<Parameters<typeof createRequest>[0]> = {}): PresentationRequest {
  return createRequest({ schema: PERSON_SCHEMA, trustedIssuers: issuers, acceptedKeys: keys, today: TODAY, now: NOW, ...extra });
}


const PREDICATES: Predicate[] = [
  { attribute: 'birthDate', op: 'ageAtLeast', value: 18 },
  { attribute: 'nationality', op: 'in', values: [...EU_COUNTRIES] },
  { attribute: 'nationality', op: 'notIn', values: ['XX', 'YY'] },
  { attribute: 'birthDate', op: 'between', min: '1950-01-01', max: '2000-12-31' },
  { attribute: 'documentNumber', op: 'ne', value: 'X1' },
];
const ageRequest = request({ predicates: [PREDICATES[0]!] });

describe('encodeRequest / decodeRequest round trip', () => {
  it('rebuilds random requests, signed or not, with or without references', () => {
    const names = PERSON_SCHEMA.attributes.map((a) => a.name);
    fc.assert(fc.property(
      fc.subarray(names), fc.subarray(PREDICATES, { maxLength: 4 }), fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: undefined }),
      fc.boolean(), fc.option(fc.constantFrom('https://shop.example', 'https://bar.example'), { nil: undefined }), fc.boolean(), fc.nat(86400),
      fc.option(fc.record({ suite: fc.constantFrom(...BBS_SUITES), disclose: fc.subarray(names), mode: fc.constantFrom(undefined, 'linkable' as const, 'bearer' as const) }), { nil: undefined }),
      (disclose, predicates, scope, signed, audience, withReferences, validFor, bbsPart) => {
        const bearer = bbsPart?.mode === 'bearer';
        const bbs = bbsPart === undefined ? undefined : { suite: bbsPart.suite, disclose: bbsPart.disclose, ...(bbsPart.mode !== undefined && { mode: bbsPart.mode }) };
        const req = request({
          disclose: bearer ? [] : disclose, predicates: bearer ? [] : predicates, validForSeconds: validFor, ...(scope !== undefined && { scope }),
          ...(audience !== undefined && { audience }), ...(signed && { verifier: { did: verifier.did, secretKey: verifier.secretKey } }), ...(bbs !== undefined && { bbs }),
        });
        const refs = withReferences ? references : undefined;
        const bytes = encodeRequest(req, refs);
        expect(bytes[0]).toBe(bbs === undefined ? 0x21 : 0x22);
        const decoded = decodeRequest(bytes, refs);
        expect(canonicalJson(decoded)).toBe(canonicalJson(req));
        expect(JSON.stringify(decoded.bbs)).toBe(JSON.stringify(req.bbs));
      },
    ), { seed: SEED, numRuns: 30 });
  });

  it('a signed request still verifies in the wallet after the round trip', async () => {
    const signed = request({ predicates: [PREDICATES[0]!], verifier: { did: verifier.did, secretKey: verifier.secretKey }, audience: 'https://shop.example' });
    const decoded = decodeRequest(encodeRequest(signed, references), references);
    const prover = createProver();
    const wallet = new Wallet({ holderSecret: 5n, prover });
    expect(wallet.describeRequest(decoded).verifier).toBe(verifier.did);
    await prover.close();
  });

  it('sends the EU set by name only when both sides publish it', () => {
    const eu = request({ predicates: [PREDICATES[1]!] });
    const byName = encodeRequest(eu, references);
    const byValues = encodeRequest(eu, { keys });
    expect(byValues.length - byName.length).toBeGreaterThan(70);
    expect(codeOf(() => decodeRequest(byName, { keys }))).toBe('COMPACT_UNRESOLVED');
  });

  it('sends accepted keys by index only when the decoder knows them', () => {
    const byIndex = encodeRequest(ageRequest, references);
    expect(encodeRequest(ageRequest).length - byIndex.length).toBeGreaterThan(300);
    expect(codeOf(() => decodeRequest(byIndex))).toBe('COMPACT_UNRESOLVED');
  });

  it('writes a schema the decoder does not know in full, and refuses a schema id it cannot resolve', () => {
    const schema = defineSchema({ id: 'https://example.org/schemas/member/v1', attributes: [{ name: 'birthDate', type: 'date' }, { name: 'level', type: 'integer' }] });
    const req = createRequest({ schema, trustedIssuers: issuers, acceptedKeys: keys, today: TODAY, now: NOW, predicates: [{ attribute: 'level', op: 'gte', value: 3 }] });
    expect(canonicalJson(decodeRequest(encodeRequest(req)))).toBe(canonicalJson(req));
    const byId = encodeRequest(req, { schemas: [schema] });
    expect(codeOf(() => decodeRequest(byId))).toBe('COMPACT_UNRESOLVED');
  });

  it('the age-only request with known keys takes at most 200 bytes', () => {
    expect(encodeRequest(ageRequest, references).length).toBeLessThanOrEqual(200);
  });
});

describe('encodeRequest refuses', () => {

  it('a request with a field the compact form does not carry', () => {
    const extra = { ...ageRequest, note: 'hello' } as PresentationRequest;
    expect((thrownBy(() => encodeRequest(extra)) as InputError).message).toMatch(/rebuild exactly/);
  });

  it('an expiresAt that is not an exact ISO instant keeps its text', () => {
    const odd = { ...ageRequest, expiresAt: '2099-01-01T00:00:00Z' };
    expect(decodeRequest(encodeRequest(odd, references), references).expiresAt).toBe('2099-01-01T00:00:00Z');
  });
});

describe('decodeRequest refuses, with a typed error', () => {
  const bytes = encodeRequest(ageRequest, references);
  it('truncated, trailing, presentation kind', () => {
    expect(codeOf(() => decodeRequest(bytes.subarray(0, bytes.length - 3), references))).toBe('COMPACT_TRUNCATED');
    expect(codeOf(() => decodeRequest(Uint8Array.of(...bytes, 1), references))).toBe('COMPACT_TRAILING_BYTES');
    expect(codeOf(() => decodeRequest(Uint8Array.of(0x11, ...bytes.subarray(1)), references))).toBe('COMPACT_VERSION');
  });

  it('a disclose index past the schema', () => {
    const items = decode(bytes.subarray(1)) as unknown[];
    items[5] = [9]; // disclose: attribute 9 of a 5-attribute schema
    const edited = Uint8Array.of(0x21, ...encode(items));
    expect(codeOf(() => decodeRequest(edited, references))).toBe('COMPACT_MALFORMED');
  });

  it('a decoded request that parseRequest refuses (today 2026-13-99)', () => {
    const items = decode(bytes.subarray(1)) as unknown[];
    items[1] = 20261399;
    const err = thrownBy(() => decodeRequest(Uint8Array.of(0x21, ...encode(items)), references));
    expect(err).toBeInstanceOf(CompactError);
    expect((err as CompactError).code).toBe('COMPACT_MALFORMED');
    expect((err as CompactError).message).toMatch(/request\.today/);
  });

  const linkable = encodeRequest(request({ predicates: [PREDICATES[0]!], bbs: { suite: 'bbs-2023', disclose: ['givenName'] } }), references);
  it('version 1 and version 2 bytes each with the other\'s item count, and a BBS part that is not one', () => {
    expect(linkable[0]).toBe(0x22);
    expect(codeOf(() => decodeRequest(Uint8Array.of(0x22, ...bytes.subarray(1)), references))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => decodeRequest(Uint8Array.of(0x21, ...linkable.subarray(1)), references))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => decodeRequest(Uint8Array.of(0x23, ...linkable.subarray(1)), references))).toBe('COMPACT_VERSION');
    const items = decode(linkable.subarray(1)) as unknown[];
    for (const [bbs, field] of [[[2, [0], null], 'request.bbs.suite'], [[0, [9], null], 'request.bbs.disclose'], [[0, [0], 2], 'request.bbs.mode'], [[0, [0]], 'request.bbs']] as const) {
      items[13] = bbs;
      const err = thrownBy(() => decodeRequest(Uint8Array.of(0x22, ...encode(items)), references)) as CompactError;
      expect(err.code).toBe('COMPACT_MALFORMED');
      expect(err.message).toContain(field);
    }
  });

  it('a bearer BBS part beside predicates (parseRequest refuses the decoded request)', () => {
    const items = decode(linkable.subarray(1)) as unknown[];
    items[13] = [1, [0], 1]; // mode bearer, but the request has an age predicate
    expect(codeOf(() => decodeRequest(Uint8Array.of(0x22, ...encode(items)), references))).toBe('COMPACT_MALFORMED');
  });

  it('never throws anything but a CompactError under fuzz', () => {
    const samples = [bytes, encodeRequest(request({ disclose: ['givenName'], scope: 'x', predicates: PREDICATES.slice(2, 5), verifier: { did: verifier.did, secretKey: verifier.secretKey } }), references), linkable];
    fc.assert(fc.property(fc.nat(2), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.uint8Array({ maxLength: 200 }), (r, edits, junk) => {
      const edited = Uint8Array.from(samples[r]!);
      for (const [at, value] of edits) edited[at % edited.length] = value;
      for (const candidate of [edited, Uint8Array.of(0x21, ...junk), Uint8Array.of(0x22, ...junk)]) {
        try {
          decodeRequest(candidate, references);
        } catch (err) {
          if (!(err instanceof CompactError)) throw err;
        }
      }
    }), { seed: SEED, numRuns: 600 });
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
