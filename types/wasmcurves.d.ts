/**
 * Minimal declarations for wasmcurves 0.2.2 and wasmbuilder 0.0.16 (ffjavascript's wasm code
 * generators; no types shipped): only what src/registry/wasm-poseidon.ts uses to build the BN254
 * scalar field module.
 */
declare module 'wasmbuilder' {
  export class ModuleBuilder {
    /** The first free byte of linear memory after the module's static data. */
    free: number;
    setMemory(pages: number): void;
    build(): number[];
  }
}

declare module 'wasmcurves' {
  import type { ModuleBuilder } from 'wasmbuilder';
  const wasmcurves: {
    /** Adds Montgomery arithmetic modulo q, functions named `${prefix}_add`, `_mul`, … */
    buildF1m(module: ModuleBuilder, q: bigint, prefix: string): string;
  };
  export default wasmcurves;
}
