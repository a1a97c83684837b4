/**
 * How the built-in suites (proving, systems, scaling, bbs, browser, registry) are shown: their sections of
 * bench/RESULTS.md, their lines in the README's Speed section and their charts. Pure functions
 * of stored rows; the measuring code is in each suite's own module.
 */
import { type Cell, int, ms, num, pm, ratio, table } from './format.js';
import type { ChartSpec, Row, StoredSuite } from './suite.js';

type Suites = ReadonlyMap<string, StoredSuite>;
const rowsOf = (all: Suites, suite: string): Row[] => {
  const s = all.get(suite);
  return s === undefined || s.skipped !== null ? [] : s.rows;
};
const msUnit = (x: unknown): string => (typeof x === 'number' ? `${ms(x)} ms` : '–');

/** Shared vega-lite settings. */
export const CHART_BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 520, height: 300, background: 'white',
  config: { legend: { labelLimit: 400 } },
};

// ---------------------------------------------------------------------------------------------
// proving

/** The `op` of the proving suite's path-comparison rows (bench/proving-paths.ts), one per circuit. */
export const PATHS_OP = 'proving paths (zkey preloaded)';

const isPathsRow = (r: Row): boolean => r.op === PATHS_OP;

/** "0.21× (0.19–0.24)", or "–". */
const ratioSpread = (median: unknown, min: unknown, max: unknown): string =>
  (typeof median === 'number' ? `${ratio(median)}${typeof min === 'number' && typeof max === 'number' ? ` (${min.toFixed(2)}–${max.toFixed(2)})` : ''}` : '–');

/** The native column's cell: its time, or why there is none. */
const nativeCell = (r: Row, value: string): string => (typeof r.nativeUnavailable === 'string' ? 'not built' : value);

/** The path-comparison table (markdown), and a line saying why the native column is empty when it is. */
export function provingPathsTable(rows: Row[]): string[] {
  const paths = rows.filter(isPathsRow);
  if (paths.length === 0) return [];
  const lines = [
    '| circuit | constraints | witness | native | our wasm | snarkjs `groth16.prove` | native / snarkjs (paired, min–max) | wasm / snarkjs (paired) | peak RSS native / wasm / snarkjs |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...paths.map((r) => `| \`${String(r.circuit)}\` | ${int(r.constraints)} | ${msUnit(r.witnessMs)} | ${nativeCell(r, msUnit(r.nativeMs))} | ${msUnit(r.wasmMs)} | ${msUnit(r.snarkjsMs)} | ${nativeCell(r, ratioSpread(r.nativeVsSnarkjs, r.nativeVsSnarkjsMin, r.nativeVsSnarkjsMax))} | ${ratio(r.wasmVsSnarkjs)} | ${nativeCell(r, `${num(r.nativeRssMiB, 0)} MiB`)} / ${r.wasmRssMiB === undefined ? '–' : `${num(r.wasmRssMiB, 0)} MiB`} / ${num(r.snarkjsRssMiB, 0)} MiB |`),
  ];
  const unavailable = paths.find((r) => typeof r.nativeUnavailable === 'string')?.nativeUnavailable;
  if (typeof unavailable === 'string') lines.push('', `Native prover not measured in this run: ${unavailable}.`);
  return lines;
}

