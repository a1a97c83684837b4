/**
 * `zkdisclose present --to URL`: the CLI wallet asks a verifier service for a request from a
 * named policy, proves, posts the presentation and prints the service's result (exit 0 only
 * when verified); a service refusal is a one-line error (exit 2); and without --to, --out stays
 * required. The service runs in this process; the CLI (built bundle) in a child process.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StartedService } from '../../src/service/start.js';
import { tempDir } from '../helpers/library.js';
import { startInProcess } from '../helpers/service.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'zkdisclose.js');
const tmp = tempDir('zkd-cli-service-');
const p = (name: string): string => join(tmp.dir, name);
let service: StartedService;

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout: string; stderr: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  const did = (await run('issuer', 'init', p('issuer'), '--capacity', '4096')).stdout.trim();
  await run('holder', 'init', p('holder'));
  writeFileSync(p('attrs.json'), JSON.stringify({ givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-1' }));
  expect((await run('issue', '--issuer', p('issuer'), '--holder', p('holder'), '--schema', 'person', '--attributes', p('attrs.json'), '--out', p('cred.json'))).code).toBe(0);
  expect((await run('accept', p('cred.json'), '--holder', p('holder'))).code).toBe(0);
  mkdirSync(p('verifier'));
  expect((await run('registry', 'export', '--issuer', p('issuer'), '--out', p('verifier/registry.json'))).code).toBe(0);
  writeFileSync(p('verifier/service.json'), JSON.stringify({
    policies: { adult: { schema: 'person', trustedIssuers: [did], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] } },
    issuers: [{ did, export: 'registry.json' }],
  }));
  service = await startInProcess(p('verifier'));
});

afterAll(async () => {
  await service?.close();
  tmp.cleanup();
});

it('presents to a verifier service from a named policy and prints its verification result', async () => {
  const presented = await run('present', '--holder', p('holder'), '--to', service.address, '--policy', 'adult', '--registry', p('verifier/registry.json'), '--yes');
  expect(presented.stderr).toBe('');
  expect(presented.code).toBe(0);
  expect(presented.stdout).toMatch(/"verified": true/);
});

it('reports a service refusal in one line (exit 2), and keeps --out required without --to', async () => {
  const refused = await run('present', '--holder', p('holder'), '--to', service.address, '--policy', 'nope', '--registry', p('verifier/registry.json'), '--yes');
  expect(refused.code).toBe(2);
  expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  expect(refused.stderr).toMatch(/NOT_FOUND: the verifier service answered 400: "policy" names no policy/);
  const noOut = await run('present', '--holder', p('holder'), '--request', p('req.json'));
  expect(noOut.code).toBe(2);
  expect(noOut.stderr).toMatch(/"--out" is required/);
});
