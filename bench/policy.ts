/**
 * The results policy of `npm run bench`: which suites a run measures, where it writes, and what
 * it may replace.
 *
 * - Committed results (bench/results/<suite>.json, bench/RESULTS.md, the charts in
 *   bench/results/ and the README's Speed section) come only from full runs. A full run replaces
 *   the files of the suites it measured and nothing else; every suite keeps its own stamp.
 * - `--quick` writes only under bench/results-quick/ (git-ignored), never the README.
 * - A suite that failed or was skipped never replaces stored measurements of that suite.
 * - Reports are assembled from the stored suite files, never from the run's memory.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredSuite } from './suite.js';

export interface BenchArgs {
  quick: boolean;
  /** Suites named by --only=a,b (undefined: all). */
  only?: string[];
  setupBudgetMs: number;
  /** --report: measure nothing, re-assemble the report from the stored suites. */
  reportOnly: boolean;
  help: boolean;
}

export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

export function parseArgs(args: readonly string[]): BenchArgs {
  const parsed: BenchArgs = { quick: false, setupBudgetMs: 300_000, reportOnly: false, help: false };
  for (const a of args) {
    if (a === '--quick') parsed.quick = true;
    else if (a === '--report') parsed.reportOnly = true;
    else if (a === '--help' || a === '-h') parsed.help = true;
    else if (a.startsWith('--only=')) parsed.only = a.slice('--only='.length).split(',').map((s) => s.trim()).filter((s) => s !== '');
    else if (a.startsWith('--setup-budget=')) {
      const seconds = Number(a.slice('--setup-budget='.length));
      if (!Number.isFinite(seconds) || seconds < 0) throw new BenchUsageError(`--setup-budget wants a number of seconds, got ${JSON.stringify(a)}`);
      parsed.setupBudgetMs = seconds * 1000;
    } else throw new BenchUsageError(`unknown option ${JSON.stringify(a)}`);
  }
  if (parsed.only !== undefined && parsed.only.length === 0) throw new BenchUsageError('--only= names no suite');
  return parsed;
}

/** The registered suites a run measures, in registration order; an unknown name is an error. */
export function selectSuites(registered: readonly string[], only: readonly string[] | undefined): string[] {
  if (only === undefined) return [...registered];
  const unknown = only.filter((s) => !registered.includes(s));
  if (unknown.length > 0) throw new BenchUsageError(`unknown suite(s) ${unknown.join(', ')}; the suites are ${registered.join(', ')}`);
  return registered.filter((s) => only.includes(s));
}

export interface OutputPlan {
  /** Suite JSON files and SVG charts. */
  resultsDir: string;
  /** The markdown report. */
  reportFile: string;
  /** Whether these are the committed results (full runs only). */
  committed: boolean;
  /** Whether the README's Speed section is regenerated (committed results only). */
  updateReadme: boolean;
}

export const COMMITTED_DIR = 'results';
export const QUICK_DIR = 'results-quick';

/** Where a run writes, relative to the bench/ folder `benchDir`. */
export function outputPlan(benchDir: string, quick: boolean): OutputPlan {
  if (quick) {
    const dir = join(benchDir, QUICK_DIR);
    return { resultsDir: dir, reportFile: join(dir, 'RESULTS.md'), committed: false, updateReadme: false };
  }
  return { resultsDir: join(benchDir, COMMITTED_DIR), reportFile: join(benchDir, 'RESULTS.md'), committed: true, updateReadme: true };
}

/**
 * Whether a fresh record may replace the stored one: measurements are never replaced by a failure
 * or a skip (the report keeps the older figures with their stamp), and a record of another mode
 * never lands in a folder of the other (committed folders hold full runs only).
 */
export function mayReplace(plan: OutputPlan, stored: StoredSuite | undefined, fresh: StoredSuite): boolean {
  if (plan.committed !== (fresh.mode === 'full')) return false;
  if (fresh.skipped === null) return true;
  return stored === undefined || stored.skipped !== null;
}

/** Writes a suite record if the policy allows; returns whether it did. The write is atomic (temp file + rename). */
export function storeSuite(plan: OutputPlan, fresh: StoredSuite): boolean {
  const stored = readSuite(plan, fresh.suite);
  if (!mayReplace(plan, stored, fresh)) return false;
  mkdirSync(plan.resultsDir, { recursive: true });
  const path = join(plan.resultsDir, `${fresh.suite}.json`);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(fresh, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return true;
}

export function readSuite(plan: OutputPlan, suite: string): StoredSuite | undefined {
  const path = join(plan.resultsDir, `${suite}.json`);
  return existsSync(path) ? checked(plan, path, JSON.parse(readFileSync(path, 'utf8')) as StoredSuite) : undefined;
}

/** Every stored suite in the plan's folder, ordered as `order` (unregistered ones last, by name). */
export function readSuites(plan: OutputPlan, order: readonly string[]): StoredSuite[] {
  if (!existsSync(plan.resultsDir)) return [];
  const names = readdirSync(plan.resultsDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
  const rank = (s: string): number => (order.includes(s) ? order.indexOf(s) : order.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((s) => readSuite(plan, s)!);
}

function checked(plan: OutputPlan, path: string, record: StoredSuite): StoredSuite {
  if (plan.committed && record.mode !== 'full') {
    throw new Error(`${path} holds a ${String(record.mode)} run: committed results come from full runs only (rerun that suite without --quick)`);
  }
  return record;
}
