/**
 * What a request reveals, told before proving (issue 18 item 2). For each credential a request
 * asks about (one for a single request, one per part of a multi-credential request):
 *   - the attributes disclosed in clear;
 *   - per attribute, what its predicates together reveal, read off the compiled predicate slots
 *     (so `ageAtLeast 18` and `ageBelow 19` are one range of birth dates of about a year, and
 *     `between a and a` or an `in` set of one value pins the attribute to one value: a disclosure
 *     in disguise);
 *   - predicates no credential can satisfy (a contradiction), found the same way;
 *   - an estimated share of the schema's holders who satisfy it, from replaceable assumptions
 *     about how attribute values are spread (population.ts), attributes taken as independent.
 * And for the whole request: the presentation mode (unlinkable, linkable, bearer), the pseudonym
 * (scope), and the product of the parts' shares ("1 in N", credentials taken as independent).
 *
 * Shares: a predicate keeps the share of holders whose value satisfies it; a disclosed attribute
 * keeps the expected share of holders who have the same value as a random holder (the sum of the
 * squared shares of its values): the summary is computed from the request alone, before the
 * wallet looks at its own credential.
 */
import { COMPARATOR_BITS, INTEGER_OFFSET, OP_CODES } from './constants.js';
import { type AttributeType, encodeString, intToDate } from './encoding.js';
import type { PredicateSlot } from './internal/circuit-input.js';
import type { Distribution, PopulationAssumptions, SchemaPopulation } from './population.js';
import { type PresentationMode, describePredicate, presentationMode } from './policy.js';
import type { ParsedRequest, Predicate } from './request.js';

/** What a request reveals about one attribute of one credential. */
export interface AttributeLeak {
  attribute: string;
  /**
   * disclosed: in clear; pinned: the predicates leave one value; range: a bounded range of an
   * ordered attribute; set: one of a few values; excluded: not one of some values.
   */
  kind: 'disclosed' | 'pinned' | 'range' | 'set' | 'excluded';
  /** One readable line: "birthDate between 2007-11-30 and 2008-11-29 (366 days)". */
  reveals: string;
  /** The request's predicates on this attribute, readable. */
  predicates: string[];
  /** Pinned to one value by predicates other than `eq` (booleans excepted: any predicate on a boolean states its value). */
  disguised: boolean;
  /** Estimated share of the schema's holders consistent with it; undefined without an assumption. */
  share: number | undefined;
}

/** What a request reveals about one credential (a part). */
export interface PartLeakage {
  schema: string;
  trustedIssuers: string[];
  mode: PresentationMode;
  disclosed: string[];
  attributes: AttributeLeak[];
  /** Set when no value satisfies an attribute's predicates: the part can never be answered. */
  contradiction: string | undefined;
  /** Estimated share of the schema's holders who satisfy the part; undefined when unknown. */
  share: number | undefined;
  /** Attributes the estimate has no assumption for (the share is then undefined). */
  unknown: string[];
}

/** The leakage summary of a request, for a wallet to show (and its policy to judge) before proving. */
export interface RequestLeakage {
  /** linkable when any part is (a multi-credential request has no bearer parts). */
  mode: PresentationMode;
  /** The request's scope: the presentation carries a pseudonym, the same at every presentation to that scope. */
  pseudonym: string | undefined;
  /** Multi-credential requests without a scope: the parts share a holder tag that is fresh for each request. */
  holderTag: boolean;
  parts: PartLeakage[];
  /** Product of the parts' shares (credentials taken as independent); undefined when a part's is unknown. */
  share: number | undefined;
  /** 1 / share, rounded: "1 in N" holders would answer the same. */
  oneIn: number | undefined;
  /** The summary, one readable line each. */
  lines: string[];
}

/** The analysed constraint on one attribute: a range (ordered types), a set of allowed values, excluded values. */
interface Constraint {
  lo: bigint | undefined;
  hi: bigint | undefined;
  allowed: bigint[] | undefined;
  excluded: Set<bigint>;
  explicitEq: boolean;
}

const ORDERED_MAX = 2n ** BigInt(COMPARATOR_BITS) - 1n;
const DAY_MS = 86_400_000;

