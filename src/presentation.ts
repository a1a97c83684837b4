/**
 * The presentation document (holder -> verifier, DESIGN section 6): the request's nonce, the
 * issuer whose registry root the proof was made against, the disclosed plaintexts, and the proof as plain
 * snarkjs JSON (`proof` + `publicSignals`), so that `snarkjs groth16 verify` with the published
 * verification_key.json checks it too.
 */
import type { PresentationBbs } from './bbs-credential.js';
import type { Groth16Proof } from './prover.js';

export const PRESENTATION_TYPE = 'ZkDisclosurePresentation';

export interface Presentation {
  type: typeof PRESENTATION_TYPE;
  version: 1;
  nonce: string;
  /**
   * The DID of the issuer whose registry root the SNARK proved membership under (absent in
   * BBS-only presentations). The root itself is a public signal; the verifier accepts it against
   * its own view of that issuer's roots, so no statement travels with the presentation.
   */
  issuer?: string;
  disclosed: Record<string, string | number | boolean>;
  /** The SNARK half (absent in BBS-only presentations). */
  zk?: {
    circuit: string;
    vkeyHash: string;
    proof: Groth16Proof;
    publicSignals: string[];
  };
  /** The BBS half, when the request asked for BBS disclosure. */
  bbs?: PresentationBbs;
  /** True when both halves reveal the credential commitment to prove they are about one credential. */
  linkable?: true;
  /** True for a BBS-only presentation, made only for a request asking for bearer mode: it proves no holder secret. */
  bearer?: true;
}
