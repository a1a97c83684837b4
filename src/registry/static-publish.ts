/**
 * Writes a registry's publication layout (publication.ts) as files, for any static host or CDN:
 * the current sequence's root statement, history and every non-empty bucket, then, last, the
 * pointer freshness.json. Every file is written atomically and world-readable (0644, directories
 * 0755: all of it is public). The buckets of a sequence are written into a temporary directory
 * that is renamed into place whole, so a bucket directory that exists is complete, and a rerun
 * for an unchanged sequence only re-signs the pointer (the way to keep freshness current: run it
 * more often than the verifiers' window, from cron, say).
 *
 * Immutable files are never replaced by different bytes, an output directory of another issuer
 * is refused, and so is a publication that would roll the pointer back. Files of all but the most
 * recent `keep` sequences are pruned after the pointer moved. Node-only.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, RegistryError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { isRecord } from '../internal/field.js';
import { bucketLeafCount, encodeBucket } from './bucket.js';
import {
  POINTER_FILE, bucketFileName, historyFile, historyFileText, historyRange, parseCount, rootFile, statementFileText,
} from './publication.js';
import type { Registry } from './registry.js';

export interface StaticPublishOptions {
  /** Sequences whose files are kept, the current one included (default 8). */
  keep?: number;
}

export interface StaticPublishResult {
  sequence: number;
  root: string;
  size: number;
  /** Buckets written by this run (0 when the sequence was already published). */
  bucketsWritten: number;
  /** Bytes written by this run. */
  bytesWritten: number;
  /** Sequences whose files were removed. */
  pruned: number[];
}

export const DEFAULT_KEEP_SEQUENCES = 8;
const PUBLIC_FILE = 0o644;
const PUBLIC_DIR = 0o755;
const TEMP_PREFIX = '.tmp-';

function publicDir(path: string): void {
  mkdirSync(path, { recursive: true });
  chmodSync(path, PUBLIC_DIR);
}

/** Writes an immutable file, or checks that the one already there has the same bytes. */
function writeImmutable(path: string, content: string): number {
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8') !== content) throw new RegistryError(`${path} exists with other content; published files are immutable (is --out another registry's?)`);
    return 0;
  }
  writeFileAtomic(path, content, PUBLIC_FILE);
  return Buffer.byteLength(content);
}

/** The pointer already published in `out`, if any (checked: same issuer, no rollback). */
function checkPublishedPointer(out: string, issuer: string, sequence: number): void {
  const path = join(out, POINTER_FILE);
  if (!existsSync(path)) return;
  let pointer: unknown;
  try {
    pointer = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new InputError('out', `${path} is not a freshness statement; refusing to publish over it`);
  }
  if (!isRecord(pointer) || pointer.issuer !== issuer) throw new InputError('out', `${path} is another issuer's registry`);
  if (typeof pointer.sequence !== 'number' || pointer.sequence > sequence) {
    throw new InputError('out', `${path} is at sequence ${String(pointer.sequence)}, the registry at ${sequence}: publishing would roll the registry back`);
  }
}

/** Writes every non-empty bucket of the current sequence into a temporary directory, then renames it into place. */
function writeBuckets(registry: Registry, out: string, sequence: number, size: number): { count: number; bytes: number } {
  const target = join(out, 'buckets', String(sequence));
  if (existsSync(target)) return { count: 0, bytes: 0 };
  const temp = join(out, 'buckets', `${TEMP_PREFIX}${sequence}-${randomBytes(6).toString('hex')}`);
  publicDir(temp);
  let count = 0;
  let bytes = 0;
  try {
    for (let index = 0; bucketLeafCount(registry.shape, size, index) > 0; index++) {
      const bucket = registry.bucket(index);
      if (bucket.sequence !== sequence) throw new RegistryError(`the registry changed during publication (sequence ${sequence} → ${bucket.sequence}); run it again`);
      const encoded = encodeBucket(bucket);
      writeFileAtomic(join(temp, bucketFileName(index)), encoded, PUBLIC_FILE);
      count++;
      bytes += encoded.length;
    }
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
  return { count, bytes };
}

/** Sequences that have any file in `out`. */
function publishedSequences(out: string): number[] {
  const found = new Set<number>();
  const scan = (dir: string, suffix: string): void => {
    if (!existsSync(join(out, dir))) return;
    for (const name of readdirSync(join(out, dir))) {
      const sequence = name.endsWith(suffix) ? parseCount(name.slice(0, name.length - suffix.length)) : undefined;
      if (sequence !== undefined) found.add(sequence);
    }
  };
  scan('roots', '.json');
  scan('history', '.json');
  scan('buckets', '');
  return [...found].sort((a, b) => b - a);
}

/** Removes the files of all but the `keep` most recent sequences, and temporary directories left by interrupted runs. */
function prune(out: string, keep: number, current: number): number[] {
  const pruned = publishedSequences(out).filter((s) => s !== current).slice(keep - 1);
  for (const sequence of pruned) {
    rmSync(join(out, rootFile(sequence)), { force: true });
    rmSync(join(out, historyFile(sequence)), { force: true });
    rmSync(join(out, 'buckets', String(sequence)), { recursive: true, force: true });
  }
  for (const name of readdirSync(join(out, 'buckets'))) {
    if (name.startsWith(TEMP_PREFIX)) rmSync(join(out, 'buckets', name), { recursive: true, force: true });
  }
  return pruned.sort((a, b) => a - b);
}

/**
 * Publishes the registry's current sequence into `out` (created if needed).
 * @throws {InputError} for a bad `keep`, or an `out` holding another issuer's registry or a newer sequence
 * @throws {RegistryError} when an immutable file would change or the registry changes meanwhile
 */
export function publishStatic(registry: Registry, out: string, options: StaticPublishOptions = {}): StaticPublishResult {
  const keep = options.keep ?? DEFAULT_KEEP_SEQUENCES;
  if (!Number.isSafeInteger(keep) || keep < 1) throw new InputError('keep', `expected a positive integer, got ${String(keep)}`);
  const latest = registry.latest();
  checkPublishedPointer(out, latest.issuer, latest.sequence);
  publicDir(out);
  for (const dir of ['roots', 'history', 'buckets']) publicDir(join(out, dir));

  const { from, to } = historyRange(latest.sequence);
  let bytesWritten = writeImmutable(join(out, rootFile(latest.sequence)), statementFileText(latest));
  bytesWritten += writeImmutable(join(out, historyFile(latest.sequence)), historyFileText(registry.history(from, to)));
  const buckets = writeBuckets(registry, out, latest.sequence, latest.size);
  bytesWritten += buckets.bytes;

  // Last: the pointer, freshly signed (the files stay as they are until the next run).
  const freshness = registry.freshness(0);
  if (freshness.sequence !== latest.sequence) throw new RegistryError(`the registry changed during publication (sequence ${latest.sequence} → ${freshness.sequence}); run it again`);
  const pointer = statementFileText(freshness);
  writeFileAtomic(join(out, POINTER_FILE), pointer, PUBLIC_FILE);
  bytesWritten += Buffer.byteLength(pointer);

  const pruned = prune(out, keep, latest.sequence);
  return { sequence: latest.sequence, root: latest.root, size: latest.size, bucketsWritten: buckets.count, bytesWritten, pruned };
}
