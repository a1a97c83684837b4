/**
 * The Verifier's stores (verifier-stores.ts) on PostgreSQL, through `pg` (an optional peer
 * dependency, loaded on first use), for verifier instances that scale out behind a load
 * balancer on one database. Each atomic operation is one SQL statement:
 *   - consume: `INSERT ... ON CONFLICT DO NOTHING RETURNING` on the spent nonces' primary key,
 *     so of two instances spending one nonce at the same moment exactly one gets true;
 *   - claimAttempt: `UPDATE ... WHERE attempts < cap AND unexpired RETURNING`;
 *   - root statements: inserted under their (issuer, sequence) key in one transaction that
 *     refuses a conflicting root; the freshest freshness statement kept by a conditional upsert.
 * Schema migrations are numbered; zkd_migrations records those applied, and they run in one
 * transaction under an advisory lock, so instances starting together migrate once. Tables carry
 * a zkd_ prefix so the service can share a database. A database failure rejects with
 * StoreUnavailableError (the service answers 503); a duplicate request with InputError.
 */
import { createRequire } from 'node:module';
import type { Pool, PoolClient, PoolConfig, QueryResultRow } from 'pg';
import { InputError, ZkdError } from '../errors.js';
import { ROOT_HISTORY_LIMIT } from '../registry/root-view.js';
import type { FreshnessStatement, RootStatement } from '../registry/statements.js';
import type { PresentationRequest } from '../request.js';
import {
  type AttemptClaim, type PendingRequest, type PendingRequestStore, type RootStatementStore, type SpentNonceStore,
  type StoredRootStatements, type VerifierStores, conflictingRoot,
} from '../verifier-stores.js';
import { StoreUnavailableError } from './store-errors.js';

/** Migrations in order; a released migration never changes. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE zkd_pending_requests (
     id TEXT PRIMARY KEY, nonce TEXT NOT NULL UNIQUE, request TEXT NOT NULL, created_at TEXT NOT NULL,
     expires_at TIMESTAMPTZ NOT NULL, attempts INTEGER NOT NULL);
   CREATE INDEX zkd_pending_requests_expiry ON zkd_pending_requests (expires_at);
   CREATE TABLE zkd_spent_nonces (nonce TEXT PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL);
   CREATE INDEX zkd_spent_nonces_expiry ON zkd_spent_nonces (expires_at);
   CREATE TABLE zkd_root_statements (
     issuer TEXT NOT NULL, sequence BIGINT NOT NULL, root TEXT NOT NULL, size BIGINT NOT NULL, statement TEXT NOT NULL,
     PRIMARY KEY (issuer, sequence));
   CREATE TABLE zkd_root_freshness (issuer TEXT PRIMARY KEY, sequence BIGINT NOT NULL, signed_at TIMESTAMPTZ NOT NULL, statement TEXT NOT NULL);`,
];

/** An arbitrary constant naming the service's migration lock. */
const MIGRATION_LOCK = 0x7a6b6473;
/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

type PgModule = { Pool: new (config: PoolConfig) => Pool };

function loadPg(): PgModule {
  try {
    return createRequire(import.meta.url)('pg') as PgModule;
  } catch (err) {
    if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
    throw new ZkdError('UNSUPPORTED', 'a postgres:// database needs pg, an optional peer dependency: run `npm install pg@8`');
  }
}

const unavailable = (err: unknown): StoreUnavailableError => new StoreUnavailableError(`PostgreSQL: ${(err as Error).message}`);

/** One pool shared by the three stores; every failure becomes StoreUnavailableError. */
class Database {
  constructor(readonly pool: Pool) {}

