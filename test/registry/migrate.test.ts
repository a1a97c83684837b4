/**
 * Registry migration to another tree shape (issue 20, `registry migrate`): the same leaves at the
 * same indices, the history byte for byte, the next sequence naming the new shape, and a root
 * equal to a registry of that shape built from scratch with the same credentials; refusals leave
 * the target empty; chunked copies of large registries agree with a one-shot build. End to end: a
 * proof made against the binary root before the migration verifies for one window after it and
 * is ROOT_SUPERSEDED after; the same wallet then proves against the 4-ary root with the 4-ary
 * circuit; the CLI swaps the issuer directory's file and keeps the old one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InputError, MemoryRegistryStore, PERSON_SCHEMA, Registry, RegistryError, Wallet, createProver, createRequest, defaultAcceptedKeys,
  loadVerificationKey, migrateRegistry, releaseCurve, verifyPresentation, type Predicate, type RegistryStore, type TreeShape,
} from '../../src/index.js';
import { Issuer } from '../../src/issuer.js';
import { SqliteRegistryStore } from '../../src/sqlite.js';
import { NOW, TODAY, codeSet, holderKeys, issuePerson, issuerKeys, later, rootViewsOf, tempDir, thrown } from '../helpers/library.js';

const BINARY: TreeShape = { arity: 2, depth: 20 };
const QUAD_6: TreeShape = { arity: 4, depth: 6 };
const QUAD_10: TreeShape = { arity: 4, depth: 10 };
const keys = issuerKeys(71);
const clock = (): Date => NOW;

const commitmentOf = (i: number): bigint => 1_000_003n * BigInt(i + 1) + 17n;

/** A registry of `shape` with `count` credentials `c0`.., the ones in `revoked` revoked. */
function registryOf(shape: TreeShape, count: number, revoked: readonly number[], store: RegistryStore = new MemoryRegistryStore()): Registry {
  const registry = new Registry({ keys, store, shape, clock });
  registry.import(Array.from({ length: count }, (_, i) => ({ credentialId: `c${i}`, commitment: commitmentOf(i) })));
  for (const i of revoked) registry.revoke(`c${i}`);
  return registry;
}

describe('migrateRegistry', () => {
  const source = registryOf(BINARY, 40, [3, 17, 39]);
  const target = new MemoryRegistryStore();
  const statement = migrateRegistry(source, target, QUAD_6, { keys, clock });
  const migrated = new Registry({ keys, store: target, clock });

  it('keeps the history byte for byte and signs the next sequence with the new shape over the same size', () => {
    expect(migrated.history(0, source.sequence)).toEqual(source.history());
    expect(statement).toMatchObject({ sequence: source.sequence + 1, arity: 4, depth: 6, size: 40, issuer: keys.did });
    expect(migrated.latest()).toEqual(statement);
    expect(migrated.shape).toEqual(QUAD_6);
  });

  it('keeps every leaf and credential id at its index, revoked leaves at 0', () => {
    for (let i = 0; i < 40; i++) {
      expect(migrated.indexOf(`c${i}`)).toBe(i);
      expect(migrated.path(i).leaf).toBe([3, 17, 39].includes(i) ? 0n : commitmentOf(i));
    }
  });

  it('has the root of a registry of the new shape that issued and revoked the same credentials', () => {
    const fresh = registryOf(QUAD_6, 40, [3, 17, 39]);
    expect(statement.root).toBe(fresh.latest().root);
    expect(statement.root).not.toBe(source.latest().root);
  });

  it('goes on issuing and revoking from the next index and sequence', () => {
    expect(migrated.append('c40', commitmentOf(40))).toBe(40);
    expect(migrated.sequence).toBe(statement.sequence + 1);
    const fresh = registryOf(QUAD_6, 41, [3, 17, 39]);
    expect(migrated.latest().root).toBe(fresh.latest().root);
  });

  it('refuses the same shape, a shape too small, a non-empty target and another issuer\'s keys, leaving the target untouched', () => {
    const empty = new MemoryRegistryStore();
    expect(thrown(() => migrateRegistry(source, empty, BINARY, { keys }))).toBeInstanceOf(InputError);
    expect(thrown(() => migrateRegistry(source, empty, { arity: 4, depth: 2 }, { keys }))).toMatchObject({ field: 'shape' });
    expect(thrown(() => migrateRegistry(source, empty, { arity: 1, depth: 2 }, { keys }))).toBeInstanceOf(InputError);
    expect(thrown(() => migrateRegistry(source, empty, QUAD_6, { keys: issuerKeys(72) }))).toBeInstanceOf(RegistryError);
    expect(empty.latest()).toBeUndefined();
    expect(empty.shape()).toBeUndefined();
    const used = new MemoryRegistryStore();
    new Registry({ keys, store: used, shape: QUAD_6 });
    expect(thrown(() => migrateRegistry(source, used, QUAD_10, { keys }))).toBeInstanceOf(RegistryError);
  });

  it('copies in chunks to the same registry as in one go, statements included', () => {
    const store = new MemoryRegistryStore();
    const chunked = migrateRegistry(source, store, QUAD_6, { keys, clock, chunk: 7 });
    expect(chunked).toEqual(statement);
    expect(new Registry({ keys, store }).history()).toEqual(migrated.history(0, statement.sequence));
    expect(store.credentialIds(6, 3)).toEqual(['c6', 'c7', 'c8']);
    expect(thrown(() => migrateRegistry(source, new MemoryRegistryStore(), QUAD_6, { keys, chunk: 0 }))).toMatchObject({ field: 'chunk' });
  });

  it.runIf(process.env.ZKD_SLOW === '1')('copies a registry larger than the default chunk (SQLite to SQLite) to the root of a one-shot build', () => {
    const tmp = tempDir('zkd-migrate-');
    try {
      const count = 70_000;
      const revoked = [0, 65_535, 65_536, 69_999];
      const big = registryOf(BINARY, count, revoked, new SqliteRegistryStore(tmp.file('binary.sqlite')));
      const store = new SqliteRegistryStore(tmp.file('quad.sqlite'));
      const next = migrateRegistry(big, store, QUAD_10, { keys, clock });
      expect(next.root).toBe(registryOf(QUAD_10, count, revoked).latest().root);
      expect(store.credentialIds(65_534, 3)).toEqual(['c65534', 'c65535', 'c65536']);
      expect(store.credentialIds(69_999, 2)).toEqual(['c69999', undefined]);
      big.close();
      store.close();
    } finally {
      tmp.cleanup();
    }
  }, 120_000);
});

