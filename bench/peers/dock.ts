/**
 * Dock's `@docknetwork/crypto-wasm-ts` as a benchmark peer: a BBS+ credential (BLS12-381)
 * issued with its CredentialBuilder, and presentations made with its PresentationBuilder:
 *
 *   - the age statement as a bound check on birthDate (YYYYMMDD, as ours encodes it), once per
 *     bound-check protocol the package offers: Bulletproofs++ (transparent), LegoGroth16
 *     (trusted setup, made here by the verifier), set-membership check (trusted setup) and
 *     set-membership check with keyed verification (the verifier holds a secret);
 *   - plain selective disclosure of two attributes, no predicate.
 *
 * The LegoGroth16 proving key is cached under .cache/peers/dock/ (git-ignored), compressed;
 * decompressing it still takes seconds each run. The other parameters are derived from a label
 * in well under a second each run.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BBS_PLUS_SIGNATURE_PARAMS_LABEL_BYTES, type BBSPlusCredential, BBSPlusCredentialBuilder, BBSPlusKeypairG2, BBSPlusSignatureParamsG1, BoundCheckBppParams,
  BoundCheckSmcParams, BoundCheckSmcWithKVSetup, BoundCheckSnarkSetup, CredentialSchema, initializeWasm, LegoProvingKey,
  type Presentation, PresentationBuilder, SUBJECT_STR,
} from '@docknetwork/crypto-wasm-ts';
import { progress } from '../machine.js';
import { PEERS_CACHE } from './semaphore.js';
import type { PeerSystem } from './system.js';

export type BoundProtocol = 'bpp' | 'legogroth16' | 'smc' | 'smc-kv';
export const BOUND_PROTOCOLS: readonly BoundProtocol[] = ['bpp', 'legogroth16', 'smc', 'smc-kv'];

const LABEL = new TextEncoder().encode('zkdisclose peers benchmark');
const BIRTH_DATE = 19901210;

/** YYYYMMDD of the day `years` before `today` (UTC), the latest birth date that is old enough. */
export function cutoffDate(today: Date, years: number): number {
  return (today.getUTCFullYear() - years) * 10000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
}

interface Issued {
  credential: BBSPlusCredential;
  publicKey: BBSPlusKeypairG2['publicKey'];
}

let issued: Promise<Issued> | undefined;

/** One BBS+ credential for the run (PERSON_SCHEMA's attributes, birthDate as an integer). */
function issue(): Promise<Issued> {
  issued ??= (async () => {
    await initializeWasm();
    const params = BBSPlusSignatureParamsG1.generate(1, BBS_PLUS_SIGNATURE_PARAMS_LABEL_BYTES);
    const keypair = BBSPlusKeypairG2.generate(params, new TextEncoder().encode('zkdisclose bench issuer'));
    const schema = CredentialSchema.essential() as { properties: Record<string, unknown> };
    schema.properties[SUBJECT_STR] = {
      type: 'object',
      properties: {
        givenName: { type: 'string' }, familyName: { type: 'string' }, birthDate: { type: 'integer', minimum: 0 },
        nationality: { type: 'string' }, documentNumber: { type: 'string' },
      },
    };
    const builder = new BBSPlusCredentialBuilder();
    builder.schema = new CredentialSchema(schema as never);
    builder.subject = { givenName: 'Ada', familyName: 'Lovelace', birthDate: BIRTH_DATE, nationality: 'FR', documentNumber: 'FR-2041-77' };
    const credential = builder.sign(keypair.secretKey) as BBSPlusCredential;
    if (!credential.verify(keypair.publicKey).verified) throw new Error('Dock: the issued BBS+ credential does not verify');
    return { credential, publicKey: keypair.publicKey };
  })();
  return issued;
}