  async query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (err) {
      throw unavailable(err);
    }
  }

  /** Runs `work` in one transaction on one connection. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw unavailable(err);
    }
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err instanceof ZkdError ? err : unavailable(err);
    } finally {
      client.release();
    }
  }
}

interface PendingRow {
  id: string;
  request: string;
  created_at: string;
  expired: boolean;
  attempts: number;
}

function pendingOf(row: PendingRow): PendingRequest {
  return { id: row.id, request: JSON.parse(row.request) as PresentationRequest, createdAt: row.created_at, attempts: row.attempts };
}

const PENDING_COLUMNS = 'id, request, created_at, attempts';

export class PostgresPendingRequestStore implements PendingRequestStore {
  constructor(private readonly db: Database) {}

  async save(pending: PendingRequest): Promise<void> {
    try {
      await this.db.pool.query('INSERT INTO zkd_pending_requests (id, nonce, request, created_at, expires_at, attempts) VALUES ($1, $2, $3, $4, $5, $6)',
        [pending.id, pending.request.nonce, JSON.stringify(pending.request), pending.createdAt, pending.request.expiresAt, pending.attempts]);
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new InputError('pending', 'a request with this id or nonce is already saved');
      throw unavailable(err);
    }
  }

  async byId(id: string): Promise<PendingRequest | undefined> {
    const row = (await this.db.query<PendingRow>(`SELECT ${PENDING_COLUMNS} FROM zkd_pending_requests WHERE id = $1`, [id]))[0];
    return row === undefined ? undefined : pendingOf(row);
  }

  async byNonce(nonce: string): Promise<PendingRequest | undefined> {
    const row = (await this.db.query<PendingRow>(`SELECT ${PENDING_COLUMNS} FROM zkd_pending_requests WHERE nonce = $1`, [nonce]))[0];
    return row === undefined ? undefined : pendingOf(row);
  }

  async claimAttempt(nonce: string, maxAttempts: number, now: Date): Promise<AttemptClaim> {
    const claimed = (await this.db.query<PendingRow>(
      `UPDATE zkd_pending_requests SET attempts = attempts + 1 WHERE nonce = $1 AND attempts < $2 AND expires_at >= $3 RETURNING ${PENDING_COLUMNS}`,
      [nonce, maxAttempts, now]))[0];
    if (claimed !== undefined) return { status: 'claimed', pending: pendingOf(claimed) };
    // Nothing changed: say why (a concurrent removal reads as unknown, which it then is).
    const row = (await this.db.query<PendingRow>(`SELECT ${PENDING_COLUMNS}, expires_at < $2 AS expired FROM zkd_pending_requests WHERE nonce = $1`, [nonce, now]))[0];
    if (row === undefined) return { status: 'unknown' };
    return { status: row.expired ? 'expired' : 'exhausted', pending: pendingOf(row) };
  }

  async remove(nonce: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM zkd_pending_requests WHERE nonce = $1 RETURNING 1', [nonce])).length === 1;
  }

  async prune(now: Date): Promise<number> {
    return (await this.db.query('DELETE FROM zkd_pending_requests WHERE expires_at < $1 RETURNING 1', [now])).length;
  }

  async count(): Promise<number> {
    return (await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM zkd_pending_requests'))[0]!.n;
  }

  async close(): Promise<void> {}
}

export class PostgresSpentNonceStore implements SpentNonceStore {
  constructor(private readonly db: Database) {}

  async consume(nonce: string, expiresAt: Date): Promise<boolean> {
    return (await this.db.query('INSERT INTO zkd_spent_nonces (nonce, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1', [nonce, expiresAt])).length === 1;
  }

  async isSpent(nonce: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM zkd_spent_nonces WHERE nonce = $1', [nonce])).length === 1;
  }

  async prune(now: Date): Promise<number> {
    return (await this.db.query('DELETE FROM zkd_spent_nonces WHERE expires_at < $1 RETURNING 1', [now])).length;
  }

  async count(): Promise<number> {
    return (await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM zkd_spent_nonces'))[0]!.n;
  }

  async close(): Promise<void> {}
}

export class PostgresRootStatementStore implements RootStatementStore {
  constructor(private readonly db: Database) {}

  async add(issuer: string, roots: readonly RootStatement[], freshness?: FreshnessStatement): Promise<void> {
    await this.db.transaction(async (client) => {
      for (const s of roots) {
        await client.query('INSERT INTO zkd_root_statements (issuer, sequence, root, size, statement) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
          [issuer, s.sequence, s.root, s.size, JSON.stringify(s)]);
        const { rows } = await client.query<{ root: string; size: string }>('SELECT root, size FROM zkd_root_statements WHERE issuer = $1 AND sequence = $2', [issuer, s.sequence]);
        if (rows[0]!.root !== s.root || Number(rows[0]!.size) !== s.size) throw conflictingRoot(issuer, s.sequence);
      }
      if (freshness !== undefined) {
        await client.query(`INSERT INTO zkd_root_freshness (issuer, sequence, signed_at, statement) VALUES ($1, $2, $3, $4)
          ON CONFLICT (issuer) DO UPDATE SET sequence = EXCLUDED.sequence, signed_at = EXCLUDED.signed_at, statement = EXCLUDED.statement
          WHERE EXCLUDED.sequence > zkd_root_freshness.sequence
             OR (EXCLUDED.sequence = zkd_root_freshness.sequence AND EXCLUDED.signed_at >= zkd_root_freshness.signed_at)`,
        [issuer, freshness.sequence, freshness.signedAt, JSON.stringify(freshness)]);
      }
      await client.query('DELETE FROM zkd_root_statements WHERE issuer = $1 AND sequence <= (SELECT MAX(sequence) FROM zkd_root_statements WHERE issuer = $1) - $2',
        [issuer, ROOT_HISTORY_LIMIT]);
    });
  }

  async since(issuer: string, afterSequence: number): Promise<StoredRootStatements> {
    const roots = (await this.db.query<{ statement: string }>('SELECT statement FROM zkd_root_statements WHERE issuer = $1 AND sequence > $2 ORDER BY sequence', [issuer, afterSequence]))
      .map((row) => JSON.parse(row.statement) as RootStatement);
    const fresh = (await this.db.query<{ statement: string }>('SELECT statement FROM zkd_root_freshness WHERE issuer = $1', [issuer]))[0];
    return { roots, freshness: fresh === undefined ? undefined : (JSON.parse(fresh.statement) as FreshnessStatement) };
  }

  async issuers(): Promise<string[]> {
    return (await this.db.query<{ issuer: string }>('SELECT DISTINCT issuer FROM zkd_root_statements ORDER BY issuer')).map((row) => row.issuer);
  }

  async count(): Promise<number> {
    return (await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM zkd_root_statements'))[0]!.n;
  }

  async close(): Promise<void> {}
}

async function migrate(db: Database): Promise<void> {
  await db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS zkd_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) AS version FROM zkd_migrations');
    const applied = rows[0]!.version;
    if (applied > MIGRATIONS.length) throw new StoreUnavailableError(`PostgreSQL: the database is at schema version ${applied}, newer than this service (${MIGRATIONS.length})`);
    for (let version = applied + 1; version <= MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version - 1]!);
      await client.query('INSERT INTO zkd_migrations (version) VALUES ($1)', [version]);
    }
  });
}

/** The three PostgreSQL stores on one connection pool, with row counts for /metrics. */
export interface PostgresVerifierStores extends VerifierStores {
  requests: PostgresPendingRequestStore;
  nonces: PostgresSpentNonceStore;
  roots: PostgresRootStatementStore;
}

/**
 * Connects to `url` and applies pending migrations.
 * @throws {StoreUnavailableError} when PostgreSQL cannot be reached; ZkdError UNSUPPORTED without pg
 */
export async function openPostgresVerifierStores(url: string, options: { maxConnections?: number } = {}): Promise<PostgresVerifierStores> {
  const { Pool: PgPool } = loadPg();
  const pool = new PgPool({ connectionString: url, max: options.maxConnections ?? 8, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  // An idle connection dropping (a database restart) must not end the process: the next query fails instead.
  pool.on('error', () => {});
  const db = new Database(pool);
  try {
    await migrate(db);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return {
    requests: new PostgresPendingRequestStore(db),
    nonces: new PostgresSpentNonceStore(db),
    roots: new PostgresRootStatementStore(db),
    close: () => pool.end(),
  };
}
