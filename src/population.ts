/**
 * Assumptions about who holds credentials of a schema, for the leakage summary (leakage.ts):
 * how many holders there are and how each attribute's values are spread among them. They turn a
 * request's predicates into an estimated share of holders who would satisfy it ("1 in N").
 *
 * They are assumptions, not data: the defaults (DEFAULT_POPULATION, documented in the README's
 * "What a request reveals") are round figures for the built-in schemas, chosen to be about right
 * in the EU, and every wallet can replace them (`WalletPolicy.assumptions`). Attributes are
 * treated as independent of each other, and credentials of different schemas as independent:
 * real attributes correlate (a licence's classes, a name and a nationality), so the estimate is
 * an order of magnitude, not a guarantee.
 *
 * Distributions, by kind:
 *   categorical    strings: `shares` of named values; the remaining share is spread evenly over
 *                  `others` further values
 *   distinct       `values` equally likely values (names, institutions)
 *   unique         one holder per value (document numbers): a value singles a holder out
 *   bernoulli      booleans: true with probability `p`
 *   uniformDate    dates spread evenly from `fromYears` to `toYears` years around the request's
 *                  day (birth dates: -90..0; issue dates: -10..0; expiry dates: 0..10)
 *   uniformInteger integers spread evenly over `min..max`
 */
import { InputError, describe } from './errors.js';
import { isRecord } from './internal/field.js';
import { DRIVING_LICENCE_SCHEMA, ENROLMENT_SCHEMA, LICENCE_CLASSES, PERSON_SCHEMA } from './schema.js';

export type Distribution =
  | { kind: 'categorical'; shares: Record<string, number>; others: number }
  | { kind: 'distinct'; values: number }
  | { kind: 'unique' }
  | { kind: 'bernoulli'; p: number }
  | { kind: 'uniformDate'; fromYears: number; toYears: number }
  | { kind: 'uniformInteger'; min: number; max: number };

/** Holders of one schema and the spread of each attribute among them. */
export interface SchemaPopulation {
  holders: number;
  attributes: Record<string, Distribution>;
}

/** By schema id. A schema or attribute without an entry has no estimate (and says so). */
export type PopulationAssumptions = Record<string, SchemaPopulation>;

/** Rounded shares of the EU's 27 member states in its population (Eurostat, 1 January 2024). */
const EU_NATIONALITY_SHARES: Record<string, number> = {
  DE: 0.187, FR: 0.152, IT: 0.131, ES: 0.108, PL: 0.082, RO: 0.042, NL: 0.040, BE: 0.026, CZ: 0.024,
  SE: 0.023, PT: 0.023, GR: 0.023, HU: 0.021, AT: 0.020, BG: 0.014, DK: 0.013, FI: 0.012, SK: 0.012,
  IE: 0.012, HR: 0.009, LT: 0.006, SI: 0.005, LV: 0.004, EE: 0.003, CY: 0.002, LU: 0.001, MT: 0.001,
};

/** Share of EU licence holders with each category (rounded guesses: B almost all, D rare). */
const LICENCE_CLASS_SHARES: Record<string, number> = {
  AM: 0.30, A1: 0.20, A2: 0.15, A: 0.25, B: 0.97, BE: 0.15, C1: 0.10, C1E: 0.05, C: 0.06, CE: 0.04, D1: 0.02, D1E: 0.01, D: 0.015, DE: 0.01,
};

/**
 * The built-in assumptions: person (EU residents with an identity card, 450 million), driving
 * licence (250 million EU licence holders), enrolment (18 million EU students).
 */
