/**
 * What the peers benchmark's Chromium page (bench/peers/web/) and its driver
 * (bench/peers/chromium.ts) exchange: the job the driver hands to `window.zkdPeers.run`, what
 * the page hands back (plain data), and the paths of the cached builds the driver serves.
 */
import type { BbsSuite } from '../../src/browser.js';
import type { BoundProtocol } from './dock-systems.js';
import type { OursCase } from './ours-systems.js';
import type { Samples } from './round-robin.js';
import type { SemaphoreJob } from './semaphore-proof.js';
import type { PeerInfo } from './system.js';

/** The cached builds the page fetches (the driver serves them from disk), relative to the page. */
export const PAGE_FILES = {
  semaphoreWasm: 'peers-semaphore/semaphore.wasm',
  semaphoreZkey: 'peers-semaphore/semaphore.zkey',
  legoKey: 'peers-dock/legogroth16-bound-check.pk',
} as const;
export type PageFile = (typeof PAGE_FILES)[keyof typeof PAGE_FILES];

/** What the driver asks for, in table order within each kind. */
export interface PeersJob {
  rounds: number;
  /** Our Groth16 cases. */
  ours: OursCase[];
  semaphore?: SemaphoreJob;
  /** Dock's bound-check protocols (LegoGroth16 needs PAGE_FILES.legoKey served). */
  dockBounds: BoundProtocol[];
  bbs: BbsSuite[];
  dockDisclosure: boolean;
}

/** What the page hands back: per system its description and samples, and the systems that did not run. */
export interface PeersOutcome {
  infos: PeerInfo[];
  samples: Samples[];
  notRun: string[];
  userAgent: string;
}

export interface PeersPage {
  run(job: PeersJob): Promise<PeersOutcome>;
}
