/**
 * Minimal declarations for snarkjs 0.7.6 (it ships none): only the calls zkdisclose makes.
 * Inputs named `file` accept a path or an in-memory file ({ type: 'mem', data }).
 */
declare module 'snarkjs' {
  export type FileLike = string | Uint8Array | { type: 'mem'; data?: Uint8Array };
  export interface Groth16Proof {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  }
  export type PublicSignals = string[];
  interface Logger {
    info(msg: string): void;
    debug(msg: string): void;
    warn(msg: string): void;
    error(msg: string): void;
  }
  export const groth16: {
    fullProve(input: Record<string, unknown>, wasm: FileLike, zkey: FileLike, logger?: Logger, wtnsCalcOptions?: unknown, proverOptions?: { singleThread?: boolean }): Promise<{ proof: Groth16Proof; publicSignals: PublicSignals }>;
    prove(zkey: FileLike, witness: FileLike, logger?: Logger, options?: { singleThread?: boolean }): Promise<{ proof: Groth16Proof; publicSignals: PublicSignals }>;
    verify(vkey: unknown, publicSignals: PublicSignals, proof: Groth16Proof, logger?: Logger): Promise<boolean>;
    exportSolidityCallData(proof: Groth16Proof, publicSignals: PublicSignals): Promise<string>;
  };
  export const plonk: {
    setup(r1cs: FileLike, ptau: FileLike, zkey: FileLike, logger?: Logger): Promise<unknown>;
    fullProve(input: Record<string, unknown>, wasm: FileLike, zkey: FileLike, logger?: Logger): Promise<{ proof: Record<string, unknown>; publicSignals: PublicSignals }>;
    prove(zkey: FileLike, witness: FileLike, logger?: Logger): Promise<{ proof: Record<string, unknown>; publicSignals: PublicSignals }>;
    verify(vkey: unknown, publicSignals: PublicSignals, proof: unknown, logger?: Logger): Promise<boolean>;
  };
  export const fflonk: {
    setup(r1cs: FileLike, ptau: FileLike, zkey: FileLike, logger?: Logger): Promise<unknown>;
    fullProve(input: Record<string, unknown>, wasm: FileLike, zkey: FileLike, logger?: Logger): Promise<{ proof: Record<string, unknown>; publicSignals: PublicSignals }>;
    prove(zkey: FileLike, witness: FileLike, logger?: Logger): Promise<{ proof: Record<string, unknown>; publicSignals: PublicSignals }>;
    verify(vkey: unknown, publicSignals: PublicSignals, proof: unknown, logger?: Logger): Promise<boolean>;
  };
  export const wtns: {
    calculate(input: Record<string, unknown>, wasm: FileLike, wtns: FileLike, options?: unknown): Promise<void>;
    check(r1cs: FileLike, wtns: FileLike, logger?: Logger): Promise<boolean>;
    exportJson(wtns: FileLike): Promise<bigint[]>;
  };
  export const r1cs: {
    info(r1cs: FileLike, logger?: Logger): Promise<{ nConstraints: number; nPubInputs: number; nPrvInputs: number; nOutputs: number; nVars: number; nLabels: number }>;
    exportJson(r1cs: FileLike, logger?: Logger): Promise<Record<string, unknown>>;
  };
  export const zKey: {
    newZKey(r1cs: FileLike, ptau: FileLike, zkey: FileLike, logger?: Logger): Promise<unknown>;
    contribute(oldZkey: FileLike, newZkey: FileLike, name: string, entropy: string, logger?: Logger): Promise<Uint8Array>;
    beacon(oldZkey: FileLike, newZkey: FileLike, name: string, beaconHash: string, iterationsExp: number, logger?: Logger): Promise<Uint8Array>;
    exportVerificationKey(zkey: FileLike, logger?: Logger): Promise<Record<string, unknown>>;
    exportSolidityVerifier(zkey: FileLike, templates: Record<string, string>, logger?: Logger): Promise<string>;
    verifyFromR1cs(r1cs: FileLike, ptau: FileLike, zkey: FileLike, logger?: Logger): Promise<boolean>;
  };
  export const powersOfTau: {
    newAccumulator(curve: unknown, power: number, file: FileLike, logger?: Logger): Promise<unknown>;
    contribute(oldPtau: FileLike, newPtau: FileLike, name: string, entropy: string, logger?: Logger): Promise<Uint8Array>;
    beacon(oldPtau: FileLike, newPtau: FileLike, name: string, beaconHash: string, iterationsExp: number, logger?: Logger): Promise<Uint8Array>;
    preparePhase2(oldPtau: FileLike, newPtau: FileLike, logger?: Logger): Promise<void>;
  };
  export const curves: {
    getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<unknown>;
  };
}
