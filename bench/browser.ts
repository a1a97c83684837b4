/**
 * Proving in headless Chromium: the demo page (examples/web) proves the 4-slot presentation
 * (age + EU27 + disclose givenName) through the browser entry, with artifacts fetched and
 * sha256-checked in the page. One cold proof (artifacts fetched, curve and workers built), then
 * warm repeats; the report sets them beside Node's warm Prover.prove from the same run.
 * Skipped, with a note, where no Chromium is installed.
 */
import { CHROMIUM, openDemoPage, requestAndPresent, startDemo } from '../examples/web/driver.js';
import { progress, round } from './machine.js';
import type { Row } from './suite.js';

export async function runBrowserBench(options: { quick: boolean }): Promise<{ rows: Row[]; notes: string[]; skipped?: string }> {
  if (CHROMIUM === undefined) return { rows: [], notes: [], skipped: 'no Chromium executable (apt-get install -y chromium)' };
  const warmRuns = options.quick ? 2 : 5;
  const session = await startDemo();
  try {
    const page = await openDemoPage(session);
    progress('browser', 'cold proof in Chromium');
    const cold = await requestAndPresent(page);
    if (cold.error !== undefined) throw new Error(`the page failed: ${cold.error}`);
    const warm: number[] = [];
    for (let i = 0; i < warmRuns; i++) {
      progress('browser', `warm proof ${i + 1}/${warmRuns}`);
      const state = await requestAndPresent(page);
      if (state.error !== undefined) throw new Error(`the page failed: ${state.error}`);
      warm.push(state.proveMs!);
    }
    const mean = warm.reduce((a, b) => a + b, 0) / warm.length;
    const sorted = [...warm].sort((a, b) => a - b);
    const circuit = cold.circuit ?? 'presentation-16-4-32-20';
    return {
      rows: [
        { suite: 'browser', browser: `Chromium ${session.browser.version()}`, circuit, op: 'cold: artifacts fetch + sha256 check', meanMs: round(cold.artifactsMs ?? 0, 1), samples: 1 },
        { suite: 'browser', browser: `Chromium ${session.browser.version()}`, circuit, op: 'cold: first proof', meanMs: round(cold.proveMs ?? 0, 1), samples: 1 },
        { suite: 'browser', browser: `Chromium ${session.browser.version()}`, circuit, op: 'warm proof', meanMs: round(mean, 1), medianMs: round(sorted[Math.floor(sorted.length / 2)]!, 1), samples: warm.length },
      ],
      notes: ['Chromium (Debian package) headless, driven by playwright-core; times are the page\'s own performance.now() around witness + Groth16 (examples/web/main.ts).'],
    };
  } finally {
    await session.close();
  }
}
