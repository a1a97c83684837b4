/**
 * The credential stores (issue 14 item 1), each through the same tests: memory, files and
 * IndexedDB (fake-indexeddb in Node). A wallet created on a store survives a restart with its
 * credentials; an empty store does not open and a stored wallet is never overwritten; with a
 * passphrase everything but issuer DIDs, credential ids and the holder commitment is encrypted,
 * a wrong or missing passphrase is a typed error that changes nothing, and any altered, swapped
 * or foreign record is refused (STORE_TAMPERED). No proofs here (wallet-restart.test.ts proves).
 */
import { mnemonicToEntropy } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { IDBFactory } from 'fake-indexeddb';
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CredentialError, DEFAULT_SCRYPT, FileWalletStore, IndexedDbWalletStore, InputError, MemoryWalletStore, Prover, StoreError, Wallet, type WalletStore,
} from '../../src/index.js';
import { signedPart } from '../../src/credential.js';
import { signPayload } from '../../src/keys.js';
import { ERIKA, MINOR, holderKeys, issuePerson, issuerKeys, makeIssuer, rejected, tempDir } from '../helpers/library.js';

const noProving = new Prover({ loader: () => Promise.reject(new Error('no proving here')) });
/** The lowest scrypt cost accepted, to keep the tests fast (the default is 2^17). */
const FAST_KDF = { N: 2 ** 14 };
const PASSPHRASE = 'correct horse battery staple';
const issuer = makeIssuer(issuerKeys(140));
const tmp = tempDir('zkd-store-');
afterAll(() => tmp.cleanup());

/** A store kind: `reopen` gives a new handle on the same stored data (a restart). */
interface Kind {
  name: string;
  fresh(): Promise<{ store: WalletStore; reopen(): Promise<WalletStore> }>;
}

let counter = 0;
const KINDS: Kind[] = [
  {
    name: 'memory',
    fresh: async () => {
      const store = new MemoryWalletStore();
      return { store, reopen: async () => store };
    },
  },
  {
    name: 'files',
    fresh: async () => {
      const dir = tmp.file(`wallet-${++counter}`);
      return { store: new FileWalletStore(dir), reopen: async () => new FileWalletStore(dir) };
    },
  },
  {
    name: 'IndexedDB (fake-indexeddb)',
    fresh: async () => {
      const indexedDB = new IDBFactory();
      return { store: await IndexedDbWalletStore.open({ indexedDB }), reopen: () => IndexedDbWalletStore.open({ indexedDB }) };
    },
  },
];

async function code(promise: Promise<unknown>): Promise<string> {
  const err = await rejected(promise);
  expect(err).toBeInstanceOf(StoreError);
  return (err as StoreError).code;
}

/** A copy of `store` with its secret record and credential records changed by `change`. */
async function alteredCopy(store: WalletStore, change: { secret?: (r: Record<string, unknown>) => void; credential?: (r: Record<string, unknown>) => void }): Promise<MemoryWalletStore> {
  const copy = new MemoryWalletStore();
  const secret = (await store.readSecret()) as Record<string, unknown>;
  change.secret?.(secret);
  await copy.createSecret(secret);
  for (const record of (await store.readCredentials()) as Record<string, unknown>[]) {
    const issuerDid = String(record.issuer);
    const id = String(record.id);
    change.credential?.(record);
    await copy.writeCredential(issuerDid, id, record);
  }
  return copy;
}

