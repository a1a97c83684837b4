/**
 * zkdisclose's own systems for the peers benchmark, browser-safe (they import the library's
 * browser entry only), so the Node run (bench/peers/ours.ts) and the Chromium page
 * (bench/peers/web/) measure the same code; each environment passes in its artifact loader and
 * the verification keys. Every system is measured end to end through the public API:
 * `wallet.createPresentation` (request checks, registry checks, Merkle path, witness, proof) and
 * `verifyPresentation` (binding, the root against the verifier's view of the issuer's roots,
 * verification-key hash, pairing or BBS check).
 *
 *   Groth16 age-only        presentation-16-1-1-*: ageAtLeast 18, nothing disclosed (binary depth 20 is the baseline)
 *   Groth16 four-predicate  presentation-16-4-32-*: ageAtLeast 18 + nationality in EU27 + givenName disclosed
 *   BBS bbs+2020 / bbs-2023 BBS-only presentations disclosing givenName and nationality (no predicate)
 *
 * The registry shape (binary depth 20, 4-ary depth 10 or 6) is the issuer's; the wallet picks
 * the circuit that fits it, and the request accepts that circuit only.
 */
import { base64urlnopad } from '@scure/base';
import {
  type ArtifactLoader, type BbsSuite, createRequest, generateBbsKeyPair, generateHolderKeys, generateIssuerKeys, Issuer, PERSON_SCHEMA, type Predicate,
  type Presentation, type PresentationRequest, Prover, type RegistryExport, RootViews, shippedAcceptedKeys, type TreeShape, verifyPresentation, Wallet,
} from '../../src/browser.js';
import type { PeerEnvironment, PeerSystem, ProofSizes } from './system.js';

const GROTH16_COMPRESSED_BYTES = 32 + 64 + 32;
const EU27 = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'EL', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];
const ADA = { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' };
/** How many other holders' credentials share the registry with the measured one. */
export const OTHER_HOLDERS = 7;

/** Issues OTHER_HOLDERS person credentials to fresh holders, so the measured one is not alone in the registry. */
export function issueOtherHolders(issuer: Issuer): void {
  for (let i = 0; i < OTHER_HOLDERS; i++) {
    issuer.issue({
      schema: PERSON_SCHEMA,
      attributes: { givenName: `Holder${i}`, familyName: 'Other', birthDate: '1985-01-01', nationality: 'DE', documentNumber: `DE-${1000 + i}` },
      holder: generateHolderKeys().commitment,
      validUntil: '2031-12-31',
    });
  }
}

export type OursStatement = 'age-only' | 'four-predicate';

/**
 * One of our Groth16 presentations: the statement, the issuer's registry shape, and the proving
 * path when not the Prover's default (`snarkjs`: the proof as shipped before issue 20).
 */
export interface OursCase {
  which: OursStatement;
  shape: TreeShape;
  path?: 'snarkjs';
}

/** Where an environment's artifacts come from. */
export interface OursEnvironment {
  env: PeerEnvironment;
  loader: ArtifactLoader;
  /** The shipped verification keys, by circuit. */
  verificationKeys: Record<string, Record<string, unknown>>;
  /** Prover-side artifact bytes of a circuit (zkey + wasm), when the environment can tell. */
  artifactBytes(circuit: string): number | null;
}

/** Today's shipped registry shape, the baseline's. */
export const BINARY_20: TreeShape = { arity: 2, depth: 20 };

/** The circuit the wallet picks for a statement over a registry of this shape. */
export function circuitFor(c: OursCase): string {
  const head = c.which === 'age-only' ? 'presentation-16-1-1' : 'presentation-16-4-32';
  return c.shape.arity === 2 ? `${head}-${c.shape.depth}` : `${head}-${c.shape.arity}ary-${c.shape.depth}`;
}

/** Row label: the binary depth-20 ones keep their short names (the baseline is `zkdisclose Groth16 · age-only`). */
export function oursId(c: OursCase): string {
  const base = `zkdisclose Groth16 · ${c.which}`;
  const shaped = c.shape.arity === 2 && c.shape.depth === 20 ? base : `${base}, ${c.shape.arity}-ary depth ${c.shape.depth}`;
  return c.path === 'snarkjs' ? `${shaped}, snarkjs prover (as shipped before issue 20)` : shaped;
}

const capacity = (shape: TreeShape): number => shape.arity ** shape.depth;

function predicatesOf(which: OursStatement): { predicates: Predicate[]; disclose: string[] } {
  const age: Predicate = { attribute: 'birthDate', op: 'ageAtLeast', value: 18 };
  return which === 'age-only' ? { predicates: [age], disclose: [] } : { predicates: [age, { attribute: 'nationality', op: 'in', values: EU27 }], disclose: ['givenName'] };
}

/**
 * Our Groth16 presentation for one case: an issuer with a registry of the case's shape (Ada among
 * a few other holders), a request accepting the case's circuit only, the wallet answering it.
 * The first presentation is made here and checked to use that circuit (it also loads the artifacts).
 */
export async function oursGroth16(c: OursCase, environment: OursEnvironment): Promise<PeerSystem<Presentation>> {
  const circuit = circuitFor(c);
  const issuer = new Issuer({ keys: generateIssuerKeys(), shape: c.shape });
  issueOtherHolders(issuer);
  const holder = generateHolderKeys();
  const wallet = new Wallet({ holderSecret: holder.secret, prover: new Prover({ loader: environment.loader, path: c.path }) });
  wallet.accept(issuer.issue({ schema: PERSON_SCHEMA, attributes: ADA, holder: holder.commitment, validUntil: '2031-12-31' }));
  const registries: RegistryExport[] = [issuer.exportRegistry()];
  const rootViews = new RootViews();
  rootViews.addExport(registries[0]!);
  const request = createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], ...predicatesOf(c.which), acceptedKeys: shippedAcceptedKeys([circuit]),
    validForSeconds: 24 * 3600, maxRootAgeSeconds: 24 * 3600,
  });
  const verificationKeys = { [circuit]: environment.verificationKeys[circuit]! };
  const first = await wallet.createPresentation({ request, registries });
  if (first.zk?.circuit !== circuit) throw new Error(`the wallet chose ${first.zk?.circuit ?? 'no SNARK'}, expected ${circuit}`);
  const tree = c.shape.arity === 2 ? `binary depth-${c.shape.depth} tree` : `${c.shape.arity}-ary depth-${c.shape.depth} tree`;
  return {
    id: oursId(c),
    family: 'zkdisclose',
    env: environment.env,
    statement: c.which === 'age-only'
      ? `signed Poseidon-committed credential in the issuer's registry (${tree}, ${capacity(c.shape).toLocaleString('en-US')} credentials), birthDate ≤ today − 18 y; nothing disclosed`
      : `as age-only (${tree}), plus nationality ∈ EU27 and givenName disclosed`,
    sameStatement: c.which === 'age-only',
    proofSystem: `Groth16 (BN254), \`${circuit}\`${c.path === 'snarkjs' ? ', snarkjs groth16.prove' : ''}`,
    setup: 'trusted: the shipped development ceremony (single party)',
    artifactBytes: environment.artifactBytes(circuit),
    setupMs: null,
    prove: () => wallet.createPresentation({ request, registries }),
    verify: async (p) => (await verifyPresentation(p, request, { verificationKeys, rootViews })).verified,
    sizes: (p: Presentation): ProofSizes => {
      const n = p.zk!.publicSignals.length;
      return { proofBytes: GROTH16_COMPRESSED_BYTES, publicInputs: n, publicBytes: 32 * n, presentationJsonBytes: JSON.stringify(p).length };
    },
  };
}

