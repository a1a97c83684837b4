/**
 * A durable registry store on SQLite (better-sqlite3 12.x, WAL mode, synchronous = FULL).
 * Every level of the tree is a row set of `nodes` (32-byte big-endian values), so opening a
 * registry of a million leaves reads one row for its root; each issue or revoke is one IMMEDIATE
 * transaction holding the changed nodes and the signed root statement, so a crash between two
 * writes loses nothing acknowledged and several processes may write to one file (the write lock
 * serialises them and each change reads the state it applies to inside its transaction).
 * Node-only.
 */
import type Database from 'better-sqlite3';
import { RegistryError } from '../errors.js';
import { bigIntToBytes32, bytesToBigInt } from '../internal/field.js';
import { openDatabase } from '../internal/sqlite-driver.js';
import type { FreshnessStatement, RootStatement } from './statements.js';
import { type RegistryStore, type RegistryWriter, freshnessSupersedes } from './store.js';
import type { NodeWrite, TreeShape } from './tree.js';

/** The on-disk format; a file of another version is refused, never rewritten. */
const FORMAT_VERSION = '2';

const toBlob = (value: bigint): Uint8Array => bigIntToBytes32(value);
const fromBlob = (blob: Uint8Array): bigint => bytesToBigInt(blob);

export class SqliteRegistryStore implements RegistryStore {
  private readonly db: Database.Database;
  private readonly sql: {
    node: Database.Statement;
    range: Database.Statement;
    putNode: Database.Statement;
    indexOf: Database.Statement;
    ids: Database.Statement;
    putId: Database.Statement;
    latest: Database.Statement;
    statement: Database.Statement;
    statements: Database.Statement;
    putStatement: Database.Statement;
    meta: Database.Statement;
    putMeta: Database.Statement;
    freshness: Database.Statement;
    putFreshness: Database.Statement;
  };

