#!/usr/bin/env node
/**
 * The zkdisclose command line: play issuer, holder and verifier from a terminal.
 * Exit codes: 0 success; 1 verification failed or the wallet refused; 2 usage or input error.
 * Errors print one line on stderr (a stack trace only with --debug). Every output file is
 * written to a temporary file and renamed into place.
 */
import { Command, CommanderError } from 'commander';
import { join } from 'node:path';
import { createProver, defaultAcceptedKeys, loadVerificationKey } from '../artifacts.js';
import { releaseCurve } from '../prover.js';
import { openCredential } from '../credential.js';
import { verifyCredentialBbs } from '../bbs-credential.js';
import type { BbsSuite } from '../bbs.js';
import { dateToInt } from '../encoding.js';
import { InputError, RefusalError, ZkdError } from '../errors.js';
import { readJsonFile, toJson, writeFileAtomic } from '../files.js';
import { HolderCommitment } from '../holder-commitment.js';
import { SqliteNonceStore } from '../nonce-store-sqlite.js';
import { type RegistryExport, RegistryClient, RootViews, verifyRootStatement } from '../registry/index.js';
import { createRequest } from '../request.js';
import { BUILTIN_SCHEMAS, type Schema, builtinSchema, defineSchema } from '../schema.js';
import { verifyPresentation } from '../verifier.js';
import { MAX_REQUEST_PARTS } from '../constants.js';
import { createMultiRequest, isMultiRequest } from '../multi-request.js';
import { verifyMultiPresentation } from '../multi-presentation.js';
import { parsePart, policyFromFlags, reviewRequest } from './multi.js';
import { runDemo } from './demo.js';
import { holderBackupWords, holderCommitmentOf, initHolder, initIssuer, initVerifier, loadVerifierKeys, openIssuer, openWallet, shapeForCapacity } from './dirs.js';
import { PASSPHRASE_ENV, readPassphrase, readWords } from './secrets.js';
import { holderSecretFromWords } from '../wallet-store/backup.js';
import { parsePredicate } from './predicates.js';
import { addArtifactsCommands } from './artifacts-commands.js';
import { addNativeCommands } from './native-commands.js';
import { addRegistryMigrateCommand, addRegistryPublicationCommands } from './registry-commands.js';
import { addServeCommand } from './serve-command.js';
import { requestFromService, verifyAtService } from './service-client.js';
import { packageVersion } from './version.js';
import { type QrOutputOptions, addQrOutputOptions, cliReferences, emitQr, readCompactSource, readPresentationSource, wantsQr } from './qr-options.js';
import { encodePresentation } from '../compact/presentation.js';
import { decodeRequest, encodeRequest } from '../compact/request.js';
import { existsSync, mkdirSync } from 'node:fs';

const SCRYPT_N = ['--scrypt-n <N>', 'with a passphrase: the scrypt cost N, a power of two from 16384 to 1048576 (default 131072; stored with the wallet)'] as const;
function scryptCost(n: string | undefined): { kdf?: { N: number } } {
  if (n === undefined) return {};
  if (!/^\d{1,8}$/.test(n)) throw new InputError('--scrypt-n', `expected a power of two from 16384 to 1048576, got "${n.slice(0, 20)}"`);
  return { kdf: { N: Number(n) } };
}
const PASSPHRASE_FILE = ['--passphrase-file <file>', 'the holder directory\'s passphrase, from this file (first line); default: $ZKDISCLOSE_PASSPHRASE, else none'] as const;

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const warn = (line: string): void => void process.stderr.write(`${line}\n`);
const print = (line: string): void => void process.stdout.write(`${line}\n`);

function loadSchema(nameOrFile: string): Schema {
  const builtin = builtinSchema(nameOrFile);
  if (builtin !== undefined) return builtin;
  if (!existsSync(nameOrFile)) throw new InputError('--schema', `unknown schema "${nameOrFile.slice(0, 80)}" (built-in: ${Object.keys(BUILTIN_SCHEMAS).join(', ')}; or a JSON file)`, 'NOT_FOUND');
  return defineSchema(readJsonFile(nameOrFile, '--schema'));
}

function loadRegistries(files: string[]): RegistryExport[] {
  return files.map((file) => {
    const json = readJsonFile(file, '--registry') as RegistryExport;
    if (typeof json !== 'object' || json === null || !verifyRootStatement(json.rootStatement)) {
      throw new InputError('--registry', `${file} is not a registry export with a valid signed root statement`);
    }
    return json;
  });
}

