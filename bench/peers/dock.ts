/**
 * Dock's `@docknetwork/crypto-wasm-ts` as a benchmark peer in Node: the systems of
 * bench/peers/dock-systems.ts, with the LegoGroth16 bound-check proving key cached under
 * .cache/peers/dock/ (git-ignored), compressed; decompressing it still takes seconds each run.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BoundCheckSnarkSetup, LegoProvingKey, type Presentation } from '@docknetwork/crypto-wasm-ts';
import { progress } from '../machine.js';
import { type BoundProtocol, dockAge, dockDisclosure } from './dock-systems.js';
import { PEERS_CACHE } from './semaphore.js';
import type { PeerSystem } from './system.js';

export { BOUND_PROTOCOLS, type BoundProtocol, cutoffDate } from './dock-systems.js';

/** Where the LegoGroth16 bound-check proving key is cached (compressed). */
export const LEGO_KEY_PATH = join(PEERS_CACHE, 'dock', 'legogroth16-bound-check.pk');

/** The LegoGroth16 bound-check proving key's file, made (and cached) now if absent. */
export function legoProvingKeyFile(): string {
  if (existsSync(LEGO_KEY_PATH)) return LEGO_KEY_PATH;
  progress('peers', 'Dock: LegoGroth16 bound-check setup (cached after)');
  const key = BoundCheckSnarkSetup();
  mkdirSync(join(PEERS_CACHE, 'dock'), { recursive: true });
  writeFileSync(`${LEGO_KEY_PATH}.tmp`, key.bytes);
  renameSync(`${LEGO_KEY_PATH}.tmp`, LEGO_KEY_PATH);
  return LEGO_KEY_PATH;
}

/** A Dock presentation proving birthDate <= today - 18 years with one bound-check protocol. */
export function dockAgeSystem(protocol: BoundProtocol): Promise<PeerSystem<Presentation>> {
  return dockAge(protocol, 'node', async () => new LegoProvingKey(new Uint8Array(readFileSync(legoProvingKeyFile()))));
}

/** A Dock presentation disclosing givenName and nationality, no predicate. */
export function dockDisclosureSystem(): Promise<PeerSystem<Presentation>> {
  return dockDisclosure('node');
}
