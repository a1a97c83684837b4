/**
 * The holder's wallet: keeps the holder secret and credentials, and answers requests.
 * `accept` checks a credential before storing it (issuer signature, recomputed commitment,
 * holder binding). `createPresentation` picks a credential that satisfies the request and
 * proves it; when none does, it refuses with a RefusalError naming the reason and makes no
 * proof: the wallet evaluates every predicate exactly as the circuit will, so it never tries
 * to prove a false statement. Linkable and bearer presentations need the holder's consent, by
 * the wallet's policy or per request (policy.ts); `describeRequest` says what a request reveals,
 * `describeLeakage` how far it narrows the holder down (leakage.ts), and the policy's leakage
 * rules refuse before proving. `createMultiPresentation` answers a multi-credential request.
 * A wallet lives in memory (`new Wallet`) or in a store (`Wallet.create` / `Wallet.open`,
 * wallet-store/): then each accepted credential is written to the store as well.
 */
import { HolderCommitment } from './holder-commitment.js';
import { type Credential, type OpenedCredential, openCredential } from './credential.js';
import { CredentialError, InputError, RefusalError, describe } from './errors.js';
import { circuitInput, circuitParams, slotHolds } from './internal/circuit-input.js';
import { deriveBbsPresentation, hasBbsSignature } from './bbs-credential.js';
import { PRESENTATION_TYPE, type Presentation } from './presentation.js';
import type { Prover } from './prover.js';
import { type CheckedPath, type HolderRegistry, HolderRegistries } from './holder-registry.js';
import { type ParsedRequest, circuitsFor, parseRequest } from './request.js';
import { type RequestIdentity, assertRequestIdentity } from './request-identity.js';
import {
  type ModeConsent, type RequestDisclosure, type WalletPolicy, assertConsent, assertModeConsent, assertWalletPolicy, consentRefusal, describeDisclosure, describePredicate,
} from './policy.js';
import { schemaDigest } from './schema.js';
import { intToDate } from './encoding.js';
import { type RequestLeakage, singleRequestLeakage } from './leakage.js';
import { leakageRefusal } from './leakage-policy.js';
import { assertScopeNotReserved, isMultiRequest, multiRequestLeakage, parseMultiRequest } from './multi-request.js';
import { MULTI_PRESENTATION_TYPE, type MultiPresentation } from './multi-presentation.js';
import { type WalletCreateOptions, WalletPersistence, type WalletStoreOptions } from './wallet-store/persistence.js';
import { holderSecretToWords } from './wallet-store/backup.js';

export interface CreatePresentationOptions {
  /** The verifier's request (validated here). */
  request: unknown;
  /**
   * Per issuer involved: a RegistryClient (or any RegistrySource: it fetches the credential's
   * bucket), a bucket view, or a full export of a small registry. Each is checked before proving.
   */
  registries: HolderRegistry[];
  /** The wallet's clock (default now): a request past its expiry is refused. */
  now?: Date;
  /** Aborts registry fetches. */
  signal?: AbortSignal;
  /** The holder's consent for this request to a linkable or bearer presentation (see policy.ts). */
  allow?: ModeConsent;
  /** The channel's origin, when known (a browser): a request whose audience differs is refused. */
  origin?: string;
}

interface Candidate {
  opened: OpenedCredential;
  /** The checked registry path, when the request needs a SNARK (BBS alone proves no membership). */
  registry?: CheckedPath;
}

export class Wallet {
  /** What to give issuers (never the secret). */
  readonly holderCommitment: HolderCommitment;
  private readonly secret: bigint;
  /** By JSON [issuer DID, credential id]. */
  private readonly stored = new Map<string, OpenedCredential>();
  private readonly registries = new HolderRegistries();
  private readonly prover: Prover;
  private readonly policy: Required<WalletPolicy>;
  /** The store's writer, for a wallet opened on a store. */
  private persistence: WalletPersistence | undefined;

