/** Minimal declaration for circom_runtime (a snarkjs dependency): the witness calculator. */
declare module 'circom_runtime' {
  export function WitnessCalculatorBuilder(code: Uint8Array, options?: Record<string, unknown>): Promise<unknown>;
}
