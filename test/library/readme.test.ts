/**
 * The README's usage example, extracted from README.md and run as written (only the package
 * import is pointed at the source tree), so the documentation cannot drift from the API.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, vi } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

test('the README usage example runs and verifies', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const usage = readme.slice(readme.indexOf('## Usage'));
  const match = /```ts\n([\s\S]*?)```/.exec(usage);
  expect(match).not.toBeNull();
  const source = match![1]!.replace("from 'zkdisclose'", `from ${JSON.stringify(join(ROOT, 'src', 'index.ts'))}`);
  const dir = join(ROOT, 'build', 'test-readme');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'readme-example.ts');
  writeFileSync(file, `${source}\nexport {};\n`);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import(pathToFileURL(file).href);
  expect(log).toHaveBeenCalledWith(true, { givenName: 'Ada' });
  log.mockRestore();
});
