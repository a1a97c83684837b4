/**
 * zkdisclose, browser entry (the package's `browser` export condition). The same API as the
 * Node entry (index.ts) minus what needs the file system or SQLite: no SqliteRegistryStore /
 * SqliteNonceStore (use MemoryRegistryStore / MemoryNonceStore), no FileWalletStore (use
 * IndexedDbWalletStore), no ARTIFACTS_DIR,
 * loadArtifacts, loadVerificationKey, defaultAcceptedKeys, shippedVerificationKeys, fileArtifactLoader or
 * createProver, and the Verifier object takes its verification keys (no shipped default); no QR
 * images either (renderQr, qrVersion, readQrPng, readQrPixels: PNG needs Node's zlib; a page
 * draws and reads codes with `qrcode` and `jsQR` directly, the compact forms are here).
 * Artifacts come over HTTP(S), each file checked against the manifest's sha256 before use:
 *
 *   const prover = new Prover({ loader: fetchArtifactLoader({ baseUrl: '/artifacts' }) });
 *   const verificationKeys = await fetchVerificationKeys({ baseUrl: '/artifacts', acceptedKeys });
 *
 * Both pin the verification keys to the hashes compiled into the package (shipped-keys.ts)
 * unless given others; `zkdisclose artifacts copy DIR` writes the directory they read.
 *
 * Nothing imported from here reaches node:* or better-sqlite3 (test/browser/bundle.test.ts
 * bundles it for the browser platform and checks).
 */