/** A YYYYMMDD encoding as a day number (days since 1970-01-01; out-of-range days roll over: 19900532 is 1990-06-01). */
function dayNumber(yyyymmdd: bigint): number {
  const v = Number(yyyymmdd);
  const date = new Date(0);
  date.setUTCFullYear(Math.floor(v / 10000), (Math.floor(v / 100) % 100) - 1, v % 100);
  return Math.round(date.getTime() / DAY_MS);
}

function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10).replace(/^\+0*/, '');
}

function typeRange(type: AttributeType): [bigint, bigint] | undefined {
  switch (type) {
    case 'boolean': return [0n, 1n];
    case 'date': return [10101n, 99991231n];
    case 'integer': return [0n, ORDERED_MAX];
    case 'string': return undefined;
    default:
      (type) satisfies never;
      return undefined;
  }
}

/** Folds an attribute's slots into one constraint (the circuit's meaning of each operator). */
function constrain(slots: readonly PredicateSlot[]): Constraint {
  const c: Constraint = { lo: undefined, hi: undefined, allowed: undefined, excluded: new Set(), explicitEq: false };
  const above = (x: bigint): void => { c.lo = c.lo === undefined || x > c.lo ? x : c.lo; };
  const below = (x: bigint): void => { c.hi = c.hi === undefined || x < c.hi ? x : c.hi; };
  const allow = (values: readonly bigint[]): void => { c.allowed = c.allowed === undefined ? [...new Set(values)] : c.allowed.filter((v) => values.includes(v)); };
  for (const s of slots) {
    switch (s.op) {
      case OP_CODES.eq: allow([s.a]); c.explicitEq = true; break;
      case OP_CODES.ne: c.excluded.add(s.a); break;
      case OP_CODES.lt: below(s.a - 1n); break;
      case OP_CODES.lte: below(s.a); break;
      case OP_CODES.gt: above(s.a + 1n); break;
      case OP_CODES.gte: above(s.a); break;
      case OP_CODES.between: above(s.a); below(s.b); break;
      case OP_CODES.in: allow(s.set); break;
      case OP_CODES.notIn: for (const v of s.set) c.excluded.add(v); break;
      default: break;
    }
  }
  return c;
}

/** The values left by a constraint: a finite list, or a range [lo, hi] (in days for dates) less `excluded`. */
type Feasible = { values: bigint[] } | { lo: bigint; hi: bigint; count: bigint };

function feasible(type: AttributeType, c: Constraint): Feasible | undefined {
  const range = typeRange(type);
  const inRange = (v: bigint): boolean => (range === undefined || (v >= range[0] && v <= range[1]))
    && (c.lo === undefined || v >= c.lo) && (c.hi === undefined || v <= c.hi) && !c.excluded.has(v);
  if (c.allowed !== undefined) return { values: c.allowed.filter(inRange) };
  if (range === undefined) return undefined; // a string with only exclusions: unbounded
  const lo = c.lo !== undefined && c.lo > range[0] ? c.lo : range[0];
  const hi = c.hi !== undefined && c.hi < range[1] ? c.hi : range[1];
  if (lo > hi) return { values: [] };
  const width = type === 'date' ? BigInt(dayNumber(hi) - dayNumber(lo) + 1) : hi - lo + 1n;
  const excludedInside = [...c.excluded].filter((v) => v >= lo && v <= hi).length;
  const count = width - BigInt(excludedInside);
  if (count <= 0n) return { values: [] };
  if (count === 1n) {
    if (type !== 'date') for (let v = lo; v <= hi; v++) if (!c.excluded.has(v)) return { values: [v] };
    return { values: [lo] };
  }
  return { lo, hi, count };
}

/** Readable value of an encoding, using the request's own plaintexts for strings. */
function valueText(type: AttributeType, v: bigint, plaintexts: Map<bigint, string>): string {
  switch (type) {
    case 'boolean': return v === 1n ? 'true' : 'false';
    case 'date': return intToDate(Number(v));
    case 'integer': return (v - INTEGER_OFFSET).toString();
    case 'string': return plaintexts.get(v) ?? '(a value)';
    default:
      (type) satisfies never;
      return '';
  }
}

function listText(type: AttributeType, values: readonly bigint[], plaintexts: Map<bigint, string>): string {
  const shown = values.slice(0, 6).map((v) => valueText(type, v, plaintexts)).join(', ');
  return values.length > 6 ? `${values.length} values (${shown}, ...)` : `${values.length} values (${shown})`;
}

