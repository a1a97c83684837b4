/**
 * The page script of wallet-indexeddb.test.ts: a stored wallet in the browser entry's
 * IndexedDbWalletStore, driven from the test through `window.zkdWallet` (no proving here).
 */
import { IndexedDbWalletStore, Prover, Wallet, ZkdError } from '../../src/browser.js';

const prover = new Prover({ loader: () => Promise.reject(new Error('no proving on this page')) });
const KDF = { N: 2 ** 14 };

async function attempt<T>(work: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await work();
  } catch (err) {
    return { error: err instanceof ZkdError ? err.code : String(err) };
  }
}

(window as unknown as { zkdWallet: unknown }).zkdWallet = {
  /** Creates the encrypted wallet; returns its holder commitment. */
  create: (passphrase: string) => attempt(async () => {
    const wallet = await Wallet.create({ store: await IndexedDbWalletStore.open(), prover, passphrase, kdf: KDF });
    await wallet.close();
    return wallet.holderCommitment.toString();
  }),
  /** Opens the stored wallet, accepts `credential` and closes; returns the credential id. */
  accept: (credential: unknown, passphrase: string) => attempt(async () => {
    const wallet = await Wallet.open({ store: await IndexedDbWalletStore.open(), prover, passphrase });
    const id = wallet.accept(credential);
    await wallet.close();
    return id;
  }),
  /** Opens the stored wallet; returns its holder commitment and credential ids. */
  open: (passphrase: string) => attempt(async () => {
    const wallet = await Wallet.open({ store: await IndexedDbWalletStore.open(), prover, passphrase });
    await wallet.close();
    return { commitment: wallet.holderCommitment.toString(), ids: wallet.credentials().map((c) => c.id) };
  }),
};
