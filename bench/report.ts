/**
 * The benchmark report (bench/RESULTS.md, or bench/results-quick/RESULTS.md for --quick),
 * assembled from the stored suite files: one section per suite, each under its own stamp (date,
 * mode, command, machine, load), and the SVG charts rendered with vega / vega-lite.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { int, ms, num, pm, table } from './format.js';
import type { ChartSpec, Row, StoredSuite, SuiteDef } from './suite.js';

export const suiteMap = (suites: readonly StoredSuite[]): Map<string, StoredSuite> => new Map(suites.map((s) => [s.suite, s]));

/** "2026-11-29 21:04 UTC · full run (`npm run bench`, 312 s) · <machine line> · load at end 1.2 / ..." */
export function stampLine(s: StoredSuite): string {
  const when = `${s.date.slice(0, 10)} ${s.date.slice(11, 16)} UTC`;
  const how = [s.command !== undefined ? `\`${s.command}\`` : undefined, s.durationS !== undefined ? `${Math.round(s.durationS)} s` : undefined].filter((x) => x !== undefined);
  const end = s.loadAverageAtEnd !== undefined ? ` · load average at end ${s.loadAverageAtEnd.join(' / ')}` : '';
  return `${when} · ${s.mode} run${how.length > 0 ? ` (${how.join(', ')})` : ''} · ${s.machineLine}${end}`;
}

/** Every row field as a column: for suites without a section of their own. */
export function genericSection(rows: Row[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'suite');
  return table(keys, rows.map((r) => keys.map((k) => {
    const v = r[k];
    if (k === 'meanMs' || k === 'medianMs') return ms(v);
    if (k === 'rme') return pm(v);
    return typeof v === 'number' ? (Number.isInteger(v) ? int(v) : num(v, 2)) : v == null ? '' : String(v);
  })));
}

export interface ReportOptions {
  quick: boolean;
  /** Chart paths relative to the report's folder. */
  charts: string[];
  chartNote?: string;
}

export function renderMarkdown(suites: readonly StoredSuite[], defs: readonly SuiteDef[], options: ReportOptions): string {
  const all = suiteMap(suites);
  const out: string[] = [];
  out.push(options.quick ? '# zkdisclose benchmarks (quick runs, not committed)\n' : '# zkdisclose benchmarks\n');
  out.push(options.quick
    ? '_Quick runs (`npm run bench -- --quick`): few samples, some suites reduced or skipped. This folder is git-ignored; the committed figures are in bench/RESULTS.md._\n'
    : '_Assembled from `bench/results/<suite>.json` by `npm run bench`; do not edit by hand._\n');
  out.push('- **Policy**: committed figures come from full runs only; each suite is stamped with its own date, command, machine and load, and `npm run bench -- --only=S` replaces suite S alone. `--quick` writes only to the git-ignored `bench/results-quick/`. A suite that fails or is skipped keeps its earlier figures.');
  out.push('- Absolute times are noisy (a shared 2-core machine, other engineers running tests): compare ratios measured in the same suite run. "rme" is benchmark.js\'s relative margin of error (95 %).');
  out.push(`- Suites: ${suites.map((s) => `${s.suite} (${s.date.slice(0, 10)})`).join(', ') || 'none stored yet'}.\n`);
  for (const s of suites) {
    const def = defs.find((d) => d.name === s.suite);
    out.push(`## ${def?.title ?? s.suite}\n`);
    out.push(`_Measured ${stampLine(s)}._\n`);
    if (s.skipped !== null) {
      out.push(`Skipped: ${s.skipped}\n`);
      continue;
    }
    if (s.rows.length > 0) out.push(`${(def?.markdown ?? genericSection)(s.rows, all)}\n`);
    for (const n of s.notes) out.push(`- ${n}`);
    out.push('');
  }
  out.push('## Charts\n');
  for (const c of options.charts) out.push(`![${c}](${c})`);
  if (options.chartNote !== undefined) out.push(options.chartNote);
  out.push('');
  return out.join('\n');
}

/** The charts every registered suite draws from the stored suites. */
export function chartSpecs(defs: readonly SuiteDef[], suites: readonly StoredSuite[]): ChartSpec[] {
  const all = suiteMap(suites);
  return defs.flatMap((d) => d.charts?.(all) ?? []);
}

/** Renders the charts to SVG files in `dir`; returns their paths relative to `relTo`, or a note saying why not. */
export async function renderCharts(dir: string, relTo: string, specs: readonly ChartSpec[]): Promise<{ files: string[]; note?: string }> {
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
  for (const { file, spec } of specs) {
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
