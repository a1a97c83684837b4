/**
 * The IndexedDB credential store in headless Chromium (issue 14 item 1): the browser entry,
 * bundled for the browser by esbuild with a small page script (wallet-page.ts), served from
 * 127.0.0.1. The page creates an encrypted wallet and accepts a credential; after a reload (a
 * restart: only IndexedDB carries over) the wallet opens with the same holder commitment and
 * credential, and a wrong passphrase is refused with WRONG_PASSPHRASE.
 * Chromium as in web.test.ts: skipped with a message when absent, a failure under CI=true.
 */
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM, CHROMIUM_CANDIDATES } from '../../examples/web/driver.js';
import { holderKeys, issuePerson, issuerKeys, makeIssuer } from '../helpers/library.js';
import { HolderCommitment } from '../../src/index.js';

if (CHROMIUM === undefined) {
  const message = `no Chromium executable (tried ${CHROMIUM_CANDIDATES.join(', ')})`;
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') throw new Error(`browser tests need Chromium under CI: ${message}`);
  console.warn(`test/browser/wallet-indexeddb.test.ts skipped: ${message}`);
}

const PASSPHRASE = 'a passphrase typed in a browser';

interface WalletPage {
  create(passphrase: string): Promise<string | { error: string }>;
  accept(credential: unknown, passphrase: string): Promise<string | { error: string }>;
  open(passphrase: string): Promise<{ commitment: string; ids: string[] } | { error: string }>;
}

/** Calls the page's `zkdWallet[method](...args)`. */
function call(page: Page, method: keyof WalletPage, ...args: unknown[]): Promise<unknown> {
  return page.evaluate(({ method, args }) => {
    const api = (window as unknown as { zkdWallet: Record<string, (...a: unknown[]) => Promise<unknown>> }).zkdWallet;
    return api[method]!(...args);
  }, { method, args });
}

describe.skipIf(CHROMIUM === undefined)('IndexedDbWalletStore in headless Chromium', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let url = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const bundled = await build({
      entryPoints: [join(import.meta.dirname, 'wallet-page.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent',
      external: ['@mattrglobal/bbs-signatures'],
    });
    const script = bundled.outputFiles[0]!.contents;
    server = createServer((req, res) => {
      if (req.url === '/wallet.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>wallet</title><script type="module" src="/wallet.js"></script>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function load(): Promise<void> {
    await page.goto(url);
    await page.waitForFunction(() => 'zkdWallet' in window, undefined, { timeout: 30_000 });
  }

  test('create, accept; after a reload the wallet opens with its credential; wrong passphrase and a second create refused', async () => {
    await load();
    const commitment = await call(page, 'create', PASSPHRASE);
    expect(commitment).toMatch(/^holder-commitment:\d+$/);
    const credential = issuePerson(makeIssuer(issuerKeys(142)), { ...holderKeys(0n), commitment: HolderCommitment.from(commitment, 'commitment') });
    expect(await call(page, 'accept', credential, PASSPHRASE)).toBe(credential.id);

    await page.reload(); // a restart: only IndexedDB carries over
    await page.waitForFunction(() => 'zkdWallet' in window, undefined, { timeout: 30_000 });
    expect(await call(page, 'open', PASSPHRASE)).toEqual({ commitment, ids: [credential.id] });
    expect(await call(page, 'open', 'not the passphrase')).toEqual({ error: 'WRONG_PASSPHRASE' });
    expect(await call(page, 'create', PASSPHRASE)).toEqual({ error: 'WALLET_EXISTS' });
    expect(await call(page, 'open', PASSPHRASE)).toEqual({ commitment, ids: [credential.id] });
    expect(pageErrors).toEqual([]);
  });
});
