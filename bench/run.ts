/**
 * Benchmark runner: `npm run bench` (full) or `npm run bench -- --quick` (under ~2 minutes).
 *
 *   proving  the shipped circuits' proving path, ours vs snarkjs fullProve, cold first proof, memory
 *   systems  proof sizes; Groth16 vs PLONK vs FFLONK on a small circuit (full only)
 *   scaling  constraints and prove time against depth, attributes, predicate slots (full only)
 *   bbs      BBS sign / derive / verify (bench/bbs.ts, when present)
 * (run in the order proving, systems, bbs, scaling: the longest and most optional last)
 *
 * Options: --quick; --only=proving,systems,scaling,bbs; --setup-budget=<seconds> (scaling's
 * Groth16 dev setups, default 300). Writes bench/results/<suite>.json, bench/RESULTS.md and
 * SVG charts in bench/results/ (when vega and vega-lite are installed).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { releaseCurve } from '../src/index.js';
import { machineInfo, machineLine, progress } from './machine.js';
import { type ProvingOutput, runProvingBench } from './proving.js';
import { type Row, type RunInfo, type SuiteResult, renderCharts, renderMarkdown, storedSuites, writeSuiteJson } from './report.js';
import { runScalingBench, runSystemsBench } from './systems.js';
import { updateReadme } from './readme-section.js';
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

interface BbsModule {
  runBbsBench(options: { quick: boolean }): Promise<Row[]>;
}

async function bbsSuite(): Promise<SuiteResult> {
  const path = join(HERE, 'bbs.ts');
  if (!existsSync(path)) {
    const skipped = 'bench/bbs.ts is not there: BBS section skipped.';
    process.stdout.write(`  note: ${skipped}\n`);
    return { suite: 'bbs', rows: [], notes: [], skipped };
  }
  try {
    const mod = (await import(pathToFileURL(path).href)) as Partial<BbsModule>;
    if (typeof mod.runBbsBench !== 'function') throw new Error('bench/bbs.ts does not export runBbsBench');
    progress('bbs', 'runBbsBench');
    const rows = await mod.runBbsBench({ quick });
    return { suite: 'bbs', rows, notes: ['From bench/bbs.ts (runBbsBench); in these rows `suite` is the BBS suite.'] };
  } catch (err) {
    const skipped = `bench/bbs.ts failed: ${errorText(err)}. BBS section skipped.`;
    process.stdout.write(`  note: ${skipped}\n`);
    return { suite: 'bbs', rows: [], notes: [], skipped };
  }
}

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

  let proving: ProvingOutput | undefined;
  if (wants('proving') || wants('systems')) {
    try {
      proving = await runProvingBench({ quick });
      if (wants('proving')) suites.push({ suite: 'proving', rows: proving.rows, notes: proving.notes });
    } catch (err) {
      failed = true;
      process.stderr.write(`proving suite failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      suites.push({ suite: 'proving', rows: [], notes: [], skipped: `failed: ${errorText(err)}` });
    }
    if (wants('proving')) await flush(false);
  }
  if (wants('systems')) {
    try {
      const r = await runSystemsBench({ quick, shipped: proving?.shipped ?? [] });
      suites.push({ suite: 'systems', ...r });
    } catch (err) {
      failed = true;
      process.stderr.write(`systems suite failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      suites.push({ suite: 'systems', rows: [], notes: [], skipped: `failed: ${errorText(err)}` });
    }
    await flush(false);
  }
  if (wants('bbs')) {
    suites.push(await bbsSuite());
    await flush(false);
  }
  if (wants('browser')) {
    try {
      suites.push({ suite: 'browser', ...(await runBrowserBench({ quick })) });
    } catch (err) {
      failed = true;
      process.stderr.write(`browser suite failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      suites.push({ suite: 'browser', rows: [], notes: [], skipped: `failed: ${errorText(err)}` });
    }
    await flush(false);
  }
  if (wants('scaling')) {
    if (quick) {
      suites.push({ suite: 'scaling', rows: [], notes: [], skipped: 'not in --quick (compiles 10 circuit variants and runs Groth16 setups; run `npm run bench`).' });
    } else {
      try {
        suites.push({ suite: 'scaling', ...(await runScalingBench({ setupBudgetMs })) });
      } catch (err) {
        failed = true;
        process.stderr.write(`scaling suite failed: ${err instanceof Error ? err.stack : String(err)}\n`);
        suites.push({ suite: 'scaling', rows: [], notes: [], skipped: `failed: ${errorText(err)}` });
      }
      await flush(false);
    }
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