  /** Opens (creating when absent) the registry database at `path`. */
  constructor(path: string) {
    this.db = openDatabase(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    const legacy = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'leaves'").get();
    if (legacy !== undefined) {
      this.db.close();
      throw new RegistryError(`${path} is a registry of zkdisclose 0.1 (leaves only); this version keeps every tree node. Re-issue into a new registry`, 'UNSUPPORTED');
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS nodes (
        level INTEGER NOT NULL, idx INTEGER NOT NULL, value BLOB NOT NULL,
        PRIMARY KEY (level, idx)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS credentials (credential_id TEXT PRIMARY KEY, idx INTEGER NOT NULL UNIQUE) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS statements (sequence INTEGER PRIMARY KEY, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS freshness (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL);
      INSERT OR IGNORE INTO meta (key, value) VALUES ('format', '${FORMAT_VERSION}');
    `);
    const format = (this.db.prepare("SELECT value FROM meta WHERE key = 'format'").get() as { value: string }).value;
    if (format !== FORMAT_VERSION) {
      this.db.close();
      throw new RegistryError(`${path} has registry format ${format}; this version reads format ${FORMAT_VERSION}`, 'UNSUPPORTED');
    }
    this.sql = {
      node: this.db.prepare('SELECT value FROM nodes WHERE level = ? AND idx = ?').pluck(),
      range: this.db.prepare('SELECT idx, value FROM nodes WHERE level = ? AND idx BETWEEN ? AND ?'),
      putNode: this.db.prepare('INSERT OR REPLACE INTO nodes (level, idx, value) VALUES (?, ?, ?)'),
      indexOf: this.db.prepare('SELECT idx FROM credentials WHERE credential_id = ?').pluck(),
      ids: this.db.prepare('SELECT idx, credential_id FROM credentials WHERE idx BETWEEN ? AND ?'),
      putId: this.db.prepare('INSERT INTO credentials (credential_id, idx) VALUES (?, ?)'),
      latest: this.db.prepare('SELECT body FROM statements ORDER BY sequence DESC LIMIT 1').pluck(),
      statement: this.db.prepare('SELECT body FROM statements WHERE sequence = ?').pluck(),
      statements: this.db.prepare('SELECT body FROM statements WHERE sequence BETWEEN ? AND ? ORDER BY sequence').pluck(),
      putStatement: this.db.prepare('INSERT INTO statements (sequence, body) VALUES (?, ?)'),
      meta: this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      putMeta: this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      freshness: this.db.prepare('SELECT body FROM freshness WHERE id = 1').pluck(),
      putFreshness: this.db.prepare('INSERT OR REPLACE INTO freshness (id, body) VALUES (1, ?)'),
    };
  }

  shape(): TreeShape | undefined {
    const arity = this.sql.meta.get('arity') as string | undefined;
    const depth = this.sql.meta.get('depth') as string | undefined;
    return arity === undefined || depth === undefined ? undefined : { arity: Number(arity), depth: Number(depth) };
  }

  latest(): RootStatement | undefined {
    const body = this.sql.latest.get() as string | undefined;
    return body === undefined ? undefined : (JSON.parse(body) as RootStatement);
  }

  indexOf(credentialId: string): number | undefined {
    return this.sql.indexOf.get(credentialId) as number | undefined;
  }

  credentialIds(start: number, count: number): (string | undefined)[] {
    const ids: (string | undefined)[] = new Array(count).fill(undefined);
    if (count <= 0) return ids;
    for (const row of this.sql.ids.all(start, start + count - 1) as { idx: number; credential_id: string }[]) ids[row.idx - start] = row.credential_id;
    return ids;
  }

  node(level: number, index: number): bigint | undefined {
    const blob = this.sql.node.get(level, index) as Buffer | undefined;
    return blob === undefined ? undefined : fromBlob(blob);
  }

  nodes(level: number, start: number, count: number): (bigint | undefined)[] {
    const out = new Array<bigint | undefined>(count).fill(undefined);
    for (const row of this.sql.range.iterate(level, start, start + count - 1) as Iterable<{ idx: number; value: Buffer }>) {
      out[row.idx - start] = fromBlob(row.value);
    }
    return out;
  }

  statement(sequence: number): RootStatement | undefined {
    const body = this.sql.statement.get(sequence) as string | undefined;
    return body === undefined ? undefined : (JSON.parse(body) as RootStatement);
  }

  statements(from: number, to: number): RootStatement[] {
    return (this.sql.statements.all(from, to) as string[]).map((b) => JSON.parse(b) as RootStatement);
  }

  freshness(): FreshnessStatement | undefined {
    const body = this.sql.freshness.get() as string | undefined;
    return body === undefined ? undefined : (JSON.parse(body) as FreshnessStatement);
  }

  putFreshness(statement: FreshnessStatement): void {
    this.db.transaction(() => {
      if (freshnessSupersedes(statement, this.freshness())) this.sql.putFreshness.run(JSON.stringify(statement));
    }).immediate();
  }

  write<T>(change: (writer: RegistryWriter) => T): T {
    const writer: RegistryWriter = {
      latest: () => this.latest(),
      shape: () => this.shape(),
      indexOf: (id) => this.indexOf(id),
      node: (level, index) => this.node(level, index),
      setShape: (shape) => {
        this.sql.putMeta.run('arity', String(shape.arity));
        this.sql.putMeta.run('depth', String(shape.depth));
      },
      putCredentialId: (index, id) => {
        if (this.indexOf(id) !== undefined) throw new RegistryError(`credential ${id.slice(0, 100)} is already registered`);
        this.sql.putId.run(id, index);
      },
      putNodes: (writes: readonly NodeWrite[]) => {
        for (const w of writes) this.sql.putNode.run(w.level, w.index, toBlob(w.value));
      },
      putStatement: (statement) => {
        const expected = (this.latest()?.sequence ?? -1) + 1;
        if (statement.sequence !== expected) throw new RegistryError(`statement sequence ${statement.sequence} is not the next (${expected})`);
        this.sql.putStatement.run(statement.sequence, JSON.stringify(statement));
      },
    };
    return this.db.transaction(() => change(writer)).immediate();
  }

  close(): void {
    this.db.close();
  }
}
