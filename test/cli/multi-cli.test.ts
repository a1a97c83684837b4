/**
 * Issue 18 on the command line: a two-credential request (identity card and driving licence from
 * two issuers, `request-multi`), the summary of what it reveals printed before proving, the
 * holder's answer read from stdin (no answer refuses, "y" proves, --yes skips the question), the
 * --refuse-* rules, and `verify` of the two-part presentation.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LICENCE_CLASSES } from '../../src/index.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'zkdisclose.js');
const dir = mkdtempSync(join(tmpdir(), 'zkd-multi-cli-'));
const p = (name: string): string => join(dir, name);

interface Run { code: number; stdout: string; stderr: string }
function run(args: string[], input = ''): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, input });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let state = '';
let dmv = '';
beforeAll(() => {
  state = run(['issuer', 'init', p('state'), '--capacity', '4096']).stdout.trim();
  dmv = run(['issuer', 'init', p('dmv'), '--capacity', '4096']).stdout.trim();
  run(['holder', 'init', p('holder')]);
  writeFileSync(p('person.json'), JSON.stringify({ givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' }));
  writeFileSync(p('licence.json'), JSON.stringify({ ...Object.fromEntries(LICENCE_CLASSES.map((c) => [`class${c}`, c === 'B'])), issueDate: '2012-06-01', expiryDate: '2032-05-31' }));
  for (const [issuer, schema, attributes] of [['state', 'person', 'person.json'], ['dmv', 'driving-licence', 'licence.json']] as const) {
    expect(run(['issue', '--issuer', p(issuer), '--holder', p('holder'), '--schema', schema, '--attributes', p(attributes), '--valid-until', '2031-12-31', '--out', p(`${issuer}-cred.json`)]).code).toBe(0);
    expect(run(['accept', '--holder', p('holder'), p(`${issuer}-cred.json`)]).code).toBe(0);
    expect(run(['registry', 'export', '--issuer', p(issuer), '--out', p(`${issuer}-registry.json`)]).code).toBe(0);
  }
  const made = run(['request-multi', '--part', `schema=person; trust=${state}; predicate=birthDate ageAtLeast 18`,
    '--part', `schema=driving-licence; trust=${dmv}; predicate=classB eq true`, '--out', p('req.json')]);
  expect(made.code).toBe(0);
  expect(run(['request-multi', '--part', `schema=person; trust=${state}; disclose=givenName`, '--part', `schema=driving-licence; trust=${dmv}`, '--out', p('req-name.json')]).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const present = (extra: string[], input = '', request = 'req.json'): Run => run(['present', '--holder', p('holder'), '--request', p(request),
  '--registry', p('state-registry.json'), '--registry', p('dmv-registry.json'), '--out', p('pres.json'), ...extra], input);

test('the summary is printed and, without an answer, nothing is proved', () => {
  const r = present([]);
  expect(r.stdout).toMatch(/what answering reveals:\n {2}credential 1 \(https:\/\/zkdisclose.dev\/schemas\/person\/v1\): unlinkable; about 80% of holders\n {4}birthDate on or before/);
  expect(r.stdout).toMatch(/credential 2 \(https:\/\/zkdisclose.dev\/schemas\/driving-licence\/v1\)[^\n]*\n {4}classB = true/);
  expect(r.stdout).toMatch(/bound to one holder by a tag fresh to this request/);
  expect(r.stdout).toMatch(/prove and send\? \[y\/N\]/);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^zkdisclose: CONSENT_REQUIRED: no answer \(pass --yes to present without asking\): no proof made/);
  expect(existsSync(p('pres.json'))).toBe(false);
  expect(present([], 'n\n').stderr).toMatch(/CONSENT_REQUIRED: declined/);
});

test('--refuse-* rules refuse without asking, naming the rule', () => {
  expect(present(['--refuse-narrower-than', '2']).stdout).toMatch(/prove and send/); // about 78% of holders: not narrower
  const narrow = present(['--refuse-narrower-than', '1000'], '', 'req-name.json'); // a given name: about 1 in 10,000
  expect(narrow.code).toBe(1);
  expect(narrow.stdout).not.toMatch(/prove and send/);
  expect(narrow.stderr).toMatch(/^zkdisclose: POLICY_REFUSED: .*rule refuse.narrowerThan/);
  const classB = present(['--refuse-disclosure-of', 'classB']);
  expect(classB.stderr).toMatch(/^zkdisclose: POLICY_REFUSED: the wallet policy refuses to reveal classB \(rule refuse.disclosureOf\)/);
});

test('"y" proves both credentials; verify accepts the two-part presentation once', () => {
  const r = present([], 'y\n');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/presented 2 credentials/);
  const verify = (): Run => run(['verify', '--request', p('req.json'), '--presentation', p('pres.json'), '--registry', p('state-registry.json'), '--registry', p('dmv-registry.json'), '--verifier', p('verifier')]);
  const first = verify();
  expect(first.code).toBe(0);
  expect(JSON.parse(first.stdout)).toMatchObject({ verified: true, parts: [{ issuer: state }, { issuer: dmv }] });
  const replay = verify();
  expect(replay.code).toBe(1);
  expect(JSON.parse(replay.stdout).errors.map((e: { code: string }) => e.code)).toEqual(['NONCE_REPLAYED']);
});

test('a malformed --part is a one-line usage error', () => {
  const r = run(['request-multi', '--part', 'schema=person', '--out', p('bad.json')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^zkdisclose: INVALID_INPUT: "--part "schema=person"" needs schema=<name\|file> and trust=/);
});
