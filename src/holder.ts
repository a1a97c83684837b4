/**
 * The holder's wallet: keeps the holder secret and credentials, and answers requests.
 * `accept` checks a credential before storing it (issuer signature, recomputed commitment,
 * holder binding). `createPresentation` picks a credential that satisfies the request and
 * proves it; when none does, it refuses with a RefusalError naming the reason and makes no
 * proof: the wallet evaluates every predicate exactly as the circuit will, so it never tries
 * to prove a false statement.
 */
import { holderCommitment } from './commitment.js';
import { type Credential, type OpenedCredential, openCredential } from './credential.js';
import { CredentialError, InputError, RefusalError, describe } from './errors.js';
import { circuitInput, circuitParams, slotHolds } from './internal/circuit-input.js';
import { deriveBbsPresentation, hasBbsSignature } from './bbs-credential.js';
import { PRESENTATION_TYPE, type Presentation } from './presentation.js';
import type { Prover } from './prover.js';
import { type CheckedPath, type HolderRegistry, HolderRegistries } from './holder-registry.js';
import { type ParsedRequest, type Predicate, circuitsFor, parseRequest } from './request.js';
import { schemaIdField } from './schema.js';
import { intToDate } from './encoding.js';

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
}

interface Candidate {
  opened: OpenedCredential;
  /** The checked registry path, when the request needs a SNARK (BBS alone proves no membership). */
  registry?: CheckedPath;
}

function describePredicate(p: Predicate): string {
  if ('values' in p) return `${p.attribute} ${p.op} [${p.values.length} values]`;
  if ('min' in p) return `${p.attribute} between ${String(p.min)} and ${String(p.max)}`;
  return `${p.attribute} ${p.op} ${String(p.value)}`;
}

export class Wallet {
  readonly holderCommitment: bigint;
  private readonly secret: bigint;
  private readonly stored = new Map<string, OpenedCredential>();
  private readonly registries = new HolderRegistries();
  private readonly prover: Prover;

  /**
   * @param options.holderSecret the holder's secret field element
   * @param options.prover the prover (createProver() in Node; one per process is enough)
   */
  constructor(options: { holderSecret: bigint; prover: Prover }) {
    this.secret = options.holderSecret;
    this.holderCommitment = holderCommitment(options.holderSecret);
    this.prover = options.prover;
  }

  /**
   * Checks a credential and stores it.
   * @returns the credential id
   * @throws {CredentialError} when the signature, commitment or holder binding fails
   */
  accept(credential: unknown): string {
    const opened = openCredential(credential);
    if (opened.holderCommitment !== this.holderCommitment) throw new CredentialError('credential is bound to another holder');
    this.stored.set(opened.credential.id, opened);
    return opened.credential.id;
  }

  /** The stored credential documents. */
  credentials(): Credential[] {
    return [...this.stored.values()].map((o) => o.credential);
  }

  /**
   * Answers a request with a proof, or refuses.
   * @throws {InputError} on a malformed request
   * @throws {RefusalError} NO_MATCHING_CREDENTIAL, UNTRUSTED_ISSUER, CREDENTIAL_EXPIRED,
   *   CREDENTIAL_REVOKED or PREDICATE_FALSE, with the reason; no proof is made
   */
  async createPresentation(options: CreatePresentationOptions): Promise<Presentation> {
    const parsed = parseRequest(options.request);
    const now = options.now ?? new Date();
    if (now.getTime() > Date.parse(parsed.request.expiresAt)) {
      throw new RefusalError('REQUEST_EXPIRED', `the request expired at ${parsed.request.expiresAt}`);
    }
    if (!Array.isArray(options.registries)) throw new InputError('registries', `expected an array, got ${describe(options.registries)}`);
    const candidate = await this.select(parsed, options.registries, now, options.signal);
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
          schemaId: schemaIdField(parsed.schema),
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
    }
    return presentation;
  }

  /**
   * The first stored credential that satisfies everything; else the most specific refusal.
   * Registries are consulted only for credentials that pass every other check.
   */
  private async select(parsed: ParsedRequest, registries: HolderRegistry[], now: Date, signal: AbortSignal | undefined): Promise<Candidate> {
    const { request } = parsed;
    const ofSchema = [...this.stored.values()].filter((o) => o.schema.id === parsed.schema.id);
    if (ofSchema.length === 0) throw new RefusalError('NO_MATCHING_CREDENTIAL', `no credential of schema ${parsed.schema.id}`);
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
