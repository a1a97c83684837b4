/**
 * Benchmark runner: `npm run bench` (full) or `npm run bench -- --quick` (under ~2 minutes).
 *
 *   proving  the shipped circuits' proving path, ours vs snarkjs fullProve, cold first proof, memory
 *   systems  proof sizes; Groth16 vs PLONK vs FFLONK on a small circuit (full only)
 *   scaling  constraints and prove time against depth, attributes, predicate slots (full only)
 *   bbs      BBS sign / derive / verify (bench/bbs.ts)
 *   browser  proving in headless Chromium (bench/browser.ts; skipped without Chromium)
 * (run in the order proving, systems, bbs, browser, scaling: the longest and most optional last)
 *
 * Options: --quick; --only=proving,systems,bbs,browser,scaling; --setup-budget=<seconds> (scaling's
 * Groth16 dev setups, default 300). Writes bench/results/<suite>.json, bench/RESULTS.md and
 * SVG charts in bench/results/ (when vega and vega-lite are installed).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseCurve } from '../src/index.js';
import { machineInfo, machineLine, progress } from './machine.js';
import { type ProvingOutput, runProvingBench } from './proving.js';
import { type RunInfo, type SuiteResult, renderCharts, renderMarkdown, storedSuites, writeSuiteJson } from './report.js';
import { runScalingBench, runSystemsBench } from './systems.js';
import { updateReadme } from './readme-section.js';
import { runBbsBench } from './bbs.js';
import { runBrowserBench } from './browser.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = join(HERE, 'results');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const budgetArg = args.find((a) => a.startsWith('--setup-budget='));
const setupBudgetMs = 1000 * (budgetArg !== undefined ? Number(budgetArg.slice('--setup-budget='.length)) : 300);
const wants = (suite: string): boolean => only === undefined || only.includes(suite);

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function main(): Promise<number> {
  const machine = machineInfo();
  const t0 = performance.now();
  process.stdout.write(`zkdisclose benchmarks (${quick ? 'quick' : 'full'})\n${machineLine(machine)}\n\n`);
  const suites: SuiteResult[] = [];
  let failed = false;
  // Outputs are rewritten after every suite, so a long run that is stopped keeps what it finished.
  const flush = async (final: boolean): Promise<void> => {
    const run: RunInfo = { machine, quick, command: `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`, durationS: (performance.now() - t0) / 1000, complete: final };
    for (const s of suites) writeSuiteJson(RESULTS_DIR, run, s);
    const reported = only === undefined ? suites : [...suites, ...storedSuites(RESULTS_DIR, suites.map((s) => s.suite))];
    const charts = await renderCharts(RESULTS_DIR, HERE, reported);
    if (final && charts.note !== undefined) process.stdout.write(`  note: ${charts.note}\n`);
    writeFileSync(join(HERE, 'RESULTS.md'), renderMarkdown(run, reported, charts.files, charts.note));
    if (final) {
      updateReadme();
      progress('report', `wrote bench/RESULTS.md, ${suites.length} JSON file(s), ${charts.files.length} chart(s) in bench/results/ and the README's Speed section`);
    }
  };

  /** Runs one suite; a failure becomes a skipped section naming it, and fails the run. */
  const runSuite = async (suite: string, measure: () => Promise<Omit<SuiteResult, 'suite'>>, record = true): Promise<void> => {
    let result: SuiteResult;
    try {
      result = { suite, ...(await measure()) };
    } catch (err) {
      failed = true;
      process.stderr.write(`${suite} suite failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      result = { suite, rows: [], notes: [], skipped: `failed: ${errorText(err)}` };
    }
    if (record) {
      suites.push(result);
      await flush(false);
    }
  };

  let proving: ProvingOutput | undefined;
  // The systems suite reuses the proving suite's measurements of the shipped circuits.
  if (wants('proving') || wants('systems')) {
    await runSuite('proving', async () => {
      proving = await runProvingBench({ quick });
      return { rows: proving.rows, notes: proving.notes };
    }, wants('proving'));
  }
  if (wants('systems')) await runSuite('systems', () => runSystemsBench({ quick, shipped: proving?.shipped ?? [] }));
  if (wants('bbs')) {
    await runSuite('bbs', async () => {
      progress('bbs', 'runBbsBench');
      return { rows: await runBbsBench({ quick }), notes: ['In these rows `suite` is the BBS suite.'] };
    });
  }
  if (wants('browser')) await runSuite('browser', () => runBrowserBench({ quick }));
  if (wants('scaling')) {
    await runSuite('scaling', async () => (quick
      ? { rows: [], notes: [], skipped: 'not in --quick (compiles 10 circuit variants and runs Groth16 setups; run `npm run bench`).' }
      : runScalingBench({ setupBudgetMs })));
  }

  progress('report', 'writing results');
  await flush(true);
  return failed ? 1 : 0;
}

main()
  .then(async (code) => {
    await releaseCurve();
    process.exit(code);
  }, async (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    await releaseCurve();
    process.exit(1);
  });
