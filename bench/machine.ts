/**
 * The machine a benchmark ran on, and the measuring tools every suite shares: a benchmark.js
 * wrapper for async cases (warm-up, then mean / relative margin of error / sample count), an RSS
 * sampler for peak memory, and a one-line progress indicator.
 *
 * Absolute times on a shared two-core machine are noisy (other engineers run tests on it), so
 * every report carries the machine line with the load average at start, and suites prefer
 * ratios measured within one run.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  loadAverage: [number, number, number];
  startedAt: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  const [l1, l5, l15] = loadavg();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    freeMemoryGiB: round(freemem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: [round(l1 ?? 0, 2), round(l5 ?? 0, 2), round(l15 ?? 0, 2)],
    startedAt: new Date().toISOString(),
  };
}

/** "Intel(R) Xeon(R) ... · 2 cores · 23.5 GiB · Node v20.20.2 · linux-x64 · load 2.86 / 2.10 / 1.15" */
export function machineLine(m: MachineInfo): string {
  return `${m.cpu} · ${m.cores} cores · ${m.memoryGiB} GiB RAM · Node ${m.node} · ${m.platform} · load average at start ${m.loadAverage.join(' / ')} (1/5/15 min)`;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// ---------------------------------------------------------------------------------------------
// benchmark.js (2.1.4 ships no types; only the parts used here are declared)

interface BenchmarkStats {
  mean: number;
  rme: number;
  sample: number[];
}
interface BenchmarkInstance {
  name: string;
  stats: BenchmarkStats;
  hz: number;
  error?: unknown;
  aborted: boolean;
}
interface Deferred {
  resolve(): void;
}
interface BenchmarkSuite {
  add(name: string, options: Record<string, unknown>): BenchmarkSuite;
  on(event: string, listener: (event: { target: BenchmarkInstance }) => void): BenchmarkSuite;
  run(options: { async: boolean }): BenchmarkSuite;
  length: number;
  [index: number]: BenchmarkInstance;
}
interface BenchmarkModule {
  Suite: new (name?: string) => BenchmarkSuite;
}

const require = createRequire(import.meta.url);
const Benchmark = require('benchmark') as BenchmarkModule;

export interface Measurement {
  name: string;
  meanMs: number;
  /** Relative margin of error, percent (95 % confidence). */
  rme: number;
  samples: number;
  /** Median of the samples: less sensitive than the mean to another process's burst of load. */
  medianMs: number;
}

export interface MeasureOptions {
  /** Calls before measuring (default 1). */
  warmup?: number;
  /** benchmark.js minSamples (default 5). */
  minSamples?: number;
  /** benchmark.js maxTime in seconds (default 5). */
  maxTime?: number;
}

export interface AsyncCase {
  name: string;
  fn: () => Promise<unknown>;
}

/**
 * Measures async cases one after another with benchmark.js (deferred cases), after a warm-up
 * of each. A case that throws is reported with NaN and its error; the others still run.
 */
export async function measure(cases: AsyncCase[], options: MeasureOptions = {}, onCase: (name: string) => void = () => {}): Promise<Measurement[]> {
  const results: Measurement[] = [];
  for (const c of cases) {
    onCase(c.name);
    try {
      for (let i = 0; i < (options.warmup ?? 1); i++) await c.fn();
    } catch (err) {
      throw new Error(`${c.name}: warm-up failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    results.push(await runOne(c, options));
  }
  return results;
}

function runOne(c: AsyncCase, options: MeasureOptions): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    let failure: unknown;
    const suite = new Benchmark.Suite(c.name);
    suite.add(c.name, {
      defer: true,
      minSamples: options.minSamples ?? 5,
      maxTime: options.maxTime ?? 5,
      fn: (d: Deferred) => {
        c.fn().then(() => d.resolve(), (err: unknown) => {
          failure = err;
          d.resolve();
        });
      },
    });
    suite.on('error', (event) => reject(event.target.error ?? new Error(`${c.name}: benchmark error`)));
    suite.on('complete', () => {
      if (failure !== undefined) {
        reject(new Error(`${c.name}: ${failure instanceof Error ? failure.message : String(failure)}`));
        return;
      }
      const b = suite[0]!;
      const sorted = [...b.stats.sample].sort((x, y) => x - y);
      const mid = Math.floor(sorted.length / 2);
      const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
      resolve({ name: c.name, meanMs: b.stats.mean * 1000, rme: b.stats.rme, samples: b.stats.sample.length, medianMs: median * 1000 });
    });
    suite.run({ async: true });
  });
}

// ---------------------------------------------------------------------------------------------
// Memory

/** Samples process.memoryUsage().rss on an interval and keeps the maximum. */
export class RssSampler {
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;

  start(intervalMs = 20): this {
    this.peak = process.memoryUsage().rss;
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage().rss);
    }, intervalMs);
    this.timer.unref();
    return this;
  }

  /** Stops sampling and returns the peak RSS in MiB. */
  stop(): number {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return round(this.peak / 2 ** 20, 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Progress

const started = Date.now();

/** One line per step: "[  12.3 s] proving · presentation-16-1-1-20 · witness". */
export function progress(suite: string, ...parts: string[]): void {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${t} s] ${[suite, ...parts].join(' · ')}\n`);
}

export function note(message: string): void {
  process.stdout.write(`  note: ${message}\n`);
}

/** Runs a child process to its end and returns what it wrote and its exit code. */
export function collectChild(command: string, args: readonly string[], cwd?: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...(cwd !== undefined && { cwd }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

/**
 * This process's peak resident memory in MiB: VmHWM from /proc/self/status where there is one.
 * Not resourceUsage().maxRSS: on Linux a spawned child's maxRSS starts from the parent's RSS at
 * the fork (it survives the exec), so it would report the parent's peak, not the child's.
 */
export function ownPeakRssMiB(): { peakMiB: number; source: string } {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm !== null) return { peakMiB: round(Number(hwm[1]) / 1024, 1), source: 'VmHWM of /proc/self/status' };
  } catch {
    // No /proc here: fall through.
  }
  return { peakMiB: round(process.resourceUsage().maxRSS / 1024, 1), source: 'resourceUsage().maxRSS (may include the parent\'s RSS at spawn)' };
}
