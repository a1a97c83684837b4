/**
 * Seeded fuzzing of the untrusted-input boundaries (issue 7, item 2), with fast-check:
 *   1. verifyPresentation(mutated presentation, valid request) never throws, returns within 2 s
 *      of CPU time (all the process's threads: a bound on work that other processes on a loaded
 *      machine do not inflate, unlike wall-clock time),
 *      and returns verified: true only for a presentation that means the same as the real one
 *      (same fields the verifier reads, same proof points), and only against its own request;
 *   2. parseRequest(mutated request) returns a usable request or throws InputError (with a
 *      `field`) / RequestError, never another exception;
 *   3. openCredential(mutated credential) throws only InputError / CredentialError, and returns
 *      only for a document whose signed part and signature equal the real one's;
 *   4. nothing pollutes Object.prototype (or Array/Function.prototype);
 *   5. size limits (limits.ts, issue 13): a random part of a real presentation, request or
 *      credential grown exactly to its limit is never refused for size, and grown one past it
 *      or far past it (1 MB strings, 100,000 items or keys, 10,000-deep nesting) is refused by
 *      exactly that limit (LIMIT_EXCEEDED / LimitError naming it).
 * Inputs are mutations of REAL documents (two proofs made in beforeAll: a SNARK presentation and
 * a linkable SNARK + BBS one, the requests they answer, the credential, and two more requests)
 * at random paths (replace, delete, insert keys such as `__proto__`/`constructor`/`prototype`
 * as OWN properties, like JSON.parse makes), with junk: JSON values, wrong types, numbers as
 * strings and back, huge strings (1 MB) and arrays (up to 100,000), nesting 1,000 to 20,000
 * deep, non-canonical field elements (>= p, + q, negative, hex, leading zeros, floats); plus
 * fully random JSON documents and, in smaller numbers, non-JSON JS values (bigint, Map, sparse
 * arrays, null-prototype objects). About 15,400 inputs: 13,700 presentations and requests,
 * 1,700 credentials; about 40 s, most of it in 1f (real BBS verifications) and two proofs.
 * Every property has a fixed seed: a run is deterministic (the library's own salts, ids and
 * the proof's randomness aside, which no property depends on).
 * ZKD_FUZZ_REPORT=1 prints the counts (inputs, pairings, first error codes).
 *
 * COST: a Groth16 verification (a pairing, 10-80 ms here) runs only for mutants that pass every
 * other check. snarkjs.groth16.verify is also MEMOISED, not mocked: a cache keyed on the exact
 * (verification key, public signals, proof) answers repeats; every new triple runs the real
 * verification, so the proof-field property (1b) always pays for real pairings.
 *
 * The fuzz found seven bugs, all fixed; the regression tests at the end pin each one:
 *   F1 non-canonical proof encodings verified (hex, coordinate + q, leading zeros, projective z);
 *   F2 the pairing ran although binding or root checks had already failed;
 *   F3 zk.circuit "constructor" / "__proto__" passed the circuit lookup (prototype);
 *   F4 verifyPresentation threw RangeError for a circuit too small for the request;
 *   F5 parseRequest accepted sparse arrays (non-JSON) and returned an unusable request;
 *   F6 verifyPresentation threw RangeError (stack) for a deeply nested bbs.suite;
 *   F7 malformed (unsigned) proof.bbs sections raised TypeError instead of CredentialError.
 */
import { base64urlnopad } from '@scure/base';
import fc from 'fast-check';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  CredentialError, InputError, Issuer, LIMITS, LimitError, MemoryNonceStore, limitAt, type DocumentKind, PERSON_SCHEMA, RequestError, Wallet, createProver, createRequest,
  defaultAcceptedKeys, generateBbsKeyPair, loadVerificationKey, verifyCredentialBbs, type RegistryExport, openCredential, parseRequest, releaseCurve, verifyPresentation,
  RootViews, ZkdError, type Credential, type Presentation, type PresentationRequest, type VerificationResult, type VerifyOptions,
} from '../../src/index.js';
import { FIELD_MODULUS } from '../../src/constants.js';
import { signedPart } from '../../src/credential.js';
import { canonicalJson } from '../../src/internal/canonical-json.js';
import type { ParsedRequest } from '../../src/request.js';
import { ERIKA, NOW, TODAY, holderKeys, issuePerson, issuerKeys } from '../helpers/library.js';

// ---------------------------------------------------------------------------------------------
// snarkjs.groth16.verify, memoised (see COST above).

const memo = vi.hoisted(() => ({
  byVkey: new WeakMap<object, Map<string, boolean>>(),
  /** Real verifications run (cache misses). */
  real: 0,
  hits: 0,
}));

vi.mock('snarkjs', async (importOriginal) => {
  const real = await importOriginal<typeof import('snarkjs')>();
  const verify: typeof real.groth16.verify = async (vkey, publicSignals, proof, logger) => {
    let key: string | undefined;
    try {
      key = JSON.stringify([publicSignals, proof]);
    } catch {
      key = undefined; // unserialisable (too deep, bigint): always verify for real
    }
    const cache = typeof vkey === 'object' && vkey !== null ? (memo.byVkey.get(vkey) ?? new Map<string, boolean>()) : undefined;
    const hit = key === undefined ? undefined : cache?.get(key);
    if (hit !== undefined) {
      memo.hits++;
      return hit;
    }
    memo.real++;
    const result = await real.groth16.verify(vkey, publicSignals, proof, logger);
    if (key !== undefined && cache !== undefined) {
      cache.set(key, result);
      memo.byVkey.set(vkey as object, cache);
    }
    return result;
  };
  return { ...real, groth16: { ...real.groth16, verify } };
});

// ---------------------------------------------------------------------------------------------
// Constants and counters.

/** BN254 base field modulus (proof coordinates live here; FIELD_MODULUS is the scalar field). */
const BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
/** CPU time (user + system, every thread of this process) a call may take. */
const PER_CALL_MS = 2000;
const MAX_MESSAGE = 400;

/** Inputs generated per property (the final test checks the total). */
const generated = new Map<string, number>();
const count = (property: string): void => {
  generated.set(property, (generated.get(property) ?? 0) + 1);
};
/** First error code of each refused presentation: how deep the mutants got. */
const firstCodes = new Map<string, number>();

const prototypeSnapshot = {
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  func: Object.getOwnPropertyNames(Function.prototype).sort(),
};

// ---------------------------------------------------------------------------------------------
// Mutation engine over JSON documents.