  /**
   * @param options.holderSecret the holder's secret field element
   * @param options.prover the prover (createProver() in Node; one per process is enough)
   * @param options.policy modes allowed without per-request consent (default: none)
   * @throws {InputError} on a malformed policy
   */
  constructor(options: { holderSecret: bigint; prover: Prover; policy?: WalletPolicy }) {
    this.policy = assertWalletPolicy(options.policy);
    this.secret = options.holderSecret;
    this.holderCommitment = HolderCommitment.fromSecret(options.holderSecret);
    this.prover = options.prover;
  }

  /**
   * Creates a wallet in an empty store: a new holder secret (or the given one, e.g. restored
   * from backup words), encrypted at rest when a passphrase is given.
   * @throws {StoreError} WALLET_EXISTS when the store holds a wallet (it is kept as it was)
   * @throws {InputError} on an empty passphrase, kdf parameters out of bounds, or a malformed policy
   */
  static async create(options: WalletStoreOptions & WalletCreateOptions & { prover: Prover; policy?: WalletPolicy }): Promise<Wallet> {
    assertWalletPolicy(options.policy);
    const persistence = await WalletPersistence.create(options);
    const wallet = new Wallet({ holderSecret: persistence.secret, prover: options.prover, ...(options.policy && { policy: options.policy }) });
    wallet.persistence = persistence;
    return wallet;
  }

  /**
   * Opens the wallet in a store with every stored credential, each checked again as by accept.
   * A credential that needs re-issuance (issued before schema digests) is skipped, and `warn` told.
   * @param options.warn told of skipped credentials (default: console.warn)
   * @throws {StoreError} WALLET_NOT_FOUND, PASSPHRASE_REQUIRED, WRONG_PASSPHRASE, STORE_TAMPERED
   *   (nothing stored is changed)
   * @throws {CredentialError} when a stored credential fails its checks
   */
  static async open(options: WalletStoreOptions & { prover: Prover; policy?: WalletPolicy; warn?: (line: string) => void }): Promise<Wallet> {
    assertWalletPolicy(options.policy);
    const { persistence, documents } = await WalletPersistence.open(options);
    const wallet = new Wallet({ holderSecret: persistence.secret, prover: options.prover, ...(options.policy && { policy: options.policy }) });
    for (const document of documents) {
      try {
        wallet.accept(document);
      } catch (err) {
        if (!(err instanceof CredentialError && err.code === 'REISSUE_REQUIRED')) throw err;
        (options.warn ?? console.warn)(`warning: a stored credential was skipped: ${err.message}`);
      }
    }
    wallet.persistence = persistence;
    return wallet;
  }

  /**
   * The holder secret as 24 BIP-39 words, to write down: restoring them (holderSecretFromWords,
   * then Wallet.create with holderSecret) gives the same holder commitment, so the credentials
   * bound to it still prove. SECURITY: anyone with the words can present this holder's credentials.
   */
  backupWords(): string {
    return holderSecretToWords(this.secret);
  }

  /**
   * Waits until every credential accepted so far is in the store (a memory-only wallet: at once).
   * @throws {ZkdError} the first write that failed (StoreError STORE_FAILED)
   */
  async flush(): Promise<void> {
    await this.persistence?.flush();
  }

  /** Flushes and closes the store; the wallet is not used afterwards. */
  async close(): Promise<void> {
    await this.persistence?.close();
  }

  /**
   * Who asks (the checked verifier DID and audience), what answering would reveal, and whether it
   * needs the holder's consent under this wallet's policy: for a UI to show before
   * createPresentation.
   * @param options.origin the channel's origin, when known (see CreatePresentationOptions)
   * @throws {InputError} on a malformed request
   * @throws {RefusalError} INVALID_VERIFIER_SIGNATURE, NONCE_BINDING_MISMATCH or AUDIENCE_MISMATCH
   */
  describeRequest(request: unknown, options: { origin?: string } = {}): RequestDisclosure & RequestIdentity & { allowedByPolicy: boolean } {
    const parsed = parseRequest(request);
    const identity = assertRequestIdentity(parsed.request as unknown as Record<string, unknown>, options.origin);
    const disclosure = describeDisclosure(parsed);
    return { ...identity, ...disclosure, allowedByPolicy: disclosure.mode === 'unlinkable' || this.policy.allow[disclosure.mode] === true };
  }

