/**
 * Registry at scale (issue: registries of a million credentials). For the binary depth-20 tree
 * (what the shipped circuits prove) and the 4-ary depth-10 tree (the faster-proving direction),
 * at 10^4, 10^5 and 2^20 − 32 leaves (quick: 10^4 only), on the embedded SQLite store:
 *   build       importing every leaf level by level (chunks of 2^16 leaves, one transaction each)
 *   reopen      opening the store and the registry again (reads the latest statement, builds nothing)
 *   issue       one append (O(depth) hashes, one transaction)      median of 20
 *   revoke      one leaf set to 0                                   median of 20
 *   serve       cutting one bucket out of the store and encoding it median of 20
 *   wallet      decoding a bucket, checking it against the signed root, computing the path
 *   download    bytes a wallet fetches per presentation (bucket + root and freshness statements)
 * Each row also gives the database size and the issuer process's heap after reopening.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Registry, checkBucket, decodeBucket, encodeBucket, generateIssuerKeys, type TreeShape,
} from '../src/index.js';
import { SqliteRegistryStore } from '../src/sqlite.js';
import { progress } from './machine.js';
import type { Measured, Row } from './suite.js';

const IMPORT_CHUNK = 2 ** 16;
const SHAPES: { label: string; shape: TreeShape }[] = [
  { label: 'binary, depth 20', shape: { arity: 2, depth: 20 } },
  { label: '4-ary, depth 10', shape: { arity: 4, depth: 10 } },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

/** Deterministic stand-in commitments (field elements; the registry does not care what they commit to). */
const commitment = (i: number): bigint => BigInt(i + 1) * 1_000_003n + 7n;

function measure(label: string, shape: TreeShape, size: number): Row {
  const dir = mkdtempSync(join(tmpdir(), 'zkd-bench-registry-'));
  const file = join(dir, 'registry.sqlite');
  const keys = generateIssuerKeys();
  try {
    let registry = new Registry({ keys, store: new SqliteRegistryStore(file), shape });
    const build = time(() => {
      for (let start = 0; start < size; start += IMPORT_CHUNK) {
        const count = Math.min(IMPORT_CHUNK, size - start);
        registry.import(Array.from({ length: count }, (_, k) => ({ credentialId: `urn:bench:${start + k}`, commitment: commitment(start + k) })));
      }
    });
    registry.close();

    const reopenMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = time(() => new Registry({ keys, store: new SqliteRegistryStore(file) }));
      reopenMs.push(r.ms);
      if (i < 4) r.value.close();
      else registry = r.value;
    }
    const heapMb = process.memoryUsage().heapUsed / 2 ** 20;

    const issueMs = Array.from({ length: 20 }, (_, i) => time(() => registry.append(`urn:bench:extra:${i}`, commitment(size + i))).ms);
    const revokeMs = Array.from({ length: 20 }, (_, i) => time(() => registry.revoke(`urn:bench:${Math.floor((i * size) / 20)}`)).ms);

    const buckets = Math.ceil(registry.size / registry.bucketWidth);
    const picks = Array.from({ length: 20 }, (_, i) => Math.floor((i * buckets) / 20));
    const served = picks.map((b) => time(() => encodeBucket(registry.bucket(b))));
    const statement = registry.latest();
    const freshness = registry.freshness();
    // The wallet's work from the downloaded bytes to a path: a fresh decode each time (no cache).
    const fullBucket = served[0]!.value;
    const walletMs = Array.from({ length: 5 }, () => time(() => checkBucket(decodeBucket(fullBucket), statement, picks[0]!).path(picks[0]! * registry.bucketWidth + 3)).ms);
    const downloadBytes = fullBucket.length + JSON.stringify(statement).length + JSON.stringify(freshness).length;
    const row: Row = {
      suite: 'registry',
      shape: label,
      leaves: size,
      'build (s)': round(build.ms / 1000, 1),
      'reopen (ms)': round(median(reopenMs), 1),
      'issue (ms)': round(median(issueMs)),
      'revoke (ms)': round(median(revokeMs)),
      'bucket served (ms)': round(median(served.map((s) => s.ms))),
      'wallet, bytes to path (ms)': round(median(walletMs), 1),
      'downloaded per presentation (KB)': round(downloadBytes / 1024, 1),
      'bucket (leaves)': registry.bucketWidth,
      'database (MB)': round(statSync(file).size / 2 ** 20, 1),
      'issuer heap after reopen (MB)': round(heapMb, 1),
    };
    registry.close();
    return row;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runRegistryBench(options: { quick: boolean }): Promise<Measured> {
  // The largest size leaves room for the 20 issues measured below (a full tree refuses them).
  const sizes = options.quick ? [10_000] : [10_000, 100_000, 2 ** 20 - 32];
  const rows: Row[] = [];
  for (const size of sizes) {
    for (const { label, shape } of SHAPES) {
      progress('registry', `${label}, ${size} leaves`);
      rows.push(measure(label, shape, size));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return {
    rows,
    notes: [
      'SQLite (better-sqlite3, WAL, synchronous = FULL) on the local disk; Poseidon from poseidon-lite (circomlib-compatible).',
      `Build imports in chunks of ${IMPORT_CHUNK} leaves, one transaction and one signed root statement per chunk.`,
      'The wallet column is decode + check against the signed root (recomputing the bucket subtree and its path to the root) + path; the fetch itself is not included.',
      'Downloaded bytes: the binary bucket plus the root and freshness statements as JSON.',
    ],
  };
}