type Path = readonly (string | number)[];
type Mutation =
  | { kind: 'replace'; path: Path; value: unknown }
  | { kind: 'delete'; path: Path }
  | { kind: 'insert'; path: Path; key: string; value: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every path of a JSON document (not the root), parents before children. */
function allPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((x, i) => {
      out.push([...prefix, i]);
      allPaths(x, [...prefix, i], out);
    });
  } else if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      out.push([...prefix, key]);
      allPaths(value[key], [...prefix, key], out);
    }
  }
  return out;
}

/** Paths of the objects and arrays of a document, the root ([]) included. */
function containerPaths(value: unknown): Path[] {
  return [[], ...allPaths(value)].filter((p) => typeof getAt(value, p) === 'object' && getAt(value, p) !== null);
}

function getAt(value: unknown, path: Path): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Defines an own, enumerable data property, as JSON.parse does (so `__proto__` stays a key). */
function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

const isPrefix = (a: Path, b: Path): boolean => a.length < b.length && a.every((k, i) => k === b[i]);

/**
 * Applies mutations to a deep copy of `base`. A mutation below a path an earlier one already
 * replaced, deleted or inserted into is skipped, so junk values (shared with fast-check's
 * report) are never modified.
 */
function applyMutations<T>(base: T, mutations: readonly Mutation[]): unknown {
  let doc: unknown = structuredClone(base);
  const touched: Path[] = [];
  for (const m of mutations) {
    if (touched.some((t) => isPrefix(t, m.path) || (m.kind === 'insert' && t.length === m.path.length && t.every((k, i) => k === m.path[i])))) continue;
    if (m.kind === 'insert') {
      const target = getAt(doc, m.path) ?? (m.path.length === 0 ? doc : undefined);
      if (typeof target !== 'object' || target === null) continue;
      if (Array.isArray(target)) target.push(m.value);
      else setOwn(target, m.key, m.value);
      touched.push([...m.path, m.key]);
      continue;
    }
    const parent = m.path.length === 1 ? doc : getAt(doc, m.path.slice(0, -1));
    const key = m.path[m.path.length - 1]!;
    if (typeof parent !== 'object' || parent === null || !Object.hasOwn(parent, key)) continue;
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete (parent as Record<string, unknown>)[key];
    } else {
      setOwn(parent, key, m.value);
    }
    touched.push(m.path);
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Junk.

/**
 * A short name for fast-check's counterexample report (its stringify is recursive and would
 * overflow the stack on these). A symbol key: invisible to Object.keys, JSON and the library.
 */
function named<T extends object>(value: T, name: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => name, enumerable: false });
  return value;
}

function deepArray(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return named(v as object, `deepArray(${depth})`);
}

function deepObject(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return named(v as object, `deepObject(${depth})`);
}

/** Freezes a value and everything inside it (iteratively: some are 20,000 levels deep). */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const key of Object.keys(v)) stack.push((v as Record<string, unknown>)[key]);
  }
  return value;
}

const HUGE_STRING = '9'.repeat(1_000_000);
const BIG_STRING = 'A'.repeat(100_000);
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'polluted'] as const;
/** Prototype-pollution payloads, parsed so that `__proto__` is an own key. */
const PROTO_PAYLOADS: readonly unknown[] = deepFreeze([
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  JSON.parse('{"prototype":{"polluted":"yes"}}'),
  JSON.parse('[{"__proto__":{"polluted":"yes"}}]'),
  JSON.parse('{"a":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}'),
  JSON.parse('{"__proto__":null}'),
]);
/** Nesting that JSON.parse accepts; String() of an array overflows the stack from about 5,000 levels. */
const DEEP: readonly unknown[] = deepFreeze([deepArray(1_000), deepObject(1_000), deepArray(6_000), deepArray(20_000), deepObject(20_000)]);

/** Non-canonical spellings of field elements (around p, the base field q, 2^256...). */
const FIELD_JUNK: readonly unknown[] = [
  FIELD_MODULUS.toString(), (FIELD_MODULUS + 1n).toString(), (FIELD_MODULUS - 1n).toString(), BASE_FIELD.toString(),
  (2n ** 256n).toString(), (2n ** 256n - 1n).toString(), '-1', '-0', '0x1', '0x' + FIELD_MODULUS.toString(16), '00', '01', '1.0', '1e3',
  '1e77', ' 1', '1 ', '+1', '١', Number(FIELD_MODULUS), 1.5, -1, 2 ** 53 + 1, '9'.repeat(78), '9'.repeat(79), '9'.repeat(80), '9'.repeat(81),
];

const specialValue = fc.constantFrom<unknown>(
  null, true, false, 0, -0, 1, -1, 0.5, 1.5, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 1e21, 1e308, 5e-324, '', ' ', '0', '1', '-1', 'null',
  'true', 'undefined', 'NaN', 'Infinity', '1e400', '\u0000', '\ud800', '\u{1F600}', '2026-02-30', '2026-11-29T10:00:00Z', [], {}, [null], { '': '' },
);
const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(HUGE_STRING, BIG_STRING, ...PROTO_KEYS, `did:key:z6Mk${'a'.repeat(100)}`, 'did:key:z', 'ab'.repeat(32), 'AB'.repeat(32), 'ab'.repeat(33)),
);
const junkNumber = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e21, 2 ** 31, 2 ** 32));
const hugeArray = fc.tuple(fc.constantFrom(1_000, 10_000, 100_000), fc.constantFrom<unknown>(0, '1', null, 'ab'.repeat(32)))
  .map(([n, v]) => named(new Array<unknown>(n).fill(v), `new Array(${n}).fill(${JSON.stringify(v)})`));

/** Context-free junk (all JSON values). */
const jsonJunk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: specialValue },
  { weight: 2, arbitrary: junkString },
  { weight: 2, arbitrary: junkNumber },
  { weight: 1, arbitrary: hugeArray },
  { weight: 1, arbitrary: fc.constantFrom(...DEEP) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_PAYLOADS) },
  { weight: 1, arbitrary: fc.constantFrom(...FIELD_JUNK) },
);

/** Non-JSON JS values (for the smaller non-JSON properties). */
const jsJunk: fc.Arbitrary<unknown> = fc.anything({
  maxDepth: 2, withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true,
  withSparseArray: true, withTypedArray: true, withDate: true, withUnicodeString: true,
});

