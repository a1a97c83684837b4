/**
 * The registry client: fetches an issuer's published registry (publication.ts layout, served by
 * server.ts or static-publish.ts) and checks everything before handing it on. Works in Node and
 * browsers (global fetch, no Node APIs).
 *
 * Checks: both statements' signatures and types, the issuer (the DID the caller expects), the
 * freshness statement and the root statement agree on sequence and root, the sequence never goes
 * back (REGISTRY_ROLLBACK; the cached state is kept), history is contiguous and ends at the
 * latest, a bucket is of the signed sequence, shape and size and hashes to the signed root. A
 * bucket and statements of two sequences are never combined: a missing or other-sequence bucket
 * (a stale cache, or a change in between) gives one retry with a refreshed pointer, then
 * REGISTRY_INCONSISTENT.
 *
 * Every body is read as a stream and refused once over its limit (REGISTRY_LIMITS), before any parsing or
 * hashing; every fetch has a timeout (default 10 s) combined with the caller's AbortSignal. An
 * abort by the caller rejects with the signal's reason; everything else is a RegistryError whose
 * message names the URL path and what was wrong.
 */
import { InputError, RegistryError, type ErrorCode, describe } from '../errors.js';
import type { RegistrySource } from '../holder-registry.js';
import { isRecord } from '../internal/field.js';
import {
  type BucketView, type RegistryBucket, bucketByteLength, bucketLeafCount, bucketWidth, checkBucket, decodeBucket,
} from './bucket.js';
import { REGISTRY_LIMITS, POINTER_FILE, bucketFile, historyFile, historyRange, rootFile, withTrailingSlash } from './publication.js';
import type { IssuerRootView } from './root-view.js';
import { type FreshnessStatement, type RootStatement, expectFreshnessStatement, expectRootStatement } from './statements.js';

export type RegistryLimits = typeof REGISTRY_LIMITS;

export interface RegistryClientOptions {
  /** URL of the directory holding freshness.json, e.g. https://issuer.example/.well-known/zkdisclose/registry/ */
  baseUrl: string;
  /** The DID whose registry this is: statements of any other issuer are refused. */
  issuer: string;
  /** fetch implementation (default: the global one). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Per-fetch timeout, body included (default 10 000 ms). */
  timeoutMs?: number;
  /** Size limits (default REGISTRY_LIMITS). */
  limits?: Partial<RegistryLimits>;
}

/** The latest checked state: a root statement and the freshness statement about it. */
export interface RegistryLatest {
  rootStatement: RootStatement;
  freshness: FreshnessStatement;
}

/** What to call a 404 for a file: the pointer missing is an unavailable registry, a file it names missing is an inconsistency. */
type NotFound = Extract<ErrorCode, 'REGISTRY_UNAVAILABLE' | 'REGISTRY_INCONSISTENT'>;

/** Fetches and checks one issuer's published registry; caches the latest state and the last bucket. */
export class RegistryClient implements RegistrySource {
  readonly issuer: string;
  readonly baseUrl: string;
  private readonly fetchImpl: (url: string, init: RequestInit) => Promise<Response>;
  private readonly timeoutMs: number;
  private readonly limits: RegistryLimits;
  private state: RegistryLatest | undefined;
  private historyCache: RootStatement[] | undefined;
  private lastBucket: RegistryBucket | undefined;

