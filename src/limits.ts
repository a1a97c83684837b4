/**
 * Size limits on every untrusted document: requests, presentations, credentials and BBS key
 * statements (issue 13 item 2). Verification work must not grow with the size of what an
 * attacker sends, so every document is measured against its limits FIRST, before any Poseidon
 * hash, canonical-JSON signature check, pairing or BBS call: a walk that stops at the first
 * excess, without copying or encoding anything. Text is measured before it is parsed.
 *
 * Each limit has a stable name (`presentation.disclosed.keys`, `request.predicates.*.values.items`,
 * ...; `*` stands for any key or index) and a maximum; LIMIT_TABLE lists them all (the README's
 * "Limits" table is checked against it). Kinds of limit:
 *   text    UTF-8 bytes of the JSON text (text entry points only)
 *   depth   nesting: the document is depth 0, its fields 1, ...
 *   nodes   values in the whole document (objects, arrays, strings, numbers, ...)
 *   keys    own enumerable keys of one object
 *   items   length of one array
 *   length  UTF-16 length of one string
 * A named rule applies to the node at its path; every other object, array or string gets the
 * document's default (`<kind>.keys`, `<kind>.items`, `<kind>.length`).
 * The limits sit far above what honest documents need (README "Limits" says how far) and far
 * below what makes refusing them cost more than an honest verification.
 */
import { MAX_REQUEST_PARTS } from './constants.js';
import { InputError } from './errors.js';

/** The untrusted document kinds that have limits. */
export type DocumentKind = 'request' | 'presentation' | 'credential' | 'keyStatement' | 'multiRequest' | 'multiPresentation';

/** Limits of one node and its descendants. */
interface Rule {
  keys?: number;
  items?: number;
  length?: number;
  /** Rules of named children. */
  children?: Record<string, Rule>;
  /** The rule of every child not named in `children`. */
  each?: Rule;
}

interface DocumentLimits {
  text: number;
  depth: number;
  nodes: number;
  /** Defaults for nodes without a rule of their own. */
  keys: number;
  items: number;
  length: number;
  rule: Rule;
}

const KEY_STATEMENT: Rule = {
  keys: 8,
  children: {
    issuer: { length: 128 },
    issuedAt: { length: 64 },
    signature: { length: 128 },
    keys: { items: 2, each: { keys: 4, children: { suite: { length: 16 }, publicKey: { length: 256 } } } },
  },
};

/** Field elements and hashes as text: a canonical decimal below p has at most 77 digits. */
const FIELD_TEXT: Rule = { length: 80 };

/** A request's own fields, the envelope of a multi-credential request. */
const REQUEST_ENVELOPE: Record<string, Rule> = {
  nonce: { length: 64 },
  today: { length: 32 },
  expiresAt: { length: 64 },
  scope: { length: 512 },
  verifier: { keys: 4, children: { did: { length: 128 }, signature: { length: 128 } } },
  audience: { length: 256 },
  nonceSeed: { length: 64 },
};

/** What a request asks about one credential: a single request's statement, a multi-credential request's part. */
const REQUEST_STATEMENT: Record<string, Rule> = {
  schema: { keys: 4, children: { id: { length: 256 }, attributes: { items: 16, each: { keys: 4, children: { name: { length: 64 }, type: { length: 16 } } } } } },
  trustedIssuers: { items: 64, each: { length: 256 } },
  disclose: { items: 16, each: { length: 64 } },
  predicates: { items: 16, each: { keys: 8, children: { attribute: { length: 64 }, op: { length: 16 }, values: { items: 64, each: { length: 512 } } } } },
  acceptedKeys: { items: 16, each: { keys: 4, children: { circuit: { length: 64 }, vkeyHash: { length: 64 } } } },
  bbs: { keys: 4, children: { suite: { length: 16 }, mode: { length: 16 }, disclose: { items: 16, each: { length: 64 } } } },
};

const REQUEST_RULE: Rule = { children: { ...REQUEST_ENVELOPE, ...REQUEST_STATEMENT } };

const PRESENTATION_RULE: Rule = {
  children: {
    nonce: { length: 64 },
    issuer: { length: 256 },
    disclosed: { keys: 16, each: { length: 512 } },
    zk: {
      keys: 12,
      children: {
        circuit: { length: 64 },
        vkeyHash: { length: 64 },
        proof: { keys: 8, each: { items: 3, each: { items: 2, length: 80, each: FIELD_TEXT } } },
        publicSignals: { items: 64, each: FIELD_TEXT },
      },
    },
    bbs: {
      keys: 12,
      children: {
        suite: { length: 16 },
        keyStatement: KEY_STATEMENT,
        proof: { length: 8192 },
        disclosed: { keys: 16, each: { length: 512 } },
        schemaId: FIELD_TEXT,
        validUntil: { length: 32 },
        commitment: FIELD_TEXT,
      },
    },
  },
};

