/**
 * The verification worker pool on its own: a worker answers with the library's result (here
 * for a presentation that is not one), tasks beyond a busy worker wait in the queue, a full
 * queue refuses at once with PoolBusyError (the service's 503 BUSY); a multi-credential request
 * is checked by verifyMultiPresentation in the worker (its result's shape, its codes). Uses the
 * built worker (dist/service-worker.js).
 */
import { afterAll, expect, it } from 'vitest';
import { DRIVING_LICENCE_SCHEMA, PERSON_SCHEMA, createMultiRequest, createRequest, defaultAcceptedKeys, loadVerificationKey } from '../../src/index.js';
import { PoolBusyError, VerifyPool } from '../../src/service/verify-pool.js';
import { WORKER_URL } from '../helpers/service.js';

const circuit = 'presentation-16-1-1-4ary-6';
const pool = new VerifyPool({ verificationKeys: { [circuit]: loadVerificationKey(circuit).vkey }, size: 1, maxQueue: 1, workerUrl: WORKER_URL });
afterAll(() => pool.close());

it('verifies in a worker, queues behind a busy worker, and refuses when the queue is full', async () => {
  await pool.ready();
  const request = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: ['did:key:z6MkidW58EbbodbqHekwSf2waax7RU3N9fhv8HAoMEfhEYEL'], acceptedKeys: defaultAcceptedKeys() });
  const task = { presentation: { type: 'not a presentation' }, request, now: new Date(), audience: undefined };
  const running = pool.verify(task);
  const queued = pool.verify(task);
  await expect(pool.verify(task)).rejects.toBeInstanceOf(PoolBusyError);
  expect(pool.inFlight).toBe(2);
  for (const result of await Promise.all([running, queued])) {
    expect(result).toMatchObject({ verified: false, errors: [{ code: 'MALFORMED_PRESENTATION' }] });
  }
  expect(pool.inFlight).toBe(0);
});

it('checks a multi-credential request with verifyMultiPresentation in the worker', async () => {
  const issuer = 'did:key:z6MkidW58EbbodbqHekwSf2waax7RU3N9fhv8HAoMEfhEYEL';
  const acceptedKeys = defaultAcceptedKeys();
  const request = createMultiRequest({
    parts: [
      { schema: PERSON_SCHEMA, trustedIssuers: [issuer], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }], acceptedKeys },
      { schema: DRIVING_LICENCE_SCHEMA, trustedIssuers: [issuer], predicates: [{ attribute: 'classB', op: 'eq', value: true }], acceptedKeys },
    ],
  });
  const wrongCount = { type: 'ZkDisclosureMultiPresentation', version: 1, nonce: request.nonce, parts: [{}] };
  const result = await pool.verifyMulti({ presentation: wrongCount, request, now: new Date(), audience: undefined });
  expect(result).toMatchObject({ verified: false, parts: [], errors: [{ code: 'MALFORMED_PRESENTATION', message: 'expected one presentation per part (2)' }] });
});
