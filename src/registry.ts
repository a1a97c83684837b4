/**
 * The issuer's registry (DESIGN section 3): an incremental Poseidon Merkle tree whose leaves are
 * the commitments of the credentials an issuer has issued and not revoked. Issuing appends a
 * leaf, revoking sets it to 0, and each change is one transaction in the store together with
 * the signed root statement it produces. A root statement
 * `{ issuer, root, size, sequence, publishedAt, signature }` is all a verifier needs from the
 * issuer; the registry export (public leaves + a fresh statement) is all a wallet needs to
 * compute its Merkle path, offline.
 * The store is an interface: MemoryRegistryStore here (tests, browsers), SqliteRegistryStore in
 * sqlite-store.ts (durable, safe for several processes).
 */
import { REGISTRY_DEPTH } from './constants.js';
import { InputError, RegistryError, describe } from './errors.js';
import { isFieldString } from './internal/field.js';
import { type IssuerKeys, signPayload, verifyPayload } from './keys.js';
import { type LeafBucket, type MerklePath, RegistryTree, bucketOf } from './merkle.js';

/** A signed statement of the registry's root at some moment. Field elements as decimal strings. */
export interface RootStatement {
  issuer: string;
  root: string;
  size: number;
  sequence: number;
  publishedAt: string;
  signature: string;
}

/** One leaf row of a store. */
export interface LeafRecord {
  index: number;
  credentialId: string;
  /** The leaf value: the commitment, or 0 once revoked. */
  value: bigint;
}

/**
 * Persistence of one issuer's registry. Every mutating call is atomic: either the leaf change
 * and the statement it produced are both stored, or neither is.
 */
export interface RegistryStore {
  /** All leaves in index order. */
  leaves(): LeafRecord[];
  /** The current sequence, and all leaves when it differs from `sequence` (catching up with other writers). */
  changesSince(sequence: number): { sequence: number; leaves: LeafRecord[] | undefined };
  /** Index of a credential id, if issued here. */
  indexOf(credentialId: string): number | undefined;
  /** Appends a leaf; `sign` receives the tree after the change and returns its statement. */
  append(credentialId: string, value: bigint, apply: (index: number) => RootStatement): number;
  /** Zeroes a leaf; `apply` as for append. */
  revoke(index: number, apply: () => RootStatement): void;
  /** Root statements recorded at each change, oldest first. */
  history(): RootStatement[];
  close(): void;
}

/** An in-memory store: for tests and browsers. Not durable. */
export class MemoryRegistryStore implements RegistryStore {
  private readonly rows: LeafRecord[] = [];
  private readonly statements: RootStatement[] = [];

  leaves(): LeafRecord[] {
    return this.rows.map((r) => ({ ...r }));
  }

  changesSince(sequence: number): { sequence: number; leaves: LeafRecord[] | undefined } {
    const current = this.statements.length;
    return { sequence: current, leaves: current === sequence ? undefined : this.leaves() };
  }

  indexOf(credentialId: string): number | undefined {
    return this.rows.find((r) => r.credentialId === credentialId)?.index;
  }

  append(credentialId: string, value: bigint, apply: (index: number) => RootStatement): number {
    if (this.indexOf(credentialId) !== undefined) throw new RegistryError(`credential ${credentialId} is already registered`);
    const index = this.rows.length;
    const statement = apply(index);
    this.rows.push({ index, credentialId, value });
    this.statements.push(statement);
    return index;
  }

  revoke(index: number, apply: () => RootStatement): void {
    const row = this.rows[index];
    if (row === undefined) throw new RegistryError(`no leaf ${index}`, 'NOT_FOUND');
    const statement = apply();
    row.value = 0n;
    this.statements.push(statement);
  }

  history(): RootStatement[] {
    return this.statements.map((s) => ({ ...s }));
  }

  close(): void {}
}

/** What a registry publishes: every leaf (commitments hide everything) and a signed root. */
export interface RegistryExport {
  issuer: string;
  depth: number;
  leaves: string[];
  rootStatement: RootStatement;
}

function unsignedStatement(s: Omit<RootStatement, 'signature'>): Record<string, unknown> {
  return { type: 'ZkDisclosureRootStatement', issuer: s.issuer, root: s.root, size: s.size, sequence: s.sequence, publishedAt: s.publishedAt };
}

/**
 * Checks a root statement's shape and Ed25519 signature against its issuer's did:key.
 * Never throws.
 */
export function verifyRootStatement(statement: unknown): statement is RootStatement {
  if (typeof statement !== 'object' || statement === null) return false;
  const s = statement as Record<string, unknown>;
  if (typeof s.issuer !== 'string' || !isFieldString(s.root) || typeof s.publishedAt !== 'string') return false;
  if (!Number.isSafeInteger(s.size) || !Number.isSafeInteger(s.sequence) || (s.size as number) < 0 || (s.sequence as number) < 0) return false;
  if (Number.isNaN(Date.parse(s.publishedAt))) return false;
  return verifyPayload(unsignedStatement(s as unknown as RootStatement), s.signature, s.issuer);
}

