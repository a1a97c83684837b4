/**
 * `zkdisclose registry publish` and `registry serve` as a user runs them (the built bundle in a
 * subprocess): publish writes the layout world-readable and a client fetches the issued
 * credential's bucket from it; serve listens on 127.0.0.1, answers the client, and exits 0 on
 * SIGTERM; bad options are one-line errors with exit code 2.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RegistryClient, checkBucket } from '../../src/index.js';
import { serveDirectory } from '../helpers/registry-http.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'zkdisclose.js');
const dir = mkdtempSync(join(tmpdir(), 'zkd-cli-registry-'));
const p = (name: string): string => join(dir, name);

interface Run { code: number; stdout: string; stderr: string }
function run(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let did = '';

beforeAll(() => {
  did = run('issuer', 'init', p('issuer')).stdout.trim();
  run('holder', 'init', p('holder'));
  writeFileSync(p('attrs.json'), JSON.stringify({ givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-1' }));
  const issued = run('issue', '--issuer', p('issuer'), '--holder', p('holder'), '--schema', 'person', '--attributes', p('attrs.json'), '--valid-until', '2031-12-31', '--out', p('cred.json'));
  expect(issued.code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const leafOfCredential = (): number => (JSON.parse(readFileSync(p('cred.json'), 'utf8')) as { proof: { leafIndex: number } }).proof.leafIndex;

describe('zkdisclose registry publish', () => {
  test('writes the layout world-readable; a client fetches the credential\'s bucket from a static server', async () => {
    const r = run('registry', 'publish', '--issuer', p('issuer'), '--out', p('site'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^published sequence 1 \(size 1, root \d+\): 1 buckets, \d+ bytes written to /);
    for (const file of ['freshness.json', 'roots/1.json', 'history/1.json', 'buckets/1/0.bin']) expect(statSync(join(p('site'), file)).mode & 0o777, file).toBe(0o644);
    const served = await serveDirectory(p('site'));
    try {
      const view = await new RegistryClient({ baseUrl: served.baseUrl, issuer: did }).bucketView(leafOfCredential());
      expect(view.rootStatement.sequence).toBe(1);
      expect(checkBucket(view.bucket, view.rootStatement, 0).path(leafOfCredential()).leaf).not.toBe(0n);
    } finally {
      await served.close();
    }
  });

  test('a bad --keep is a one-line error with exit code 2', () => {
    const r = run('registry', 'publish', '--issuer', p('issuer'), '--out', p('site'), '--keep', '0');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--keep.*1\.\.10000/);
  });
});

describe('zkdisclose registry serve', () => {
  /** Starts the server; resolves with the base URL it prints. */
  function start(child: ChildProcess): Promise<string> {
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const url = /at (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(out);
        if (url !== null) resolve(url[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
  }

  test('serves the registry on 127.0.0.1 until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'registry', 'serve', '--issuer', p('issuer'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const baseUrl = await start(child);
      expect(baseUrl).toMatch(/\/\.well-known\/zkdisclose\/registry\/$/);
      const client = new RegistryClient({ baseUrl, issuer: did });
      const view = await client.bucketView(leafOfCredential());
      expect(view.freshness.sequence).toBe(view.rootStatement.sequence);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test('present and verify against the served registry (--registry-url <did>=<url>): the wallet fetches its bucket, the verifier the roots', async () => {
    const child = spawn(process.execPath, [BIN, 'registry', 'serve', '--issuer', p('issuer'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const baseUrl = await start(child);
      expect(run('accept', '--holder', p('holder'), p('cred.json')).code).toBe(0);
      expect(run('request', '--schema', 'person', '--trust', did, '--predicate', 'birthDate ageAtLeast 18', '--out', p('req.json')).code).toBe(0);
      const present = run('present', '--yes', '--holder', p('holder'), '--request', p('req.json'), '--registry-url', `${did}=${baseUrl}`, '--out', p('pres.json'));
      expect(present.stderr).toBe('');
      expect(present.code).toBe(0);
      const verify = run('verify', '--request', p('req.json'), '--presentation', p('pres.json'), '--registry-url', `${did}=${baseUrl}`);
      expect(verify.code).toBe(0);
      expect((JSON.parse(verify.stdout) as { verified: boolean }).verified).toBe(true);
      const bad = run('verify', '--request', p('req.json'), '--presentation', p('pres.json'), '--registry-url', baseUrl);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--registry-url/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('a port out of range is a one-line error with exit code 2', () => {
    const r = run('registry', 'serve', '--issuer', p('issuer'), '--port', '99999');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--port/);
  });
});
