/**
 * The caller binding of an on-chain presentation: the proof's nonce is
 * keccak256(abi.encode(chainId, gate, caller)) >> 8, exactly PresentationGate.callerNonce, so a
 * proof made for one account, gate and chain verifies for no other.
 */
import { addressWord, keccakWord, wordHex, bytesFromHex } from './abi.js';
import { InputError } from '../errors.js';

export interface CallerBinding {
  chainId: bigint;
  /** The PresentationGate's address. */
  gate: string;
  /** The account that will send the transaction. */
  caller: string;
}

/** The nonce a proof for this caller, gate and chain must carry (248 bits: below the field). */
export function callerNonce(binding: CallerBinding): bigint {
  if (typeof binding.chainId !== 'bigint' || binding.chainId < 0n) throw new InputError('binding.chainId', 'expected a non-negative bigint');
  const encoded = wordHex(binding.chainId) + wordHex(addressWord(binding.gate, 'binding.gate')) + wordHex(addressWord(binding.caller, 'binding.caller'));
  return keccakWord(bytesFromHex(encoded)) >> 8n;
}
