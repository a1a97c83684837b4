/**
 * Issuers on chain. The EVM cannot check Ed25519, so an issuer signs, with its Ed25519 key, an
 * account binding (this chain, this RootRegistry, this account); the registry's owner checks
 * it off chain (verifyAccountBinding) and only then sends bindIssuer. That check is the trust
 * step of the on-chain registry: from then on the account alone publishes the issuer's roots.
 * Also the call data for bindIssuer and publishRoot (from a signed root statement).
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { RegistryError } from '../errors.js';
import { type IssuerKeys, signPayload, verifyPayload } from '../keys.js';
import { expectRootStatement } from '../registry/statements.js';
import { addressWord, encodeCall, keccakWord, wordHex } from './abi.js';

export const ACCOUNT_BINDING_TYPE = 'ZkdChainAccountBinding';

export interface AccountBinding {
  type: typeof ACCOUNT_BINDING_TYPE;
  issuer: string;
  /** Decimal chain id. */
  chainId: string;
  /** The RootRegistry's address and the account, 0x-hex lower case. */
  registry: string;
  account: string;
  signature: string;
}

export interface BindingTarget {
  chainId: bigint;
  registry: string;
  account: string;
}

/** keccak256 of the issuer's DID (UTF-8): how contracts name an issuer, as 0x-hex. */
export function issuerId(did: string): string {
  return `0x${wordHex(keccakWord(utf8ToBytes(did)))}`;
}

const address = (value: string, field: string): string => `0x${addressWord(value, field).toString(16).padStart(40, '0')}`;

function bindingBody(issuer: string, target: BindingTarget): Omit<AccountBinding, 'signature'> {
  return {
    type: ACCOUNT_BINDING_TYPE,
    issuer,
    chainId: target.chainId.toString(),
    registry: address(target.registry, 'registry'),
    account: address(target.account, 'account'),
  };
}

/** The issuer's signed statement that `account` publishes its roots in `registry` on `chainId`. */
export function signAccountBinding(keys: IssuerKeys, target: BindingTarget): AccountBinding {
  const body = bindingBody(keys.did, target);
  return { ...body, signature: signPayload(body, keys.secretKey) };
}

/**
 * The registry owner's check before bindIssuer: the binding is well formed, names this chain
 * and registry, and is signed by the issuer DID's Ed25519 key.
 * @throws {RegistryError} REGISTRY_INVALID naming what failed
 */
export function verifyAccountBinding(binding: unknown, expected: { chainId: bigint; registry: string }): AccountBinding {
  const fail = (why: string): never => { throw new RegistryError(`account binding: ${why}`, 'REGISTRY_INVALID'); };
  if (typeof binding !== 'object' || binding === null) return fail('not an object');
  const b = binding as Record<string, unknown>;
  if (b.type !== ACCOUNT_BINDING_TYPE) fail(`type is not ${ACCOUNT_BINDING_TYPE}`);
  if (typeof b.issuer !== 'string' || b.issuer.length > 200) fail('issuer is not a DID');
  if (typeof b.account !== 'string' || !/^0x[0-9a-f]{40}$/.test(b.account)) fail('account is not a lower-case address');
  if (b.chainId !== expected.chainId.toString()) fail(`for chain ${String(b.chainId)}, not ${expected.chainId}`);
  if (b.registry !== address(expected.registry, 'expected.registry')) fail(`for registry ${String(b.registry)}, not ${expected.registry}`);
  const body = bindingBody(b.issuer as string, { chainId: expected.chainId, registry: expected.registry, account: b.account as string });
  if (!verifyPayload(body, b.signature, b.issuer)) fail('the signature does not verify against the issuer DID');
  return { ...body, signature: b.signature as string };
}

/** Call data for RootRegistry.bindIssuer(did, account), from a checked binding. */
export function bindIssuerCalldata(binding: AccountBinding): string {
  return encodeCall('bindIssuer(string,address)', [{ text: binding.issuer }, { word: addressWord(binding.account, 'binding.account') }]);
}

/**
 * Call data for RootRegistry.publishRoot(sequence, root, size) from the issuer's signed root
 * statement (checked first: the account publishes only what its issuer signed).
 * @param issuer the DID the publishing account is bound to
 * @throws {RegistryError} REGISTRY_INVALID when the statement is malformed, signed by another
 *   issuer, or its signature fails
 */
export function publishRootCalldata(statement: unknown, issuer: string): string {
  const s = expectRootStatement(statement, issuer, 'statement');
  return encodeCall('publishRoot(uint64,uint256,uint64)', [{ word: BigInt(s.sequence) }, { word: BigInt(s.root) }, { word: BigInt(s.size) }]);
}