  constructor(options: RegistryClientOptions) {
    if (!isRecord(options)) throw new InputError('options', `expected an object, got ${describe(options)}`);
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new InputError('baseUrl', `not a URL: ${describe(options.baseUrl)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError('baseUrl', `expected an http(s) URL, got ${url.protocol}`);
    if (url.search !== '' || url.hash !== '') throw new InputError('baseUrl', 'must not carry a query or fragment');
    if (typeof options.issuer !== 'string' || options.issuer.length === 0 || options.issuer.length > 200) throw new InputError('issuer', `expected a DID, got ${describe(options.issuer)}`);
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) throw new InputError('timeoutMs', `expected a positive integer, got ${describe(timeoutMs)}`);
    const limits = { ...REGISTRY_LIMITS, ...options.limits };
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isSafeInteger(value) || value < 0) throw new InputError(`limits.${name}`, `expected a non-negative integer, got ${describe(value)}`);
    }
    if (typeof (options.fetch ?? globalThis.fetch) !== 'function') throw new InputError('fetch', 'no fetch implementation: pass one');
    this.baseUrl = withTrailingSlash(url.href);
    this.issuer = options.issuer;
    this.timeoutMs = timeoutMs;
    this.limits = limits;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The last state `latest()` accepted, if any. */
  get cached(): RegistryLatest | undefined {
    return this.state === undefined ? undefined : { ...this.state };
  }

  /**
   * Fetches the pointer and the root statement it names, checked (see module header).
   * @throws {RegistryError} REGISTRY_UNAVAILABLE, REGISTRY_TOO_LARGE, REGISTRY_INVALID, REGISTRY_INCONSISTENT, REGISTRY_ROLLBACK
   */
  async latest(signal?: AbortSignal): Promise<RegistryLatest> {
    const pointer = await this.fetchJson(POINTER_FILE, this.limits.statementBytes, 'REGISTRY_UNAVAILABLE', signal);
    const fresh = this.checkFreshness(pointer.json, pointer.path);
    this.checkProgress(fresh, pointer.path);
    const known = this.state?.rootStatement;
    let rootStatement: RootStatement;
    if (known !== undefined && known.sequence === fresh.sequence) {
      rootStatement = known;
    } else {
      const file = await this.fetchJson(rootFile(fresh.sequence), this.limits.statementBytes, 'REGISTRY_INCONSISTENT', signal);
      rootStatement = this.checkRoot(file.json, file.path);
      if (rootStatement.sequence !== fresh.sequence || rootStatement.root !== fresh.root) {
        throw new RegistryError(`${file.path}: root statement of sequence ${rootStatement.sequence} does not match the freshness statement (sequence ${fresh.sequence})`, 'REGISTRY_INCONSISTENT');
      }
    }
    // Again: a concurrent call may have moved the state on while this one was fetching.
    this.checkProgress(fresh, pointer.path);
    const current = this.state;
    // A replayed older freshness statement of the same sequence does not replace a newer one.
    const freshness = current !== undefined && current.freshness.sequence === fresh.sequence && Date.parse(current.freshness.signedAt) > Date.parse(fresh.signedAt) ? current.freshness : fresh;
    this.state = { rootStatement, freshness };
    return { ...this.state };
  }

  /**
   * The root statements up to the latest (at most 256, contiguous, oldest first), checked.
   * @throws {RegistryError} as `latest`
   */
  async history(signal?: AbortSignal): Promise<RootStatement[]> {
    return [...(await this.latestWithHistory(signal)).history];
  }

  /**
   * The checked bucket view holding `leafIndex`, under the latest root (RegistrySource for the wallet).
   * @throws {InputError} for a bad leaf index
   * @throws {RegistryError} NOT_FOUND when the leaf is past the registry's end; otherwise as `latest`
   */
  async bucketView(leafIndex: number, signal?: AbortSignal): Promise<BucketView> {
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0) throw new InputError('leafIndex', `expected a non-negative integer, got ${describe(leafIndex)}`);
    try {
      return await this.fetchBucketView(leafIndex, signal);
    } catch (err) {
      if (!(err instanceof RegistryError) || err.code !== 'REGISTRY_INCONSISTENT') throw err;
      try {
        return await this.fetchBucketView(leafIndex, signal);
      } catch (again) {
        if (again instanceof RegistryError && again.code === 'REGISTRY_INCONSISTENT') {
          throw new RegistryError(`${again.message} (after a retry with a refreshed pointer; first: ${err.message})`, 'REGISTRY_INCONSISTENT');
        }
        throw again;
      }
    }
  }

  /**
   * Feeds the latest root statement, history and freshness into a verifier's root view.
   * @throws {InputError} when the view is of another issuer; RegistryError as `latest` or from the view's checks
   */
  async updateRootView(view: IssuerRootView, signal?: AbortSignal): Promise<void> {
    if (view.issuer !== this.issuer) throw new InputError('view', `is the view of ${view.issuer.slice(0, 80)}, this client fetches ${this.issuer}`);
    const { latest, history } = await this.latestWithHistory(signal);
    view.update({ latest: latest.rootStatement, history: [...history], freshness: latest.freshness });
  }

  private async latestWithHistory(signal: AbortSignal | undefined): Promise<{ latest: RegistryLatest; history: readonly RootStatement[] }> {
    const latest = await this.latest(signal);
    const sequence = latest.rootStatement.sequence;
    const cached = this.historyCache;
    if (cached !== undefined && cached.at(-1)!.sequence === sequence) return { latest, history: cached };
    const file = await this.fetchJson(historyFile(sequence), this.limits.historyBytes, 'REGISTRY_INCONSISTENT', signal);
    const { from, to } = historyRange(sequence);
    if (!Array.isArray(file.json)) throw new RegistryError(`${file.path}: expected an array of root statements`, 'REGISTRY_INVALID');
    const items: unknown[] = file.json;
    if (items.length !== to - from + 1) throw new RegistryError(`${file.path}: holds ${items.length} statements, expected ${to - from + 1} (sequences ${from}..${to})`, 'REGISTRY_INVALID');
    // Cheap checks on every entry first, signatures after.
    items.forEach((x, i) => {
      if (!isRecord(x) || x.sequence !== from + i) throw new RegistryError(`${file.path}[${i}]: expected the statement of sequence ${from + i} (history must be contiguous)`, 'REGISTRY_INVALID');
    });
    const history = items.map((x, i) => this.checkRoot(x, `${file.path}[${i}]`));
    const seen = [...(cached ?? []), latest.rootStatement];
    for (const earlier of seen) {
      const same = history[earlier.sequence - from];
      if (same !== undefined && (same.root !== earlier.root || same.size !== earlier.size)) {
        throw new RegistryError(`${file.path}: sequence ${earlier.sequence} has another signed root than the one already seen`, 'REGISTRY_INVALID');
      }
    }
    this.historyCache = history;
    return { latest, history };
  }

  private async fetchBucketView(leafIndex: number, signal: AbortSignal | undefined): Promise<BucketView> {
    const { rootStatement, freshness } = await this.latest(signal);
    const shape = { arity: rootStatement.arity, depth: rootStatement.depth };
    if (leafIndex >= rootStatement.size) throw new RegistryError(`leaf ${leafIndex} is not in the registry (size ${rootStatement.size} at sequence ${rootStatement.sequence})`, 'NOT_FOUND');
    const index = Math.floor(leafIndex / bucketWidth(shape));
    const leaves = bucketLeafCount(shape, rootStatement.size, index);
    let bucket = this.lastBucket;
    if (bucket === undefined || bucket.sequence !== rootStatement.sequence || bucket.index !== index) {
      const file = bucketFile(rootStatement.sequence, index);
      const { bytes, path } = await this.fetchBytes(file, bucketByteLength(shape, leaves) + this.limits.bucketSlackBytes, 'REGISTRY_INCONSISTENT', signal);
      try {
        bucket = decodeBucket(bytes);
        checkBucket(bucket, rootStatement, index);
      } catch (err) {
        if (err instanceof RegistryError) throw new RegistryError(`${path}: ${err.message}`, err.code);
        throw err;
      }
      this.lastBucket = bucket;
    }
    return { issuer: this.issuer, rootStatement, freshness, bucket };
  }

  /** Refuses a pointer behind the state already seen, or naming another root for its sequence. */
  private checkProgress(fresh: FreshnessStatement, path: string): void {
    const known = this.state?.rootStatement;
    if (known === undefined) return;
    if (fresh.sequence < known.sequence) {
      throw new RegistryError(`${path}: sequence ${fresh.sequence} is older than sequence ${known.sequence} already seen: refusing a rollback`, 'REGISTRY_ROLLBACK');
    }
    if (fresh.sequence === known.sequence && fresh.root !== known.root) {
      throw new RegistryError(`${path}: names root ${fresh.root.slice(0, 12)}… for sequence ${fresh.sequence}, already seen with another root`, 'REGISTRY_INVALID');
    }
  }

  private checkFreshness(json: unknown, path: string): FreshnessStatement {
    return Object.freeze(expectFreshnessStatement(json, this.issuer, path));
  }

  private checkRoot(json: unknown, path: string): RootStatement {
    return Object.freeze(expectRootStatement(json, this.issuer, path));
  }

  private async fetchJson(file: string, limit: number, notFound: NotFound, signal: AbortSignal | undefined): Promise<{ json: unknown; path: string }> {
    const { bytes, path, contentType } = await this.fetchBytes(file, limit, notFound, signal);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new RegistryError(`${path}: not UTF-8 text`, 'REGISTRY_INVALID');
    }
    try {
      return { json: JSON.parse(text) as unknown, path };
    } catch {
      throw new RegistryError(`${path}: not JSON${contentType === null ? '' : ` (served as ${contentType.slice(0, 60)})`}`, 'REGISTRY_INVALID');
    }
  }

  /** GETs one file; the body streamed and refused past `limit` bytes, the whole exchange within the timeout. */
  private async fetchBytes(file: string, limit: number, notFound: NotFound, signal: AbortSignal | undefined): Promise<{ bytes: Uint8Array; path: string; contentType: string | null }> {
    const url = new URL(file, this.baseUrl);
    const path = url.pathname;
    signal?.throwIfAborted();
    const local = new AbortController();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = AbortSignal.any(signal === undefined ? [local.signal, timeout] : [local.signal, timeout, signal]);
    const failed = (err: unknown): never => {
      if (signal?.aborted === true) throw signal.reason;
      if (err instanceof RegistryError) throw err;
      if (timeout.aborted) throw new RegistryError(`${path}: no complete response within ${this.timeoutMs} ms`, 'REGISTRY_UNAVAILABLE');
      const reason = err instanceof Error ? err.message.slice(0, 120) : 'network error';
      throw new RegistryError(`${path}: fetch failed (${reason})`, 'REGISTRY_UNAVAILABLE');
    };
    try {
      const response = await this.fetchImpl(url.href, { signal: combined, redirect: 'follow', credentials: 'omit' });
      if (response.status !== 200) {
        local.abort();
        const what = response.status === 404 ? (notFound === 'REGISTRY_INCONSISTENT' ? 'not published (superseded, or not yet propagated to this server)' : 'no registry published here') : 'the server refused';
        throw new RegistryError(`${path}: HTTP ${response.status}: ${what}`, response.status === 404 ? notFound : 'REGISTRY_UNAVAILABLE');
      }
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declared > limit) {
        local.abort();
        throw new RegistryError(`${path}: declares ${declared} bytes, the limit is ${limit}`, 'REGISTRY_TOO_LARGE');
      }
      const bytes = await readLimited(response, limit, path, local);
      return { bytes, path, contentType: response.headers.get('content-type') };
    } catch (err) {
      return failed(err);
    }
  }
}

/** Reads a body chunk by chunk; aborts the exchange as soon as it passes `limit` bytes. */
async function readLimited(response: Response, limit: number, path: string, local: AbortController): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      local.abort();
      reader.cancel().catch(() => undefined);
      throw new RegistryError(`${path}: response exceeds the limit of ${limit} bytes`, 'REGISTRY_TOO_LARGE');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
