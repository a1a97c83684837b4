/**
 * The issuer registry (DESIGN section 3) over both stores: issuing appends a leaf, revoking
 * zeroes it, every change records a signed root statement with the next sequence, paths agree
 * with an independently built RegistryTree and with paths computed from a bucket, and a SQLite
 * registry survives reopening and concurrent writers on one file.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Issuer, MemoryRegistryStore, RegistryError, InputError, RegistryTree, SqliteRegistryStore, pathFromBucket, verifyRootStatement,
  type RegistryStore, type RootStatement,
} from '../../src/index.js';
import { NOW, holderKeys, issuePerson, issuerKeys, makeIssuer, tempDir, thrown } from '../helpers/library.js';

const HOLDER = holderKeys(987654321n);
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

/** Issues n credentials; returns them. */
function issueMany(issuer: Issuer, n: number): ReturnType<typeof issuePerson>[] {
  return Array.from({ length: n }, () => issuePerson(issuer, HOLDER));
}

describe.each(STORES)('Registry over $name', (kind) => {
  let issuer: Issuer;
  beforeEach(() => {
    issuer = makeIssuer(issuerKeys(21), kind.open());
  });
  afterEach(() => issuer.close());

  it('an empty registry has size 0, an empty history and a signed statement of sequence 0', () => {
    expect(issuer.registry.size).toBe(0);
    expect(issuer.registry.history()).toEqual([]);
    const statement = issuer.rootStatement();
    expect(statement).toMatchObject({ issuer: issuer.did, root: new RegistryTree(20).root.toString(), size: 0, sequence: 0, publishedAt: NOW.toISOString() });
    expect(verifyRootStatement(statement)).toBe(true);
  });

  it('issuing appends the commitment at the next leaf index', () => {
    const credentials = issueMany(issuer, 3);
    expect(credentials.map((c) => c.proof.leafIndex)).toEqual([0, 1, 2]);
    expect(issuer.registry.size).toBe(3);
    credentials.forEach((c, i) => expect(issuer.registry.path(i).leaf).toBe(BigInt(c.proof.commitment)));
    expect(issuer.exportRegistry().leaves).toEqual(credentials.map((c) => c.proof.commitment));
  });

  it('revoking sets the leaf to 0, keeps the size and changes the root', () => {
    const [first, second] = issueMany(issuer, 2);
    const before = issuer.registry.root;
    issuer.revoke(first!.id);
    expect(issuer.registry.path(0).leaf).toBe(0n);
    expect(issuer.registry.path(1).leaf).toBe(BigInt(second!.proof.commitment));
    expect(issuer.registry.size).toBe(2);
    expect(issuer.registry.root).not.toBe(before);
    expect(issuer.exportRegistry().leaves).toEqual(['0', second!.proof.commitment]);
  });

  it('revoking an unknown id throws RegistryError NOT_FOUND and records nothing', () => {
    issueMany(issuer, 1);
    const err = thrown(() => issuer.revoke('urn:uuid:00000000-0000-4000-8000-000000000000'));
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe('NOT_FOUND');
    expect(issuer.registry.history()).toHaveLength(1);
  });

  it('the root statement verifies; the same statement with any field altered does not', () => {
    issueMany(issuer, 2);
    const statement = issuer.rootStatement();
    expect(verifyRootStatement(statement)).toBe(true);
    expect(verifyRootStatement(issuer.exportRegistry().rootStatement)).toBe(true);
    const other = makeIssuer(issuerKeys(22));
    const forgeries: [string, RootStatement | unknown][] = [
      ['root + 1', { ...statement, root: (BigInt(statement.root) + 1n).toString() }],
      ['size', { ...statement, size: statement.size + 1 }],
      ['sequence', { ...statement, sequence: statement.sequence + 5 }],
      ['publishedAt', { ...statement, publishedAt: new Date(NOW.getTime() + 1).toISOString() }],
      ['issuer (another did:key)', { ...statement, issuer: other.did }],
      ['signature from another issuer', { ...statement, signature: other.rootStatement().signature }],
      ['signature missing', { ...statement, signature: undefined }],
      ['signature truncated', { ...statement, signature: statement.signature.slice(2) }],
      ['root not a field element', { ...statement, root: '0x01' }],
      ['null', null],
      ['a string', JSON.stringify(statement)],
    ];
    for (const [label, forged] of forgeries) expect(verifyRootStatement(forged), label).toBe(false);
    other.close();
  });

  it('history records one statement per change with sequences 1..n, each signed', () => {
    const [a] = issueMany(issuer, 3);
    issuer.revoke(a!.id);
    const history = issuer.registry.history();
    expect(history.map((s) => s.sequence)).toEqual([1, 2, 3, 4]);
    expect(history.map((s) => s.size)).toEqual([1, 2, 3, 3]);
    expect(history.every((s) => verifyRootStatement(s))).toBe(true);
    expect(new Set(history.map((s) => s.root)).size).toBe(4);
    expect(history.at(-1)!.root).toBe(issuer.registry.root.toString());
    const current = issuer.rootStatement();
    expect(current.sequence).toBe(4);
    expect(current.root).toBe(history.at(-1)!.root);
  });

  it('each statement in history signs the root of the leaves at that moment', () => {
    const credentials = issueMany(issuer, 3);
    const history = issuer.registry.history();
    credentials.forEach((_, i) => {
      const tree = new RegistryTree(20, credentials.slice(0, i + 1).map((c) => BigInt(c.proof.commitment)));
      expect(history[i]!.root).toBe(tree.root.toString());
    });
  });

  it('path(i) equals the proof of an independently built RegistryTree', () => {
    const credentials = issueMany(issuer, 5);
    issuer.revoke(credentials[3]!.id);
    const exported = issuer.exportRegistry();
    const tree = new RegistryTree(exported.depth, exported.leaves.map(BigInt));
    expect(tree.root.toString()).toBe(exported.rootStatement.root);
    for (let i = 0; i < 5; i++) {
      const path = issuer.registry.path(i);
      expect(path).toEqual(tree.path(i));
      expect(path.siblings).toHaveLength(20);
      expect(path.pathIndices).toEqual(Array.from({ length: 20 }, (_, h) => (i >> h) & 1));
    }
  });

  it('pathFromBucket(bucket(i, bits), i) equals path(i) for every leaf and bucket size 0..4', () => {
    const credentials = issueMany(issuer, 11);
    issuer.revoke(credentials[6]!.id);
    for (let i = 0; i < 11; i++) {
      const expected = issuer.registry.path(i);
      for (let bits = 0; bits <= 4; bits++) {
        const bucket = issuer.registry.bucket(i, bits);
        expect(bucket.leaves.length).toBeLessThanOrEqual(2 ** bits);
        expect(pathFromBucket(bucket, i), `leaf ${i}, bits ${bits}`).toEqual(expected);
      }
    }
  });

  it('pathFromBucket refuses a leaf outside the bucket', () => {
    issueMany(issuer, 4);
    expect(() => pathFromBucket(issuer.registry.bucket(0, 1), 2)).toThrow(RangeError);
  });

  it('path of a leaf that does not exist throws InputError on leafIndex', () => {
    issueMany(issuer, 2);
    for (const index of [2, -1, 1.5]) {
      const err = thrown(() => issuer.registry.path(index));
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe('leafIndex');
    }
  });

  // Regression test for a fixed bug: bucket() checks bucketBits but not the leaf index, so an
  // index outside the tree fails inside @zk-kit with a plain Error (path() throws InputError).
  it('bucket of a leaf that does not exist throws InputError on leafIndex', () => {
    issueMany(issuer, 4);
    for (const index of [99, -1, 1.5]) {
      const err = thrown(() => issuer.registry.bucket(index, 2));
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe('leafIndex');
    }
  });

  it('bucket with bucketBits outside 0..20 throws InputError on bucketBits', () => {
    issueMany(issuer, 1);
    for (const bits of [-1, 21, 0.5]) {
      const err = thrown(() => issuer.registry.bucket(0, bits));
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe('bucketBits');
    }
  });

  it('a duplicate credential id is refused and leaves the registry unchanged; the next issue still works', () => {
    const [credential] = issueMany(issuer, 1);
    const [root, size, history] = [issuer.registry.root, issuer.registry.size, issuer.registry.history()];
    const err = thrown(() => issuer.registry.append(credential!.id, 12345n));
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).code).toBe('REGISTRY');
    expect((err as RegistryError).message).toContain('already registered');
    expect(issuer.registry.root).toBe(root);
    expect(issuer.registry.size).toBe(size);
    expect(issuer.registry.history()).toEqual(history);
    const next = issuePerson(issuer, HOLDER);
    expect(next.proof.leafIndex).toBe(1);
    expect(issuer.registry.history().map((s) => s.sequence)).toEqual([1, 2]);
    expect(issuer.registry.root).toBe(new RegistryTree(20, [BigInt(credential!.proof.commitment), BigInt(next.proof.commitment)]).root);
  });

  /** An issuer over a fresh store whose clock throws once each time `fail()` is called. */
  function flakyIssuer(seed: number): { issuer: Issuer; fail(): void } {
    let failNext = false;
    const issuer = new Issuer({
      keys: issuerKeys(seed),
      store: kind.open(),
      clock: () => {
        if (failNext) {
          failNext = false;
          throw new Error('clock failed');
        }
        return NOW;
      },
    });
    return { issuer, fail: () => { failNext = true; } };
  }

  it('a failure while signing a change stores nothing, and the registry recovers', () => {
    const { issuer: flaky, fail } = flakyIssuer(23);
    const first = issuePerson(flaky, HOLDER);
    const rootAfterFirst = flaky.rootStatement().root;
    fail();
    expect(() => issuePerson(flaky, HOLDER)).toThrow('clock failed');
    expect(flaky.rootStatement()).toMatchObject({ root: rootAfterFirst, size: 1, sequence: 1 });
    expect(flaky.exportRegistry().leaves).toEqual([first.proof.commitment]);
    fail();
    expect(() => flaky.revoke(first.id)).toThrow('clock failed');
    expect(flaky.registry.path(0).leaf).toBe(BigInt(first.proof.commitment));
    expect(flaky.registry.history().map((s) => s.sequence)).toEqual([1]);
    const second = issuePerson(flaky, HOLDER);
    expect(second.proof.leafIndex).toBe(1);
    expect(flaky.registry.history().map((s) => s.sequence)).toEqual([1, 2]);
    expect(flaky.registry.root).toBe(new RegistryTree(20, [first, second].map((c) => BigInt(c.proof.commitment))).root);
    flaky.close();
  });

  // Regression test for a fixed bug: the `root` and `size` getters read the in-memory tree
  // without catching up with the store, so after a failed write they still include the leaf
  // that was never stored.
  it('after a failed issue, registry.root and registry.size report the stored state', () => {
    const { issuer: flaky, fail } = flakyIssuer(24);
    issuePerson(flaky, HOLDER);
    const stored = flaky.rootStatement();
    fail();
    expect(() => issuePerson(flaky, HOLDER)).toThrow('clock failed');
    try {
      expect(flaky.registry.size).toBe(stored.size);
      expect(flaky.registry.root.toString()).toBe(stored.root);
    } finally {
      flaky.close();
    }
  });
});