/** Every limit, by document kind. */
export const LIMITS: Readonly<Record<DocumentKind, DocumentLimits>> = {
  request: {
    text: 64 * 1024, depth: 6, nodes: 2048, keys: 32, items: 64, length: 512,
    rule: REQUEST_RULE,
  },
  presentation: {
    text: 64 * 1024, depth: 6, nodes: 512, keys: 16, items: 16, length: 512,
    rule: PRESENTATION_RULE,
  },
  credential: {
    text: 64 * 1024, depth: 6, nodes: 512, keys: 16, items: 16, length: 512,
    rule: {
      children: {
        '@context': { items: 8 },
        type: { items: 8 },
        id: { length: 200 },
        issuer: { length: 256 },
        validFrom: { length: 64 },
        validUntil: { length: 64 },
        credentialSchema: {
          keys: 8,
          children: { id: { length: 256 }, digest: FIELD_TEXT, attributes: { items: 16, each: { keys: 4, children: { name: { length: 64 }, type: { length: 16 } } } } },
        },
        credentialSubject: { keys: 4, children: { holderCommitment: FIELD_TEXT, attributes: { keys: 16, each: { length: 512 } } } },
        proof: {
          keys: 16,
          children: {
            commitment: FIELD_TEXT,
            salt: FIELD_TEXT,
            signature: { length: 128 },
            bbs: { keys: 4, children: { keyStatement: KEY_STATEMENT, signatures: { items: 2, each: { keys: 4, children: { suite: { length: 16 }, signature: { length: 1024 } } } } } },
          },
        },
      },
    },
  },
  keyStatement: { text: 4096, depth: 3, nodes: 32, keys: 8, items: 2, length: 256, rule: KEY_STATEMENT },
  // A multi-credential request or presentation: the envelope and up to MAX_REQUEST_PARTS parts, each
  // limited like a single request's statement or a single presentation (multi-request.ts).
  multiRequest: {
    text: 128 * 1024, depth: 8, nodes: 4096, keys: 32, items: 64, length: 512,
    rule: { children: { ...REQUEST_ENVELOPE, parts: { items: MAX_REQUEST_PARTS, each: { keys: 16, children: REQUEST_STATEMENT } } } },
  },
  multiPresentation: {
    text: 256 * 1024, depth: 8, nodes: 2048, keys: 16, items: 16, length: 512,
    rule: { children: { nonce: { length: 64 }, parts: { items: MAX_REQUEST_PARTS, each: { keys: 16, children: PRESENTATION_RULE.children! } } } },
  },
};

/** One limit exceeded: which (`limit`, its `max`) and where (`field`). */
export interface LimitProblem {
  limit: string;
  max: number;
  field: string;
  message: string;
}

/** A document exceeds a size limit; `limit` names it (see LIMIT_TABLE), `max` is its value. */
export class LimitError extends InputError {
  readonly limit: string;
  readonly max: number;
  constructor(problem: LimitProblem) {
    super(problem.field, problem.message, 'LIMIT_EXCEEDED');
    this.limit = problem.limit;
    this.max = problem.max;
  }
}

interface Frame {
  value: unknown;
  field: string;
  /** The limit name of this node's rule path, e.g. `presentation.disclosed.*`. */
  rulePath: string;
  rule: Rule | undefined;
  depth: number;
}

function problem(limit: string, max: number, field: string, what: string): LimitProblem {
  return { limit, max, field, message: `${what} (limit ${limit} = ${max})` };
}

function childName(field: string, key: string | number): string {
  return typeof key === 'number' ? `${field}[${key}]` : `${field}.${key.slice(0, 64)}`;
}

/** The rule (and its limit-name path) of a child: its named rule, else the parent's `each`. */
function childRule(rule: Rule | undefined, rulePath: string, key: string | number): { rule: Rule | undefined; rulePath: string } {
  const own = typeof key === 'string' && rule?.children !== undefined && Object.hasOwn(rule.children, key);
  return own ? { rule: rule.children![key as string], rulePath: `${rulePath}.${key}` } : { rule: rule?.each, rulePath: `${rulePath}.*` };
}

/** The limit of one kind that applies to a node: its rule's, else the document's default. */
function applicable(kind: DocumentKind, rule: Rule | undefined, rulePath: string, what: 'keys' | 'items' | 'length'): { limit: string; max: number } {
  const own = rule?.[what];
  return own !== undefined ? { limit: `${rulePath}.${what}`, max: own } : { limit: `${kind}.${what}`, max: LIMITS[kind][what] };
}

