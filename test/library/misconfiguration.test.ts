/**
 * Issue 13 item 6: misconfiguration fails at once with a typed error that names the field, the
 * limit or expectation, and the fix: trusted issuers that are not DIDs, a missing acceptedKeys,
 * verificationKeys given as `{ vkey, vkeyHash }`, and requests no accepted circuit can express.
 */
import { describe, expect, it } from 'vitest';
import {
  InputError, PERSON_SCHEMA, RequestError, createRequest, defaultAcceptedKeys, loadVerificationKey, parseRequest, verifyPresentation,
  type CreateRequestOptions,
} from '../../src/index.js';
import { EU_COUNTRIES, NOW, TODAY, issuerKeys, rejected, thrown } from '../helpers/library.js';

const ISSUER = issuerKeys(61).did;
const base = (): CreateRequestOptions => ({ schema: PERSON_SCHEMA, trustedIssuers: [ISSUER], acceptedKeys: defaultAcceptedKeys(), today: TODAY, now: NOW });

function inputError(fn: () => unknown, field: string, fix: RegExp): void {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).field).toBe(field);
  expect((err as InputError).message).toMatch(fix);
}

describe('trustedIssuers must be DIDs', () => {
  it.each([['the README placeholder', 'did:key:z6Mk...'], ['a name', 'Government of Examplia'], ['an https URL', 'https://issuer.example'],
    ['a did:key of another key type', 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme']])('%s is refused, naming the entry', (_label, did) => {
    inputError(() => createRequest({ ...base(), trustedIssuers: [ISSUER, did] }), 'request.trustedIssuers[1]', /not an Ed25519 did:key.*issuer\.did/);
  });

  it('a parsed request with such an entry is refused too', () => {
    const request = createRequest(base());
    inputError(() => parseRequest({ ...request, trustedIssuers: ['did:key:z6Mk...'] }), 'request.trustedIssuers[0]', /did:key/);
  });
});

describe('createRequest names missing options', () => {
  it.each(['acceptedKeys', 'trustedIssuers', 'schema'] as const)('without %s: InputError naming it and the fix, not a TypeError', (name) => {
    const options: Partial<CreateRequestOptions> = base();
    delete options[name];
    inputError(() => createRequest(options as CreateRequestOptions), name, /is required/);
  });

  it('the acceptedKeys error names defaultAcceptedKeys()', () => {
    const { acceptedKeys: _omitted, ...options } = base();
    inputError(() => createRequest(options as CreateRequestOptions), 'acceptedKeys', /defaultAcceptedKeys\(\)/);
  });
});

describe('verificationKeys given the wrong way', () => {
  const request = createRequest({ ...base(), predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] });
  const loaded = loadVerificationKey('presentation-16-1-1-20');

  it('{ circuit: { vkey, vkeyHash } }: InputError naming the entry and ".vkey"', async () => {
    const err = await rejected(verifyPresentation({}, request, { verificationKeys: { 'presentation-16-1-1-20': loaded as never } }));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe('options.verificationKeys.presentation-16-1-1-20');
    expect((err as InputError).message).toMatch(/pass its \.vkey/);
  });

  it('the loaded { vkey, vkeyHash } itself: InputError naming options.verificationKeys', async () => {
    const err = await rejected(verifyPresentation({}, request, { verificationKeys: loaded as never }));
    expect((err as InputError).field).toBe('options.verificationKeys');
    expect((err as InputError).message).toMatch(/loadVerificationKey\(circuit\)\.vkey/);
  });

  it('something that is not a Groth16 key: InputError naming the entry', async () => {
    const err = await rejected(verifyPresentation({}, request, { verificationKeys: { 'presentation-16-1-1-20': { hash: loaded.vkeyHash } } }));
    expect((err as InputError).message).toMatch(/snarkjs Groth16 verification key/);
  });
});

describe('a request no accepted circuit can express says which limit it exceeds', () => {
  const values = (n: number): string[] => Array.from({ length: n }, (_, i) => `C${i}`);

  it.each([33, 40, 64])('a set of %i values: names request.predicates[1].values, the limit 32 and the fix', (n) => {
    const err = thrown(() => createRequest({
      ...base(), predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }, { attribute: 'nationality', op: 'in', values: values(n) }],
    }));
    expect(err).toBeInstanceOf(RequestError);
    expect((err as RequestError).code).toBe('UNSUPPORTED');
    expect((err as RequestError).message).toBe(
      `"request.predicates[1].values" has ${n} values; the accepted circuits take sets of at most 32 (presentation-16-4-32-20): use at most 32 values, or accept a circuit with larger sets`,
    );
  });

  it('32 values are fine', () => {
    expect(createRequest({ ...base(), predicates: [{ attribute: 'nationality', op: 'in', values: [...EU_COUNTRIES, ...values(5)] }] }).predicates).toHaveLength(1);
  });

  it('five predicates: names request.predicates and the limit 4', () => {
    const age = { attribute: 'birthDate', op: 'ageAtLeast', value: 18 } as const;
    expect(() => createRequest({ ...base(), predicates: [age, age, age, age, age] })).toThrow(/"request.predicates" has 5 predicates; the accepted circuits take at most 4 \(presentation-16-4-32-20\)/);
  });

  it('with only the compact circuit accepted, a set of 2: names the limit 1 of that circuit', () => {
    const acceptedKeys = defaultAcceptedKeys().filter((k) => k.circuit === 'presentation-16-1-1-20');
    expect(() => createRequest({ ...base(), acceptedKeys, predicates: [{ attribute: 'nationality', op: 'in', values: ['DE', 'FR'] }] }))
      .toThrow(/at most 1 \(presentation-16-1-1-20\)/);
  });

  it('accepted keys of unknown circuits: names request.acceptedKeys and defaultAcceptedKeys()', () => {
    expect(() => createRequest({ ...base(), acceptedKeys: [{ circuit: 'presentation-9-9-9-9', vkeyHash: '0'.repeat(64) }] }))
      .toThrow(/"request.acceptedKeys" names no circuit this library has .*defaultAcceptedKeys\(\)/);
  });
});
