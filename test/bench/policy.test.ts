/**
 * The benchmark results policy (bench/policy.ts, bench/report.ts, bench/readme-section.ts),
 * without measuring anything: quick runs write only to the git-ignored folder, a run replaces
 * only the suites it measured, failures never replace figures, every suite keeps its own stamp,
 * and the committed report and README section are the ones assembled from the committed suites.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { machineLine } from '../../bench/machine.js';
import { BenchUsageError, mayReplace, outputPlan, parseArgs, readSuite, readSuites, selectSuites, storeSuite } from '../../bench/policy.js';
import { chartSpecs, renderMarkdown } from '../../bench/report.js';
import { END, START, renderSpeedSection } from '../../bench/readme-section.js';
import type { StoredSuite } from '../../bench/suite.js';
import { SUITES } from '../../bench/suites.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BENCH = join(ROOT, 'bench');
const NAMES = SUITES.map((s) => s.name);

function record(suite: string, date: string, extra: Partial<StoredSuite> = {}): StoredSuite {
  const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 8, freeMemoryGiB: 4, node: 'v20', platform: 'linux-x64', loadAverage: [Number(date.slice(8, 10)) / 10, 0.5, 0.25] as [number, number, number], startedAt: date };
  return {
    suite, mode: 'full', date, machine, machineLine: machineLine(machine), command: `npm run bench -- --only=${suite}`, durationS: 12,
    loadAverageAtEnd: [1, 1, 1], skipped: null, notes: [`note of ${suite}`], rows: [{ suite, op: 'x', meanMs: 1.5 }], ...extra,
  };
}

const temps: string[] = [];
const tempBench = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'zkd-bench-'));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('where a run writes', () => {
  it('a quick run writes only under the git-ignored bench/results-quick/, never the README', () => {
    const plan = outputPlan(BENCH, true);
    expect(relative(ROOT, plan.resultsDir)).toBe(join('bench', 'results-quick'));
    expect(relative(plan.resultsDir, plan.reportFile)).toBe('RESULTS.md');
    expect(plan.committed).toBe(false);
    expect(plan.updateReadme).toBe(false);
    // git check-ignore exits 0 for an ignored path and 1 for a tracked one.
    const ignored = (p: string): boolean => {
      try {
        execFileSync('git', ['check-ignore', '-q', p], { cwd: ROOT });
        return true;
      } catch {
        return false;
      }
    };
    expect(ignored(join(plan.resultsDir, 'proving.json'))).toBe(true);
    expect(ignored(plan.reportFile)).toBe(true);
    expect(ignored(join(outputPlan(BENCH, false).resultsDir, 'proving.json'))).toBe(false);
  });

  it('a full run writes the committed bench/results/, bench/RESULTS.md and the README', () => {
    const plan = outputPlan(BENCH, false);
    expect(relative(ROOT, plan.resultsDir)).toBe(join('bench', 'results'));
    expect(relative(ROOT, plan.reportFile)).toBe(join('bench', 'RESULTS.md'));
    expect(plan).toMatchObject({ committed: true, updateReadme: true });
  });
});

describe('which suites a run measures', () => {
  it('--only keeps registration order and refuses unknown suites', () => {
    expect(selectSuites(['a', 'b', 'c'], undefined)).toEqual(['a', 'b', 'c']);
    expect(selectSuites(['a', 'b', 'c'], ['c', 'a'])).toEqual(['a', 'c']);
    expect(() => selectSuites(['a', 'b'], ['a', 'peer'])).toThrow(BenchUsageError);
  });

  it('parses the options and refuses unknown ones', () => {
    expect(parseArgs(['--quick', '--only=bbs,proving'])).toMatchObject({ quick: true, only: ['bbs', 'proving'], reportOnly: false });
    expect(parseArgs(['--setup-budget=10']).setupBudgetMs).toBe(10_000);
    expect(() => parseArgs(['--quik'])).toThrow(BenchUsageError);
    expect(() => parseArgs(['--only='])).toThrow(BenchUsageError);
    expect(() => parseArgs(['--setup-budget=soon'])).toThrow(BenchUsageError);
  });

  it('registered suites have unique names and titles', () => {
    expect(new Set(NAMES).size).toBe(NAMES.length);
    for (const s of SUITES) expect(s.title.length).toBeGreaterThan(0);
  });
});

describe('what a run may replace', () => {
  it('stores the measured suite only, keeping the other suites and their stamps', () => {
    const plan = outputPlan(tempBench(), false);
    expect(storeSuite(plan, record('alpha', '2026-01-01T10:00:00.000Z'))).toBe(true);
    expect(storeSuite(plan, record('beta', '2026-02-02T10:00:00.000Z'))).toBe(true);
    expect(storeSuite(plan, record('beta', '2026-03-03T10:00:00.000Z'))).toBe(true);
    expect(readSuite(plan, 'alpha')!.date).toBe('2026-01-01T10:00:00.000Z');
    expect(readSuite(plan, 'beta')!.date).toBe('2026-03-03T10:00:00.000Z');
  });

  it('never lets a quick record into committed results, nor a full one into the quick folder', () => {
    const dir = tempBench();
    const committed = outputPlan(dir, false);
    const quick = outputPlan(dir, true);
    expect(storeSuite(committed, record('alpha', '2026-01-01T10:00:00.000Z', { mode: 'quick' }))).toBe(false);
    expect(readSuite(committed, 'alpha')).toBeUndefined();
    expect(mayReplace(quick, undefined, record('alpha', '2026-01-01T10:00:00.000Z'))).toBe(false);
    expect(storeSuite(quick, record('alpha', '2026-01-01T10:00:00.000Z', { mode: 'quick' }))).toBe(true);
  });

  it('a failed or skipped suite keeps the earlier figures, and is recorded only where there were none', () => {
    const plan = outputPlan(tempBench(), false);
    const failed = record('alpha', '2026-05-05T10:00:00.000Z', { skipped: 'failed: boom', rows: [] });
    expect(storeSuite(plan, failed)).toBe(true);
    expect(storeSuite(plan, record('alpha', '2026-01-01T10:00:00.000Z'))).toBe(true);
    expect(storeSuite(plan, failed)).toBe(false);
    expect(readSuite(plan, 'alpha')!.rows).toHaveLength(1);
  });

  it('reading committed results refuses a quick record that was put there by hand', () => {
    const plan = outputPlan(tempBench(), false);
    storeSuite(plan, record('alpha', '2026-01-01T10:00:00.000Z'));
    writeFileSync(join(plan.resultsDir, 'beta.json'), JSON.stringify(record('beta', '2026-01-01T10:00:00.000Z', { mode: 'quick' })));
    expect(() => readSuites(plan, [])).toThrow(/full runs only/);
  });
});

describe('reports assembled from stored suites', () => {
  it('every suite section and README block shows its own stamp', () => {
    const plan = outputPlan(tempBench(), false);
    storeSuite(plan, record('proving', '2026-01-01T10:00:00.000Z', { rows: [{ suite: 'proving', circuit: 'c', op: 'Prover.prove', meanMs: 1000 }] }));
    storeSuite(plan, record('bbs', '2026-02-02T11:30:00.000Z', { rows: [{ suite: 'bbs+2020', messages: 8, op: 'sign', meanMs: 20, bytes: 112 }] }));
    storeSuite(plan, record('zeta', '2026-03-03T12:00:00.000Z'));
    const stored = readSuites(plan, NAMES);
    expect(stored.map((s) => s.suite)).toEqual(['proving', 'bbs', 'zeta']);
    const md = renderMarkdown(stored, SUITES, { quick: false, charts: [] });
    const sections = md.split('\n## ').slice(1);
    for (const [i, date] of [[0, '2026-01-01 10:00 UTC'], [1, '2026-02-02 11:30 UTC'], [2, '2026-03-03 12:00 UTC']] as const) {
      expect(sections[i]).toContain(`_Measured ${date} · full run (\`npm run bench -- --only=`);
    }
    expect(sections[2]).toContain('load average at start 0.3 / 0.5 / 0.25');
    const readme = renderSpeedSection(stored, SUITES);
    expect(readme).toContain('proving: measured 2026-01-01 10:00 UTC');
    expect(readme).toContain('bbs: measured 2026-02-02 11:30 UTC');
    expect(() => renderSpeedSection([record('bbs', '2026-02-02T11:30:00.000Z', { mode: 'quick' })], SUITES)).toThrow(/full runs only/);
  });

  it('the committed RESULTS.md and README Speed section are the ones assembled from bench/results/', () => {
    const plan = outputPlan(BENCH, false);
    const stored = readSuites(plan, NAMES);
    expect(stored.length).toBeGreaterThan(0);
    const charts = chartSpecs(SUITES, stored).map((c) => `results/${c.file}`);
    const expected = renderMarkdown(stored, SUITES, { quick: false, charts });
    expect(readFileSync(plan.reportFile, 'utf8')).toBe(expected);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length)).toBe(renderSpeedSection(stored, SUITES));
  });
});
