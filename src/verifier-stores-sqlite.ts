/**
 * The verifier stores (verifier-stores.ts) on one SQLite database: durable across restarts and
 * shared by verifier processes on one host (WAL, a busy timeout). Each atomic operation is one
 * SQL statement: `claimAttempt` an UPDATE ... WHERE attempts < cap AND unexpired ... RETURNING,
 * `consume` an INSERT OR IGNORE on the nonce's primary key. The driver (better-sqlite3, an
 * optional peer) is synchronous; the methods return Promises to fit the interfaces. Node only.
 */
import type Database from 'better-sqlite3';
import { InputError } from './errors.js';
import { openDatabase } from './internal/sqlite-driver.js';
import { ROOT_HISTORY_LIMIT } from './registry/root-view.js';
import type { FreshnessStatement, RootStatement } from './registry/statements.js';
import type { PresentationRequest } from './request.js';
import {
  type AttemptClaim, type PendingRequest, type PendingRequestStore, type RootStatementStore, type SpentNonceStore,
  type StoredRootStatements, type VerifierStores, conflictingRoot, requestExpiry,
} from './verifier-stores.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS verifier_pending_requests (
  id TEXT PRIMARY KEY,
  nonce TEXT NOT NULL UNIQUE,
  request TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS verifier_pending_requests_expiry ON verifier_pending_requests (expires_at);
