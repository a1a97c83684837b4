/**
 * Compact requests (src/compact/request.ts): random requests round-trip to canonical-JSON-equal
 * documents (so a verifier's signature still verifies); schemas, keys and sets travel by
 * reference only when the decoder knows them; BBS requests and unknown fields are refused by
 * the encoder; malformed bytes are typed errors, and the decoder throws nothing else under fuzz.
 */
import { decode, encode } from 'cborg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CompactError, InputError, PERSON_SCHEMA, Wallet, createProver, createRequest, decodeRequest, defaultAcceptedKeys, defineSchema, encodeRequest,
  issuerKeysFromSecret, type Predicate, type PresentationRequest,
} from '../../src/index.js';
import { canonicalJson } from '../../src/internal/canonical-json.js';
import { EU_COUNTRIES, NOW, TODAY, issuerKeys } from '../helpers/library.js';

const SEED = 1617;
const keys = defaultAcceptedKeys();
const issuers = [issuerKeys(1).did, issuerKeys(2).did];
const verifier = issuerKeysFromSecret(new Uint8Array(32).fill(9));
const references = { keys, sets: { EU: EU_COUNTRIES } };

function request(extra: Partial<Parameters<typeof createRequest>[0]> = {}): PresentationRequest {
  return createRequest({ schema: PERSON_SCHEMA, trustedIssuers: issuers, acceptedKeys: keys, today: TODAY, now: NOW, ...extra });
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
      (disclose, predicates, scope, signed, audience, withReferences, validFor) => {
        const req = request({
          disclose, predicates, validForSeconds: validFor, ...(scope !== undefined && { scope }), ...(audience !== undefined && { audience }),
          ...(signed && { verifier: { did: verifier.did, secretKey: verifier.secretKey } }),
        });
        const refs = withReferences ? references : undefined;
        const decoded = decodeRequest(encodeRequest(req, refs), refs);
        expect(canonicalJson(decoded)).toBe(canonicalJson(req));
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
  it('a BBS request (UNSUPPORTED)', () => {
    const bbs = request({ bbs: { suite: 'bbs-2023', disclose: ['givenName'] } });
    const err = thrownBy(() => encodeRequest(bbs));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('UNSUPPORTED');
  });

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

  it('never throws anything but a CompactError under fuzz', () => {
    const samples = [bytes, encodeRequest(request({ disclose: ['givenName'], scope: 'x', predicates: PREDICATES.slice(2, 5), verifier: { did: verifier.did, secretKey: verifier.secretKey } }), references)];
    fc.assert(fc.property(fc.nat(1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.uint8Array({ maxLength: 200 }), (r, edits, junk) => {
      const edited = Uint8Array.from(samples[r]!);
      for (const [at, value] of edits) edited[at % edited.length] = value;
      for (const candidate of [edited, Uint8Array.of(0x21, ...junk)]) {
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
