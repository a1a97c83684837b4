/**
 * A stored wallet end to end (issue 14 item 1), with real proofs: a wallet accepts a
 * credential, closes, reopens from its encrypted store and presents, and the verifier accepts;
 * a lost device is replaced from its 24 backup words alone: the new wallet has the same holder
 * commitment, accepts the credential from a backup copy (or a re-issued one) and its
 * presentation verifies.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FileWalletStore, IndexedDbWalletStore, PERSON_SCHEMA, Wallet, createProver, createRequest, defaultAcceptedKeys, holderSecretFromWords,
  loadVerificationKey, verifyPresentation, type PresentationRequest,
} from '../../src/index.js';
import { NOW, TODAY, holderKeys, issuePerson, issuerKeys, later, makeIssuer, rootViewsOf, tempDir } from '../helpers/library.js';

const prover = createProver();
const acceptedKeys = defaultAcceptedKeys();
const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
const issuer = makeIssuer(issuerKeys(141));
const PASSPHRASE = 'a long passphrase for the phone';
const FAST_KDF = { N: 2 ** 14 };
const tmp = tempDir('zkd-restart-');
afterAll(async () => {
  tmp.cleanup();
  await prover.close();
});

function ageRequest(): PresentationRequest {
  return createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, today: TODAY, now: NOW, disclose: ['givenName'],
    predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }],
  });
}

async function presentAndVerify(wallet: Wallet): Promise<{ verified: boolean; disclosed: unknown }> {
  const request = ageRequest();
  const presentation = await wallet.createPresentation({ request, registries: [issuer.exportRegistry()], now: NOW });
  const result = await verifyPresentation(presentation, request, { verificationKeys, rootViews: rootViewsOf(issuer), now: later(60) });
  return { verified: result.verified, disclosed: result.disclosed };
}

describe('a stored wallet, end to end', () => {
  let lostDeviceWords = '';
  let backupCopy = '';

  it('accept, close, reopen (encrypted, in IndexedDB), present: verified', async () => {
    const indexedDB = new IDBFactory();
    const wallet = await Wallet.create({ store: await IndexedDbWalletStore.open({ indexedDB }), prover, passphrase: PASSPHRASE, kdf: FAST_KDF });
    const credential = issuePerson(issuer, { ...holderKeys(0n), commitment: wallet.holderCommitment });
    wallet.accept(credential);
    backupCopy = JSON.stringify(credential);
    lostDeviceWords = wallet.backupWords();
    await wallet.close();

    const reopened = await Wallet.open({ store: await IndexedDbWalletStore.open({ indexedDB }), prover, passphrase: PASSPHRASE });
    expect(await presentAndVerify(reopened)).toEqual({ verified: true, disclosed: { givenName: 'Erika' } });
    await reopened.close();
  });

  it('a lost device restored from the words: same holder commitment, its credentials still verify', async () => {
    const store = new FileWalletStore(tmp.file('new-phone'));
    const restored = await Wallet.create({ store, prover, holderSecret: holderSecretFromWords(lostDeviceWords) });
    const original = JSON.parse(backupCopy) as { credentialSubject: { holderCommitment: string } };
    expect(restored.holderCommitment.value.toString()).toBe(original.credentialSubject.holderCommitment);

    restored.accept(JSON.parse(backupCopy));
    // The issuer can also re-issue to the same holder commitment: the restored wallet accepts it.
    restored.accept(issuePerson(issuer, { ...holderKeys(0n), commitment: restored.holderCommitment }));
    await restored.close();

    const reopened = await Wallet.open({ store: new FileWalletStore(tmp.file('new-phone')), prover });
    expect(reopened.credentials()).toHaveLength(2);
    expect(await presentAndVerify(reopened)).toEqual({ verified: true, disclosed: { givenName: 'Erika' } });
  });
});
