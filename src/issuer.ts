/**
 * The issuer: signs credentials and keeps their commitments in its registry. `issue` encodes
 * the attributes, draws a random salt, commits, appends the commitment to the registry (one
 * transaction) and returns the signed credential document; `revoke` zeroes the leaf.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { credentialCommitment } from './commitment.js';
import { type AttributeRecord, CREDENTIAL_TYPE, type Credential, PROOF_TYPE, VC_CONTEXT, canonicalAttributes, expiryDate, signedPart } from './credential.js';
import type { BbsKeyPair } from './bbs.js';
import { type BbsKeyStatement, createBbsKeyStatement, signCredentialBbs } from './bbs-credential.js';
import { dateToInt, utcDate } from './encoding.js';
import { InputError, describe } from './errors.js';
import { randomFieldElement } from './internal/field.js';
import { HolderCommitment, type HolderCommitmentText } from './holder-commitment.js';
import { type IssuerKeys, signPayload } from './keys.js';
import { Registry, type RegistryExport, type RegistryStore, type RootStatement, type TreeShape } from './registry/index.js';
import { type Schema, encodeAttributes, schemaDigest } from './schema.js';

export interface IssueOptions {
  schema: Schema;
  /** Plaintext attributes by name; every schema attribute is required. */
  attributes: Record<string, unknown>;
  /**
   * The holder's commitment (wallet.holderCommitment, holderKeys.commitment, or its text
   * `holder-commitment:<decimal>`). SECURITY: a bare field element is refused: it could be the
   * holder's secret, which must never reach an issuer.
   */
  holder: HolderCommitment | HolderCommitmentText;
  /** Last valid day, "YYYY-MM-DD" (UTC). */
  validUntil: string;
  /** Issuance time (default now). */
  validFrom?: Date;
}

export class Issuer {
  readonly did: string;
  readonly registry: Registry;
  private readonly keys: IssuerKeys;
  private readonly bbsKeys: BbsKeyPair[];
  private readonly clock: () => Date;

  /**
   * @param options.keys Ed25519 keys (see generateIssuerKeys / key files)
   * @param options.store registry store (default in memory; SqliteRegistryStore for durability)
   * @param options.shape registry tree shape, fixed when the store is first used (default binary, depth 20: what the shipped circuits prove)
   * @example
   * const issuer = new Issuer({ keys: generateIssuerKeys() });
   */
  constructor(options: { keys: IssuerKeys; store?: RegistryStore; shape?: TreeShape; clock?: () => Date; bbsKeys?: BbsKeyPair[] }) {
    this.keys = options.keys;
    this.did = options.keys.did;
    this.bbsKeys = [...(options.bbsKeys ?? [])];
    this.clock = options.clock ?? (() => new Date());
    this.registry = new Registry({ keys: options.keys, clock: this.clock, ...(options.store && { store: options.store }), ...(options.shape && { shape: options.shape }) });
  }

  /**
   * Issues a credential and registers its commitment.
   * @throws {InputError} on a missing, unknown or ill-typed attribute, a bad holder or date
   */
  issue(options: IssueOptions): Credential {
    const { schema } = options;
    const attributes = encodeAttributes(schema, options.attributes);
    const canonical: AttributeRecord = canonicalAttributes(schema, options.attributes);
    const holderCommitment = HolderCommitment.from(options.holder, 'holder').value;
    const validUntil = dateToInt(options.validUntil, 'validUntil');
    const validFrom = options.validFrom ?? new Date();
    if (!(validFrom instanceof Date) || Number.isNaN(validFrom.getTime())) throw new InputError('validFrom', `expected a Date, got ${describe(validFrom)}`);
    if (options.validUntil < utcDate(validFrom)) throw new InputError('validUntil', 'is before the issuance date');
    const salt = randomFieldElement(randomBytes);
    const commitment = credentialCommitment({ schemaId: schemaDigest(schema), attributes, holderCommitment, validUntil, salt });
    const id = `urn:uuid:${crypto.randomUUID()}`;
    const leafIndex = this.registry.append(id, commitment);
    const credential: Credential = {
      '@context': [VC_CONTEXT],
      id,
      type: ['VerifiableCredential', CREDENTIAL_TYPE],
      issuer: this.did,
      validFrom: validFrom.toISOString(),
      validUntil: `${options.validUntil}T23:59:59Z`,
      credentialSchema: { id: schema.id, type: 'ZkDisclosureSchema', attributes: schema.attributes.map((a) => ({ ...a })), digest: schemaDigest(schema).toString() },
      credentialSubject: { holderCommitment: holderCommitment.toString(), attributes: canonical },
      proof: {
        type: PROOF_TYPE,
        verificationMethod: `${this.did}#${this.did.slice('did:key:'.length)}`,
        leafIndex,
        commitment: commitment.toString(),
        salt: salt.toString(),
        signature: '',
      },
    };
    credential.proof.signature = signPayload(signedPart(credential), this.keys.secretKey);
    return credential;
  }

  /** The issuer's BBS public keys, signed by its Ed25519 key (undefined without BBS keys). */
  bbsKeyStatement(): BbsKeyStatement | undefined {
    if (this.bbsKeys.length === 0) return undefined;
    return createBbsKeyStatement({ issuer: this.did, secretKey: this.keys.secretKey, keys: this.bbsKeys, now: this.clock() });
  }

  /**
   * Adds BBS signatures (one per configured suite) and the signed key statement to a credential
   * this issuer issued; returns a new document.
   * @throws {InputError} when the issuer has no BBS keys or the credential is not its own
   */
  async addBbsSignatures(credential: Credential, schema: Schema): Promise<Credential> {
    const keyStatement = this.bbsKeyStatement();
    if (keyStatement === undefined) throw new InputError('bbsKeys', 'this issuer has no BBS keys');
    if (credential.issuer !== this.did) throw new InputError('credential.issuer', 'is another issuer');
    const bbs = await signCredentialBbs({ schema, credential, validUntil: expiryDate(credential.validUntil), keys: this.bbsKeys, keyStatement });
    return { ...credential, proof: { ...credential.proof, bbs } };
  }

  /** Revokes a credential by id: its leaf becomes 0 and a new root is signed. */
  revoke(credentialId: string): void {
    if (typeof credentialId !== 'string') throw new InputError('credentialId', `expected a string, got ${describe(credentialId)}`);
    this.registry.revoke(credentialId);
  }

  /** The signed statement of the registry's latest root (identical bytes until the next change). */
  rootStatement(): RootStatement {
    return this.registry.latest();
  }

  /** The public registry, for small registries: every leaf, the root statement and a freshness statement. */
  exportRegistry(): RegistryExport {
    return this.registry.export();
  }

  close(): void {
    this.registry.close();
  }
}
