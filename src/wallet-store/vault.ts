/**
 * The records a Wallet keeps in its store, plain or encrypted with a passphrase.
 *
 * Plain (the CLI's holder directory as it always was): the secret record
 * `{ type: "zkdisclose-holder-secret", secret, commitment }` and each credential document as is.
 *
 * Encrypted: the secret record `{ type: "zkdisclose-holder-secret-encrypted", version: 1,
 * commitment, kdf: { name: "scrypt", N, r, p, salt }, aead: { name: "xchacha20-poly1305", nonce },
 * ciphertext }` whose ciphertext holds the secret and a random data key, under a key derived from
 * the passphrase, with every other field as associated data (so none can be changed unnoticed);
 * each credential record `{ type: "zkdisclose-credential-encrypted", version: 1, issuer, id, nonce,
 * ciphertext }` holds the document under the data key, bound to its issuer and id (records cannot
 * be swapped). Issuer DIDs and credential ids stay readable (they key the records); attributes,
 * salts and signatures do not. The holder commitment stays readable too, so that an issuer's tool
 * can read it from the holder's directory without the passphrase.
 */
import { canonicalBytes } from '../internal/canonical-json.js';
import { InputError, StoreError, describe } from '../errors.js';
import { assertField, isRecord } from '../internal/field.js';
import { HolderCommitment } from '../holder-commitment.js';
import { base64 } from '@scure/base';
import {
  AEAD_NAME, type KdfRecord, type ScryptParams, deriveKey, newDataKey, newKdfRecord, readKdfRecord, seal, unseal,
} from './encryption.js';
import type { StoredRecord } from './store.js';

const PLAIN_SECRET_TYPE = 'zkdisclose-holder-secret';
const ENCRYPTED_SECRET_TYPE = 'zkdisclose-holder-secret-encrypted';
const ENCRYPTED_CREDENTIAL_TYPE = 'zkdisclose-credential-encrypted';

const utf8 = new TextEncoder();

/** An opened wallet's secret and the codec of its credential records. */
export interface Vault {
  readonly secret: bigint;
  /** The stored record of a credential document (copied: later changes to it are not stored). */
  encodeCredential(issuer: string, id: string, document: unknown): StoredRecord;
  /**
   * The credential document of a stored record (unchecked: the wallet opens it).
   * @throws {StoreError} STORE_TAMPERED when the record fails authentication or is of the other kind
   */
  decodeCredential(record: unknown, where: string): unknown;
}

function plainVault(secret: bigint): Vault {
  return {
    secret,
    encodeCredential: (_issuer, _id, document) => JSON.parse(JSON.stringify(document)) as StoredRecord,
    decodeCredential: (record, where) => {
      if (isRecord(record) && record.type === ENCRYPTED_CREDENTIAL_TYPE) throw new StoreError('STORE_TAMPERED', `${where}: an encrypted credential in a wallet without a passphrase`);
      return record;
    },
  };
}

const credentialHeader = (issuer: string, id: string): Uint8Array => canonicalBytes({ type: ENCRYPTED_CREDENTIAL_TYPE, version: 1, issuer, id });

function encryptedVault(secret: bigint, dataKey: Uint8Array): Vault {
  return {
    secret,
    encodeCredential: (issuer, id, document) => ({
      type: ENCRYPTED_CREDENTIAL_TYPE, version: 1, issuer, id, ...seal(dataKey, utf8.encode(JSON.stringify(document)), credentialHeader(issuer, id)),
    }),
    decodeCredential: (record, where) => {
      if (!isRecord(record) || record.type !== ENCRYPTED_CREDENTIAL_TYPE) throw new StoreError('STORE_TAMPERED', `${where}: an unencrypted record in a wallet with a passphrase`);
      if (record.version !== 1 || typeof record.issuer !== 'string' || typeof record.id !== 'string') throw new StoreError('STORE_TAMPERED', `${where}: malformed encrypted credential`);
      const plaintext = unseal(dataKey, record.nonce, record.ciphertext, credentialHeader(record.issuer, record.id), where);
      if (plaintext === undefined) throw new StoreError('STORE_TAMPERED', `${where}: the encrypted credential fails authentication (altered, or from another wallet)`);
      return JSON.parse(new TextDecoder().decode(plaintext)) as unknown; // authenticated: written by this wallet
    },
  };
}

