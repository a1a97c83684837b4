/**
 * Suite `bbs+2020`: the legacy BBS+ scheme of MATTR's 2020 library (BLS12-381, G2 public keys
 * from `generateBls12381G2KeyPair`, the `bls*` calls that expand a BLS key into per-message
 * generators) via @mattrglobal/bbs-signatures 2.0.0. That package prefers the native
 * @mattrglobal/node-bbs-signatures, which does not install here (it downloads a binary), and
 * falls back to its bundled wasm build (Rust `bbs` crate 0.4), which is what runs.
 *
 * Not the IETF scheme: no header, 112-byte signatures (A, e, s), and proofs that carry their own
 * message count and disclosure bitmap. Wire layout of a proof, read from the crate and checked
 * against the package by test/bbs.test.ts:
 *
 *   u16 big-endian total message count
 *   || disclosure bitmap: floor(count / 8) + 1 bytes, one big-endian integer, bit i = message i
 *   || 380 bytes of fixed-size proof (G1 points and scalars)
 *   || 32 bytes per undisclosed message
 *
 * SECURITY: the wasm build panics ("RuntimeError: unreachable", thrown outside the returned
 * promise, so it kills the process) on a proof shorter than 2 bytes, and it accepts a valid proof
 * with trailing bytes appended. `proofMatchesStatement` therefore requires the exact length, count
 * and bitmap before any untrusted proof reaches the wasm.
 *
 * NOTE: the package's published typings are TypeScript sources that fail to compile under this
 * project's `verbatimModuleSyntax`, so the module is loaded through a non-literal specifier
 * (TypeScript does not resolve it) and typed by the `MattrBbs` interface below.
 */
import type { SuiteAdapter } from './suite.js';

/** The subset of @mattrglobal/bbs-signatures 2.0.0 this adapter calls. */
interface MattrBbs {
  generateBls12381G2KeyPair(seed?: Uint8Array): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array }>;
  blsSign(request: {
    keyPair: { publicKey: Uint8Array; secretKey: Uint8Array };
    messages: readonly Uint8Array[];
  }): Promise<Uint8Array>;
  blsVerify(request: {
    publicKey: Uint8Array;
    signature: Uint8Array;
    messages: readonly Uint8Array[];
  }): Promise<{ verified: boolean; error?: string }>;
  blsCreateProof(request: {
    signature: Uint8Array;
    publicKey: Uint8Array;
    messages: readonly Uint8Array[];
    revealed: readonly number[];
    nonce: Uint8Array;
  }): Promise<Uint8Array>;
  blsVerifyProof(request: {
    proof: Uint8Array;
    publicKey: Uint8Array;
    messages: readonly Uint8Array[];
    nonce: Uint8Array;
  }): Promise<{ verified: boolean; error?: string }>;
}

const PACKAGE = '@mattrglobal/bbs-signatures';
const SIGNATURE_LENGTH = 112;
/** Fixed part of a proof after the count and bitmap: measured, constant for every message count. */
const PROOF_FIXED_BYTES = 380;
const SCALAR_BYTES = 32;

let loading: Promise<MattrBbs> | undefined;

/** Loads the package once (its wasm initialises on first call, ~10-50 ms). */
function load(): Promise<MattrBbs> {
  loading ??= import(/* @vite-ignore */ PACKAGE).then(
    (mod: { default?: MattrBbs } & MattrBbs) => mod.default ?? mod,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

function bitmapLength(totalMessages: number): number {
  return Math.floor(totalMessages / 8) + 1;
}

function proofLength(totalMessages: number, disclosedCount: number): number {
  return 2 + bitmapLength(totalMessages) + PROOF_FIXED_BYTES + SCALAR_BYTES * (totalMessages - disclosedCount);
}

/** Copies out of wasm memory views so callers hold ordinary, independent arrays. */
function copy(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes);
}

export const bbs2020: SuiteAdapter = {
  signatureLength: SIGNATURE_LENGTH,
  supportsHeader: false,
  proofLength,

  async generateKeyPair(seed) {
    const keyPair = await (await load()).generateBls12381G2KeyPair(seed);
    return { publicKey: copy(keyPair.publicKey), secretKey: copy(keyPair.secretKey) };
  },

  async sign({ secretKey, publicKey, messages }) {
    return copy(await (await load()).blsSign({ keyPair: { secretKey, publicKey }, messages }));
  },

  async verifySignature({ publicKey, signature, messages }) {
    const result = await (await load()).blsVerify({ publicKey, signature, messages });
    return result.verified === true;
  },

  async deriveProof({ publicKey, signature, messages, disclosedIndexes, presentationHeader }) {
    const proof = await (await load()).blsCreateProof({
      signature, publicKey, messages, revealed: disclosedIndexes, nonce: presentationHeader,
    });
    return copy(proof);
  },

  proofMatchesStatement(proof, disclosedIndexes, totalMessages) {
    if (proof.length !== proofLength(totalMessages, disclosedIndexes.length)) return false;
    if (((proof[0] << 8) | proof[1]) !== totalMessages) return false;
    const width = bitmapLength(totalMessages);
    const expected = new Uint8Array(width);
    for (const index of disclosedIndexes) expected[width - 1 - (index >> 3)] |= 1 << (index & 7);
    for (let k = 0; k < width; k++) if (proof[2 + k] !== expected[k]) return false;
    return true;
  },

  async verifyProof({ publicKey, proof, disclosedMessages, presentationHeader }) {
    const result = await (await load()).blsVerifyProof({
      proof, publicKey, messages: disclosedMessages, nonce: presentationHeader,
    });
    return result.verified === true;
  },
};
