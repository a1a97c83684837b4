/**
 * A spent-nonce store on SQLite: `INSERT OR IGNORE` on a primary key is the atomic
 * test-and-set, durable across restarts and safe across processes. Node-only.
 */
import type Database from 'better-sqlite3';
import { openDatabase } from './internal/sqlite-driver.js';
import type { NonceStore } from './nonce-store.js';

export class SqliteNonceStore implements NonceStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = openDatabase(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec('CREATE TABLE IF NOT EXISTS spent_nonces (nonce TEXT PRIMARY KEY, spent_at TEXT NOT NULL)');
  }

  isSpent(nonce: string): boolean {
    return this.db.prepare('SELECT 1 FROM spent_nonces WHERE nonce = ?').get(nonce) !== undefined;
  }

  consume(nonce: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO spent_nonces (nonce, spent_at) VALUES (?, ?)').run(nonce, new Date().toISOString()).changes === 1;
  }

  close(): void {
    this.db.close();
  }
}
