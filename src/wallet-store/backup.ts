/**
 * The holder secret as backup words: BIP-39 (@scure/bip39, English list) over the secret's 32
 * bytes, big-endian, so 24 words with a checksum. Restoring refuses anything that is not a
 * canonical holder secret: a wrong word count, a word not in the list, a failed checksum, or a
 * value at or above the BN254 scalar field modulus (no secret the library makes is one: they are
 * sampled below it, keys.ts). Error messages name positions, never the words themselves.
 */
import { entropyToMnemonic, mnemonicToEntropy } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { InputError, describe } from '../errors.js';
import { FIELD_MODULUS } from '../constants.js';
import { assertField, bigIntToBytes32, bytesToBigInt } from '../internal/field.js';

/** Words in a backup: 256 bits of secret + 8 bits of checksum, 11 bits a word. */
export const BACKUP_WORD_COUNT = 24;

/** The 24 words of a holder secret, separated by single spaces. SECURITY: as secret as the secret. */
export function holderSecretToWords(secret: bigint): string {
  return entropyToMnemonic(bigIntToBytes32(assertField(secret, 'holderSecret')), wordlist);
}

/**
 * The holder secret of backup words (any case and white space; NFKD-normalised as BIP-39 says).
 * @throws {InputError} INVALID_BACKUP naming `words`, with the reason
 */
export function holderSecretFromWords(words: unknown): bigint {
  if (typeof words !== 'string') throw new InputError('words', `expected a string of ${BACKUP_WORD_COUNT} words, got ${describe(words)}`, 'INVALID_BACKUP');
  const list = words.normalize('NFKD').toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (list.length !== BACKUP_WORD_COUNT) throw new InputError('words', `expected ${BACKUP_WORD_COUNT} words, got ${list.length}`, 'INVALID_BACKUP');
  const unknown = list.findIndex((w) => !wordlist.includes(w));
  if (unknown >= 0) throw new InputError('words', `word ${unknown + 1} is not in the BIP-39 English word list`, 'INVALID_BACKUP');
  let bytes: Uint8Array;
  try {
    bytes = mnemonicToEntropy(list.join(' '), wordlist);
  } catch {
    throw new InputError('words', 'the checksum does not match: a word is wrong or out of order', 'INVALID_BACKUP');
  }
  const secret = bytesToBigInt(bytes);
  if (secret >= FIELD_MODULUS) {
    throw new InputError('words', 'encode a value at or above the BN254 scalar field modulus, which no holder secret is: these are not zkdisclose backup words', 'INVALID_BACKUP');
  }
  return secret;
}
