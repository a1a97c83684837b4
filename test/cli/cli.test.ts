/**
 * The CLI as a user runs it: `node bin/zkdisclose.js ...` in a subprocess (the built bundle).
 * The full flow, every exit code (0 success, 1 refused or not verified, 2 usage or input
 * error) and the bad-input cases: missing files, malformed JSON, a credential from another
 * issuer, an unknown schema or attribute, an unsatisfiable predicate, a replayed nonce and
 * wrong dates, each a one-line message. Also consent flags (--allow-bearer, --allow-linkable),
 * signed requests with an audience, key-file modes, and that no secret leaks.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'zkdisclose.js');
const dir = mkdtempSync(join(tmpdir(), 'zkd-cli-'));
const p = (name: string): string => join(dir, name);

interface Run { code: number; stdout: string; stderr: string }
/** Everything any command printed, checked at the end for secrets. */
const printed: string[] = [];
function run(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  printed.push(r.stdout, r.stderr);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
function expectOneLineError(r: Run, code: number, pattern: RegExp): void {
  expect(r.code).toBe(code);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const ATTRS = { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' };
let did = '';
let credentialId = '';

beforeAll(() => {
  did = run('issuer', 'init', p('issuer')).stdout.trim();
  run('holder', 'init', p('holder'));
  writeFileSync(p('attrs.json'), JSON.stringify(ATTRS));
  const issued = run('issue', '--issuer', p('issuer'), '--holder', p('holder'), '--schema', 'person', '--attributes', p('attrs.json'), '--valid-until', '2031-12-31', '--out', p('cred.json'));
  expect(issued.code).toBe(0);
  credentialId = issued.stdout.trim();
  expect(run('accept', '--holder', p('holder'), p('cred.json')).code).toBe(0);
  expect(run('registry', 'export', '--issuer', p('issuer'), '--out', p('registry.json')).code).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zkdisclose CLI', () => {
  test('init prints a did:key and writes key files with mode 0600', () => {
    expect(did).toMatch(/^did:key:z6Mk/);
    expect(statSync(p('issuer/issuer.key.json')).mode & 0o777).toBe(0o600);
    expect(statSync(p('holder/holder.key.json')).mode & 0o777).toBe(0o600);
    const [stored] = readdirSync(p('holder/credentials'));
    expect(statSync(join(p('holder/credentials'), stored!)).mode & 0o777).toBe(0o600);
  });

  test('full flow: request, present, verify (exit 0), then replay is refused (exit 1)', () => {
    expect(run('request', '--schema', 'person', '--trust', did, '--disclose', 'givenName', '--predicate', 'birthDate ageAtLeast 18',
      '--predicate', 'nationality in DE,FR,IT', '--scope', 'shop.example', '--out', p('req.json')).code).toBe(0);
    const present = run('present', '--yes', '--holder', p('holder'), '--request', p('req.json'), '--registry', p('registry.json'), '--out', p('pres.json'));
    expect(present.stderr).toBe('');
    expect(present.code).toBe(0);
    const verify = run('verify', '--request', p('req.json'), '--presentation', p('pres.json'), '--registry', p('registry.json'), '--verifier', p('verifier'));
    expect(verify.code).toBe(0);
    const result = JSON.parse(verify.stdout) as { verified: boolean; disclosed: Record<string, string>; nullifier: string };
    expect(result.verified).toBe(true);
    expect(result.disclosed).toEqual({ givenName: 'Ada' });
    expect(result.nullifier).toMatch(/^[1-9][0-9]+$/);
    // The proof is plain snarkjs JSON: the snarkjs CLI verifies it with the published key.
    const zk = JSON.parse(readFileSync(p('pres.json'), 'utf8')).zk as { circuit: string; proof: unknown; publicSignals: string[] };
    writeFileSync(p('proof.json'), JSON.stringify(zk.proof));
    writeFileSync(p('public.json'), JSON.stringify(zk.publicSignals));
    const snarkjsCli = spawnSync(process.execPath, [join(ROOT, 'node_modules/snarkjs/cli.js'), 'groth16', 'verify',
      join(ROOT, 'artifacts', zk.circuit, 'verification_key.json'), p('public.json'), p('proof.json')], { encoding: 'utf8' });
    expect(snarkjsCli.status).toBe(0);
    expect(snarkjsCli.stdout).toMatch(/OK/);
    const replay = run('verify', '--request', p('req.json'), '--presentation', p('pres.json'), '--registry', p('registry.json'), '--verifier', p('verifier'));
    expect(replay.code).toBe(1);
    expect(JSON.parse(replay.stdout).errors.map((e: { code: string }) => e.code)).toContain('NONCE_REPLAYED');
  });

  test('bearer BBS-only and linkable SNARK + BBS presentations verify (bbs-2023 and bbs+2020)', () => {
    for (const [suite, extra] of [['bbs-2023', ['--bearer']], ['bbs+2020', ['--predicate', 'birthDate ageAtLeast 18']]] as const) {
      const req = p(`req-${suite}.json`);
      const pres = p(`pres-${suite}.json`);
      expect(run('request', '--schema', 'person', '--trust', did, '--bbs', suite, '--bbs-disclose', 'givenName,nationality', ...extra, '--out', req).code).toBe(0);
      const consent = extra[0] === '--bearer' ? '--allow-bearer' : '--allow-linkable';
      const refused = run('present', '--yes', '--holder', p('holder'), '--request', req, '--registry', p('registry.json'), '--out', pres);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^zkdisclose: CONSENT_REQUIRED: /);
      expect(existsSync(pres)).toBe(false);
      const present = run('present', '--yes', '--holder', p('holder'), '--request', req, '--registry', p('registry.json'), consent, '--out', pres);
      expect(present.stdout).toMatch(extra[0] === '--bearer' ? /presented with BBS \(bbs-2023\), bearer/ : /SNARK .* \+ BBS .*linkable/);
      const verify = run('verify', '--request', req, '--presentation', pres, '--registry', p('registry.json'));
      expect(verify.code).toBe(0);
      expect(JSON.parse(verify.stdout).disclosed).toEqual({ givenName: 'Ada', nationality: 'FR' });
    }
  });

  test('a signed request with an audience: present shows who asks; verify checks the audience it serves', () => {
    const verifierDid = run('verifier', 'init', p('shop')).stdout.trim();
    expect(verifierDid).toMatch(/^did:key:z6Mk/);
    expect(statSync(p('shop/verifier.key.json')).mode & 0o777).toBe(0o600);
    expect(run('request', '--schema', 'person', '--trust', did, '--predicate', 'birthDate ageAtLeast 18', '--sign', p('shop'),
      '--audience', 'https://shop.example', '--out', p('req-signed.json')).code).toBe(0);
    expect(JSON.parse(readFileSync(p('req-signed.json'), 'utf8')).verifier.did).toBe(verifierDid);
    const present = run('present', '--yes', '--holder', p('holder'), '--request', p('req-signed.json'), '--registry', p('registry.json'), '--out', p('pres-signed.json'));
    expect(present.code).toBe(0);
    expect(present.stdout).toContain(`request signed by ${verifierDid}, for https://shop.example (not checkable here`);
    const wrongAudience = run('verify', '--request', p('req-signed.json'), '--presentation', p('pres-signed.json'), '--registry', p('registry.json'), '--audience', 'https://evil.example');
    expect(wrongAudience.code).toBe(1);
    expect(JSON.parse(wrongAudience.stdout).errors.map((e: { code: string }) => e.code)).toEqual(['AUDIENCE_MISMATCH']);
    expect(run('verify', '--request', p('req-signed.json'), '--presentation', p('pres-signed.json'), '--registry', p('registry.json'), '--audience', 'https://shop.example').code).toBe(0);
  });

  test('issuer init --capacity 4096 makes a 4-ary depth-6 registry, proved with the depth-6 circuit', () => {
    const smallDid = run('issuer', 'init', p('small'), '--capacity', '4096').stdout.trim();
    expect(run('issue', '--issuer', p('small'), '--holder', p('holder'), '--schema', 'person', '--attributes', p('attrs.json'), '--valid-until', '2031-12-31', '--out', p('cred-small.json')).code).toBe(0);
    expect(run('accept', '--holder', p('holder'), p('cred-small.json')).code).toBe(0);
    expect(run('registry', 'export', '--issuer', p('small'), '--out', p('registry-small.json')).code).toBe(0);
    expect(JSON.parse(readFileSync(p('registry-small.json'), 'utf8')).rootStatement).toMatchObject({ arity: 4, depth: 6 });
    expect(run('request', '--schema', 'person', '--trust', smallDid, '--predicate', 'birthDate ageAtLeast 18', '--out', p('req-small.json')).code).toBe(0);
    expect(run('present', '--yes', '--holder', p('holder'), '--request', p('req-small.json'), '--registry', p('registry-small.json'), '--out', p('pres-small.json')).code).toBe(0);
    expect(JSON.parse(readFileSync(p('pres-small.json'), 'utf8')).zk.circuit).toBe('presentation-16-1-1-4ary-6');
    expect(run('verify', '--request', p('req-small.json'), '--presentation', p('pres-small.json'), '--registry', p('registry-small.json')).code).toBe(0);
    expectOneLineError(run('issuer', 'init', p('odd'), '--capacity', '5000'), 2, /"--capacity" expected one of 4096, 1048576, got "5000"/);
  });

  test('a false predicate: the holder refuses with exit 1 and writes no presentation', () => {
    run('request', '--schema', 'person', '--trust', did, '--predicate', 'nationality in DE,IT', '--out', p('req-false.json'));
    const r = run('present', '--yes', '--holder', p('holder'), '--request', p('req-false.json'), '--registry', p('registry.json'), '--out', p('none.json'));
    expectOneLineError(r, 1, /PREDICATE_FALSE/);
    expect(() => statSync(p('none.json'))).toThrow();
  });

  test('usage and input errors exit 2 with one line', () => {
    expectOneLineError(run('issue', '--issuer', p('issuer')), 2, /required option/);
    expectOneLineError(run('verify', '--request', p('missing.json'), '--presentation', p('pres.json')), 2, /file not found/);
    writeFileSync(p('bad.json'), '{ not json');
    expectOneLineError(run('accept', '--holder', p('holder'), p('bad.json')), 2, /not valid JSON/);
    expectOneLineError(run('issue', '--issuer', p('issuer'), '--holder', p('holder'), '--schema', 'passport', '--attributes', p('attrs.json'), '--out', p('x.json')), 2, /unknown schema "passport"/);
    writeFileSync(p('attrs-unknown.json'), JSON.stringify({ ...ATTRS, shoeSize: 42 }));
    expectOneLineError(run('issue', '--issuer', p('issuer'), '--holder', p('holder'), '--schema', 'person', '--attributes', p('attrs-unknown.json'), '--out', p('x.json')), 2, /attributes.shoeSize/);
    writeFileSync(p('attrs-date.json'), JSON.stringify({ ...ATTRS, birthDate: '2026-02-30' }));
    expectOneLineError(run('issue', '--issuer', p('issuer'), '--holder', p('holder'), '--schema', 'person', '--attributes', p('attrs-date.json'), '--out', p('x.json')), 2, /not a calendar date: 2026-02-30/);
    expectOneLineError(run('request', '--schema', 'person', '--trust', did, '--today', '2026-13-01', '--out', p('x.json')), 2, /--today/);
    expectOneLineError(run('request', '--schema', 'person', '--trust', did, '--predicate', 'height gt 180', '--out', p('x.json')), 2, /no attribute/);
    expectOneLineError(run('verify', '--request', p('req.json'), '--presentation', p('pres.json'), '--now', 'yesterday'), 2, /--now/);
  });

  test('--schema toString, __proto__ or constructor names no built-in schema (exit 2, NOT_FOUND)', () => {
    for (const name of ['toString', '__proto__', 'constructor']) {
      expectOneLineError(run('request', '--schema', name, '--trust', did, '--out', p('x.json')), 2, new RegExp(`NOT_FOUND: "--schema" unknown schema "${name}"`));
    }
  });

  test('holder commitments: printed as "holder-commitment:<decimal>"; issuing to a bare decimal (the secret) is refused', () => {
    const printedCommitment = run('holder', 'init', p('holder2')).stdout.trim();
    expect(printedCommitment).toMatch(/^holder-commitment:[1-9][0-9]*$/);
    const secret = (JSON.parse(readFileSync(p('holder2/holder.key.json'), 'utf8')) as { secret: string }).secret;
    const issue = (holder: string): Run => run('issue', '--issuer', p('issuer'), '--holder', holder, '--schema', 'person', '--attributes', p('attrs.json'), '--out', p('cred2.json'));
    expectOneLineError(issue(secret), 2, /"--holder" is a bare field element, which could be the holder secret/);
    expect(issue(printedCommitment).code).toBe(0);
  });

  test('accepting a credential with the same issuer and id again: exit 2 DUPLICATE_CREDENTIAL; --replace overwrites its one file', () => {
    // Other tests store credentials of other issuers in this holder: the replacement adds no file.
    const stored = (): string[] => readdirSync(p('holder/credentials')).filter((f) => f.endsWith('.json')).sort();
    const before = stored();
    expectOneLineError(run('accept', '--holder', p('holder'), p('cred.json')), 2, /DUPLICATE_CREDENTIAL/);
    expect(run('accept', '--holder', p('holder'), '--replace', p('cred.json')).code).toBe(0);
    expect(stored()).toEqual(before);
  });

  test('a trusted issuer that is not a DID, and a set too large for every circuit: exit 2, naming field and limit', () => {
    expectOneLineError(run('request', '--schema', 'person', '--trust', 'did:key:z6Mk...', '--out', p('x.json')), 2, /"request.trustedIssuers\[0\]" is not an Ed25519 did:key/);
    const forty = Array.from({ length: 40 }, (_, i) => `C${i}`).join(',');
    expectOneLineError(run('request', '--schema', 'person', '--trust', did, '--predicate', `nationality in ${forty}`, '--out', p('x.json')), 2,
      /UNSUPPORTED: "request.predicates\[0\].values" has 40 values; the accepted circuits take sets of at most 32/);
  });

  test('an over-limit presentation file is refused by its size before it is read (exit 2, LIMIT_EXCEEDED)', () => {
    writeFileSync(p('huge.json'), JSON.stringify({ type: 'ZkDisclosurePresentation', version: 1, disclosed: { givenName: 'x'.repeat(1024 * 1024) } }));
    expectOneLineError(run('verify', '--request', p('req.json'), '--presentation', p('huge.json')), 2, /LIMIT_EXCEEDED: .*limit presentation\.text/);
  });

  test('a credential from another issuer is refused on accept (signature) with exit 2', () => {
    const cred = JSON.parse(readFileSync(p('cred.json'), 'utf8')) as { issuer: string };
    run('issuer', 'init', p('other'));
    cred.issuer = readFileSync(p('other/issuer.key.json'), 'utf8').match(/"did": "([^"]+)"/)![1]!;
    writeFileSync(p('foreign.json'), JSON.stringify(cred));
    expectOneLineError(run('accept', '--holder', p('holder'), p('foreign.json')), 2, /INVALID_CREDENTIAL: issuer signature/);
  });

  test('an exposed key file is used with a warning', () => {
    chmodSync(p('issuer/issuer.key.json'), 0o644);
    const r = run('registry', 'export', '--issuer', p('issuer'), '--out', p('registry2.json'));
    chmodSync(p('issuer/issuer.key.json'), 0o600);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/readable by other users/);
  });

  test('after revocation the holder refuses (exit 1, CREDENTIAL_REVOKED)', () => {
    expect(run('revoke', '--issuer', p('issuer'), credentialId).code).toBe(0);
    run('registry', 'export', '--issuer', p('issuer'), '--out', p('registry-after.json'));
    run('request', '--schema', 'person', '--trust', did, '--predicate', 'birthDate ageAtLeast 18', '--out', p('req2.json'));
    const r = run('present', '--yes', '--holder', p('holder'), '--request', p('req2.json'), '--registry', p('registry-after.json'), '--out', p('pres2.json'));
    expectOneLineError(r, 1, /CREDENTIAL_REVOKED/);
  });

  test('no secret appears in stdout, stderr, outputs, exports or presentations', () => {
    const holderKey = JSON.parse(readFileSync(p('holder/holder.key.json'), 'utf8')) as { secret: string };
    const issuerKey = JSON.parse(readFileSync(p('issuer/issuer.key.json'), 'utf8')) as { secretKey: string; bbs: { secretKey: string }[] };
    const verifierKey = JSON.parse(readFileSync(p('shop/verifier.key.json'), 'utf8')) as { secretKey: string };
    const secrets = [holderKey.secret, issuerKey.secretKey, ...issuerKey.bbs.map((k) => k.secretKey), verifierKey.secretKey];
    expect(secrets.every((secret) => secret.length >= 32)).toBe(true);
    const debug = run('--debug', 'present', '--yes', '--holder', p('holder'), '--request', p('req-false.json'), '--registry', p('registry.json'), '--out', p('none.json'));
    expect(debug.stderr).toMatch(/\n\s+at /); // --debug prints the stack, and still no secret
    const files = ['registry.json', 'registry-after.json', 'pres.json', 'req.json', 'pres-bbs-2023.json', 'pres-bbs+2020.json', 'cred.json', 'req-signed.json', 'pres-signed.json'];
    const texts = [...printed, ...files.map((f) => readFileSync(p(f), 'utf8'))];
    for (const secret of secrets) {
      for (const text of texts) expect(text.includes(secret)).toBe(false);
    }
  });

  test('--version and -V print the package version (exit 0)', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = run(flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  test('request without --out writes the request JSON, and only it, to standard output', () => {
    const r = run('request', '--schema', 'person', '--trust', did, '--predicate', 'birthDate ageAtLeast 18');
    expect(r.code).toBe(0);
    const request = JSON.parse(r.stdout) as { type: string; nonce: string; trustedIssuers: string[] };
    expect(request.type).toBe('ZkDisclosureRequest');
    expect(request.nonce).toMatch(/^[0-9a-f]{64}$/);
    expect(request.trustedIssuers).toEqual([did]);
  });

  test('an unknown flag is named as unknown (exit 2), on the program and on every kind of command', () => {
    expectOneLineError(run('--bogus', 'demo'), 2, /unknown option '--bogus'/);
    expectOneLineError(run('holder', 'init', p('never'), '--nope'), 2, /unknown option '--nope'/);
    expectOneLineError(run('registry', 'export', '--issuer', p('issuer'), '--out', p('x.json'), '--zip'), 2, /unknown option '--zip'/);
    // Misspelt next to a missing required option: the misspelling is what is reported.
    const r = run('request', '--schema', 'person', '--trsut', did);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--trsut'/);
    expect(r.stderr).toMatch(/Did you mean --trust\?/);
    expect(existsSync(p('never'))).toBe(false);
  });

  test('artifacts copy writes exactly the four browser files per circuit, byte for byte; an unknown circuit is refused (exit 2)', () => {
    const r = run('artifacts', 'copy', p('web-artifacts'), '--circuit', 'presentation-16-1-1-20', '--circuit', 'presentation-16-1-1-4ary-6');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^copied 8 files \([0-9.]+ MB\) to /);
    expect(readdirSync(p('web-artifacts')).sort()).toEqual(['presentation-16-1-1-20', 'presentation-16-1-1-4ary-6']);
    for (const circuit of ['presentation-16-1-1-20', 'presentation-16-1-1-4ary-6']) {
      const files = readdirSync(join(p('web-artifacts'), circuit)).sort();
      expect(files).toEqual(['circuit.wasm', 'circuit.zkey', 'manifest.json', 'verification_key.json']);
      for (const file of files) expect(readFileSync(join(p('web-artifacts'), circuit, file)).equals(readFileSync(join(ROOT, 'artifacts', circuit, file)))).toBe(true);
    }
    expectOneLineError(run('artifacts', 'copy', p('web-artifacts-2'), '--circuit', 'presentation-99'), 2, /unknown circuit "presentation-99"/);
    expect(existsSync(p('web-artifacts-2'))).toBe(false);
  });

  test('--help works on every command', () => {
    for (const args of [['--help'], ['issue', '--help'], ['verify', '--help'], ['issuer', 'init', '--help'], ['registry', 'export', '--help'], ['artifacts', 'copy', '--help']]) {
      const r = run(...args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: zkdisclose/);
    }
  });
});
