/**
 * A pool of verification workers (verify-worker.ts) sized to the cores by default, so that
 * Groth16 and BBS verification run off the server's event loop (the server answers /health
 * during a load test) and throughput scales with cores. Each worker verifies one presentation at
 * a time on its single-threaded curve; further tasks wait in a bounded queue (a full queue
 * rejects with PoolBusyError, which the server answers with a 503 and Retry-After). A worker
 * that dies fails its task (PoolWorkerError) and is replaced. Root views are pushed to every
 * worker whole (`setRootViews`), and to each new worker when it starts.
 *
 * The worker script is the built dist/service-worker.js (or .cjs) beside this module; tests
 * that run from sources pass `workerUrl`.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ZkdError } from '../errors.js';
import type { RootViewUpdate } from '../registry/root-view.js';
import type { MultiVerificationResult } from '../multi-presentation.js';
import type { VerificationResult } from '../verifier.js';

export interface VerifyPoolOptions {
  /** Verification keys by circuit name, handed to every worker. */
  verificationKeys: Record<string, Record<string, unknown>>;
  /** Workers (default: the number of cores). */
  size?: number;
  /** Tasks waiting for a worker before new ones are refused (default 256 per worker). */
  maxQueue?: number;
  /** The worker script (default: service-worker.js beside this module, as built by tsup). */
  workerUrl?: URL;
}

export interface VerifyTask {
  presentation: unknown;
  request: unknown;
  now: Date;
  audience: string | undefined;
}

/** Every worker is busy and the queue is full: retry later. */
export class PoolBusyError extends ZkdError {
  constructor(message: string) {
    super('LIMIT_EXCEEDED', message);
  }
}

/** A worker failed (it died, or verification threw on the caller's request): nothing was accepted. */
export class PoolWorkerError extends ZkdError {
  constructor(message: string) {
    super('UNSUPPORTED', message);
  }
}

interface Pending {
  task: VerifyTask;
  /** The worker's result: a VerificationResult, or a MultiVerificationResult for a multi-credential request. */
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Settles when the worker has built its curve. */
  ready: Promise<void>;
  busy: Pending | undefined;
  id: number;
}

/** The worker script built beside this module (dist/service-worker.js or .cjs). */
function defaultWorkerUrl(): URL {
  const self = import.meta.url;
  const extension = self.endsWith('.cjs') ? '.cjs' : '.js';
  return new URL(`./service-worker${extension}`, self);
}

export class VerifyPool {
  readonly size: number;
  private readonly maxQueue: number;
  private readonly workerUrl: URL;
  private readonly verificationKeys: Record<string, Record<string, unknown>>;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private rootUpdates: RootViewUpdate[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: VerifyPoolOptions) {
    this.size = options.size ?? availableParallelism();
    if (!Number.isSafeInteger(this.size) || this.size < 1) throw new ZkdError('INVALID_INPUT', `pool size must be a positive integer, got ${String(options.size)}`);
    this.maxQueue = options.maxQueue ?? 256 * this.size;
    this.workerUrl = options.workerUrl ?? defaultWorkerUrl();
    this.verificationKeys = options.verificationKeys;
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** Tasks running plus waiting. */
  get inFlight(): number {
    return this.queue.length + this.slots.filter((s) => s.busy !== undefined).length;
  }

  /** Waits until every worker has built its curve (so a first request does not pay for it). */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.ready));
  }

  /** Replaces the root views of every worker (and of workers started later). */
  setRootViews(updates: RootViewUpdate[]): void {
    this.rootUpdates = updates;
    for (const slot of this.slots) slot.worker.postMessage({ type: 'roots', updates });
  }

  /** Verifies in a worker. @throws {PoolBusyError} when the queue is full; {PoolWorkerError} when a worker fails */
  verify(task: VerifyTask): Promise<VerificationResult> {
    return this.run(task) as Promise<VerificationResult>;
  }

  /** Verifies a multi-credential presentation against its multi-credential request in a worker (throws as `verify`). */
  verifyMulti(task: VerifyTask): Promise<MultiVerificationResult> {
    return this.run(task) as Promise<MultiVerificationResult>;
  }

  private run(task: VerifyTask): Promise<unknown> {
    if (this.closed) return Promise.reject(new PoolBusyError('the verifier is shutting down'));
    if (this.queue.length >= this.maxQueue) return Promise.reject(new PoolBusyError(`all ${this.size} verification workers are busy and ${this.queue.length} presentations wait`));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  /** Finishes running and queued tasks, then stops the workers. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    // ffjavascript loads the `web-worker` shim, which takes every worker thread for one of its
    // own and evaluates the module named by workerData.mod: an empty data: module satisfies it.
    const worker = new Worker(this.workerUrl, { workerData: { verificationKeys: this.verificationKeys, mod: 'data:,' } });
    let failure = '';
    worker.on('error', (err) => {
      failure = `: ${err.message}`;
    });
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: { type?: string }) => m.type === 'ready' && resolve());
      worker.once('exit', (code) => reject(new PoolWorkerError(`a verification worker stopped (exit ${code}) before it was ready${failure}`)));
    });
    ready.catch(() => {});
    const slot: Slot = { worker, ready, busy: undefined, id: 0 };
    if (this.rootUpdates.length > 0) worker.postMessage({ type: 'roots', updates: this.rootUpdates });
    worker.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
      if (message.id === undefined || message.id !== slot.id || slot.busy === undefined) return;
      const done = slot.busy;
      slot.busy = undefined;
      if (message.error !== undefined) done.reject(new PoolWorkerError(`verification failed in a worker: ${message.error}`));
      else done.resolve(message.result);
      this.dispatch();
    });
    worker.on('exit', () => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      slot.busy?.reject(new PoolWorkerError('a verification worker stopped'));
      slot.busy = undefined;
      if (this.closed) return;
      this.slots[index] = this.spawn();
      this.dispatch();
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy !== undefined) continue;
      const next = this.queue.shift()!;
      slot.busy = next;
      slot.id = this.nextId++;
      const { presentation, request, now, audience } = next.task;
      slot.worker.postMessage({ type: 'verify', id: slot.id, presentation, request, now: now.getTime(), audience });
    }
  }
}
