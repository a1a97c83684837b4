/**
 * Under-constraint sweep of the shipped on-chain main (artifacts/onchain-16-1-1-20-2), with the
 * machinery and allow-list of underconstraint-sweep.ts: on the honest witness of
 * test/helpers/onchain.ts, every public signal and 300 seeded random private wires are moved
 * alone; every free wire found must match an allow-list rule and be confirmed on the full r1cs.
 * Public signals: only the nonce's other square root is free (the gate recomputes the nonce),
 * so no output (nullifier, disclosed values) and neither root, today nor requestHash can move.
 * The .sym comes from a compile whose r1cs is byte-identical to the shipped one (build/ from
 * build:circuits, else a compile into build/sweep/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUILD_DIR, loadRegistry, mainSource } from '../../scripts/circuit-registry.js';
import { compileCircuit } from '../../scripts/compile.js';
import { ONCHAIN_CIRCUIT } from '../../src/onchain/circuit-input.js';
import { ONCHAIN_DIR, onchainInput } from '../helpers/onchain.js';
import type { Scenario, ShippedName } from '../helpers/presentation.js';
import { calculateWitness, readR1cs, releaseCurve, unsatisfiedConstraints } from '../helpers/witness.js';
import { SWEEP_DIR, type SweepTarget, confirmFree, publicWires, samplePrivateWires, sweep, sweepTarget } from './underconstraint-sweep.js';

afterAll(releaseCurve);

/** A .sym naming the shipped r1cs's wires. */
async function onchainSym(): Promise<{ sym: string; source: string }> {
  const shipped = readFileSync(join(ONCHAIN_DIR, 'circuit.r1cs'));
  for (const dir of [join(SWEEP_DIR, ONCHAIN_CIRCUIT), join(BUILD_DIR, ONCHAIN_CIRCUIT)]) {
    const r1cs = join(dir, `${ONCHAIN_CIRCUIT}.r1cs`);
    if (existsSync(r1cs) && readFileSync(r1cs).equals(shipped)) return { sym: join(dir, `${ONCHAIN_CIRCUIT}.sym`), source: dir };
  }
  const compiled = await compileCircuit(ONCHAIN_CIRCUIT, mainSource(loadRegistry()[ONCHAIN_CIRCUIT]!), join(SWEEP_DIR, ONCHAIN_CIRCUIT));
  if (!readFileSync(compiled.r1cs).equals(shipped)) throw new Error(`${ONCHAIN_CIRCUIT}: the r1cs compiled from circuits/ differs from the shipped one`);
  return { sym: compiled.sym, source: 'compiled' };
}

describe(`${ONCHAIN_CIRCUIT}: sampled single-wire sweep`, () => {
  let t: SweepTarget;

  beforeAll(async () => {
    const r1cs = readR1cs(join(ONCHAIN_DIR, 'circuit.r1cs'));
    const witness = await calculateWitness(join(ONCHAIN_DIR, 'circuit.wasm'), onchainInput());
    expect(unsatisfiedConstraints(r1cs, witness.values)).toEqual([]);
    const { sym, source } = await onchainSym();
    // The sweep's types name the Presentation circuits; its analysis and rules read only the r1cs, the witness and the names.
    t = sweepTarget({ name: ONCHAIN_CIRCUIT as ShippedName, label: 'sample', scenario: undefined as unknown as Scenario, r1cs, values: witness.values, sym, symSource: source });
  }, 300_000);

  test('only the nonce\'s other square root is free among the public signals', () => {
    const free = sweep(t, publicWires(t));
    expect(free.map((f) => [f.name, f.rule?.id])).toEqual([['main.nonce', 'nonce-square-root']]);
    for (const f of free) expect(confirmFree(t, f.wire, f.freedom)).toBe(true);
  });

  test('every free wire among 300 seeded random private wires is allow-listed', () => {
    const free = sweep(t, samplePrivateWires(t, 300, 0x0c4a1));
    expect(free.filter((f) => f.rule === undefined).map((f) => `${f.name} (${f.freedom.kind})`)).toEqual([]);
    for (const f of free) expect(confirmFree(t, f.wire, f.freedom)).toBe(true);
  });
});