function rangeText(attribute: string, type: AttributeType, f: { lo: bigint; hi: bigint; count: bigint }, whole: [bigint, bigint]): string {
  const v = (x: bigint): string => valueText(type, x, new Map());
  const unit = type === 'date' ? 'days' : 'values';
  if (f.lo === whole[0]) return `${attribute} ${type === 'date' ? 'on or before' : 'at most'} ${v(f.hi)}`;
  if (f.hi === whole[1]) return `${attribute} ${type === 'date' ? 'on or after' : 'at least'} ${v(f.lo)}`;
  const span = type === 'date' ? `${dateOfDay(dayNumber(f.lo))} and ${dateOfDay(dayNumber(f.hi))}` : `${v(f.lo)} and ${v(f.hi)}`;
  return `${attribute} between ${span} (${f.count.toLocaleString('en-US')} ${unit})`;
}

/** Encodings of a categorical distribution's named values, computed once per distribution. */
const categoricalCodes = new WeakMap<Record<string, number>, Map<bigint, number>>();
function sharesByCode(shares: Record<string, number>): Map<bigint, number> {
  let codes = categoricalCodes.get(shares);
  if (codes === undefined) {
    codes = new Map(Object.entries(shares).map(([value, p]) => [encodeString(value, 'shares'), p]));
    categoricalCodes.set(shares, codes);
  }
  return codes;
}

/** Share of holders whose value is in `values` (encodings), under a distribution. */
function shareOfValues(d: Distribution, holders: number, values: readonly bigint[], today: number): number {
  switch (d.kind) {
    case 'categorical': {
      const codes = sharesByCode(d.shares);
      const named = [...codes.values()].reduce((a, b) => a + b, 0);
      const other = d.others > 0 ? Math.max(0, 1 - named) / d.others : 0;
      return Math.min(1, values.reduce((sum, v) => sum + (codes.get(v) ?? other), 0));
    }
    case 'distinct': return Math.min(1, values.length / d.values);
    case 'unique': return Math.min(1, values.length / holders);
    case 'bernoulli': return values.reduce((sum, v) => sum + (v === 1n ? d.p : v === 0n ? 1 - d.p : 0), 0);
    case 'uniformDate': {
      const [from, to] = dateWindow(d, today);
      return values.filter((v) => dayNumber(v) >= from && dayNumber(v) <= to).length / (to - from + 1);
    }
    case 'uniformInteger': {
      const inside = values.filter((v) => v - INTEGER_OFFSET >= BigInt(d.min) && v - INTEGER_OFFSET <= BigInt(d.max)).length;
      return inside / (d.max - d.min + 1);
    }
    default:
      (d) satisfies never;
      return 1;
  }
}

/** The days [from, to] a uniformDate spreads over, around the request's day. */
function dateWindow(d: { fromYears: number; toYears: number }, today: number): [number, number] {
  return [dayNumber(BigInt(today + d.fromYears * 10000)), dayNumber(BigInt(today + d.toYears * 10000))];
}

/** Share of holders consistent with a constraint, or undefined when the kind does not fit the type. */
function shareOf(d: Distribution, holders: number, type: AttributeType, f: Feasible | undefined, c: Constraint, today: number): number {
  if (f === undefined) {
    // Only exclusions of a string: everyone but the holders of those values.
    return Math.max(0, 1 - shareOfValues(d, holders, [...c.excluded], today));
  }
  if ('values' in f) return shareOfValues(d, holders, f.values, today);
  const excludedInside = [...c.excluded].filter((v) => v >= f.lo && v <= f.hi);
  const minus = shareOfValues(d, holders, excludedInside, today);
  switch (d.kind) {
    case 'bernoulli': {
      let p = 0;
      if (f.lo <= 0n && f.hi >= 0n) p += 1 - d.p;
      if (f.lo <= 1n && f.hi >= 1n) p += d.p;
      return Math.max(0, p - minus);
    }
    case 'uniformDate': {
      if (type !== 'date') return 1;
      const [from, to] = dateWindow(d, today);
      const overlap = Math.min(to, dayNumber(f.hi)) - Math.max(from, dayNumber(f.lo)) + 1;
      return Math.max(0, overlap / (to - from + 1) - minus);
    }
    case 'uniformInteger': {
      const lo = Math.max(d.min, Number(f.lo - INTEGER_OFFSET));
      const hi = Math.min(d.max, Number(f.hi - INTEGER_OFFSET));
      return Math.max(0, (hi - lo + 1) / (d.max - d.min + 1) - minus);
    }
    default:
      // A range over a distribution without order (categorical, distinct, unique): no estimate narrower than all.
      return Math.max(0, 1 - minus);
  }
}

