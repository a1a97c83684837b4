/**
 * What the peers benchmark measures of every system (ours and the peers alike): one prepared
 * prover/verifier pair behind `prove` and `verify`, what it proves, what setup it needs, and the
 * sizes of what it produces.
 */
export interface ProofSizes {
  /** The proof alone, in its compact binary form (Groth16: 2 G1 + 1 G2 compressed). */
  proofBytes: number;
  /** Public inputs the verifier needs besides the proof (field elements for SNARKs); null where not separable. */
  publicInputs: number | null;
  /** Those public inputs in binary (32 B per BN254 field element); null where not separable. */
  publicBytes: number | null;
  /** What the holder sends, as JSON: the presentation, or proof + public signals where a system has no presentation format. */
  presentationJsonBytes: number;
}

/** Where a system runs: the Node process of the suite, or the headless Chromium page it drives. */
export type PeerEnvironment = 'node' | 'chromium';

export interface PeerSystem<P = unknown> {
  /** Row label, unique in a run. */
  id: string;
  /** Project the system comes from: zkdisclose, Semaphore, Dock. */
  family: string;
  env: PeerEnvironment;
  /** What a proof shows, in a few words. */
  statement: string;
  /** Whether that is the benchmark's statement: "born at least 18 years before today", from a signed credential. */
  sameStatement: boolean;
  proofSystem: string;
  /** Trusted (and by whom) or transparent. */
  setup: string;
  /** Bytes of prover-side artifacts (zkey + wasm, proving keys, parameters). */
  artifactBytes: number | null;
  /** Setup or build time spent in this run (null: cached from an earlier run, or none needed). */
  setupMs: number | null;
  prove(): Promise<P>;
  /** Must return true for the proof `prove` returned (the runner checks). */
  verify(proof: P): Promise<boolean>;
  sizes(proof: P): ProofSizes;
}

/** What a run reports of a system besides its samples (a PeerSystem without its functions). */
export type PeerInfo = Omit<PeerSystem, 'prove' | 'verify' | 'sizes'>;

export function peerInfo(s: PeerSystem): PeerInfo {
  const { id, family, env, statement, sameStatement, proofSystem, setup, artifactBytes, setupMs } = s;
  return { id, family, env, statement, sameStatement, proofSystem, setup, artifactBytes, setupMs };
}
