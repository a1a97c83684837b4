/**
 * Declarations for @digitalbazaar/bbs-signatures 3.0.0 (ESM-only, pure JS, ships no types):
 * only the calls src/bbs/bbs2023.ts makes. The package implements IETF
 * draft-irtf-cfrg-bbs-signatures (draft-06 and later wire format); `ciphersuite` is one of its
 * `CIPHERSUITES` values ('BLS12-381-SHA-256' or 'BLS12-381-SHAKE-256'). Every function is async
 * and throws (TypeError or Error) on malformed input instead of returning false.
 */
declare module '@digitalbazaar/bbs-signatures' {
  export type Ciphersuite = 'BLS12-381-SHA-256' | 'BLS12-381-SHAKE-256';

  export const CIPHERSUITES: {
    readonly BLS12381_SHAKE256: 'BLS12-381-SHAKE-256';
    readonly BLS12381_SHA256: 'BLS12-381-SHA-256';
  };

  /** `seed` is the draft's `key_material` (at least 32 bytes); random when omitted. */
  export function generateKeyPair(options: {
    seed?: Uint8Array;
    ciphersuite: Ciphersuite;
  }): Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }>;

  export function secretKeyToPublicKey(options: {
    secretKey: Uint8Array;
    ciphersuite: Ciphersuite;
  }): Promise<Uint8Array>;

  export function sign(options: {
    secretKey: Uint8Array;
    publicKey?: Uint8Array;
    header: Uint8Array;
    messages: Uint8Array[];
    ciphersuite: Ciphersuite;
  }): Promise<Uint8Array>;

  export function verifySignature(options: {
    publicKey: Uint8Array;
    signature: Uint8Array;
    header: Uint8Array;
    messages: Uint8Array[];
    ciphersuite: Ciphersuite;
  }): Promise<boolean>;

  export function deriveProof(options: {
    publicKey: Uint8Array;
    signature: Uint8Array;
    header: Uint8Array;
    messages: Uint8Array[];
    presentationHeader: Uint8Array;
    disclosedMessageIndexes: number[];
    ciphersuite: Ciphersuite;
  }): Promise<Uint8Array>;

  export function verifyProof(options: {
    publicKey: Uint8Array;
    proof: Uint8Array;
    header: Uint8Array;
    presentationHeader: Uint8Array;
    disclosedMessages: Uint8Array[];
    disclosedMessageIndexes: number[];
    ciphersuite: Ciphersuite;
  }): Promise<boolean>;
}