/**
 * The limit that applies at a path of a document: `limitAt('presentation', ['disclosed'], 'keys')`
 * is `{ limit: 'presentation.disclosed.keys', max: 16 }`.
 */
export function limitAt(kind: DocumentKind, path: readonly (string | number)[], what: 'keys' | 'items' | 'length'): { limit: string; max: number } {
  let at: { rule: Rule | undefined; rulePath: string } = { rule: LIMITS[kind].rule, rulePath: kind };
  for (const key of path) at = childRule(at.rule, at.rulePath, key);
  return applicable(kind, at.rule, at.rulePath, what);
}

/**
 * The first limit a document exceeds, or undefined. Never throws (any JS value is accepted);
 * costs one visit per node up to the first excess, and no allocation proportional to a string.
 */
export function limitProblem(value: unknown, kind: DocumentKind): LimitProblem | undefined {
  const limits = LIMITS[kind];
  const stack: Frame[] = [{ value, field: kind, rulePath: kind, rule: limits.rule, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: node, field, rulePath, rule, depth } = stack.pop()!;
    if (++nodes > limits.nodes) return problem(`${kind}.nodes`, limits.nodes, kind, `has more than ${limits.nodes} values`);
    if (depth > limits.depth) return problem(`${kind}.depth`, limits.depth, field, `is nested deeper than ${limits.depth} levels`);
    if (typeof node === 'string') {
      const { limit, max } = applicable(kind, rule, rulePath, 'length');
      if (node.length > max) return problem(limit, max, field, `is longer than ${max} characters`);
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    const isArray = Array.isArray(node);
    const keys = isArray ? undefined : Object.keys(node);
    const count = isArray ? node.length : keys!.length;
    const { limit, max } = applicable(kind, rule, rulePath, isArray ? 'items' : 'keys');
    if (count > max) return problem(limit, max, field, isArray ? `has more than ${max} items` : `has more than ${max} keys`);
    const visit = (key: string | number, child: unknown): void => {
      stack.push({ value: child, field: childName(field, key), ...childRule(rule, rulePath, key), depth: depth + 1 });
    };
    if (isArray) for (let i = 0; i < count; i++) visit(i, (node as unknown[])[i]);
    else for (const key of keys!) visit(key, (node as Record<string, unknown>)[key]);
  }
  return undefined;
}

/**
 * Checks a document against its limits.
 * @throws {LimitError} (an InputError, code LIMIT_EXCEEDED) naming the field and the limit
 * @example assertWithinLimits(JSON.parse(text), 'request')
 */
export function assertWithinLimits(value: unknown, kind: DocumentKind): void {
  const found = limitProblem(value, kind);
  if (found !== undefined) throw new LimitError(found);
}

/**
 * The text entry point: refuses text over the kind's `text` limit before parsing it, then
 * parses it and checks the document's limits.
 * @throws {LimitError} over a limit; {InputError} when not a string or not JSON
 * @example const presentation = parseDocumentText(body, 'presentation');
 */
export function parseDocumentText(text: unknown, kind: DocumentKind): unknown {
  if (typeof text !== 'string') throw new InputError(kind, `expected JSON text, got ${typeof text}`);
  const max = LIMITS[kind].text;
  // UTF-8 takes at least one byte per UTF-16 unit: a longer string is over the limit unseen.
  if (text.length > max || (text.length * 3 > max && new TextEncoder().encode(text).length > max)) {
    throw new LimitError(problem(`${kind}.text`, max, kind, `is more than ${max} bytes of text`));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(kind, 'is not valid JSON');
  }
  assertWithinLimits(value, kind);
  return value;
}

/** Every limit as `{ name, max }`, in a stable order: what the README's table lists. */
export function limitTable(): { name: string; max: number }[] {
  const out: { name: string; max: number }[] = [];
  const walk = (path: string, rule: Rule): void => {
    for (const what of ['keys', 'items', 'length'] as const) if (rule[what] !== undefined) out.push({ name: `${path}.${what}`, max: rule[what] });
    for (const [key, child] of Object.entries(rule.children ?? {})) walk(`${path}.${key}`, child);
    if (rule.each !== undefined) walk(`${path}.*`, rule.each);
  };
  for (const [kind, limits] of Object.entries(LIMITS) as [DocumentKind, DocumentLimits][]) {
    for (const what of ['text', 'depth', 'nodes', 'keys', 'items', 'length'] as const) out.push({ name: `${kind}.${what}`, max: limits[what] });
    walk(kind, limits.rule);
  }
  return out;
}