/**
 * Junk derived from the value being replaced: its number as a string and back, non-canonical
 * spellings of a field element, off-by-one dates and counts, a nonce in upper case, ...
 */
function derivedJunk(original: unknown): unknown[] {
  const out: unknown[] = [];
  if (typeof original === 'string') {
    out.push(`${original} `, ` ${original}`, original.toUpperCase(), original.slice(0, -1), original + original, original.slice(1), [original], { value: original });
    if (original.trim() !== '' && !Number.isNaN(Number(original))) out.push(Number(original));
    if (/^(0|[1-9][0-9]*)$/.test(original)) {
      const x = BigInt(original);
      out.push(
        (x + FIELD_MODULUS).toString(), (x + BASE_FIELD).toString(), (-x).toString(), `0x${x.toString(16)}`, `0${original}`, `00${original}`,
        `${original}.0`, `${original}n`, `+${original}`, (x + 1n).toString(), (x === 0n ? 1n : x - 1n).toString(), (x + 2n * FIELD_MODULUS).toString(),
        (x + 2n ** 256n).toString(),
      );
    }
    if (/^\d{4}-\d{2}-\d{2}/.test(original)) {
      out.push(Number(original.slice(0, 10).replaceAll('-', '')), `${original.slice(0, 8)}31`, `${original.slice(0, 5)}13-01`, original.slice(2), '0000-01-01', '10000-01-01', `${original.slice(0, 10)}T25:00:00Z`);
    }
    if (/^[0-9a-f]{64}$/.test(original)) out.push(`0x${original}`, original.slice(2), `${original}00`, `${original.slice(0, -1)}g`);
  } else if (typeof original === 'number') {
    out.push(String(original), original + 1, original - 1, -original, original + 0.5, original * 2 ** 40, [original], { value: original }, original !== 0);
  } else if (typeof original === 'boolean') {
    out.push(!original, String(original), original ? 1 : 0, [original]);
  } else if (Array.isArray(original)) {
    out.push([], original.slice(1), [...original, ...original], [...original, null], original.map(String), [...original].reverse(), [original], Object.fromEntries(original.entries()));
  } else if (isRecord(original)) {
    out.push({}, Object.values(original), JSON.stringify(original), [original]);
  }
  return out;
}

/**
 * Mutation lists (1-3 mutations) of `base`: replace a path (context-free or derived junk, or
 * another node of the same document), delete a path, or insert a key (often a prototype key).
 */
function mutations(base: unknown, options: { paths?: (p: Path) => boolean; junk?: fc.Arbitrary<unknown> } = {}): fc.Arbitrary<Mutation[]> {
  const paths = allPaths(base).filter(options.paths ?? (() => true));
  const containers = containerPaths(base).filter((p) => p.length === 0 || (options.paths ?? (() => true))(p));
  const junk = options.junk ?? jsonJunk;
  const swap = fc.constantFrom(...allPaths(base)).map((p) => structuredClone(getAt(base, p)));
  const replace = fc.constantFrom(...paths).chain((path) => {
    const derived = derivedJunk(getAt(base, path));
    const value = derived.length > 0
      ? fc.oneof({ weight: 3, arbitrary: junk }, { weight: 2, arbitrary: fc.constantFrom(...derived) }, { weight: 1, arbitrary: swap })
      : fc.oneof({ weight: 3, arbitrary: junk }, { weight: 1, arbitrary: swap });
    return value.map((v): Mutation => ({ kind: 'replace', path, value: v }));
  });
  const remove = fc.constantFrom(...paths).map((path): Mutation => ({ kind: 'delete', path }));
  const insert = fc.record({ path: fc.constantFrom(...containers), key: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })), value: junk })
    .map(({ path, key, value }): Mutation => ({ kind: 'insert', path, key, value }));
  return fc.array(fc.oneof({ weight: 6, arbitrary: replace }, { weight: 2, arbitrary: remove }, { weight: 2, arbitrary: insert }), { minLength: 1, maxLength: 3 });
}

// ---------------------------------------------------------------------------------------------
// The real documents.

const CIRCUIT = 'presentation-16-1-1-20';
const prover = createProver();
let presentation: Presentation;
let request: PresentationRequest;
let credential: Credential;
/** The same credential with the issuer's bbs-2023 signature (proof.bbs). */
let bbsCredential: Credential;
let registry: RegistryExport;
const HOLDER_SECRET = 1234567n;
let verificationKeys: Record<string, Record<string, unknown>>;
let rootViews: RootViews;
/** Valid requests of other shapes (for parseRequest), and one no circuit can express. */
const requests: { name: string; request: Record<string, unknown> }[] = [];
let unsupportedRequest: Record<string, unknown>;

interface Curve {
  G1: { fromObject(o: bigint[]): Uint8Array; toAffine(p: Uint8Array): Uint8Array; toObject(p: Uint8Array): bigint[] };
  G2: { fromObject(o: bigint[][]): Uint8Array; toAffine(p: Uint8Array): Uint8Array; toObject(p: Uint8Array): bigint[][] };
}
let curve: Curve;

const options = (): VerifyOptions => ({ verificationKeys, now: NOW, nonceStore: new MemoryNonceStore(), rootViews });
let linkedPresentation: Presentation;

