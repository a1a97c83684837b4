/**
 * Opens the Verifier's stores named by a database URL: `sqlite:<path>` (a relative path resolves
 * against the verifier directory; the default is sqlite:service.sqlite there, so `serve` works
 * on a fresh machine) or `postgres://` / `postgresql://` (instances on several machines sharing
 * one database).
 */
import { isAbsolute, join } from 'node:path';
import { InputError } from '../errors.js';
import type { VerifierStores } from '../verifier-stores.js';

export const DEFAULT_SERVICE_DATABASE = 'sqlite:service.sqlite';

export interface OpenedStores {
  stores: VerifierStores;
  /** "sqlite" or "postgres", for /health and /metrics. */
  kind: 'sqlite' | 'postgres';
}

/** @throws {InputError} for a URL of no supported kind; StoreUnavailableError when PostgreSQL cannot be reached */
export async function openServiceStores(url: string | undefined, verifierDir: string): Promise<OpenedStores> {
  const database = url ?? DEFAULT_SERVICE_DATABASE;
  if (database.startsWith('sqlite:')) {
    const path = database.slice('sqlite:'.length);
    if (path === '') throw new InputError('--database', 'sqlite: needs a file path, e.g. sqlite:service.sqlite');
    const { openSqliteVerifierStores } = await import('../verifier-stores-sqlite.js');
    return { stores: openSqliteVerifierStores(isAbsolute(path) ? path : join(verifierDir, path)), kind: 'sqlite' };
  }
  if (database.startsWith('postgres://') || database.startsWith('postgresql://')) {
    const { openPostgresVerifierStores } = await import('./postgres-stores.js');
    return { stores: await openPostgresVerifierStores(database), kind: 'postgres' };
  }
  throw new InputError('--database', 'expected sqlite:<path> or postgres://user@host:port/database');
}
