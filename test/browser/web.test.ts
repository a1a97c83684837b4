/**
 * The browser demo (examples/web) in headless Chromium: the page is built with Vite and served
 * by Vite's preview server; Chromium (Debian's package, driven by playwright-core, no browser
 * download) clicks request -> present -> verify, checks the verified result and the disclosed
 * given name, checks that a tampered copy is rejected, that a presentation read back from its
 * QR code (an image file, then the code on screen) verifies once, that a corrupted artifact is refused by
 * the in-page sha256 check, and measures proving in the browser (printed for the bench). In
 * "verifier service" mode (service-demo.ts, as `npm run demo:service` runs it) the page gets a
 * credential from the demo issuer the service trusts, asks the service for a request, presents,
 * and shows the service's verdict: accepted, then NONCE_REPLAYED for the same presentation again,
 * and a policy the service lacks shows its NOT_FOUND.
 *
 * Chromium: $ZKD_CHROMIUM, /usr/lib/chromium/chromium or /usr/bin/chromium (`apt-get install -y
 * chromium`). Without one the tests are skipped with a message, except under CI=true, where a
 * missing browser is a failure (.ci/run installs it).
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CHROMIUM, CHROMIUM_CANDIDATES, type DemoSession, demoState, openDemoPage, requestAndPresent, startDemo,
} from '../../examples/web/driver.js';
import { startServiceDemo } from '../../examples/web/service-demo.js';
import { generateHolderKeys } from '../../src/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const REPORTS = join(ROOT, 'test', 'reports');

if (CHROMIUM === undefined) {
  const message = `no Chromium executable (tried ${CHROMIUM_CANDIDATES.join(', ')}): install it with \`apt-get install -y chromium\` or set ZKD_CHROMIUM`;
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') throw new Error(`browser tests need Chromium under CI: ${message}`);
  console.warn(`test/browser/web.test.ts skipped: ${message}`);
}

describe.skipIf(CHROMIUM === undefined)('browser demo (examples/web) in headless Chromium', () => {
  let session: DemoSession | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const started = performance.now();
    session = await startDemo();
    const assets = readdirSync(join(session.outDir, 'assets')).filter((f) => f.endsWith('.js'));
    const sizes = assets.map((f) => {
      const bytes = readFileSync(join(session!.outDir, 'assets', f));
      return { file: f, kB: bytes.byteLength / 1000, gzipKB: gzipSync(bytes).byteLength / 1000 };
    });
    const total = sizes.reduce((a, s) => ({ kB: a.kB + s.kB, gzipKB: a.gzipKB + s.gzipKB }), { kB: 0, gzipKB: 0 });
    console.log(`[web] vite build + preview + launch ${Math.round(performance.now() - started)} ms; scripts ${sizes.map((s) => `${s.file} ${s.kB.toFixed(1)} kB (gzip ${s.gzipKB.toFixed(1)} kB)`).join(', ')}; total ${total.kB.toFixed(1)} kB (gzip ${total.gzipKB.toFixed(1)} kB)`);
  });

  afterAll(async () => {
    await session?.close();
  });

  async function openPage(): Promise<Page> {
    const page = await openDemoPage(session!, (message) => pageErrors.push(message));
    expect((await demoState(page)).error).toBeUndefined();
    return page;
  }

  test('request -> present -> verify: verified, discloses givenName "Ada"; a tampered copy is rejected; the same through QR codes', async () => {
    const page = await openPage();
    const first = await requestAndPresent(page);
    expect(first.error).toBeUndefined();
    expect(await page.textContent('#leakage-lines')).toMatch(/givenName disclosed in clear[\s\S]*altogether: about 1 in [0-9,]+ holders/);
    expect(first.circuit).toBe('presentation-16-4-32-20');
    expect(await page.getAttribute('#timing', 'data-prove-ms')).toBe(String(Math.round(first.proveMs!)));

    await page.click('#verify');
    await page.waitForSelector('#result:not([data-state="none"])');
    expect(await page.getAttribute('#result', 'data-state')).toBe('verified');
    expect(await page.textContent('#result-disclosed tr[data-attribute="givenName"] td')).toBe('Ada');
    expect(await page.$$eval('#result-disclosed tr', (rows) => rows.length)).toBe(1);

    await page.click('#tamper');
    await page.waitForSelector('#tamper-result:not([data-state="none"])');
    expect(await page.getAttribute('#tamper-result', 'data-state')).toBe('rejected');
    expect(await page.getAttribute('#tamper-result', 'data-errors')).toBe('INVALID_PROOF');

    mkdirSync(REPORTS, { recursive: true });
    await page.screenshot({ path: join(REPORTS, 'web.png'), fullPage: true });

    // A second request with the artifacts and the curve already loaded: the warm proving time.
    const second = await requestAndPresent(page);
    expect(second.error).toBeUndefined();
    expect(second.artifactsMs).toBe(0);
    await page.click('#verify');
    await page.waitForSelector('#result:not([data-state="none"])');
    expect(await page.getAttribute('#result', 'data-state')).toBe('verified');

    // A third round through QR codes: the request read from its code, the presentation shown as
    // one; the verifier reads an image file of it (a screenshot of the code), then the code on
    // screen, which is a replay of the same nonce by then.
    const third = await requestAndPresent(page);
    expect(third.error).toBeUndefined();
    expect(await page.isHidden('#request-qr')).toBe(false);
    expect(Number(await page.getAttribute('#presentation-qr', 'data-bytes'))).toBeLessThanOrEqual(400);
    const png = await page.locator('#presentation-qr-image').screenshot();
    await page.setInputFiles('#qr-file', { name: 'presentation.png', mimeType: 'image/png', buffer: png });
    await page.waitForSelector('#qr-result:not([data-state="none"])');
    expect(await page.getAttribute('#qr-result', 'data-state')).toBe('verified');
    expect(await page.textContent('#qr-result-disclosed tr[data-attribute="givenName"] td')).toBe('Ada');
    await page.evaluate(() => document.getElementById('qr-result')!.setAttribute('data-state', 'none'));
    await page.click('#verify-qr');
    await page.waitForSelector('#qr-result:not([data-state="none"])');
    expect(await page.getAttribute('#qr-result', 'data-errors')).toBe('NONCE_REPLAYED');

    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    console.log(
      `[web] Chromium ${session!.browser.version()}, ${cores} cores, circuit ${first.circuit}: first proof ${Math.round(first.proveMs!)} ms`
      + ` (witness + Groth16, incl. building the curve and its workers) after ${Math.round(first.artifactsMs!)} ms fetching + sha256-checking artifacts;`
      + ` warm proof ${Math.round(second.proveMs!)} ms; verify ${Math.round(second.verifyMs!)} ms`,
    );
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 150_000);

  test('verifier service mode: request from the service, present from the wallet panel, verified at the service; a replay shows its NONCE_REPLAYED', async () => {
    const origin = new URL(session!.url).origin;
    const demo = await startServiceDemo({ pageOrigins: [origin] });
    try {
      // The demo issuer refuses a bare field element (it could be the holder's secret), and answers
      // other origins without CORS headers (their pages cannot read its answers).
      const bare = await fetch(`${demo.issuerUrl}/credentials`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://elsewhere.example' }, body: JSON.stringify({ holder: '12345' }),
      });
      expect(bare.status).toBe(400);
      expect(bare.headers.get('access-control-allow-origin')).toBeNull();
      expect(await bare.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'holder' });
      // An issuance answers only once the service holds the new root: no proof against a root it has not seen.
      const issued = await fetch(`${demo.issuerUrl}/credentials`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ holder: generateHolderKeys().commitment.toString() }),
      });
      expect(issued.status).toBe(201);
      const { registry } = (await issued.json()) as { registry: { rootStatement: { sequence: number } } };
      const health = (await (await fetch(`${demo.serviceUrl}/health`)).json()) as { issuers: { did: string; sequence: number }[] };
      expect(health.issuers).toEqual([expect.objectContaining({ did: demo.issuerDid, sequence: registry.rootStatement.sequence })]);
      expect(registry.rootStatement.sequence).toBeGreaterThan(0);

      const page = await openDemoPage(session!, (message) => pageErrors.push(message), demo.query);
      const connected = await demoState(page);
      expect(connected.serviceError).toBeUndefined();
      expect(connected.service).toBe(demo.serviceUrl);
      expect(await page.textContent('#credential-meta')).toContain(demo.issuerDid.slice(0, 24));
      expect(await page.isDisabled('#request-multi')).toBe(true);

      const presented = await requestAndPresent(page);
      expect(presented.error).toBeUndefined();
      expect(presented.circuit).toBe('presentation-16-4-32-4ary-6');
      expect(await page.isDisabled('#tamper')).toBe(true);
      await page.click('#verify');
      await page.waitForSelector('#result:not([data-state="none"])');
      expect(await page.getAttribute('#result', 'data-state')).toBe('verified');
      expect(await page.textContent('#result')).toContain(`Verified by the service at ${new URL(demo.serviceUrl).host}`);
      expect(await page.textContent('#result-disclosed tr[data-attribute="givenName"] td')).toBe('Ada');
      const metrics = await (await fetch(`${demo.serviceUrl}/metrics`)).text();
      expect(metrics).toMatch(/zkd_verifications_total\{result="verified",code=""\} 1\n/);

      await page.evaluate(() => document.getElementById('result')!.setAttribute('data-state', 'none'));
      await page.click('#verify');
      await page.waitForSelector('#result:not([data-state="none"])');
      expect(await page.getAttribute('#result', 'data-state')).toBe('rejected');
      expect(await page.getAttribute('#result', 'data-errors')).toBe('NONCE_REPLAYED');

      // A policy the service does not have: its problem+json code and detail are shown, no request.
      await page.fill('#service-policy', 'no-such-policy');
      await page.click('#service-connect');
      await page.waitForFunction(() => /no-such-policy/.test(document.getElementById('verifier-mode')!.textContent ?? ''));
      await page.click('#request');
      await page.waitForSelector('#request-summary .error');
      expect(await page.textContent('#request-summary')).toMatch(/The verifier service gave no request: NOT_FOUND: "policy" names no policy of this verifier \(known: eu-adult\)/);
      expect(await page.isDisabled('#present')).toBe(true);
      // Chromium logs the service's 400 answer to the console: the one error expected.
      expect(pageErrors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
      pageErrors.length = 0;
      await page.close();
    } finally {
      await demo.close();
    }
  }, 150_000);

  test('a two-credential request: the summary beside it, both credentials proved, verified as one holder\'s', async () => {
    const page = await openPage();
    const state = await requestAndPresent(page, '#request-multi');
    expect(state.error).toBeUndefined();
    expect(state.circuit).toBe('presentation-16-1-1-20 + presentation-16-1-1-20');
    const summary = await page.textContent('#leakage-lines');
    expect(summary).toMatch(/credential 1 \(https:\/\/zkdisclose.dev\/schemas\/person\/v1\)[\s\S]*birthDate on or before/);
    expect(summary).toMatch(/credential 2 \(https:\/\/zkdisclose.dev\/schemas\/driving-licence\/v1\)[\s\S]*classB = true/);
    expect(summary).toMatch(/bound to one holder by a tag fresh to this request/);
    await page.click('#verify');
    await page.waitForSelector('#result:not([data-state="none"])');
    expect(await page.getAttribute('#result', 'data-state')).toBe('verified');
    expect(await page.textContent('#result')).toMatch(/both held by one holder/);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 150_000);

  test.each(['bbs-2023', 'bbs+2020'])('BBS %s works in the page: sign, derive, verify; a tampered value fails', async (suite) => {
    const page = await openPage();
    const result = await page.evaluate(
      (s) => (window as unknown as { zkdBbsRoundTrip(suite: string): Promise<{ verified: boolean; tamperedVerified: boolean; proofBytes: number }> }).zkdBbsRoundTrip(s),
      suite,
    );
    expect(result).toMatchObject({ verified: true, tamperedVerified: false });
    expect(result.proofBytes).toBeGreaterThan(200);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);

  test('a corrupted artifact is refused by the in-page sha256 check before use', async () => {
    const page = await openPage();
    await page.route('**/artifacts/presentation-16-4-32-20/circuit.wasm', async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      body[body.length - 1] = body[body.length - 1]! ^ 1;
      await route.fulfill({ response, body });
    });
    const state = await requestAndPresent(page);
    expect(state.error).toMatch(/circuit\.wasm does not match the sha256 in manifest\.json/);
    expect(await page.textContent('#timing')).toMatch(/refusing to use it/);
    expect(await page.isDisabled('#verify')).toBe(true);
    await page.close();
  }, 60_000);
});

test('the demo page and its Vite config exist', () => {
  for (const file of ['index.html', 'main.ts', 'vite.config.ts']) expect(statSync(join(ROOT, 'examples', 'web', file)).isFile()).toBe(true);
});