  /**
   * Checks a credential and stores it under (issuer DID, credential id): ids are chosen by
   * issuers, so one issuer's id never displaces another issuer's credential.
   * @param options.replace replace a stored credential with the same issuer and id (default: refuse)
   * @returns the credential id; a wallet on a store starts writing it there (await flush())
   * @throws {CredentialError} when the signature, commitment or holder binding fails;
   *   DUPLICATE_CREDENTIAL when the wallet holds one with the same issuer and id
   */
  accept(credential: unknown, options: { replace?: boolean } = {}): string {
    const opened = openCredential(credential);
    if (opened.holderCommitment !== this.holderCommitment.value) throw new CredentialError('credential is bound to another holder');
    const key = JSON.stringify([opened.credential.issuer, opened.credential.id]);
    if (this.stored.has(key) && options.replace !== true) {
      throw new CredentialError(`the wallet already holds credential ${opened.credential.id} of ${opened.credential.issuer}: accept it with replace to overwrite`, 'DUPLICATE_CREDENTIAL');
    }
    this.stored.set(key, opened);
    this.persistence?.save(opened.credential.issuer, opened.credential.id, opened.credential);
    return opened.credential.id;
  }

  /** The stored credential documents. */
  credentials(): Credential[] {
    return [...this.stored.values()].map((o) => o.credential);
  }

  /**
   * Answers a request with a proof, or refuses.
   * @throws {InputError} on a malformed request
   * @throws {RefusalError} INVALID_VERIFIER_SIGNATURE, NONCE_BINDING_MISMATCH, AUDIENCE_MISMATCH
   *   (request-identity.ts), CONSENT_REQUIRED (a linkable or bearer presentation neither the
   *   policy nor `allow` permits), NO_MATCHING_CREDENTIAL, UNTRUSTED_ISSUER, CREDENTIAL_EXPIRED,
   *   CREDENTIAL_REVOKED or PREDICATE_FALSE, with the reason; no proof is made
   */
  async createPresentation(options: CreatePresentationOptions): Promise<Presentation> {
    const parsed = parseRequest(options.request);
    assertRequestIdentity(parsed.request as unknown as Record<string, unknown>, options.origin);
    const allow = assertModeConsent(options.allow, 'allow');
    const now = options.now ?? new Date();
    if (now.getTime() > Date.parse(parsed.request.expiresAt)) {
      throw new RefusalError('REQUEST_EXPIRED', `the request expired at ${parsed.request.expiresAt}`);
    }
    assertScopeNotReserved(parsed.request.scope);
    this.assertLeakageAllowed(singleRequestLeakage(parsed, this.policy.assumptions));
    assertConsent(parsed, this.policy.allow, allow);
    if (!Array.isArray(options.registries)) throw new InputError('registries', `expected an array, got ${describe(options.registries)}`);
    const candidate = await this.select(parsed, options.registries, now, options.signal);
    return this.prove(parsed, candidate);
  }