export function provingSection(rows: Row[]): string {
  const out: string[] = [];
  const scenarioRows = rows.filter((r) => !isPathsRow(r));
  const circuits = [...new Set(scenarioRows.map((r) => String(r.circuit)))];
  const summary: string[][] = [];
  for (const circuit of circuits) {
    const mine = scenarioRows.filter((r) => r.circuit === circuit);
    const get = (op: string): Row | undefined => mine.find((r) => r.op === op);
    const ours = get('Prover.prove');
    const naive = get('fullProve (files)');
    summary.push([
      `\`${circuit}\``, ms(get('witness')?.meanMs), ms(ours?.meanMs), ms(get('createPresentation')?.meanMs), ms(naive?.meanMs),
      num(ours?.vsFullProve, 2), num(get('paired ratio Prover.prove / fullProve')?.vsFullProve, 2),
      ms(get('groth16.verify')?.meanMs), ms(get('verifyPresentation')?.meanMs), num(get('peak RSS (parent, MiB)')?.peakRssMiB, 0),
    ]);
  }
  out.push('Summary (mean ms; ratio < 1 means the library is faster than the naive `fullProve` with file paths):\n');
  out.push(table(
    ['circuit', 'witness', 'Prover.prove', 'createPresentation', 'fullProve (files)', 'ratio ours/naive (means)', 'ratio (paired median)', 'groth16.verify', 'verifyPresentation', 'peak RSS MiB (parent)'],
    summary,
  ));
  const paths = provingPathsTable(rows);
  if (paths.length > 0) {
    out.push('\nProving paths on every shipped circuit (median ms over the rounds, zkey preloaded, witness separate; peak RSS of a child process per path):\n');
    out.push(paths.join('\n'));
  }
  for (const circuit of circuits) {
    const mine = scenarioRows.filter((r) => r.circuit === circuit && typeof r.meanMs === 'number' && !String(r.op).startsWith('cold'));
    out.push(`\n**\`${circuit}\`**: ${String(mine[0]?.statement ?? '')}\n`);
    out.push(table(
      ['operation', 'mean ms', 'rme', 'samples', 'median ms', 'vs fullProve (means)'],
      mine.map((r) => [String(r.op), ms(r.meanMs), pm(r.rme), int(r.samples), ms(r.medianMs), r.vsFullProve == null ? '' : `${num(r.vsFullProve, 2)}×`]),
    ));
  }
  const cold = scenarioRows.filter((r) => String(r.op).startsWith('cold'));
  if (cold.length > 0) {
    out.push('\nCold first proof in a fresh process (node + tsx; not benchmark.js: mean of the runs):\n');
    out.push(table(
      ['circuit', 'what', 'runs', 'startup ms (node+tsx+imports)', 'load ms', 'first proof ms', 'load + proof ms', 'wall ms (spawn to exit)', 'peak RSS MiB'],
      cold.map((r) => [`\`${String(r.circuit)}\``, `${String(r.op).replace('cold: fresh process, ', '')}${typeof r.path === 'string' ? ` (${r.path} path)` : ''}`, int(r.samples), ms(r.startupMs), r.loadMs == null ? '(inside fullProve)' : ms(r.loadMs), ms(r.firstProofMs), ms(r.meanMs), ms(r.wallMs), num(r.peakRssMiB, 0)]),
    ));
    out.push(`\nPeak RSS of the child from ${String(cold[0]!.rssSource)}.`);
  }
  return out.join('\n');
}

