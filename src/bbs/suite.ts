/**
 * The contract each BBS suite adapter fulfils for src/bbs.ts. Adapters receive arguments that
 * src/bbs.ts has already validated (types, key and signature lengths, sorted in-range indexes,
 * header support), so they only translate to their library's call shapes.
 *
 * Adapters may throw on anything the library rejects; src/bbs.ts turns throws during
 * verification into `false` and throws during signing or derivation into typed errors.
 */

/** Bytes of a BLS12-381 secret scalar, for both suites. */
export const SECRET_KEY_LENGTH = 32;
/** Bytes of a compressed BLS12-381 G2 public key, for both suites. */
export const PUBLIC_KEY_LENGTH = 96;

export interface SignArgs {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  header: Uint8Array;
  messages: readonly Uint8Array[];
}

export interface VerifySignatureArgs {
  publicKey: Uint8Array;
  signature: Uint8Array;
  header: Uint8Array;
  messages: readonly Uint8Array[];
}

export interface DeriveArgs {
  publicKey: Uint8Array;
  signature: Uint8Array;
  header: Uint8Array;
  messages: readonly Uint8Array[];
  /** Strictly increasing, each < messages.length. */
  disclosedIndexes: readonly number[];
  presentationHeader: Uint8Array;
}

export interface VerifyProofArgs {
  publicKey: Uint8Array;
  proof: Uint8Array;
  header: Uint8Array;
  presentationHeader: Uint8Array;
  /** One per disclosed index, in index order. */
  disclosedMessages: readonly Uint8Array[];
  /** Strictly increasing, each < totalMessages. */
  disclosedIndexes: readonly number[];
  totalMessages: number;
}

export interface SuiteAdapter {
  /** Exact signature size in bytes. */
  readonly signatureLength: number;
  /** Whether the suite binds a signer-chosen header into signatures and proofs. */
  readonly supportsHeader: boolean;
  /** Exact proof size for a statement; used to reject malformed proofs before parsing. */
  proofLength(totalMessages: number, disclosedCount: number): number;
  /** Loads the library (once); rejects if it cannot be loaded. */
  ready(): Promise<void>;
  generateKeyPair(seed: Uint8Array | undefined): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array }>;
  sign(args: SignArgs): Promise<Uint8Array>;
  verifySignature(args: VerifySignatureArgs): Promise<boolean>;
  deriveProof(args: DeriveArgs): Promise<Uint8Array>;
  /**
   * Cheap structural check of untrusted proof bytes against the statement the verifier expects
   * (length, and for bbs+2020 the embedded message count and disclosure bitmap). `false` means
   * the proof cannot verify for this statement; `true` means it is worth running the pairing check.
   */
  proofMatchesStatement(proof: Uint8Array, disclosedIndexes: readonly number[], totalMessages: number): boolean;
  verifyProof(args: VerifyProofArgs): Promise<boolean>;
}