/** Expected share of holders who share one random holder's value (what disclosing it narrows to). */
function disclosureShare(d: Distribution, holders: number, today: number): number {
  switch (d.kind) {
    case 'categorical': {
      const named = Object.values(d.shares);
      const rest = Math.max(0, 1 - named.reduce((a, b) => a + b, 0));
      return named.reduce((sum, p) => sum + p * p, 0) + (d.others > 0 ? (rest * rest) / d.others : 0);
    }
    case 'distinct': return 1 / d.values;
    case 'unique': return 1 / holders;
    case 'bernoulli': return d.p * d.p + (1 - d.p) * (1 - d.p);
    case 'uniformDate': {
      const [from, to] = dateWindow(d, today);
      return 1 / (to - from + 1);
    }
    case 'uniformInteger': return 1 / (d.max - d.min + 1);
    default:
      (d) satisfies never;
      return 1;
  }
}

/** The request's own plaintext for each string encoding it names (for readable lines). */
function plaintextsOf(predicates: readonly Predicate[]): Map<bigint, string> {
  const out = new Map<bigint, string>();
  const note = (v: unknown): void => {
    if (typeof v === 'string' && v.length <= 465) {
      try {
        out.set(encodeString(v, 'value'), v);
      } catch {
        // Not a string the encoding accepts: compilation already refused the request.
      }
    }
  };
  for (const p of predicates) {
    if ('values' in p) p.values.forEach(note);
    else if ('value' in p) note(p.value);
  }
  return out;
}

/**
 * Analyses one credential's part: per attribute, what its predicates and disclosure reveal,
 * whether they contradict, and the estimated share of holders.
 */
export function analysePart(parsed: ParsedRequest, mode: PresentationMode, assumptions: PopulationAssumptions): PartLeakage {
  const { schema, request } = parsed;
  const population: SchemaPopulation | undefined = Object.hasOwn(assumptions, schema.id) ? assumptions[schema.id] : undefined;
  const disclosed = [...new Set([...request.disclose, ...(parsed.bbs?.disclose ?? [])])];
  const plaintexts = plaintextsOf(request.predicates);
  const attributes: AttributeLeak[] = [];
  const unknown: string[] = [];
  let contradiction: string | undefined;
  let share: number | undefined = 1;
  schema.attributes.forEach((attr, index) => {
    const slotIndexes = parsed.slots.flatMap((s, i) => (s.attrIndex === index ? [i] : []));
    const isDisclosed = disclosed.includes(attr.name);
    if (slotIndexes.length === 0 && !isDisclosed) return;
    const predicates = slotIndexes.map((i) => describePredicate(request.predicates[i]!));
    const c = constrain(slotIndexes.map((i) => parsed.slots[i]!));
    const f = feasible(attr.type, c);
    const distribution = population !== undefined && Object.hasOwn(population.attributes, attr.name) ? population.attributes[attr.name] : undefined;
    if (f !== undefined && 'values' in f && f.values.length === 0) {
      contradiction ??= `no ${attr.name} satisfies ${predicates.join(' and ')}`;
    }
    let leak: Omit<AttributeLeak, 'share'>;
    if (isDisclosed) {
      leak = { attribute: attr.name, kind: 'disclosed', reveals: `${attr.name} disclosed in clear`, predicates, disguised: false };
    } else if (f !== undefined && 'values' in f && f.values.length === 1) {
      const disguised = !c.explicitEq && attr.type !== 'boolean';
      leak = {
        attribute: attr.name, kind: 'pinned', predicates, disguised,
        reveals: `${attr.name} = ${valueText(attr.type, f.values[0]!, plaintexts)}${disguised ? ` (a disclosure in disguise: ${predicates.join(' and ')})` : ''}`,
      };
    } else if (f !== undefined && 'values' in f) {
      leak = { attribute: attr.name, kind: 'set', predicates, disguised: false, reveals: `${attr.name} is one of ${listText(attr.type, f.values, plaintexts)}` };
    } else if (f !== undefined) {
      leak = { attribute: attr.name, kind: 'range', predicates, disguised: false, reveals: rangeText(attr.name, attr.type, f, typeRange(attr.type)!) };
    } else {
      leak = { attribute: attr.name, kind: 'excluded', predicates, disguised: false, reveals: `${attr.name} is none of ${listText(attr.type, [...c.excluded], plaintexts)}` };
    }
    let attrShare: number | undefined;
    if (distribution !== undefined && population !== undefined) {
      attrShare = isDisclosed
        ? Math.min(disclosureShare(distribution, population.holders, parsed.today), shareOf(distribution, population.holders, attr.type, f, c, parsed.today))
        : shareOf(distribution, population.holders, attr.type, f, c, parsed.today);
    } else {
      unknown.push(attr.name);
    }
    attributes.push({ ...leak, share: attrShare });
    share = share === undefined || attrShare === undefined ? undefined : share * attrShare;
  });
  if (population === undefined && attributes.length > 0) share = undefined;
  return { schema: schema.id, trustedIssuers: [...request.trustedIssuers], mode, disclosed, attributes, contradiction, share, unknown };
}

