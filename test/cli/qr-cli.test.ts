/**
 * The CLI's compact and QR options (src/cli/qr-options.ts) as a user runs them, in a subprocess
 * (the built bundle): `request --qr --qr-out req.png`, `present --request-qr req.png --qr
 * --qr-out pres.png` (and an SVG), `verify --presentation-qr pres.png` and with the text form; the
 * same for a linkable (SNARK + BBS) request; a corrupt text form is a failed verification (exit
 * 1, a COMPACT_* code), conflicting or bad flags are usage errors (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'zkdisclose.js');
const dir = mkdtempSync(join(tmpdir(), 'zkd-qr-cli-'));
const p = (name: string): string => join(dir, name);

interface Run { code: number; stdout: string; stderr: string }
function run(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let requestRun: Run;
let presentRun: Run;

beforeAll(() => {
  const did = run('issuer', 'init', p('issuer')).stdout.trim();
  run('holder', 'init', p('holder'));
  writeFileSync(p('attrs.json'), JSON.stringify({ givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' }));
  expect(run('issue', '--issuer', p('issuer'), '--holder', p('holder'), '--schema', 'person', '--attributes', p('attrs.json'), '--out', p('cred.json')).code).toBe(0);
  expect(run('accept', '--holder', p('holder'), p('cred.json')).code).toBe(0);
  expect(run('registry', 'export', '--issuer', p('issuer'), '--out', p('registry.json')).code).toBe(0);
  requestRun = run('request', '--schema', 'person', '--trust', did, '--predicate', 'birthDate ageAtLeast 18', '--out', p('req.json'), '--qr', '--qr-out', p('req.png'));
  presentRun = run('present', '--yes', '--holder', p('holder'), '--request-qr', p('req.png'), '--registry', p('registry.json'), '--out', p('pres.json'), '--qr', '--qr-out', p('pres.png'));
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const textForm = (r: Run, prefix: string): string => r.stdout.split('\n').find((line) => line.startsWith(prefix))!;

describe('zkdisclose compact and QR options', () => {
  test('a linkable (SNARK + BBS) request: request QR -> present --qr-out PNG -> verify --presentation-qr', () => {
    const did = JSON.parse(readFileSync(p('cred.json'), 'utf8')).issuer as string;
    const request = run('request', '--schema', 'person', '--trust', did, '--predicate', 'birthDate ageAtLeast 18', '--bbs', 'bbs-2023', '--bbs-disclose', 'givenName',
      '--out', p('req-linkable.json'), '--qr-out', p('req-linkable.png'));
    expect(request.code).toBe(0);
    const present = run('present', '--yes', '--holder', p('holder'), '--request-qr', p('req-linkable.png'), '--registry', p('registry.json'), '--allow-linkable',
      '--out', p('pres-linkable.json'), '--qr-out', p('pres-linkable.png'));
    expect(present.code).toBe(0);
    expect(present.stdout).toMatch(/SNARK .* \+ BBS .*linkable/);
    expect(present.stdout).toMatch(/presentation: \d+ compact bytes/);
    const verify = run('verify', '--request', p('req-linkable.json'), '--presentation-qr', p('pres-linkable.png'), '--registry', p('registry.json'));
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).disclosed).toEqual({ givenName: 'Ada' });
  });

  test('request --qr prints the text form and a terminal QR code, --qr-out writes a PNG', () => {
    expect(requestRun.code).toBe(0);
    expect(textForm(requestRun, 'ZKR:')).toMatch(/^ZKR:[0-9A-Z $%*+\-./:]+$/);
    expect(requestRun.stdout).toMatch(/[█▀▄]/);
    expect(readFileSync(p('req.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  test('present reads the request from its QR image and prints and writes the presentation QR', () => {
    expect(presentRun.code).toBe(0);
    expect(textForm(presentRun, 'ZKP:')).toBeDefined();
    expect(presentRun.stdout).toMatch(/presentation: \d+ compact bytes/);
    expect(existsSync(p('pres.png'))).toBe(true);
  });

  test('verify --presentation-qr reads the PNG and verifies', () => {
    const r = run('verify', '--request', p('req.json'), '--presentation-qr', p('pres.png'), '--registry', p('registry.json'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).verified).toBe(true);
  });

  test('verify --presentation-qr takes the text form too', () => {
    const r = run('verify', '--request', p('req.json'), '--presentation-qr', textForm(presentRun, 'ZKP:'), '--registry', p('registry.json'));
    expect(r.code).toBe(0);
  });

  test('a corrupt text form fails verification with a COMPACT code (exit 1)', () => {
    const text = textForm(presentRun, 'ZKP:');
    const r = run('verify', '--request', p('req.json'), '--presentation-qr', text.slice(0, -6), '--registry', p('registry.json'));
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.verified).toBe(false);
    expect(result.errors[0].code).toMatch(/^COMPACT_/);
  });

  test('--presentation and --presentation-qr together are a usage error (exit 2)', () => {
    const both = run('verify', '--request', p('req.json'), '--presentation', p('pres.json'), '--presentation-qr', p('pres.png'));
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --presentation/);
  });

  test('--qr-out with another extension is a usage error (exit 2)', () => {
    const r = run('request', '--schema', 'person', '--trust', 'did:key:z6MktpSPfbj9SuGpj36mJfN3X7ysXjjscZUe2D6ZazrBwM2t', '--out', p('req2.json'), '--qr-out', p('req.gif'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--qr-out/);
    expect(existsSync(p('req2.json'))).toBe(false);
  });

  test('request --qr-out writes an SVG', () => {
    const r = run('request', '--schema', 'person', '--trust', 'did:key:z6MktpSPfbj9SuGpj36mJfN3X7ysXjjscZUe2D6ZazrBwM2t', '--out', p('req3.json'), '--qr-out', p('req.svg'));
    expect(r.code).toBe(0);
    expect(readFileSync(p('req.svg'), 'utf8')).toMatch(/^<svg/);
  });
});