describe('SqliteRegistryStore durability and concurrency', () => {
  it('reopening the database gives the same leaves, root, size and history', () => {
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
    expect(reopened.registry.history().at(-1)!.sequence).toBe(6);
    reopened.close();
  });

  it('two registries on one file, interleaving writes, both see every leaf (catch-up)', () => {
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

    const expected = new RegistryTree(20, [0n, ...[c1, c2, c3].map((c) => BigInt(c.proof.commitment))]);
    for (const issuer of [a, b]) {
      expect(issuer.rootStatement()).toMatchObject({ root: expected.root.toString(), size: 4, sequence: 5 });
      expect(issuer.registry.path(2)).toEqual(expected.path(2));
      expect(issuer.exportRegistry().leaves).toEqual(expected.leaves.map(String));
    }
    expect(a.registry.history().map((s) => s.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(a.registry.history()).toEqual(b.registry.history());
    a.close();
    b.close();
  });

  // Regression test for a fixed bug: same cause as the failed-write case above; a registry
  // that has not called a catching-up method since the other writer's change reports a stale
  // root and size.
  it("registry.root and registry.size reflect the other writer's changes", () => {
    const path = dirs.file('getters.db');
    const keys = issuerKeys(34);
    const a = makeIssuer(keys, new SqliteRegistryStore(path));
    const b = makeIssuer(keys, new SqliteRegistryStore(path));
    try {
      issuePerson(a, HOLDER);
      expect(b.registry.size).toBe(1);
      expect(b.registry.root).toBe(a.registry.root);
    } finally {
      a.close();
      b.close();
    }
  });

  // Regression test for a fixed bug: the Registry constructor reads the leaves and the history
  // in two separate queries, outside one transaction. A write by another process between them
  // leaves the tree one leaf behind while the sequence is current, so catch-up never rebuilds
  // it and the registry signs a statement { root: old root, size: old size, sequence: new }.
  // The store below replays that interleaving deterministically.
  it('a registry opened while another writer commits signs the committed root', () => {
    const path = dirs.file('open-race.db');
    const keys = issuerKeys(35);
    const a = makeIssuer(keys, new SqliteRegistryStore(path));
    issuePerson(a, HOLDER);
    issuePerson(a, HOLDER);
    const inner = new SqliteRegistryStore(path);
    // The other writer commits right after the opening registry's first read, whichever it is.
    let interleaved = false;
    const read = <T>(result: T): T => {
      if (!interleaved) {
        interleaved = true;
        issuePerson(a, HOLDER);
      }
      return result;
    };
    const racy: RegistryStore = {
      leaves: () => read(inner.leaves()),
      changesSince: (sequence) => read(inner.changesSince(sequence)),
      indexOf: (id) => inner.indexOf(id),
      append: (id, value, apply) => inner.append(id, value, apply),
      revoke: (index, apply) => inner.revoke(index, apply),
      history: () => read(inner.history()),
      close: () => inner.close(),
    };
    const b = makeIssuer(keys, racy);
    try {
      expect(interleaved).toBe(true);
      const expected = a.rootStatement();
      expect(b.rootStatement()).toMatchObject({ root: expected.root, size: 3, sequence: 3 });
    } finally {
      a.close();
      b.close();
    }
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
