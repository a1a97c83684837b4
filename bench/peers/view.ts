/**
 * The peers suite's registration and how it is shown: its RESULTS.md section, its README block
 * and its charts (prove time, verify time, sizes; log scales, since the systems span three
 * orders of magnitude). Rows are per system and environment (Node, Chromium; records from
 * before the Chromium half have no environment: Node), plus the proving goals' paired ratios
 * (kind "goal"), shown Node beside Chromium. The measuring code (bench/peers/run.ts) is loaded
 * only when it runs.
 */
import { int, ms, ratio, table } from '../format.js';
import { CHART_BASE } from '../views.js';
import type { ChartSpec, Row, StoredSuite, SuiteDef } from '../suite.js';

const range = (r: Row, key: 'prove' | 'verify'): string => `${ms(r[`${key}MedianMs`])} (${ms(r[`${key}MinMs`])}–${ms(r[`${key}MaxMs`])})`;
const vs = (r: Row, key: 'prove' | 'verify'): string => `${ratio(r[`${key}VsBaseline`])} (${ratio(r[`${key}VsBaselineMin`])}–${ratio(r[`${key}VsBaselineMax`])})`;
const same = (r: Row): string => (r.sameStatement === true ? 'yes' : 'no');
const bytes = (x: unknown): string => (typeof x === 'number' ? int(x) : '–');
const environment = (r: Row): string => (r.environment === 'chromium' ? 'Chromium' : 'Node');
const systemRows = (rows: Row[]): Row[] => rows.filter((r) => r.kind !== 'goal');
const goalRows = (rows: Row[]): Row[] => rows.filter((r) => r.kind === 'goal');
const spreadOf = (r: Row | undefined): string => (r === undefined ? '–' : `${ratio(r.ratio)} (${ratio(r.ratioMin)}–${ratio(r.ratioMax)})`);

/** Issue 20's proving goals, one line each: the target, Node's and Chromium's paired ratios, whether each meets the target, and how far Chromium's is from Node's. */
function goalTable(rows: Row[]): string[] {
  const goals = goalRows(rows);
  const names = [...new Set(goals.map((g) => String(g.goal)))];
  return names.map((goal) => {
    const node = goals.find((g) => g.goal === goal && g.environment === 'node');
    const chromium = goals.find((g) => g.goal === goal && g.environment === 'chromium');
    const gap = node !== undefined && chromium !== undefined ? `${(((chromium.ratio as number) / (node.ratio as number) - 1) * 100).toFixed(0)} %` : '–';
    const target = (node ?? chromium)!.target as number;
    const met = (r: Row | undefined): string => (r === undefined ? '–' : (r.ratio as number) <= target ? 'met' : '**not met**');
    return `| ${goal} | ≤ ${ratio(target)} | ${spreadOf(node)} | ${spreadOf(chromium)} | ${met(node)} / ${met(chromium)} | ${gap} |`;
  });
}

const GOAL_HEADER = [
  '| proving goal (prove time, paired per round) | target | Node, median (min–max) | Chromium, median (min–max) | target met (Node / Chromium) | Chromium vs Node |',
  '|---|---:|---:|---:|---|---:|',
];

function peersSection(all: Row[]): string {
  const rows = systemRows(all);
  const out: string[] = [];
  out.push(table(
    ['system', 'environment', 'over-18 statement', 'prove ms, median (min–max)', 'verify ms, median (min–max)', 'prove vs age-only', 'verify vs age-only', 'proof B', 'public inputs (B)', 'presentation JSON B', 'prover artifacts B', 'setup ms (this run)'],
    rows.map((r) => [String(r.system), environment(r), same(r), range(r, 'prove'), range(r, 'verify'), vs(r, 'prove'), vs(r, 'verify'), bytes(r.proofBytes),
      r.publicInputs == null ? '(in the presentation)' : `${int(r.publicInputs)} (${int(r.publicBytes)})`, bytes(r.presentationJsonBytes),
      bytes(r.artifactBytes), r.setupMs == null ? '' : int(r.setupMs)]),
    ['l', 'l', 'l'],
  ));
  if (goalRows(all).length > 0) out.push('\nProving goals (issue 20), each a median (min–max) of per-round ratios of two systems measured in the same environment and rounds:\n', ...GOAL_HEADER, ...goalTable(all));
  out.push('\nWhat each system proves and what it needs:\n');
  out.push(table(['system', 'statement', 'proof system', 'setup'], rows.filter((r) => r.environment !== 'chromium').map((r) => [String(r.system), String(r.statement), String(r.proofSystem), String(r.setup)]), ['l', 'l', 'l', 'l']));
  return out.join('\n');
}

