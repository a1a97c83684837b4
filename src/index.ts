/**
 * zkdisclose: privacy-preserving verifiable credentials. Issuers commit credentials into a
 * Poseidon Merkle registry; holders prove predicates, disclosure and non-revocation with Groth16
 * (BN254, snarkjs); verifiers check the proof against a signed registry root.
 * This is the Node entry: the browser entry's API (browser.ts, listed there name by name) plus
 * the parts that need the file system. The SQLite stores are in the `zkdisclose/sqlite` entry
 * (sqlite.ts), so that only those who use them need better-sqlite3. Re-exporting browser.ts whole keeps the two
 * entries from drifting apart.
 */
export * from './browser.js';
export * from './registry/node.js';
export {
  ARTIFACTS_DIR, loadArtifacts, loadVerificationKey, defaultAcceptedKeys, shippedVerificationKeys, fileArtifactLoader, createProver,
} from './artifacts.js';
// Shadows the browser entry's Verifier (an explicit export wins over `export *`): same class, shipped keys by default.
export { Verifier, type NodeVerifierOptions } from './verifier-node.js';
export { copyArtifacts, BROWSER_ARTIFACT_FILES } from './artifacts-copy.js';
export { resolveProverPath, type ProverPath } from './proving/native-prover.js';
export { nativeAddonStatus } from './proving/native-addon.js';
export { CONTRACTS_BUILD_DIR, type ContractBuild, type DeployableContract, loadContract } from './onchain/deployable.js';
export { FileWalletStore } from './wallet-store/files.js';
export { renderQr, qrVersion, QR_ERROR_CORRECTION, type QrFormat } from './compact/qr.js';
export { readQrPng, readQrPixels } from './compact/scan.js';
export { MAX_SCAN_SIDE } from './constants.js';
