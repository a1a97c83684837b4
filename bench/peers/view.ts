/**
 * The peers suite's registration and how it is shown: its RESULTS.md section, its README block
 * and its charts (prove time, verify time, sizes; log scales, since the systems span three
 * orders of magnitude). The measuring code (bench/peers/run.ts) is loaded only when it runs.
 */
import { int, ms, ratio, table } from '../format.js';
import { CHART_BASE } from '../views.js';
import type { ChartSpec, Row, StoredSuite, SuiteDef } from '../suite.js';

const range = (r: Row, key: 'prove' | 'verify'): string => `${ms(r[`${key}MedianMs`])} (${ms(r[`${key}MinMs`])}–${ms(r[`${key}MaxMs`])})`;
const vs = (r: Row, key: 'prove' | 'verify'): string => `${ratio(r[`${key}VsBaseline`])} (${ratio(r[`${key}VsBaselineMin`])}–${ratio(r[`${key}VsBaselineMax`])})`;
const same = (r: Row): string => (r.sameStatement === true ? 'yes' : 'no');
const bytes = (x: unknown): string => (typeof x === 'number' ? int(x) : '–');

function peersSection(rows: Row[]): string {
  const out: string[] = [];
  out.push(table(
    ['system', 'over-18 statement', 'prove ms, median (min–max)', 'verify ms, median (min–max)', 'prove vs age-only', 'verify vs age-only', 'proof B', 'public inputs (B)', 'presentation JSON B', 'prover artifacts B', 'setup ms (this run)'],
    rows.map((r) => [String(r.system), same(r), range(r, 'prove'), range(r, 'verify'), vs(r, 'prove'), vs(r, 'verify'), bytes(r.proofBytes),
      r.publicInputs == null ? '(in the presentation)' : `${int(r.publicInputs)} (${int(r.publicBytes)})`, bytes(r.presentationJsonBytes),
      bytes(r.artifactBytes), r.setupMs == null ? '' : int(r.setupMs)]),
  ));
  out.push('\nWhat each system proves and what it needs:\n');
  out.push(table(['system', 'statement', 'proof system', 'setup'], rows.map((r) => [String(r.system), String(r.statement), String(r.proofSystem), String(r.setup)]), ['l', 'l', 'l', 'l']));
  return out.join('\n');
}

function peersReadme(suite: StoredSuite): string[] {
  const rounds = suite.rows[0]?.rounds;
  return [
    `Across systems: the same "over 18" statement where a system can say it (round robin in one process, ${String(rounds)} rounds; ratios per round against our Groth16 age-only presentation; details and what each number contains in the "Benchmark across systems" section below):`, '',
    '| system | over 18? | prove (median) | verify (median) | prove vs age-only | proof / presentation JSON | setup |',
    '|---|---|---:|---:|---:|---:|---|',
    ...suite.rows.map((r) => `| ${String(r.system)} | ${same(r)} | ${ms(r.proveMedianMs)} ms | ${ms(r.verifyMedianMs)} ms | ${ratio(r.proveVsBaseline)} | ${bytes(r.proofBytes)} / ${bytes(r.presentationJsonBytes)} B | ${String(r.setup).split(':')[0]} |`),
  ];
}

function timeChart(rows: Row[], key: 'prove' | 'verify'): ChartSpec {
  return {
    file: `peers-${key}.svg`,
    spec: {
      ...CHART_BASE,
      title: `${key === 'prove' ? 'Prove' : 'Verify'} time by system, median with min–max (ms, log scale; one process, round robin)`,
      data: { values: rows.map((r) => ({ system: r.system, family: r.family, median: r[`${key}MedianMs`], min: r[`${key}MinMs`], max: r[`${key}MaxMs`] })) },
      encoding: { y: { field: 'system', type: 'nominal', title: null, sort: null, axis: { labelLimit: 520 } } },
      layer: [
        { mark: 'bar', encoding: { x: { field: 'median', type: 'quantitative', title: 'ms (log)', scale: { type: 'log' }, stack: null }, color: { field: 'family', type: 'nominal', title: null } } },
        { mark: { type: 'rule', color: 'black' }, encoding: { x: { field: 'min', type: 'quantitative' }, x2: { field: 'max' } } },
      ],
    },
  };
}

function sizeChart(rows: Row[]): ChartSpec {
  const values = rows.flatMap((r) => [
    { system: r.system, what: 'proof (binary)', bytes: r.proofBytes },
    { system: r.system, what: 'presentation (JSON)', bytes: r.presentationJsonBytes },
  ]);
  return {
    file: 'peers-size.svg',
    spec: {
      ...CHART_BASE,
      title: 'Proof and presentation size by system (bytes, log scale)',
      data: { values },
      mark: 'bar',
      encoding: {
        y: { field: 'system', type: 'nominal', title: null, sort: null, axis: { labelLimit: 520 } },
        yOffset: { field: 'what' },
        x: { field: 'bytes', type: 'quantitative', title: 'bytes (log)', scale: { type: 'log' }, stack: null },
        color: { field: 'what', type: 'nominal', title: null },
        tooltip: [{ field: 'system' }, { field: 'what' }, { field: 'bytes' }],
      },
    },
  };
}

export const peersSuite: SuiteDef = {
  name: 'peers',
  title: 'Across systems: zkdisclose, Semaphore v4, Dock crypto-wasm-ts',
  describe: 'the "over 18" statement in zkdisclose and in peers from npm (Semaphore v4, Dock), round robin',
  run: async (ctx) => (await import('./run.js')).runPeersBench({ quick: ctx.quick }),
  markdown: peersSection,
  readme: peersReadme,
  charts: (all) => {
    const s = all.get('peers');
    if (s === undefined || s.skipped !== null || s.rows.length === 0) return [];
    return [timeChart(s.rows, 'prove'), timeChart(s.rows, 'verify'), sizeChart(s.rows)];
  },
};
