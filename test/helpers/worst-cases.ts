/**
 * Generated worst cases for the size limits (limits.ts), shared by the limits test
 * (test/adversarial/limits.test.ts) and the standalone measurement (bench/limits.ts): each is a
 * real document with one part blown up to about 1 MB (or nested 100,000 deep), with the name of
 * the limit expected to refuse it.
 */
import type { Credential, Presentation, PresentationRequest } from '../../src/index.js';

const MB = 1024 * 1024;

/** A deep copy of `doc` with `change` applied. */
// `any`: the worst cases reach into any part of the document.
export function mutated<T>(doc: T, change: (d: any) => void): T {
  const d = structuredClone(doc);
  change(d);
  return d;
}
export const nested = (depth: number): unknown => {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};
const manyKeys = (n: number, value: unknown = 'x'): Record<string, unknown> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]));

/** [label, worst case, the limit expected to refuse it]. */
export type Case<T> = [string, (doc: T) => T, string];

export const PRESENTATION_CASES: Case<Presentation>[] = [
  ['bbs.keyStatement.keys[0].publicKey of 1 MB', (p) => mutated(p, (d) => { d.bbs.keyStatement.keys[0].publicKey = 'A'.repeat(MB); }), 'presentation.bbs.keyStatement.keys.*.publicKey.length'],
  ['bbs.keyStatement.keys with 20,000 keys (~1 MB)', (p) => mutated(p, (d) => { d.bbs.keyStatement.keys = new Array(20_000).fill(d.bbs.keyStatement.keys[0]); }), 'presentation.bbs.keyStatement.keys.items'],
  ['disclosed.givenName of 1 MB', (p) => mutated(p, (d) => { d.disclosed.givenName = 'x'.repeat(MB); }), 'presentation.disclosed.*.length'],
  ['disclosed with 60,000 extra keys (~1 MB)', (p) => mutated(p, (d) => { Object.assign(d.disclosed, manyKeys(60_000, 'Erika')); }), 'presentation.disclosed.keys'],
  ['zk.publicSignals with 14,000 signals (~1 MB)', (p) => mutated(p, (d) => { d.zk.publicSignals = new Array(14_000).fill(d.zk.publicSignals[0]); }), 'presentation.zk.publicSignals.items'],
  ['zk.proof.pi_a[0] of 1 MB of digits', (p) => mutated(p, (d) => { d.zk.proof.pi_a[0] = '7'.repeat(MB); }), 'presentation.zk.proof.*.*.length'],
  ['bbs.proof of 1 MB', (p) => mutated(p, (d) => { d.bbs.proof = 'A'.repeat(MB); }), 'presentation.bbs.proof.length'],
  ['bbs.disclosed with 60,000 keys', (p) => mutated(p, (d) => { d.bbs.disclosed = manyKeys(60_000, 'DE'); }), 'presentation.bbs.disclosed.keys'],
  ['issuer of 1 MB', (p) => mutated(p, (d) => { d.issuer = 'did:key:z'.padEnd(MB, '6'); }), 'presentation.issuer.length'],
  ['zk.proof nested 100,000 deep', (p) => mutated(p, (d) => { d.zk.proof.pi_a = nested(100_000); }), 'presentation.depth'],
  ['an extra key holding 100,000 numbers', (p) => mutated(p, (d) => { d.extra = new Array(100_000).fill(1); }), 'presentation.items'],
  ['an extra key holding 16 × 16 × 16 values', (p) => mutated(p, (d) => { d.extra = new Array(16).fill(new Array(16).fill(new Array(16).fill(0))); }), 'presentation.nodes'],
];

export const REQUEST_CASES: Case<PresentationRequest>[] = [
  ['trustedIssuers[0] of 1 MB', (r) => mutated(r, (d) => { d.trustedIssuers[0] = 'did:key:z'.padEnd(MB, '6'); }), 'request.trustedIssuers.*.length'],
  ['trustedIssuers with 16,000 DIDs (~1 MB)', (r) => mutated(r, (d) => { d.trustedIssuers = new Array(16_000).fill(d.trustedIssuers[0]); }), 'request.trustedIssuers.items'],
  ['predicates[0] as an "in" with 100,000 values', (r) => mutated(r, (d) => { d.predicates[0] = { attribute: 'nationality', op: 'in', values: new Array(100_000).fill('DE') }; }), 'request.predicates.*.values.items'],
  ['predicates[0] values[0] of 1 MB', (r) => mutated(r, (d) => { d.predicates[0] = { attribute: 'nationality', op: 'in', values: ['x'.repeat(MB)] }; }), 'request.predicates.*.values.*.length'],
  ['scope of 1 MB', (r) => mutated(r, (d) => { d.scope = 's'.repeat(MB); }), 'request.scope.length'],
  ['schema.id of 1 MB', (r) => mutated(r, (d) => { d.schema.id = 'i'.repeat(MB); }), 'request.schema.id.length'],
  ['disclose with 100,000 names', (r) => mutated(r, (d) => { d.disclose = new Array(100_000).fill('givenName'); }), 'request.disclose.items'],
  ['predicates[0].value nested 100,000 deep', (r) => mutated(r, (d) => { d.predicates[0].value = nested(100_000); }), 'request.depth'],
];

export const CREDENTIAL_CASES: Case<Credential>[] = [
  ['credentialSubject.attributes.givenName of 1 MB', (c) => mutated(c, (d) => { d.credentialSubject.attributes.givenName = 'x'.repeat(MB); }), 'credential.credentialSubject.attributes.*.length'],
  ['credentialSubject.attributes with 60,000 extra keys', (c) => mutated(c, (d) => { Object.assign(d.credentialSubject.attributes, manyKeys(60_000)); }), 'credential.credentialSubject.attributes.keys'],
  ['proof.bbs.keyStatement.keys[0].publicKey of 1 MB', (c) => mutated(c, (d) => { d.proof.bbs.keyStatement.keys[0].publicKey = 'A'.repeat(MB); }), 'credential.proof.bbs.keyStatement.keys.*.publicKey.length'],
  ['proof.bbs.signatures[0].signature of 1 MB', (c) => mutated(c, (d) => { d.proof.bbs.signatures[0].signature = 'A'.repeat(MB); }), 'credential.proof.bbs.signatures.*.signature.length'],
  ['an extra key with 15,000 strings of 64 (~1 MB; the fuzz case)', (c) => mutated(c, (d) => { d.__defineGetter__ = new Array(15_000).fill('ab'.repeat(32)); }), 'credential.items'],
  ['id of 1 MB', (c) => mutated(c, (d) => { d.id = 'urn:'.padEnd(MB, 'x'); }), 'credential.id.length'],
  ['credentialSchema nested 100,000 deep', (c) => mutated(c, (d) => { d.credentialSchema.attributes = nested(100_000); }), 'credential.depth'],
];