/** Our BBS-only presentation (no SNARK) in one suite, disclosing givenName and nationality. */
export async function oursBbs(suite: BbsSuite, environment: OursEnvironment): Promise<PeerSystem<Presentation>> {
  const bbsKeys = [await generateBbsKeyPair({ suite })];
  const issuer = new Issuer({ keys: generateIssuerKeys(), bbsKeys });
  const holder = generateHolderKeys();
  const wallet = new Wallet({ holderSecret: holder.secret, prover: new Prover({ loader: environment.loader }) });
  wallet.accept(await issuer.addBbsSignatures(issuer.issue({ schema: PERSON_SCHEMA, attributes: ADA, holder: holder.commitment, validUntil: '2031-12-31' }), PERSON_SCHEMA));
  const registries: RegistryExport[] = [issuer.exportRegistry()];
  const rootViews = new RootViews();
  rootViews.addExport(registries[0]!);
  // A request needs accepted circuits even when it asks only for BBS disclosure: the shipped ones.
  const request: PresentationRequest = createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys: shippedAcceptedKeys(), bbs: { suite, disclose: ['givenName', 'nationality'], mode: 'bearer' },
    validForSeconds: 24 * 3600,
  });
  const { verificationKeys } = environment;
  return {
    id: `zkdisclose BBS · ${suite} selective disclosure`,
    family: 'zkdisclose',
    env: environment.env,
    statement: 'BBS-signed credential, discloses givenName and nationality; no predicate, no registry proof',
    sameStatement: false,
    proofSystem: suite === 'bbs+2020' ? 'BBS+ (BLS12-381), @mattrglobal/bbs-signatures (wasm)' : 'BBS (IETF draft, BLS12-381-SHA-256), @digitalbazaar/bbs-signatures (JS)',
    setup: 'none (issuer key only)',
    artifactBytes: null,
    setupMs: null,
    prove: () => wallet.createPresentation({ request, registries, allow: { bearer: true } }),
    verify: async (p) => (await verifyPresentation(p, request, { verificationKeys, rootViews })).verified,
    sizes: (p) => ({ proofBytes: base64urlnopad.decode(p.bbs!.proof).length, publicInputs: null, publicBytes: null, presentationJsonBytes: JSON.stringify(p).length }),
  };
}
