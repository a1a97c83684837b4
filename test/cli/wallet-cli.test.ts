/**
 * The holder directory from the command line (issue 14 item 1), as a user runs it (the built
 * bundle in a subprocess): `holder backup` prints 24 words on stdout and a warning on stderr;
 * `holder restore` reads them from standard input or --words-file, never from the arguments, and
 * gives the same holder commitment; refused words create nothing. An encrypted holder directory
 * (--passphrase-file or $ZKDISCLOSE_PASSPHRASE) needs its passphrase to accept, present or back
 * up, but not for an issuer to read the holder commitment; its credential files hold no
 * plaintext. No secret (words, passphrase, holder secret) appears in any other output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  FIELD_MODULUS, HolderCommitment, PERSON_SCHEMA, RootViews, createRequest, defaultAcceptedKeys, holderSecretFromWords, loadVerificationKey, verifyPresentation,
} from '../../src/index.js';
import { openIssuer } from '../../src/cli/dirs.js';
import { bigIntToBytes32 } from '../../src/internal/field.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'zkdisclose.js');
const dir = mkdtempSync(join(tmpdir(), 'zkd-wallet-cli-'));
const p = (name: string): string => join(dir, name);
const PASSPHRASE = 'tr0ub4dor & 3 horses';

interface Run { code: number; stdout: string; stderr: string }
/** Output of every command except `holder backup`'s stdout (the words), checked for secrets at the end. */
const printed: string[] = [];
function run(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8', timeout: 120_000, input: options.input ?? '', env: { ...process.env, ZKDISCLOSE_PASSPHRASE: '', ...options.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
function logged(r: Run): Run {
  printed.push(r.stdout, r.stderr);
  return r;
}

const ATTRS = { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' };
let words = '';
let commitment = '';

beforeAll(() => {
  writeFileSync(p('attrs.json'), JSON.stringify(ATTRS));
  writeFileSync(p('pass'), `${PASSPHRASE}\n`);
  expect(logged(run(['issuer', 'init', p('issuer'), '--capacity', '4096'])).code).toBe(0);
  commitment = logged(run(['holder', 'init', p('holder')])).stdout.trim();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('holder backup and restore', () => {
  test('backup prints the 24 words on stdout and a warning on stderr', () => {
    const r = run(['holder', 'backup', p('holder')]);
    expect(r.code).toBe(0);
    words = r.stdout.trim();
    expect(words.split(' ')).toHaveLength(24);
    expect(r.stderr).toMatch(/warning: these 24 words are your holder secret/);
    printed.push(r.stderr);
  });

  test('restore from standard input: the same holder commitment', () => {
    const r = logged(run(['holder', 'restore', p('restored')], { input: `${words}\n` }));
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(commitment);
    expect(r.stderr).toMatch(/now accept your credentials again/);
  });

  test('restore from --words-file, encrypted with a passphrase: the same holder commitment', () => {
    writeFileSync(p('words.txt'), words.split(' ').join('\n'));
    const r = logged(run(['holder', 'restore', p('restored-enc'), '--words-file', p('words.txt'), '--passphrase-file', p('pass'), '--scrypt-n', '16384']));
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(commitment);
    expect(readFileSync(p('restored-enc/holder.key.json'), 'utf8')).toMatch(/"N": 16384/);
  });

  test('words are never taken from the arguments; refused words create nothing', () => {
    const asArgs = logged(run(['holder', 'restore', p('from-args'), ...words.split(' ')]));
    expect(asArgs.code).toBe(2);
    expect(asArgs.stderr).toMatch(/too many arguments/);
    writeFileSync(p('bad-words.txt'), entropyToMnemonic(bigIntToBytes32(FIELD_MODULUS), wordlist));
    const notField = logged(run(['holder', 'restore', p('not-field'), '--words-file', p('bad-words.txt')]));
    expect(notField.code).toBe(2);
    expect(notField.stderr).toMatch(/^zkdisclose: INVALID_BACKUP: "words" encode a value at or above the BN254 scalar field modulus/);
    for (const name of ['from-args', 'not-field']) expect(existsSync(p(name))).toBe(false);
  });

  test('--scrypt-n that is not a number is refused and creates nothing', () => {
    const notNumber = logged(run(['holder', 'init', p('bad-n1'), '--passphrase-file', p('pass'), '--scrypt-n', 'lots']));
    expect(notNumber.stderr).toMatch(/^zkdisclose: INVALID_INPUT: "--scrypt-n" expected a power of two from 16384 to 1048576/);
    expect(existsSync(p('bad-n1/holder.key.json'))).toBe(false); // bounds: test/wallet-store/stores.test.ts
  });

  test('restore refuses to overwrite an existing holder directory', () => {
    const r = logged(run(['holder', 'restore', p('holder')], { input: words }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/WALLET_EXISTS/);
  });
});

describe('an encrypted holder directory', () => {
  let credentialFile = '';

  beforeAll(() => {
    expect(logged(run(['holder', 'init', p('enc'), '--passphrase-file', p('pass'), '--scrypt-n', '16384'])).code).toBe(0);
    credentialFile = p('enc-cred.json');
    const issued = logged(run(['issue', '--issuer', p('issuer'), '--holder', p('enc'), '--schema', 'person', '--attributes', p('attrs.json'), '--valid-until', '2031-12-31', '--out', credentialFile]));
    expect(issued.code).toBe(0); // the issuer reads the commitment without the passphrase
  });

  test('accept needs the passphrase: none, a wrong one or an empty passphrase file is refused, and nothing is stored', () => {
    writeFileSync(p('empty-pass'), '\nsecond line\n');
    const empty = logged(run(['accept', '--holder', p('enc'), '--passphrase-file', p('empty-pass'), credentialFile]));
    expect(empty.stderr).toMatch(/INVALID_INPUT: "--passphrase-file" .* holds an empty first line/);
    const none = logged(run(['accept', '--holder', p('enc'), credentialFile]));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/PASSPHRASE_REQUIRED: .* is encrypted: give its passphrase \(--passphrase-file <file> or \$ZKDISCLOSE_PASSPHRASE\)/);
    const wrong = logged(run(['accept', '--holder', p('enc'), credentialFile], { env: { ZKDISCLOSE_PASSPHRASE: 'not it' } }));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/WRONG_PASSPHRASE/);
    expect(readdirSync(p('enc/credentials'))).toEqual([]);
  });

  test('with the passphrase (environment): accepted, stored encrypted; present (file) makes a presentation that verifies', async () => {
    const accepted = logged(run(['accept', '--holder', p('enc'), credentialFile], { env: { ZKDISCLOSE_PASSPHRASE: PASSPHRASE } }));
    expect(accepted.code).toBe(0);
    const [file] = readdirSync(p('enc/credentials'));
    const stored = readFileSync(join(p('enc/credentials'), file!), 'utf8');
    expect(stored).toMatch(/zkdisclose-credential-encrypted/);
    for (const value of [ATTRS.familyName, ATTRS.documentNumber, ATTRS.birthDate]) expect(stored).not.toContain(value);

    // The verifier's side in this process (test/cli/cli.test.ts runs those commands).
    const issuer = openIssuer(p('issuer'), () => {});
    const registry = issuer.exportRegistry();
    issuer.close();
    writeFileSync(p('registry.json'), JSON.stringify(registry));
    const request = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [registry.issuer], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }], acceptedKeys: defaultAcceptedKeys() });
    writeFileSync(p('request.json'), JSON.stringify(request));
    const presented = logged(run(['present', '--holder', p('enc'), '--passphrase-file', p('pass'), '--request', p('request.json'), '--registry', p('registry.json'), '--out', p('presentation.json'), '--yes']));
    expect(presented.code).toBe(0);
    const rootViews = new RootViews();
    rootViews.addExport(registry);
    const verificationKeys = Object.fromEntries(defaultAcceptedKeys().map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
    const result = await verifyPresentation(JSON.parse(readFileSync(p('presentation.json'), 'utf8')), request, { verificationKeys, rootViews });
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
  });

  test('backup with the passphrase gives the words of the same secret', () => {
    const r = run(['holder', 'backup', p('enc'), '--passphrase-file', p('pass')]);
    expect(r.code).toBe(0);
    const stated = (JSON.parse(readFileSync(p('enc/holder.key.json'), 'utf8')) as { commitment: string }).commitment;
    expect(HolderCommitment.fromSecret(holderSecretFromWords(r.stdout)).toString()).toBe(stated);
  });

  test('no secret in any output: words, passphrase, holder secret', () => {
    const secret = (JSON.parse(readFileSync(p('holder/holder.key.json'), 'utf8')) as { secret: string }).secret;
    const all = printed.join('\n');
    expect(all).not.toContain(secret);
    expect(all).not.toContain(PASSPHRASE);
    const list = words.split(' ');
    for (let i = 0; i + 3 <= list.length; i++) expect(all).not.toContain(list.slice(i, i + 3).join(' ')); // no three words in a row
  });
});