beforeAll(async () => {
  // The issuer's clock reads NOW; it also holds a (seeded) bbs-2023 key for the linkable case.
  const bbsKeys = [await generateBbsKeyPair({ suite: 'bbs-2023', seed: new Uint8Array(32).fill(7) })];
  const issuer = new Issuer({ keys: issuerKeys(7), clock: () => NOW, bbsKeys });
  const holder = holderKeys(HOLDER_SECRET);
  const wallet = new Wallet({ holderSecret: holder.secret, prover });
  credential = issuePerson(issuer, holder, ERIKA);
  bbsCredential = await issuer.addBbsSignatures(credential, PERSON_SCHEMA);
  wallet.accept(bbsCredential);
  registry = issuer.exportRegistry();
  const acceptedKeys = defaultAcceptedKeys();
  const fresh = createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], disclose: ['givenName'], scope: 'shop.example',
    predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }], acceptedKeys, today: TODAY, now: NOW,
  });
  // A fixed nonce instead of createRequest's random one: the run does not depend on it.
  request = parseRequest({ ...fresh, nonce: 'ab'.repeat(32) }).request;
  presentation = await wallet.createPresentation({ request, registries: [registry], now: NOW });
  expect(presentation.zk?.circuit).toBe(CIRCUIT);
  verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
  rootViews = new RootViews();
  rootViews.addExport(registry);
  const honest = await verifyPresentation(presentation, request, options()); // also warms the curve
  expect(honest.errors).toEqual([]);
  expect(honest.verified).toBe(true);
  curve = (await snarkjs.curves.getCurveFromName('bn128')) as Curve;

  const base = { type: 'ZkDisclosureRequest', version: 1, today: TODAY, trustedIssuers: [issuer.did], maxRootAgeSeconds: 3600, acceptedKeys, expiresAt: request.expiresAt };
  requests.push(
    { name: 'snark (the presentation\'s)', request: structuredClone(request) as unknown as Record<string, unknown> },
    {
      name: 'rich schema, 4 slots',
      request: {
        ...base, nonce: 'cd'.repeat(32), scope: 'club.example',
        schema: {
          id: 'https://example.org/schemas/member/v1',
          attributes: [
            { name: 'name', type: 'string' }, { name: 'score', type: 'integer' }, { name: 'joined', type: 'date' },
            { name: 'active', type: 'boolean' }, { name: 'birthDate', type: 'date' }, { name: 'constructor', type: 'string' },
          ],
        },
        disclose: ['name', 'constructor'],
        predicates: [
          { attribute: 'score', op: 'between', min: -5, max: '9007199254740993' },
          { attribute: 'name', op: 'in', values: ['a', 'b', 'c'] },
          { attribute: 'joined', op: 'gte', value: '2020-01-01' },
          { attribute: 'birthDate', op: 'ageBelow', value: 65 },
        ],
      },
    },
    {
      name: 'linkable SNARK + BBS',
      request: {
        ...base, nonce: 'ef'.repeat(32), schema: structuredClone(request.schema), disclose: ['givenName'],
        predicates: [{ attribute: 'nationality', op: 'notIn', values: ['XX', 'YY'] }],
        bbs: { suite: 'bbs-2023', disclose: ['familyName'] },
      },
    },
  );
  unsupportedRequest = {
    ...base, nonce: '01'.repeat(32), schema: structuredClone(request.schema), disclose: [],
    predicates: [
      { attribute: 'givenName', op: 'eq', value: 'Erika' }, { attribute: 'familyName', op: 'ne', value: 'X' },
      { attribute: 'birthDate', op: 'lt', value: '2000-01-01' }, { attribute: 'birthDate', op: 'lte', value: '2000-01-01' },
      { attribute: 'birthDate', op: 'gt', value: '1900-01-01' },
    ],
  };
  for (const r of requests) expect(() => parseRequest(r.request), r.name).not.toThrow();
  snarkAnswer = { request, presentation };
  const linkedRequest = requests[2]!.request as unknown as PresentationRequest;
  linkedPresentation = await wallet.createPresentation({ request: linkedRequest, registries: [registry], now: NOW, allow: { linkable: true } });
  expect(linkedPresentation.linkable).toBe(true);
  linkedAnswer = { request: linkedRequest, presentation: linkedPresentation };
  const linked = await verifyPresentation(linkedPresentation, linkedRequest, options());
  expect(linked.errors).toEqual([]);
  expect(() => parseRequest(unsupportedRequest)).toThrow(RequestError);
  requests.push({ name: 'unsupported (5 predicates)', request: unsupportedRequest });
}, 300_000);

afterAll(async () => {
  await prover.close();
  await releaseCurve();
  if (process.env.ZKD_FUZZ_REPORT === '1') {
    // Counts for the report (npx vitest run with ZKD_FUZZ_REPORT=1); silent otherwise.
    console.log(JSON.stringify({
      generated: Object.fromEntries(generated), pairings: memo.real, memoHits: memo.hits,
      firstCodes: Object.fromEntries(firstCodes),
    }, null, 1));
  }
});

// ---------------------------------------------------------------------------------------------
// Oracles.

/**
 * A coordinate as snarkjs passes it to the curve: unstringifyBigInts turns decimal and 0x-hex
 * strings into bigints and leaves any other string as is (ffjavascript then reads such a
 * string as hex digits, 8 at a time, so "1 " is 1: part of finding F1).
 */
const coordinate = (x: unknown): unknown => (typeof x === 'string' && (/^[0-9]+$/.test(x) || /^0x[0-9a-fA-F]+$/.test(x)) ? BigInt(x) : x);

/**
 * The affine points a snarkjs proof denotes, decoded by the very curve functions snarkjs
 * verify uses (G1/G2.fromObject); the proof itself when it does not decode.
 */
function proofPoints(proof: unknown): unknown {
  try {
    if (!isRecord(proof) || !Array.isArray(proof.pi_a) || !Array.isArray(proof.pi_b) || !Array.isArray(proof.pi_c)) return proof;
    const g1 = (p: unknown[]): string => curve.G1.toObject(curve.G1.toAffine(curve.G1.fromObject(p.map(coordinate) as bigint[]))).join(',');
    const g2 = (p: unknown[]): string => {
      const rows = p.map((row) => (Array.isArray(row) ? row.map(coordinate) : row));
      return curve.G2.toObject(curve.G2.toAffine(curve.G2.fromObject(rows as bigint[][]))).map((r) => r.join(',')).join(';');
    };
    return { a: g1(proof.pi_a), b: g2(proof.pi_b), c: g1(proof.pi_c) };
  } catch {
    return proof;
  }
}

let unserialisable = 0;
const safeCanonical = (value: unknown): string => {
  try {
    return canonicalJson(value);
  } catch {
    return `<unserialisable ${unserialisable++}>`; // never equal to anything
  }
};

const pick = (o: Record<string, unknown>, keys: string[]): Record<string, unknown> => Object.fromEntries(keys.filter((k) => Object.hasOwn(o, k)).map((k) => [k, o[k]]));

/** base64url bytes as hex (non-canonical spellings of the same bytes compare equal), else the value. */
const b64 = (x: unknown): unknown => {
  try {
    return typeof x === 'string' ? Buffer.from(base64urlnopad.decode(x)).toString('hex') : x;
  } catch {
    return x;
  }
};

/**
 * What a presentation means to the verifier: the fields it reads (unknown keys dropped,
 * `linkable` as a boolean), the proof as curve points rather than strings, and the BBS half's
 * fields (its proof as bytes).
 */
