/**
 * The verifier service's configuration: service.json in the verifier directory, validated at
 * start. Every problem is a ServiceConfigError (an InputError) whose field is the JSON path
 * (`policies.age-gate.predicates[0].value`), so the operator knows what to fix. Each policy is
 * compiled into a real request once at start, so a predicate that fits no accepted circuit is
 * refused then, not at the first customer.
 *
 *   {
 *     "policies": { "<name>": { "schema": "person" | {schema}, "trustedIssuers": [did],
 *                   "predicates": [...], "disclose": [...], "scope": "...", "bbs": {...},
 *                   "maxRootAgeSeconds": 3600, "validForSeconds": 600 },
 *                   "<name>": { "parts": [ { "schema": ..., "trustedIssuers": [...], "predicates": [...],
 *                               "disclose": [...], "bbs": {...}, "maxRootAgeSeconds": 3600 }, ... ],
 *                               "scope": "...", "validForSeconds": 600 } },
 *     "issuers": [ { "did": "did:key:...", "registry": "https://.../registry/" }
 *                | { "did": "did:key:...", "export": "issuer-registry.json" } ],
 *     "refreshSeconds": 60, "audience": "https://shop.example", "maxAttempts": 5,
 *     "cors": { "origins": ["https://shop.example"] },
 *     "limits": { "bodyBytes": 262144, "jsonDepth": 64, "requestsPerMinute": 600 }
 *   }
 */
import { isAbsolute, join } from 'node:path';
import { existsSync } from 'node:fs';
import { InputError, ZkdError, describe } from '../errors.js';
import { readJsonFile } from '../files.js';
import { isRecord } from '../internal/field.js';
import { assertIssuerDid } from '../config.js';
import { type Schema, builtinSchema, defineSchema } from '../schema.js';
import { createMultiRequest } from '../multi-request.js';
import { type AcceptedKey, createRequest } from '../request.js';
import type { VerifierMultiRequestOptions, VerifierRequestOptions } from '../verifier-object.js';

export const SERVICE_CONFIG_FILE = 'service.json';

export interface IssuerSource {
  did: string;
  /** A published registry (registry serve / registry publish), fetched with RegistryClient. */
  registry?: string;
  /** A registry export file (absolute path), re-read at every refresh. */
  export?: string;
}

export interface ServiceLimits {
  /** Largest request body accepted (bytes). */
  bodyBytes: number;
  /** Deepest JSON nesting accepted in a body. */
  jsonDepth: number;
  /** Requests per client address per minute (every route but /health and /metrics). */
  requestsPerMinute: number;
}

/** A named policy: one credential, or several of one holder (a multi-credential request). */
export type ServicePolicy = { kind: 'single'; options: VerifierRequestOptions } | { kind: 'multi'; options: VerifierMultiRequestOptions };

export interface ServiceConfig {
  policies: Map<string, ServicePolicy>;
  issuers: IssuerSource[];
  refreshSeconds: number;
  audience: string | undefined;
  maxAttempts: number;
  corsOrigins: string[];
  limits: ServiceLimits;
}

export const DEFAULT_LIMITS: Readonly<ServiceLimits> = Object.freeze({ bodyBytes: 256 * 1024, jsonDepth: 64, requestsPerMinute: 600 });

/** A problem in service.json; `field` is its JSON path. */
export class ServiceConfigError extends InputError {}

const POLICY_KEYS = new Set(['schema', 'trustedIssuers', 'predicates', 'disclose', 'scope', 'bbs', 'maxRootAgeSeconds', 'validForSeconds']);
const MULTI_POLICY_KEYS = new Set(['parts', 'scope', 'validForSeconds']);
const PART_KEYS = new Set(['schema', 'trustedIssuers', 'predicates', 'disclose', 'bbs', 'maxRootAgeSeconds']);
const TOP_KEYS = new Set(['policies', 'issuers', 'refreshSeconds', 'audience', 'maxAttempts', 'cors', 'limits']);
const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function fail(field: string, message: string): never {
  throw new ServiceConfigError(field, message);
}

function positiveInteger(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1) fail(field, `expected a positive integer, got ${describe(value)}`);
  return value as number;
}

function unknownKeys(value: Record<string, unknown>, allowed: Set<string>, field: string): void {
  for (const key of Object.keys(value)) if (!allowed.has(key)) fail(`${field}${field === '' ? '' : '.'}${key}`, `is not a setting (expected one of ${[...allowed].join(', ')})`);
}

