/**
 * The README's TypeScript examples, extracted from README.md and each run as written (only the
 * package import is pointed at the source tree), so the documentation cannot drift from the API.
 * Blocks fenced ```ts browser are browser pages, run in Chromium from the packed package by
 * test/browser/package-vite.test.ts; the command-line script by test/cli/readme-script.test.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, vi } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

async function run(index: number): Promise<unknown[][]> {
  const source = examples[index]!.replace("from 'zkdisclose'", `from ${JSON.stringify(join(ROOT, 'src', 'index.ts'))}`);
  const dir = join(ROOT, 'build', 'test-readme');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `readme-example-${index}.ts`);
  writeFileSync(file, `${source}\nexport {};\n`);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(pathToFileURL(file).href);
    return log.mock.calls;
  } finally {
    log.mockRestore();
  }
}

test('the README has its seven examples', () => {
  expect(examples).toHaveLength(7);
});

test('the usage example runs and verifies', async () => {
  expect(await run(0)).toContainEqual([true, { givenName: 'Ada' }]);
});

test('the BBS example runs and verifies', async () => {
  expect(await run(1)).toContainEqual([true, { givenName: 'Ada', nationality: 'FR' }]);
});

test('the wallet storage example reopens the stored wallet and restores the holder from its words', async () => {
  const printed = await run(2);
  expect(printed).toContainEqual([1]);
  expect(printed).toContainEqual([true]);
});

test('the Verifier example verifies once and refuses the replay', async () => {
  expect(await run(3)).toContainEqual([true, 'NONCE_REPLAYED', undefined]);
});

test('the multi-credential example runs, prints what the request reveals, and verifies', async () => {
  const calls = await run(4);
  expect(String(calls[0]![0])).toMatch(/^credential 1 \(https:\/\/zkdisclose.dev\/schemas\/person\/v1\)/);
  expect(calls).toContainEqual([true, [true, true]]);
});

test('the compact and QR example runs, verifies, and meets the size goals', async () => {
  const calls = await run(5);
  const [verified, bytes, version] = calls.find((c) => typeof c[0] === 'boolean')!;
  expect(verified).toBe(true);
  expect(bytes).toBeLessThanOrEqual(200);
  expect(version).toBeLessThanOrEqual(10);
}, 120_000);

test('the on-chain example refuses the front-run, accepts the holder under 300k gas, refuses the replay', async () => {
  expect(await run(6)).toEqual([['INVALID_PROOF'], [true, true], ['NULLIFIER_SPENT']]);
}, 60_000);
