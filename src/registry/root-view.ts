/**
 * A verifier's view of one trusted issuer's registry roots: the latest root statement, recent
 * history and the latest freshness statement, fed by the registry client, a registry export or
 * by hand. Updates are checked (signature, issuer, statement type, monotonic sequence) and a
 * rollback is refused. `accept` applies the acceptance rule:
 *
 *   a root of sequence s is accepted when it is the latest and its freshness statement is at
 *   most `maxRootAgeSeconds` old, or when statement s + 1 was made at most `maxRootAgeSeconds`
 *   ago. With a zero window only the latest root in the view is accepted (for verifiers that
 *   refresh the view before every check).
 *
 * Revocation therefore takes effect within the window.
 */
import { RegistryError } from '../errors.js';
import { isRecord } from '../internal/field.js';
import type { RegistryExport } from './registry.js';
import { freshnessSupersedes } from './store.js';
import {
  type FreshnessStatement, type RootStatement, expectFreshnessStatement, expectRootStatement,
} from './statements.js';

/** Statements kept per issuer: roots older than this many changes are refused as superseded. */
export const ROOT_HISTORY_LIMIT = 256;

export interface RootViewUpdate {
  latest: unknown;
  history?: unknown[];
  freshness?: unknown;
}

export type RootDecision =
  | { accepted: true; sequence: number }
  | { accepted: false; code: 'ROOT_UNKNOWN' | 'STALE_ROOT' | 'ROOT_SUPERSEDED'; message: string };

export class IssuerRootView {
  private readonly bySequence = new Map<number, RootStatement>();
  private latestStatement: RootStatement | undefined;
  private freshnessStatement: FreshnessStatement | undefined;

  constructor(readonly issuer: string) {}

  /** The latest root statement known, if any. */
  get latest(): RootStatement | undefined {
    return this.latestStatement;
  }

  get freshness(): FreshnessStatement | undefined {
    return this.freshnessStatement;
  }

  /** The root statement of a sequence this view keeps (e.g. the one `accept` decided on). */
  statement(sequence: number): RootStatement | undefined {
    return this.bySequence.get(sequence);
  }

  private checkRoot(x: unknown, field: string): RootStatement {
    const s = expectRootStatement(x, this.issuer, field);
    const known = this.bySequence.get(s.sequence);
    if (known !== undefined && (known.root !== s.root || known.size !== s.size)) {
      throw new RegistryError(`${field}: two different signed roots for sequence ${s.sequence}`, 'REGISTRY_INVALID');
    }
    return s;
  }

  /**
   * Adds statements. @throws {RegistryError} REGISTRY_INVALID for a statement that is malformed,
   * badly signed or of another issuer; REGISTRY_ROLLBACK when the latest goes backwards. The
   * view is unchanged when it throws.
   */
  update(update: RootViewUpdate): void {
    const latest = this.checkRoot(update.latest, 'latest');
    if (this.latestStatement !== undefined && latest.sequence < this.latestStatement.sequence) {
      throw new RegistryError(`latest root sequence ${latest.sequence} is older than the known ${this.latestStatement.sequence}`, 'REGISTRY_ROLLBACK');
    }
    if (update.history !== undefined && !Array.isArray(update.history)) throw new RegistryError('history: expected an array of root statements', 'REGISTRY_INVALID');
    const history = (update.history ?? []).map((s, i) => this.checkRoot(s, `history[${i}]`));
    if (history.some((s) => s.sequence > latest.sequence)) throw new RegistryError('history: a statement is newer than the latest', 'REGISTRY_INVALID');
    let freshness: FreshnessStatement | undefined;
    if (update.freshness !== undefined) {
      freshness = expectFreshnessStatement(update.freshness, this.issuer, 'freshness');
      if (freshness.sequence !== latest.sequence || freshness.root !== latest.root) {
        throw new RegistryError(`freshness: about sequence ${freshness.sequence}, the latest root statement is ${latest.sequence}`, 'REGISTRY_INCONSISTENT');
      }
    }
    for (const s of [...history, latest]) this.bySequence.set(s.sequence, s);
    this.latestStatement = latest;
    if (freshness !== undefined && freshnessSupersedes(freshness, this.freshnessStatement)) this.freshnessStatement = freshness;
    for (const sequence of this.bySequence.keys()) if (sequence <= latest.sequence - ROOT_HISTORY_LIMIT) this.bySequence.delete(sequence);
  }

  /** Applies the acceptance rule to a proved root at time `now`. */
  accept(root: bigint, now: Date, maxRootAgeSeconds: number): RootDecision {
    const latest = this.latestStatement;
    if (latest === undefined) return { accepted: false, code: 'ROOT_UNKNOWN', message: `no root statement of ${this.issuer} is known` };
    const text = root.toString();
    let sequence = -1;
    for (const s of this.bySequence.values()) if (s.root === text && s.sequence > sequence) sequence = s.sequence;
    if (sequence < 0) return { accepted: false, code: 'ROOT_UNKNOWN', message: 'the proved root is not one of the issuer\'s recent roots' };
    const windowMs = maxRootAgeSeconds * 1000;
    if (sequence === latest.sequence) {
      if (maxRootAgeSeconds === 0) return { accepted: true, sequence };
      const fresh = this.freshnessStatement;
      if (fresh === undefined || fresh.sequence !== sequence) return { accepted: false, code: 'STALE_ROOT', message: 'no freshness statement for the latest root: refresh the root view' };
      const age = now.getTime() - Date.parse(fresh.signedAt);
      if (age > windowMs) return { accepted: false, code: 'STALE_ROOT', message: `the freshness statement is ${Math.round(age / 1000)} s old; the request accepts ${maxRootAgeSeconds} s` };
      return { accepted: true, sequence };
    }
    const next = this.bySequence.get(sequence + 1);
    if (next !== undefined && maxRootAgeSeconds > 0 && now.getTime() - Date.parse(next.changedAt) <= windowMs) return { accepted: true, sequence };
    return { accepted: false, code: 'ROOT_SUPERSEDED', message: `root sequence ${sequence} was superseded ${next === undefined ? '' : `at ${next.changedAt} `}(latest ${latest.sequence}; window ${maxRootAgeSeconds} s)` };
  }
}

/** Root views by issuer DID, built from exports or client fetches. */
export class RootViews {
  private readonly views = new Map<string, IssuerRootView>();

  /** The view of an issuer, created empty on first use. */
  of(issuer: string): IssuerRootView {
    let view = this.views.get(issuer);
    if (view === undefined) this.views.set(issuer, (view = new IssuerRootView(issuer)));
    return view;
  }

  /** The view of an issuer if one holds a statement. */
  get(issuer: string): IssuerRootView | undefined {
    const view = this.views.get(issuer);
    return view?.latest === undefined ? undefined : view;
  }

  /** Adds the statements of a registry export (checked). */
  addExport(exported: RegistryExport): IssuerRootView {
    if (!isRecord(exported)) throw new RegistryError('registry export: expected an object', 'REGISTRY_INVALID');
    return this.update({ latest: exported.rootStatement, history: exported.history, freshness: exported.freshness });
  }

  /** Adds statements for the issuer named by `latest` (checked). */
  update(update: RootViewUpdate): IssuerRootView {
    const latest = update.latest as { issuer?: unknown } | null;
    const issuer = typeof latest === 'object' && latest !== null && typeof latest.issuer === 'string' ? latest.issuer : undefined;
    if (issuer === undefined) throw new RegistryError('latest: not a root statement', 'REGISTRY_INVALID');
    const view = this.of(issuer);
    view.update(update);
    return view;
  }
}