function schemaOf(value: unknown, field: string, dir: string): Schema {
  if (typeof value === 'string') {
    const builtin = builtinSchema(value);
    if (builtin !== undefined) return builtin;
    const path = isAbsolute(value) ? value : join(dir, value);
    if (!existsSync(path)) fail(field, `names no built-in schema and no schema file: "${value.slice(0, 80)}"`);
    return rethrowAt(field, () => defineSchema(readJsonFile(path, field)));
  }
  return rethrowAt(field, () => defineSchema(value));
}

/** Runs `work`, re-labelling a library InputError with the config path it came from. */
function rethrowAt<T>(prefix: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof ServiceConfigError) throw err;
    // createRequest names the request's fields request.<field>: in service.json they sit in the policy itself.
    if (err instanceof InputError) throw new ServiceConfigError(`${prefix}.${err.field.replace(/^request\./, '')}`, err.message.replace(`"${err.field}" `, ''));
    if (err instanceof ZkdError) throw new ServiceConfigError(prefix, err.message);
    throw err;
  }
}

/** The schema and trusted issuers of a policy or of a multi-credential policy's part, checked. */
function credentialSelection(value: Record<string, unknown>, field: string, dir: string): Schema {
  if (value.schema === undefined) fail(`${field}.schema`, 'is required: a built-in schema name (person), a schema file, or a schema object');
  const schema = schemaOf(value.schema, `${field}.schema`, dir);
  if (!Array.isArray(value.trustedIssuers) || value.trustedIssuers.length === 0) fail(`${field}.trustedIssuers`, 'is required: the DIDs of the issuers this policy trusts');
  value.trustedIssuers.forEach((did, i) => {
    if (typeof did !== 'string') fail(`${field}.trustedIssuers[${i}]`, `expected a DID, got ${describe(did)}`);
    rethrowAt(field, () => assertIssuerDid(did, `trustedIssuers[${i}]`));
  });
  return schema;
}

function parsePolicy(name: string, value: unknown, dir: string, acceptedKeys: AcceptedKey[]): ServicePolicy {
  const field = `policies.${name}`;
  if (!POLICY_NAME.test(name)) fail(field, 'a policy name is 1-64 letters, digits, ".", "_" or "-"');
  if (!isRecord(value)) fail(field, `expected a policy object, got ${describe(value)}`);
  if (value.parts !== undefined) return parseMultiPolicy(field, value, dir, acceptedKeys);
  unknownKeys(value, POLICY_KEYS, field);
  const options = { ...value, schema: credentialSelection(value, field, dir) } as unknown as VerifierRequestOptions;
  // Compile once now: every predicate, disclosure and circuit fit is checked before serving.
  rethrowAt(field, () => createRequest({ ...options, acceptedKeys }));
  return { kind: 'single', options };
}

function parseMultiPolicy(field: string, value: Record<string, unknown>, dir: string, acceptedKeys: AcceptedKey[]): ServicePolicy {
  unknownKeys(value, MULTI_POLICY_KEYS, field);
  if (!Array.isArray(value.parts) || value.parts.length === 0) fail(`${field}.parts`, 'expected a non-empty array of parts, one per credential');
  const parts = value.parts.map((part: unknown, i) => {
    const partField = `${field}.parts[${i}]`;
    if (!isRecord(part)) fail(partField, `expected a part object, got ${describe(part)}`);
    unknownKeys(part, PART_KEYS, partField);
    return { ...part, schema: credentialSelection(part, partField, dir) };
  });
  const options = { ...value, parts } as unknown as VerifierMultiRequestOptions;
  rethrowAt(field, () => createMultiRequest({ ...options, parts: options.parts.map((part) => ({ ...part, acceptedKeys })) }));
  return { kind: 'multi', options };
}

/** Every issuer a policy trusts, with the path of its entry in service.json. */
function trustedIssuersOf(name: string, policy: ServicePolicy): { did: string; field: string }[] {
  if (policy.kind === 'single') return policy.options.trustedIssuers.map((did, i) => ({ did, field: `policies.${name}.trustedIssuers[${i}]` }));
  return policy.options.parts.flatMap((part, p) => part.trustedIssuers.map((did, i) => ({ did, field: `policies.${name}.parts[${p}].trustedIssuers[${i}]` })));
}

