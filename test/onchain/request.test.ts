/**
 * The TypeScript side of an on-chain request, without a chain: a policy compiles to the
 * circuit's parameters (age bounds relative to today, disclosure indices) and its hash; bad
 * policies and bindings are refused naming the field; the holder refuses, before proving, a
 * credential of another holder or schema, an expired one, and a false predicate; the call data
 * carries the proof in the EVM's order.
 */
import { describe, expect, it } from 'vitest';
import {
  FIELD_MODULUS, OP_CODES, PERSON_SCHEMA, callerNonce, compileOnchainPolicy, createOnchainPresentation, defineSchema, effectiveSlot,
  solidityProof, type OnchainPolicy, type Prover,
} from '../../src/index.js';
import { ERIKA, EXPIRED_ON, MINOR, NOW, holderKeys, issuePerson, issuerKeys, makeIssuer } from '../helpers/library.js';

const POLICY: OnchainPolicy = { schema: PERSON_SCHEMA, scope: 'sale', disclose: ['nationality'], predicate: { attribute: 'birthDate', op: 'ageAtLeast', value: 18 } };
const GATE = '0x00000000000000000000000000000000000000aa';
const CALLER = '0x00000000000000000000000000000000000000bb';

describe('compileOnchainPolicy', () => {
  it('keeps age bounds relative to today and discloses by index + 1', () => {
    const compiled = compileOnchainPolicy(POLICY);
    expect(compiled.slot).toMatchObject({ op: OP_CODES.lte, attrIndex: 2, a: FIELD_MODULUS - 180000n });
    expect([compiled.relA, compiled.relB]).toEqual([1, 0]);
    expect(compiled.discloseAttr).toEqual([4, 0]);
    expect(effectiveSlot(compiled, 20261129).a).toBe(20081129n);
    expect(compileOnchainPolicy({ ...POLICY, predicate: { attribute: 'birthDate', op: 'ageAtLeast', value: 21 } }).requestHash).not.toBe(compiled.requestHash);
    expect(compileOnchainPolicy({ ...POLICY, scope: 'other' }).requestHash).not.toBe(compiled.requestHash);
    const absolute = compileOnchainPolicy({ ...POLICY, predicate: { attribute: 'nationality', op: 'eq', value: 'DE' } });
    expect([absolute.relA, absolute.slot.op]).toEqual([0, OP_CODES.eq]);
  });

  it.each([
    ['policy.scope', { ...POLICY, scope: '' }],
    ['policy.disclose', { ...POLICY, disclose: ['givenName', 'familyName', 'nationality'] }],
    ['policy.disclose[0]', { ...POLICY, disclose: ['height'] }],
    ['policy.predicate.values', { ...POLICY, predicate: { attribute: 'nationality', op: 'in', values: ['DE', 'FR'] } }],
    ['policy.predicate.op', { ...POLICY, predicate: { attribute: 'givenName', op: 'ageAtLeast', value: 18 } }],
  ] as [string, OnchainPolicy][])('refuses a bad %s', (field, policy) => {
    expect(() => compileOnchainPolicy(policy)).toThrow(expect.objectContaining({ field }));
  });
});

describe('callerNonce', () => {
  it('is below the field and differs per caller, gate and chain', () => {
    const n = callerNonce({ chainId: 1n, gate: GATE, caller: CALLER });
    expect(n < FIELD_MODULUS && n >= 0n).toBe(true);
    expect(callerNonce({ chainId: 1n, gate: GATE, caller: GATE })).not.toBe(n);
    expect(callerNonce({ chainId: 1n, gate: CALLER, caller: CALLER })).not.toBe(n);
    expect(callerNonce({ chainId: 2n, gate: GATE, caller: CALLER })).not.toBe(n);
  });

  it('refuses a malformed address or chain id', () => {
    expect(() => callerNonce({ chainId: 1n, gate: '0x1234', caller: CALLER })).toThrow(expect.objectContaining({ field: 'binding.gate' }));
    expect(() => callerNonce({ chainId: -1n, gate: GATE, caller: CALLER })).toThrow(expect.objectContaining({ field: 'binding.chainId' }));
  });
});

describe('createOnchainPresentation refuses before proving', () => {
  const issuer = makeIssuer(issuerKeys(21));
  const secret = 0xab5en;
  /** A prover that must not be reached. */
  const noProver = { prove: () => { throw new Error('proved a refused statement'); } } as unknown as Prover;
  const attempt = (credential: unknown, overrides: Partial<Parameters<typeof createOnchainPresentation>[0]> = {}): Promise<unknown> => createOnchainPresentation({
    prover: noProver, holderSecret: secret, credential, registries: [issuer.exportRegistry()], policy: POLICY,
    binding: { chainId: 1n, gate: GATE, caller: CALLER }, now: NOW, ...overrides,
  });

  it.each([
    ['another holder\'s credential', () => attempt(issuePerson(issuer, holderKeys(secret + 1n), ERIKA)), 'INVALID_CREDENTIAL'],
    ['a minor', () => attempt(issuePerson(issuer, holderKeys(secret), MINOR)), 'PREDICATE_FALSE'],
    ['an expired credential', () => attempt(issuePerson(issuer, holderKeys(secret), ERIKA, EXPIRED_ON)), 'CREDENTIAL_EXPIRED'],
    ['another schema', () => attempt(issuePerson(issuer, holderKeys(secret), ERIKA), {
      policy: { ...POLICY, schema: defineSchema({ id: 'https://example.org/other', attributes: [{ name: 'birthDate', type: 'date' }, { name: 'nationality', type: 'string' }] }) },
    }), 'NO_MATCHING_CREDENTIAL'],
  ])('%s', async (_name, run, code) => {
    await expect(run()).rejects.toMatchObject({ code });
  });
});

it('solidityProof orders G2 coordinates imaginary part first', () => {
  const proof = { pi_a: ['1', '2', '1'], pi_b: [['3', '4'], ['5', '6'], ['1', '0']], pi_c: ['7', '8', '1'], protocol: 'groth16', curve: 'bn128' };
  expect(solidityProof(proof)).toEqual([1n, 2n, 4n, 3n, 6n, 5n, 7n, 8n]);
});
