/**
 * The fast-proving suite's registration and how it is shown: issue 20's goals (which ratio,
 * against which system, at most how much), the systems table and the goals table with "met" or
 * "not met" worked out from the stored rows. The measuring code (bench/fast-proving.ts) is loaded
 * only when the suite runs.
 */
import { int, ms, ratio, table } from './format.js';
import type { Row, StoredSuite, SuiteDef } from './suite.js';

/** A system of the suite: one of our shipped circuits on a path, or Semaphore (no circuit of ours). */
export interface FastProvingSystem {
  id: string;
  circuit: string | null;
  path: 'wasm' | 'snarkjs';
}

export const SEMAPHORE_ID = 'Semaphore v4, depth 20 (snarkjs)';
/** Our circuit on our wasm path. */
export const oursId = (circuit: string): string => `${circuit} (our wasm path)`;
/** Today's binary circuit on snarkjs: the proof shipped before issue 20. */
export const todayId = (circuit: string): string => `${circuit} (today: snarkjs)`;

export interface FastProvingGoal {
  goal: string;
  measure: 'prove' | 'verify';
  system: string;
  baseline: string;
  /** The goal is met when the paired median ratio system / baseline is at most this. */
  atMost: number;
}

const AGE_6 = oursId('presentation-16-1-1-4ary-6');
const AGE_10 = oursId('presentation-16-1-1-4ary-10');
const AGE_TODAY = todayId('presentation-16-1-1-20');
const FOUR_6 = oursId('presentation-16-4-32-4ary-6');
const FOUR_10 = oursId('presentation-16-4-32-4ary-10');
const FOUR_TODAY = todayId('presentation-16-4-32-20');

/** Issue 20's goals (bench, ratios in one run); the Chromium goal is the browser suite's. */
export const FAST_PROVING_GOALS: readonly FastProvingGoal[] = [
  { goal: 'age-only, 4,096-credential registry (4-ary depth 6) vs Semaphore(20)', measure: 'prove', system: AGE_6, baseline: SEMAPHORE_ID, atMost: 0.6 },
  { goal: 'the same, stretch goal', measure: 'prove', system: AGE_6, baseline: SEMAPHORE_ID, atMost: 0.55 },
  { goal: 'age-only, 2^20-credential registry (4-ary depth 10) vs Semaphore(20)', measure: 'prove', system: AGE_10, baseline: SEMAPHORE_ID, atMost: 0.8 },
  { goal: 'four-predicate, 4-ary depth 6 vs today\'s four-predicate proof', measure: 'prove', system: FOUR_6, baseline: FOUR_TODAY, atMost: 0.8 },
  { goal: 'four-predicate, 4-ary depth 10 vs today\'s four-predicate proof', measure: 'prove', system: FOUR_10, baseline: FOUR_TODAY, atMost: 0.8 },
  { goal: 'verification not worse: age-only 4-ary depth 6 vs today', measure: 'verify', system: AGE_6, baseline: AGE_TODAY, atMost: 1.1 },
  { goal: 'verification not worse: age-only 4-ary depth 10 vs today', measure: 'verify', system: AGE_10, baseline: AGE_TODAY, atMost: 1.1 },
  { goal: 'verification not worse: four-predicate 4-ary depth 6 vs today', measure: 'verify', system: FOUR_6, baseline: FOUR_TODAY, atMost: 1.1 },
  { goal: 'verification not worse: four-predicate 4-ary depth 10 vs today', measure: 'verify', system: FOUR_10, baseline: FOUR_TODAY, atMost: 1.1 },
];

/** "met", "not met", or "–" when the row has no ratio. */
export function goalVerdict(r: Row): string {
  if (typeof r.ratio !== 'number' || typeof r.atMost !== 'number') return '–';
  return r.ratio <= r.atMost ? 'met' : 'not met';
}

const range = (r: Row, key: 'prove' | 'verify'): string => `${ms(r[`${key}MedianMs`])} (${ms(r[`${key}MinMs`])}–${ms(r[`${key}MaxMs`])})`;
const ratioRange = (r: Row): string => `${ratio(r.ratio)} (${ratio(r.ratioMin)}–${ratio(r.ratioMax)})`;
const medianMs = (rows: Row[], id: unknown, key: 'prove' | 'verify'): string => {
  const r = rows.find((x) => x.kind === 'system' && x.system === id);
  return r === undefined ? '–' : `${ms(r[`${key}MedianMs`])} ms`;
};

/** The goals table: each goal's ratio (median, min–max), the two medians it compares, the bound and the verdict. */
export function fastProvingGoalsTable(rows: Row[]): string[] {
  const goals = rows.filter((r) => r.kind === 'goal');
  return [
    '| goal (issue 20) | ratio, median (min–max) | this | against | at most | |',
    '|---|---:|---:|---:|---:|---|',
    ...goals.map((r) => {
      const key = r.measure === 'verify' ? 'verify' : 'prove';
      return `| ${String(r.goal)} | ${ratioRange(r)} | ${medianMs(rows, r.system, key)} | ${medianMs(rows, r.baseline, key)} | ${ratio(r.atMost)} | **${goalVerdict(r)}** |`;
    }),
  ];
}

export function fastProvingSection(rows: Row[]): string {
  const systems = rows.filter((r) => r.kind === 'system');
  return [
    table(
      ['system', 'constraints', 'witness + prove ms, median (min–max)', 'verify ms, median (min–max)', 'rounds'],
      systems.map((r) => [String(r.system), int(r.constraints), range(r, 'prove'), range(r, 'verify'), int(r.rounds)]),
    ),
    '\nGoals (paired per round, same run):\n',
    fastProvingGoalsTable(rows).join('\n'),
  ].join('\n');
}

export function fastProvingReadme(suite: StoredSuite): string[] {
  return [
    'Issue 20\'s goals: 4-ary registry circuits on our wasm path against Semaphore v4 (depth 20) and against today\'s binary depth-20 proofs on snarkjs, witness included, round robin in one process:',
    '',
    ...fastProvingGoalsTable(suite.rows),
  ];
}

export const fastProvingSuite: SuiteDef = {
  name: 'fast-proving',
  title: 'Faster proving: 4-ary circuits against Semaphore and today\'s proofs',
  describe: 'issue 20\'s ratios round robin: age-only 4-ary depth 6 / 10 vs Semaphore v4 depth 20, four-predicate 4-ary vs today\'s binary, witness included; verification',
  run: async (ctx) => (await import('./fast-proving.js')).runFastProvingBench({ quick: ctx.quick }),
  markdown: fastProvingSection,
  readme: fastProvingReadme,
};
