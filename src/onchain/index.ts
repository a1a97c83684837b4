/**
 * On-chain verification (contracts/): requests a PresentationGate stores as one hash, proofs
 * bound to the sending account, call data for the gate and the RootRegistry, the issuer's
 * account binding, and typed revert results. Node and browsers (no Ethereum library needed).
 */
export {
  ACCOUNT_BINDING_TYPE, type AccountBinding, type BindingTarget,
  bindIssuerCalldata, issuerId, publishRootCalldata, signAccountBinding, verifyAccountBinding,
} from './binding.js';
export { type GateDeployment, PRESENT_SIGNATURE, gateConstructorArguments, solidityProof, toSolidityCalldata } from './calldata.js';
export { type OnchainRevert, type OnchainRevertCode, decodeRevert } from './errors.js';
export { type CallerBinding, callerNonce } from './nonce.js';
export { type OnchainPresentation, type OnchainPresentationOptions, createOnchainPresentation } from './prove.js';
export { ONCHAIN_CIRCUIT, ONCHAIN_DISCLOSURE_SLOTS, ONCHAIN_SHAPE } from './circuit-input.js';
export { type CompiledOnchainPolicy, type OnchainPolicy, compileOnchainPolicy, effectiveSlot } from './request.js';