export function provingReadme(suite: StoredSuite): string[] {
  const scenarioRows = suite.rows.filter((r) => !isPathsRow(r));
  const circuits = [...new Set(scenarioRows.map((r) => String(r.circuit)))];
  const get = (circuit: string, op: string, key = 'meanMs'): unknown => scenarioRows.find((r) => r.circuit === circuit && r.op === op)?.[key];
  const lines = [
    '| circuit | witness | prove (warm `Prover`) | `createPresentation` | naive `fullProve` | ours / naive (paired median) | cold first proof | `verifyPresentation` |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of circuits) {
    lines.push(`| \`${c}\` | ${msUnit(get(c, 'witness'))} | ${msUnit(get(c, 'Prover.prove'))} | ${msUnit(get(c, 'createPresentation'))} | ${msUnit(get(c, 'fullProve (files)'))} | ${ratio(get(c, 'paired ratio Prover.prove / fullProve', 'vsFullProve') as number)} | ${msUnit(get(c, 'cold: fresh process, Prover load + first prove', 'firstProofMs'))} | ${msUnit(get(c, 'verifyPresentation'))} |`);
  }
  const paths = provingPathsTable(suite.rows);
  if (paths.length > 0) {
    lines.push('', 'Proving paths, every shipped circuit (zkey preloaded, witness separate; median of rounds in one process, ratios paired per round; peak RSS of a child process per path):', '', ...paths);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// systems

export function systemsSection(rows: Row[]): string {
  const out: string[] = [];
  const shipped = rows.filter((r) => String(r.circuitKind).startsWith('shipped'));
  const small = rows.filter((r) => !String(r.circuitKind).startsWith('shipped'));
  if (shipped.length > 0) {
    out.push('Groth16 on the shipped circuits (prove = `Prover.prove`, verify = `groth16.verify`, from the proving suite):\n');
    out.push(table(
      ['circuit', 'constraints', 'prove ms', 'verify ms', 'proof JSON B', 'proof compressed B', 'points', 'public signals', 'signals JSON B', 'signals binary B', 'presentation JSON B', 'zkey B'],
      shipped.map((r) => [`\`${String(r.circuit)}\``, int(r.constraints), ms(r.proveMs), ms(r.verifyMs), int(r.proofJsonBytes), int(r.proofCompactBytes), String(r.proofPoints), int(r.publicSignals), int(r.publicSignalsJsonBytes), int(r.publicSignalsBinaryBytes), int(r.presentationJsonBytes), int(r.zkeyBytes)]),
    ));
  }
  if (small.length > 0) {
    out.push(`\nGroth16 vs PLONK vs FFLONK on \`${String(small[0]!.circuit)}\` (**small circuit, --O1, dev setup**; same R1CS (${int(small[0]!.r1csConstraints)} constraints) and witness for all three):\n`);
    out.push(table(
      ['system', 'constraints (own count)', 'prove ms', 'rme', 'verify ms', 'rme', 'prove vs Groth16', 'verify vs Groth16', 'proof JSON B', 'proof compressed B', 'points', 'zkey B', 'setup ms (this run)'],
      small.map((r) => [String(r.system), int(r.constraints), ms(r.proveMs), pm(r.proveRme), ms(r.verifyMs), pm(r.verifyRme), `${num(r.proveVsGroth16, 2)}×`, `${num(r.verifyVsGroth16, 2)}×`, int(r.proofJsonBytes), int(r.proofCompactBytes), String(r.proofPoints), int(r.zkeyBytes), r.setupMs == null ? 'cached' : int(r.setupMs)]),
    ));
  }
  return out.join('\n');
}

export function systemsReadme(suite: StoredSuite): string[] {
  const lines = [
    'Proof systems (PLONK and FFLONK only on a small circuit with a development setup, as labelled):', '',
    '| system | circuit | constraints | prove | verify | proof (JSON / compressed) |', '|---|---|---:|---:|---:|---:|',
  ];
  for (const r of suite.rows) {
    lines.push(`| ${String(r.system)} | \`${String(r.circuit)}\`${r.circuitKind ? `: ${String(r.circuitKind)}` : ''} | ${int(r.constraints)} | ${msUnit(r.proveMs)} | ${msUnit(r.verifyMs)} | ${int(r.proofJsonBytes)} / ${int(r.proofCompactBytes)} B |`);
  }
  return lines;
}

export function proofSizeChart(all: Suites): ChartSpec[] {
  const sizes = rowsOf(all, 'systems').flatMap((r) => {
    const label = `${String(r.system)} · ${String(r.circuit).replace('presentation-', 'P-')}`;
    return [
      { label, encoding: 'snarkjs JSON', bytes: r.proofJsonBytes },
      { label, encoding: 'compressed binary', bytes: r.proofCompactBytes },
    ];
  });
  if (sizes.length === 0) return [];
  return [{
    file: 'proof-size-by-system.svg',
    spec: {
      ...CHART_BASE,
      title: 'Proof size by system (bytes)',
      data: { values: sizes },
      mark: 'bar',
      encoding: {
        y: { field: 'label', type: 'nominal', title: null, sort: null },
        x: { field: 'bytes', type: 'quantitative', title: 'bytes' },
        yOffset: { field: 'encoding' },
        color: { field: 'encoding', type: 'nominal', title: null },
        tooltip: [{ field: 'label' }, { field: 'encoding' }, { field: 'bytes' }],
      },
    },
  }];
}

// ---------------------------------------------------------------------------------------------
// scaling

export function scalingSection(rows: Row[]): string {
  const out: string[] = [];
  // Records from before the native column have no native fields: their tables stay as they were.
  const withNative = rows.some((r) => 'nativeProveMs' in r);
  const nativeHeader = withNative ? ['witness + prove ms, native', 'rme', 'native / snarkjs (means)'] : [];
  for (const axis of [...new Set(rows.map((r) => String(r.axis)))]) {
    out.push(`\nBy ${axis} (others at the default 16 attributes, 4 slots, sets of 32, depth 20):\n`);
    out.push(table(
      [axis, 'circuit', 'constraints (--O2)', 'Groth16 power', 'public signals', withNative ? 'witness + prove ms, snarkjs' : 'witness + prove ms', 'rme', ...nativeHeader, 'zkey'],
      rows.filter((r) => r.axis === axis).map((r) => [
        int(r.value), `\`${String(r.circuit)}\``, int(r.constraints), `2^${int(r.groth16Power)}`, int(r.publicSignals), ms(r.proveMs), pm(r.proveRme),
        ...(withNative ? [ms(r.nativeProveMs), pm(r.nativeProveRme), ratio(r.nativeVsSnarkjs)] : []),
        r.zkey == null ? 'no setup (constraints only)' : String(r.zkey),
      ]),
    ));
  }
  return out.join('\n');
}

/** Witness + prove time against constraints for the scaling variants: snarkjs and the native prover, one series each. */
export function proveVsConstraintsChart(all: Suites): ChartSpec[] {
  const rows = rowsOf(all, 'scaling');
  const point = (r: Row, prover: string, proveMs: Cell) => ({ constraints: r.constraints, proveMs, prover, varying: String(r.axis), circuit: r.circuit });
  const points = [
    ...rows.filter((r) => typeof r.proveMs === 'number').map((r) => point(r, 'snarkjs groth16.prove', r.proveMs)),
    ...rows.filter((r) => typeof r.nativeProveMs === 'number').map((r) => point(r, 'native prover', r.nativeProveMs)),
  ];
  if (points.length === 0) return [];
  return [{
    file: 'prove-vs-constraints.svg',
    spec: {
      ...CHART_BASE,
      title: 'Groth16 witness + prove time against constraints (scaling variants, this machine)',
      data: { values: points },
      mark: { type: 'point', filled: true, size: 70 },
      encoding: {
        x: { field: 'constraints', type: 'quantitative', title: 'R1CS constraints', scale: { zero: true } },
        y: { field: 'proveMs', type: 'quantitative', title: 'mean witness + prove ms', scale: { zero: true } },
        color: { field: 'prover', type: 'nominal', title: null },
        shape: { field: 'varying', type: 'nominal', title: 'varying' },
        tooltip: [{ field: 'circuit' }, { field: 'prover' }, { field: 'constraints' }, { field: 'proveMs' }],
      },
    },
  }];
}

// ---------------------------------------------------------------------------------------------
// bbs (in these rows `suite` is the BBS suite)

export function bbsSection(rows: Row[]): string {
  return table(
    ['BBS suite', 'messages', 'hidden', 'op', 'mean ms', 'rme', 'samples', 'bytes'],
    rows.map((r) => [String(r.suite), int(r.messages), r.hidden == null ? '' : int(r.hidden), String(r.op), ms(r.meanMs), pm(r.rme), int(r.samples), int(r.bytes)]),
  );
}

export function bbsReadme(suite: StoredSuite): string[] {
  const lines = [
    'BBS (sign, derive with one hidden message, verify):', '',
    '| suite | messages | sign | derive (1 hidden) | verify (1 hidden) | signature / proof (1 hidden) |', '|---|---:|---:|---:|---:|---:|',
  ];
  for (const bbsSuite of [...new Set(suite.rows.map((r) => String(r.suite)))]) {
    const counts = [...new Set(suite.rows.filter((r) => r.suite === bbsSuite).map((r) => Number(r.messages)))].sort((a, b) => a - b);
    for (const n of counts) {
      const find = (op: string, hidden: number | null): Row | undefined => suite.rows.find((r) => r.suite === bbsSuite && r.messages === n && r.op === op && (hidden === null || r.hidden === hidden));
      const sign = find('sign', null);
      const derive = find('derive', 1);
      lines.push(`| ${bbsSuite} | ${n} | ${msUnit(sign?.meanMs)} | ${msUnit(derive?.meanMs)} | ${msUnit(find('verify', 1)?.meanMs)} | ${int(sign?.bytes)} / ${int(derive?.bytes)} B |`);
    }
  }
  return lines;
}

/** "hide 1", "hide n-1", ...: the hidden-message series of a BBS row, comparable across message counts. */
function hiddenKind(r: Row): string {
  if (typeof r.hidden !== 'number') return 'n/a';
  if (r.hidden === 1) return 'hide 1';
  if (typeof r.messages === 'number' && r.hidden === r.messages - 1) return 'hide n-1';
  return `hide ${r.hidden}`;
}

export function bbsChart(all: Suites): ChartSpec[] {
  const bbs = rowsOf(all, 'bbs').filter((r) => typeof r.meanMs === 'number' && typeof r.messages === 'number');
  if (bbs.length === 0) return [];
  return [{
    file: 'bbs-cost.svg',
    spec: {
      ...CHART_BASE,
      width: 260,
      title: 'BBS cost against message count',
      data: { values: bbs.map((r) => ({ ...r, hiddenKind: hiddenKind(r) })) },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'messages', type: 'quantitative', title: 'messages' },
        y: { field: 'meanMs', type: 'quantitative', title: 'mean ms' },
        color: { field: 'suite', type: 'nominal', title: 'suite' },
        strokeDash: { field: 'hiddenKind', type: 'nominal', title: 'hidden messages' },
        column: { field: 'op', type: 'nominal', title: null },
        tooltip: [{ field: 'suite' }, { field: 'op' }, { field: 'messages' }, { field: 'hidden' }, { field: 'meanMs' }, { field: 'bytes' }],
      },
    },
  }];
}