/** "1 in N" for a share. */
export function oneIn(share: number | undefined): number | undefined {
  if (share === undefined) return undefined;
  return share <= 0 ? Infinity : Math.max(1, Math.round(1 / share));
}

function shareText(share: number | undefined, unknown: readonly string[]): string {
  if (share === undefined) return `no estimate (no assumption about ${unknown.length > 0 ? unknown.join(', ') : 'this schema'})`;
  if (share <= 0) return 'no holder (a contradiction)';
  return share >= 0.1 ? `about ${Math.round(share * 100)}% of holders` : `about 1 in ${oneIn(share)!.toLocaleString('en-US')} holders`;
}

const MODE_LINES: Record<PresentationMode, string> = {
  unlinkable: 'unlinkable: nothing in it identifies the credential or links it to other presentations',
  linkable: 'LINKABLE: reveals the credential commitment, which the issuer recorded: the issuer and colluding verifiers can link it to the credential',
  bearer: 'BEARER: proves no holder secret (anyone with a copy of the credential could answer) and reveals the exact expiry date',
};

/**
 * The summary of one or more analysed parts (one for a single request).
 * @param scope the request's scope (a pseudonym), if any
 * @param holderTag whether the parts are bound by a per-request holder tag (multi-credential, no scope)
 */
export function summarise(parts: PartLeakage[], scope: string | undefined, holderTag: boolean): RequestLeakage {
  const mode: PresentationMode = parts.some((p) => p.mode === 'bearer') ? 'bearer' : parts.some((p) => p.mode === 'linkable') ? 'linkable' : 'unlinkable';
  const share = parts.reduce<number | undefined>((acc, p) => (acc === undefined || p.share === undefined ? undefined : acc * p.share), 1);
  const lines: string[] = [];
  parts.forEach((p, i) => {
    const head = parts.length > 1 ? `credential ${i + 1} (${p.schema})` : `credential (${p.schema})`;
    lines.push(`${head}: ${p.mode}; ${shareText(p.share, p.unknown)}`);
    if (p.contradiction !== undefined) lines.push(`  contradiction: ${p.contradiction}`);
    for (const a of p.attributes) lines.push(`  ${a.reveals}`);
    if (p.attributes.length === 0) lines.push('  no attribute disclosed or tested (proves only that you hold one, valid and not revoked)');
  });
  lines.push(`mode: ${MODE_LINES[mode]}`);
  if (scope !== undefined) lines.push(`pseudonym for scope "${scope.slice(0, 80)}": the same at every presentation to this scope, so they link to each other`);
  else if (holderTag) lines.push('the credentials are bound to one holder by a tag fresh to this request: it links nothing beyond this presentation');
  lines.push(`altogether: ${shareText(share, parts.flatMap((p) => p.unknown))} would answer the same way`);
  return { mode, pseudonym: scope, holderTag, parts, share, oneIn: oneIn(share), lines };
}

/** The leakage summary of a (validated) single-credential request. */
export function singleRequestLeakage(parsed: ParsedRequest, assumptions: PopulationAssumptions): RequestLeakage {
  return summarise([analysePart(parsed, presentationMode(parsed), assumptions)], parsed.request.scope, false);
}
