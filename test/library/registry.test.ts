/**
 * The issuer registry (src/registry/registry.ts) over both stores: issuing appends a leaf,
 * revoking zeroes it, every change records one signed root statement with the next sequence
 * (the empty registry has sequence 0), statements are stored once and served byte-identical,
 * freshness is re-signed only when due, paths and buckets agree with an independently built
 * tree, a failed change stores nothing, and a SQLite registry survives reopening and concurrent
 * writers on one file without rebuilding anything.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Issuer, MemoryRegistryStore, Registry, RegistryError, InputError, RegistryTree, checkBucket, decodeBucket, encodeBucket, verifyFreshnessStatement, verifyRootStatement, type RegistryStore,
} from '../../src/index.js';
import { SqliteRegistryStore } from '../../src/sqlite.js';
import { NOW, holderKeys, issuePerson, issuerKeys, later, makeIssuer, tempDir, thrown } from '../helpers/library.js';

const HOLDER = holderKeys(987654321n);
const BINARY_20 = { arity: 2, depth: 20 };
const dirs = tempDir('zkd-registry-');
let dbCount = 0;
afterAll(() => dirs.cleanup());

interface StoreKind {
  name: string;
  open(): RegistryStore;
}

const STORES: StoreKind[] = [
  { name: 'MemoryRegistryStore', open: () => new MemoryRegistryStore() },
  { name: 'SqliteRegistryStore', open: () => new SqliteRegistryStore(dirs.file(`registry-${++dbCount}.db`)) },
];

function issueMany(issuer: Issuer, n: number): ReturnType<typeof issuePerson>[] {
  return Array.from({ length: n }, () => issuePerson(issuer, HOLDER));
}

const commitments = (credentials: ReturnType<typeof issuePerson>[]): bigint[] => credentials.map((c) => BigInt(c.proof.commitment));

describe.each(STORES)('Registry over $name', (kind) => {
  let issuer: Issuer;
  beforeEach(() => {
    issuer = makeIssuer(issuerKeys(21), kind.open());
  });
  afterEach(() => issuer.close());

  it('an empty registry has size 0 and a signed statement of sequence 0 for the empty tree', () => {
    expect(issuer.registry.size).toBe(0);
    const statement = issuer.rootStatement();
    expect(statement).toMatchObject({
      type: 'ZkdRegistryRoot', issuer: issuer.did, arity: 2, depth: 20, root: new RegistryTree(BINARY_20).root.toString(), size: 0, sequence: 0, changedAt: NOW.toISOString(),
    });
    expect(verifyRootStatement(statement)).toBe(true);
    expect(issuer.registry.history()).toEqual([statement]);
  });

  it('issuing appends the commitment at the next leaf index', () => {
    const credentials = issueMany(issuer, 3);
    expect(credentials.map((c) => c.proof.leafIndex)).toEqual([0, 1, 2]);
    expect(issuer.registry.size).toBe(3);
    credentials.forEach((c, i) => expect(issuer.registry.path(i).leaf).toBe(BigInt(c.proof.commitment)));
    expect(issuer.exportRegistry().leaves).toEqual(credentials.map((c) => c.proof.commitment));
  });

  it('revoking sets the leaf to 0, keeps the size and changes the root; revoking twice is refused', () => {
    const [first, second] = issueMany(issuer, 2);
    const before = issuer.registry.root;
    issuer.revoke(first!.id);
    expect(issuer.registry.path(0).leaf).toBe(0n);
    expect(issuer.registry.path(1).leaf).toBe(BigInt(second!.proof.commitment));
    expect(issuer.registry.size).toBe(2);
    expect(issuer.registry.root).not.toBe(before);
    expect(issuer.exportRegistry().leaves).toEqual(['0', second!.proof.commitment]);
    expect(() => issuer.revoke(first!.id)).toThrow(/already revoked/);
    expect(issuer.registry.sequence).toBe(3);
  });

  it('revoking an unknown id throws RegistryError NOT_FOUND and records nothing', () => {
    issueMany(issuer, 1);
    const err = thrown(() => issuer.revoke('urn:uuid:00000000-0000-4000-8000-000000000000'));
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe('NOT_FOUND');
    expect(issuer.registry.history()).toHaveLength(2);
  });

  it('the root statement verifies; the same statement with any field altered does not', () => {
    issueMany(issuer, 2);
    const statement = issuer.rootStatement();
    expect(verifyRootStatement(statement)).toBe(true);
    const other = makeIssuer(issuerKeys(22));
    const forgeries: [string, unknown][] = [
      ['root + 1', { ...statement, root: (BigInt(statement.root) + 1n).toString() }],
      ['size', { ...statement, size: statement.size + 1 }],
      ['sequence', { ...statement, sequence: statement.sequence + 5 }],
      ['changedAt', { ...statement, changedAt: new Date(NOW.getTime() + 1).toISOString() }],
      ['arity', { ...statement, arity: 4 }],
      ['depth', { ...statement, depth: 10 }],
      ['type', { ...statement, type: 'ZkdRegistryFreshness' }],
      ['issuer (another did:key)', { ...statement, issuer: other.did }],
      ['signature from another issuer', { ...statement, signature: other.rootStatement().signature }],
      ['signature missing', { ...statement, signature: undefined }],
      ['signature truncated', { ...statement, signature: statement.signature.slice(2) }],
      ['root not a field element', { ...statement, root: '0x01' }],
      ['size above the capacity', { ...statement, size: 2 ** 20 + 1 }],
      ['null', null],
      ['a string', JSON.stringify(statement)],
    ];
    for (const [label, forged] of forgeries) expect(verifyRootStatement(forged), label).toBe(false);
    other.close();
  });

  it('history records one statement per change with sequences 0..n, each signed, each the root of its moment', () => {
    const credentials = issueMany(issuer, 3);
    issuer.revoke(credentials[0]!.id);
    const history = issuer.registry.history();
    expect(history.map((s) => s.sequence)).toEqual([0, 1, 2, 3, 4]);
    expect(history.map((s) => s.size)).toEqual([0, 1, 2, 3, 3]);
    expect(history.every((s) => verifyRootStatement(s))).toBe(true);
    credentials.forEach((_, i) => expect(history[i + 1]!.root).toBe(new RegistryTree(BINARY_20, commitments(credentials.slice(0, i + 1))).root.toString()));
    expect(history.at(-1)).toEqual(issuer.rootStatement());
    expect(issuer.registry.history(2, 3).map((s) => s.sequence)).toEqual([2, 3]);
  });

  it('the root statement is signed once per change: two reads give identical bytes', () => {
    issueMany(issuer, 2);
    expect(JSON.stringify(issuer.rootStatement())).toBe(JSON.stringify(issuer.rootStatement()));
    expect(JSON.stringify(issuer.exportRegistry())).toBe(JSON.stringify(issuer.exportRegistry()));
  });

  it('freshness is re-signed only when due or after a change, and names the latest root', () => {
    let now = NOW;
    const registry = new Registry({ keys: issuerKeys(25), store: kind.open(), clock: () => now });
    const first = registry.freshness(300);
    expect(verifyFreshnessStatement(first)).toBe(true);
    expect(first).toMatchObject({ type: 'ZkdRegistryFreshness', sequence: 0, root: registry.latest().root, signedAt: NOW.toISOString() });
    now = later(299);
    expect(registry.freshness(300)).toEqual(first);
    now = later(300);
    expect(registry.freshness(300).signedAt).toBe(later(300).toISOString());
    registry.append('urn:x:1', 5n);
    expect(registry.freshness(300)).toMatchObject({ sequence: 1, root: registry.latest().root });
    expect(verifyFreshnessStatement({ ...first, signedAt: later(1).toISOString() })).toBe(false);
    registry.close();
  });

  it('path(i) equals the path of an independently built tree', () => {
    const credentials = issueMany(issuer, 5);
    issuer.revoke(credentials[3]!.id);
    const exported = issuer.exportRegistry();
    const tree = new RegistryTree(BINARY_20, exported.leaves.map(BigInt));
    expect(tree.root.toString()).toBe(exported.rootStatement.root);
    for (let i = 0; i < 5; i++) {
      const path = issuer.registry.path(i);
      expect(path).toEqual(tree.path(i));
      expect(path.positions).toEqual(Array.from({ length: 20 }, (_, h) => (i >> h) & 1));
    }
  });

  it('path of a leaf that does not exist throws InputError on leafIndex', () => {
    issueMany(issuer, 2);
    for (const index of [2, -1, 1.5]) {
      const err = thrown(() => issuer.registry.path(index));
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe('leafIndex');
    }
  });

  it('a duplicate credential id is refused and leaves the registry unchanged; the next issue still works', () => {
    const [credential] = issueMany(issuer, 1);
    const [root, size, history] = [issuer.registry.root, issuer.registry.size, issuer.registry.history()];
    const err = thrown(() => issuer.registry.append(credential!.id, 12345n));
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).message).toContain('already registered');
    expect(issuer.registry.root).toBe(root);
    expect(issuer.registry.size).toBe(size);
    expect(issuer.registry.history()).toEqual(history);
    const next = issuePerson(issuer, HOLDER);
    expect(next.proof.leafIndex).toBe(1);
    expect(issuer.registry.root).toBe(new RegistryTree(BINARY_20, commitments([credential!, next])).root);
  });

  it('a failure while signing a change stores nothing, and the registry carries on', () => {
    let failNext = false;
    const flaky = new Issuer({
      keys: issuerKeys(23),
      store: kind.open(),
      clock: () => {
        if (failNext) {
          failNext = false;
          throw new Error('clock failed');
        }
        return NOW;
      },
    });
    const first = issuePerson(flaky, HOLDER);
    const afterFirst = flaky.rootStatement();
    failNext = true;
    expect(() => issuePerson(flaky, HOLDER)).toThrow('clock failed');
    expect(flaky.rootStatement()).toEqual(afterFirst);
    expect(flaky.registry.size).toBe(1);
    expect(flaky.exportRegistry().leaves).toEqual([first.proof.commitment]);
    failNext = true;
    expect(() => flaky.revoke(first.id)).toThrow('clock failed');
    expect(flaky.registry.path(0).leaf).toBe(BigInt(first.proof.commitment));
    const second = issuePerson(flaky, HOLDER);
    expect(second.proof.leafIndex).toBe(1);
    expect(flaky.registry.history().map((s) => s.sequence)).toEqual([0, 1, 2]);
    expect(flaky.registry.root).toBe(new RegistryTree(BINARY_20, commitments([first, second])).root);
    flaky.close();
  });

  it('import appends many leaves in one change, equal to issuing them one by one', () => {
    issueMany(issuer, 3);
    const entries = Array.from({ length: 300 }, (_, i) => ({ credentialId: `urn:test:${i}`, commitment: BigInt(i + 1) * 7919n }));
    const start = issuer.registry.import(entries);
    expect(start).toBe(3);
    expect(issuer.registry.sequence).toBe(4);
    const leaves = issuer.exportRegistry().leaves.map(BigInt);
    expect(leaves.slice(3)).toEqual(entries.map((e) => e.commitment));
    expect(issuer.registry.root).toBe(new RegistryTree(BINARY_20, leaves).root);
    expect(issuer.registry.indexOf('urn:test:299')).toBe(302);
    expect(() => issuer.registry.import([{ credentialId: 'urn:test:5', commitment: 1n }])).toThrow(/already registered/);
  });

  it('a 4-ary registry: capacity, paths and buckets follow the same conventions', () => {
    const quad = new Registry({ keys: issuerKeys(26), store: kind.open(), shape: { arity: 4, depth: 6 }, clock: () => NOW });
    const entries = Array.from({ length: 1500 }, (_, i) => ({ credentialId: `urn:q:${i}`, commitment: BigInt(i + 11) }));
    quad.import(entries);
    quad.revoke('urn:q:1030');
    const tree = new RegistryTree({ arity: 4, depth: 6 }, entries.map((e, i) => (i === 1030 ? 0n : e.commitment)));
    expect(quad.root).toBe(tree.root);
    expect(quad.latest()).toMatchObject({ arity: 4, depth: 6, size: 1500 });
    expect(quad.path(1499)).toEqual(tree.path(1499));
    expect(quad.bucketWidth).toBe(1024);
    const bucket = decodeBucket(encodeBucket(quad.bucket(1)));
    expect(bucket.leaves).toHaveLength(1500 - 1024);
    expect(checkBucket(bucket, quad.latest(), 1).path(1030)).toEqual(tree.path(1030));
    expect(() => quad.import(Array.from({ length: 4096 - 1500 + 1 }, (_, i) => ({ credentialId: `urn:over:${i}`, commitment: 1n })))).toThrow(/do not fit/);
    quad.close();
  });

  it('bucket(b) holds leaves b·w .. and their path; past the end NOT_FOUND; bad index InputError', () => {
    issueMany(issuer, 3);
    const bucket = issuer.registry.bucket(0);
    expect(bucket).toMatchObject({ index: 0, size: 3, sequence: 3, arity: 2, depth: 20, bucketLevels: 10 });
    expect(bucket.upperSiblings).toHaveLength(10);
    expect(checkBucket(bucket, issuer.rootStatement(), 0).path(2)).toEqual(issuer.registry.path(2));
    expect((thrown(() => issuer.registry.bucket(1)) as RegistryError).code).toBe('NOT_FOUND');
    for (const index of [-1, 0.5]) expect((thrown(() => issuer.registry.bucket(index)) as InputError).field).toBe('bucket');
  });
});

describe('Registry options', () => {
  it('refuses an invalid shape, and a shape other than the stored one', () => {
    expect(thrown(() => new Registry({ keys: issuerKeys(27), shape: { arity: 1, depth: 20 } }))).toBeInstanceOf(InputError);
    expect(thrown(() => new Registry({ keys: issuerKeys(27), shape: { arity: 4, depth: 17 } }))).toBeInstanceOf(InputError);
    const path = dirs.file('shape.db');
    new Registry({ keys: issuerKeys(27), store: new SqliteRegistryStore(path), shape: { arity: 4, depth: 10 } }).close();
    const reopened = new Registry({ keys: issuerKeys(27), store: new SqliteRegistryStore(path) });
    expect(reopened.shape).toEqual({ arity: 4, depth: 10 });
    reopened.close();
    const store = new SqliteRegistryStore(path);
    expect(thrown(() => new Registry({ keys: issuerKeys(27), store, shape: BINARY_20 }))).toBeInstanceOf(InputError);
    store.close();
  });

  it("refuses a store that holds another issuer's registry", () => {
    const path = dirs.file('owner.db');
    new Registry({ keys: issuerKeys(28), store: new SqliteRegistryStore(path) }).close();
    const store = new SqliteRegistryStore(path);
    expect(thrown(() => new Registry({ keys: issuerKeys(29), store }))).toBeInstanceOf(RegistryError);
    store.close();
  });
});

describe('SqliteRegistryStore durability and concurrency', () => {
  it('reopening the database gives the same root, size and history, reading the root row only', () => {
    const path = dirs.file('reopen.db');
    const keys = issuerKeys(31);
    const first = makeIssuer(keys, new SqliteRegistryStore(path));
    const credentials = Array.from({ length: 4 }, () => issuePerson(first, HOLDER));
    first.revoke(credentials[1]!.id);
    const [root, size, history, leaves] = [first.registry.root, first.registry.size, first.registry.history(), first.exportRegistry().leaves];
    first.close();

    const reopened = makeIssuer(keys, new SqliteRegistryStore(path));
    expect(reopened.registry.root).toBe(root);
    expect(reopened.registry.size).toBe(size);
    expect(reopened.registry.history()).toEqual(history);
    expect(reopened.exportRegistry().leaves).toEqual(leaves);
    expect(reopened.rootStatement().sequence).toBe(5);
    const next = issuePerson(reopened, HOLDER);
    expect(next.proof.leafIndex).toBe(4);
    expect(reopened.registry.sequence).toBe(6);
    reopened.close();
  });

  it('two registries on one file, interleaving writes, both see every leaf', () => {
    const path = dirs.file('shared.db');
    const keys = issuerKeys(32);
    const a = makeIssuer(keys, new SqliteRegistryStore(path));
    const b = makeIssuer(keys, new SqliteRegistryStore(path));
    const c0 = issuePerson(a, HOLDER);
    const c1 = issuePerson(b, HOLDER);
    const c2 = issuePerson(a, HOLDER);
    b.revoke(c0.id);
    const c3 = issuePerson(b, HOLDER);
    expect([c0, c1, c2, c3].map((c) => c.proof.leafIndex)).toEqual([0, 1, 2, 3]);
    const expected = new RegistryTree(BINARY_20, [0n, ...commitments([c1, c2, c3])]);
    for (const issuer of [a, b]) {
      expect(issuer.rootStatement()).toMatchObject({ root: expected.root.toString(), size: 4, sequence: 5 });
      expect(issuer.registry.path(2)).toEqual(expected.path(2));
    }
    expect(a.registry.history()).toEqual(b.registry.history());
    a.close();
    b.close();
  });

  it('the same credential id from the other writer is refused', () => {
    const path = dirs.file('dup.db');
    const keys = issuerKeys(33);
    const a = makeIssuer(keys, new SqliteRegistryStore(path));
    const b = makeIssuer(keys, new SqliteRegistryStore(path));
    const credential = issuePerson(a, HOLDER);
    expect(() => b.registry.append(credential.id, 777n)).toThrow(RegistryError);
    expect(b.rootStatement()).toMatchObject({ root: a.registry.root.toString(), size: 1, sequence: 1 });
    a.close();
    b.close();
  });

  it('a database of the leaves-only format of version 0.1 is refused with UNSUPPORTED, untouched', async () => {
    const path = dirs.file('legacy.db');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path);
    db.exec("CREATE TABLE leaves (idx INTEGER PRIMARY KEY, credential_id TEXT, value TEXT); INSERT INTO leaves VALUES (0, 'a', '5');");
    db.close();
    const err = thrown(() => new SqliteRegistryStore(path));
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe('UNSUPPORTED');
    const after = new Database(path);
    expect(after.prepare('SELECT COUNT(*) AS n FROM leaves').get()).toEqual({ n: 1 });
    after.close();
  });
});

describe('statements are copies', () => {
  it('editing a returned history entry does not change the stored history', () => {
    const issuer = makeIssuer(issuerKeys(41));
    issuePerson(issuer, HOLDER);
    const history = issuer.registry.history();
    history[0]!.root = '1';
    expect(issuer.registry.history()[0]!.root).not.toBe('1');
  });
});
