/**
 * What a benchmark suite is: its registration (name, title, how to run it, how to show its rows)
 * and the record a run stores for it (bench/results/<suite>.json), stamped with that suite's own
 * date, machine, load, mode and command.
 */
import type { Cell } from './format.js';
import type { MachineInfo } from './machine.js';

/** One measurement; `suite` names the suite file it lands in (the BBS suite reuses it for the BBS suite name). */
export type Row = { suite: string } & Record<string, Cell>;

/** What a suite's run returns. */
export interface Measured {
  rows: Row[];
  notes: string[];
  /** Set when the suite did not run at all (for example no Chromium), saying why. */
  skipped?: string;
}

export interface SuiteContext {
  quick: boolean;
  /** Budget for Groth16 development setups that a suite may run (scaling). */
  setupBudgetMs: number;
  /** Runs `make` once per run and key, so suites can share a measurement (systems reuses proving's). */
  shared<T>(key: string, make: () => Promise<T>): Promise<T>;
}

export interface ChartSpec {
  /** SVG file name in the results folder. */
  file: string;
  /** A vega-lite specification. */
  spec: Record<string, unknown>;
}

/** The stored record of one suite; every field but the rows and notes is its stamp. */
export interface StoredSuite {
  suite: string;
  mode: 'full' | 'quick';
  /** ISO time at which the suite started. */
  date: string;
  /** The machine when the suite started, load average included. */
  machine: MachineInfo;
  machineLine: string;
  /** The command that measured it (absent in records from before per-suite stamps). */
  command?: string;
  durationS?: number;
  /** 1, 5 and 15 minute load averages when the suite finished. */
  loadAverageAtEnd?: [number, number, number];
  skipped: string | null;
  notes: string[];
  rows: Row[];
}

/**
 * A registered suite. Register a new one by adding it to SUITES in bench/suites.ts; keep this
 * object cheap to import (load the measuring code inside `run`), so the report and its tests
 * never pull in the provers.
 */
export interface SuiteDef {
  name: string;
  /** Section heading in bench/RESULTS.md. */
  title: string;
  /** One line for `npm run bench -- --help`. */
  describe: string;
  run(ctx: SuiteContext): Promise<Measured>;
  /** The suite's section body in bench/RESULTS.md (default: one table of every row field). */
  markdown?(rows: Row[], all: ReadonlyMap<string, StoredSuite>): string;
  /** The suite's lines in the README's Speed section (none when absent). */
  readme?(suite: StoredSuite, all: ReadonlyMap<string, StoredSuite>): string[];
  /** Charts drawn from the stored suites (this one and any it compares with). */
  charts?(all: ReadonlyMap<string, StoredSuite>): ChartSpec[];
}
