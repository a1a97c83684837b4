/**
 * Issue 13 item 4: credential identifiers do not collide. The wallet keys credentials by
 * (issuer DID, credential id), so a self-made issuer's credential with a real credential's id
 * does not replace it; a second credential under the same key is refused with
 * DUPLICATE_CREDENTIAL unless the caller asks to replace it. The CLI's credential file names are
 * injective in (issuer, id).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CredentialError, Prover, Wallet, type Credential } from '../../src/index.js';
import { signedPart } from '../../src/credential.js';
import { signPayload } from '../../src/keys.js';
import { credentialFileName } from '../../src/wallet-store/files.js';
import { MINOR, copy, holderKeys, issuePerson, issuerKeys, makeIssuer, thrown } from '../helpers/library.js';

const holder = holderKeys(0x1d5n);
const issuer = makeIssuer(issuerKeys(51));
const selfMadeKeys = issuerKeys(52);
const selfMade = makeIssuer(selfMadeKeys);
const real = issuePerson(issuer, holder);
const prover = new Prover({ loader: () => Promise.reject(new Error('no proving here')) });
const newWallet = (): Wallet => new Wallet({ holderSecret: holder.secret, prover });

/** A credential of the self-made issuer, re-signed under the real credential's id. */
function impostor(): Credential {
  const forged = copy(issuePerson(selfMade, holder, MINOR));
  forged.id = real.id;
  forged.proof.signature = signPayload(signedPart(forged), selfMadeKeys.secretKey);
  return forged;
}

describe('the wallet keys credentials by (issuer, id)', () => {
  it('a self-made issuer\'s credential with the same id does not replace the real one', () => {
    const wallet = newWallet();
    wallet.accept(real);
    wallet.accept(impostor());
    const held = wallet.credentials();
    expect(held).toHaveLength(2);
    expect(held.find((c) => c.issuer === issuer.did)).toEqual(real);
  });

  it('a second credential with the same issuer and id is refused with DUPLICATE_CREDENTIAL', () => {
    const wallet = newWallet();
    wallet.accept(real);
    const err = thrown(() => wallet.accept(copy(real)));
    expect(err).toBeInstanceOf(CredentialError);
    expect((err as CredentialError).code).toBe('DUPLICATE_CREDENTIAL');
    expect((err as CredentialError).message).toMatch(/replace/);
    expect(wallet.credentials()).toHaveLength(1);
  });

  it('replace: true replaces it', () => {
    const wallet = newWallet();
    wallet.accept(real);
    expect(wallet.accept(copy(real), { replace: true })).toBe(real.id);
    expect(wallet.credentials()).toHaveLength(1);
  });
});

describe('CLI credential file names', () => {
  it('ids the previous naming mapped to one file get distinct names', () => {
    const ids = ['urn:x/1', 'urn:x_1', 'urn:x:1', 'urn:x.1', 'urn_x_1'];
    const names = ids.map((id) => credentialFileName(issuer.did, id));
    expect(new Set(names).size).toBe(ids.length);
    expect(credentialFileName(issuer.did, real.id)).not.toBe(credentialFileName(selfMade.did, real.id));
  });

  it('are injective in (issuer, id) and safe as one path segment (property)', () => {
    const text = fc.string({ maxLength: 40, unit: 'binary' }).filter((s) => new TextDecoder().decode(new TextEncoder().encode(s)) === s);
    fc.assert(fc.property(text, text, text, text, (i1, d1, i2, d2) => {
      const a = credentialFileName(i1, d1);
      expect(a).toMatch(/^[A-Za-z0-9_~-]+\.json$/);
      if (i1 !== i2 || d1 !== d2) expect(a).not.toBe(credentialFileName(i2, d2));
    }), { seed: 13, numRuns: 2000 });
  });

  it('an id too long for a file name is refused (InputError naming credential.id)', () => {
    expect(() => credentialFileName(issuer.did, 'é'.repeat(100))).toThrow(/"credential.id" is too long to name a file/);
  });
});
