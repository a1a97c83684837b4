/**
 * Keeps the service's view of its issuers' roots current: every `refreshSeconds`, for each
 * configured issuer, fetches its published registry (RegistryClient, every statement checked)
 * or re-reads its registry export file, and hands the statements to the Verifier (which checks
 * them again and stores them for the other instances). A failing issuer keeps its last good
 * view; its error and the age of its last success are reported in /health and /metrics.
 */
import { readJsonFile } from '../files.js';
import { RegistryClient } from '../registry/client.js';
import type { RegistryExport } from '../registry/registry.js';
import type { Verifier } from '../verifier-object.js';
import type { IssuerSource } from './config.js';

export interface IssuerRefreshState {
  did: string;
  source: string;
  /** Last successful refresh (ms since the epoch). */
  lastSuccess: number | undefined;
  lastError: string | undefined;
}

export class RootRefresher {
  private readonly states: IssuerRefreshState[];
  private readonly clients = new Map<string, RegistryClient>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly verifier: Verifier, private readonly issuers: IssuerSource[], private readonly refreshSeconds: number) {
    this.states = issuers.map((issuer) => ({ did: issuer.did, source: issuer.registry ?? issuer.export!, lastSuccess: undefined, lastError: undefined }));
    for (const issuer of issuers) {
      if (issuer.registry !== undefined) this.clients.set(issuer.did, new RegistryClient({ issuer: issuer.did, baseUrl: issuer.registry }));
    }
  }

  /** Refreshes every issuer once (failures recorded, not thrown). */
  refreshAll(): Promise<void> {
    this.running ??= Promise.all(this.issuers.map((issuer, i) => this.refreshOne(issuer, this.states[i]!))).then(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async refreshOne(issuer: IssuerSource, state: IssuerRefreshState): Promise<void> {
    try {
      const client = this.clients.get(issuer.did);
      if (client !== undefined) await this.verifier.refreshRootView(client, AbortSignal.timeout(30_000));
      else await this.verifier.addRegistryExport(readJsonFile(issuer.export!, `issuers ${issuer.did}`) as RegistryExport);
      state.lastSuccess = Date.now();
      state.lastError = undefined;
    } catch (err) {
      state.lastError = err instanceof Error ? err.message : String(err);
    }
  }

  /** Starts the periodic refresh (the timer does not keep the process alive). */
  start(): void {
    this.timer = setInterval(() => void this.refreshAll(), this.refreshSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /**
   * Each issuer's state, with the age of its last success in seconds (undefined: never) and the
   * sequence of the latest root statement the verifier holds (from any instance, via the store).
   */
  status(now = Date.now()): (IssuerRefreshState & { ageSeconds: number | undefined; sequence: number | undefined })[] {
    return this.states.map((s) => ({
      ...s,
      ageSeconds: s.lastSuccess === undefined ? undefined : Math.round((now - s.lastSuccess) / 1000),
      sequence: this.verifier.rootViews.get(s.did)?.latest?.sequence,
    }));
  }
}