describe.each(KINDS)('$name store', (kind) => {
  it('an empty store holds no wallet: open is refused (WALLET_NOT_FOUND)', async () => {
    const { store } = await kind.fresh();
    expect(await store.readSecret()).toBeUndefined();
    expect(await code(Wallet.open({ store, prover: noProving }))).toBe('WALLET_NOT_FOUND');
  });

  it('accept, close, reopen: the same holder and credentials, replacements included', async () => {
    const { store, reopen } = await kind.fresh();
    const wallet = await Wallet.create({ store, prover: noProving });
    const holder = holderKeys(0n); // only its commitment is used below
    const first = issuePerson(issuer, { ...holder, commitment: wallet.holderCommitment });
    const second = issuePerson(issuer, { ...holder, commitment: wallet.holderCommitment }, MINOR);
    wallet.accept(first);
    wallet.accept(second);
    await wallet.close();

    const reopened = await Wallet.open({ store: await reopen(), prover: noProving });
    expect(reopened.holderCommitment.value).toBe(wallet.holderCommitment.value);
    expect(reopened.credentials().map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    expect(reopened.credentials().find((c) => c.id === first.id)).toEqual(first);

    const reissued = { ...issuePerson(issuer, { ...holder, commitment: wallet.holderCommitment }), id: first.id };
    expect(() => reopened.accept(reissued)).toThrow(CredentialError); // a stale copy of the first id needs replace
    await reopened.close();
  });

  it('a second wallet is never created over a stored one (WALLET_EXISTS; the first is kept)', async () => {
    const { store, reopen } = await kind.fresh();
    const wallet = await Wallet.create({ store, prover: noProving });
    expect(await code(Wallet.create({ store, prover: noProving }))).toBe('WALLET_EXISTS');
    expect(await code((await reopen()).createSecret({ type: 'anything' }))).toBe('WALLET_EXISTS');
    expect((await Wallet.open({ store: await reopen(), prover: noProving })).holderCommitment.value).toBe(wallet.holderCommitment.value);
  });

  it('with a passphrase: reopens with it; none or a wrong one is a typed error that changes nothing', async () => {
    const { store, reopen } = await kind.fresh();
    const wallet = await Wallet.create({ store, prover: noProving, passphrase: PASSPHRASE, kdf: FAST_KDF });
    const credential = issuePerson(issuer, { ...holderKeys(0n), commitment: wallet.holderCommitment });
    wallet.accept(credential);
    await wallet.close();
    const before = JSON.stringify([await (await reopen()).readSecret(), await (await reopen()).readCredentials()]);

    expect(await code(Wallet.open({ store: await reopen(), prover: noProving }))).toBe('PASSPHRASE_REQUIRED');
    expect(await code(Wallet.open({ store: await reopen(), prover: noProving, passphrase: 'correct horse battery stapler' }))).toBe('WRONG_PASSPHRASE');
    expect(JSON.stringify([await (await reopen()).readSecret(), await (await reopen()).readCredentials()])).toBe(before);

    const reopened = await Wallet.open({ store: await reopen(), prover: noProving, passphrase: PASSPHRASE });
    expect(reopened.holderCommitment.value).toBe(wallet.holderCommitment.value);
    expect(reopened.credentials()).toEqual([credential]);
  });

  it('with a passphrase, nothing secret is stored in the clear (attributes, salt, signature, holder secret)', async () => {
    const { store } = await kind.fresh();
    const wallet = await Wallet.create({ store, prover: noProving, passphrase: PASSPHRASE, kdf: FAST_KDF });
    const credential = issuePerson(issuer, { ...holderKeys(0n), commitment: wallet.holderCommitment });
    wallet.accept(credential);
    await wallet.flush();
    const stored = JSON.stringify([await store.readSecret(), await store.readCredentials()]);
    for (const value of [ERIKA.familyName, ERIKA.documentNumber, credential.proof.salt, credential.proof.signature, credential.proof.commitment]) {
      expect(stored).not.toContain(value);
    }
    expect(stored).not.toContain(holderSecretOf(wallet));
    expect(stored).toContain(credential.issuer); // record keys stay readable (documented)
  });
});

/** The secret, as its decimal text, through the words (the wallet never exposes it otherwise). */
function holderSecretOf(wallet: Wallet): string {
  return BigInt(`0x${Buffer.from(wordsToBytes(wallet.backupWords())).toString('hex')}`).toString();
}
const wordsToBytes = (words: string): Uint8Array => mnemonicToEntropy(words, wordlist);

describe('tampering with an encrypted wallet', () => {
  let store: MemoryWalletStore;
  let credentialId = '';
  const open = (s: WalletStore, passphrase: string | null = PASSPHRASE): Promise<Wallet> => Wallet.open({ store: s, prover: noProving, ...(passphrase !== null && { passphrase }) });

  it('setup: an encrypted wallet with two credentials', async () => {
    store = new MemoryWalletStore();
    const wallet = await Wallet.create({ store, prover: noProving, passphrase: PASSPHRASE, kdf: FAST_KDF });
    const holder = { ...holderKeys(0n), commitment: wallet.holderCommitment };
    credentialId = wallet.accept(issuePerson(issuer, holder));
    wallet.accept(issuePerson(issuer, holder, MINOR));
    await wallet.close();
    expect((await open(store)).credentials()).toHaveLength(2);
  });

  it('a changed ciphertext byte in a credential record: STORE_TAMPERED', async () => {
    const altered = await alteredCopy(store, {
      credential: (r) => {
        if (r.id !== credentialId) return;
        const bytes = Buffer.from(String(r.ciphertext), 'base64');
        bytes[10]! ^= 1;
        r.ciphertext = bytes.toString('base64');
      },
    });
    expect(await code(open(altered))).toBe('STORE_TAMPERED');
  });

  it('a record relabelled with another id, or its ciphertext moved under another id: STORE_TAMPERED', async () => {
    expect(await code(open(await alteredCopy(store, { credential: (r) => { if (r.id === credentialId) r.id = 'urn:other'; } })))).toBe('STORE_TAMPERED');
    const records = (await store.readCredentials()) as Record<string, unknown>[];
    const [a, b] = records;
    const swapped = await alteredCopy(store, { credential: (r) => { const other = r.id === a!.id ? b! : a!; r.nonce = other.nonce; r.ciphertext = other.ciphertext; } });
    expect(await code(open(swapped))).toBe('STORE_TAMPERED');
  });

  it('a record of another wallet with the same passphrase: STORE_TAMPERED', async () => {
    const other = new MemoryWalletStore();
    const wallet = await Wallet.create({ store: other, prover: noProving, passphrase: PASSPHRASE, kdf: FAST_KDF });
    wallet.accept(issuePerson(issuer, { ...holderKeys(0n), commitment: wallet.holderCommitment }));
    await wallet.flush();
    const foreign = (await other.readCredentials())[0] as Record<string, unknown>;
    const mixed = await alteredCopy(store, {});
    await mixed.writeCredential(String(foreign.issuer), String(foreign.id), foreign);
    expect(await code(open(mixed))).toBe('STORE_TAMPERED');
  });

  it('an unencrypted credential planted in an encrypted wallet: STORE_TAMPERED', async () => {
    const planted = await alteredCopy(store, {});
    const credential = issuePerson(issuer, { ...holderKeys(0n), commitment: (await open(store)).holderCommitment }, MINOR);
    await planted.writeCredential(credential.issuer, 'urn:planted', { ...credential, id: 'urn:planted' });
    expect(await code(open(planted))).toBe('STORE_TAMPERED');
  });

  it('a changed secret record (commitment, KDF cost, ciphertext): refused before anything is trusted', async () => {
    expect(await code(open(await alteredCopy(store, { secret: (r) => { r.commitment = 'holder-commitment:1'; } })))).toBe('WRONG_PASSPHRASE');
    expect(await code(open(await alteredCopy(store, { secret: (r) => { (r.kdf as { N: number }).N = 2 ** 15; } })))).toBe('WRONG_PASSPHRASE');
    expect(await code(open(await alteredCopy(store, { secret: (r) => { (r.kdf as { N: number }).N = 2 ** 30; } })))).toBe('STORE_TAMPERED');
    expect(await code(open(await alteredCopy(store, { secret: (r) => { (r.kdf as { salt: string }).salt = 'AAAA'; } })))).toBe('STORE_TAMPERED');
    expect(await code(open(await alteredCopy(store, { secret: (r) => { r.ciphertext = `${String(r.ciphertext).slice(0, -4)}AAA=`; } })))).toBe('WRONG_PASSPHRASE');
    expect(await code(open(await alteredCopy(store, { secret: (r) => { (r.aead as { nonce: string }).nonce = 'AAAA'; } })))).toBe('STORE_TAMPERED');
    expect(await code(open(await alteredCopy(store, { secret: (r) => { (r.aead as { nonce: string }).nonce = '!'; } })))).toBe('STORE_TAMPERED');
    const downgraded = await alteredCopy(store, { secret: (r) => { r.type = 'zkdisclose-holder-secret'; } });
    expect(await rejected(open(downgraded, null))).toBeInstanceOf(InputError); // a plain record without a secret
  });
});

describe('plain wallets and passphrase rules', () => {
  it('a plain secret record whose stated commitment is not its secret\'s: STORE_TAMPERED', async () => {
    const store = new MemoryWalletStore();
    await Wallet.create({ store, prover: noProving });
    const altered = await alteredCopy(store, { secret: (r) => { r.commitment = 'holder-commitment:7'; } });
    expect(await code(Wallet.open({ store: altered, prover: noProving }))).toBe('STORE_TAMPERED');
  });

  it('an encrypted credential record in a plain wallet: STORE_TAMPERED', async () => {
    const encrypted = new MemoryWalletStore();
    const wallet = await Wallet.create({ store: encrypted, prover: noProving, passphrase: PASSPHRASE, kdf: FAST_KDF });
    wallet.accept(issuePerson(issuer, { ...holderKeys(0n), commitment: wallet.holderCommitment }));
    await wallet.flush();
    const plain = new MemoryWalletStore();
    await Wallet.create({ store: plain, prover: noProving });
    const record = (await encrypted.readCredentials())[0] as Record<string, unknown>;
    await plain.writeCredential(String(record.issuer), String(record.id), record);
    expect(await code(Wallet.open({ store: plain, prover: noProving }))).toBe('STORE_TAMPERED');
  });

  it('a passphrase for a plain wallet, an empty passphrase, a KDF cost out of bounds or without a passphrase: InputError', async () => {
    const store = new MemoryWalletStore();
    await Wallet.create({ store, prover: noProving });
    const err = await rejected(Wallet.open({ store, prover: noProving, passphrase: PASSPHRASE }));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe('passphrase');
    expect(((await rejected(Wallet.create({ store: new MemoryWalletStore(), prover: noProving, passphrase: '' }))) as InputError).field).toBe('passphrase');
    expect(((await rejected(Wallet.create({ store: new MemoryWalletStore(), prover: noProving, kdf: FAST_KDF }))) as InputError).message).toMatch(/only with a passphrase/);
    for (const kdf of [{ N: 2 ** 13 }, { N: 3 * 2 ** 14 }, { N: 2 ** 21 }, { r: 0 }, { p: 17 }]) {
      expect(((await rejected(Wallet.create({ store: new MemoryWalletStore(), prover: noProving, passphrase: PASSPHRASE, kdf }))) as InputError).field).toBe('kdf');
    }
  });

  it('the passphrase is NFKC-normalised (the same text typed as composed or decomposed characters)', async () => {
    const store = new MemoryWalletStore();
    await Wallet.create({ store, prover: noProving, passphrase: 'caf\u00e9', kdf: FAST_KDF });
    await expect(Wallet.open({ store, prover: noProving, passphrase: 'cafe\u0301' })).resolves.toBeInstanceOf(Wallet);
  });

  it('the KDF cost is stored with the ciphertext (default scrypt N = 2^17, r = 8, p = 1)', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const store = new MemoryWalletStore();
    await Wallet.create({ store, prover: noProving, passphrase: PASSPHRASE, kdf: FAST_KDF });
    expect((await store.readSecret()) as { kdf: unknown }).toMatchObject({ kdf: { name: 'scrypt', N: 2 ** 14, r: 8, p: 1 }, aead: { name: 'xchacha20-poly1305' } });
  });
});