function peersReadme(suite: StoredSuite): string[] {
  const rows = systemRows(suite.rows);
  const rounds = rows[0]?.rounds;
  const goals = goalTable(suite.rows);
  const where = rows.some((r) => r.environment === 'chromium')
    ? ', then in one headless Chromium page for the systems that run there'
    : '; this record has no Chromium rows';
  return [
    `Across systems: the same "over 18" statement where a system can say it (round robin in one Node process${where}; ${String(rounds)} rounds; ratios per round against our Groth16 age-only presentation in the same environment; details and what each number contains in the "Benchmark across systems" section below):`, '',
    '| system | environment | over 18? | prove (median) | verify (median) | prove vs age-only | proof / presentation JSON | setup |',
    '|---|---|---|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${String(r.system)} | ${environment(r)} | ${same(r)} | ${ms(r.proveMedianMs)} ms | ${ms(r.verifyMedianMs)} ms | ${ratio(r.proveVsBaseline)} | ${bytes(r.proofBytes)} / ${bytes(r.presentationJsonBytes)} B | ${String(r.setup).split(':')[0]} |`),
    ...(goals.length > 0 ? ['', 'Proving goals (issue 20) from the same run, paired per round in each environment:', '', ...GOAL_HEADER, ...goals] : []),
  ];
}

function timeChart(rows: Row[], key: 'prove' | 'verify'): ChartSpec {
  return {
    file: `peers-${key}.svg`,
    spec: {
      ...CHART_BASE,
      title: `${key === 'prove' ? 'Prove' : 'Verify'} time by system and environment, median with min–max (ms, log scale; round robin in one Node process and one Chromium page)`,
      data: { values: rows.map((r) => ({ system: `${String(r.system)} · ${environment(r)}`, family: r.family, median: r[`${key}MedianMs`], min: r[`${key}MinMs`], max: r[`${key}MaxMs`] })) },
      encoding: { y: { field: 'system', type: 'nominal', title: null, sort: null, axis: { labelLimit: 520 } } },
      layer: [
        { mark: 'bar', encoding: { x: { field: 'median', type: 'quantitative', title: 'ms (log)', scale: { type: 'log' }, stack: null }, color: { field: 'family', type: 'nominal', title: null } } },
        { mark: { type: 'rule', color: 'black' }, encoding: { x: { field: 'min', type: 'quantitative' }, x2: { field: 'max' } } },
      ],
    },
  };
}

/** Sizes do not depend on the environment: Node's rows. */
function sizeChart(rows: Row[]): ChartSpec {
  const values = rows.filter((r) => r.environment !== 'chromium').flatMap((r) => [
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
  describe: 'the "over 18" statement in zkdisclose and in peers from npm (Semaphore v4, Dock), round robin in Node, then in headless Chromium (skipped there without Chromium)',
  run: async (ctx) => (await import('./run.js')).runPeersBench({ quick: ctx.quick }),
  markdown: peersSection,
  readme: peersReadme,
  charts: (all) => {
    const s = all.get('peers');
    if (s === undefined || s.skipped !== null || s.rows.length === 0) return [];
    const rows = systemRows(s.rows);
    return [timeChart(rows, 'prove'), timeChart(rows, 'verify'), sizeChart(rows)];
  },
};