describe('proofs across a migration', () => {
  const prover = createProver();
  const acceptedKeys = defaultAcceptedKeys();
  const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
  const AGE_18 = { attribute: 'birthDate', op: 'ageAtLeast', value: 18 } satisfies Predicate;
  const erika = holderKeys(0x71a7e5n);
  const wallet = new Wallet({ holderSecret: erika.secret, prover });
  const binaryIssuer = new Issuer({ keys, clock });
  const request = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [keys.did], acceptedKeys, predicates: [AGE_18], today: TODAY, now: NOW, maxRootAgeSeconds: 600 });
  let quadIssuer: Issuer;

  beforeAll(() => {
    issuePerson(binaryIssuer, holderKeys(0x1234n));
    wallet.accept(issuePerson(binaryIssuer, erika));
  });

  afterAll(async () => {
    await prover.close();
    await releaseCurve();
  });

  it('a binary proof made before verifies for one window after the migration, then is superseded; the 4-ary proof verifies', async () => {
    const before = await wallet.createPresentation({ request, registries: [binaryIssuer.exportRegistry()], now: NOW });
    expect(before.zk?.circuit).toBe('presentation-16-1-1-20');
    const store = new MemoryRegistryStore();
    migrateRegistry(binaryIssuer.registry, store, QUAD_10, { keys, clock });
    quadIssuer = new Issuer({ keys, store, clock });
    const views = rootViewsOf(quadIssuer);
    const within = await verifyPresentation(before, request, { verificationKeys, now: later(60), rootViews: views });
    expect(within.errors).toEqual([]);
    const after = await verifyPresentation(before, request, { verificationKeys, now: later(601), rootViews: views });
    expect(codeSet(after)).toContain('ROOT_SUPERSEDED');

    const next = await wallet.createPresentation({ request, registries: [quadIssuer.exportRegistry()], now: NOW });
    expect(next.zk?.circuit).toBe('presentation-16-1-1-4ary-10');
    const result = await verifyPresentation(next, request, { verificationKeys, now: later(60), rootViews: views });
    expect(result.errors).toEqual([]);
    expect(result.verified).toBe(true);
  }, 180_000);
});

describe('zkdisclose registry migrate', () => {
  const tmp = tempDir('zkd-migrate-cli-');
  const cli = (...args: string[]): string => execFileSync('npx', ['tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });

  afterAll(() => tmp.cleanup());

  it('swaps the issuer directory\'s registry for the 4-ary one and keeps the old file', () => {
    const dir = tmp.file('issuer');
    cli('issuer', 'init', dir);
    const out = cli('registry', 'migrate', '--issuer', dir, '--capacity', '1048576');
    expect(out).toMatch(/migrated to a 4-ary tree of depth 10: sequence 1, size 0/);
    expect(readdirSync(dir)).toContain('registry.2ary-20.until-0.sqlite');
    expect(existsSync(join(dir, 'registry.migrating.sqlite'))).toBe(false);
    const store = new SqliteRegistryStore(join(dir, 'registry.sqlite'));
    expect(store.shape()).toEqual(QUAD_10);
    expect(store.latest()).toMatchObject({ sequence: 1, arity: 4, depth: 10 });
    store.close();
    expect(() => cli('registry', 'migrate', '--issuer', dir, '--capacity', '1048576')).toThrow(/already is a 4-ary tree of depth 10/);
  }, 60_000);
});
