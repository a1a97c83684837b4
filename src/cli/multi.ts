/**
 * The CLI's multi-credential request and the holder's look before proving:
 *   - `parsePart` reads one `--part` of `request-multi`: `;`-separated `key=value` fields,
 *     `schema=<name|file>` and `trust=<did>[,<did>...]` required, `disclose=<a,b>` and
 *     `predicate=<attribute> <op> <value>` (repeatable) optional, e.g.
 *     "schema=person; trust=did:key:z6Mk...; predicate=birthDate ageAtLeast 18";
 *   - `policyFromFlags` builds the wallet policy's leakage rules from `present`'s flags;
 *   - `reviewRequest` prints what a request reveals (leakage.ts) and asks the holder before
 *     proving, unless `--yes`: a "y" on stdin (a terminal, or a pipe) proves, anything else or
 *     no answer refuses. What the policy refuses is refused without asking.
 */
import { createInterface } from 'node:readline';
import type { AcceptedKey } from '../request.js';
import { InputError, RefusalError } from '../errors.js';
import type { LeakageRules } from '../leakage-policy.js';
import type { CreateRequestPartOptions } from '../multi-request.js';
import type { ModeConsent } from '../policy.js';
import type { Schema } from '../schema.js';
import type { Wallet } from '../holder.js';
import { parsePredicate } from './predicates.js';

const PART_KEYS = ['schema', 'trust', 'disclose', 'predicate'];

/**
 * Parses one `--part` specification.
 * @throws {InputError} naming `--part` on an unknown or missing key
 */
export function parsePart(spec: string, acceptedKeys: AcceptedKey[], loadSchema: (nameOrFile: string) => Schema, maxRootAgeSeconds: number): CreateRequestPartOptions {
  const field = `--part "${spec.slice(0, 80)}"`;
  const fields = spec.split(';').map((f) => f.trim()).filter((f) => f !== '').map((f) => {
    const at = f.indexOf('=');
    if (at <= 0) throw new InputError(field, `expected key=value fields separated by ";", got "${f.slice(0, 40)}"`);
    const key = f.slice(0, at).trim();
    if (!PART_KEYS.includes(key)) throw new InputError(field, `unknown key "${key.slice(0, 20)}" (keys: ${PART_KEYS.join(', ')})`);
    return { key, value: f.slice(at + 1).trim() };
  });
  const one = (key: string): string | undefined => {
    const found = fields.filter((f) => f.key === key);
    if (found.length > 1) throw new InputError(field, `repeats ${key}`);
    return found[0]?.value;
  };
  const schemaName = one('schema');
  const trust = one('trust');
  if (schemaName === undefined || trust === undefined) throw new InputError(field, 'needs schema=<name|file> and trust=<issuer DID>[,<DID>...]');
  const schema = loadSchema(schemaName);
  const disclose = one('disclose');
  return {
    schema,
    trustedIssuers: trust.split(',').map((d) => d.trim()).filter((d) => d !== ''),
    disclose: disclose === undefined ? [] : disclose.split(',').map((d) => d.trim()).filter((d) => d !== ''),
    predicates: fields.filter((f) => f.key === 'predicate').map((f) => parsePredicate(schema, f.value)),
    acceptedKeys,
    maxRootAgeSeconds,
  };
}

/** The leakage rules of `present`'s --refuse-* flags. */
export function policyFromFlags(o: { refuseNarrowerThan?: string; refuseLinkable?: boolean; refuseDisclosureOf?: string }): LeakageRules {
  const rules: LeakageRules = {};
  if (o.refuseNarrowerThan !== undefined) {
    if (!/^[0-9]{1,12}$/.test(o.refuseNarrowerThan) || Number(o.refuseNarrowerThan) < 1) {
      throw new InputError('--refuse-narrower-than', `expected a whole number N >= 1 (refuse requests narrower than 1 in N), got "${o.refuseNarrowerThan.slice(0, 20)}"`);
    }
    rules.narrowerThan = Number(o.refuseNarrowerThan);
  }
  if (o.refuseLinkable === true) rules.linkable = true;
  if (o.refuseDisclosureOf !== undefined) rules.disclosureOf = o.refuseDisclosureOf.split(',').map((n) => n.trim()).filter((n) => n !== '');
  return rules;
}

/** One line from stdin, or undefined when it ends first. */
function readAnswer(question: string, print: (line: string) => void): Promise<string | undefined> {
  print(question);
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, terminal: false });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      if (!answered) resolve(undefined);
    });
  });
}

/**
 * Prints who asks and what answering reveals, then asks the holder (unless `yes`).
 * @throws {RefusalError} the policy's refusal, or CONSENT_REQUIRED when the holder declines
 */
export async function reviewRequest(wallet: Wallet, request: unknown, options: { allow: ModeConsent; yes: boolean; print: (line: string) => void }): Promise<void> {
  const { print } = options;
  const review = wallet.describeLeakage(request);
  print(review.verifier === undefined ? 'request from an unidentified verifier (unsigned)' : `request signed by ${review.verifier}`
    + (review.audience === undefined ? '' : `, for ${review.audience} (not checkable here: a browser wallet checks it against the page's origin)`));
  print('what answering reveals:');
  for (const line of review.lines) print(`  ${line}`);
  const refusal = review.refusal;
  const consented = refusal?.code === 'CONSENT_REQUIRED' && review.mode !== 'unlinkable' && options.allow[review.mode] === true;
  if (refusal !== undefined && !consented) throw refusal;
  if (options.yes) return;
  const answer = await readAnswer('prove and send? [y/N]', print);
  if (answer === undefined || !/^\s*y(es)?\s*$/i.test(answer)) {
    throw new RefusalError('CONSENT_REQUIRED', `${answer === undefined ? 'no answer (pass --yes to present without asking)' : 'declined'}: no proof made`);
  }
}
