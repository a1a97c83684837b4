/**
 * Dock's `@docknetwork/crypto-wasm-ts` as a benchmark peer, browser-safe (the Node run,
 * bench/peers/dock.ts, and the Chromium page, bench/peers/web/, share it): a BBS+ credential
 * (BLS12-381) issued with its CredentialBuilder, and presentations made with its
 * PresentationBuilder:
 *
 *   - the age statement as a bound check on birthDate (YYYYMMDD, as ours encodes it), once per
 *     bound-check protocol the package offers: Bulletproofs++ (transparent), LegoGroth16
 *     (trusted setup, made by the verifier: its proving key comes from the environment),
 *     set-membership check (trusted setup) and set-membership check with keyed verification
 *     (the verifier holds a secret);
 *   - plain selective disclosure of two attributes, no predicate.
 *
 * The parameters other than LegoGroth16's are derived from a label in well under a second each run.
 */
import {
  BBS_PLUS_SIGNATURE_PARAMS_LABEL_BYTES, type BBSPlusCredential, BBSPlusCredentialBuilder, BBSPlusKeypairG2, BBSPlusSignatureParamsG1, BoundCheckBppParams,
  BoundCheckSmcParams, BoundCheckSmcWithKVSetup, CredentialSchema, initializeWasm, type LegoProvingKey,
  type Presentation, PresentationBuilder, SUBJECT_STR,
} from '@docknetwork/crypto-wasm-ts';
import type { PeerEnvironment, PeerSystem } from './system.js';

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

const PROTOCOL_LABEL: Record<BoundProtocol, { name: string; setup: string }> = {
  bpp: { name: 'Bulletproofs++', setup: 'transparent (parameters hashed from a label)' },
  legogroth16: { name: 'LegoGroth16', setup: 'trusted: the verifier\'s own LegoGroth16 setup, made here' },
  smc: { name: 'set-membership check', setup: 'trusted: the verifier\'s own parameters (signed digits), made here' },
  'smc-kv': { name: 'set-membership check, keyed verification', setup: 'trusted: the verifier\'s secret key; only that verifier can check' },
};

/** A Dock presentation proving birthDate <= today - 18 years with one bound-check protocol. */
export async function dockAge(protocol: BoundProtocol, env: PeerEnvironment, legoProvingKey: () => Promise<LegoProvingKey>): Promise<PeerSystem<Presentation>> {
  const { credential, publicKey } = await issue();
  const t0 = performance.now();
  let proverParam: unknown;
  let verifierParam: unknown;
  if (protocol === 'legogroth16') {
    const key = await legoProvingKey();
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
  // about 9 s of decompression in Node here even when the key comes from the cache).
  const setupMs = performance.now() - t0;
  const cutoff = cutoffDate(new Date(), 18);
  const { name, setup } = PROTOCOL_LABEL[protocol];
  return {
    id: `Dock BBS+ · age bound (${name})`,
    family: 'Dock',
    env,
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
export async function dockDisclosure(env: PeerEnvironment): Promise<PeerSystem<Presentation>> {
  const { credential, publicKey } = await issue();
  return {
    id: 'Dock BBS+ · selective disclosure',
    family: 'Dock',
    env,
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
