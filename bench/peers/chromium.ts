/**
 * The Chromium half of the peers suite: builds and serves the suite's page (bench/peers/web/)
 * with the browser demo's launcher (examples/web/driver.ts: Vite build + preview, Debian's
 * Chromium through playwright-core), serves Semaphore's cached build to it, and runs the round
 * robin in the page. Returns what the page measured, as plain data.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo } from '../../examples/web/driver.js';
import type { PeersJob, PeersOutcome, PeersPage } from './web/main.js';

export const PEERS_PAGE_CONFIG = join(dirname(fileURLToPath(import.meta.url)), 'web', 'vite.config.ts');

export interface ChromiumRun extends PeersOutcome {
  browser: string;
}

/**
 * Runs `job` in a fresh headless Chromium page. `semaphoreFiles` (the cached build's wasm and
 * zkey paths) is needed when the job has a Semaphore system. Errors the page logs are kept and
 * reported if the run fails.
 */
export async function runInChromium(job: PeersJob, semaphoreFiles?: { wasm: string; zkey: string }): Promise<ChromiumRun> {
  const session = await startDemo(PEERS_PAGE_CONFIG);
  const pageErrors: string[] = [];
  try {
    const page = await session.browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    if (semaphoreFiles !== undefined) {
      await page.route('**/peers-semaphore/semaphore.wasm', (route) => route.fulfill({ path: semaphoreFiles.wasm, contentType: 'application/wasm' }));
      await page.route('**/peers-semaphore/semaphore.zkey', (route) => route.fulfill({ path: semaphoreFiles.zkey, contentType: 'application/octet-stream' }));
    }
    await page.goto(session.url);
    await page.waitForFunction(() => (window as unknown as { zkdPeers?: PeersPage }).zkdPeers !== undefined, undefined, { timeout: 30_000 });
    const outcome = await page.evaluate((j) => (window as unknown as { zkdPeers: PeersPage }).zkdPeers.run(j), job);
    return { ...outcome, browser: `Chromium ${session.browser.version()}` };
  } catch (err) {
    const detail = pageErrors.length > 0 ? ` (page errors: ${pageErrors.slice(0, 3).join(' | ')})` : '';
    throw new Error(`Chromium run failed: ${err instanceof Error ? err.message : String(err)}${detail}`);
  } finally {
    await session.close();
  }
}
