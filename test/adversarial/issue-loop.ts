/**
 * Child process for the durability test: issues credentials into a SQLite registry in a loop
 * and prints "ok <credentialId> <leafIndex>" after each issuance returns, until killed.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { HolderCommitment, Issuer, PERSON_SCHEMA, issuerKeysFromSecret } from '../../src/index.js';
import { SqliteRegistryStore } from '../../src/sqlite.js';

const [dbPath, secretHex, holderText] = process.argv.slice(2) as [string, string, string];
const holder = HolderCommitment.from(holderText, 'holder');
const issuer = new Issuer({ keys: issuerKeysFromSecret(hexToBytes(secretHex)), store: new SqliteRegistryStore(dbPath) });
const attributes = { givenName: 'A', familyName: 'B', birthDate: '1990-01-01', nationality: 'FR', documentNumber: 'X' };
for (;;) {
  const credential = issuer.issue({ schema: PERSON_SCHEMA, attributes, holder, validUntil: '2030-01-01', validFrom: new Date('2026-01-01T00:00:00Z') });
  process.stdout.write(`ok ${credential.id} ${credential.proof.leafIndex}\n`);
}
