/**
 * A durable registry store on SQLite (better-sqlite3 12.x, WAL mode). Each issue or revoke is
 * one IMMEDIATE transaction holding the leaf change and the signed root statement, so a crash
 * between two writes loses nothing that was acknowledged, and several processes may write to
 * one database: the write lock serialises them and each catches up before it changes the tree.
 * Node-only.
 */
import Database from 'better-sqlite3';
import { RegistryError } from './errors.js';
import type { LeafRecord, RegistryStore, RootStatement } from './registry.js';

interface LeafRow {
  idx: number;
  credential_id: string;
  value: string;
}

export class SqliteRegistryStore implements RegistryStore {
  private readonly db: Database.Database;

  /** Opens (creating when absent) the registry database at `path`. */
  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS leaves (
        idx INTEGER PRIMARY KEY,
        credential_id TEXT NOT NULL UNIQUE,
        value TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS statements (
        sequence INTEGER PRIMARY KEY,
        body TEXT NOT NULL
      );
    `);
  }

  leaves(): LeafRecord[] {
    const rows = this.db.prepare('SELECT idx, credential_id, value FROM leaves ORDER BY idx').all() as LeafRow[];
    return rows.map((r) => ({ index: r.idx, credentialId: r.credential_id, value: BigInt(r.value) }));
  }

  private currentSequence(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM statements').get() as { n: number }).n;
  }

  changesSince(sequence: number): { sequence: number; leaves: LeafRecord[] | undefined } {
    return this.db.transaction(() => {
      const current = this.currentSequence();
      return { sequence: current, leaves: current === sequence ? undefined : this.leaves() };
    })();
  }

  indexOf(credentialId: string): number | undefined {
    const row = this.db.prepare('SELECT idx FROM leaves WHERE credential_id = ?').get(credentialId) as { idx: number } | undefined;
    return row?.idx;
  }

  append(credentialId: string, value: bigint, apply: (index: number) => RootStatement): number {
    return this.db.transaction(() => {
      if (this.indexOf(credentialId) !== undefined) throw new RegistryError(`credential ${credentialId} is already registered`);
      const index = (this.db.prepare('SELECT COUNT(*) AS n FROM leaves').get() as { n: number }).n;
      const statement = apply(index);
      this.db.prepare('INSERT INTO leaves (idx, credential_id, value) VALUES (?, ?, ?)').run(index, credentialId, value.toString());
      this.db.prepare('INSERT INTO statements (sequence, body) VALUES (?, ?)').run(statement.sequence, JSON.stringify(statement));
      return index;
    }).immediate();
  }

  revoke(index: number, apply: () => RootStatement): void {
    this.db.transaction(() => {
      const statement = apply();
      const changed = this.db.prepare("UPDATE leaves SET value = '0' WHERE idx = ?").run(index);
      if (changed.changes !== 1) throw new RegistryError(`no leaf ${index}`, 'NOT_FOUND');
      this.db.prepare('INSERT INTO statements (sequence, body) VALUES (?, ?)').run(statement.sequence, JSON.stringify(statement));
    }).immediate();
  }

  history(): RootStatement[] {
    const rows = this.db.prepare('SELECT body FROM statements ORDER BY sequence').all() as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as RootStatement);
  }

  close(): void {
    this.db.close();
  }
}