  /** Proves a selected credential: the SNARK (when the request needs one) and the BBS half. */
  private async prove(parsed: ParsedRequest, candidate: Candidate): Promise<Presentation> {
    const presentation: Presentation = { type: PRESENTATION_TYPE, version: 1, nonce: parsed.request.nonce, disclosed: {} };
    if (candidate.registry !== undefined) {
      // The smallest accepted circuit for the request and the issuer's tree (pathFor checked one exists).
      const circuit = circuitsFor(parsed, candidate.registry.rootStatement)[0]!;
      const input = circuitInput(
        circuitParams(circuit.circuit)!,
        {
          root: BigInt(candidate.registry.rootStatement.root),
          today: parsed.today,
          nonce: parsed.nonce,
          scope: parsed.scope,
          schemaId: schemaDigest(parsed.schema),
          discloseMask: parsed.discloseMask,
          linkable: parsed.linkable,
          slots: parsed.slots,
        },
        {
          attributes: candidate.opened.attributes,
          salt: candidate.opened.salt,
          holderSecret: this.secret,
          validUntil: candidate.opened.validUntil,
          path: candidate.registry.path,
        },
      );
      const { proof, publicSignals, vkeyHash } = await this.prover.prove(circuit.circuit, input);
      presentation.issuer = candidate.opened.credential.issuer;
      for (const name of parsed.request.disclose) presentation.disclosed[name] = candidate.opened.credential.credentialSubject.attributes[name]!;
      presentation.zk = { circuit: circuit.circuit, vkeyHash, proof, publicSignals };
    }
    if (parsed.bbs !== undefined) {
      presentation.bbs = await deriveBbsPresentation({
        schema: parsed.schema,
        credential: candidate.opened.credential,
        validUntil: candidate.opened.validUntil,
        request: parsed.bbs,
        nonce: parsed.request.nonce,
        linkable: parsed.linkable,
      });
      if (parsed.linkable) presentation.linkable = true;
      if (parsed.bearer) presentation.bearer = true;
    }
    return presentation;
  }

  /**
   * What a request (single or multi-credential) reveals (leakage.ts) and who asks, and the refusal
   * this wallet's policy would give it, if any: for a UI to show before proving.
   * @param options.origin the channel's origin, when known (see CreatePresentationOptions)
   * @throws {InputError} on a malformed request
   * @throws {RefusalError} INVALID_VERIFIER_SIGNATURE, NONCE_BINDING_MISMATCH or AUDIENCE_MISMATCH
   */
  describeLeakage(request: unknown, options: { origin?: string } = {}): RequestLeakage & RequestIdentity & { refusal: RefusalError | undefined } {
    const multi = isMultiRequest(request) ? parseMultiRequest(request) : undefined;
    const parsed = multi === undefined ? parseRequest(request) : undefined;
    const identity = assertRequestIdentity((multi ?? parsed)!.request as unknown as Record<string, unknown>, options.origin);
    const leakage = multi !== undefined ? multiRequestLeakage(multi, this.policy.assumptions) : singleRequestLeakage(parsed!, this.policy.assumptions);
    const refusal = leakageRefusal(leakage, this.policy.refuse)
      ?? (leakage.mode === 'unlinkable' || this.policy.allow[leakage.mode] === true ? undefined : consentRefusal(leakage.mode));
    return { ...leakage, ...identity, refusal };
  }

  /**
   * Answers a multi-credential request (multi-request.ts) with one proof per part, all under the
   * request's binding scope (one holder), or refuses. Every part's credential is chosen and
   * checked before anything is proved; the proofs then run concurrently (as far as the prover's
   * path allows: the wasm path shares its worker pool, the native addon runs them side by side).
   * @param options as createPresentation's; `allow` covers every part
   * @throws {InputError} on a malformed request (too many, duplicate or contradicting parts, ...)
   * @throws {RefusalError} as createPresentation, for any part; nothing is proved then
   */
  async createMultiPresentation(options: CreatePresentationOptions): Promise<MultiPresentation> {
    const multi = parseMultiRequest(options.request);
    assertRequestIdentity(multi.request as unknown as Record<string, unknown>, options.origin);
    const allow = assertModeConsent(options.allow, 'allow');
    const now = options.now ?? new Date();
    if (now.getTime() > Date.parse(multi.request.expiresAt)) throw new RefusalError('REQUEST_EXPIRED', `the request expired at ${multi.request.expiresAt}`);
    this.assertLeakageAllowed(multiRequestLeakage(multi, this.policy.assumptions));
    for (const part of multi.parts) assertConsent(part, this.policy.allow, allow);
    if (!Array.isArray(options.registries)) throw new InputError('registries', `expected an array, got ${describe(options.registries)}`);
    const candidates: Candidate[] = [];
    for (const part of multi.parts) candidates.push(await this.select(part, options.registries, now, options.signal));
    const parts = await Promise.all(multi.parts.map((part, i) => this.prove(part, candidates[i]!)));
    return { type: MULTI_PRESENTATION_TYPE, version: 1, nonce: multi.request.nonce, parts };
  }

