/**
 * Writes the README's "Speed" section from the benchmark results (bench/results/*.json), between
 * the markers `<!-- bench:start -->` and `<!-- bench:end -->`, so that no figure in the README is
 * typed by hand. Run by `npm run bench` at the end, or alone: `npx tsx bench/readme-section.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const README = join(HERE, '..', 'README.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

type Row = Record<string, string | number | boolean | null | undefined>;
interface SuiteFile {
  mode: string;
  date: string;
  machineLine: string;
  rows: Row[];
}

function load(suite: string): SuiteFile | undefined {
  const path = join(HERE, 'results', `${suite}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SuiteFile) : undefined;
}

const ms = (v: unknown): string => (typeof v === 'number' ? (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1)) : '–');
const ratio = (v: unknown): string => (typeof v === 'number' ? `${v.toFixed(2)}×` : '–');

function provingTable(file: SuiteFile): string[] {
  const circuits = [...new Set(file.rows.map((r) => String(r.circuit)))];
  const get = (circuit: string, op: string, key = 'meanMs'): unknown => file.rows.find((r) => r.circuit === circuit && r.op === op)?.[key];
  const lines = [
    '| circuit | witness | prove (warm `Prover`) | `createPresentation` | naive `fullProve` | ours / naive (paired median) | cold first proof | `verifyPresentation` |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of circuits) {
    lines.push(`| \`${c}\` | ${ms(get(c, 'witness'))} ms | ${ms(get(c, 'Prover.prove'))} ms | ${ms(get(c, 'createPresentation'))} ms | ${ms(get(c, 'fullProve (files)'))} ms | ${ratio(get(c, 'paired ratio Prover.prove / fullProve', 'vsFullProve'))} | ${ms(get(c, 'cold: fresh process, Prover load + first prove', 'firstProofMs'))} ms | ${ms(get(c, 'verifyPresentation'))} ms |`);
  }
  return lines;
}

function systemsTable(file: SuiteFile): string[] {
  const lines = ['| system | circuit | constraints | prove | verify | proof (JSON / compressed) |', '|---|---|---:|---:|---:|---:|'];
  for (const r of file.rows) {
    lines.push(`| ${String(r.system)} | \`${String(r.circuit)}\`${r.circuitKind ? `: ${String(r.circuitKind)}` : ''} | ${Number(r.constraints).toLocaleString('en-US')} | ${ms(r.proveMs)} ms | ${ms(r.verifyMs)} ms | ${String(r.proofJsonBytes)} / ${String(r.proofCompactBytes)} B |`);
  }
  return lines;
}

function bbsTable(file: SuiteFile): string[] {
  const lines = ['| suite | messages | sign | derive (1 hidden) | verify (1 hidden) | signature / proof (1 hidden) |', '|---|---:|---:|---:|---:|---:|'];
  const suites = [...new Set(file.rows.map((r) => String(r.suite)))];
  for (const suite of suites) {
    const counts = [...new Set(file.rows.filter((r) => r.suite === suite).map((r) => Number(r.messages)))].sort((a, b) => a - b);
    for (const n of counts) {
      const find = (op: string, hidden: number | null): Row | undefined => file.rows.find((r) => r.suite === suite && r.messages === n && r.op === op && (hidden === null || r.hidden === hidden));
      const sign = find('sign', null);
      const derive = find('derive', 1);
      const verify = find('verify', 1);
      lines.push(`| ${suite} | ${n} | ${ms(sign?.meanMs)} ms | ${ms(derive?.meanMs)} ms | ${ms(verify?.meanMs)} ms | ${String(sign?.bytes ?? '–')} / ${String(derive?.bytes ?? '–')} B |`);
    }
  }
  return lines;
}

/** The section's markdown. */
export function renderSpeedSection(): string {
  const proving = load('proving');
  const systems = load('systems');
  const bbs = load('bbs');
  const out = [START, '', '_Generated from `bench/results/*.json` by `npm run bench` (see `bench/RESULTS.md` for every figure, its margin of error and sample count); do not edit by hand._', ''];
  if (proving !== undefined) {
    out.push(`Measured ${proving.date.slice(0, 10)} (${proving.mode} run) on: ${proving.machineLine}. The machine was shared with other work, so absolute times are noisy; ratios come from the same run.`, '');
    out.push(...provingTable(proving), '');
  }
  if (systems !== undefined && systems.rows.length > 0) out.push('Proof systems (PLONK and FFLONK only on a small circuit with a development setup, as labelled):', '', ...systemsTable(systems), '');
  const browser = load('browser');
  if (browser !== undefined && browser.rows.length > 0) {
    out.push('Proving in headless Chromium (the demo page, 4-slot circuit, artifacts fetched and sha256-checked in the page):', '');
    out.push('| browser | operation | mean | samples | vs Node (warm `Prover.prove`, same circuit) |', '|---|---|---:|---:|---:|');
    for (const r of browser.rows) {
      const node = proving?.rows.find((p) => p.circuit === r.circuit && p.op === 'Prover.prove')?.meanMs;
      const vsNode = r.op === 'warm proof' && typeof node === 'number' && typeof r.meanMs === 'number' ? ratio(r.meanMs / node) : '';
      out.push(`| ${String(r.browser)} | ${String(r.op)} | ${ms(r.meanMs)} ms | ${String(r.samples)} | ${vsNode} |`);
    }
    out.push('', `_Chromium measured ${browser.date.slice(0, 10)} (${browser.mode} run): ${browser.machineLine}._`, '');
  }
  if (bbs !== undefined && bbs.rows.length > 0) out.push('BBS (sign, derive with one hidden message, verify):', '', ...bbsTable(bbs), '');
  out.push(END);
  return out.join('\n');
}

/** Replaces the README's section between the markers. */
export function updateReadme(): void {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} block`);
  writeFileSync(README, readme.slice(0, start) + renderSpeedSection() + readme.slice(end + END.length));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) updateReadme();