/** The LegoGroth16 bound-check proving key (compressed), from the cache or made (and cached) now. */
function legoProvingKey(): LegoProvingKey {
  const dir = join(PEERS_CACHE, 'dock');
  const path = join(dir, 'legogroth16-bound-check.pk');
  if (existsSync(path)) return new LegoProvingKey(new Uint8Array(readFileSync(path)));
  progress('peers', 'Dock: LegoGroth16 bound-check setup (cached after)');
  const key = BoundCheckSnarkSetup();
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${path}.tmp`, key.bytes);
  renameSync(`${path}.tmp`, path);
  return key;
}

const PROTOCOL_LABEL: Record<BoundProtocol, { name: string; setup: string }> = {
  bpp: { name: 'Bulletproofs++', setup: 'transparent (parameters hashed from a label)' },
  legogroth16: { name: 'LegoGroth16', setup: 'trusted: the verifier\'s own LegoGroth16 setup, made here' },
  smc: { name: 'set-membership check', setup: 'trusted: the verifier\'s own parameters (signed digits), made here' },
  'smc-kv': { name: 'set-membership check, keyed verification', setup: 'trusted: the verifier\'s secret key; only that verifier can check' },
};

/** A Dock presentation proving birthDate <= today - 18 years with one bound-check protocol. */
export async function dockAgeSystem(protocol: BoundProtocol): Promise<PeerSystem<Presentation>> {
  const { credential, publicKey } = await issue();
  const t0 = performance.now();
  let proverParam: unknown;
  let verifierParam: unknown;
  if (protocol === 'legogroth16') {
    const key = legoProvingKey();
    proverParam = key.decompress();
    verifierParam = key.getVerifyingKeyUncompressed();
  } else if (protocol === 'bpp') proverParam = verifierParam = new BoundCheckBppParams(LABEL).decompress();
  else if (protocol === 'smc') proverParam = verifierParam = new BoundCheckSmcParams(LABEL).decompress();
  else {
    const [p, v] = BoundCheckSmcWithKVSetup(LABEL);
    proverParam = p.decompress();
    verifierParam = v.decompress();
  }
  // Everything before the first proof: parameters made or loaded, and decompressed (for LegoGroth16
  // about 9 s of decompression here even when the key comes from the cache).
  const setupMs = performance.now() - t0;
  const cutoff = cutoffDate(new Date(), 18);
  const { name, setup } = PROTOCOL_LABEL[protocol];
  return {
    id: `Dock BBS+ · age bound (${name})`,
    family: 'Dock',
    env: 'node',
    statement: `BBS+ credential, birthDate in [0, ${cutoff}] (bound check), nothing disclosed`,
    sameStatement: true,
    proofSystem: `BBS+ (BLS12-381) proof of knowledge + ${name} range proof`,
    setup,
    artifactBytes: (proverParam as { bytes: Uint8Array }).bytes.length,
    setupMs,
    prove: async () => {
      const builder = new PresentationBuilder();
      builder.addCredential(credential, publicKey);
      builder.enforceBounds(0, 'credentialSubject.birthDate', 0, cutoff + 1, 'age', proverParam as never);
      builder.nonce = crypto.getRandomValues(new Uint8Array(32));
      return builder.finalize();
    },
    verify: async (p) => p.verify([publicKey], undefined, new Map([['age', verifierParam as never]])).verified,
    sizes: (p) => ({
      proofBytes: p.proof.bytes.length,
      publicInputs: null,
      publicBytes: null,
      presentationJsonBytes: JSON.stringify(p.toJSON()).length,
    }),
  };
}

/** A Dock presentation disclosing givenName and nationality, no predicate. */
export async function dockDisclosureSystem(): Promise<PeerSystem<Presentation>> {
  const { credential, publicKey } = await issue();
  return {
    id: 'Dock BBS+ · selective disclosure',
    family: 'Dock',
    env: 'node',
    statement: 'BBS+ credential, discloses givenName and nationality; no predicate',
    sameStatement: false,
    proofSystem: 'BBS+ (BLS12-381) proof of knowledge',
    setup: 'none (issuer key only)',
    artifactBytes: null,
    setupMs: null,
    prove: async () => {
      const builder = new PresentationBuilder();
      builder.addCredential(credential, publicKey);
      builder.markAttributesRevealed(0, new Set(['credentialSubject.givenName', 'credentialSubject.nationality']));
      builder.nonce = crypto.getRandomValues(new Uint8Array(32));
      return builder.finalize();
    },
    verify: async (p) => p.verify([publicKey]).verified,
    sizes: (p) => ({ proofBytes: p.proof.bytes.length, publicInputs: null, publicBytes: null, presentationJsonBytes: JSON.stringify(p.toJSON()).length }),
  };
}
