/**
 * The pool's single and multi-credential checks share one root-view pusher: a push replaces
 * the workers' views whole, so a check that pushed only the issuers it saw would drop the others'
 * from the workers. Here a stand-in pool records each push; after a multi-credential check (two
 * issuers), a new root of one issuer and a single check of it, the workers must still hold both.
 * No proofs: the stand-in answers every task as verified.
 */
import { expect, it } from 'vitest';
import {
  DRIVING_LICENCE_SCHEMA, Issuer, PERSON_SCHEMA, RootViews, createMultiRequest, createRequest, defaultAcceptedKeys, generateHolderKeys,
  type RootViewUpdate,
} from '../../src/index.js';
import { pooledChecks } from '../../src/service/pooled-check.js';
import type { VerifyPool } from '../../src/service/verify-pool.js';
import { ERIKA, issuerKeys } from '../helpers/library.js';

it('a single check after a multi-credential one keeps every issuer\'s roots in the workers', async () => {
  const pushes: RootViewUpdate[][] = [];
  const pool = {
    setRootViews: (updates: RootViewUpdate[]) => void pushes.push(updates),
    verify: async () => ({ verified: true, errors: [], disclosed: {}, nullifier: undefined, issuer: undefined }),
    verifyMulti: async () => ({ verified: true, errors: [], parts: [], nullifier: undefined }),
  } as unknown as VerifyPool;
  const { check, checkMulti } = pooledChecks(pool);
  const state = new Issuer({ keys: issuerKeys(71), shape: { arity: 4, depth: 6 } });
  const dmv = new Issuer({ keys: issuerKeys(72), shape: { arity: 4, depth: 6 } });
  const issue = (): void => void state.issue({ schema: PERSON_SCHEMA, attributes: { ...ERIKA }, holder: generateHolderKeys().commitment, validUntil: '2035-12-31' });
  issue();
  const rootViews = new RootViews();
  rootViews.addExport(state.exportRegistry());
  rootViews.addExport(dmv.exportRegistry());
  const acceptedKeys = defaultAcceptedKeys();
  const single = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [state.did], acceptedKeys });
  const multi = createMultiRequest({
    parts: [
      { schema: PERSON_SCHEMA, trustedIssuers: [state.did], acceptedKeys },
      { schema: DRIVING_LICENCE_SCHEMA, trustedIssuers: [dmv.did], acceptedKeys },
    ],
  });
  const options = { verificationKeys: {}, rootViews };
  const pushedIssuers = (): string[] => pushes.at(-1)!.map((u) => (u.latest as { issuer: string }).issuer).sort();

  await check({}, single, options, undefined);
  expect(pushedIssuers()).toEqual([state.did]);
  await checkMulti({}, multi, options, undefined);
  expect(pushedIssuers()).toEqual([state.did, dmv.did].sort());
  // A new root of one issuer: the next push is the single check's, and must keep the other issuer.
  issue();
  rootViews.addExport(state.exportRegistry());
  const before = pushes.length;
  await check({}, single, options, undefined);
  expect(pushes.length).toBe(before + 1);
  expect(pushedIssuers()).toEqual([state.did, dmv.did].sort());
});
