/**
 * Suite `bbs-2023`: IETF draft-irtf-cfrg-bbs-signatures, ciphersuite BLS12-381-SHA-256
 * (ciphersuite_id "BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_", api_id suffix "H2G_HM2S_"), the BBS
 * flavour the W3C `bbs-2023` Data Integrity cryptosuite uses, via @digitalbazaar/bbs-signatures
 * 3.0.0 (pure JS over @noble/curves, ESM-only). The package implements the draft-06-and-later
 * wire format; test/vectors/bbs-2023-sha256.json holds the draft's fixtures it reproduces.
 *
 * Sizes: public key 96 B (G2), secret key 32 B, signature 80 B (A, e), proof
 * 3 * 48 + 4 * 32 = 272 B plus 32 B per undisclosed message. Signing is deterministic; proofs
 * are randomised. The proof does not encode which indexes were disclosed: the verifier supplies
 * them and the challenge binds them, so a proof checked against other indexes fails.
 *
 * NOTE: the package's verifyProof throws on a short or misaligned proof instead of returning
 * INVALID; `proofMatchesStatement` screens lengths first and src/bbs.ts maps any throw to false.
 */
import type { SuiteAdapter } from './suite.js';

const CIPHERSUITE = 'BLS12-381-SHA-256';
const SIGNATURE_LENGTH = 48 + 32;
/** Abar, Bbar, D (G1) and e^, r1^, r3^, challenge (scalars). */
const PROOF_FIXED_BYTES = 3 * 48 + 4 * 32;
const SCALAR_BYTES = 32;

type IetfBbs = typeof import('@digitalbazaar/bbs-signatures');

let loading: Promise<IetfBbs> | undefined;

/** Loads the package once; keeps @noble/curves' BLS12-381 code out of processes that never use it. */
function load(): Promise<IetfBbs> {
  loading ??= import('@digitalbazaar/bbs-signatures').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

function proofLength(totalMessages: number, disclosedCount: number): number {
  return PROOF_FIXED_BYTES + SCALAR_BYTES * (totalMessages - disclosedCount);
}

export const bbs2023: SuiteAdapter = {
  signatureLength: SIGNATURE_LENGTH,
  supportsHeader: true,
  proofLength,

  async ready() {
    await load();
  },

  async generateKeyPair(seed) {
    const bbs = await load();
    return bbs.generateKeyPair(seed === undefined ? { ciphersuite: CIPHERSUITE } : { seed, ciphersuite: CIPHERSUITE });
  },

  async sign({ secretKey, publicKey, header, messages }) {
    return (await load()).sign({ secretKey, publicKey, header, messages: [...messages], ciphersuite: CIPHERSUITE });
  },

  async verifySignature({ publicKey, signature, header, messages }) {
    const ok = await (await load()).verifySignature({
      publicKey, signature, header, messages: [...messages], ciphersuite: CIPHERSUITE,
    });
    return ok === true;
  },

  async deriveProof({ publicKey, signature, header, messages, disclosedIndexes, presentationHeader }) {
    return (await load()).deriveProof({
      publicKey, signature, header, messages: [...messages], presentationHeader,
      disclosedMessageIndexes: [...disclosedIndexes], ciphersuite: CIPHERSUITE,
    });
  },

  proofMatchesStatement(proof, disclosedIndexes, totalMessages) {
    return proof.length === proofLength(totalMessages, disclosedIndexes.length);
  },

  async verifyProof({ publicKey, proof, header, presentationHeader, disclosedMessages, disclosedIndexes }) {
    const ok = await (await load()).verifyProof({
      publicKey, proof, header, presentationHeader,
      disclosedMessages: [...disclosedMessages], disclosedMessageIndexes: [...disclosedIndexes],
      ciphersuite: CIPHERSUITE,
    });
    return ok === true;
  },
};
