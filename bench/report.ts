/**
 * Benchmark outputs: bench/results/<suite>.json (raw rows, the machine and the notes),
 * bench/RESULTS.md (markdown tables with the machine line and the date) and, when vega and
 * vega-lite are installed, SVG charts in bench/results/.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type MachineInfo, machineLine } from './machine.js';

export type Cell = string | number | boolean | null | undefined;
/** One measurement; `suite` names the JSON file it lands in. */
export type Row = { suite: string } & Record<string, Cell>;

export interface SuiteResult {
  suite: string;
  rows: Row[];
  notes: string[];
  /** Set when the suite did not run at all. */
  skipped?: string;
}

export interface RunInfo {
  machine: MachineInfo;
  quick: boolean;
  command: string;
  durationS: number;
  /** False while a run is still going (outputs are rewritten after each suite). */
  complete: boolean;
}

// ---------------------------------------------------------------------------------------------
// Formatting

const num = (x: Cell, digits = 1): string => {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};
const int = (x: Cell): string => (typeof x === 'number' && Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : '–');
const pm = (x: Cell): string => (typeof x === 'number' && Number.isFinite(x) ? `±${x.toFixed(1)} %` : '–');
const ms = (x: Cell): string => {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  return num(x, x < 10 ? 2 : x < 100 ? 1 : 0);
};