function meaning(p: unknown): string {
  if (!isRecord(p)) return safeCanonical({ notAnObject: p });
  const { zk, bbs } = p;
  const keyStatement = isRecord(bbs) ? bbs.keyStatement : undefined;
  return safeCanonical({
    type: p.type, version: p.version, nonce: p.nonce, linkable: p.linkable === true,
    issuer: p.issuer,
    disclosed: p.disclosed,
    zk: isRecord(zk) ? { circuit: zk.circuit, vkeyHash: zk.vkeyHash, publicSignals: zk.publicSignals, proof: proofPoints(zk.proof) } : zk,
    bbs: isRecord(bbs)
      ? {
        ...pick(bbs, ['suite', 'disclosed', 'schemaId', 'validUntil', 'commitment']), proof: b64(bbs.proof),
        keyStatement: isRecord(keyStatement) ? pick(keyStatement, ['issuer', 'keys', 'issuedAt', 'signature']) : keyStatement,
      }
      : bbs,
  });
}

/** A real presentation and the request it answers. */
interface Answer {
  request: PresentationRequest;
  presentation: Presentation;
  meaning?: string;
}
/** CPU milliseconds this process spent since `start` (a process.cpuUsage() reading). */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

let snarkAnswer: Answer;
let linkedAnswer: Answer;

/**
 * Calls verifyPresentation and checks properties 1: no throw, < 2 s,
 * result shape, and verified only for a presentation that means the same as the real one
 * (and never against another request than the one it answers).
 */
async function checkVerify(mutant: unknown, label: string, req: unknown = request, answer: Answer = snarkAnswer): Promise<VerificationResult | undefined> {
  const start = process.cpuUsage();
  let result: VerificationResult;
  try {
    result = await verifyPresentation(mutant, req, options());
  } catch (err) {
    throw new Error(`verifyPresentation threw ${(err as Error)?.constructor?.name}: ${String((err as Error)?.message).slice(0, 300)}`);
  }
  const ms = cpuMsSince(start);
  expect(ms, `${label}: verifyPresentation took ${ms.toFixed(0)} ms of CPU time`).toBeLessThan(PER_CALL_MS);
  expect(typeof result.verified).toBe('boolean');
  for (const e of result.errors) {
    expect(typeof e.code).toBe('string');
    expect(e.message.length, `message of ${e.code} echoes untrusted content`).toBeLessThan(MAX_MESSAGE);
  }
  if (result.verified) {
    expect(safeCanonical(req), `${label}: verified against another request`).toBe(safeCanonical(answer.request));
    answer.meaning ??= meaning(answer.presentation);
    expect(meaning(mutant), `${label}: a presentation that means something else verified`).toBe(answer.meaning);
    const proof = (mutant as Presentation).zk?.proof;
    const honest = answer.presentation.zk!.proof;
    expect(JSON.stringify([proof?.pi_a, proof?.pi_b, proof?.pi_c]), `${label}: a re-encoded proof verified`)
      .toBe(JSON.stringify([honest.pi_a, honest.pi_b, honest.pi_c]));
  } else {
    expect(result.errors.length, `${label}: refused without an error`).toBeGreaterThan(0);
    expect(result.disclosed).toEqual({});
    firstCodes.set(result.errors[0]!.code, (firstCodes.get(result.errors[0]!.code) ?? 0) + 1);
  }
  return result;
}

/**
 * Whether a parsed request is usable by the verifier and the wallet: no holes or non-objects
 * where the compiled statement has slots, set values, disclosed names and issuers.
 */
function usable(parsed: ParsedRequest): boolean {
  const dense = (a: readonly unknown[], ok: (x: unknown) => boolean): boolean => {
    for (let i = 0; i < a.length; i++) if (!ok(a[i])) return false;
    return true;
  };
  return dense(parsed.slots, (s) => isRecord(s) && dense((s as { set: unknown[] }).set, (v) => typeof v === 'bigint'))
    && dense(parsed.request.disclose, (x) => typeof x === 'string')
    && dense(parsed.request.trustedIssuers, (x) => typeof x === 'string');
}

/**
 * Property 2: parseRequest returns (a usable request, checked for JSON inputs) or throws
 * InputError (with a field) / RequestError.
 */
function checkParseRequest(mutant: unknown, options: { json: boolean } = { json: true }): void {
  const start = process.cpuUsage();
  try {
    const parsed = parseRequest(mutant);
    if (options.json) expect(usable(parsed), 'parseRequest accepted a request with holes or non-objects').toBe(true);
  } catch (err) {
    if (err instanceof InputError) {
      expect(typeof err.field).toBe('string');
      expect(err.field.length).toBeGreaterThan(0);
      expect(err.message.length, 'InputError message echoes untrusted content').toBeLessThan(MAX_MESSAGE);
    } else if (!(err instanceof RequestError)) {
      throw new Error(`parseRequest threw ${(err as Error)?.constructor?.name}: ${String((err as Error)?.message).slice(0, 300)}`);
    }
  }
  expect(cpuMsSince(start)).toBeLessThan(PER_CALL_MS);
}

let honestSigned: string;

/** Property 3: openCredential throws only InputError / CredentialError, returns only the real credential. */
function checkOpenCredential(mutant: unknown): void {
  const start = process.cpuUsage();
  let opened: ReturnType<typeof openCredential> | undefined;
  try {
    opened = openCredential(mutant);
  } catch (err) {
    if (!(err instanceof InputError) && !(err instanceof CredentialError)) {
      throw new Error(`openCredential threw ${(err as Error)?.constructor?.name}: ${String((err as Error)?.message).slice(0, 300)}`);
    }
    if (err instanceof InputError) expect(typeof err.field).toBe('string');
  }
  expect(cpuMsSince(start)).toBeLessThan(PER_CALL_MS);
  if (opened !== undefined) {
    honestSigned ??= canonicalJson(signedPart(credential));
    const m = mutant as Credential;
    expect(canonicalJson(signedPart(m)), 'a credential with another signed content opened').toBe(honestSigned);
    expect(m.proof.signature).toBe(credential.proof.signature);
    expect(opened.commitment.toString()).toBe(credential.proof.commitment);
  }
}

// ---------------------------------------------------------------------------------------------
// Properties.

const isProofPart = (p: Path): boolean => p[0] === 'zk' && (p[1] === 'proof' || p[1] === 'publicSignals') && p.length > 2;

