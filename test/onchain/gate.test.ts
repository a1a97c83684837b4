/**
 * PresentationGate and RootRegistry in an in-process EVM (@ethereumjs/vm), with real proofs of
 * the committed on-chain circuit: a valid presentation is accepted (event with the disclosed
 * values, nullifier recorded); every public signal tampered in turn, a field-overflowed signal
 * and a tampered proof are rejected; a revoked credential's proof is accepted only within the
 * gate's window; a replayed nullifier, an issuer that is not registered (or not trusted), a
 * proof for another request, a proof front-run from another account and malformed call data
 * are rejected, each with its typed revert, and none of them records anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIELD_MODULUS, PERSON_SCHEMA, bindIssuerCalldata, compileOnchainPolicy, createOnchainPresentation, createProver, decodeRevert,
  encodeString, gateConstructorArguments, issuerId, publishRootCalldata, signAccountBinding, toSolidityCalldata, verifyAccountBinding,
  type Credential, type Issuer, type OnchainPolicy, type OnchainPresentation, type Prover,
} from '../../src/index.js';
import { compileContracts } from '../../scripts/contracts.js';
import { encodeCall } from '../../src/onchain/abi.js';
import { TestChain, type TestAccount, type TxOutcome, wordAt } from '../helpers/evm.js';
import { ERIKA, NOW, holderKeys, issuePerson, issuerKeys, makeIssuer } from '../helpers/library.js';

const WINDOW = 3600;
/** BN254 base field (point coordinates). */
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
/** A coordinate y' >= q with (q - y') mod 2^256 = -y (mod q): what `mod(sub(q, y'), q)` would take for y. */
const aliasedY = (y: bigint): bigint => {
  const shifted = y + (2n ** 256n) % Q;
  return shifted >= Q ? shifted : shifted + Q;
};
const POLICY: OnchainPolicy = {
  schema: PERSON_SCHEMA, scope: 'age-gated-sale.example', disclose: ['nationality'], predicate: { attribute: 'birthDate', op: 'ageAtLeast', value: 18 },
};
const OTHER_POLICY: OnchainPolicy = { ...POLICY, predicate: { attribute: 'birthDate', op: 'ageAtLeast', value: 21 } };

const contracts = compileContracts();
let chain: TestChain;
let owner: TestAccount, issuerAccount: TestAccount, holder: TestAccount, thief: TestAccount;
let registry: string;
let prover: Prover;
const holderSecret = 0x5ec12e7n;
/** Another person (a holder's nullifier is the same whichever issuer's credential it proves). */
const otherSecret = 0x07e5ec12e7n;
let issuer: Issuer, unboundIssuer: Issuer;
let credential: Credential, unboundCredential: Credential;

/** Deploys a gate for a policy trusting these issuers. */
async function deployGate(policy: OnchainPolicy, trusted: Issuer[]): Promise<string> {
  const args = gateConstructorArguments({
    registry, requestHash: compileOnchainPolicy(policy).requestHash, rootWindow: WINDOW, trustedIssuers: trusted.map((i) => issuerId(i.did)),
  });
  return (await chain.deploy(owner, contracts.PresentationGate!.bytecode, args)).address;
}

/** The holder's proof for `gate` (as `caller`), against the issuer's registry as exported now. */
function prove(gate: string, options: { policy?: OnchainPolicy; from?: Issuer; credential?: Credential; secret?: bigint } = {}): Promise<OnchainPresentation> {
  const from = options.from ?? issuer;
  return createOnchainPresentation({
    prover, holderSecret: options.secret ?? holderSecret, credential: options.credential ?? credential, registries: [from.exportRegistry()], policy: options.policy ?? POLICY,
    binding: { chainId: 1n, gate, caller: holder.address }, now: NOW,
  });
}

const present = (gate: string, p: OnchainPresentation, from: TestAccount = holder): Promise<TxOutcome> => chain.send(from, gate, toSolidityCalldata(p));
const revertCode = (out: TxOutcome): string => (out.ok ? 'ACCEPTED' : decodeRevert(out.returnData).code);
const spent = async (gate: string, nullifier: bigint): Promise<bigint> => wordAt(await chain.call(gate, encodeCall('spent(uint256)', [{ word: nullifier }])));

async function publish(from: Issuer): Promise<void> {
  const out = await chain.send(issuerAccount, registry, publishRootCalldata(from.rootStatement(), from.did));
  expect(out.ok).toBe(true);
}