function parseIssuer(value: unknown, i: number, dir: string): IssuerSource {
  const field = `issuers[${i}]`;
  if (!isRecord(value)) fail(field, `expected { did, registry } or { did, export }, got ${describe(value)}`);
  unknownKeys(value, new Set(['did', 'registry', 'export']), field);
  if (typeof value.did !== 'string') fail(`${field}.did`, `expected the issuer's DID, got ${describe(value.did)}`);
  rethrowAt(field, () => assertIssuerDid(value.did as string, 'did'));
  if ((value.registry === undefined) === (value.export === undefined)) fail(field, 'expected exactly one of registry (a URL) and export (a file)');
  if (value.registry !== undefined) {
    if (typeof value.registry !== 'string' || !/^https?:\/\//.test(value.registry)) fail(`${field}.registry`, 'expected the http(s) URL of the published registry');
    return { did: value.did, registry: value.registry };
  }
  if (typeof value.export !== 'string' || value.export === '') fail(`${field}.export`, 'expected the path of a registry export file');
  const path = isAbsolute(value.export) ? value.export : join(dir, value.export);
  if (!existsSync(path)) fail(`${field}.export`, `no such file: ${path}`);
  return { did: value.did, export: path };
}

/**
 * Reads and checks `<dir>/service.json`.
 * @param acceptedKeys the keys the service's Verifier accepts (each policy must fit one)
 * @throws {ServiceConfigError} naming the field at fault
 */
export function loadServiceConfig(dir: string, acceptedKeys: AcceptedKey[]): ServiceConfig {
  const path = join(dir, SERVICE_CONFIG_FILE);
  if (!existsSync(path)) fail(SERVICE_CONFIG_FILE, `not found in ${dir}: the service needs its policies (see the README, "Verifier service")`);
  return parseServiceConfig(readJsonFile(path, SERVICE_CONFIG_FILE), dir, acceptedKeys);
}

/** Checks a parsed service.json. @throws {ServiceConfigError} naming the field at fault */
export function parseServiceConfig(json: unknown, dir: string, acceptedKeys: AcceptedKey[]): ServiceConfig {
  if (!isRecord(json)) fail('(root)', `expected an object, got ${describe(json)}`);
  unknownKeys(json, TOP_KEYS, '');
  if (!isRecord(json.policies) || Object.keys(json.policies).length === 0) fail('policies', 'is required: at least one named policy');
  const policies = new Map(Object.entries(json.policies).map(([name, value]) => [name, parsePolicy(name, value, dir, acceptedKeys)]));
  if (json.issuers !== undefined && !Array.isArray(json.issuers)) fail('issuers', `expected an array, got ${describe(json.issuers)}`);
  const issuers = ((json.issuers as unknown[] | undefined) ?? []).map((value, i) => parseIssuer(value, i, dir));
  const sourced = new Set(issuers.map((issuer) => issuer.did));
  for (const [name, policy] of policies) {
    for (const { did, field } of trustedIssuersOf(name, policy)) {
      if (!sourced.has(did)) fail(field, `no issuers[] entry says where to read the registry roots of ${did.slice(0, 80)}`);
    }
  }
  if (json.audience !== undefined && (typeof json.audience !== 'string' || json.audience === '')) fail('audience', `expected a non-empty string, got ${describe(json.audience)}`);
  let corsOrigins: string[] = [];
  if (json.cors !== undefined) {
    if (!isRecord(json.cors)) fail('cors', `expected { origins: [...] }, got ${describe(json.cors)}`);
    unknownKeys(json.cors, new Set(['origins']), 'cors');
    const origins = json.cors.origins;
    if (!Array.isArray(origins)) fail('cors.origins', `expected an array of origins, got ${describe(origins)}`);
    corsOrigins = origins.map((origin, i) => {
      if (typeof origin !== 'string' || !/^https?:\/\/[^/\s]+$/.test(origin)) fail(`cors.origins[${i}]`, 'expected an origin such as https://shop.example (scheme and host, no path)');
      return origin;
    });
  }
  let limits: ServiceLimits = { ...DEFAULT_LIMITS };
  if (json.limits !== undefined) {
    if (!isRecord(json.limits)) fail('limits', `expected an object, got ${describe(json.limits)}`);
    unknownKeys(json.limits, new Set(Object.keys(DEFAULT_LIMITS)), 'limits');
    limits = {
      bodyBytes: positiveInteger(json.limits.bodyBytes, 'limits.bodyBytes', DEFAULT_LIMITS.bodyBytes),
      jsonDepth: positiveInteger(json.limits.jsonDepth, 'limits.jsonDepth', DEFAULT_LIMITS.jsonDepth),
      requestsPerMinute: positiveInteger(json.limits.requestsPerMinute, 'limits.requestsPerMinute', DEFAULT_LIMITS.requestsPerMinute),
    };
  }
  return {
    policies,
    issuers,
    refreshSeconds: positiveInteger(json.refreshSeconds, 'refreshSeconds', 60),
    audience: json.audience as string | undefined,
    maxAttempts: positiveInteger(json.maxAttempts, 'maxAttempts', 5),
    corsOrigins,
    limits,
  };
}
