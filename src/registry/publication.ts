/**
 * The publication layout of a registry: the files an HTTP server (server.ts), a static host
 * (static-publish.ts) and the client (client.ts) agree on, with their bytes, cache headers and
 * size limits. Pure: no Node or browser APIs.
 *
 * Under a base path (default `/.well-known/zkdisclose/registry/`):
 *   freshness.json               the one mutable pointer: the latest freshness statement, which
 *                                names the latest sequence and root (short cache lifetime)
 *   roots/<s>.json               the root statement of sequence s (immutable)
 *   history/<s>.json             the root statements max(0, s − 255) .. s, oldest first (immutable)
 *   buckets/<s>/<b>.bin          bucket b as of sequence s, binary format of bucket.ts (immutable)
 *
 * Immutable files are the stored statements serialised once (compact JSON), so every download of
 * them gives identical bytes, and a CDN may cache them for a year. A client reads the pointer,
 * then only files named by its sequence: it never combines a bucket and statements of two
 * sequences.
 */
import type { FreshnessStatement, RootStatement } from './statements.js';

export const DEFAULT_REGISTRY_BASE_PATH = '/.well-known/zkdisclose/registry/';

/** Root statements in one history file: the latest and the 255 before it. */
export const HISTORY_SPAN = 256;

export const POINTER_FILE = 'freshness.json';
export const rootFile = (sequence: number): string => `roots/${sequence}.json`;
export const historyFile = (sequence: number): string => `history/${sequence}.json`;
export const bucketFileName = (bucket: number): string => `${bucket}.bin`;
export const bucketFile = (sequence: number, bucket: number): string => `buckets/${sequence}/${bucketFileName(bucket)}`;

/** The sequences history file `sequence` covers. */
export const historyRange = (sequence: number): { from: number; to: number } => ({ from: Math.max(0, sequence - HISTORY_SPAN + 1), to: sequence });

/** Cache-Control of the files named by sequence: they never change. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * Cache-Control of the pointer: a fifth of the issuer's freshness refresh interval, at most a
 * minute, so a cache never hides a new sequence or a re-signed freshness statement for long.
 */
export function pointerCacheControl(refreshSeconds: number): string {
  return `public, max-age=${Math.max(0, Math.min(60, Math.floor(refreshSeconds / 5)))}`;
}

/** Size limits a client enforces while streaming, before parsing or hashing. */
export const REGISTRY_LIMITS = Object.freeze({
  /** freshness.json and roots/<s>.json. */
  statementBytes: 4 * 1024,
  /** history/<s>.json (256 statements of about 450 bytes each). */
  historyBytes: 256 * 1024,
  /** Allowed beyond a bucket's exact expected length. */
  bucketSlackBytes: 1024,
});

/** Serialised statement file (freshness.json, roots/<s>.json): compact JSON, newline-terminated. */
export const statementFileText = (statement: RootStatement | FreshnessStatement): string => `${JSON.stringify(statement)}\n`;

/** Serialised history file. */
export const historyFileText = (statements: readonly RootStatement[]): string => `${JSON.stringify(statements)}\n`;

/** Sequences and bucket indexes in URLs: canonical decimal, at most 15 digits (safe integers). */
const COUNT = /^(0|[1-9][0-9]{0,14})$/;

/** Parses a sequence or bucket index from a path segment; undefined when it is not canonical. */
export function parseCount(text: string): number | undefined {
  return COUNT.test(text) ? Number(text) : undefined;
}

/** `base` with exactly one trailing slash (for joining relative file names). */
export function withTrailingSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}
