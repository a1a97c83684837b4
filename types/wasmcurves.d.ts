/**
 * Minimal declarations for wasmcurves 0.2.2 and wasmbuilder 0.0.16 (ffjavascript's wasm code
 * generators; no types shipped): only what src/registry/wasm-poseidon.ts (the BN254 scalar field
 * module) and src/proving/msm-wasm.ts (functions added to ffjavascript's curve module) use. Code
 * is built as arrays of wasm bytes.
 */
declare module 'wasmbuilder' {
  type Code = number[];

  export interface CodeBuilder {
    getLocal(name: string): Code;
    setLocal(name: string, value: Code): Code;
    i32_const(x: number): Code;
    i32_add(a: Code, b: Code): Code;
    i32_sub(a: Code, b: Code): Code;
    i32_mul(a: Code, b: Code): Code;
    i32_and(a: Code, b: Code): Code;
    i32_or(a: Code, b: Code): Code;
    i32_shl(a: Code, b: Code): Code;
    i32_shr_u(a: Code, b: Code): Code;
    i32_eqz(a: Code): Code;
    i32_ge_u(a: Code, b: Code): Code;
    i32_load(address: Code): Code;
    i32_store(address: Code, offset: number, align: number, value: Code): Code;
    call(fnName: string, ...args: Code[]): Code;
    if(condition: Code, then: Code, otherwise?: Code): Code;
    block(body: Code): Code;
    loop(...body: Code[]): Code;
    br(depth: number): Code;
    br_if(depth: number, condition: Code): Code;
    ret(value: Code): Code;
  }

  export interface FunctionBuilder {
    addParam(name: string, type: 'i32'): void;
    addLocal(name: string, type: 'i32'): void;
    addCode(...code: Code[]): void;
    getCodeBuilder(): CodeBuilder;
  }

  export class ModuleBuilder {
    /** The first free byte of linear memory after the module's static data. */
    free: number;
    setMemory(pages: number): void;
    build(): number[];
    addFunction(name: string): FunctionBuilder;
    exportFunction(name: string): void;
    /** Reserves static memory; returns its address. */
    alloc(bytes: number): number;
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
