/**
 * zkdisclose: privacy-preserving verifiable credentials. Issuers commit credentials into a
 * Poseidon Merkle registry; holders prove predicates, disclosure and non-revocation with Groth16
 * (BN254, snarkjs); verifiers check the proof against a signed registry root.
 * This is the Node entry: it includes the SQLite stores and file-based artifact loading.
 */
export { FIELD_MODULUS, MAX_ATTRIBUTES, MAX_STRING_BYTES, REGISTRY_DEPTH, OP_CODES } from './constants.js';
export {
  ZkdError, InputError, CredentialError, RequestError, RefusalError, ArtifactError, RegistryError, KeyError,
  type ErrorCode,
} from './errors.js';
export { type AttributeType, type AttributeValue, encodeAttribute, encodeString, dateToInt } from './encoding.js';
export { type Schema, type AttributeDefinition, defineSchema, PERSON_SCHEMA, BUILTIN_SCHEMAS } from './schema.js';
export { holderCommitment, credentialCommitment, scopedNullifier } from './commitment.js';
export {
  type IssuerKeys, type HolderKeys, generateIssuerKeys, issuerKeysFromSecret, generateHolderKeys, holderKeysFromSecret,
  didFromPublicKey, publicKeyFromDid,
} from './keys.js';
export { type MerklePath, type LeafBucket, RegistryTree, pathFromBucket } from './merkle.js';
export {
  type RootStatement, type RegistryStore, type RegistryExport, type LeafRecord, Registry, MemoryRegistryStore, verifyRootStatement,
} from './registry.js';
export { SqliteRegistryStore } from './sqlite-store.js';
export { type Credential, openCredential } from './credential.js';
export { Issuer, type IssueOptions } from './issuer.js';
export {
  type PresentationRequest, type Predicate, type AcceptedKey, type CreateRequestOptions, createRequest, parseRequest, PREDICATE_OPS,
} from './request.js';
export { type Presentation } from './presentation.js';
export { Wallet, type CreatePresentationOptions } from './holder.js';
export { Prover, releaseCurve, type ProofResult, type Groth16Proof } from './prover.js';
export { ARTIFACTS_DIR, loadArtifacts, loadVerificationKey, defaultAcceptedKeys, fileArtifactLoader, createProver } from './artifacts.js';
export { type ArtifactLoader, type ArtifactManifest, type CircuitArtifacts, verificationKeyHash } from './artifact-integrity.js';
export { fetchArtifactLoader } from './artifacts-fetch.js';
export {
  verifyPresentation, type VerifyOptions, type VerificationResult, type VerificationError, type VerificationErrorCode,
} from './verifier.js';
export { type NonceStore, MemoryNonceStore } from './nonce-store.js';
export { SqliteNonceStore } from './nonce-store-sqlite.js';
export {
  type BbsSuite, type BbsKeyPair, BBS_SUITES, generateBbsKeyPair, bbsSign, bbsVerifySignature, bbsDeriveProof, bbsVerifyProof,
  bbsMessages, bbsMessage, bbsMessageLayout,
} from './bbs.js';
export {
  type BbsKeyStatement, type BbsRequest, type CredentialBbs, type PresentationBbs, verifyCredentialBbs, bbsPublicKeyOf,
} from './bbs-credential.js';
