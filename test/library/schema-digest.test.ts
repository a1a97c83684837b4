/**
 * Issue 13 item 1: the whole schema is bound, not only its id. The schema digest (schema.ts,
 * README "Formats") enters the credential commitment, the circuit's public schemaId and the BBS
 * schemaId message; the wallet selects credentials by it. A trusted issuer that reuses an id
 * with another attribute layout can no longer have a credential read in the verifier's layout
 * (the review's case: an issue date in the birthDate slot proved "ageAtLeast 18"), and a
 * credential issued before the change is refused with REISSUE_REQUIRED.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CredentialError, PERSON_SCHEMA, RefusalError, Wallet, canonicalSchemaJson, createProver, createRequest, credentialCommitment,
  defaultAcceptedKeys, defineSchema, encodeString, loadVerificationKey, openCredential, schemaDigest, verifyPresentation,
  type Credential, type Presentation, type PresentationRequest,
} from '../../src/index.js';
import { signedPart } from '../../src/credential.js';
import { encodeAttributes } from '../../src/schema.js';
import { signPayload } from '../../src/keys.js';
import { ISSUED_AT, NOW, TODAY, copy, holderKeys, issuerKeys, later, makeIssuer, rejected, rootViewsOf, thrown } from '../helpers/library.js';

interface Vector { label: string; schema: unknown; canonicalJson: string; utf8Bytes: number; digest: string }
const VECTORS = (JSON.parse(readFileSync(new URL('../vectors/schema-digest.json', import.meta.url), 'utf8')) as { vectors: Vector[] }).vectors;

describe('schemaDigest: test vectors (test/vectors/schema-digest.json)', () => {
  it.each(VECTORS.map((v) => [v.label, v] as const))('%s', (_label, v) => {
    const schema = defineSchema(v.schema);
    expect(canonicalSchemaJson(schema)).toBe(v.canonicalJson);
    expect(new TextEncoder().encode(v.canonicalJson).length).toBe(v.utf8Bytes);
    expect(schemaDigest(schema).toString()).toBe(v.digest);
    // Up to 465 bytes the digest is the string encoding of the canonical text.
    if (v.utf8Bytes <= 465) expect(schemaDigest(schema)).toBe(encodeString(v.canonicalJson, 'schema'));
  });

  it('every vector has its own digest: a layout change under the same id changes it', () => {
    expect(new Set(VECTORS.map((v) => v.digest)).size).toBe(VECTORS.length);
  });
});

/** The person id reused with another layout: an issue date where PERSON_SCHEMA has birthDate. */
const REUSED_ID = defineSchema({
  id: PERSON_SCHEMA.id,
  attributes: [
    { name: 'givenName', type: 'string' }, { name: 'familyName', type: 'string' }, { name: 'issueDate', type: 'date' },
    { name: 'nationality', type: 'string' }, { name: 'documentNumber', type: 'string' },
  ],
});
const ISSUED = { givenName: 'Kim', familyName: 'Park', issueDate: '2000-01-01', nationality: 'DE', documentNumber: 'X1' };

const prover = createProver();
const acceptedKeys = defaultAcceptedKeys();
const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
const issuer = makeIssuer(issuerKeys(41));
const holder = holderKeys(4141n);
const wallet = new Wallet({ holderSecret: holder.secret, prover });
let reused: Credential;

beforeAll(() => {
  reused = issuer.issue({ schema: REUSED_ID, attributes: ISSUED, holder: holder.commitment, validUntil: '2030-12-31', validFrom: ISSUED_AT });
  wallet.accept(reused);
});
afterAll(async () => {
  await prover.close();
});

const ageRequest = (schema = PERSON_SCHEMA): PresentationRequest => createRequest({
  schema, trustedIssuers: [issuer.did], acceptedKeys, today: TODAY, now: NOW,
  predicates: [{ attribute: schema === PERSON_SCHEMA ? 'birthDate' : 'issueDate', op: 'ageAtLeast', value: 18 }],
});

describe('a schema id reused with another layout', () => {
  it('the credential carries the digest of its own layout', () => {
    expect(reused.credentialSchema.digest).toBe(schemaDigest(REUSED_ID).toString());
    expect(schemaDigest(REUSED_ID)).not.toBe(schemaDigest(PERSON_SCHEMA));
  });

  it('the wallet does not select it for a request in the other layout (NO_MATCHING_CREDENTIAL, no proof)', async () => {
    const err = await rejected(wallet.createPresentation({ request: ageRequest(), registries: [issuer.exportRegistry()], now: NOW }));
    expect(err).toBeInstanceOf(RefusalError);
    expect((err as RefusalError).code).toBe('NO_MATCHING_CREDENTIAL');
    expect((err as RefusalError).message).toContain('another layout');
  });

  it('a proof made in its own layout does not verify against a request in the other layout (public schemaId)', async () => {
    const own = ageRequest(REUSED_ID);
    const presentation: Presentation = await wallet.createPresentation({ request: own, registries: [issuer.exportRegistry()], now: NOW });
    const options = { verificationKeys, now: later(60), rootViews: rootViewsOf(issuer) };
    expect((await verifyPresentation(presentation, own, options)).verified).toBe(true);
    const otherLayout = copy(own);
    otherLayout.schema = { id: PERSON_SCHEMA.id, attributes: PERSON_SCHEMA.attributes.map((a) => ({ ...a })) };
    otherLayout.predicates = [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }];
    const result = await verifyPresentation(presentation, otherLayout, options);
    expect(result.verified).toBe(false);
    expect(result.errors).toContainEqual({ code: 'REQUEST_MISMATCH', message: 'public input schemaId does not match the request' });
  });
});

describe('credentials issued before the schema digest', () => {
  /** The same credential as the previous format made it: commitment over the id's string encoding, no digest. */
  function legacy(credential: Credential, schema = REUSED_ID): Credential {
    const old = copy(credential);
    const { digest: _digest, ...schemaWithoutDigest } = old.credentialSchema;
    (old as { credentialSchema: unknown }).credentialSchema = schemaWithoutDigest;
    const opened = openCredential(credential);
    old.proof.commitment = credentialCommitment({
      schemaId: encodeString(schema.id, 'schema.id'), attributes: encodeAttributes(schema, credential.credentialSubject.attributes),
      holderCommitment: opened.holderCommitment, validUntil: opened.validUntil, salt: opened.salt,
    }).toString();
    old.proof.signature = signPayload(signedPart(old), issuerKeys(41).secretKey);
    return old;
  }

  it('are refused on receipt with REISSUE_REQUIRED, naming re-issuance', () => {
    const err = thrown(() => new Wallet({ holderSecret: holder.secret, prover }).accept(legacy(reused)));
    expect(err).toBeInstanceOf(CredentialError);
    expect((err as CredentialError).code).toBe('REISSUE_REQUIRED');
    expect((err as CredentialError).message).toMatch(/re-issue/);
  });

  it('a digest that is not the schema\'s is refused (field named)', () => {
    const wrong = copy(reused);
    wrong.credentialSchema.digest = schemaDigest(PERSON_SCHEMA).toString();
    expect(() => openCredential(wrong)).toThrow(/credential.credentialSchema.digest/);
  });
});
