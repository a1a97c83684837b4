/**
 * Benchmark runner: `npm run bench` (every suite, full), `npm run bench -- --only=peers`
 * (some suites), `--quick` (few samples, written only to the git-ignored bench/results-quick/),
 * `--report` (measure nothing: re-assemble the report, charts and README section from the
 * stored suites), `--setup-budget=<seconds>` (scaling's Groth16 dev setups, default 300).
 * The suites are registered in bench/suites.ts; the results policy is in bench/policy.ts.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseCurve, warmUp } from '../src/index.js';
import { machineInfo, machineLine, progress, round } from './machine.js';
import { BenchUsageError, type OutputPlan, outputPlan, parseArgs, readSuites, selectSuites, storeSuite } from './policy.js';
import { chartSpecs, renderCharts, renderMarkdown } from './report.js';
import { renderSpeedSection, updateReadme } from './readme-section.js';
import type { Measured, StoredSuite, SuiteContext, SuiteDef } from './suite.js';
import { SUITES } from './suites.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const README = join(HERE, '..', 'README.md');

/** Re-assembles the report, the charts and (committed results only) the README from the stored suites. */
async function assemble(plan: OutputPlan, quick: boolean, final: boolean): Promise<void> {
  const stored = readSuites(plan, SUITES.map((s) => s.name));
  const charts = await renderCharts(plan.resultsDir, dirname(plan.reportFile), chartSpecs(SUITES, stored));
  if (final && charts.note !== undefined) process.stdout.write(`  note: ${charts.note}\n`);
  writeFileSync(plan.reportFile, renderMarkdown(stored, SUITES, { quick, charts: charts.files, ...(charts.note !== undefined && { chartNote: charts.note }) }));
  if (plan.updateReadme) updateReadme(README, renderSpeedSection(stored, SUITES));
  if (final) progress('report', `wrote ${plan.reportFile} and ${charts.files.length} chart(s) from ${stored.length} stored suite(s)${plan.updateReadme ? ', and the README\'s Speed section' : ''}`);
}

async function measureSuite(def: SuiteDef, ctx: SuiteContext, command: string): Promise<{ record: StoredSuite; failed: boolean }> {
  const machine = machineInfo();
  const t0 = performance.now();
  let measured: Measured;
  let failed = false;
  try {
    // Every suite starts on a curve the library built, with its window sum (src/proving/msm-wasm.ts):
    // one that snarkjs built for an earlier suite of the run would lack it and slow our prover.
    await releaseCurve();
    await warmUp();
    measured = await def.run(ctx);
  } catch (err) {
    failed = true;
    process.stderr.write(`${def.name} suite failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    measured = { rows: [], notes: [], skipped: `failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  const [l1, l5, l15] = loadavg();
  const record: StoredSuite = {
    suite: def.name, mode: ctx.quick ? 'quick' : 'full', date: machine.startedAt, machine, machineLine: machineLine(machine), command,
    durationS: round((performance.now() - t0) / 1000, 1), loadAverageAtEnd: [round(l1 ?? 0, 2), round(l5 ?? 0, 2), round(l15 ?? 0, 2)],
    skipped: measured.skipped ?? null, notes: measured.notes, rows: measured.rows,
  };
  return { record, failed };
}

async function main(args: string[]): Promise<number> {
  const options = parseArgs(args);
  const names = SUITES.map((s) => s.name);
  if (options.help) {
    process.stdout.write(`npm run bench -- [--quick] [--only=${names.join(',')}] [--report] [--setup-budget=<s>]\n${SUITES.map((s) => `  ${s.name.padEnd(9)} ${s.describe}`).join('\n')}\n`);
    return 0;
  }
  const plan = outputPlan(HERE, options.quick);
  if (options.reportOnly) {
    await assemble(plan, options.quick, true);
    return 0;
  }
  const selected = selectSuites(names, options.only);
  const command = `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
  process.stdout.write(`zkdisclose benchmarks (${options.quick ? 'quick: results go to bench/results-quick/ only' : 'full'}): ${selected.join(', ')}\n${machineLine(machineInfo())}\n\n`);
  const cache = new Map<string, Promise<unknown>>();
  const ctx: SuiteContext = {
    quick: options.quick,
    setupBudgetMs: options.setupBudgetMs,
    shared: <T>(key: string, make: () => Promise<T>): Promise<T> => {
      if (!cache.has(key)) cache.set(key, make());
      return cache.get(key) as Promise<T>;
    },
  };
  let failed = false;
  for (const name of selected) {
    const { record, failed: suiteFailed } = await measureSuite(SUITES.find((s) => s.name === name)!, ctx, command);
    failed ||= suiteFailed;
    const stored = storeSuite(plan, record);
    if (!stored) progress(name, `${record.skipped ?? ''}: earlier figures kept`);
    // Written after every suite, so a long run that is stopped keeps what it finished.
    await assemble(plan, options.quick, false);
  }
  await assemble(plan, options.quick, true);
  return failed ? 1 : 0;
}

main(process.argv.slice(2))
  .then(async (code) => {
    await releaseCurve();
    process.exit(code);
  }, async (err: unknown) => {
    process.stderr.write(err instanceof BenchUsageError ? `bench: ${err.message}\n` : `${err instanceof Error ? err.stack : String(err)}\n`);
    await releaseCurve();
    process.exit(err instanceof BenchUsageError ? 2 : 1);
  });
