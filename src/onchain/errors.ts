/**
 * Typed results for every way a PresentationGate or RootRegistry call reverts: the contracts'
 * custom errors (decoded with their arguments), Solidity panics, and a revert without data
 * (what the ABI decoder does with malformed call data). Never throws on untrusted revert data.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { bytesFromHex, selector } from './abi.js';

export type OnchainRevertCode =
  // PresentationGate
  | 'ISSUER_NOT_TRUSTED' | 'ISSUER_NOT_REGISTERED' | 'ROOT_UNKNOWN' | 'ROOT_SUPERSEDED' | 'TODAY_OUT_OF_RANGE'
  | 'NULLIFIER_MISSING' | 'NULLIFIER_SPENT' | 'INVALID_PROOF'
  // RootRegistry
  | 'NOT_OWNER' | 'NOT_ISSUER_ACCOUNT' | 'ACCOUNT_IN_USE' | 'ISSUER_ALREADY_BOUND' | 'ISSUER_NOT_BOUND'
  | 'SEQUENCE_NOT_INCREASING' | 'ROOT_OUT_OF_FIELD'
  // Anything else
  | 'MALFORMED_CALL' | 'PANIC' | 'UNKNOWN_REVERT';

export interface OnchainRevert {
  code: OnchainRevertCode;
  /** The Solidity error's name (or Panic, or empty for a revert without data). */
  error: string;
  /** Its arguments as 32-byte words, in order. */
  args: bigint[];
  message: string;
}

interface Known { code: OnchainRevertCode; signature: string; describe: (args: bigint[]) => string }

const hex = (x: bigint | undefined): string => `0x${(x ?? 0n).toString(16)}`;

const KNOWN: Known[] = [
  { code: 'ISSUER_NOT_TRUSTED', signature: 'IssuerNotTrusted(bytes32)', describe: (a) => `issuer ${hex(a[0])} is not trusted by this gate` },
  { code: 'ISSUER_NOT_REGISTERED', signature: 'IssuerNotRegistered(bytes32)', describe: (a) => `issuer ${hex(a[0])} has no bound account in the RootRegistry` },
  { code: 'ROOT_UNKNOWN', signature: 'RootUnknown(bytes32,uint256)', describe: (a) => `root ${a[1]} was never published by issuer ${hex(a[0])}` },
  { code: 'ROOT_SUPERSEDED', signature: 'RootSuperseded(bytes32,uint256)', describe: (a) => `root ${a[1]} of issuer ${hex(a[0])} was superseded longer ago than the gate's window` },
  { code: 'TODAY_OUT_OF_RANGE', signature: 'TodayOutOfRange(uint256,uint256)', describe: (a) => `the proof's today ${a[0]} is neither the chain's UTC date ${a[1]} nor the day before` },
  { code: 'NULLIFIER_MISSING', signature: 'NullifierMissing()', describe: () => 'the proof carries no nullifier' },
  { code: 'NULLIFIER_SPENT', signature: 'NullifierSpent(uint256)', describe: (a) => `nullifier ${a[0]} was already used at this gate` },
  { code: 'INVALID_PROOF', signature: 'InvalidProof()', describe: () => 'the proof does not verify for these public signals, this request and this caller' },
  { code: 'NOT_OWNER', signature: 'NotOwner(address)', describe: (a) => `${hex(a[0])} is not the registry's owner` },
  { code: 'NOT_ISSUER_ACCOUNT', signature: 'NotIssuerAccount(address)', describe: (a) => `${hex(a[0])} is bound to no issuer` },
  { code: 'ACCOUNT_IN_USE', signature: 'AccountInUse(address,bytes32)', describe: (a) => `account ${hex(a[0])} already publishes for issuer ${hex(a[1])}` },
  { code: 'ISSUER_ALREADY_BOUND', signature: 'IssuerAlreadyBound(bytes32,address)', describe: (a) => `issuer ${hex(a[0])} is already bound to ${hex(a[1])}` },
  { code: 'ISSUER_NOT_BOUND', signature: 'IssuerNotBound(bytes32)', describe: (a) => `issuer ${hex(a[0])} is not bound` },
  { code: 'SEQUENCE_NOT_INCREASING', signature: 'SequenceNotIncreasing(uint64,uint64)', describe: (a) => `sequence ${a[0]} is not above the latest ${a[1]}` },
  { code: 'ROOT_OUT_OF_FIELD', signature: 'RootOutOfField(uint256)', describe: () => 'the root is not a BN254 field element' },
];

/** Parameters of a signature such as `RootUnknown(bytes32,uint256)` (all static words here). */
const parameterCount = (signature: string): number => {
  const inside = signature.slice(signature.indexOf('(') + 1, -1);
  return inside === '' ? 0 : inside.split(',').length;
};

const BY_SELECTOR = new Map(KNOWN.map((k) => [selector(k.signature), k]));
const PANIC = selector('Panic(uint256)');

/** Decodes a call's revert data (bytes or 0x-hex). */
export function decodeRevert(data: Uint8Array | string): OnchainRevert {
  let bytes: Uint8Array;
  try {
    bytes = typeof data === 'string' ? bytesFromHex(data) : data;
  } catch {
    return { code: 'UNKNOWN_REVERT', error: '', args: [], message: 'revert data is not hex' };
  }
  if (bytes.length === 0) return { code: 'MALFORMED_CALL', error: '', args: [], message: 'reverted without data: malformed call data or an unknown function' };
  const sel = bytesToHex(bytes.subarray(0, 4));
  const body = bytes.subarray(4);
  const args: bigint[] = [];
  for (let i = 0; i + 32 <= body.length; i += 32) args.push(BigInt(`0x${bytesToHex(body.subarray(i, i + 32))}`));
  const known = BY_SELECTOR.get(sel);
  if (known !== undefined && body.length === args.length * 32 && args.length === parameterCount(known.signature)) {
    return { code: known.code, error: known.signature.slice(0, known.signature.indexOf('(')), args, message: known.describe(args) };
  }
  if (sel === PANIC && args.length === 1) return { code: 'PANIC', error: 'Panic', args, message: `Solidity panic 0x${args[0]!.toString(16)}` };
  return { code: 'UNKNOWN_REVERT', error: '', args: [], message: `unknown revert selector 0x${sel}` };
}