// ---------------------------------------------------------------------------------------------
// browser

export function browserReadme(suite: StoredSuite, all: Suites): string[] {
  const proving = rowsOf(all, 'proving');
  const lines = [
    'Proving in headless Chromium (the demo page, 4-slot circuit, artifacts fetched and sha256-checked in the page):', '',
    '| browser | operation | mean | samples | vs Node (warm `Prover.prove`, same circuit, from the proving suite) |', '|---|---|---:|---:|---:|',
  ];
  for (const r of suite.rows) {
    const node = proving.find((p) => p.circuit === r.circuit && p.op === 'Prover.prove')?.meanMs;
    const vsNode = r.op === 'warm proof' && typeof node === 'number' && typeof r.meanMs === 'number' ? ratio(r.meanMs / node) : '';
    lines.push(`| ${String(r.browser)} | ${String(r.op)} | ${msUnit(r.meanMs)} | ${int(r.samples)} | ${vsNode} |`);
  }
  return lines;
}

/** README lines of the registry suite: one row per shape and size. */
export function registryReadme(suite: StoredSuite): string[] {
  const lines = [
    'Registry at scale (SQLite on the local disk; wallet = decode + check a downloaded bucket against the signed root + path):', '',
    '| shape | leaves | build | reopen | issue | revoke | bucket served | wallet | downloaded |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of suite.rows) {
    lines.push(`| ${String(r.shape)} | ${int(r.leaves)} | ${String(r['build (s)'])} s | ${String(r['reopen (ms)'])} ms | ${String(r['issue (ms)'])} ms | ${String(r['revoke (ms)'])} ms | ${String(r['bucket served (ms)'])} ms | ${String(r['wallet, bytes to path (ms)'])} ms | ${String(r['downloaded per presentation (KB)'])} KB |`);
  }
  return lines;
}