export const DEFAULT_POPULATION: PopulationAssumptions = {
  [PERSON_SCHEMA.id]: {
    holders: 450_000_000,
    attributes: {
      givenName: { kind: 'distinct', values: 10_000 },
      familyName: { kind: 'distinct', values: 100_000 },
      birthDate: { kind: 'uniformDate', fromYears: -90, toYears: 0 },
      nationality: { kind: 'categorical', shares: EU_NATIONALITY_SHARES, others: 1 },
      documentNumber: { kind: 'unique' },
    },
  },
  [DRIVING_LICENCE_SCHEMA.id]: {
    holders: 250_000_000,
    attributes: {
      ...Object.fromEntries(LICENCE_CLASSES.map((c) => [`class${c}`, { kind: 'bernoulli', p: LICENCE_CLASS_SHARES[c]! }])),
      issueDate: { kind: 'uniformDate', fromYears: -15, toYears: 0 },
      expiryDate: { kind: 'uniformDate', fromYears: 0, toYears: 15 },
    },
  },
  [ENROLMENT_SCHEMA.id]: {
    holders: 18_000_000,
    attributes: {
      institution: { kind: 'distinct', values: 5_000 },
      programme: { kind: 'distinct', values: 500 },
      enrolledUntil: { kind: 'uniformDate', fromYears: 0, toYears: 5 },
    },
  },
};

const positive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;
const share = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1;

function assertDistribution(value: unknown, field: string): Distribution {
  if (!isRecord(value)) throw new InputError(field, `expected a distribution object, got ${describe(value)}`);
  const bad = (what: string): never => {
    throw new InputError(field, `${String(value.kind)}: expected ${what}`);
  };
  switch (value.kind) {
    case 'categorical': {
      if (!isRecord(value.shares) || !Object.values(value.shares).every(share)) bad('shares: { value: 0..1 }');
      const total = Object.values(value.shares as Record<string, number>).reduce((a, b) => a + b, 0);
      if (total > 1 + 1e-9) bad(`shares summing to at most 1 (they sum to ${total})`);
      if (typeof value.others !== 'number' || !Number.isInteger(value.others) || value.others < 0) bad('others: a whole number');
      return { kind: 'categorical', shares: { ...(value.shares as Record<string, number>) }, others: value.others as number };
    }
    case 'distinct':
      if (!positive(value.values) || !Number.isInteger(value.values)) bad('values: a whole number > 0');
      return { kind: 'distinct', values: value.values as number };
    case 'unique':
      return { kind: 'unique' };
    case 'bernoulli':
      if (!share(value.p)) bad('p: 0..1');
      return { kind: 'bernoulli', p: value.p as number };
    case 'uniformDate':
      if (!Number.isInteger(value.fromYears) || !Number.isInteger(value.toYears) || (value.fromYears as number) >= (value.toYears as number)) bad('whole fromYears < toYears');
      return { kind: 'uniformDate', fromYears: value.fromYears as number, toYears: value.toYears as number };
    case 'uniformInteger':
      if (!Number.isSafeInteger(value.min) || !Number.isSafeInteger(value.max) || (value.min as number) > (value.max as number)) bad('safe integers min <= max');
      return { kind: 'uniformInteger', min: value.min as number, max: value.max as number };
    default:
      throw new InputError(`${field}.kind`, 'expected categorical, distinct, unique, bernoulli, uniformDate or uniformInteger');
  }
}

/**
 * Validates population assumptions (caller input), copying them.
 * @throws {InputError} naming the field
 */
export function assertPopulation(value: unknown, field: string): PopulationAssumptions {
  if (!isRecord(value)) throw new InputError(field, `expected { <schema id>: { holders, attributes } }, got ${describe(value)}`);
  const out: PopulationAssumptions = {};
  for (const [id, entry] of Object.entries(value)) {
    const at = `${field}[${JSON.stringify(id.slice(0, 80))}]`;
    if (!isRecord(entry) || !positive(entry.holders) || !isRecord(entry.attributes)) throw new InputError(at, 'expected { holders: number > 0, attributes: { name: distribution } }');
    const attributes: Record<string, Distribution> = {};
    for (const [name, d] of Object.entries(entry.attributes)) attributes[name] = assertDistribution(d, `${at}.attributes.${name.slice(0, 64)}`);
    out[id] = { holders: entry.holders, attributes };
  }
  return out;
}