/** One issuer's registry: tree, store and signing key. */
export class Registry {
  private tree: RegistryTree;
  private sequence: number;
  private readonly keys: IssuerKeys;
  private readonly store: RegistryStore;
  private readonly clock: () => Date;

  /**
   * Opens a registry over a store, rebuilding the tree from the stored leaves.
   * @param options.keys the issuer's keys (signs root statements)
   * @param options.store where leaves and statements live (default: in memory)
   * @param options.clock time source for publishedAt (default: the system clock)
   */
  constructor(options: { keys: IssuerKeys; store?: RegistryStore; depth?: number; clock?: () => Date }) {
    this.keys = options.keys;
    this.store = options.store ?? new MemoryRegistryStore();
    this.clock = options.clock ?? (() => new Date());
    // One read for leaves and sequence, so a concurrent writer cannot slip in between them.
    const { sequence, leaves } = this.store.changesSince(-1);
    this.tree = new RegistryTree(options.depth ?? REGISTRY_DEPTH, (leaves ?? []).map((l) => l.value));
    this.sequence = sequence;
  }

  get depth(): number {
    return this.tree.depth;
  }

  get root(): bigint {
    this.catchUp();
    return this.tree.root;
  }

  get size(): number {
    this.catchUp();
    return this.tree.size;
  }

  /**
   * Brings the in-memory tree up to date with the store (changes by other processes, or a
   * failed write): rebuilt from the stored leaves whenever the sequence differs.
   */
  private catchUp(): void {
    const { sequence, leaves } = this.store.changesSince(this.sequence);
    if (leaves !== undefined) this.tree = new RegistryTree(this.tree.depth, leaves.map((l) => l.value));
    this.sequence = sequence;
  }

  private sign(publishedAt: Date = this.clock()): RootStatement {
    const body = {
      issuer: this.keys.did,
      root: this.tree.root.toString(),
      size: this.tree.size,
      sequence: this.sequence,
      publishedAt: publishedAt.toISOString(),
    };
    return { ...body, signature: signPayload(unsignedStatement(body), this.keys.secretKey) };
  }

  /**
   * Appends a commitment; returns its leaf index. Atomic: on failure the store is unchanged and
   * the in-memory tree is rebuilt from the store on next use.
   */
  append(credentialId: string, commitment: bigint): number {
    try {
      return this.store.append(credentialId, commitment, (index) => {
        this.catchUp();
        if (index !== this.tree.size) throw new RegistryError(`store and tree disagree (leaf ${index} vs size ${this.tree.size})`);
        this.tree.insert(commitment);
        this.sequence += 1;
        return this.sign();
      });
    } catch (err) {
      this.sequence = -1;
      throw err;
    }
  }

  /** Sets a credential's leaf to 0. @throws {RegistryError} NOT_FOUND for an unknown id */
  revoke(credentialId: string): number {
    this.catchUp();
    const index = this.store.indexOf(credentialId);
    if (index === undefined) throw new RegistryError(`no credential ${credentialId.slice(0, 100)} in this registry`, 'NOT_FOUND');
    try {
      this.store.revoke(index, () => {
        this.catchUp();
        this.tree.update(index, 0n);
        this.sequence += 1;
        return this.sign();
      });
    } catch (err) {
      this.sequence = -1;
      throw err;
    }
    return index;
  }

  /** A freshly signed statement of the current root (publishedAt = now). */
  rootStatement(): RootStatement {
    this.catchUp();
    return this.sign();
  }

  /** Statements recorded at each change, oldest first. */
  history(): RootStatement[] {
    return this.store.history();
  }

  /** The Merkle path of a leaf. */
  path(index: number): MerklePath {
    this.catchUp();
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.tree.size) throw new InputError('leafIndex', `no such leaf: ${describe(index)}`);
    return this.tree.path(index);
  }

  /** The bucket of 2^bucketBits leaves around a leaf, for private path retrieval. */
  bucket(index: number, bucketBits: number): LeafBucket {
    this.catchUp();
    if (!Number.isSafeInteger(bucketBits) || bucketBits < 0 || bucketBits > this.tree.depth) throw new InputError('bucketBits', `expected 0..${this.tree.depth}`);
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.tree.size) throw new InputError('leafIndex', `no such leaf: ${describe(index)}`);
    return bucketOf(this.tree, index, bucketBits);
  }

  /** Public leaves and a fresh root statement. */
  export(): RegistryExport {
    const rootStatement = this.rootStatement();
    return { issuer: this.keys.did, depth: this.tree.depth, leaves: this.tree.leaves.map(String), rootStatement };
  }

  close(): void {
    this.store.close();
  }
}
