/**
 * The small part of the Solidity ABI the on-chain contracts need, without an Ethereum library:
 * function selectors and error selectors (keccak-256 of the signature), 32-byte words,
 * addresses, and arguments of static words, fixed and dynamic word arrays, and strings.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { InputError } from '../errors.js';

/** One ABI argument: a static word, a fixed array of words, a dynamic array of words, or a string. */
export type AbiArgument = { word: bigint } | { words: readonly bigint[] } | { list: readonly bigint[] } | { text: string };

const WORD = 2n ** 256n;

/** The 4-byte selector of a function or error signature, e.g. `present(bytes32,uint256)`, as hex. */
export function selector(signature: string): string {
  return bytesToHex(keccak_256(utf8ToBytes(signature)).subarray(0, 4));
}

/** keccak-256 of bytes, as a bigint. */
export function keccakWord(bytes: Uint8Array): bigint {
  return BigInt(`0x${bytesToHex(keccak_256(bytes))}`);
}

/** A 32-byte big-endian word as hex (no 0x). */
export function wordHex(value: bigint): string {
  if (value < 0n || value >= WORD) throw new RangeError('an ABI word is 0 .. 2^256 - 1');
  return value.toString(16).padStart(64, '0');
}

/** An address (0x + 40 hex digits, any case) as a word. */
export function addressWord(address: unknown, field: string): bigint {
  if (typeof address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(address)) throw new InputError(field, 'expected an address (0x and 40 hex digits)');
  return BigInt(address);
}

/** The ABI encoding (head ++ tail, hex without 0x) of the arguments in order. */
export function encodeArguments(args: readonly AbiArgument[]): string {
  const headWords = args.reduce((n, a) => n + ('words' in a ? a.words.length : 1), 0);
  let head = '';
  let tail = '';
  for (const arg of args) {
    if ('word' in arg) head += wordHex(arg.word);
    else if ('words' in arg) head += arg.words.map(wordHex).join('');
    else {
      head += wordHex(BigInt(headWords * 32 + tail.length / 2));
      if ('list' in arg) tail += wordHex(BigInt(arg.list.length)) + arg.list.map(wordHex).join('');
      else {
        const bytes = utf8ToBytes(arg.text);
        tail += wordHex(BigInt(bytes.length)) + bytesToHex(bytes).padEnd(Math.ceil(bytes.length / 32) * 64, '0');
      }
    }
  }
  return head + tail;
}

/** Call data `selector ++ arguments` (0x-hex). */
export function encodeCall(signature: string, args: readonly AbiArgument[]): string {
  return `0x${selector(signature)}${encodeArguments(args)}`;
}

/** Bytes from 0x-prefixed (or bare) hex. */
export function bytesFromHex(hex: string): Uint8Array {
  return hexToBytes(hex.startsWith('0x') ? hex.slice(2) : hex);
}
