/**
 * A verification worker (worker_threads) of the service's pool (verify-pool.ts): runs
 * verifyPresentation (verifyMultiPresentation when the request is a multi-credential one), the
 * pairing and BBS checks included, off the server's event loop. It
 * builds its BN254 curve single-threaded before anything else and installs it where snarkjs
 * looks for the cached curve, so N workers use N threads (snarkjs's default curve would start
 * one thread per core in every worker). It keeps its own copy of the issuers' root views, fed
 * by the pool; nonces and pending requests stay with the server's stores.
 *
 * Messages in: { type: 'roots', updates } and { type: 'verify', id, presentation, request,
 * now, audience }. Out: { type: 'ready' }, { id, result } or { id, error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildBn128 } from 'ffjavascript';
import { RootViews, type RootViewUpdate } from '../registry/root-view.js';
import { verifyMultiPresentation } from '../multi-presentation.js';
import { isMultiRequest } from '../multi-request.js';
import { verifyPresentation } from '../verifier.js';

interface VerifyMessage {
  type: 'verify';
  id: number;
  presentation: unknown;
  request: unknown;
  now: number;
  audience: string | undefined;
}
type Message = VerifyMessage | { type: 'roots'; updates: RootViewUpdate[] };

const port = parentPort;
if (port === null) throw new Error('verify-worker.ts runs as a worker thread of the verifier service');
const { verificationKeys } = workerData as { verificationKeys: Record<string, Record<string, unknown>> };
let rootViews = new RootViews();

const curveReady = buildBn128(true).then((curve) => {
  (globalThis as { curve_bn128?: unknown }).curve_bn128 = curve;
});

port.on('message', (message: Message) => {
  if (message.type === 'roots') {
    // A fresh copy of the server's views (already checked there): replaced whole, never merged.
    const views = new RootViews();
    for (const update of message.updates) views.update(update);
    rootViews = views;
    return;
  }
  const options = { verificationKeys, rootViews, now: new Date(message.now), ...(message.audience !== undefined && { audience: message.audience }) };
  const multi = isMultiRequest(message.request);
  curveReady
    .then((): Promise<unknown> => (multi
      ? verifyMultiPresentation(message.presentation, message.request, options)
      : verifyPresentation(message.presentation, message.request, options)))
    .then((result) => port.postMessage({ id: message.id, result }))
    .catch((err: unknown) => port.postMessage({ id: message.id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }));
});
void curveReady.then(() => port.postMessage({ type: 'ready' }));