  /** Refuses what the policy's leakage rules refuse (leakage-policy.ts). */
  private assertLeakageAllowed(leakage: RequestLeakage): void {
    const refusal = leakageRefusal(leakage, this.policy.refuse);
    if (refusal !== undefined) throw refusal;
  }

  /**
   * The first stored credential that satisfies everything; else the most specific refusal.
   * Registries are consulted only for credentials that pass every other check.
   */
  private async select(parsed: ParsedRequest, registries: HolderRegistry[], now: Date, signal: AbortSignal | undefined): Promise<Candidate> {
    const { request } = parsed;
    const digest = schemaDigest(parsed.schema);
    const ofSchema = [...this.stored.values()].filter((o) => schemaDigest(o.schema) === digest);
    if (ofSchema.length === 0) {
      const sameId = [...this.stored.values()].some((o) => o.schema.id === parsed.schema.id);
      throw new RefusalError('NO_MATCHING_CREDENTIAL', `no credential of schema ${parsed.schema.id}${sameId ? ' with the requested attribute layout (held ones under that id have another layout)' : ''}`);
    }
    const trusted = ofSchema.filter((o) => request.trustedIssuers.includes(o.credential.issuer));
    if (trusted.length === 0) {
      throw new RefusalError('UNTRUSTED_ISSUER', `no credential of schema ${parsed.schema.id} from a trusted issuer (holding ones from ${[...new Set(ofSchema.map((o) => o.credential.issuer))].join(', ').slice(0, 200)})`);
    }
    let refusal: RefusalError | undefined;
    for (const opened of trusted) {
      if (opened.validUntil < parsed.today) {
        refusal ??= new RefusalError('CREDENTIAL_EXPIRED', `credential ${opened.credential.id} expired on ${intToDate(opened.validUntil)} (request day ${request.today})`);
        continue;
      }
      if (parsed.bbs !== undefined && !hasBbsSignature(opened.credential, parsed.bbs.suite)) {
        refusal ??= new RefusalError('NO_MATCHING_CREDENTIAL', `credential ${opened.credential.id} has no ${parsed.bbs.suite} signature`);
        continue;
      }
      const failed = parsed.slots.findIndex((slot) => !slotHolds(slot, opened.attributes));
      if (failed >= 0) {
        refusal = new RefusalError('PREDICATE_FALSE', `credential ${opened.credential.id} does not satisfy ${describePredicate(request.predicates[failed]!)}: no proof made`);
        continue;
      }
      if (!parsed.usesSnark) return { opened };
      const registry = await this.registries.pathFor(
        registries, opened.credential.issuer, opened.credential.proof.leafIndex, circuitsFor(parsed).map((k) => circuitParams(k.circuit)!), now, parsed.request.maxRootAgeSeconds, signal,
      );
      const leaf = registry.path.leaf;
      if (leaf === 0n) {
        refusal = new RefusalError('CREDENTIAL_REVOKED', `credential ${opened.credential.id} has been revoked by ${opened.credential.issuer}`);
        continue;
      }
      if (leaf !== opened.commitment) {
        refusal = new RefusalError('CREDENTIAL_REVOKED', `credential ${opened.credential.id} is not in the issuer's registry`);
        continue;
      }
      return { opened, registry };
    }
    throw refusal ?? new RefusalError('NO_MATCHING_CREDENTIAL', 'no credential satisfies the request');
  }
}
