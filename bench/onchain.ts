/**
 * Gas on an EVM (issue 17), in an in-process @ethereumjs/vm at Prague, with real proofs:
 *   - per circuit of circuits.json: deployment gas and the gas of one verifyProof transaction
 *     (21,000 intrinsic + call data + execution) for our generated verifier (contracts/verifiers,
 *     zero public inputs skipped) and for snarkjs's exported verifier of the same zkey, without
 *     any policy; both must return true;
 *   - the per-public-input share: the slope of snarkjs's verify gas over the public-signal
 *     count, fitted across the circuits (least squares), and that slope times n per circuit;
 *   - PresentationGate (circuit onchain-16-1-1-20-2, age >= 18, one disclosed attribute):
 *     deployment, and one present() transaction including the request, root, date, caller and
 *     nullifier checks and the nullifier's storage: the goal is < 300,000 gas.
 * Gas is deterministic, so one run per figure; the load average does not change it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { ARTIFACTS_DIR, ROOT, loadRegistry } from '../scripts/circuit-registry.js';
import { type CompiledContract, compileContracts, compileSources } from '../scripts/contracts.js';
import { verifierContractName } from '../scripts/solidity-verifier.js';
import {
  ONCHAIN_CIRCUIT, PERSON_SCHEMA, bindIssuerCalldata, compileOnchainPolicy, createOnchainPresentation, createProver, gateConstructorArguments,
  issuerId, publishRootCalldata, signAccountBinding, solidityProof, toSolidityCalldata, type Groth16Proof, type OnchainPolicy,
} from '../src/index.js';
import { encodeCall } from '../src/onchain/abi.js';
import { TestChain, type TestAccount, wordAt } from '../test/helpers/evm.js';
import { ERIKA, NOW, holderKeys, issuePerson, issuerKeys, makeIssuer } from '../test/helpers/library.js';
import { type ShippedName, inputOf, scenario } from '../test/helpers/presentation.js';
import { progress } from './machine.js';
import type { Measured, Row } from './suite.js';

const AGE_POLICY: OnchainPolicy = { schema: PERSON_SCHEMA, scope: 'age-gated-sale.example', disclose: ['nationality'], predicate: { attribute: 'birthDate', op: 'ageAtLeast', value: 18 } };

interface ProofCase { proof: Groth16Proof; publicSignals: string[] }

/** snarkjs's Groth16 verifier for a circuit's committed zkey, renamed so that all compile together. */
async function snarkjsVerifier(circuit: string): Promise<string> {
  const template = readFileSync(join(ROOT, 'node_modules/snarkjs/templates/verifier_groth16.sol.ejs'), 'utf8');
  const source = await snarkjs.zKey.exportSolidityVerifier(join(ARTIFACTS_DIR, circuit, 'circuit.zkey'), { groth16: template });
  return source.replace('contract Groth16Verifier', `contract Snarkjs_${verifierContractName(circuit)}`);
}

/** The call data's gas: 16 per non-zero and 4 per zero byte (EIP-2028). */
function calldataGas(hex: string): number {
  let gas = 0;
  for (let i = hex.startsWith('0x') ? 2 : 0; i < hex.length; i += 2) gas += hex.slice(i, i + 2) === '00' ? 4 : 16;
  return gas;
}

/** The one-transaction figures of the age-only gate. */
async function gateRows(chain: TestChain, contracts: Record<string, CompiledContract>, accounts: TestAccount[]): Promise<{ rows: Row[]; proof: ProofCase }> {
  const [owner, issuerAccount, holder] = accounts as [TestAccount, TestAccount, TestAccount];
  const keys = issuerKeys(31);
  const issuer = makeIssuer(keys);
  const credential = issuePerson(issuer, holderKeys(0xbe4cn), ERIKA);
  const registry = await chain.deploy(owner, contracts.RootRegistry!.bytecode);
  const binding = signAccountBinding(keys, { chainId: 1n, registry: registry.address, account: issuerAccount.address });
  const bind = await chain.send(owner, registry.address, bindIssuerCalldata(binding));
  const publish = await chain.send(issuerAccount, registry.address, publishRootCalldata(issuer.rootStatement(), issuer.did));
  const gate = await chain.deploy(owner, contracts.PresentationGate!.bytecode, gateConstructorArguments({
    registry: registry.address, requestHash: compileOnchainPolicy(AGE_POLICY).requestHash, rootWindow: 3600, trustedIssuers: [issuerId(issuer.did)],
  }));
  const prover = createProver();
  try {
    const presentation = await createOnchainPresentation({
      prover, holderSecret: 0xbe4cn, credential, registries: [issuer.exportRegistry()], policy: AGE_POLICY,
      binding: { chainId: 1n, gate: gate.address, caller: holder.address }, now: NOW,
    });
    const data = toSolidityCalldata(presentation);
    const present = await chain.send(holder, gate.address, data);
    if (!present.ok) throw new Error('the gate rejected the benchmark presentation');
    const row = (operation: string, gas: bigint, extra: Record<string, number> = {}): Row => ({ suite: 'onchain', contract: 'PresentationGate + RootRegistry', operation, 'gas': Number(gas), ...extra });
    return {
      rows: [
        row('deploy RootRegistry', registry.gasUsed),
        row('bindIssuer (owner)', bind.gasUsed),
        row('publishRoot (first)', publish.gasUsed),
        row('deploy PresentationGate (verifier inherited)', gate.gasUsed),
        row('present: age >= 18, nationality disclosed', present.gasUsed, { 'calldata bytes': (data.length - 2) / 2, 'calldata gas': calldataGas(data) }),
      ],
      proof: { proof: presentation.proof, publicSignals: presentation.publicSignals },
    };
  } finally {
    await prover.close();
  }
}

