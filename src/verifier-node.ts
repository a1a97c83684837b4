/**
 * The Node entry's Verifier: the Verifier object (verifier-object.ts) holding, unless told
 * otherwise, the shipped circuits' verification keys read from the package's artifacts (each
 * checked against its manifest). Browsers use the portable Verifier and pass the keys they
 * fetched and pinned.
 */
import { shippedVerificationKeys } from './artifacts.js';
import { Verifier as PortableVerifier, type VerifierOptions } from './verifier-object.js';

export type NodeVerifierOptions = Omit<VerifierOptions, 'verificationKeys'> & {
  /** Default: the shipped keys (from `artifactsDir`, default the package's artifacts). */
  verificationKeys?: Record<string, Record<string, unknown>>;
  artifactsDir?: string;
};

export class Verifier extends PortableVerifier {
  /** @throws {InputError} naming a malformed option; ArtifactError when a shipped key fails its manifest */
  constructor(options: NodeVerifierOptions = {}) {
    const { artifactsDir, verificationKeys, ...rest } = options;
    super({ ...rest, verificationKeys: verificationKeys ?? shippedVerificationKeys(artifactsDir === undefined ? {} : { artifactsDir }) });
  }
}