describe('1. verifyPresentation(mutated presentation, valid request)', () => {
  test('1a. mutations outside the proof: never throws, < 2 s, verified only when equivalent', async () => {
    await fc.assert(
      fc.asyncProperty(mutations(presentation, { paths: (p) => !isProofPart(p) }), async (muts) => {
        count('presentation: mutations outside the proof');
        await checkVerify(applyMutations(presentation, muts), 'outside-proof mutant');
      }),
      { seed: 0x1a, numRuns: 3000 },
    );
  });

  test('1b. mutations of proof points and public signals (real pairings)', async () => {
    await fc.assert(
      fc.asyncProperty(mutations(presentation, { paths: isProofPart }), async (muts) => {
        count('presentation: proof and public-signal mutations');
        await checkVerify(applyMutations(presentation, muts), 'proof mutant');
      }),
      { seed: 0x1b, numRuns: 1000 },
    );
  });

  test('1c. random JSON and presentation-shaped random documents', async () => {
    const real = presentation;
    const field = fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n }).map(String);
    const shaped = fc.record({
      type: fc.oneof(fc.constant(real.type), jsonJunk),
      version: fc.oneof(fc.constant(1), jsonJunk),
      nonce: fc.oneof(fc.constant(real.nonce), junkString),
      issuer: fc.oneof(fc.constant(real.issuer), jsonJunk),
      disclosed: fc.oneof(fc.constant(real.disclosed), fc.dictionary(fc.oneof(fc.constantFrom('givenName', 'familyName', ...PROTO_KEYS), fc.string()), jsonJunk, { maxKeys: 4 })),
      linkable: jsonJunk,
      bbs: jsonJunk,
      zk: fc.oneof(jsonJunk, fc.record({
        circuit: fc.oneof(fc.constantFrom(CIRCUIT, 'presentation-16-4-32-20', ...PROTO_KEYS), junkString),
        vkeyHash: fc.oneof(fc.constant(real.zk!.vkeyHash), junkString),
        proof: fc.oneof({ weight: 5, arbitrary: fc.constant(real.zk!.proof) }, { weight: 1, arbitrary: jsonJunk }),
        publicSignals: fc.oneof(
          { weight: 20, arbitrary: fc.constant(real.zk!.publicSignals) },
          { weight: 1, arbitrary: fc.array(field, { minLength: 30, maxLength: 30 }) },
          { weight: 2, arbitrary: jsonJunk },
        ),
      }, { requiredKeys: [] })),
    }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 1, arbitrary: fc.jsonValue() }, { weight: 4, arbitrary: shaped }), async (doc) => {
        count('presentation: random documents');
        await checkVerify(doc, 'random document');
      }),
      { seed: 0x1c, numRuns: 3000 },
    );
  });

  test('1d. non-JSON JS values (bigint, Map, sparse arrays, null prototypes) outside the proof', async () => {
    await fc.assert(
      fc.asyncProperty(mutations(presentation, { paths: (p) => !isProofPart(p), junk: jsJunk }), async (muts) => {
        count('presentation: non-JSON values');
        await checkVerify(applyMutations(presentation, muts), 'non-JSON mutant');
      }),
      { seed: 0x1d, numRuns: 300 },
    );
  });
});

describe('1e. verifyPresentation(mutated presentation, another valid request)', () => {
  test('never throws, never verifies', async () => {
    // The 4-slot, the linkable SNARK+BBS and the presentation's own request; requests[3] is
    // unsupported (parseRequest throws: caller misuse, not untrusted input).
    const valid = requests.slice(0, 3);
    const arb = fc.tuple(fc.integer({ min: 0, max: valid.length - 1 }), fc.oneof(fc.constant([] as Mutation[]), mutations(presentation, { paths: (p) => !isProofPart(p) })));
    await fc.assert(
      fc.asyncProperty(arb, async ([i, muts]) => {
        count('presentation: against other requests');
        await checkVerify(applyMutations(presentation, muts), `against ${valid[i]!.name}`, valid[i]!.request);
      }),
      { seed: 0x1e, numRuns: 1000 },
    );
  });
});

describe('1f. verifyPresentation(mutated linkable SNARK + BBS presentation, its request)', () => {
  test('never throws, < 2 s, verified only when equivalent (BBS verification runs for real)', async () => {
    const inBbs = (p: Path): boolean => p[0] === 'bbs';
    const arb = fc.oneof(
      { weight: 3, arbitrary: mutations(linkedPresentation, { paths: inBbs }) },
      { weight: 1, arbitrary: mutations(linkedPresentation, { paths: (p) => !isProofPart(p) }) },
    );
    await fc.assert(
      fc.asyncProperty(arb, async (muts) => {
        count('presentation: linkable SNARK + BBS mutations');
        await checkVerify(applyMutations(linkedPresentation, muts), 'linkable mutant', linkedAnswer.request, linkedAnswer);
      }),
      { seed: 0x1f, numRuns: 400 },
    );
  });
});

describe('2. parseRequest(mutated request)', () => {
  test('2a. mutations of four real requests: returns, or throws InputError (with field) / RequestError', () => {
    const perRequest = requests.map((r) => mutations(r.request));
    const arb = fc.integer({ min: 0, max: requests.length - 1 }).chain((i) => perRequest[i]!.map((m) => ({ i, m })));
    fc.assert(
      fc.property(arb, ({ i, m }) => {
        count('request: mutations');
        checkParseRequest(applyMutations(requests[i]!.request, m));
      }),
      { seed: 0x2a, numRuns: 4000 },
    );
  });

  test('2b. random JSON and request-shaped random documents', () => {
    const real = requests[1]!.request;
    const shaped = fc.record(
      Object.fromEntries(Object.keys(real).map((k) => [k, fc.oneof(fc.constant(real[k]), jsonJunk)])),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), shaped), (doc) => {
        count('request: random documents');
        checkParseRequest(doc);
      }),
      { seed: 0x2b, numRuns: 700 },
    );
  });

  test('2c. non-JSON JS values', () => {
    const perRequest = requests.map((r) => mutations(r.request, { junk: jsJunk }));
    const arb = fc.integer({ min: 0, max: requests.length - 1 }).chain((i) => perRequest[i]!.map((m) => ({ i, m })));
    fc.assert(
      fc.property(arb, ({ i, m }) => {
        count('request: non-JSON values');
        // Sparse arrays are refused with an InputError (finding F5).
        checkParseRequest(applyMutations(requests[i]!.request, m), { json: false });
      }),
      { seed: 0x2c, numRuns: 300 },
    );
  });
});

