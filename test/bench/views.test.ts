/**
 * How the proving, scaling and fast-proving suites show their rows (bench/views.ts,
 * bench/fast-proving-view.ts, bench/fast-proving.ts fastProvingRows): pure functions of fixture
 * rows, nothing measured. The native column appears beside snarkjs's, says "not built" when the
 * addon was missing, the scaling chart has one series per prover, and issue 20's goals are
 * judged from the paired ratios.
 */
import { describe, expect, it } from 'vitest';
import { machineLine } from '../../bench/machine.js';
import { fastProvingRows, fastProvingSystems } from '../../bench/fast-proving.js';
import { FAST_PROVING_GOALS, SEMAPHORE_ID, fastProvingReadme, fastProvingSection, goalVerdict, oursId, todayId } from '../../bench/fast-proving-view.js';
import type { Samples } from '../../bench/peers/round-robin.js';
import type { Row, StoredSuite } from '../../bench/suite.js';
import { PATHS_OP, provingReadme, provingSection, proveVsConstraintsChart, scalingSection } from '../../bench/views.js';

function stored(suite: string, rows: Row[]): StoredSuite {
  const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 8, freeMemoryGiB: 4, node: 'v20', platform: 'linux-x64', loadAverage: [0.5, 0.5, 0.5] as [number, number, number], startedAt: '2026-12-03T12:00:00Z' };
  return { suite, mode: 'full', date: machine.startedAt, machine, machineLine: machineLine(machine), skipped: null, notes: [], rows };
}

const pathsRow = (circuit: string, extra: Partial<Row> = {}): Row => ({
  suite: 'proving', circuit, op: PATHS_OP, constraints: 4035, rounds: 7,
  witnessMs: 30, nativeMs: 170, wasmMs: 900, snarkjsMs: 880,
  nativeVsSnarkjs: 0.193, nativeVsSnarkjsMin: 0.18, nativeVsSnarkjsMax: 0.21, wasmVsSnarkjs: 1.02,
  nativeRssMiB: 165, wasmRssMiB: 250, snarkjsRssMiB: 323, rssProofs: 3, nativeUnavailable: null, ...extra,
});

const scenarioRows: Row[] = [
  { suite: 'proving', circuit: 'presentation-16-1-1-20', statement: 'age', op: 'witness', meanMs: 90, rme: 1, samples: 20, medianMs: 90, vsFullProve: null },
  { suite: 'proving', circuit: 'presentation-16-1-1-20', statement: 'age', op: 'Prover.prove', meanMs: 1000, rme: 2, samples: 5, medianMs: 990, vsFullProve: 0.9 },
  { suite: 'proving', circuit: 'presentation-16-1-1-20', statement: 'age', op: 'cold: fresh process, Prover load + first prove', meanMs: 1500, rme: null, samples: 2, startupMs: 400, loadMs: 200, firstProofMs: 1300, wallMs: 2500, peakRssMiB: 240, rssSource: '/usr/bin/time -v', path: 'native' },
];

describe('proving suite views', () => {
  it('the README block adds a native column beside wasm and snarkjs, with ratios and peak memory', () => {
    const lines = provingReadme(stored('proving', [...scenarioRows, pathsRow('presentation-16-1-1-4ary-6')]));
    const text = lines.join('\n');
    expect(text).toContain('| native |');
    const row = lines.find((l) => l.startsWith('| `presentation-16-1-1-4ary-6`'));
    expect(row).toBe('| `presentation-16-1-1-4ary-6` | 4,035 | 30.0 ms | 170 ms | 900 ms | 880 ms | 0.19× (0.18–0.21) | 1.02× | 165 MiB / 250 MiB / 323 MiB |');
    // The path rows stay out of the scenario table: one scenario line, for the binary circuit.
    expect(lines.filter((l) => l.startsWith('| `presentation-16-1-1-20`'))).toHaveLength(1);
  });

  it('without the addon the native column says "not built" and why, instead of figures', () => {
    const row = pathsRow('presentation-16-1-1-20', { nativeMs: null, nativeVsSnarkjs: null, nativeVsSnarkjsMin: null, nativeVsSnarkjsMax: null, nativeRssMiB: null, nativeUnavailable: 'the native addon is not built' });
    const text = provingReadme(stored('proving', [row])).join('\n');
    expect(text).toContain('| `presentation-16-1-1-20` | 4,035 | 30.0 ms | not built | 900 ms | 880 ms | not built | 1.02× | not built / 250 MiB / 323 MiB |');
    expect(text).toContain('Native prover not measured in this run: the native addon is not built.');
  });

  it('RESULTS.md shows the paths table and the cold row\'s path; records without path rows show none', () => {
    const section = provingSection([...scenarioRows, pathsRow('presentation-16-1-1-4ary-6')]);
    expect(section).toContain('Proving paths on every shipped circuit');
    expect(section).toContain('Prover load + first prove (native path)');
    expect(section).not.toContain(`**\`presentation-16-1-1-4ary-6\`**`);
    expect(provingSection(scenarioRows)).not.toContain('Proving paths');
  });
});

