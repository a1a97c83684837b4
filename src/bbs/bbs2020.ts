/**
 * Suite `bbs+2020`: the legacy BBS+ scheme of MATTR's 2020 library (BLS12-381, G2 public keys
 * from `generateBls12381G2KeyPair`, the `bls*` calls that expand a BLS key into per-message
 * generators) via @mattrglobal/bbs-signatures 2.0.0. That package prefers the native
 * @mattrglobal/node-bbs-signatures, which does not install here (it downloads a binary), and
 * falls back to its bundled wasm build (Rust compiled to wasm), which is what runs.
 *
 * Not the IETF scheme: no header, 112-byte signatures (A, e, s), and proofs that carry their own
 * message count and disclosure bitmap. Wire layout of a proof, inferred from proofs the package
 * produces (the package documents none) and checked by test/bbs.test.ts:
 *
 *   u16 big-endian total message count n
 *   || disclosure bitmap: floor(n / 8) + 1 bytes, one big-endian integer, bit i = message i
 *   || A', Abar, d: 3 compressed G1 points (144 bytes)
 *   || u32 116 (length of the first sub-proof) || G1 commitment || u32 2 || 2 scalars
 *   || G1 commitment || u32 (hidden + 2) || (hidden + 2) scalars
 * so 383 + floor(n / 8) + 32 * hidden bytes in all (scalars and u32s big-endian).
 *
 * SECURITY: the wasm build panics ("RuntimeError: unreachable", thrown outside the returned
 * promise, so it kills the process) on a proof shorter than 2 bytes and on a large first
 * sub-proof length field, and it accepts a valid proof with trailing bytes appended.
 * `proofMatchesStatement` therefore requires the exact length, count, bitmap and all three
 * length fields before any untrusted proof reaches the wasm; test/bbs.test.ts fuzzes the rest.
 *
 * NOTE: the package's published typings are TypeScript sources that fail to compile under this
 * project's `verbatimModuleSyntax`, so the module is loaded from plain JavaScript
 * (mattr-loader.js) and typed by the `MattrBbs` interface below.
 *
 * Browsers: the package's browser build does not import the library at all (a page without
 * bbs+2020 bundles none of it); a page that uses bbs+2020 calls
 * `provideBbs2020Library(() => import('@mattrglobal/bbs-signatures'))` first, so that its own
 * bundler, with its own aliases, resolves the library (README, "In the browser").
 */
import { InputError, ZkdError } from '../errors.js';
import type { SuiteAdapter } from './suite.js';
import { bundledMattrLoader } from './mattr-loader.js';

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

const SIGNATURE_LENGTH = 112;
const G1_BYTES = 48;
const SCALAR_BYTES = 32;
/** Offsets inside the proof body (after the count and bitmap); see the layout above. */
const SUBPROOF1_LENGTH_AT = 3 * G1_BYTES;
const SUBPROOF1_LENGTH = G1_BYTES + 4 + 2 * SCALAR_BYTES;
const SUBPROOF1_COUNT_AT = SUBPROOF1_LENGTH_AT + 4 + G1_BYTES;
const SUBPROOF2_COUNT_AT = SUBPROOF1_LENGTH_AT + 4 + SUBPROOF1_LENGTH + G1_BYTES;
/** Body bytes when every message is disclosed: 380. */
const PROOF_FIXED_BYTES = SUBPROOF2_COUNT_AT + 4 + 2 * SCALAR_BYTES;

const MATTR_FUNCTIONS = ['generateBls12381G2KeyPair', 'blsSign', 'blsVerify', 'blsCreateProof', 'blsVerifyProof'] as const;

let provided: (() => Promise<unknown>) | undefined;
let loading: Promise<MattrBbs> | undefined;

/**
 * Hands zkdisclose the bbs+2020 library (@mattrglobal/bbs-signatures 2.0.0). Needed in browsers,
 * where the package's build imports no bbs+2020 code of its own; in Node it replaces the
 * package's dynamic import (for example with another build of the same library).
 * @param load called once, on the first bbs+2020 operation
 * @throws {InputError} when `load` is not a function
 * @example
 * provideBbs2020Library(() => import('@mattrglobal/bbs-signatures'));
 */
export function provideBbs2020Library(load: () => Promise<unknown>): void {
  if (typeof load !== 'function') throw new InputError('load', `expected a function returning the module, got ${typeof load}`);
  provided = load;
  loading = undefined;
}

/** The module itself or its default export, whichever has the calls this adapter makes. */
function asMattrBbs(loaded: unknown): MattrBbs {
  const hasCalls = (value: unknown): value is MattrBbs =>
    typeof value === 'object' && value !== null && MATTR_FUNCTIONS.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
  if (hasCalls(loaded)) return loaded;
  const fallback = (loaded as { default?: unknown } | null)?.default;
  if (hasCalls(fallback)) return fallback;
  throw new ZkdError('UNSUPPORTED', `the bbs+2020 library provided does not export ${MATTR_FUNCTIONS.join(', ')}: provide @mattrglobal/bbs-signatures 2.0.0`);
}

/** Loads the library once (its wasm initialises on first call, ~10-50 ms). @throws {ZkdError} UNSUPPORTED without one */
function load(): Promise<MattrBbs> {
  const loader = provided ?? bundledMattrLoader;
  if (loader === undefined) {
    return Promise.reject(new ZkdError('UNSUPPORTED', "bbs+2020 in a browser needs its library: call provideBbs2020Library(() => import('@mattrglobal/bbs-signatures')) first (README, \"In the browser\")"));
  }
  loading ??= loader().then(asMattrBbs).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
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

  async ready() {
    await load();
  },

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
    const hidden = totalMessages - disclosedIndexes.length;
    if (proof.length !== proofLength(totalMessages, disclosedIndexes.length)) return false;
    const view = new DataView(proof.buffer, proof.byteOffset, proof.byteLength);
    if (view.getUint16(0) !== totalMessages) return false;
    const width = bitmapLength(totalMessages);
    const expected = new Uint8Array(width);
    for (const index of disclosedIndexes) expected[width - 1 - (index >> 3)] |= 1 << (index & 7);
    for (let k = 0; k < width; k++) if (proof[2 + k] !== expected[k]) return false;
    const body = 2 + width;
    return view.getUint32(body + SUBPROOF1_LENGTH_AT) === SUBPROOF1_LENGTH
      && view.getUint32(body + SUBPROOF1_COUNT_AT) === 2
      && view.getUint32(body + SUBPROOF2_COUNT_AT) === hidden + 2;
  },

  async verifyProof({ publicKey, proof, disclosedMessages, presentationHeader }) {
    const result = await (await load()).blsVerifyProof({
      proof, publicKey, messages: disclosedMessages, nonce: presentationHeader,
    });
    return result.verified === true;
  },
};