function table(header: string[], body: string[][], align: ('l' | 'r')[] = []): string {
  const sep = header.map((_, i) => ((align[i] ?? (i === 0 ? 'l' : 'r')) === 'r' ? '---:' : '---'));
  return [header, sep, ...body].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Suite sections

function provingSection(rows: Row[]): string {
  const out: string[] = [];
  const circuits = [...new Set(rows.map((r) => String(r.circuit)))];
  const summary: string[][] = [];
  for (const circuit of circuits) {
    const mine = rows.filter((r) => r.circuit === circuit);
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
  for (const circuit of circuits) {
    const mine = rows.filter((r) => r.circuit === circuit && typeof r.meanMs === 'number' && !String(r.op).startsWith('cold'));
    out.push(`\n**\`${circuit}\`**: ${String(mine[0]?.statement ?? '')}\n`);
    out.push(table(
      ['operation', 'mean ms', 'rme', 'samples', 'median ms', 'vs fullProve (means)'],
      mine.map((r) => [String(r.op), ms(r.meanMs), pm(r.rme), int(r.samples), ms(r.medianMs), r.vsFullProve == null ? '' : `${num(r.vsFullProve, 2)}×`]),
    ));
  }
  const cold = rows.filter((r) => String(r.op).startsWith('cold'));
  if (cold.length > 0) {
    out.push('\nCold first proof in a fresh process (node + tsx; not benchmark.js: mean of the runs):\n');
    out.push(table(
      ['circuit', 'what', 'runs', 'startup ms (node+tsx+imports)', 'load ms', 'first proof ms', 'load + proof ms', 'wall ms (spawn to exit)', 'peak RSS MiB'],
      cold.map((r) => [`\`${String(r.circuit)}\``, String(r.op).replace('cold: fresh process, ', ''), int(r.samples), ms(r.startupMs), r.loadMs == null ? '(inside fullProve)' : ms(r.loadMs), ms(r.firstProofMs), ms(r.meanMs), ms(r.wallMs), num(r.peakRssMiB, 0)]),
    ));
    out.push(`\nPeak RSS of the child from ${String(cold[0]!.rssSource)}.`);
  }
  return out.join('\n');
}

function systemsSection(rows: Row[]): string {
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

function scalingSection(rows: Row[]): string {
  const out: string[] = [];
  for (const axis of [...new Set(rows.map((r) => String(r.axis)))]) {
    out.push(`\nBy ${axis} (others at the default 16 attributes, 4 slots, sets of 32, depth 20):\n`);
    out.push(table(
      [axis, 'circuit', 'constraints (--O2)', 'Groth16 power', 'public signals', 'witness + prove ms', 'rme', 'zkey'],
      rows.filter((r) => r.axis === axis).map((r) => [int(r.value), `\`${String(r.circuit)}\``, int(r.constraints), `2^${int(r.groth16Power)}`, int(r.publicSignals), ms(r.proveMs), pm(r.proveRme), r.zkey == null ? 'no setup (constraints only)' : String(r.zkey)]),
    ));
  }
  return out.join('\n');
}

function bbsSection(rows: Row[]): string {
  return table(
    ['BBS suite', 'messages', 'hidden', 'op', 'mean ms', 'rme', 'samples', 'bytes'],
    rows.map((r) => [String(r.suite), int(r.messages), r.hidden == null ? '' : int(r.hidden), String(r.op), ms(r.meanMs), pm(r.rme), int(r.samples), int(r.bytes)]),
  );
}

/** "hide 1", "hide n-1", ...: the hidden-message series of a BBS row, comparable across message counts. */
function hiddenKind(r: Row): string {
  if (typeof r.hidden !== 'number') return 'n/a';
  if (r.hidden === 1) return 'hide 1';
  if (typeof r.messages === 'number' && r.hidden === r.messages - 1) return 'hide n-1';
  return `hide ${r.hidden}`;
}

function genericSection(rows: Row[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'suite');
  return table(keys, rows.map((r) => keys.map((k) => {
    const v = r[k];
    if (k === 'meanMs') return ms(v);
    if (k === 'rme') return pm(v);
    return typeof v === 'number' ? (Number.isInteger(v) ? int(v) : num(v, 2)) : v == null ? '' : String(v);
  })));
}

const TITLES: Record<string, string> = {
  proving: 'Proving path (shipped circuits)',
  systems: 'Proof systems and sizes',
  scaling: 'Scaling (constraints and prove time)',
  bbs: 'BBS signatures',
};

export function renderMarkdown(run: RunInfo, suites: SuiteResult[], charts: string[], chartNote: string | undefined): string {
  const out: string[] = [];
  out.push('# zkdisclose benchmarks\n');
  out.push(`- Date: ${run.machine.startedAt}`);
  out.push(`- Mode: ${run.quick ? '**quick** (`npm run bench -- --quick`: fewer samples; no PLONK/FFLONK, no scaling)' : 'full (`npm run bench`)'}; ${run.complete ? `took ${Math.round(run.durationS)} s` : `**incomplete**: written ${Math.round(run.durationS)} s into the run, after the suites below (a stopped run leaves this)`}`);
  out.push(`- Machine: ${machineLine(run.machine)}`);
  out.push('- Absolute times are noisy (a shared 2-core machine, other engineers running tests): compare ratios measured in the same run. "rme" is benchmark.js\'s relative margin of error (95 %).');
  out.push('- Raw rows: `bench/results/<suite>.json`.\n');
  if (run.command.includes('--only=')) {
    out.push(`_This run (\`${run.command}\`) measured only some suites; the others are kept from earlier runs, each with its own date and machine line in its JSON file._\n`);
  }
  for (const s of suites) {
    out.push(`## ${TITLES[s.suite] ?? s.suite}\n`);
    if (s.skipped !== undefined) {
      out.push(`Skipped: ${s.skipped}\n`);
      continue;
    }
    if (s.rows.length > 0) {
      const body = s.suite === 'proving' ? provingSection(s.rows) : s.suite === 'systems' ? systemsSection(s.rows) : s.suite === 'scaling' ? scalingSection(s.rows) : s.suite === 'bbs' ? bbsSection(s.rows) : genericSection(s.rows);
      out.push(`${body}\n`);
    }
    for (const n of s.notes) out.push(`- ${n}`);
    out.push('');
  }
  out.push('## Charts\n');
  if (charts.length > 0) for (const c of charts) out.push(`![${c}](${c})`);
  if (chartNote !== undefined) out.push(chartNote);
  out.push('');
  return out.join('\n');
}

export function writeSuiteJson(dir: string, run: RunInfo, s: SuiteResult): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${s.suite}.json`);
  writeFileSync(path, `${JSON.stringify({
    suite: s.suite, mode: run.quick ? 'quick' : 'full', complete: run.complete, date: run.machine.startedAt, machine: run.machine,
    machineLine: machineLine(run.machine), skipped: s.skipped ?? null, notes: s.notes, rows: s.rows,
  }, null, 2)}\n`);
  return path;
}

/**
 * Suites stored by an earlier run that this run did not measure (`--only=...`), so the report
 * still shows them; each keeps its own date and machine line in its JSON.
 */
export function storedSuites(dir: string, except: readonly string[]): SuiteResult[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !except.includes(f.slice(0, -'.json'.length)))
    .sort()
    .map((f) => {
      const stored = JSON.parse(readFileSync(join(dir, f), 'utf8')) as SuiteResult & { skipped: string | null };
      return { suite: stored.suite, rows: stored.rows, notes: stored.notes, ...(stored.skipped !== null && { skipped: stored.skipped }) };
    });
}

// ---------------------------------------------------------------------------------------------
// Charts (vega-lite -> vega -> SVG, no canvas needed)

type Spec = Record<string, unknown>;

function chartSpecs(suites: SuiteResult[]): { file: string; spec: Spec }[] {
  const rowsOf = (suite: string): Row[] => suites.find((s) => s.suite === suite)?.rows ?? [];
  const specs: { file: string; spec: Spec }[] = [];
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 520, height: 300, background: 'white',
    config: { legend: { labelLimit: 400 } },
  };

  const points = [
    ...rowsOf('scaling').filter((r) => typeof r.proveMs === 'number').map((r) => ({ constraints: r.constraints, proveMs: r.proveMs, series: `varying ${String(r.axis)}`, circuit: r.circuit })),
    ...rowsOf('systems').filter((r) => r.system === 'groth16' && typeof r.proveMs === 'number').map((r) => ({ constraints: r.constraints, proveMs: r.proveMs, series: String(r.circuitKind).startsWith('shipped') ? 'shipped circuits' : 'small circuit (--O1)', circuit: r.circuit })),
  ];
  if (points.length > 0) {
    specs.push({
      file: 'prove-vs-constraints.svg',
      spec: {
        ...base,
        title: 'Groth16 witness + prove time against constraints (snarkjs, this machine)',
        data: { values: points },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: { field: 'constraints', type: 'quantitative', title: 'R1CS constraints', scale: { zero: true } },
          y: { field: 'proveMs', type: 'quantitative', title: 'mean prove ms', scale: { zero: true } },
          color: { field: 'series', type: 'nominal', title: null },
          shape: { field: 'series', type: 'nominal', title: null },
          tooltip: [{ field: 'circuit' }, { field: 'constraints' }, { field: 'proveMs' }],
        },
      },
    });
  }

  const sizes = rowsOf('systems').flatMap((r) => {
    const label = `${String(r.system)} · ${String(r.circuit).replace('presentation-', 'P-')}`;
    return [
      { label, encoding: 'snarkjs JSON', bytes: r.proofJsonBytes },
      { label, encoding: 'compressed binary', bytes: r.proofCompactBytes },
    ];
  });
  if (sizes.length > 0) {
    specs.push({
      file: 'proof-size-by-system.svg',
      spec: {
        ...base,
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
    });
  }

  const bbs = rowsOf('bbs').filter((r) => typeof r.meanMs === 'number' && typeof r.messages === 'number');
  if (bbs.length > 0) {
    specs.push({
      file: 'bbs-cost.svg',
      spec: {
        ...base,
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
    });
  }
  return specs;
}

/** Renders the charts to SVG files; returns their paths relative to `relTo`, or a note saying why not. */
export async function renderCharts(dir: string, relTo: string, suites: SuiteResult[]): Promise<{ files: string[]; note?: string }> {
  let vega: typeof import('vega');
  let vl: typeof import('vega-lite');
  try {
    vega = await import('vega');
    vl = await import('vega-lite');
  } catch (err) {
    return { files: [], note: `Charts skipped: vega / vega-lite not installed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}).` };
  }
  const files: string[] = [];
  const failures: string[] = [];
  mkdirSync(dir, { recursive: true });
  for (const { file, spec } of chartSpecs(suites)) {
    try {
      const compiled = vl.compile(spec as never).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
      const svg = await view.toSVG();
      view.finalize();
      const path = join(dir, file);
      writeFileSync(path, svg);
      files.push(relative(relTo, path));
    } catch (err) {
      failures.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { files, ...(failures.length > 0 && { note: `Some charts failed to render: ${failures.join('; ')}` }) };
}