export async function runOnchainBench(): Promise<Measured> {
  const circuits = Object.keys(loadRegistry());
  progress('onchain: compiling contracts and snarkjs verifiers (solc, cached)');
  const ours = compileContracts();
  const theirs = compileSources(Object.fromEntries(await Promise.all(circuits.map(async (c) => [`snarkjs/${c}.sol`, await snarkjsVerifier(c)] as const))));
  const chain = await TestChain.create(3, BigInt(NOW.getTime() / 1000));
  const [deployer] = chain.accounts as [TestAccount];

  progress('onchain: the age-only gate');
  const gate = await gateRows(chain, ours, chain.accounts);

  const verifierRows: Row[] = [];
  for (const circuit of circuits) {
    progress(`onchain: ${circuit}`);
    let proofCase = gate.proof;
    if (circuit !== ONCHAIN_CIRCUIT) {
      const input = inputOf(scenario(circuit as ShippedName));
      proofCase = await snarkjs.groth16.fullProve(input, join(ARTIFACTS_DIR, circuit, 'circuit.wasm'), join(ARTIFACTS_DIR, circuit, 'circuit.zkey')) as ProofCase;
    }
    const words = solidityProof(proofCase.proof);
    const signals = proofCase.publicSignals.map(BigInt);
    const n = signals.length;
    const measure = async (contract: CompiledContract, signature: string): Promise<{ deploy: number; verify: number }> => {
      const deployed = await chain.deploy(deployer, contract.bytecode);
      const out = await chain.send(deployer, deployed.address, encodeCall(signature, [{ words }, { words: signals }]));
      if (!out.ok || wordAt(out.returnData) !== 1n) throw new Error(`${circuit}: ${signature} did not return true`);
      return { deploy: Number(deployed.gasUsed), verify: Number(out.gasUsed) };
    };
    const our = await measure(ours[verifierContractName(circuit)]!, `verifyProof(uint256[8],uint256[${n}])`);
    const snark = await measure(theirs[`Snarkjs_${verifierContractName(circuit)}`]!, `verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[${n}])`);
    verifierRows.push({
      suite: 'onchain', contract: 'Groth16 verifier', circuit, 'public signals': n, 'zero signals': signals.filter((s) => s === 0n).length,
      'deploy (gas)': our.deploy, 'deploy, snarkjs (gas)': snark.deploy, 'verify tx (gas)': our.verify, 'verify tx, snarkjs (gas)': snark.verify,
    });
  }

  // Least-squares slope of snarkjs's verify gas over the signal count: the per-input cost.
  const xs = verifierRows.map((r) => Number(r['public signals']));
  const ys = verifierRows.map((r) => Number(r['verify tx, snarkjs (gas)']));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  for (const r of verifierRows) {
    r['per-input share, snarkjs (gas)'] = Math.round(slope * Number(r['public signals']));
  }
  const present = Number(gate.rows[gate.rows.length - 1]!.gas);
  return {
    rows: [...verifierRows, ...gate.rows],
    notes: [
      'Gas from one transaction each in @ethereumjs/vm 10.1.3 (Prague rules), contracts compiled with solc 0.8.37 (optimizer, 1,000 runs); real proofs of the committed zkeys; gas does not depend on the machine or its load.',
      '"verify tx" counts the 21,000 intrinsic gas and the call data; our verifier skips the ecMul and ecAdd of a zero public input, snarkjs\'s does not.',
      `Per public input, snarkjs's verifier costs ${Math.round(slope).toLocaleString('en-US')} gas (least-squares slope across the circuits above).`,
      `The age-only gate's present() costs ${present.toLocaleString('en-US')} gas in total: goal < 300,000 ${present < 300_000 ? 'reached' : 'NOT reached'}.`,
    ],
  };
}
