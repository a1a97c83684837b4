/**
 * The holder's consent (DESIGN section 6). Before proving, the wallet summarises what a request
 * would reveal, and its policy decides which presentation modes need the holder's consent:
 *   - unlinkable (a SNARK alone): reveals only the requested statement, disclosed attributes and
 *     (with a scope) a per-verifier pseudonym; never needs consent here;
 *   - linkable (SNARK + BBS): also reveals the credential commitment, a stable identifier the
 *     issuer recorded, so the issuer and colluding verifiers can link the presentation to the
 *     credential and to each other;
 *   - bearer (BBS alone): proves no holder secret, and reveals the credential's exact expiry date.
 * Linkable and bearer presentations are refused by default (RefusalError CONSENT_REQUIRED, the
 * message naming what the request would reveal); the holder allows them per request
 * (`createPresentation({ allow })`) or by policy (`new Wallet({ policy })`).
 * WalletPolicy also holds the leakage rules (`refuse`, judged in leakage-policy.ts on the
 * summary of leakage.ts) and the population assumptions the summary estimates with.
 */
import { InputError, RefusalError, describe } from './errors.js';
import { isRecord } from './internal/field.js';
import { type LeakageRules, assertLeakageRules } from './leakage-policy.js';
import { DEFAULT_POPULATION, type PopulationAssumptions, assertPopulation } from './population.js';
import type { ParsedRequest, Predicate } from './request.js';

/** What a presentation reveals beyond the requested statement. */
export type PresentationMode = 'unlinkable' | 'linkable' | 'bearer';

/** Modes the holder allows, by policy or for one request. Absent means not allowed. */
export interface ModeConsent {
  linkable?: boolean;
  bearer?: boolean;
}

/** The wallet's standing rules; every field is optional and the default is the strictest. */
export interface WalletPolicy {
  /** Modes allowed without asking per request (default: none). */
  allow?: ModeConsent;
  /** Requests refused for what they reveal (leakage-policy.ts; default: disguised disclosures only). */
  refuse?: LeakageRules;
  /** How attribute values are spread among holders, for the "1 in N" estimate (default: DEFAULT_POPULATION). */
  assumptions?: PopulationAssumptions;
}

/** What a request asks the holder to reveal, for a UI to show before proving. */
export interface RequestDisclosure {
  mode: PresentationMode;
  /** Attributes revealed in plaintext (through the SNARK or BBS). */
  disclosed: string[];
  /** The statements proved, readable ("birthDate ageAtLeast 18"). */
  predicates: string[];
  /** Everything else the presentation reveals or gives up, one readable line each. */
  reveals: string[];
  /** Whether this mode needs the holder's consent (linkable, bearer). */
  needsConsent: boolean;
}

const REVEALS: Record<Exclude<PresentationMode, 'unlinkable'>, string> = {
  linkable: 'reveals the credential commitment, a stable identifier the issuer recorded: the issuer and colluding verifiers can link it to the credential and to each other',
  bearer: 'proves no holder secret (anyone holding a copy of the credential could answer the same way) and reveals the credential\'s exact expiry date',
};

/** A readable form of one predicate. */
export function describePredicate(p: Predicate): string {
  if ('values' in p) return `${p.attribute} ${p.op} [${p.values.length} values]`;
  if ('min' in p) return `${p.attribute} between ${String(p.min)} and ${String(p.max)}`;
  return `${p.attribute} ${p.op} ${String(p.value)}`;
}

/** The presentation mode a (validated) request asks for. */
export function presentationMode(parsed: ParsedRequest): PresentationMode {
  if (parsed.bearer) return 'bearer';
  return parsed.linkable ? 'linkable' : 'unlinkable';
}

/** Summarises what answering a (validated) request reveals. */
export function describeDisclosure(parsed: ParsedRequest): RequestDisclosure {
  const mode = presentationMode(parsed);
  const reveals: string[] = [];
  if (mode !== 'unlinkable') reveals.push(REVEALS[mode]);
  if (mode === 'linkable') reveals.push('reveals the credential\'s exact expiry date (in the BBS half)');
  if (parsed.request.scope !== undefined) reveals.push(`a pseudonym for scope "${parsed.request.scope}": the same at every presentation to this scope`);
  return {
    mode,
    disclosed: [...new Set([...parsed.request.disclose, ...(parsed.bbs?.disclose ?? [])])],
    predicates: parsed.request.predicates.map(describePredicate),
    reveals,
    needsConsent: mode !== 'unlinkable',
  };
}

/**
 * Validates a policy or per-request consent (caller input).
 * @throws {InputError} naming the field when a present flag is not a boolean
 */
export function assertModeConsent(value: unknown, field: string): ModeConsent {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new InputError(field, `expected { linkable?, bearer? }, got ${describe(value)}`);
  for (const key of ['linkable', 'bearer'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'boolean') throw new InputError(`${field}.${key}`, `expected a boolean, got ${describe(value[key])}`);
  }
  return { ...(value.linkable !== undefined && { linkable: value.linkable as boolean }), ...(value.bearer !== undefined && { bearer: value.bearer as boolean }) };
}

/**
 * Validates a wallet policy (caller input).
 * @throws {InputError} naming the field
 */
export function assertWalletPolicy(value: unknown): Required<WalletPolicy> {
  if (value !== undefined && !isRecord(value)) throw new InputError('policy', `expected an object, got ${describe(value)}`);
  return {
    allow: assertModeConsent(value?.allow, 'policy.allow'),
    refuse: assertLeakageRules(value?.refuse, 'policy.refuse'),
    assumptions: value?.assumptions === undefined ? DEFAULT_POPULATION : assertPopulation(value.assumptions, 'policy.assumptions'),
  };
}

/**
 * Refuses a linkable or bearer presentation the holder has not allowed (by policy or for this request).
 * @throws {RefusalError} CONSENT_REQUIRED, naming what the request would reveal
 */
export function assertConsent(parsed: ParsedRequest, policy: ModeConsent, allow: ModeConsent): void {
  const mode = presentationMode(parsed);
  if (mode === 'unlinkable' || policy[mode] === true || allow[mode] === true) return;
  throw consentRefusal(mode);
}

/** The CONSENT_REQUIRED refusal of a linkable or bearer presentation. */
export function consentRefusal(mode: Exclude<PresentationMode, 'unlinkable'>): RefusalError {
  return new RefusalError('CONSENT_REQUIRED', `the request asks for a ${mode} presentation, which ${REVEALS[mode]}; no proof made (allow ${mode} for this request or by wallet policy)`);
}
