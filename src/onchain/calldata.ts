/**
 * Call data for PresentationGate.present from an on-chain presentation, with the proof in the
 * EVM's point order (G2 coordinates imaginary part first), as the generated verifiers read it;
 * and the gate's constructor arguments.
 */
import type { Groth16Proof } from '../prover.js';
import { addressWord, encodeArguments, encodeCall } from './abi.js';
import type { OnchainPresentation } from './prove.js';

export const PRESENT_SIGNATURE = 'present(bytes32,uint256,uint256,uint256,uint256[2],uint256[8])';

/** A snarkjs proof as the verifiers' uint256[8]: A.x, A.y, B.x.im, B.x.re, B.y.im, B.y.re, C.x, C.y. */
export function solidityProof(proof: Groth16Proof): bigint[] {
  const b = proof.pi_b;
  return [
    proof.pi_a[0], proof.pi_a[1],
    b[0]![1], b[0]![0], b[1]![1], b[1]![0],
    proof.pi_c[0], proof.pi_c[1],
  ].map((x) => BigInt(x!));
}

/** The call data of `present(issuerId, root, today, nullifier, disclosed, proof)` (0x-hex). */
export function toSolidityCalldata(presentation: OnchainPresentation): string {
  return encodeCall(PRESENT_SIGNATURE, [
    { word: BigInt(presentation.issuerId) },
    { word: presentation.root },
    { word: BigInt(presentation.today) },
    { word: presentation.nullifier },
    { words: presentation.disclosed },
    { words: solidityProof(presentation.proof) },
  ]);
}

export interface GateDeployment {
  /** The RootRegistry's address. */
  registry: string;
  /** compileOnchainPolicy(policy).requestHash */
  requestHash: bigint;
  /** Seconds a superseded root stays accepted. */
  rootWindow: number;
  /** Trusted issuers' ids (issuerId(did), 0x-hex). */
  trustedIssuers: readonly string[];
}

/** PresentationGate's constructor arguments, ABI-encoded (hex without 0x: append to the creation bytecode). */
export function gateConstructorArguments(deployment: GateDeployment): string {
  return encodeArguments([
    { word: addressWord(deployment.registry, 'registry') },
    { word: deployment.requestHash },
    { word: BigInt(deployment.rootWindow) },
    { list: deployment.trustedIssuers.map((id) => BigInt(id)) },
  ]);
}
