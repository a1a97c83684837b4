/**
 * Smoke test of the peers benchmark's Chromium half (bench/peers/chromium.ts, bench/peers/web/):
 * the page is built and served like the demo, and one warm round in headless Chromium proves
 * and verifies our Groth16 age-only presentation, Semaphore (depth 4 here, cached under
 * .cache/peers/ like the bench's depth 20) and Dock's selective disclosure (crypto-wasm-ts's
 * browser build loads in the page). The round robin itself refuses a proof that does not
 * verify (test/bench/peers.test.ts); the rows come from the same code as Node's.
 *
 * Chromium: as test/browser/web.test.ts (skipped with a message without one, a failure under CI=true).
 */
import { describe, expect, test } from 'vitest';
import { CHROMIUM, CHROMIUM_CANDIDATES } from '../../examples/web/driver.js';
import { runInChromium } from '../../bench/peers/chromium.js';
import { BINARY_20 } from '../../bench/peers/ours-systems.js';
import { BASELINE, peerRows } from '../../bench/peers/run.js';
import { semaphoreJob } from '../../bench/peers/semaphore.js';
import { PAGE_FILES } from '../../bench/peers/page-protocol.js';

const SMOKE_DEPTH = 4;

if (CHROMIUM === undefined) {
  const message = `no Chromium executable (tried ${CHROMIUM_CANDIDATES.join(', ')}): install it with \`apt-get install -y chromium\` or set ZKD_CHROMIUM`;
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') throw new Error(`browser tests need Chromium under CI: ${message}`);
  console.warn(`test/browser/peers-chromium.test.ts skipped: ${message}`);
}

describe.skipIf(CHROMIUM === undefined)('peers benchmark in headless Chromium', () => {
  test('one warm round: our age-only presentation, Semaphore and Dock prove and verify in the page', async () => {
    const { job: semaphore, art } = await semaphoreJob(SMOKE_DEPTH);
    const out = await runInChromium({
      rounds: 1,
      ours: [{ which: 'age-only', shape: BINARY_20 }],
      semaphore,
      dockBounds: [],
      bbs: [],
      dockDisclosure: true,
    }, { [PAGE_FILES.semaphoreWasm]: art.wasm, [PAGE_FILES.semaphoreZkey]: art.zkey });
    expect(out.notRun).toEqual([]);
    expect(out.infos.map((s) => [s.id, s.env])).toEqual([
      [BASELINE, 'chromium'],
      [`Semaphore v4 (depth ${SMOKE_DEPTH})`, 'chromium'],
      ['Dock BBS+ · selective disclosure', 'chromium'],
    ]);
    for (const s of out.samples) {
      expect(s.proveMs).toHaveLength(1);
      expect(s.proveMs[0]).toBeGreaterThan(0);
    }
    expect(out.samples.map((s) => s.sizes.proofBytes)).toEqual([128, 128, expect.any(Number)]);
    const rows = peerRows(out.infos, out.samples, BASELINE);
    expect(rows.map((r) => r.environment)).toEqual(['chromium', 'chromium', 'chromium']);
    expect(rows[0]).toMatchObject({ proveVsBaseline: 1, rounds: 1 });
  }, 120_000);
});
