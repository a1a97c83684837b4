/**
 * The deployable contracts shipped with the package (contracts/compiled/, compiled from
 * contracts/ by `npm run build:contracts`): RootRegistry and PresentationGate, with their ABI
 * and creation bytecode, for any Ethereum client to deploy without a Solidity compiler.
 * Node-only (reads the package's files).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR } from '../artifacts.js';
import { InputError } from '../errors.js';

export type DeployableContract = 'RootRegistry' | 'PresentationGate';

export interface ContractBuild {
  contract: DeployableContract;
  compiler: string;
  /** sha256 of the contracts/ sources it was compiled from. */
  sourcesSha256: string;
  abi: unknown[];
  /** Creation bytecode, hex without 0x (PresentationGate: append gateConstructorArguments). */
  bytecode: string;
}

/** contracts/compiled/ next to the shipped artifacts. */
export const CONTRACTS_BUILD_DIR: string = join(ARTIFACTS_DIR, '..', 'contracts', 'compiled');

/** A shipped contract's ABI and creation bytecode. @throws {InputError} for another name */
export function loadContract(name: DeployableContract): ContractBuild {
  if (name !== 'RootRegistry' && name !== 'PresentationGate') throw new InputError('name', 'expected RootRegistry or PresentationGate');
  return JSON.parse(readFileSync(join(CONTRACTS_BUILD_DIR, `${name}.json`), 'utf8')) as ContractBuild;
}