export { FIELD_MODULUS, MAX_ATTRIBUTES, MAX_STRING_BYTES, REGISTRY_DEPTH, OP_CODES, MAX_REQUEST_PARTS } from './constants.js';
export {
  ZkdError, InputError, CredentialError, RequestError, RefusalError, PolicyRefusalError, ArtifactError, RegistryError, KeyError, StoreError, CompactError,
  type ErrorCode, type CompactErrorCode,
} from './errors.js';
export { type AttributeType, type AttributeValue, type DisclosedValue, encodeAttribute, encodeString, dateToInt, typedValue } from './encoding.js';
export {
  type Schema, type AttributeDefinition, defineSchema, schemaDigest, canonicalSchemaJson, PERSON_SCHEMA, BUILTIN_SCHEMAS, builtinSchema,
  DRIVING_LICENCE_SCHEMA, ENROLMENT_SCHEMA, LICENCE_CLASSES,
} from './schema.js';
export { holderCommitment, credentialCommitment, scopedNullifier } from './commitment.js';
export { HolderCommitment, HOLDER_COMMITMENT_PREFIX, type HolderCommitmentText } from './holder-commitment.js';
export {
  type IssuerKeys, type HolderKeys, generateIssuerKeys, issuerKeysFromSecret, generateHolderKeys, holderKeysFromSecret,
  didFromPublicKey, publicKeyFromDid,
} from './keys.js';
export * from './registry/index.js';
export { type Credential, openCredential } from './credential.js';
export { Issuer, type IssueOptions } from './issuer.js';
export {
  type PresentationRequest, type Predicate, type AcceptedKey, type CreateRequestOptions, createRequest, parseRequest, PREDICATE_OPS,
} from './request.js';
export { type Presentation } from './presentation.js';
export { Wallet, type CreatePresentationOptions } from './holder.js';
export { type WalletStore, type StoredRecord, MemoryWalletStore } from './wallet-store/store.js';
export { IndexedDbWalletStore, DEFAULT_WALLET_DATABASE } from './wallet-store/indexeddb.js';
export { type WalletStoreOptions, type WalletCreateOptions } from './wallet-store/persistence.js';
export { type ScryptParams, DEFAULT_SCRYPT, SCRYPT_N_RANGE } from './wallet-store/encryption.js';
export { BACKUP_WORD_COUNT, holderSecretToWords, holderSecretFromWords } from './wallet-store/backup.js';
export { type HolderRegistry, type RegistrySource } from './holder-registry.js';
export { type WalletPolicy, type ModeConsent, type RequestDisclosure, type PresentationMode } from './policy.js';
export {
  type MultiPresentationRequest, type RequestPart, type CreateMultiRequestOptions, type CreateRequestPartOptions, type ParsedMultiRequest,
  MULTI_REQUEST_TYPE, HOLDER_TAG_PREFIX, createMultiRequest, parseMultiRequest, isMultiRequest, holderTagScope,
} from './multi-request.js';
export {
  type MultiPresentation, type MultiVerificationResult, type MultiVerificationError, type MultiVerificationErrorCode,
  MULTI_PRESENTATION_TYPE, verifyMultiPresentation,
} from './multi-presentation.js';
export { type RequestLeakage, type PartLeakage, type AttributeLeak } from './leakage.js';
export { type LeakageRules, type LeakageRule } from './leakage-policy.js';
export { type Distribution, type SchemaPopulation, type PopulationAssumptions, DEFAULT_POPULATION } from './population.js';
export { type RequestSigner, type RequestIdentity, type RequestIdentityErrorCode } from './request-identity.js';
export { canonicalRequestBytes } from './request-canonical.js';
export { Prover, releaseCurve, warmUp, type ProofResult, type Groth16Proof } from './prover.js';
export { type ProvingPath, PROVING_PATHS } from './proving/paths.js';
export { type ArtifactLoader, type ArtifactManifest, type CircuitArtifacts, verificationKeyHash } from './artifact-integrity.js';
export { fetchArtifactLoader, fetchVerificationKeys } from './artifacts-fetch.js';
export { SHIPPED_VKEY_HASHES, shippedAcceptedKeys } from './shipped-keys.js';
export {
  verifyPresentation, type VerifyOptions, type VerificationResult, type VerificationError, type VerificationErrorCode,
} from './verifier.js';
export { type NonceStore, MemoryNonceStore } from './nonce-store.js';
export {
  Verifier, DEFAULT_MAX_ATTEMPTS, type VerifierOptions, type VerifierRequestOptions, type CreatedRequest, type RootStatementSource,
  type VerifierMultiRequestOptions, type CreatedMultiRequest,
} from './verifier-object.js';
export {
  type PendingRequest, type AttemptClaim, type PendingRequestStore, type SpentNonceStore, type StoredRootStatements,
  type RootStatementStore, type VerifierStores, MemoryPendingRequestStore, MemorySpentNonceStore, MemoryRootStatementStore,
  memoryVerifierStores,
} from './verifier-stores.js';
export {
  MAX_COMPACT_BYTES, COMPACT_VERSION, type CompactKind, COMPRESSED_PROOF_BYTES, compressProof, decompressProof,
  encodePresentation, decodePresentation, type EncodePresentationOptions, type DecodePresentationOptions,
  encodeRequest, decodeRequest, type CompactReferences, base45Encode, base45Decode, toCompactText, fromCompactText, type TextForm,
} from './compact/index.js';
export {
  type DocumentKind, type LimitProblem, LimitError, LIMITS, limitProblem, assertWithinLimits, parseDocumentText, limitTable, limitAt,
} from './limits.js';
export {
  type BbsSuite, type BbsKeyPair, BBS_SUITES, generateBbsKeyPair, bbsSign, bbsVerifySignature, bbsDeriveProof, bbsVerifyProof,
  bbsMessages, bbsMessage, bbsMessageLayout, provideBbs2020Library,
} from './bbs.js';
export {
  type BbsKeyStatement, type BbsRequest, type CredentialBbs, type PresentationBbs, verifyCredentialBbs, bbsPublicKeyOf,
} from './bbs-credential.js';
export {
  type AccountBinding, type BindingTarget, type GateDeployment, type CallerBinding, type CompiledOnchainPolicy, type OnchainPolicy,
  type OnchainPresentation, type OnchainPresentationOptions, type OnchainRevert, type OnchainRevertCode,
  ACCOUNT_BINDING_TYPE, ONCHAIN_CIRCUIT, ONCHAIN_DISCLOSURE_SLOTS, ONCHAIN_SHAPE, PRESENT_SIGNATURE,
  bindIssuerCalldata, callerNonce, gateConstructorArguments, compileOnchainPolicy, createOnchainPresentation, decodeRevert, effectiveSlot, issuerId,
  publishRootCalldata, signAccountBinding, solidityProof, toSolidityCalldata, verifyAccountBinding,
} from './onchain/index.js';
