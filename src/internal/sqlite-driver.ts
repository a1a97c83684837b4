/**
 * Opens a better-sqlite3 database, loading the driver on first use. better-sqlite3 is an
 * optional peer dependency (a native build that browser and wallet users never need), so a
 * missing driver is a typed error naming the command to install it, not an import failure of
 * the whole package. Node only.
 */
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { ZkdError } from '../errors.js';

type DatabaseConstructor = new (path: string) => Database.Database;
let driver: DatabaseConstructor | undefined;

/** @throws {ZkdError} UNSUPPORTED when better-sqlite3 is not installed */
export function openDatabase(path: string): Database.Database {
  if (driver === undefined) {
    try {
      driver = createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
    } catch (err) {
      if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
      throw new ZkdError('UNSUPPORTED', 'the SQLite stores need better-sqlite3, an optional peer dependency: run `npm install better-sqlite3@12`');
    }
  }
  return new driver(path);
}
