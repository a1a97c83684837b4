/**
 * An in-process Ethereum chain for the contract tests and the gas bench: @ethereumjs/vm at the
 * Prague hardfork, funded accounts, signed legacy transactions in blocks whose timestamp the
 * test sets, receipts with the total gas (intrinsic 21,000 and call data included), logs and
 * revert data. No node to start.
 */
import { createBlock } from '@ethereumjs/block';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createLegacyTx } from '@ethereumjs/tx';
import { Account, Address, bytesToHex, createAddressFromPrivateKey, hexToBytes } from '@ethereumjs/util';
import { type VM, createVM, runTx } from '@ethereumjs/vm';
import { keccak_256 } from '@noble/hashes/sha3.js';

export interface TestAccount {
  privateKey: Uint8Array;
  address: string;
}

export interface TxOutcome {
  ok: boolean;
  /** totalGasSpent: execution, intrinsic and call data (after refunds). */
  gasUsed: bigint;
  returnData: Uint8Array;
  /** 0x-hex of the created contract, for a deployment. */
  created?: string;
  logs: { address: string; topics: string[]; data: string }[];
}

const GAS_LIMIT = 15_000_000n;

export class TestChain {
  /** Unix seconds of the next block. */
  timestamp: bigint;
  private blockNumber = 1n;

  private constructor(readonly vm: VM, readonly common: Common, readonly accounts: TestAccount[], start: bigint) {
    this.timestamp = start;
  }

  /** A chain with `n` funded accounts, its clock at `start` (Unix seconds). */
  static async create(n = 4, start = 1_773_532_800n): Promise<TestChain> {
    const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
    const vm = await createVM({ common });
    const accounts: TestAccount[] = [];
    for (let i = 1; i <= n; i++) {
      const privateKey = keccak_256(new TextEncoder().encode(`zkdisclose test account ${i}`));
      const address = createAddressFromPrivateKey(privateKey);
      await vm.stateManager.putAccount(address, new Account(0n, 10n ** 24n));
      accounts.push({ privateKey, address: address.toString() });
    }
    return new TestChain(vm, common, accounts, start);
  }

  /** Sends a transaction from `from` (to: undefined deploys `data`). */
  async send(from: TestAccount, to: string | undefined, data: string): Promise<TxOutcome> {
    const sender = createAddressFromPrivateKey(from.privateKey);
    const nonce = (await this.vm.stateManager.getAccount(sender))?.nonce ?? 0n;
    const tx = createLegacyTx({
      nonce, gasPrice: 10n, gasLimit: GAS_LIMIT, data: hexToBytes(data.startsWith('0x') ? data as `0x${string}` : `0x${data}`),
      ...(to !== undefined ? { to: new Address(hexToBytes(to as `0x${string}`)) } : {}),
    }, { common: this.common }).sign(from.privateKey);
    const block = createBlock({ header: { number: this.blockNumber++, timestamp: this.timestamp, gasLimit: 30_000_000n, baseFeePerGas: 1n } }, { common: this.common });
    const result = await runTx(this.vm, { tx, block, skipBlockGasLimitValidation: true });
    const exec = result.execResult;
    return {
      ok: exec.exceptionError === undefined,
      gasUsed: result.totalGasSpent,
      returnData: exec.returnValue,
      ...(result.createdAddress !== undefined ? { created: result.createdAddress.toString() } : {}),
      logs: (exec.logs ?? []).map(([address, topics, logData]) => ({ address: bytesToHex(address), topics: topics.map((t) => bytesToHex(t)), data: bytesToHex(logData) })),
    };
  }

  /** Deploys creation bytecode (hex, no 0x) with ABI-encoded constructor arguments appended. */
  async deploy(from: TestAccount, bytecode: string, constructorArguments = ''): Promise<{ address: string; gasUsed: bigint }> {
    const out = await this.send(from, undefined, `0x${bytecode}${constructorArguments}`);
    if (!out.ok || out.created === undefined) throw new Error(`deployment failed: ${bytesToHex(out.returnData)}`);
    return { address: out.created, gasUsed: out.gasUsed };
  }

  /** A read-only call (state is rolled back), returning the return data or throwing on revert. */
  async call(to: string, data: string, from?: TestAccount): Promise<Uint8Array> {
    await this.vm.stateManager.checkpoint();
    try {
      const result = await this.vm.evm.runCall({
        to: new Address(hexToBytes(to as `0x${string}`)),
        caller: from !== undefined ? createAddressFromPrivateKey(from.privateKey) : new Address(new Uint8Array(20)),
        data: hexToBytes(data as `0x${string}`),
        gasLimit: GAS_LIMIT,
        block: createBlock({ header: { number: this.blockNumber, timestamp: this.timestamp, baseFeePerGas: 1n } }, { common: this.common }),
      });
      if (result.execResult.exceptionError !== undefined) throw new Error(`call reverted: ${bytesToHex(result.execResult.returnValue)}`);
      return result.execResult.returnValue;
    } finally {
      await this.vm.stateManager.revert();
    }
  }
}

/** A 32-byte return word as a bigint. */
export const wordAt = (data: Uint8Array, index = 0): bigint => BigInt(bytesToHex(data.subarray(index * 32, index * 32 + 32)));
