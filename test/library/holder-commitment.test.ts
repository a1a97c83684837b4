/**
 * Issue 13 item 7: the holder commitment is a type and a text form of its own, so that the
 * holder secret cannot be passed where the commitment belongs: Issuer.issue refuses a bare
 * field element (the secret, or even the commitment as a bare decimal), in TypeScript and at
 * run time, with a message that names the trap.
 */
import { describe, expect, it } from 'vitest';
import { HOLDER_COMMITMENT_PREFIX, HolderCommitment, InputError, PERSON_SCHEMA, holderCommitment } from '../../src/index.js';
import { ERIKA, holderKeys, issuerKeys, makeIssuer, thrown } from '../helpers/library.js';

const keys = holderKeys(0x5ec2e7n);
const issuer = makeIssuer(issuerKeys(71));
const issueTo = (holder: unknown): unknown =>
  issuer.issue({ schema: PERSON_SCHEMA, attributes: { ...ERIKA }, holder: holder as HolderCommitment, validUntil: '2030-12-31' });

describe('HolderCommitment', () => {
  it('is Poseidon(secret), and its text form is "holder-commitment:<decimal>" (also in JSON)', () => {
    expect(keys.commitment.value).toBe(holderCommitment(keys.secret));
    expect(keys.commitment.toString()).toBe(`${HOLDER_COMMITMENT_PREFIX}${holderCommitment(keys.secret)}`);
    expect(JSON.parse(JSON.stringify({ holder: keys.commitment }))).toEqual({ holder: keys.commitment.toString() });
  });

  it('reads back from its text form', () => {
    expect(HolderCommitment.from(keys.commitment.toString(), 'holder').value).toBe(keys.commitment.value);
  });

  it('its text form with a non-canonical number is refused', () => {
    expect(() => HolderCommitment.from(`${HOLDER_COMMITMENT_PREFIX}0${keys.commitment.value}`, 'holder')).toThrow(InputError);
  });

  it('is immutable, and TypeScript has no public constructor from a field element', () => {
    // @ts-expect-error the constructor is private: a field element cannot be declared a commitment (checked by tsc)
    const declare = (): HolderCommitment => new HolderCommitment(1n);
    expect(declare).toBeTypeOf('function');
    expect(Object.isFrozen(HolderCommitment.fromSecret(1n))).toBe(true);
  });
});

describe('Issuer.issue({ holder }) refuses what could be a secret', () => {
  it.each([
    ['the secret as a bigint', keys.secret],
    ['the secret as a decimal string', keys.secret.toString()],
    ['the commitment as a bare bigint', keys.commitment.value],
    ['the commitment as a bare decimal', keys.commitment.value.toString()],
  ])('%s: InputError on "holder" naming the secret trap; nothing registered', (_label, holder) => {
    const before = issuer.registry.size;
    const err = thrown(() => issueTo(holder));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe('holder');
    expect((err as InputError).message).toMatch(/could be the holder secret.*never send the secret to an issuer/);
    expect(issuer.registry.size).toBe(before);
  });

  it('the whole holder keys object: refused, naming .commitment', () => {
    expect(() => issueTo(keys)).toThrow(/holding the holder secret: pass only its \.commitment/);
  });

  it('a HolderCommitment or its text form is accepted', () => {
    expect(issueTo(keys.commitment)).toMatchObject({ credentialSubject: { holderCommitment: keys.commitment.value.toString() } });
    expect(issueTo(keys.commitment.toString())).toMatchObject({ credentialSubject: { holderCommitment: keys.commitment.value.toString() } });
  });

  it('TypeScript refuses a bigint or a plain string', () => {
    const options = { schema: PERSON_SCHEMA, attributes: { ...ERIKA }, validUntil: '2030-12-31' };
    // @ts-expect-error a bigint is not a HolderCommitment
    expect(() => issuer.issue({ ...options, holder: keys.secret })).toThrow(InputError);
    // @ts-expect-error a decimal string is not a holder-commitment text
    expect(() => issuer.issue({ ...options, holder: keys.secret.toString() })).toThrow(InputError);
  });
});
