/**
 * The two statements an issuer signs about its registry (Ed25519 over canonical JSON).
 *
 * - A **root statement** `{ type, issuer, arity, depth, sequence, root, size, changedAt }` is
 *   signed once per change of the tree and stored with it: serving or exporting it twice gives
 *   identical bytes, so it carries no per-download fingerprint.
 * - A **freshness statement** `{ type, issuer, sequence, root, signedAt }` says that the root of
 *   that sequence was still the latest at `signedAt`. The issuer re-signs it periodically; only
 *   verifiers and wallets fetch it; presentations carry neither statement.
 */
import { RegistryError } from '../errors.js';
import { isFieldString, isRecord } from '../internal/field.js';
import { signPayload, verifyPayload } from '../keys.js';
import { checkShape } from './tree.js';

export const ROOT_STATEMENT_TYPE = 'ZkdRegistryRoot';
export const FRESHNESS_STATEMENT_TYPE = 'ZkdRegistryFreshness';

export interface RootStatement {
  type: typeof ROOT_STATEMENT_TYPE;
  issuer: string;
  arity: number;
  depth: number;
  /** 0 for the empty registry, then +1 per issue or revoke. */
  sequence: number;
  /** The tree root, a decimal field element. */
  root: string;
  /** Leaves appended so far (revoked ones included). */
  size: number;
  /** When the change was made (ISO 8601, UTC). */
  changedAt: string;
  signature: string;
}

export interface FreshnessStatement {
  type: typeof FRESHNESS_STATEMENT_TYPE;
  issuer: string;
  sequence: number;
  root: string;
  /** When the issuer last confirmed that `sequence` is its latest (ISO 8601, UTC). */
  signedAt: string;
  signature: string;
}

export type UnsignedRootStatement = Omit<RootStatement, 'signature' | 'type'>;
export type UnsignedFreshnessStatement = Omit<FreshnessStatement, 'signature' | 'type'>;

function rootBody(s: UnsignedRootStatement): Omit<RootStatement, 'signature'> {
  return { type: ROOT_STATEMENT_TYPE, issuer: s.issuer, arity: s.arity, depth: s.depth, sequence: s.sequence, root: s.root, size: s.size, changedAt: s.changedAt };
}

function freshnessBody(s: UnsignedFreshnessStatement): Omit<FreshnessStatement, 'signature'> {
  return { type: FRESHNESS_STATEMENT_TYPE, issuer: s.issuer, sequence: s.sequence, root: s.root, signedAt: s.signedAt };
}

export function signRootStatement(body: UnsignedRootStatement, secretKey: Uint8Array): RootStatement {
  const unsigned = rootBody(body);
  return { ...unsigned, signature: signPayload(unsigned, secretKey) };
}

export function signFreshnessStatement(body: UnsignedFreshnessStatement, secretKey: Uint8Array): FreshnessStatement {
  const unsigned = freshnessBody(body);
  return { ...unsigned, signature: signPayload(unsigned, secretKey) };
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isIsoTime = (x: unknown): x is string => typeof x === 'string' && x.length <= 40 && !Number.isNaN(Date.parse(x)) && new Date(x).toISOString() === x;

/** Why `x` is not a well-formed, correctly signed root statement; undefined when it is. Never throws. */
export function rootStatementProblem(x: unknown): string | undefined {
  if (!isRecord(x)) return 'not an object';
  if (x.type !== ROOT_STATEMENT_TYPE) return `type is not ${ROOT_STATEMENT_TYPE}`;
  if (typeof x.issuer !== 'string' || x.issuer.length > 200) return 'issuer is not a DID';
  if (!isCount(x.arity) || !isCount(x.depth) || checkShape({ arity: x.arity, depth: x.depth }) !== undefined) return 'arity or depth is not a valid tree shape';
  if (!isCount(x.sequence)) return 'sequence is not a non-negative integer';
  if (!isCount(x.size) || x.size > x.arity ** x.depth) return 'size is not a leaf count the tree can hold';
  if (!isFieldString(x.root)) return 'root is not a canonical field element';
  if (!isIsoTime(x.changedAt)) return 'changedAt is not an ISO 8601 UTC time';
  const s = x as unknown as RootStatement;
  if (!verifyPayload(rootBody(s), s.signature, s.issuer)) return "the signature does not verify against the issuer's key";
  return undefined;
}

/** Why `x` is not a well-formed, correctly signed freshness statement; undefined when it is. Never throws. */
export function freshnessStatementProblem(x: unknown): string | undefined {
  if (!isRecord(x)) return 'not an object';
  if (x.type !== FRESHNESS_STATEMENT_TYPE) return `type is not ${FRESHNESS_STATEMENT_TYPE}`;
  if (typeof x.issuer !== 'string' || x.issuer.length > 200) return 'issuer is not a DID';
  if (!isCount(x.sequence)) return 'sequence is not a non-negative integer';
  if (!isFieldString(x.root)) return 'root is not a canonical field element';
  if (!isIsoTime(x.signedAt)) return 'signedAt is not an ISO 8601 UTC time';
  const s = x as unknown as FreshnessStatement;
  if (!verifyPayload(freshnessBody(s), s.signature, s.issuer)) return "the signature does not verify against the issuer's key";
  return undefined;
}

/** Checks a root statement's shape and signature. Never throws. */
export function verifyRootStatement(x: unknown): x is RootStatement {
  return rootStatementProblem(x) === undefined;
}

/** Checks a freshness statement's shape and signature. Never throws. */
export function verifyFreshnessStatement(x: unknown): x is FreshnessStatement {
  return freshnessStatementProblem(x) === undefined;
}

/**
 * A well-formed root statement correctly signed by `issuer` (what clients, wallets and root views
 * accept). @throws {RegistryError} REGISTRY_INVALID naming `where` and the problem
 */
export function expectRootStatement(x: unknown, issuer: string, where: string): RootStatement {
  const problem = rootStatementProblem(x);
  if (problem !== undefined) throw new RegistryError(`${where}: not a valid root statement (${problem})`, 'REGISTRY_INVALID');
  return expectIssuer(x as RootStatement, issuer, where);
}

/** As expectRootStatement, for a freshness statement. */
export function expectFreshnessStatement(x: unknown, issuer: string, where: string): FreshnessStatement {
  const problem = freshnessStatementProblem(x);
  if (problem !== undefined) throw new RegistryError(`${where}: not a valid freshness statement (${problem})`, 'REGISTRY_INVALID');
  return expectIssuer(x as FreshnessStatement, issuer, where);
}

function expectIssuer<T extends { issuer: string }>(statement: T, issuer: string, where: string): T {
  if (statement.issuer !== issuer) throw new RegistryError(`${where}: signed by ${statement.issuer.slice(0, 80)}, expected ${issuer}`, 'REGISTRY_INVALID');
  return statement;
}
