/**
 * zkdisclose's own systems for the peers benchmark in Node: the browser-safe systems of
 * bench/peers/ours-systems.ts with the artifacts read from the repository's artifacts/ folder.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR, type BbsSuite, fileArtifactLoader, type Presentation, shippedVerificationKeys, type TreeShape } from '../../src/index.js';
import { BINARY_20, type OursCase, type OursEnvironment, type OursStatement, oursBbs, oursGroth16 } from './ours-systems.js';
import type { PeerSystem } from './system.js';

let node: OursEnvironment | undefined;

function nodeEnvironment(): OursEnvironment {
  node ??= {
    env: 'node',
    loader: fileArtifactLoader(),
    verificationKeys: shippedVerificationKeys(),
    artifactBytes: (circuit) => ['circuit.zkey', 'circuit.wasm'].reduce((sum, f) => sum + statSync(join(ARTIFACTS_DIR, circuit, f)).size, 0),
  };
  return node;
}

/** Our Groth16 presentation for one statement over a registry of one shape (default: today's binary depth 20). */
export function oursGroth16System(which: OursStatement, shape: TreeShape = BINARY_20, path?: OursCase['path']): Promise<PeerSystem<Presentation>> {
  return oursGroth16({ which, shape, ...(path !== undefined && { path }) }, nodeEnvironment());
}

/** Our BBS-only presentation (no SNARK) in one suite, disclosing givenName and nationality. */
export function oursBbsSystem(suite: BbsSuite): Promise<PeerSystem<Presentation>> {
  return oursBbs(suite, nodeEnvironment());
}
