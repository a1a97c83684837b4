/**
 * The peers benchmark's Chromium page: the suite's round robin (bench/peers/round-robin.ts) run
 * in the page over every system that runs in a browser, with the same system code as the Node
 * run (bench/peers/ours-systems.ts, semaphore-proof.ts, dock-systems.ts). The driver
 * (bench/peers/chromium.ts) calls `window.zkdPeers.run(job)` and reads back plain data.
 *
 * Our artifacts come from <page>/artifacts/ (sha256-checked against their manifests in the
 * page); the peers' cached builds (PAGE_FILES: Semaphore's circuit, Dock's LegoGroth16 key)
 * from paths the driver serves from .cache/peers/. Dock's crypto-wasm-ts loads its browser
 * build (the wasm embedded in base64).
 */
import { LegoProvingKey } from '@docknetwork/crypto-wasm-ts';
import { Buffer } from 'buffer';
import { loadBbs2020Library } from '../../../examples/web/bbs2020-library.js';
import { fetchArtifactLoader, fetchVerificationKeys, provideBbs2020Library, shippedAcceptedKeys } from '../../../src/browser.js';
import { BINARY_20, type OursEnvironment, oursBbs, oursGroth16, oursId } from '../ours-systems.js';
import { dockAge, dockDisclosure } from '../dock-systems.js';
import { roundRobin } from '../round-robin.js';
import { PAGE_FILES, type PeersJob, type PeersOutcome, type PeersPage } from '../page-protocol.js';
import { semaphoreProofSystem } from '../semaphore-proof.js';
import { peerInfo, type PeerSystem } from '../system.js';

(globalThis as { Buffer?: unknown }).Buffer ??= Buffer;
provideBbs2020Library(loadBbs2020Library);

const BASE = new URL('./', document.baseURI).href;
const status = document.getElementById('status')!;

async function bytes(path: string): Promise<Uint8Array> {
  const response = await fetch(new URL(path, BASE));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function environment(): Promise<OursEnvironment> {
  const baseUrl = new URL('artifacts/', BASE).href;
  return {
    env: 'chromium',
    loader: fetchArtifactLoader({ baseUrl }),
    verificationKeys: await fetchVerificationKeys({ baseUrl, acceptedKeys: shippedAcceptedKeys() }),
    // The page fetches the artifacts; their sizes are the same files as Node's (the Node rows carry them).
    artifactBytes: () => null,
  };
}

async function run(job: PeersJob): Promise<PeersOutcome> {
  const env = await environment();
  const factories: { name: string; make: () => Promise<PeerSystem> }[] = [
    ...job.ours.map((c) => ({ name: oursId(c), make: () => oursGroth16(c, env) as Promise<PeerSystem> })),
    ...(job.semaphore === undefined ? [] : [{
      name: `Semaphore v4 (depth ${job.semaphore.depth})`,
      make: async () => semaphoreProofSystem(job.semaphore!, await bytes(PAGE_FILES.semaphoreWasm), await bytes(PAGE_FILES.semaphoreZkey), 'chromium') as Promise<PeerSystem>,
    }]),
    ...job.dockBounds.map((p) => ({ name: `Dock ${p}`, make: () => dockAge(p, 'chromium', async () => new LegoProvingKey(await bytes(PAGE_FILES.legoKey))) as Promise<PeerSystem> })),
    ...job.bbs.map((suite) => ({ name: `zkdisclose BBS · ${suite}`, make: () => oursBbs(suite, env) as Promise<PeerSystem> })),
    ...(job.dockDisclosure ? [{ name: 'Dock selective disclosure', make: () => dockDisclosure('chromium') as Promise<PeerSystem> }] : []),
  ];
  const systems: PeerSystem[] = [];
  const notRun: string[] = [];
  for (const f of factories) {
    status.textContent = `preparing ${f.name}`;
    try {
      systems.push(await f.make());
    } catch (err) {
      if (f.name === oursId({ which: 'age-only', shape: BINARY_20 })) throw err;
      notRun.push(`${f.name} (Chromium): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const samples = await roundRobin(systems, job.rounds, (line) => { status.textContent = line; });
  status.textContent = 'done';
  return { infos: systems.map(peerInfo), samples, notRun, userAgent: navigator.userAgent };
}

(window as unknown as { zkdPeers: PeersPage }).zkdPeers = { run };
status.textContent = 'ready';