/** The secret record's fields that its ciphertext is bound to (the nonce needs no binding: a changed one fails). */
function secretHeader(commitment: string, kdf: KdfRecord): Uint8Array {
  return canonicalBytes({ type: ENCRYPTED_SECRET_TYPE, version: 1, commitment, kdf, aead: AEAD_NAME });
}

/**
 * The secret record of a new wallet, and its vault: encrypted when a passphrase is given.
 * @throws {InputError} on an empty passphrase
 */
export async function newSecretRecord(secret: bigint, passphrase: string | undefined, kdfParams: ScryptParams): Promise<{ record: StoredRecord; vault: Vault }> {
  const commitment = HolderCommitment.fromSecret(secret).toString();
  if (passphrase === undefined) return { record: { type: PLAIN_SECRET_TYPE, secret: secret.toString(), commitment }, vault: plainVault(secret) };
  const kdf = newKdfRecord(kdfParams);
  const key = await deriveKey(passphrase, kdf);
  const dataKey = newDataKey();
  const payload = utf8.encode(JSON.stringify({ secret: secret.toString(), dataKey: base64.encode(dataKey) }));
  const { nonce, ciphertext } = seal(key, payload, secretHeader(commitment, kdf));
  return { record: { type: ENCRYPTED_SECRET_TYPE, version: 1, commitment, kdf, aead: { name: AEAD_NAME, nonce }, ciphertext }, vault: encryptedVault(secret, dataKey) };
}

/** The holder commitment a secret record states (no passphrase needed). @throws {StoreError} */
export function recordedCommitment(record: unknown, where: string): HolderCommitment {
  if (!isRecord(record)) throw new StoreError('STORE_TAMPERED', `${where}: not a holder secret record`);
  if (record.type === PLAIN_SECRET_TYPE) return HolderCommitment.fromSecret(assertField(record.secret, `${where}: secret`));
  if (record.type === ENCRYPTED_SECRET_TYPE) return HolderCommitment.from(record.commitment, `${where}: commitment`);
  throw new StoreError('STORE_TAMPERED', `${where}: not a holder secret record (type ${describe(record.type)})`);
}

/**
 * Opens a secret record. A stated commitment must be the secret's.
 * @throws {StoreError} PASSPHRASE_REQUIRED, WRONG_PASSPHRASE (or the record was altered), STORE_TAMPERED
 * @throws {InputError} a passphrase given for a wallet that has none (it would protect nothing)
 */
export async function openSecretRecord(record: unknown, passphrase: string | undefined, where: string): Promise<Vault> {
  if (!isRecord(record)) throw new StoreError('STORE_TAMPERED', `${where}: not a holder secret record`);
  if (record.type === PLAIN_SECRET_TYPE) {
    if (passphrase !== undefined) throw new InputError('passphrase', `was given, but ${where} is not encrypted`);
    const secret = assertField(record.secret, `${where}: secret`);
    assertCommitment(record.commitment, secret, where);
    return plainVault(secret);
  }
  if (record.type !== ENCRYPTED_SECRET_TYPE) throw new StoreError('STORE_TAMPERED', `${where}: not a holder secret record (type ${describe(record.type)})`);
  if (passphrase === undefined) throw new StoreError('PASSPHRASE_REQUIRED', `${where} is encrypted: give its passphrase`);
  if (record.version !== 1 || typeof record.commitment !== 'string' || !isRecord(record.aead) || record.aead.name !== AEAD_NAME) {
    throw new StoreError('STORE_TAMPERED', `${where}: malformed encrypted secret record`);
  }
  const kdf = readKdfRecord(record.kdf, `${where}: kdf`);
  const key = await deriveKey(passphrase, kdf);
  const plaintext = unseal(key, record.aead.nonce, record.ciphertext, secretHeader(record.commitment, kdf), where);
  if (plaintext === undefined) throw new StoreError('WRONG_PASSPHRASE', `wrong passphrase for ${where} (or its record was altered); nothing was changed`);
  // Authenticated, with the commitment: written by newSecretRecord.
  const payload = JSON.parse(new TextDecoder().decode(plaintext)) as { secret: string; dataKey: string };
  return encryptedVault(BigInt(payload.secret), base64.decode(payload.dataKey));
}

function assertCommitment(stated: unknown, secret: bigint, where: string): void {
  if (stated !== undefined && stated !== HolderCommitment.fromSecret(secret).toString()) {
    throw new StoreError('STORE_TAMPERED', `${where}: the stated holder commitment is not the secret's`);
  }
}