beforeAll(async () => {
  chain = await TestChain.create(4, BigInt(NOW.getTime() / 1000));
  [owner, issuerAccount, holder, thief] = chain.accounts as [TestAccount, TestAccount, TestAccount, TestAccount];
  prover = createProver();
  registry = (await chain.deploy(owner, contracts.RootRegistry!.bytecode)).address;
  issuer = makeIssuer(issuerKeys(7));
  unboundIssuer = makeIssuer(issuerKeys(8));
  credential = issuePerson(issuer, holderKeys(holderSecret), ERIKA);
  unboundCredential = issuePerson(unboundIssuer, holderKeys(otherSecret), ERIKA);
  // The trust step: the issuer signs the binding, the owner checks it off chain, then binds.
  const binding = verifyAccountBinding(signAccountBinding(issuerKeys(7), { chainId: 1n, registry, account: issuerAccount.address }), { chainId: 1n, registry });
  expect((await chain.send(owner, registry, bindIssuerCalldata(binding))).ok).toBe(true);
  await publish(issuer);
}, 120_000);

afterAll(async () => {
  await prover.close();
});

describe('PresentationGate', () => {
  let gate: string;
  let proof: OnchainPresentation;

  beforeAll(async () => {
    gate = await deployGate(POLICY, [issuer, unboundIssuer]);
    proof = await prove(gate);
  }, 60_000);

  it('the policy hash, caller nonce and chain date agree with the contract', async () => {
    expect(wordAt(await chain.call(gate, encodeCall('requestHash()', [])))).toBe(compileOnchainPolicy(POLICY).requestHash);
    expect(BigInt(proof.publicSignals[5]!)).toBe(wordAt(await chain.call(gate, encodeCall('callerNonce(address)', [{ word: BigInt(holder.address) }]))));
    expect(wordAt(await chain.call(gate, encodeCall('utcDate(uint256)', [{ word: chain.timestamp }])))).toBe(20261129n);
    for (const [iso, date] of [['2024-02-29T23:59:59Z', 20240229n], ['2000-03-01T00:00:00Z', 20000301n], ['1970-01-01T00:00:00Z', 19700101n], ['2099-12-31T12:00:00Z', 20991231n]] as const) {
      expect(wordAt(await chain.call(gate, encodeCall('utcDate(uint256)', [{ word: BigInt(Date.parse(iso) / 1000) }])))).toBe(date);
    }
  });

  it.each([
    ['nullifier', (p: OnchainPresentation) => ({ ...p, nullifier: p.nullifier + 1n }), 'INVALID_PROOF'],
    ['nullifier + r (field overflow)', (p: OnchainPresentation) => ({ ...p, nullifier: p.nullifier + FIELD_MODULUS }), 'INVALID_PROOF'],
    ['disclosed[0]', (p: OnchainPresentation) => ({ ...p, disclosed: [encodeString('FR', 'x'), 0n] as [bigint, bigint] }), 'INVALID_PROOF'],
    ['disclosed[0] + r', (p: OnchainPresentation) => ({ ...p, disclosed: [p.disclosed[0] + FIELD_MODULUS, 0n] as [bigint, bigint] }), 'INVALID_PROOF'],
    ['disclosed[1] (an unused slot)', (p: OnchainPresentation) => ({ ...p, disclosed: [p.disclosed[0], 1n] as [bigint, bigint] }), 'INVALID_PROOF'],
    ['root (unknown)', (p: OnchainPresentation) => ({ ...p, root: p.root + 1n }), 'ROOT_UNKNOWN'],
    ['today (the day before: in range)', (p: OnchainPresentation) => ({ ...p, today: 20261128 }), 'INVALID_PROOF'],
    ['today (out of range)', (p: OnchainPresentation) => ({ ...p, today: 20261130 }), 'TODAY_OUT_OF_RANGE'],
    ['nullifier 0', (p: OnchainPresentation) => ({ ...p, nullifier: 0n }), 'NULLIFIER_MISSING'],
    ['issuer (not trusted)', (p: OnchainPresentation) => ({ ...p, issuerId: issuerId('did:key:z6MkNotTrusted') }), 'ISSUER_NOT_TRUSTED'],
    ['proof point A', (p: OnchainPresentation) => ({ ...p, proof: { ...p.proof, pi_a: [p.proof.pi_a[0]!, (BigInt(p.proof.pi_a[1]!) + 1n).toString(), '1'] } }), 'INVALID_PROOF'],
    // Without the A.y < q check, this y' >= q (y' = y + 2^256 mod q) negates to the same point.
    ['proof point A (an aliased y)', (p: OnchainPresentation) => ({ ...p, proof: { ...p.proof, pi_a: [p.proof.pi_a[0]!, aliasedY(BigInt(p.proof.pi_a[1]!)).toString(), '1'] } }), 'INVALID_PROOF'],
    ['proof point C (coordinate + q)', (p: OnchainPresentation) => ({
      ...p, proof: { ...p.proof, pi_c: [(BigInt(p.proof.pi_c[0]!) + Q).toString(), p.proof.pi_c[1]!, '1'] },
    }), 'INVALID_PROOF'],
  ])('rejects a tampered %s, recording nothing', async (_name, tamper, code) => {
    const out = await present(gate, tamper(proof));
    expect(revertCode(out)).toBe(code);
    expect(out.logs).toEqual([]);
    expect(await spent(gate, proof.nullifier)).toBe(0n);
  });

  it('rejects the proof front-run from another account', async () => {
    const out = await present(gate, proof, thief);
    expect(revertCode(out)).toBe('INVALID_PROOF');
    expect(await spent(gate, proof.nullifier)).toBe(0n);
  });

  it('rejects malformed call data without accepting', async () => {
    const calldata = toSolidityCalldata(proof);
    for (const bad of [calldata.slice(0, -64), calldata.slice(0, 10), '0xdeadbeef', `${calldata.slice(0, 10)}${'ff'.repeat(32)}${calldata.slice(74)}`]) {
      const out = await chain.send(holder, gate, bad);
      expect(out.ok).toBe(false);
      expect(out.logs).toEqual([]);
    }
    expect(decodeRevert((await chain.send(holder, gate, calldata.slice(0, -64))).returnData).code).toBe('MALFORMED_CALL');
    expect(await spent(gate, proof.nullifier)).toBe(0n);
  });

  it('accepts the valid presentation, records its nullifier and emits the disclosed values', async () => {
    const out = await present(gate, proof);
    expect(revertCode(out)).toBe('ACCEPTED');
    expect(proof.disclosed).toEqual([encodeString('DE', 'nationality'), 0n]);
    expect(out.logs).toHaveLength(1);
    const [log] = out.logs;
    expect(BigInt(log!.topics[1]!)).toBe(BigInt(holder.address));
    expect(log!.topics[2]).toBe(proof.issuerId);
    expect(BigInt(log!.topics[3]!)).toBe(proof.nullifier);
    const data = log!.data.slice(2);
    const words = Array.from({ length: data.length / 64 }, (_, i) => BigInt(`0x${data.slice(i * 64, i * 64 + 64)}`));
    expect(words).toEqual([proof.root, 20261129n, ...proof.disclosed]);
    expect(await spent(gate, proof.nullifier)).toBe(1n);
  });

  it('rejects the replayed nullifier', async () => {
    expect(revertCode(await present(gate, proof))).toBe('NULLIFIER_SPENT');
  });

  it('rejects a proof for another request (same caller and gate, another policy)', async () => {
    const otherGate = await deployGate(OTHER_POLICY, [issuer]);
    const forPolicy = await prove(otherGate, { policy: POLICY });
    expect(revertCode(await present(otherGate, forPolicy))).toBe('INVALID_PROOF');
    expect(await spent(otherGate, forPolicy.nullifier)).toBe(0n);
  }, 60_000);

  it('rejects a root from an issuer that is not registered', async () => {
    const fromUnbound = await prove(gate, { from: unboundIssuer, credential: unboundCredential, secret: otherSecret });
    expect(revertCode(await present(gate, fromUnbound))).toBe('ISSUER_NOT_REGISTERED');
  }, 60_000);
});

