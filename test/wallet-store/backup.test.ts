/**
 * Backup words (issue 14 item 1): the holder secret as 24 BIP-39 words and back; restoring
 * refuses a wrong count, an unknown word, a failed checksum and a value that is not a canonical
 * field element, each with InputError INVALID_BACKUP naming `words` and never echoing a word.
 */
import fc from 'fast-check';
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { describe, expect, it } from 'vitest';
import { FIELD_MODULUS, InputError, Wallet, generateHolderKeys, holderSecretFromWords, holderSecretToWords } from '../../src/index.js';
import { bigIntToBytes32 } from '../../src/internal/field.js';
import { MemoryWalletStore } from '../../src/wallet-store/store.js';
import { Prover } from '../../src/prover.js';
import { thrown } from '../helpers/library.js';

const noProving = new Prover({ loader: () => Promise.reject(new Error('no proving here')) });

function refusal(words: unknown): InputError {
  const err = thrown(() => holderSecretFromWords(words));
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).code).toBe('INVALID_BACKUP');
  expect((err as InputError).field).toBe('words');
  return err as InputError;
}

describe('backup words', () => {
  it('encode the secret as 24 words that decode to it (any secret below the modulus)', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n }), (secret) => {
      const words = holderSecretToWords(secret);
      expect(words.split(' ')).toHaveLength(24);
      expect(holderSecretFromWords(words)).toBe(secret);
    }), { numRuns: 50 });
  });

  it('are standard BIP-39 over the 32 big-endian bytes (the all-zero vector)', () => {
    expect(holderSecretToWords(0n)).toBe(`${'abandon '.repeat(23)}art`);
    expect(holderSecretToWords(FIELD_MODULUS - 1n)).toBe(entropyToMnemonic(bigIntToBytes32(FIELD_MODULUS - 1n), wordlist));
  });

  it('read back whatever the case and white space', () => {
    const secret = generateHolderKeys().secret;
    const words = holderSecretToWords(secret);
    expect(holderSecretFromWords(`  ${words.toUpperCase().split(' ').join('\n\t ')}\n`)).toBe(secret);
  });

  it('refuse a value at or above the field modulus (valid BIP-39, not a holder secret)', () => {
    for (const value of [FIELD_MODULUS, FIELD_MODULUS + 1n, 2n ** 256n - 1n]) {
      const words = entropyToMnemonic(bigIntToBytes32(value), wordlist);
      expect(refusal(words).message).toMatch(/at or above the BN254 scalar field modulus/);
    }
  });

  it('refuse a wrong word count, an unknown word and a failed checksum, without echoing words', () => {
    const words = holderSecretToWords(123456789n).split(' ');
    expect(refusal(words.slice(0, 12).join(' ')).message).toMatch(/expected 24 words, got 12/);
    const unknown = [...words];
    unknown[4] = 'zkdisclosed';
    const message = refusal(unknown.join(' ')).message;
    expect(message).toMatch(/word 5 is not in the BIP-39 English word list/);
    expect(message).not.toContain('zkdisclosed');
    const swapped = [...words];
    [swapped[0], swapped[23]] = [swapped[23]!, swapped[0]!];
    expect(refusal(swapped.join(' ')).message).toMatch(/checksum does not match/);
    expect(refusal(42).message).toMatch(/expected a string/);
  });

  it('a wallet backs up its secret, and a wallet created from the words has the same holder commitment', async () => {
    const original = await Wallet.create({ store: new MemoryWalletStore(), prover: noProving });
    const restored = await Wallet.create({ store: new MemoryWalletStore(), prover: noProving, holderSecret: holderSecretFromWords(original.backupWords()) });
    expect(restored.holderCommitment.value).toBe(original.holderCommitment.value);
  });

  it('new wallets sample their secret below the modulus (their words always restore)', async () => {
    for (let i = 0; i < 20; i++) {
      const wallet = await Wallet.create({ store: new MemoryWalletStore(), prover: noProving });
      expect(() => holderSecretFromWords(wallet.backupWords())).not.toThrow();
    }
  });
});
