/**
 * Drives the demo page (examples/web) in headless Chromium, for the browser test and the
 * benchmark: builds the page with Vite, serves it with Vite's preview server, launches Debian's
 * Chromium through playwright-core (no browser download) and clicks request -> present (against
 * the page's own verifier, or a verifier service: service-demo.ts).
 * Chromium: $ZKD_CHROMIUM, /usr/lib/chromium/chromium or /usr/bin/chromium.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type PreviewServer, build, preview } from 'vite';
import type { DemoState } from './demo-state.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CONFIG = join(HERE, 'vite.config.ts');
export const CHROMIUM_CANDIDATES: string[] = [process.env.ZKD_CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium']
  .filter((p): p is string => p !== undefined && p !== '');
/** The Chromium executable found, if any. */
export const CHROMIUM: string | undefined = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The page's published state, without the documents it holds. */
export type DemoTimings = Omit<DemoState, 'presentation' | 'request'>;

/** A TCP port free on 127.0.0.1 at the time of asking (for servers the tests start). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A built and served demo page with a browser; `close()` stops everything. */
export interface DemoSession {
  url: string;
  outDir: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Builds the page into a temporary directory, serves it and launches Chromium. `configFile`
 * names another page's Vite config (the peers benchmark's page, bench/peers/web/) to serve that
 * page the same way.
 */
export async function startDemo(configFile = CONFIG): Promise<DemoSession> {
  if (CHROMIUM === undefined) throw new Error(`no Chromium executable (tried ${CHROMIUM_CANDIDATES.join(', ')})`);
  const outDir = mkdtempSync(join(tmpdir(), 'zkd-web-'));
  let server: PreviewServer | undefined;
  try {
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const port = await freePort();
    server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true } });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const live = server;
    return {
      url: `http://127.0.0.1:${port}/`,
      outDir,
      browser,
      async close() {
        await browser.close();
        await live.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
}

/** The page's published state (without the large documents). */
export function demoState(page: Page): Promise<DemoTimings> {
  return page.evaluate(() => ({ ...(window as unknown as { zkdDemo: DemoState }).zkdDemo, presentation: undefined, request: undefined }));
}

/**
 * Opens the page and waits until the in-page issuer and wallet are ready (and, with the `query`
 * of a verifier service (ServiceDemo.query), until the page switched to it or said why not).
 */
export async function openDemoPage(session: DemoSession, onError: (message: string) => void = () => {}, query = ''): Promise<Page> {
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => onError(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') onError(message.text());
  });
  await page.goto(`${session.url}${query}`);
  await page.waitForFunction(() => {
    const demo = (window as unknown as { zkdDemo?: DemoState }).zkdDemo;
    return demo !== undefined && (demo.ready || demo.error !== undefined);
  }, undefined, { timeout: 30_000 });
  return page;
}

/** Clicks a request button (`#request`, or `#request-multi` for the two-credential request) then present; resolves when the wallet finished (or failed). */
export async function requestAndPresent(page: Page, requestButton = '#request'): Promise<DemoTimings> {
  await page.click(requestButton);
  await page.click('#present');
  await page.waitForFunction(() => {
    const verify = document.getElementById('verify') as HTMLButtonElement;
    return !verify.disabled || (window as unknown as { zkdDemo: DemoState }).zkdDemo.error !== undefined;
  }, undefined, { timeout: 75_000, polling: 100 });
  return demoState(page);
}