describe('revocation through the RootRegistry window', () => {
  it('accepts a revoked credential\'s proof within the window, rejects it once the registry moves past', async () => {
    const [early, late] = [await deployGate(POLICY, [issuer]), await deployGate(POLICY, [issuer])];
    const [proofEarly, proofLate] = [await prove(early), await prove(late)];
    const acceptance = async (): Promise<bigint> => wordAt(await chain.call(registry, encodeCall('acceptance(bytes32,uint256,uint256)', [{ word: BigInt(proofLate.issuerId) }, { word: proofLate.root }, { word: BigInt(WINDOW) }])));
    expect(await acceptance()).toBe(0n);

    issuer.revoke(credential.id);
    await publish(issuer);
    await expect(prove(late)).rejects.toMatchObject({ code: 'CREDENTIAL_REVOKED' });
    chain.timestamp += BigInt(WINDOW);
    expect(await acceptance()).toBe(0n);
    expect(revertCode(await present(early, proofEarly))).toBe('ACCEPTED');
    chain.timestamp += 1n;
    expect(await acceptance()).toBe(3n);
    expect(revertCode(await present(late, proofLate))).toBe('ROOT_SUPERSEDED');
    expect(await spent(late, proofLate.nullifier)).toBe(0n);
  }, 60_000);
});