describe('writes', () => {
  it('flush reports a failed write as a typed error; the wallet keeps the credential in memory', async () => {
    class FailingStore extends MemoryWalletStore {
      override async writeCredential(): Promise<void> {
        throw new Error('disk full');
      }
    }
    const wallet = await Wallet.create({ store: new FailingStore(), prover: noProving });
    wallet.accept(issuePerson(issuer, { ...holderKeys(0n), commitment: wallet.holderCommitment }));
    const err = await rejected(wallet.flush());
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('STORE_FAILED');
    expect((err as StoreError).message).toMatch(/disk full/);
    expect(wallet.credentials()).toHaveLength(1);
    await expect(wallet.flush()).resolves.toBeUndefined();
  });

  it('a memory-only wallet (new Wallet) flushes and closes at once', async () => {
    const wallet = new Wallet({ holderSecret: 5n, prover: noProving });
    await expect(wallet.flush()).resolves.toBeUndefined();
    await expect(wallet.close()).resolves.toBeUndefined();
  });
});

describe('the file store', () => {
  it('creates the directory 0700 and every file 0600', async () => {
    const dir = tmp.file('modes');
    const wallet = await Wallet.create({ store: new FileWalletStore(dir), prover: noProving, passphrase: PASSPHRASE, kdf: FAST_KDF });
    wallet.accept(issuePerson(issuer, { ...holderKeys(0n), commitment: wallet.holderCommitment }));
    await wallet.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(`${dir}/holder.key.json`).mode & 0o777).toBe(0o600);
    expect(statSync(`${dir}/credentials`).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(`${dir}/credentials`)) expect(statSync(`${dir}/credentials/${f}`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${dir}/holder.key.json`, 'utf8')).not.toMatch(/"secret"/);
  });
});

describe('IndexedDB availability', () => {
  it('without IndexedDB (Node, no factory given): STORE_FAILED naming the alternatives', async () => {
    const err = await rejected(IndexedDbWalletStore.open());
    expect((err as StoreError).code).toBe('STORE_FAILED');
    expect((err as StoreError).message).toMatch(/fake-indexeddb or use FileWalletStore/);
  });

  it('one wallet per database name: another name is another wallet', async () => {
    const indexedDB = new IDBFactory();
    const a = await Wallet.create({ store: await IndexedDbWalletStore.open({ indexedDB, name: 'a' }), prover: noProving });
    const b = await Wallet.create({ store: await IndexedDbWalletStore.open({ indexedDB, name: 'b' }), prover: noProving });
    expect(a.holderCommitment.value).not.toBe(b.holderCommitment.value);
    expect((await Wallet.open({ store: await IndexedDbWalletStore.open({ indexedDB, name: 'a' }), prover: noProving })).holderCommitment.value).toBe(a.holderCommitment.value);
  });
});

describe('holder directories of earlier versions', () => {
  /** The layout every earlier version wrote: a plain key file, credentials named by id alone. */
  function legacyDirectory(name: string, holderSecret: bigint, credentials: Record<string, unknown>): string {
    const dir = tmp.file(name);
    mkdirSync(`${dir}/credentials`, { recursive: true, mode: 0o700 });
    const commitment = holderKeys(holderSecret).commitment;
    writeFileSync(`${dir}/holder.key.json`, JSON.stringify({ type: 'zkdisclose-holder-secret', secret: holderSecret.toString(), commitment }), { mode: 0o600 });
    for (const [file, credential] of Object.entries(credentials)) writeFileSync(`${dir}/credentials/${file}`, JSON.stringify(credential), { mode: 0o600 });
    return dir;
  }

  it('open as they are; a replacement under the current name supersedes the earlier file', async () => {
    const holder = holderKeys(0xa11ce5n);
    const credential = issuePerson(issuer, holder);
    const dir = legacyDirectory('legacy', holder.secret, { [`${credential.id.replace(/[^A-Za-z0-9-]/g, '_')}.json`]: credential });
    const wallet = await Wallet.open({ store: new FileWalletStore(dir), prover: noProving });
    expect(wallet.holderCommitment.value).toBe(holder.commitment.value);
    expect(wallet.credentials()).toEqual([credential]);

    const reissued = issuePerson(issuer, holder, MINOR);
    reissued.id = credential.id;
    reissued.proof = { ...reissued.proof, signature: signPayload(signedPart(reissued), issuerKeys(140).secretKey) };
    wallet.accept(reissued, { replace: true });
    await wallet.close();
    expect(readdirSync(`${dir}/credentials`)).toHaveLength(2);
    const reopened = await Wallet.open({ store: new FileWalletStore(dir), prover: noProving });
    expect(reopened.credentials()).toEqual([reissued]);
  });

  it('a stored credential that needs re-issuance is skipped with a warning; one that fails its checks stops the open', async () => {
    const holder = holderKeys(0xc0ffeen);
    const valid = issuePerson(issuer, holder);
    const undigested = structuredClone(issuePerson(issuer, holder, MINOR)) as unknown as { credentialSchema: Record<string, unknown> };
    delete undigested.credentialSchema.digest;
    const dir = legacyDirectory('reissue', holder.secret, { 'a.json': valid, 'b.json': undigested });
    const warnings: string[] = [];
    const wallet = await Wallet.open({ store: new FileWalletStore(dir), prover: noProving, warn: (line) => warnings.push(line) });
    expect(wallet.credentials()).toEqual([valid]);
    expect(warnings).toEqual([expect.stringMatching(/a stored credential was skipped: .*re-issue/)]);

    const forged = structuredClone(valid);
    forged.credentialSubject.attributes.familyName = 'Someone Else';
    writeFileSync(`${dir}/credentials/c.json`, JSON.stringify({ ...forged, id: 'urn:forged' }));
    expect(await rejected(Wallet.open({ store: new FileWalletStore(dir), prover: noProving, warn: () => {} }))).toBeInstanceOf(CredentialError);
  });

  it('a key file readable by others opens with a warning; an oversized record is refused', async () => {
    const holder = holderKeys(0xb0bn);
    const dir = legacyDirectory('exposed', holder.secret, {});
    chmodSync(`${dir}/holder.key.json`, 0o644);
    const warnings: string[] = [];
    await Wallet.open({ store: new FileWalletStore(dir, { warn: (line) => warnings.push(line) }), prover: noProving });
    expect(warnings).toEqual([expect.stringMatching(/holder\.key\.json is readable by other users; run: chmod 600/)]);
    writeFileSync(`${dir}/credentials/big.json`, `"${'x'.repeat(200_000)}"`);
    expect(await code(Wallet.open({ store: new FileWalletStore(dir, { warn: () => {} }), prover: noProving }))).toBe('STORE_TAMPERED');
  });
});
