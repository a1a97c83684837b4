/**
 * The README's "### Command line" section is a script that runs as written: its ```sh block is
 * extracted from README.md and run with bash in an empty directory, with `zkdisclose` on the PATH
 * (the built CLI), the shipped sample attributes (examples/cli/alice.json) and a free port: three
 * SNARK presentations and a BBS one verify, and after revocation the wallet refuses.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { freePort } from '../../examples/web/driver.js';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'zkd-readme-sh-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function commandLineScript(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Command line\n'), readme.indexOf('\n### ', readme.indexOf('### Command line\n') + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}

test("the README's command-line script runs as written: four presentations verify, then the revoked credential is refused", async () => {
  const script = commandLineScript();
  expect(script).not.toMatch(/<[a-z][^>]*>/i); // no placeholders left to fill in
  const bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'zkdisclose'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'bin', 'zkdisclose.js'))} "$@"\n`);
  chmodSync(join(bin, 'zkdisclose'), 0o755);
  const dir = join(work, 'run');
  mkdirSync(dir);
  writeFileSync(join(work, 'script.sh'), script);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, PORT: String(await freePort()), ATTRIBUTES: join(ROOT, 'examples', 'cli', 'alice.json') };
  const child = spawn('bash', [join(work, 'script.sh')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
  expect(stdout.match(/"verified": true/g)).toHaveLength(4);
  expect(stdout).not.toMatch(/"verified": false/);
  expect(stdout).toMatch(/refused: exit 1\n$/);
  expect(stderr).toMatch(/CREDENTIAL_REVOKED/);
}, 300_000);