describe('3. openCredential(mutated credential)', () => {
  test('3a. mutations: throws only InputError / CredentialError; opens only the unmodified content', () => {
    fc.assert(
      fc.property(mutations(credential), (m) => {
        count('credential: mutations');
        checkOpenCredential(applyMutations(credential, m));
      }),
      { seed: 0x3a, numRuns: 1200 },
    );
  });

  test('3b. random JSON, credential-shaped documents and non-JSON values', () => {
    const real = credential as unknown as Record<string, unknown>;
    const shaped = fc.record(Object.fromEntries(Object.keys(real).map((k) => [k, fc.oneof(fc.constant(real[k]), jsonJunk)])), { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), shaped, mutations(credential, { junk: jsJunk }).map((m) => applyMutations(credential, m))), (doc) => {
        count('credential: random and non-JSON');
        checkOpenCredential(doc);
      }),
      { seed: 0x3b, numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Size limits (issue 13, limits.ts): a random part of a real document grown to its limit is
// not refused for size; one past it, or far past it (up to 1 MB, 100,000 items or keys, 10,000
// deep), is refused by exactly that limit: LIMIT_EXCEEDED in the verification result, a
// LimitError from parseRequest and openCredential.

type Size = 'at' | 'over' | 'far';
interface Growth { doc: unknown; limit: string; size: Size }

/** `doc` with the node at `path` grown to its limit (`at`), one past it, or far past it. */
function grow(kind: DocumentKind, doc: unknown, path: Path, size: Size): Growth {
  const copy = structuredClone(doc);
  const node = path.length === 0 ? copy : getAt(copy, path);
  const set = (value: unknown): void => {
    if (path.length === 0) throw new Error('the root is an object');
    setOwn((path.length === 1 ? copy : getAt(copy, path.slice(0, -1))) as object, path[path.length - 1]!, value);
  };
  const target = (max: number, far: number): number => (size === 'at' ? max : size === 'over' ? max + 1 : far);
  if (typeof node === 'string') {
    const { limit, max } = limitAt(kind, path, 'length');
    set('x'.repeat(target(max, 1024 * 1024)));
    return { doc: copy, limit, size };
  }
  if (Array.isArray(node)) {
    const { limit, max } = limitAt(kind, path, 'items');
    const filler = node.length > 0 ? node[node.length - 1] : 0;
    const n = target(max, 100_000);
    while (node.length < n) node.push(structuredClone(filler));
    node.length = n;
    return { doc: copy, limit, size };
  }
  if (isRecord(node)) {
    const { limit, max } = limitAt(kind, path, 'keys');
    const n = target(max, 100_000);
    const keys = Object.keys(node);
    for (const key of keys.slice(n)) delete node[key];
    for (let i = 0, have = keys.length; have < n; i++) {
      if (!Object.hasOwn(node, `k${i}`)) {
        node[`k${i}`] = 0;
        have++;
      }
    }
    return { doc: copy, limit, size };
  }
  // A scalar: replace it by nested arrays, the innermost value at the depth limit (or past it).
  const depth = LIMITS[kind].depth - path.length;
  let value: unknown = 0;
  for (let i = 0; i < target(depth, 10_000); i++) value = [value];
  set(value);
  return { doc: copy, limit: `${kind}.depth`, size };
}

/** Paths of a document that growth may target, the root included. */
const growable = (doc: unknown, skip: (p: Path) => boolean = () => false): Path[] => [[], ...allPaths(doc)].filter((p) => !skip(p));
const sizes = fc.constantFrom<Size>('at', 'over', 'over', 'far');

describe('5. size limits (limits.ts)', () => {
  // verifyPresentation checks type and version before the limits: growing them is a shape error.
  const shapeFields = (p: Path): boolean => p.length === 1 && (p[0] === 'type' || p[0] === 'version');

  test('5a. presentations: refused by exactly the exceeded limit, never for a part at its limit', async () => {
    const cases = [
      { doc: presentation, answer: snarkAnswer, runs: 250 },
      { doc: linkedPresentation, answer: linkedAnswer, runs: 60 },
    ];
    for (const { doc, answer, runs } of cases) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...growable(doc, shapeFields)), sizes, async (path, size) => {
          count('presentation: grown to or past a limit');
          const g = grow('presentation', doc, path, size);
          const result = await verifyPresentation(g.doc, answer.request, options());
          const limited = result.errors.filter((e) => e.code === 'LIMIT_EXCEEDED');
          if (size === 'at') expect(limited, `${path.join('.')} at ${g.limit}`).toEqual([]);
          else expect(result.errors, `${path.join('.')} past ${g.limit}`).toEqual([expect.objectContaining({ code: 'LIMIT_EXCEEDED', limit: g.limit })]);
        }),
        { seed: 0x5a, numRuns: runs },
      );
    }
  });

  test('5b. requests: LimitError naming exactly the exceeded limit, none at the limit', () => {
    for (const { request: doc } of requests.slice(0, 3)) {
      fc.assert(
        fc.property(fc.constantFrom(...growable(doc)), sizes, (path, size) => {
          count('request: grown to or past a limit');
          const g = grow('request', doc, path, size);
          let err: unknown;
          try {
            parseRequest(g.doc);
          } catch (e) {
            err = e;
          }
          if (size === 'at') expect(err instanceof LimitError ? err.limit : undefined, path.join('.')).toBeUndefined();
          else expect(err instanceof LimitError ? err.limit : err, path.join('.')).toBe(g.limit);
        }),
        { seed: 0x5b, numRuns: 150 },
      );
    }
  });

  test('5c. credentials: LimitError naming exactly the exceeded limit, none at the limit', () => {
    fc.assert(
      fc.property(fc.constantFrom(...growable(bbsCredential)), sizes, (path, size) => {
        count('credential: grown to or past a limit');
        const g = grow('credential', bbsCredential, path, size);
        let err: unknown;
        try {
          openCredential(g.doc);
        } catch (e) {
          err = e;
        }
        if (size === 'at') expect(err instanceof LimitError ? err.limit : undefined, path.join('.')).toBeUndefined();
        else expect(err instanceof LimitError ? err.limit : err, path.join('.')).toBe(g.limit);
      }),
      { seed: 0x5c, numRuns: 300 },
    );
  });
});

