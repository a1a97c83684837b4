/**
 * The verifier's root views (src/registry/root-view.ts): the acceptance rule (latest root with a
 * freshness statement inside the window; a superseded root while its successor is younger than
 * the window; only the latest with a zero window), and typed refusals of statements that are
 * malformed, badly signed, of another issuer, inconsistent with the freshness statement, or a
 * rollback, each leaving the view unchanged.
 */
import { describe, expect, it } from 'vitest';
import { Registry, RegistryError, RootViews } from '../../src/index.js';
import { issuerKeys, later, NOW, thrown } from '../helpers/library.js';

/** A registry whose clock the test moves: 3 changes, at NOW, NOW + 100 s and NOW + 200 s. */
function history(): { registry: Registry; at(seconds: number): void } {
  let clock = NOW;
  const registry = new Registry({ keys: issuerKeys(71), clock: () => clock });
  const at = (seconds: number): void => {
    clock = later(seconds);
  };
  registry.append('urn:r:1', 11n);
  at(100);
  registry.append('urn:r:2', 22n);
  at(200);
  registry.revoke('urn:r:1');
  return { registry, at };
}

const code = (fn: () => unknown): string | undefined => (thrown(fn) as RegistryError | undefined)?.code;

describe('acceptance rule', () => {
  const { registry } = history();
  const views = new RootViews();
  const view = views.update({ latest: registry.latest(), history: registry.history(), freshness: registry.freshness() });
  const rootOf = (sequence: number): bigint => BigInt(registry.statement(sequence).root);

  it('the latest root: accepted while its freshness statement is within the window', () => {
    expect(view.accept(rootOf(3), later(200 + 3600), 3600)).toEqual({ accepted: true, sequence: 3 });
    expect(view.accept(rootOf(3), later(200 + 3601), 3600)).toMatchObject({ accepted: false, code: 'STALE_ROOT' });
  });

  it('a superseded root: accepted while the statement that replaced it is younger than the window', () => {
    // Sequence 2 was replaced at NOW + 200 s, sequence 1 at NOW + 100 s.
    expect(view.accept(rootOf(2), later(200 + 60), 60)).toEqual({ accepted: true, sequence: 2 });
    expect(view.accept(rootOf(2), later(200 + 61), 60)).toMatchObject({ accepted: false, code: 'ROOT_SUPERSEDED' });
    expect(view.accept(rootOf(1), later(160), 60)).toEqual({ accepted: true, sequence: 1 });
    expect(view.accept(rootOf(1), later(161), 60)).toMatchObject({ accepted: false, code: 'ROOT_SUPERSEDED' });
  });

  it('a zero window accepts only the latest root, whatever the freshness age', () => {
    expect(view.accept(rootOf(3), later(86400 * 30), 0)).toEqual({ accepted: true, sequence: 3 });
    expect(view.accept(rootOf(2), later(200), 0)).toMatchObject({ accepted: false, code: 'ROOT_SUPERSEDED' });
  });

  it('a root the issuer never signed: ROOT_UNKNOWN', () => {
    expect(view.accept(rootOf(3) + 1n, later(200), 3600)).toMatchObject({ accepted: false, code: 'ROOT_UNKNOWN' });
  });

  it('without a freshness statement, even the latest root is STALE_ROOT', () => {
    const bare = new RootViews().update({ latest: registry.latest() });
    expect(bare.accept(rootOf(3), later(200), 3600)).toMatchObject({ accepted: false, code: 'STALE_ROOT' });
  });

  it('a view that never saw the successor of a root refuses it as superseded', () => {
    const sparse = new RootViews().update({ latest: registry.latest(), history: [registry.statement(1)], freshness: registry.freshness() });
    expect(sparse.accept(rootOf(1), later(150), 3600)).toMatchObject({ accepted: false, code: 'ROOT_SUPERSEDED' });
  });
});

describe('updates are checked', () => {
  const { registry, at } = history();
  const other = new Registry({ keys: issuerKeys(72), clock: () => NOW });

  it.each([
    ['not an object', () => ({ latest: 'root' })],
    ['a freshness statement given as the latest root', () => ({ latest: registry.freshness() })],
    ['a bad signature', () => ({ latest: { ...registry.latest(), root: '5' } })],
    ['a history entry of another issuer', () => ({ latest: registry.latest(), history: [other.latest()] })],
    ['a history that is not an array', () => ({ latest: registry.latest(), history: {} as unknown[] })],
    ['a freshness statement of another issuer', () => ({ latest: registry.latest(), freshness: other.freshness() })],
    ['a forged freshness statement', () => ({ latest: registry.latest(), freshness: { ...registry.freshness(), signedAt: later(99999).toISOString() } })],
  ])('%s: REGISTRY_INVALID, view unchanged', (_label, update) => {
    const views = new RootViews();
    views.update({ latest: registry.statement(1) });
    expect(code(() => views.update(update()))).toBe('REGISTRY_INVALID');
    expect(views.get(registry.keys.did)?.latest?.sequence).toBe(1);
  });

  it("another issuer's statement for this issuer's view: REGISTRY_INVALID", () => {
    const views = new RootViews();
    const view = views.update({ latest: registry.latest() });
    expect(code(() => view.update({ latest: other.latest() }))).toBe('REGISTRY_INVALID');
  });

  it('a freshness statement about an older sequence than the latest: REGISTRY_INCONSISTENT', () => {
    const stale = new Registry({ keys: issuerKeys(71), clock: () => NOW });
    stale.append('urn:r:1', 11n);
    const views = new RootViews();
    expect(code(() => views.update({ latest: registry.latest(), freshness: stale.freshness() }))).toBe('REGISTRY_INCONSISTENT');
  });

  it('a rollback of the latest sequence: REGISTRY_ROLLBACK, the newer state kept', () => {
    const views = new RootViews();
    views.update({ latest: registry.latest(), freshness: registry.freshness() });
    expect(code(() => views.update({ latest: registry.statement(2) }))).toBe('REGISTRY_ROLLBACK');
    expect(views.get(registry.keys.did)!.latest!.sequence).toBe(3);
  });

  it('a newer freshness statement of the same sequence replaces the older one', () => {
    const views = new RootViews();
    const view = views.update({ latest: registry.latest(), freshness: registry.freshness() });
    at(5000);
    const renewed = registry.freshness(0);
    views.update({ latest: registry.latest(), freshness: renewed });
    expect(view.freshness).toEqual(renewed);
    expect(view.accept(BigInt(registry.latest().root), later(5000 + 3000), 3600)).toMatchObject({ accepted: true });
  });
});
