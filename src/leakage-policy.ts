/**
 * The holder's leakage rules (WalletPolicy.refuse), judged on a request's leakage summary
 * (leakage.ts) before anything is proved. In the order they are checked:
 *   1. a disclosure in disguise (predicates that pin an attribute to one value without saying
 *      so: an `in` set of one value, `between a and a`, `gte a` with `lte a`) is always refused,
 *      RefusalError DISGUISED_DISCLOSURE: a verifier that wants a value asks with `eq` or
 *      `disclose`, which the holder sees for what they are;
 *   2. `linkable: true` refuses every linkable request, whatever the request's own consent says;
 *   3. `disclosureOf: [names]` refuses a request that reveals one of these attributes, disclosed
 *      in clear or pinned by predicates (`eq` included), in any credential;
 *   4. `narrowerThan: N` refuses a request that fewer than 1 in N holders would answer the same
 *      way, and a request the summary cannot estimate (an attribute without an assumption).
 * Rules 2-4 refuse with PolicyRefusalError (POLICY_REFUSED) whose `rule` names the rule.
 */
import { InputError, PolicyRefusalError, RefusalError, describe } from './errors.js';
import { isRecord } from './internal/field.js';
import type { RequestLeakage } from './leakage.js';

/** Rules that refuse a request for what it reveals; every field is optional (absent: no such rule). */
export interface LeakageRules {
  /** Refuse a request that fewer than 1 in N holders would answer the same way (or that cannot be estimated). */
  narrowerThan?: number;
  /** Refuse every linkable request, even one the holder allows per request. */
  linkable?: boolean;
  /** Refuse a request that reveals any of these attributes (by name, in any schema), in clear or by predicates. */
  disclosureOf?: string[];
}

export type LeakageRule = keyof LeakageRules;

/**
 * Validates leakage rules (caller input), copying them.
 * @throws {InputError} naming the field
 */
export function assertLeakageRules(value: unknown, field: string): LeakageRules {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new InputError(field, `expected { narrowerThan?, linkable?, disclosureOf? }, got ${describe(value)}`);
  const known = ['narrowerThan', 'linkable', 'disclosureOf'];
  const stray = Object.keys(value).find((k) => !known.includes(k));
  if (stray !== undefined) throw new InputError(`${field}.${stray.slice(0, 64)}`, `is not a rule (rules: ${known.join(', ')})`);
  const { narrowerThan, linkable, disclosureOf } = value;
  if (narrowerThan !== undefined && (typeof narrowerThan !== 'number' || !Number.isFinite(narrowerThan) || narrowerThan < 1)) {
    throw new InputError(`${field}.narrowerThan`, `expected a number >= 1 (refuse narrower than 1 in N), got ${describe(narrowerThan)}`);
  }
  if (linkable !== undefined && typeof linkable !== 'boolean') throw new InputError(`${field}.linkable`, `expected a boolean, got ${describe(linkable)}`);
  if (disclosureOf !== undefined && (!Array.isArray(disclosureOf) || !disclosureOf.every((n) => typeof n === 'string' && n.length > 0 && n.length <= 64))) {
    throw new InputError(`${field}.disclosureOf`, 'expected an array of attribute names');
  }
  return {
    ...(narrowerThan !== undefined && { narrowerThan }),
    ...(linkable !== undefined && { linkable }),
    ...(disclosureOf !== undefined && { disclosureOf: [...disclosureOf] }),
  };
}

/** The refusal the rules give a request, or undefined when they let it through. */
export function leakageRefusal(leakage: RequestLeakage, rules: LeakageRules): RefusalError | undefined {
  for (const part of leakage.parts) {
    const disguised = part.attributes.find((a) => a.disguised);
    if (disguised !== undefined) {
      return new RefusalError('DISGUISED_DISCLOSURE', `the request reveals ${disguised.attribute} of ${part.schema} through predicates (${disguised.predicates.join(' and ')}) rather than asking to disclose it: no proof made`);
    }
  }
  if (rules.linkable === true && leakage.mode === 'linkable') {
    return new PolicyRefusalError('linkable', 'the wallet policy refuses linkable requests (rule refuse.linkable): this one reveals the credential commitment; no proof made');
  }
  for (const name of rules.disclosureOf ?? []) {
    for (const part of leakage.parts) {
      const revealed = part.attributes.find((a) => a.attribute === name && (a.kind === 'disclosed' || a.kind === 'pinned'));
      if (revealed !== undefined) {
        return new PolicyRefusalError('disclosureOf', `the wallet policy refuses to reveal ${name} (rule refuse.disclosureOf): the request ${revealed.kind === 'disclosed' ? 'discloses it' : `pins it: ${revealed.reveals}`}; no proof made`);
      }
    }
  }
  const n = rules.narrowerThan;
  if (n !== undefined) {
    if (leakage.share === undefined) {
      const unknown = leakage.parts.flatMap((p) => p.unknown);
      return new PolicyRefusalError('narrowerThan', `the wallet policy refuses requests narrower than 1 in ${n.toLocaleString('en-US')} (rule refuse.narrowerThan), and this one cannot be estimated (no assumption about ${unknown.length > 0 ? unknown.join(', ') : 'its schema'}); no proof made`);
    }
    if (leakage.share! < 1 / n) {
      return new PolicyRefusalError('narrowerThan', `the wallet policy refuses requests narrower than 1 in ${n.toLocaleString('en-US')} (rule refuse.narrowerThan): about 1 in ${leakage.oneIn!.toLocaleString('en-US')} holders would answer this one the same way; no proof made`);
    }
  }
  return undefined;
}