describe('4. after the run', () => {
  test('no prototype was polluted', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeSnapshot.object);
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(prototypeSnapshot.array);
    expect(Object.getOwnPropertyNames(Function.prototype).sort()).toEqual(prototypeSnapshot.func);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  test('at least 10,000 malformed requests and presentations were generated', () => {
    const total = [...generated.values()].reduce((a, b) => a + b, 0);
    const requestsAndPresentations = [...generated].filter(([k]) => !k.startsWith('credential')).reduce((a, [, n]) => a + n, 0);
    expect(requestsAndPresentations).toBeGreaterThanOrEqual(10_000);
    expect(total).toBeGreaterThanOrEqual(11_000);
    // The memo answered most verifications; 1b made real pairings.
    expect(memo.real).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Regression tests for the findings (see the header).

describe('regressions of the fuzz findings', () => {
  const withProof = (edit: (proof: Record<string, unknown>) => void): Presentation => {
    const copy = structuredClone(presentation);
    edit(copy.zk!.proof as unknown as Record<string, unknown>);
    return copy;
  };
  const pi = (p: Presentation): bigint[] => p.zk!.proof.pi_a.map(BigInt);

  test('F1: a proof with a non-canonical coordinate encoding is refused', async () => {
    const [x, y] = pi(presentation);
    const l = 5n;
    const reencoded = [
      withProof((p) => { (p.pi_a as string[])[0] = `0x${x!.toString(16)}`; }),
      withProof((p) => { (p.pi_a as string[])[0] = (x! + BASE_FIELD).toString(); }),
      withProof((p) => { (p.pi_a as string[])[0] = `00${x}`; }),
      withProof((p) => { (p.pi_c as string[])[2] = '1 '; }), // found by 1b: any non-decimal string is read as hex
      // Jacobian coordinates (x·l², y·l³, l) of the same point.
      withProof((p) => { p.pi_a = [(x! * l * l) % BASE_FIELD, (y! * l * l * l) % BASE_FIELD, l].map(String); }),
    ];
    for (const p of reencoded) expect((await verifyPresentation(p, request, options())).verified).toBe(false);
  });

  test('F2: a presentation whose binding already failed costs no pairing', async () => {
    const copy = structuredClone(presentation);
    copy.nonce = 'cd'.repeat(32); // NONCE_MISMATCH: known before any curve arithmetic
    copy.zk!.proof.pi_a[0] = `000${copy.zk!.proof.pi_a[0]}`; // a proof string never seen: no memo hit
    const before = memo.real;
    const result = await verifyPresentation(copy, request, options());
    expect(result.verified).toBe(false);
    expect(memo.real).toBe(before);
  });

  test('F4: a presentation naming a circuit too small for the request is refused, not thrown', async () => {
    // The real 1-slot presentation against the 4-predicate request (needs presentation-16-4-32-20).
    const result = await verifyPresentation(presentation, requests[1]!.request, options());
    expect(result.verified).toBe(false);
  });

  test('F4: ... also for a set larger than the 1-slot circuit\'s (a 300-byte JSON document)', async () => {
    const setRequest = { ...request, predicates: [{ attribute: 'nationality', op: 'in', values: ['DE', 'FR'] }] };
    const junk = JSON.parse(JSON.stringify({
      type: 'ZkDisclosurePresentation', version: 1, nonce: request.nonce, disclosed: {},
      zk: { circuit: CIRCUIT, vkeyHash: '', proof: { pi_a: ['1', '2', '1'], pi_b: [['1', '2'], ['1', '2'], ['1', '0']], pi_c: ['1', '2', '1'] }, publicSignals: new Array(30).fill('0') },
    })) as unknown;
    expect((await verifyPresentation(junk, setRequest, options())).verified).toBe(false);
  });

  test('F6: a BBS half whose suite is a 6,000-deep array (12 KB of JSON) is refused, not thrown', async () => {
    const copy = structuredClone(linkedPresentation) as unknown as { bbs: Record<string, unknown> };
    copy.bbs.suite = JSON.parse(`${'['.repeat(6000)}${']'.repeat(6000)}`);
    expect((await verifyPresentation(copy, linkedAnswer.request, options())).verified).toBe(false);
  });

  test('F7: verifyCredentialBbs throws only CredentialError for a malformed (unsigned) proof.bbs', async () => {
    const opened = openCredential(bbsCredential);
    const malformed: ((bbs: Record<string, unknown>) => void)[] = [
      (b) => { b.signatures = {}; }, // TypeError: not iterable
      (b) => { b.signatures = [null]; }, // TypeError: reading 'suite'
    ];
    for (const edit of malformed) {
      const copy = structuredClone(bbsCredential);
      edit(copy.proof.bbs as unknown as Record<string, unknown>);
      expect(() => openCredential(copy)).toThrow(CredentialError); // proof.bbs is unsigned: its shape is checked
      await expect(verifyCredentialBbs(opened.schema, copy, opened.validUntil)).rejects.toBeInstanceOf(CredentialError);
    }
    // A suite nested 6000 deep (once a RangeError) is now refused by the credential's size limits
    // before anything reads it: a LimitError naming the field.
    const deep = structuredClone(bbsCredential);
    (deep.proof.bbs as unknown as { signatures: Record<string, unknown>[] }).signatures[0]!.suite = JSON.parse(`${'['.repeat(6000)}${']'.repeat(6000)}`);
    expect(() => openCredential(deep)).toThrow(LimitError);
    await expect(verifyCredentialBbs(opened.schema, deep, opened.validUntil)).rejects.toBeInstanceOf(ZkdError);
  });

  test('F7: a wallet refuses to store a credential with proof.bbs = {} (CredentialError, no TypeError)', () => {
    const copy = structuredClone(bbsCredential) as unknown as { proof: { bbs: unknown } };
    copy.proof.bbs = {};
    const wallet = new Wallet({ holderSecret: HOLDER_SECRET, prover });
    expect(() => wallet.accept(copy)).toThrow(CredentialError);
  });

  test('F5: parseRequest refuses a request built in JS whose predicates array has holes', () => {
    // new Array(2): no JSON document has holes, but a caller building a request in code can.
    expect(() => parseRequest({ ...request, predicates: new Array(2) })).toThrow(InputError);
  });

  test('F3: zk.circuit "constructor" is an unknown circuit (UNKNOWN_VERIFICATION_KEY)', async () => {
    for (const circuit of ['constructor', '__proto__', 'toString']) {
      const copy = structuredClone(presentation);
      copy.zk!.circuit = circuit;
      const result = await verifyPresentation(copy, request, options());
      expect(result.errors.map((e) => e.code)).toEqual(['UNKNOWN_VERIFICATION_KEY']);
    }
  });
});
