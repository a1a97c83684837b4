/**
 * The holder's side of an on-chain presentation: opens the credential, checks it against the
 * gate's policy (schema, expiry, predicate on today, not revoked in the registry view), and
 * proves the on-chain circuit with the nonce bound to the account that will send the
 * transaction. Refuses with a typed error before proving when the statement is false.
 */
import { openCredential } from '../credential.js';
import { holderCommitment } from '../commitment.js';
import { dateToInt, utcDate } from '../encoding.js';
import { CredentialError, InputError, RefusalError } from '../errors.js';
import { HolderRegistries, type HolderRegistry } from '../holder-registry.js';
import { slotHolds } from '../internal/circuit-input.js';
import type { Groth16Proof, Prover } from '../prover.js';
import { schemaDigest } from '../schema.js';
import { issuerId } from './binding.js';
import { type CallerBinding, callerNonce } from './nonce.js';
import { ONCHAIN_CIRCUIT, ONCHAIN_SHAPE, onchainCircuitInput } from './circuit-input.js';
import { type OnchainPolicy, compileOnchainPolicy, effectiveSlot } from './request.js';

export interface OnchainPresentationOptions {
  prover: Prover;
  holderSecret: bigint;
  /** The credential document (checked: signature, commitment, holder binding). */
  credential: unknown;
  /** The issuer's registry as the wallet receives it (see Wallet.createPresentation). */
  registries: readonly HolderRegistry[];
  /** The gate's policy: its request hash must equal the gate's `requestHash()`. */
  policy: OnchainPolicy;
  /** Chain, gate and sending account: the proof verifies for this caller only. */
  binding: CallerBinding;
  /** Clock for `today` (UTC) and the registry view's freshness (default: now). */
  now?: Date;
  /** Oldest acceptable freshness statement of the registry view, in seconds (default 86,400). */
  maxRootAgeSeconds?: number;
}

/** What PresentationGate.present takes, plus the proof in snarkjs form. */
export interface OnchainPresentation {
  circuit: typeof ONCHAIN_CIRCUIT;
  issuer: string;
  /** keccak256 of the issuer DID, 0x-hex. */
  issuerId: string;
  root: bigint;
  today: number;
  nullifier: bigint;
  /** Disclosed encodings per slot (0 for an unused slot). */
  disclosed: [bigint, bigint];
  proof: Groth16Proof;
  /** snarkjs order: nullifier, disclosed[2], root, today, nonce, requestHash. */
  publicSignals: string[];
}

/**
 * Proves an on-chain presentation.
 * @throws {InputError} on a malformed option; {CredentialError} when the credential fails its
 *   checks or belongs to another holder; {RefusalError} CREDENTIAL_EXPIRED, CREDENTIAL_REVOKED,
 *   PREDICATE_FALSE or NO_MATCHING_CREDENTIAL (another schema), with no proof made
 */
export async function createOnchainPresentation(options: OnchainPresentationOptions): Promise<OnchainPresentation> {
  const compiled = compileOnchainPolicy(options.policy);
  const opened = openCredential(options.credential);
  if (opened.holderCommitment !== holderCommitment(options.holderSecret)) throw new CredentialError('credential is bound to another holder');
  if (schemaDigest(opened.schema) !== compiled.schemaId) {
    throw new RefusalError('NO_MATCHING_CREDENTIAL', `the gate asks for schema ${options.policy.schema.id}, the credential follows ${opened.schema.id} (schemas compare by digest)`);
  }
  const now = options.now ?? new Date();
  const today = dateToInt(utcDate(now), 'now');
  if (opened.validUntil < today) throw new RefusalError('CREDENTIAL_EXPIRED', `the credential expired before ${utcDate(now)}`);
  const slot = effectiveSlot(compiled, today);
  if (!slotHolds(slot, opened.attributes)) throw new RefusalError('PREDICATE_FALSE', 'the credential does not satisfy the gate\'s predicate');
  if (!Array.isArray(options.registries)) throw new InputError('registries', 'expected an array');

  const issuer = opened.credential.issuer;
  const { rootStatement, path } = await new HolderRegistries().pathFor(
    options.registries, issuer, opened.credential.proof.leafIndex, [ONCHAIN_SHAPE], now, options.maxRootAgeSeconds ?? 86_400,
  );
  if (path.leaf !== opened.commitment) throw new RefusalError('CREDENTIAL_REVOKED', `leaf ${path.leafIndex} of ${issuer} no longer holds this credential`);

  const input = onchainCircuitInput(
    compiled,
    { root: path.root, today, nonce: callerNonce(options.binding), requestHash: compiled.requestHash },
    { attributes: opened.attributes, salt: opened.salt, holderSecret: options.holderSecret, validUntil: opened.validUntil, path },
  );
  const { proof, publicSignals } = await options.prover.prove(ONCHAIN_CIRCUIT, input);
  return {
    circuit: ONCHAIN_CIRCUIT,
    issuer,
    issuerId: issuerId(issuer),
    root: BigInt(rootStatement.root),
    today,
    nullifier: BigInt(publicSignals[0]!),
    disclosed: [BigInt(publicSignals[1]!), BigInt(publicSignals[2]!)],
    proof,
    publicSignals,
  };
}
