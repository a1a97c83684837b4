/**
 * Persistence of one issuer's registry: the tree's nodes (every level, so opening a registry of
 * a million leaves rebuilds nothing), the credential id of each leaf, every root statement and
 * the latest freshness statement. `write` runs one atomic change: reads inside it see the state
 * the change applies to, and either everything it wrote is stored or nothing is.
 * MemoryRegistryStore here (tests, browsers); SqliteRegistryStore (durable, several processes
 * on one file) in sqlite-store.ts.
 */
import { RegistryError } from '../errors.js';
import type { FreshnessStatement, RootStatement } from './statements.js';
import type { NodeSource, NodeWrite, TreeShape } from './tree.js';

/** What a change writes and reads; handed to the callback of `RegistryStore.write`. */
export interface RegistryWriter extends NodeSource {
  /** The latest root statement, undefined before the first. */
  latest(): RootStatement | undefined;
  shape(): TreeShape | undefined;
  indexOf(credentialId: string): number | undefined;
  setShape(shape: TreeShape): void;
  /** Records the credential id of a newly appended leaf; refuses an id already registered. */
  putCredentialId(index: number, credentialId: string): void;
  putNodes(writes: readonly NodeWrite[]): void;
  /** Records the statement of this change (its sequence must be the next). */
  putStatement(statement: RootStatement): void;
}

export interface RegistryStore extends NodeSource {
  shape(): TreeShape | undefined;
  latest(): RootStatement | undefined;
  indexOf(credentialId: string): number | undefined;
  /** The credential ids of leaves start .. start + count − 1 (undefined where none was recorded). */
  credentialIds(start: number, count: number): (string | undefined)[];
  /** Nodes start .. start + count − 1 of a level (undefined where never written). */
  nodes(level: number, start: number, count: number): (bigint | undefined)[];
  /** The root statement of a sequence, undefined when there is none. */
  statement(sequence: number): RootStatement | undefined;
  /** Root statements of sequences from .. to (inclusive), oldest first. */
  statements(from: number, to: number): RootStatement[];
  freshness(): FreshnessStatement | undefined;
  /** Replaces the freshness statement unless the stored one is for a later sequence or newer. */
  putFreshness(statement: FreshnessStatement): void;
  /** Runs one atomic change. */
  write<T>(change: (writer: RegistryWriter) => T): T;
  close(): void;
}

/** Whether a freshness statement may replace the stored one (never move backwards). */
export function freshnessSupersedes(next: FreshnessStatement, stored: FreshnessStatement | undefined): boolean {
  if (stored === undefined) return true;
  if (next.sequence !== stored.sequence) return next.sequence > stored.sequence;
  return Date.parse(next.signedAt) >= Date.parse(stored.signedAt);
}

/** An in-memory store: for tests and browsers. Not durable. */
export class MemoryRegistryStore implements RegistryStore {
  private treeShape: TreeShape | undefined;
  private levels: Map<number, bigint>[] = [];
  private ids = new Map<string, number>();
  private history: RootStatement[] = [];
  private fresh: FreshnessStatement | undefined;

  shape(): TreeShape | undefined {
    return this.treeShape;
  }

  latest(): RootStatement | undefined {
    const latest = this.history.at(-1);
    return latest === undefined ? undefined : { ...latest };
  }

  indexOf(credentialId: string): number | undefined {
    return this.ids.get(credentialId);
  }

  credentialIds(start: number, count: number): (string | undefined)[] {
    const ids: (string | undefined)[] = new Array(count).fill(undefined);
    for (const [id, index] of this.ids) if (index >= start && index < start + count) ids[index - start] = id;
    return ids;
  }

  node(level: number, index: number): bigint | undefined {
    return this.levels[level]?.get(index);
  }

  nodes(level: number, start: number, count: number): (bigint | undefined)[] {
    return Array.from({ length: count }, (_, i) => this.node(level, start + i));
  }

  statement(sequence: number): RootStatement | undefined {
    const statement = this.history[sequence];
    return statement === undefined ? undefined : { ...statement };
  }

  statements(from: number, to: number): RootStatement[] {
    return this.history.slice(Math.max(0, from), Math.max(0, to + 1)).map((s) => ({ ...s }));
  }

  freshness(): FreshnessStatement | undefined {
    return this.fresh;
  }

  putFreshness(statement: FreshnessStatement): void {
    if (freshnessSupersedes(statement, this.fresh)) this.fresh = statement;
  }

  /** Stages the change on copies and swaps them in only when it returns: atomic. */
  write<T>(change: (writer: RegistryWriter) => T): T {
    let shape = this.treeShape;
    const nodes = new Map<string, NodeWrite>();
    const ids = new Map<string, number>();
    const statements: RootStatement[] = [];
    const latest = (): RootStatement | undefined => statements.at(-1) ?? this.history.at(-1);
    const writer: RegistryWriter = {
      latest,
      shape: () => shape,
      indexOf: (id) => ids.get(id) ?? this.ids.get(id),
      setShape: (s) => {
        shape = { arity: s.arity, depth: s.depth };
      },
      node: (level, index) => nodes.get(`${level}:${index}`)?.value ?? this.node(level, index),
      putCredentialId: (index, id) => {
        if (writer.indexOf(id) !== undefined) throw new RegistryError(`credential ${id.slice(0, 100)} is already registered`);
        ids.set(id, index);
      },
      putNodes: (writes) => {
        for (const w of writes) nodes.set(`${w.level}:${w.index}`, w);
      },
      putStatement: (statement) => {
        const expected = (latest()?.sequence ?? -1) + 1;
        if (statement.sequence !== expected) throw new RegistryError(`statement sequence ${statement.sequence} is not the next (${expected})`);
        statements.push(statement);
      },
    };
    const result = change(writer);
    this.treeShape = shape;
    for (const w of nodes.values()) {
      while (this.levels.length <= w.level) this.levels.push(new Map());
      this.levels[w.level]!.set(w.index, w.value);
    }
    for (const [id, index] of ids) this.ids.set(id, index);
    this.history.push(...statements);
    return result;
  }

  close(): void {}
}
