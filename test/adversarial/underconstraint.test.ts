/**
 * Under-constraint sweep of the shipped Presentation mains, as a test (issue 7, item 3).
 * The sweep itself (exact single-wire analysis, allow-list, report) is
 * test/adversarial/underconstraint-sweep.ts; its report is test/reports/underconstraint.md.
 *   - default (`npm test`): on the sample witness of each shipped circuit, every public signal
 *     and 300 seeded random private wires; every free wire found must match a rule of the
 *     allow-list (so a new free wire fails), and is confirmed on the full r1cs. Self-checks keep
 *     the detector honest: known free wires are found, their neighbours are pinned.
 *   - ZKD_SLOW=1 (`npm run test:slow`): every wire of both witnesses (sample and variant) of both
 *     circuits, and the coordinated change of a non-set slot's private set.
 * The .sym that names the wires comes from a compile whose r1cs is byte-identical to the
 * shipped one (a cached build, else a compile into build/sweep/, about a minute).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SHIPPED, type ShippedName } from '../helpers/presentation.js';
import { releaseCurve } from '../helpers/witness.js';
import {
  ALLOW_LIST, REPORT_PATH, analyseWire, confirmFree, fullSweep, loadTarget, publicWires, samplePrivateWires, sweep, sweepScenarios,
  type FreeWire, type SweepTarget,
} from './underconstraint-sweep.js';

const SAMPLE_SIZE = 300;
const SEED = 0x5eed7;

afterAll(releaseCurve);

/** A readable line per free wire, for failure messages. */
const describeFree = (f: FreeWire): string => `${f.circuit}/${f.label} wire ${f.wire} ${f.name} (${f.freedom.kind === 'any' ? 'any value' : `only ${f.freedom.value}`})`;

test('the report documents every allow-list rule', () => {
  const report = readFileSync(REPORT_PATH, 'utf8');
  for (const rule of ALLOW_LIST) expect(report, `rule ${rule.id} missing from ${REPORT_PATH}`).toContain(`\`${rule.id}\``);
});

describe.each(SHIPPED)('%s: sampled single-wire sweep (sample witness)', (name: ShippedName) => {
  let t: SweepTarget;

  beforeAll(async () => {
    t = await loadTarget(name);
  });

  test('every public signal that can move alone is allow-listed', () => {
    const free = sweep(t, publicWires(t));
    const unexplained = free.filter((f) => f.rule === undefined).map(describeFree);
    expect(unexplained).toEqual([]);
    for (const f of free) expect(confirmFree(t, f.wire, f.freedom), describeFree(f)).toBe(true);
    // Only the nonce (p - nonce) and, with attributes[15] = 0, bit 15 of discloseMask: no output.
    expect(free.map((f) => f.name).sort()).toEqual(['main.discloseMask', 'main.nonce']);
  });

  test(`every free wire among ${SAMPLE_SIZE} seeded random private wires is allow-listed`, () => {
    const wires = samplePrivateWires(t, SAMPLE_SIZE, SEED);
    expect(wires).toHaveLength(SAMPLE_SIZE);
    expect(wires.every((w) => w >= t.firstPrivate && w < t.r1cs.nVars)).toBe(true);
    const free = sweep(t, wires);
    expect(free.filter((f) => f.rule === undefined).map(describeFree)).toEqual([]);
    for (const f of free) expect(confirmFree(t, f.wire, f.freedom), describeFree(f)).toBe(true);
  });

  test('the detector finds the known free IsZero hint of slot 0 and pins its neighbours', () => {
    const op = Number(t.values[t.wires.get('main.predOp[0]')!]);
    const slot = [...t.wires.keys()].find((n) => /^main\.PredicateSlot_\d+_\d+\[0\]\.isOp\[0\]$/.test(n))!.replace(/\.isOp\[0\]$/, '');
    const hint = (k: number): number => t.wires.get([...t.wires.keys()].find((n) => n.startsWith(`${slot}.IsEqual_`) && n.endsWith(`[${k}].isz.inv`))!)!;
    // isOp[op] = IsEqual(op, op): input 0, its inv is a free hint (allow-listed).
    expect(analyseWire(t, hint(op))).toEqual({ kind: 'any' });
    const [found] = sweep(t, [hint(op)]);
    expect(found?.rule?.id).toBe('iszero-inv-zero-input');
    // isOp[k] for k != op: input op - k != 0, inv = 1/(op - k) is forced.
    for (let k = 0; k < 10; k++) if (k !== op) expect(analyseWire(t, hint(k)), `isOp[${k}] hint`).toEqual({ kind: 'pinned' });
    // A secret and a Merkle sibling cannot move alone.
    expect(analyseWire(t, t.wires.get('main.holderSecret')!)).toEqual({ kind: 'pinned' });
    expect(analyseWire(t, t.wires.get('main.pathElements[3][0]')!)).toEqual({ kind: 'pinned' });
  });

  test('an allow-list rule does not cover a wire whose precondition fails', () => {
    // The nonce rule admits only p - nonce; discloseMask's only while attributes[15] = 0.
    const nonce = t.wires.get('main.nonce')!;
    const [free] = sweep(t, [nonce]);
    expect(free?.rule?.id).toBe('nonce-square-root');
    const rule = ALLOW_LIST.find((r) => r.id === 'nonce-square-root')!;
    expect(rule.holds(t, { ...free!, freedom: { kind: 'value', value: free!.honest + 1n } })).toBe(false);
    const mask = ALLOW_LIST.find((r) => r.id === 'disclose-mask-bit15-zero-attribute')!;
    const [maskFree] = sweep(t, [t.wires.get('main.discloseMask')!]);
    const attr15 = t.wires.get('main.attributes[15]')!;
    const withAttribute = { ...t, values: t.values.map((v, w) => (w === attr15 ? 7n : v)) };
    expect(mask.holds(withAttribute, maskFree!)).toBe(false);
  });
});

describe.runIf(process.env.ZKD_SLOW === '1')('full single-wire sweep, every wire (slow)', () => {
  const cases = SHIPPED.flatMap((name) => sweepScenarios(name).map((which) => ({ name, which })));

  test.each(cases.map((c) => [`${c.name} (${c.which.label})`, c] as const))('%s: every free wire is allow-listed and confirmed', async (_label, { name, which }) => {
    const result = await fullSweep(name, which);
    expect(result.swept).toBe(result.target.r1cs.nVars - result.target.firstPrivate);
    expect(result.free.filter((f) => f.rule === undefined).map(describeFree)).toEqual([]);
    expect(result.confirmed).toBe(true);
    for (const c of result.coordinated) {
      expect(c.satisfied, c.change).toBe(true);
      expect(c.publicSignalsEqual, c.change).toBe(true);
    }
  });
});