describe('scaling views', () => {
  const rows: Row[] = [
    { suite: 'scaling', axis: 'depth', value: 10, circuit: 'presentation-16-4-32-10', constraints: 9000, groth16Power: 14, publicSignals: 60, proveMs: 1500, proveRme: 2, nativeProveMs: 450, nativeProveRme: 3, nativeVsSnarkjs: 0.3, zkey: 'dev setup, pot14' },
    { suite: 'scaling', axis: 'depth', value: 32, circuit: 'presentation-16-4-32-32', constraints: 17000, groth16Power: 15, publicSignals: 60, proveMs: null, proveRme: null, nativeProveMs: null, nativeProveRme: null, nativeVsSnarkjs: null, zkey: null },
  ];

  it('rows show both times and their ratio', () => {
    const section = scalingSection(rows);
    expect(section).toContain('witness + prove ms, native');
    expect(section).toContain('| 10 | `presentation-16-4-32-10` | 9,000 | 2^14 | 60 | 1,500 | ±2.0 % | 450 | ±3.0 % | 0.30× | dev setup, pot14 |');
    // A record from before the native column keeps its old table.
    const old = rows.map(({ nativeProveMs, nativeProveRme, nativeVsSnarkjs, ...rest }) => rest as Row);
    expect(scalingSection(old)).not.toContain('native');
  });

  it('one chart, one series per prover, only for proved variants', () => {
    const [chart, ...more] = proveVsConstraintsChart(new Map([['scaling', stored('scaling', rows)]]));
    expect(more).toHaveLength(0);
    const values = (chart!.spec.data as { values: { prover: string; proveMs: number }[] }).values;
    expect(values.map((v) => [v.prover, v.proveMs])).toEqual([['snarkjs groth16.prove', 1500], ['native prover', 450]]);
    expect(proveVsConstraintsChart(new Map())).toEqual([]);
  });
});

describe('fast-proving suite', () => {
  const systems = fastProvingSystems();
  const samplesOf = (id: string, prove: number[], verify: number[]): Samples => ({ id, proveMs: prove, verifyMs: verify, sizes: { proofBytes: 128, publicInputs: 1, publicBytes: 32, presentationJsonBytes: 10 } });
  const times: Record<string, [number[], number[]]> = {
    [oursId('presentation-16-1-1-4ary-6')]: [[500, 560, 480], [10, 10, 10]],
    [oursId('presentation-16-1-1-4ary-10')]: [[700, 900, 700], [10, 12, 10]],
    [todayId('presentation-16-1-1-20')]: [[1100, 1100, 1100], [10, 10, 10]],
    [SEMAPHORE_ID]: [[1000, 1000, 800], [9, 9, 9]],
    [oursId('presentation-16-4-32-4ary-6')]: [[1500, 1500, 1500], [10, 10, 10]],
    [oursId('presentation-16-4-32-4ary-10')]: [[1700, 1700, 1700], [10, 10, 10]],
    [todayId('presentation-16-4-32-20')]: [[2000, 2000, 2000], [10, 10, 10]],
  };
  const samples = systems.map((s) => samplesOf(s.id, ...times[s.id]!));
  const constraints = new Map(systems.map((s) => [s.id, 1000]));

  it('measures every system a goal names', () => {
    const ids = new Set(systems.map((s) => s.id));
    for (const g of FAST_PROVING_GOALS) {
      expect(ids.has(g.system)).toBe(true);
      expect(ids.has(g.baseline)).toBe(true);
    }
  });

  it('each goal\'s ratio is the median of the per-round ratios, judged against its bound', () => {
    const rows = fastProvingRows(systems, samples, constraints);
    const goal = (g: string): Row => rows.find((r) => r.kind === 'goal' && r.goal === g)!;
    // Per-round 500/1000, 560/1000, 480/800: the median of the ratios (0.56), not the ratio of medians (0.5).
    const age6 = goal(FAST_PROVING_GOALS[0]!.goal);
    expect([age6.ratio, age6.ratioMin, age6.ratioMax]).toEqual([0.56, 0.5, 0.6]);
    expect(goalVerdict(age6)).toBe('met');
    expect(goalVerdict(goal(FAST_PROVING_GOALS[1]!.goal))).toBe('not met'); // stretch 0.55
    expect(goal(FAST_PROVING_GOALS[2]!.goal).ratio).toBe(0.875); // 0.7, 0.9, 0.875
    expect(goalVerdict(goal(FAST_PROVING_GOALS[2]!.goal))).toBe('not met');
    expect(goal(FAST_PROVING_GOALS[3]!.goal).ratio).toBe(0.75);
    expect(goalVerdict(goal(FAST_PROVING_GOALS[3]!.goal))).toBe('met');
    expect(goalVerdict(goal(FAST_PROVING_GOALS[4]!.goal))).toBe('not met'); // 0.85
    expect(goalVerdict({ suite: 'fast-proving', kind: 'goal', ratio: 1.1, atMost: 1.1 })).toBe('met');
    expect(goalVerdict({ suite: 'fast-proving', kind: 'goal', ratio: null, atMost: 1.1 })).toBe('–');
  });

  it('refuses to judge a goal whose systems were not measured', () => {
    expect(() => fastProvingRows(systems, samples.filter((s) => s.id !== SEMAPHORE_ID), constraints)).toThrow(/Semaphore/);
  });

  it('the README block and RESULTS.md section show each goal with both medians and its verdict', () => {
    const rows = fastProvingRows(systems, samples, constraints);
    const readme = fastProvingReadme(stored('fast-proving', rows));
    expect(readme).toContain(`| ${FAST_PROVING_GOALS[0]!.goal} | 0.56× (0.50×–0.60×) | 500 ms | 1,000 ms | 0.60× | **met** |`);
    expect(readme.filter((l) => l.includes('**not met**'))).toHaveLength(3);
    const section = fastProvingSection(rows);
    expect(section).toContain(`| ${SEMAPHORE_ID} | 1,000 | 1,000 (800–1,000) | 9.00 (9.00–9.00) | 3 |`);
  });
});
