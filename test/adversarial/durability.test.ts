/**
 * Registry durability: a child process issuing in a loop is killed with SIGKILL at varying
 * points, repeatedly; after each kill the registry reopens, every issuance that returned is
 * present, and the root equals a recomputation from the stored leaves. Two processes issuing
 * into one database concurrently lose nothing.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  Registry, RegistryTree, pathOf, generateHolderKeys, generateIssuerKeys, verifyRootStatement,
} from '../../src/index.js';
import { SqliteRegistryStore } from '../../src/sqlite.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'zkd-durable-'));
const keys = generateIssuerKeys();
const holder = generateHolderKeys().commitment.toString();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startIssuer(db: string): { child: ChildProcess; acknowledged: Map<string, number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/adversarial/issue-loop.ts'), db, bytesToHex(keys.secretKey), holder], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const acknowledged = new Map<string, number>();
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      const [, id, index] = line.split(' ');
      acknowledged.set(id!, Number(index));
    }
  });
  return { child, acknowledged };
}

async function runUntil(children: ReturnType<typeof startIssuer>[], minimum: number, extraMs: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (children.some((c) => c.acknowledged.size < minimum) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, extraMs));
  for (const c of children) c.child.kill('SIGKILL');
  await Promise.all(children.map((c) => new Promise((r) => (c.child.exitCode !== null || c.child.signalCode !== null ? r(null) : c.child.once('exit', r)))));
}

function checkRegistry(db: string, acknowledged: Map<string, number>[]): number {
  const store = new SqliteRegistryStore(db);
  const registry = new Registry({ keys, store });
  const size = registry.size;
  for (const ack of acknowledged) {
    for (const [id, index] of ack) expect(store.indexOf(id)).toBe(index);
  }
  // Every leaf below the size is written, none past it, and the persisted inner nodes agree
  // with a tree rebuilt from the leaves alone.
  const leaves = store.nodes(0, 0, size + 1);
  expect(leaves.slice(0, size).every((v) => v !== undefined && v !== 0n)).toBe(true);
  expect(leaves[size]).toBeUndefined();
  const recomputed = new RegistryTree(registry.shape, leaves.slice(0, size) as bigint[]);
  expect(registry.root).toBe(recomputed.root);
  expect(pathOf(store, registry.shape, size - 1)).toEqual(recomputed.path(size - 1));
  const history = registry.history();
  expect(history).toHaveLength(size + 1); // the empty registry's statement, then one per issuance
  expect(history.at(-1)?.root).toBe(recomputed.root.toString());
  expect(history.every(verifyRootStatement)).toBe(true);
  store.close();
  return size;
}

describe('registry durability', () => {
  test('SIGKILL at varying points loses no acknowledged issuance', async () => {
    const db = join(dir, 'killed.sqlite');
    const all: Map<string, number>[] = [];
    let size = 0;
    for (const [round, extraMs] of [5, 37, 113, 0].entries()) {
      const issuer = startIssuer(db);
      await runUntil([issuer], 2 + round, extraMs);
      all.push(issuer.acknowledged);
      const now = checkRegistry(db, all);
      expect(now).toBeGreaterThan(size);
      size = now;
    }
  });

  test('two processes issuing into one registry lose nothing', async () => {
    const db = join(dir, 'shared.sqlite');
    new SqliteRegistryStore(db).close();
    const a = startIssuer(db);
    const b = startIssuer(db);
    await runUntil([a, b], 10, 50);
    const size = checkRegistry(db, [a.acknowledged, b.acknowledged]);
    expect(size).toBeGreaterThanOrEqual(a.acknowledged.size + b.acknowledged.size);
  });
});
