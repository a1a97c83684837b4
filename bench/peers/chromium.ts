/**
 * The Chromium half of the peers suite: builds and serves the suite's page (bench/peers/web/)
 * with the browser demo's launcher (examples/web/driver.ts: Vite build + preview, Debian's
 * Chromium through playwright-core), serves the peers' cached builds to it (Semaphore's circuit,
 * Dock's LegoGroth16 key), and runs the round robin in the page. Returns what the page measured, as plain data.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo } from '../../examples/web/driver.js';
import type { PageFile, PeersJob, PeersOutcome, PeersPage } from './page-protocol.js';

export const PEERS_PAGE_CONFIG = join(dirname(fileURLToPath(import.meta.url)), 'web', 'vite.config.ts');

export interface ChromiumRun extends PeersOutcome {
  browser: string;
}

/**
 * Runs `job` in a fresh headless Chromium page. `files` maps the page's cached-build paths
 * (PAGE_FILES) to files on disk, for the systems of the job that need them. Errors the page
 * logs are kept and reported if the run fails.
 */
export async function runInChromium(job: PeersJob, files: Partial<Record<PageFile, string>> = {}): Promise<ChromiumRun> {
  const session = await startDemo(PEERS_PAGE_CONFIG);
  const pageErrors: string[] = [];
  try {
    const page = await session.browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    for (const [url, path] of Object.entries(files)) {
      await page.route(`**/${url}`, (route) => route.fulfill({ path, contentType: url.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream' }));
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