CREATE TABLE IF NOT EXISTS verifier_spent_nonces (
  nonce TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS verifier_spent_nonces_expiry ON verifier_spent_nonces (expires_at);
CREATE TABLE IF NOT EXISTS verifier_root_statements (
  issuer TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  root TEXT NOT NULL,
  size INTEGER NOT NULL,
  statement TEXT NOT NULL,
  PRIMARY KEY (issuer, sequence)
);
CREATE TABLE IF NOT EXISTS verifier_root_freshness (
  issuer TEXT PRIMARY KEY,
  sequence INTEGER NOT NULL,
  signed_at INTEGER NOT NULL,
  statement TEXT NOT NULL
);
`;

interface PendingRow {
  id: string;
  request: string;
  created_at: string;
  expires_at: number;
  attempts: number;
}

function pendingOf(row: PendingRow): PendingRequest {
  return { id: row.id, request: JSON.parse(row.request) as PresentationRequest, createdAt: row.created_at, attempts: row.attempts };
}

export class SqlitePendingRequestStore implements PendingRequestStore {
  constructor(private readonly db: Database.Database) {}

  async save(pending: PendingRequest): Promise<void> {
    try {
      this.db.prepare('INSERT INTO verifier_pending_requests (id, nonce, request, created_at, expires_at, attempts) VALUES (?, ?, ?, ?, ?, ?)')
        .run(pending.id, pending.request.nonce, JSON.stringify(pending.request), pending.createdAt, requestExpiry(pending.request), pending.attempts);
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') === true) throw new InputError('pending', 'a request with this id or nonce is already saved');
      throw err;
    }
  }

  async byId(id: string): Promise<PendingRequest | undefined> {
    const row = this.db.prepare('SELECT * FROM verifier_pending_requests WHERE id = ?').get(id) as PendingRow | undefined;
    return row === undefined ? undefined : pendingOf(row);
  }

  async byNonce(nonce: string): Promise<PendingRequest | undefined> {
    const row = this.db.prepare('SELECT * FROM verifier_pending_requests WHERE nonce = ?').get(nonce) as PendingRow | undefined;
    return row === undefined ? undefined : pendingOf(row);
  }

  async claimAttempt(nonce: string, maxAttempts: number, now: Date): Promise<AttemptClaim> {
    const claimed = this.db.prepare('UPDATE verifier_pending_requests SET attempts = attempts + 1 WHERE nonce = ? AND attempts < ? AND expires_at >= ? RETURNING *')
      .get(nonce, maxAttempts, now.getTime()) as PendingRow | undefined;
    if (claimed !== undefined) return { status: 'claimed', pending: pendingOf(claimed) };
    // Nothing changed: say why (a concurrent removal reads as unknown, which it then is).
    const row = this.db.prepare('SELECT * FROM verifier_pending_requests WHERE nonce = ?').get(nonce) as PendingRow | undefined;
    if (row === undefined) return { status: 'unknown' };
    return { status: row.expires_at < now.getTime() ? 'expired' : 'exhausted', pending: pendingOf(row) };
  }

  async remove(nonce: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM verifier_pending_requests WHERE nonce = ?').run(nonce).changes === 1;
  }

  async prune(now: Date): Promise<number> {
    return this.db.prepare('DELETE FROM verifier_pending_requests WHERE expires_at < ?').run(now.getTime()).changes;
  }

  /** Rows held (for the verifier service's /metrics). */
  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM verifier_pending_requests').get() as { n: number }).n;
  }

  async close(): Promise<void> {}
}

export class SqliteSpentNonceStore implements SpentNonceStore {
  constructor(private readonly db: Database.Database) {}

  async consume(nonce: string, expiresAt: Date): Promise<boolean> {
    return this.db.prepare('INSERT OR IGNORE INTO verifier_spent_nonces (nonce, expires_at) VALUES (?, ?)').run(nonce, expiresAt.getTime()).changes === 1;
  }

  async isSpent(nonce: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM verifier_spent_nonces WHERE nonce = ?').get(nonce) !== undefined;
  }

  async prune(now: Date): Promise<number> {
    return this.db.prepare('DELETE FROM verifier_spent_nonces WHERE expires_at < ?').run(now.getTime()).changes;
  }

  /** Rows held (for the verifier service's /metrics). */
  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM verifier_spent_nonces').get() as { n: number }).n;
  }

  async close(): Promise<void> {}
}

export class SqliteRootStatementStore implements RootStatementStore {
  constructor(private readonly db: Database.Database) {}

  async add(issuer: string, roots: readonly RootStatement[], freshness?: FreshnessStatement): Promise<void> {
    const insert = this.db.prepare('INSERT OR IGNORE INTO verifier_root_statements (issuer, sequence, root, size, statement) VALUES (?, ?, ?, ?, ?)');
    const stored = this.db.prepare('SELECT root, size FROM verifier_root_statements WHERE issuer = ? AND sequence = ?');
    const keepFreshest = this.db.prepare(`INSERT INTO verifier_root_freshness (issuer, sequence, signed_at, statement) VALUES (?, ?, ?, ?)
      ON CONFLICT (issuer) DO UPDATE SET sequence = excluded.sequence, signed_at = excluded.signed_at, statement = excluded.statement
      WHERE excluded.sequence > verifier_root_freshness.sequence
         OR (excluded.sequence = verifier_root_freshness.sequence AND excluded.signed_at >= verifier_root_freshness.signed_at)`);
    const trim = this.db.prepare('DELETE FROM verifier_root_statements WHERE issuer = ? AND sequence <= (SELECT MAX(sequence) FROM verifier_root_statements WHERE issuer = ?) - ?');
    // One immediate transaction: the conflict check and the insert cannot interleave with another process's.
    this.db.transaction(() => {
      for (const s of roots) {
        insert.run(issuer, s.sequence, s.root, s.size, JSON.stringify(s));
        const row = stored.get(issuer, s.sequence) as { root: string; size: number };
        if (row.root !== s.root || row.size !== s.size) throw conflictingRoot(issuer, s.sequence);
      }
      if (freshness !== undefined) keepFreshest.run(issuer, freshness.sequence, Date.parse(freshness.signedAt), JSON.stringify(freshness));
      trim.run(issuer, issuer, ROOT_HISTORY_LIMIT);
    }).immediate();
  }

  async since(issuer: string, afterSequence: number): Promise<StoredRootStatements> {
    const roots = (this.db.prepare('SELECT statement FROM verifier_root_statements WHERE issuer = ? AND sequence > ? ORDER BY sequence').all(issuer, afterSequence) as { statement: string }[])
      .map((row) => JSON.parse(row.statement) as RootStatement);
    const fresh = this.db.prepare('SELECT statement FROM verifier_root_freshness WHERE issuer = ?').get(issuer) as { statement: string } | undefined;
    return { roots, freshness: fresh === undefined ? undefined : (JSON.parse(fresh.statement) as FreshnessStatement) };
  }

  async issuers(): Promise<string[]> {
    return (this.db.prepare('SELECT DISTINCT issuer FROM verifier_root_statements ORDER BY issuer').all() as { issuer: string }[]).map((row) => row.issuer);
  }

  /** Rows held (for the verifier service's /metrics). */
  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM verifier_root_statements').get() as { n: number }).n;
  }

  async close(): Promise<void> {}
}

/**
 * Opens (creating when absent) the verifier stores in one SQLite file. Several processes may
 * open the same file: each atomic operation is one statement or one immediate transaction.
 * @throws {ZkdError} UNSUPPORTED when better-sqlite3 is not installed
 */
export function openSqliteVerifierStores(path: string): VerifierStores {
  const db = openDatabase(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);
  return {
    requests: new SqlitePendingRequestStore(db),
    nonces: new SqliteSpentNonceStore(db),
    roots: new SqliteRootStatementStore(db),
    close: async () => {
      db.close();
    },
  };
}