/** `<did>=<url>` of a published registry (registry serve / registry publish) as a checked client. */
function registryClient(value: string, flag: string): RegistryClient {
  const at = value.indexOf('=');
  if (at <= 0) throw new InputError(flag, `expected <issuer DID>=<registry URL>, got "${value.slice(0, 80)}"`);
  return new RegistryClient({ issuer: value.slice(0, at), baseUrl: value.slice(at + 1) });
}

function isoDate(value: string, flag: string): string {
  dateToInt(value, flag);
  return value;
}

function parseNow(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const now = new Date(value);
  if (Number.isNaN(now.getTime())) throw new InputError('--now', `expected an ISO date-time, got "${value.slice(0, 40)}"`);
  return now;
}

/**
 * A request file, single or multi-credential. The multiRequest limits are looser than a single
 * request's in every respect, so they bound the file either way; parsing then applies its kind's own.
 */
function readRequestFile(path: string): unknown {
  return readJsonFile(path, '--request', 'multiRequest');
}

function seconds(value: string, flag: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InputError(flag, `expected a number of seconds, got "${value.slice(0, 20)}"`);
  return Number(value);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildProgram(): Command {
  const program = new Command('zkdisclose')
    .description('Privacy-preserving verifiable credentials: issue, prove predicates in zero knowledge, verify.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--debug', 'print stack traces on errors');

  const issuer = program.command('issuer').description('issuer key and registry management');
  issuer.command('init <dir>').description('create Ed25519 keys (0600) and a SQLite registry; prints the DID')
    .option('--capacity <n>', 'registry capacity: 4096 (4-ary tree of depth 6, the fastest proofs) or 1048576 (4-ary, depth 10); default: a binary tree of depth 20 (1048576)')
    .action(async (dir: string, o: { capacity?: string }) => print(await initIssuer(dir, shapeForCapacity(o.capacity))));

  const holder = program.command('holder').description('holder wallet management');
  holder.command('init <dir>').description('create a holder secret (0600) and a wallet store, encrypted with a passphrase if one is given; prints the holder commitment')
    .option(...PASSPHRASE_FILE)
    .option(...SCRYPT_N)
    .action(async (dir: string, o: { passphraseFile?: string; scryptN?: string }) => print((await initHolder(dir, { ...readPassphrase(o.passphraseFile), ...scryptCost(o.scryptN) })).toString()));
  holder.command('backup <dir>').description('print the 24 backup words of the holder secret (keep them offline: they ARE the secret)')
    .option(...PASSPHRASE_FILE)
    .action(async (dir: string, o: { passphraseFile?: string }) => {
      const words = await holderBackupWords(dir, warn, readPassphrase(o.passphraseFile).passphrase);
      warn('warning: these 24 words are your holder secret: anyone who reads them can present your credentials. Write them down offline; never type them into a web page or a chat.');
      print(words);
    });
  holder.command('restore <dir>').description('create a holder directory from the 24 backup words, read from standard input or --words-file (never from the command line, which other users can see); then accept your credentials again')
    .option('--words-file <file>', 'read the words from this file instead of standard input')
    .option(...PASSPHRASE_FILE)
    .option(...SCRYPT_N)
    .action(async (dir: string, o: { wordsFile?: string; passphraseFile?: string; scryptN?: string }) => {
      const holderSecret = holderSecretFromWords(readWords(o.wordsFile, warn));
      print((await initHolder(dir, { holderSecret, ...readPassphrase(o.passphraseFile), ...scryptCost(o.scryptN) })).toString());
      warn(`restored; now accept your credentials again (zkdisclose accept --holder ${dir} <credential.json>)`);
    });

  const verifier = program.command('verifier').description('verifier identity');
  verifier.command('init <dir>').description('create an Ed25519 key (0600) that signs requests; prints the verifier DID')
    .action((dir: string) => print(initVerifier(dir)));

  program.command('issue').description('issue a credential and register its commitment')
    .requiredOption('--issuer <dir>', 'issuer directory')
    .requiredOption('--holder <holderDir|commitment>', 'holder directory, or the holder commitment "holder-commitment:<decimal>" (never the secret)')
    .requiredOption('--schema <name|file>', `built-in schema name (${Object.keys(BUILTIN_SCHEMAS).join(', ')}) or a schema JSON file`)
    .requiredOption('--attributes <file>', 'JSON file of attribute values')
    .option('--valid-until <YYYY-MM-DD>', 'last valid day (default: five years from today)')
    .requiredOption('--out <file>', 'where to write the credential')
    .action(async (o: { issuer: string; holder: string; schema: string; attributes: string; validUntil?: string; out: string }) => {
      const schema = loadSchema(o.schema);
      const attributes = readJsonFile(o.attributes, '--attributes') as Record<string, unknown>;
      const holderCommitment = existsSync(o.holder) ? await holderCommitmentOf(o.holder, warn) : HolderCommitment.from(o.holder, '--holder');
      const validUntil = o.validUntil !== undefined ? isoDate(o.validUntil, '--valid-until')
        : `${new Date().getUTCFullYear() + 5}${new Date().toISOString().slice(4, 10)}`.replace('-02-29', '-02-28');
      const iss = openIssuer(o.issuer, warn);
      try {
        let credential = iss.issue({ schema, attributes, holder: holderCommitment, validUntil });
        if (iss.bbsKeyStatement() !== undefined) credential = await iss.addBbsSignatures(credential, schema);
        writeFileAtomic(o.out, toJson(credential), 0o600);
        print(credential.id);
      } finally {
        iss.close();
      }
    });

  program.command('accept <credential>').description('check a credential (issuer signature, commitment, holder) and store it')
    .requiredOption('--holder <dir>', 'holder directory')
    .option('--replace', 'replace a stored credential with the same issuer and id')
    .option(...PASSPHRASE_FILE)
    .action(async (file: string, o: { holder: string; replace?: boolean; passphraseFile?: string }) => {
      const wallet = await openWallet(o.holder, createProver(), warn, readPassphrase(o.passphraseFile));
      try {
        const credential = readJsonFile(file, 'credential', 'credential');
        const opened = openCredential(credential);
        await verifyCredentialBbs(opened.schema, opened.credential, opened.validUntil);
        const id = wallet.accept(credential, { replace: o.replace === true });
        print(`accepted ${id} from ${opened.credential.issuer}`);
      } finally {
        await wallet.close();
      }
    });

  program.command('revoke <credentialId>').description('revoke a credential (its registry leaf becomes 0)')
    .requiredOption('--issuer <dir>', 'issuer directory')
    .action((id: string, o: { issuer: string }) => {
      const iss = openIssuer(o.issuer, warn);
      try {
        iss.revoke(id);
        print(`revoked ${id}; new root ${iss.registry.root}`);
      } finally {
        iss.close();
      }
    });

  const registry = program.command('registry').description('the public registry');
  addRegistryPublicationCommands(registry, print, warn);
  addRegistryMigrateCommand(registry, print, warn);
  addNativeCommands(program, print);
  addServeCommand(program, print, warn);
  registry.command('export').description('write the public leaves, the root statement, recent history and a freshness statement (small registries)')
    .requiredOption('--issuer <dir>', 'issuer directory')
    .requiredOption('--out <file>', 'output file')
    .action((o: { issuer: string; out: string }) => {
      const iss = openIssuer(o.issuer, warn);
      try {
        const exported = iss.exportRegistry();
        writeFileAtomic(o.out, toJson(exported));
        print(`root ${exported.rootStatement.root} (size ${exported.rootStatement.size}, sequence ${exported.rootStatement.sequence})`);
      } finally {
        iss.close();
      }
    });

  const requestCommand = program.command('request').description('make a presentation request (fresh nonce)')
    .requiredOption('--schema <name|file>', 'schema')
    .requiredOption('--trust <did>', 'trusted issuer DID (repeatable)', collect, [])
    .option('--disclose <names>', 'comma-separated attributes to disclose')
    .option('--predicate <text>', 'e.g. "birthDate ageAtLeast 18", "nationality in DE,FR" (repeatable)', collect, [])
    .option('--scope <text>', 'scope for a per-verifier pseudonym (nullifier)')
    .option('--bbs <suite>', 'also (or only) disclose through BBS: bbs-2023 or bbs+2020')
    .option('--bbs-disclose <names>', 'comma-separated attributes to disclose through BBS')
    .option('--bearer', 'BBS alone, with no SNARK: NOT bound to the holder (anyone with a copy of the credential can answer)')
    .option('--today <YYYY-MM-DD>', 'the day the request is judged on (default: today, UTC)')
    .option('--max-root-age <seconds>', 'revocation window: roots superseded longer ago, or without a freshness statement this recent, are refused (0: only the latest root)', '3600')
    .option('--valid-for <seconds>', 'request lifetime', '600')
    .option('--sign <verifierDir>', "sign the request with the verifier's key (verifier init): the wallet shows and checks who asks")
    .option('--audience <origin>', 'where the request is to be answered, e.g. https://shop.example (bound into the nonce)')
    .option('--out <file>', 'output file (default: the request JSON on standard output)');
  addQrOutputOptions(requestCommand, 'request')
    .action(async (o: { schema: string; trust: string[]; disclose?: string; predicate: string[]; scope?: string; bbs?: string; bbsDisclose?: string; bearer?: boolean; today?: string; maxRootAge: string; validFor: string; sign?: string; audience?: string; out?: string } & QrOutputOptions) => {
      const qr = wantsQr(o);
      if (o.qr === true && o.out === undefined) throw new InputError('--out', 'is required with --qr: the QR code goes to the terminal, the request JSON to the file');
      const schema = loadSchema(o.schema);
      if (o.bearer === true && o.bbs === undefined) throw new InputError('--bearer', 'needs --bbs <suite>');
      const request = createRequest({
        schema,
        trustedIssuers: o.trust,
        disclose: o.disclose === undefined ? [] : o.disclose.split(',').filter((s) => s !== ''),
        predicates: o.predicate.map((p) => parsePredicate(schema, p)),
        ...(o.scope !== undefined && { scope: o.scope }),
        ...(o.bbs !== undefined && {
          bbs: { suite: o.bbs as BbsSuite, disclose: (o.bbsDisclose ?? '').split(',').filter((s) => s !== ''), ...(o.bearer === true && { mode: 'bearer' as const }) },
        }),
        ...(o.today !== undefined && { today: isoDate(o.today, '--today') }),
        maxRootAgeSeconds: seconds(o.maxRootAge, '--max-root-age'),
        validForSeconds: seconds(o.validFor, '--valid-for'),
        acceptedKeys: defaultAcceptedKeys(),
        ...(o.sign !== undefined && { verifier: loadVerifierKeys(o.sign, warn) }),
        ...(o.audience !== undefined && { audience: o.audience }),
      });
      if (o.out === undefined) process.stdout.write(toJson(request));
      else {
        writeFileAtomic(o.out, toJson(request));
        print(request.nonce);
      }
      // With the request JSON on standard output, what the QR step reports goes to standard error.
      if (qr) await emitQr('request', encodeRequest(request, cliReferences()), o, o.out === undefined ? warn : print);
    });

  program.command('request-multi').description('make a request about several credentials of one holder (fresh nonce)')
    .requiredOption('--part <spec>', `one credential (repeatable, up to ${MAX_REQUEST_PARTS}): "schema=<name|file>; trust=<DID>[,<DID>]; disclose=<a,b>; predicate=<attribute> <op> <value>" (predicate repeatable)`, collect, [])
    .option('--scope <text>', 'scope for a per-verifier pseudonym (without one, the parts share a tag fresh to this request)')
    .option('--today <YYYY-MM-DD>', 'the day the request is judged on (default: today, UTC)')
    .option('--max-root-age <seconds>', 'revocation window of every part (see request)', '3600')
    .option('--valid-for <seconds>', 'request lifetime', '600')
    .option('--sign <verifierDir>', "sign the request with the verifier's key (verifier init)")
    .option('--audience <origin>', 'where the request is to be answered (bound into the nonce)')
    .requiredOption('--out <file>', 'output file')
    .action((o: { part: string[]; scope?: string; today?: string; maxRootAge: string; validFor: string; sign?: string; audience?: string; out: string }) => {
      const acceptedKeys = defaultAcceptedKeys();
      const request = createMultiRequest({
        parts: o.part.map((spec) => parsePart(spec, acceptedKeys, loadSchema, seconds(o.maxRootAge, '--max-root-age'))),
        ...(o.scope !== undefined && { scope: o.scope }),
        ...(o.today !== undefined && { today: isoDate(o.today, '--today') }),
        validForSeconds: seconds(o.validFor, '--valid-for'),
        ...(o.sign !== undefined && { verifier: loadVerifierKeys(o.sign, warn) }),
        ...(o.audience !== undefined && { audience: o.audience }),
      });
      writeFileAtomic(o.out, toJson(request));
      print(request.nonce);
    });

  const presentCommand = program.command('present').description('answer a request with a zero-knowledge presentation (to a file, or to a verifier service with --to)')
    .requiredOption('--holder <dir>', 'holder directory')
    .option('--request <file>', 'request JSON (or --to with --policy: ask the service for one)')
    .option('--request-qr <png|text>', 'the request as a QR code image (PNG), or its compact text form (a file or the text itself)')
    .option('--registry <file>', 'registry export of an issuer, for small registries (repeatable)', collect, [])
    .option('--registry-url <did=url>', "an issuer's published registry: the wallet fetches only its credential's bucket (repeatable)", collect, [])
    .option('--out <file>', 'output file (required without --to)')
    .option('--to <url>', 'a verifier service (zkdisclose serve): send the presentation there and print its verification result; exit 0 only when verified')
    .option('--policy <name>', 'with --to and no --request: ask the service for a request from this named policy')
    .option('--allow-linkable', 'consent to a linkable presentation (reveals the credential commitment, a stable identifier the issuer recorded)')
    .option('--allow-bearer', 'consent to a bearer presentation (BBS alone: proves no holder secret, reveals the exact expiry date)')
    .option('--yes', 'prove without asking (the summary of what the request reveals is printed either way)')
    .option('--refuse-narrower-than <N>', 'refuse a request that fewer than 1 in N holders would answer the same way')
    .option('--refuse-linkable', 'refuse linkable requests, whatever --allow-linkable says')
    .option('--refuse-disclosure-of <names>', 'comma-separated attributes never to reveal, in clear or by predicates')
    .option(...PASSPHRASE_FILE);
  addQrOutputOptions(presentCommand, 'presentation')
    .action(async (o: {
      holder: string; request?: string; requestQr?: string; registry: string[]; registryUrl: string[]; out?: string; to?: string; policy?: string; allowLinkable?: boolean; allowBearer?: boolean;
      yes?: boolean; refuseNarrowerThan?: string; refuseLinkable?: boolean; refuseDisclosureOf?: string; passphraseFile?: string;
    } & QrOutputOptions) => {
      const qr = wantsQr(o);
      if (o.to === undefined && o.out === undefined) throw new InputError('--out', 'is required (or --to <service URL> to send the presentation to a verifier service)');
      if (o.request !== undefined && o.requestQr !== undefined) throw new InputError('--request', 'give the request as one of --request <file> or --request-qr <png|text>, not both');
      if (o.request === undefined && o.requestQr === undefined && (o.to === undefined || o.policy === undefined)) throw new InputError('--request', 'is required (or --request-qr <png|text>, or --to <service URL> with --policy <name>)');
      if ((o.request !== undefined || o.requestQr !== undefined) && o.policy !== undefined) throw new InputError('--policy', 'asks the service for a request: give it or --request, not both');
      const prover = createProver();
      try {
        const wallet = await openWallet(o.holder, prover, warn, { policy: { refuse: policyFromFlags(o) }, ...readPassphrase(o.passphraseFile) });
        const request = o.request !== undefined ? readRequestFile(o.request)
          : o.requestQr !== undefined ? decodeRequest(readCompactSource(o.requestQr, 'request', '--request-qr'), cliReferences())
          : await requestFromService(o.to!, o.policy!);
        if (isMultiRequest(request) && o.to !== undefined) throw new InputError('--to', 'the verifier service takes single-credential presentations: write a multi-credential one with --out');
        if (isMultiRequest(request) && qr) throw new InputError('--qr', 'multi-credential presentations have no compact form');
        const allow = { linkable: o.allowLinkable === true, bearer: o.allowBearer === true };
        await reviewRequest(wallet, request, { allow, yes: o.yes === true, print });
        const started = performance.now();
        const exports = loadRegistries(o.registry);
        const registries = [...exports, ...o.registryUrl.map((v) => registryClient(v, '--registry-url'))];
        if (isMultiRequest(request)) {
          const presentation = await wallet.createMultiPresentation({ request, registries, allow });
          writeFileAtomic(o.out!, toJson(presentation));
          print(`presented ${presentation.parts.length} credentials (${presentation.parts.map((p) => p.zk?.circuit).join(', ')}) in ${(performance.now() - started).toFixed(0)} ms`);
          return;
        }
        const presentation = await wallet.createPresentation({ request, registries, allow });
        if (o.out !== undefined) writeFileAtomic(o.out, toJson(presentation));
        if (qr) {
          await emitQr('presentation', encodePresentation(presentation, { request, rootStatements: exports.map((e) => e.rootStatement) }), o, print);
        }
        const parts = [presentation.zk && `SNARK (${presentation.zk.circuit})`, presentation.bbs && `BBS (${presentation.bbs.suite})`].filter(Boolean);
        print(`presented with ${parts.join(' + ')}${presentation.linkable ? ', linkable' : ''}${presentation.bearer ? ', bearer' : ''} in ${(performance.now() - started).toFixed(0)} ms`);
        if (o.to !== undefined) {
          const result = await verifyAtService(o.to, presentation);
          print(toJson(result).trimEnd());
          if (!result.verified) process.exitCode = EXIT_FAILED;
        }
      } finally {
        await prover.close();
      }
    });

  program.command('verify').description('verify a presentation; prints the result as JSON; exit 0 only when verified')
    .requiredOption('--request <file>', 'the request you made')
    .option('--presentation <file>', 'the presentation received (JSON)')
    .option('--presentation-qr <png|text>', 'the presentation received as a QR code image (PNG), or its compact text form (a file or the text itself)')
    .option('--registry <file>', "issuer registry export: the verifier's view of that issuer's roots (repeatable)", collect, [])
    .option('--registry-url <did=url>', "an issuer's published registry: the verifier fetches its roots (repeatable)", collect, [])
    .option('--verifier <dir>', 'verifier directory: keeps spent nonces (SQLite) so a replay is refused')
    .option('--now <ISO time>', 'verify as of this time')
    .option('--audience <origin>', 'the audience this verifier serves: a request naming another (or none) fails')
    .action(async (o: { request: string; presentation?: string; presentationQr?: string; registry: string[]; registryUrl: string[]; verifier?: string; now?: string; audience?: string }) => {
      if ((o.presentation === undefined) === (o.presentationQr === undefined)) {
        throw new InputError('--presentation', 'give the presentation as exactly one of --presentation <file> or --presentation-qr <png|text>');
      }
      const request = readRequestFile(o.request);
      const multi = isMultiRequest(request);
      if (multi && o.presentationQr !== undefined) throw new InputError('--presentation-qr', 'multi-credential presentations have no compact form');
      const rootViews = new RootViews();
      for (const exported of loadRegistries(o.registry)) rootViews.addExport(exported);
      for (const value of o.registryUrl) {
        const client = registryClient(value, '--registry-url');
        await client.updateRootView(rootViews.of(client.issuer));
      }
      let presentation: unknown;
      if (o.presentation !== undefined) presentation = readJsonFile(o.presentation, '--presentation', multi ? 'multiPresentation' : 'presentation');
      else {
        const read = readPresentationSource(o.presentationQr!, request, rootViews);
        if ('failed' in read) {
          print(toJson(read.failed).trimEnd());
          process.exitCode = EXIT_FAILED;
          return;
        }
        presentation = read.presentation;
      }
      const verificationKeys = Object.fromEntries(defaultAcceptedKeys().map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
      let nonceStore: SqliteNonceStore | undefined;
      if (o.verifier !== undefined) {
        mkdirSync(o.verifier, { recursive: true, mode: 0o700 });
        nonceStore = new SqliteNonceStore(join(o.verifier, 'nonces.sqlite'));
      }
      try {
        const now = parseNow(o.now);
        const options = { verificationKeys, rootViews, ...(nonceStore && { nonceStore }), ...(now && { now }), ...(o.audience !== undefined && { audience: o.audience }) };
        const result = multi ? await verifyMultiPresentation(presentation, request, options) : await verifyPresentation(presentation, request, options);
        print(toJson(result).trimEnd()); // integers (bigint) as decimal strings
        if (!result.verified) process.exitCode = EXIT_FAILED;
      } finally {
        nonceStore?.close();
        await releaseCurve();
      }
    });

  addArtifactsCommands(program, print);

  program.command('demo').description('the whole flow in a temporary directory, narrated')
    .action(async () => {
      if (!(await runDemo())) process.exitCode = EXIT_FAILED;
    });

  for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    command.exitOverride();
    command.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  }
  return program;
}

async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : EXIT_USAGE;
    }
    const message = err instanceof Error ? err.message : String(err);
    const hint = err instanceof ZkdError && err.code === 'PASSPHRASE_REQUIRED' ? ` (--passphrase-file <file> or $${PASSPHRASE_ENV})` : '';
    process.stderr.write(`zkdisclose: ${err instanceof ZkdError ? `${err.code}: ` : ''}${message.split('\n')[0]}${hint}\n`);
    if (debug && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
    return err instanceof RefusalError ? EXIT_FAILED : EXIT_USAGE;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
