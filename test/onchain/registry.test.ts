/**
 * RootRegistry in an in-process EVM, and the TypeScript side of its trust step: only the owner
 * binds, and only after an Ed25519-signed binding for this chain, registry and account checks;
 * only the bound account publishes; sequences strictly increase; roots are field elements; the
 * acceptance rule (latest, or superseded within the window) with unbinding; every revert decodes
 * to its typed result, and unknown revert data never throws.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FIELD_MODULUS, bindIssuerCalldata, decodeRevert, issuerId, publishRootCalldata, signAccountBinding, verifyAccountBinding,
  type AccountBinding, type Issuer,
} from '../../src/index.js';
import { compileContracts } from '../../scripts/contracts.js';
import { encodeCall, selector } from '../../src/onchain/abi.js';
import { TestChain, type TestAccount, type TxOutcome, wordAt } from '../helpers/evm.js';
import { ERIKA, holderKeys, issuePerson, issuerKeys, makeIssuer } from '../helpers/library.js';

const WINDOW = 600n;
let chain: TestChain;
let owner: TestAccount, account: TestAccount, other: TestAccount;
let registry: string;
let issuer: Issuer;
let binding: AccountBinding;

const code = (out: TxOutcome): string => (out.ok ? 'OK' : decodeRevert(out.returnData).code);
const publish = (from: TestAccount, sequence: bigint, root: bigint): Promise<TxOutcome> =>
  chain.send(from, registry, encodeCall('publishRoot(uint64,uint256,uint64)', [{ word: sequence }, { word: root }, { word: 1n }]));
const acceptance = async (root: bigint, id = issuerId(issuer.did)): Promise<bigint> =>
  wordAt(await chain.call(registry, encodeCall('acceptance(bytes32,uint256,uint256)', [{ word: BigInt(id) }, { word: root }, { word: WINDOW }])));

beforeAll(async () => {
  chain = await TestChain.create(3);
  [owner, account, other] = chain.accounts as [TestAccount, TestAccount, TestAccount];
  registry = (await chain.deploy(owner, compileContracts().RootRegistry!.bytecode)).address;
  issuer = makeIssuer(issuerKeys(9));
  binding = signAccountBinding(issuerKeys(9), { chainId: 1n, registry, account: account.address });
}, 60_000);

describe('the trust step: an Ed25519-signed account binding, checked off chain', () => {
  it('accepts the issuer\'s binding for this chain and registry', () => {
    expect(verifyAccountBinding(binding, { chainId: 1n, registry })).toEqual(binding);
  });

  it.each([
    ['another chain', () => verifyAccountBinding(binding, { chainId: 5n, registry })],
    ['another registry', () => verifyAccountBinding(binding, { chainId: 1n, registry: other.address })],
    ['another account', () => verifyAccountBinding({ ...binding, account: other.address.toLowerCase() }, { chainId: 1n, registry })],
    ['another issuer DID', () => verifyAccountBinding({ ...binding, issuer: issuerKeys(10).did }, { chainId: 1n, registry })],
    ['a signature by another key', () => verifyAccountBinding({ ...signAccountBinding(issuerKeys(10), { chainId: 1n, registry, account: account.address }), issuer: issuer.did }, { chainId: 1n, registry })],
    ['no object', () => verifyAccountBinding('binding', { chainId: 1n, registry })],
  ])('refuses a binding for %s', (_name, check) => {
    expect(check).toThrow(expect.objectContaining({ code: 'REGISTRY_INVALID' }));
  });

  it('refuses to publish a root statement signed by another issuer, or tampered', () => {
    const statement = issuer.rootStatement();
    expect(() => publishRootCalldata(statement, issuerKeys(10).did)).toThrow(expect.objectContaining({ code: 'REGISTRY_INVALID' }));
    expect(() => publishRootCalldata({ ...statement, root: '1' }, issuer.did)).toThrow(expect.objectContaining({ code: 'REGISTRY_INVALID' }));
  });
});

describe('RootRegistry', () => {
  it('only the owner transfers ownership', async () => {
    const transfer = (to: TestAccount): string => encodeCall('transferOwnership(address)', [{ word: BigInt(to.address) }]);
    expect(code(await chain.send(other, registry, transfer(other)))).toBe('NOT_OWNER');
    expect(code(await chain.send(owner, registry, transfer(other)))).toBe('OK');
    expect(code(await chain.send(owner, registry, transfer(owner)))).toBe('NOT_OWNER');
    expect(code(await chain.send(other, registry, transfer(owner)))).toBe('OK');
  });

  it('only the owner binds an issuer', async () => {
    expect(code(await chain.send(other, registry, bindIssuerCalldata(binding)))).toBe('NOT_OWNER');
    expect(code(await chain.send(owner, registry, bindIssuerCalldata(binding)))).toBe('OK');
    expect(code(await chain.send(owner, registry, bindIssuerCalldata(binding)))).toBe('ISSUER_ALREADY_BOUND');
    const second = signAccountBinding(issuerKeys(10), { chainId: 1n, registry, account: account.address });
    expect(code(await chain.send(owner, registry, bindIssuerCalldata(second)))).toBe('ACCOUNT_IN_USE');
  });

  it('only the bound account publishes, with increasing sequences and field-element roots', async () => {
    expect(code(await chain.send(other, registry, publishRootCalldata(issuer.rootStatement(), issuer.did)))).toBe('NOT_ISSUER_ACCOUNT');
    expect(code(await chain.send(account, registry, publishRootCalldata(issuer.rootStatement(), issuer.did)))).toBe('OK');
    expect(code(await publish(account, 0n, 5n))).toBe('SEQUENCE_NOT_INCREASING');
    expect(code(await publish(account, 1n, FIELD_MODULUS))).toBe('ROOT_OUT_OF_FIELD');
  });

  it('accepts the latest root, a superseded one within the window only, and nothing of an unbound issuer', async () => {
    const first = BigInt(issuer.rootStatement().root);
    expect(await acceptance(first)).toBe(0n);
    expect(await acceptance(first + 1n)).toBe(2n);
    expect(await acceptance(first, issuerId(issuerKeys(10).did))).toBe(1n);

    issuePerson(issuer, holderKeys(5n), ERIKA);
    expect(code(await chain.send(account, registry, publishRootCalldata(issuer.rootStatement(), issuer.did)))).toBe('OK');
    const second = BigInt(issuer.rootStatement().root);
    chain.timestamp += WINDOW;
    expect([await acceptance(first), await acceptance(second)]).toEqual([0n, 0n]);
    chain.timestamp += 1n;
    expect([await acceptance(first), await acceptance(second)]).toEqual([3n, 0n]);

    const id = BigInt(issuerId(issuer.did));
    expect(code(await chain.send(other, registry, encodeCall('unbindIssuer(bytes32)', [{ word: id }])))).toBe('NOT_OWNER');
    expect(code(await chain.send(owner, registry, encodeCall('unbindIssuer(bytes32)', [{ word: id }])))).toBe('OK');
    expect(await acceptance(second)).toBe(1n);
    expect(code(await chain.send(owner, registry, encodeCall('unbindIssuer(bytes32)', [{ word: id }])))).toBe('ISSUER_NOT_BOUND');
    expect(code(await publish(account, 9n, 5n))).toBe('NOT_ISSUER_ACCOUNT');
  });
});

describe('decodeRevert', () => {
  it('types panics, empty reverts and unknown data without throwing', () => {
    const word = (x: bigint): string => x.toString(16).padStart(64, '0');
    expect(decodeRevert(`0x${selector('Panic(uint256)')}${word(0x11n)}`)).toMatchObject({ code: 'PANIC', args: [0x11n] });
    expect(decodeRevert('0x')).toMatchObject({ code: 'MALFORMED_CALL' });
    expect(decodeRevert('0x12345678')).toMatchObject({ code: 'UNKNOWN_REVERT' });
    expect(decodeRevert('not hex')).toMatchObject({ code: 'UNKNOWN_REVERT' });
    expect(decodeRevert(`0x${selector('NullifierSpent(uint256)')}`)).toMatchObject({ code: 'UNKNOWN_REVERT' });
    expect(decodeRevert(`0x${selector('NullifierSpent(uint256)')}${word(7n)}`)).toMatchObject({ code: 'NULLIFIER_SPENT', error: 'NullifierSpent', args: [7n] });
  });
});
