/**
 * zkdisclose's own systems for the peers benchmark, each measured end to end through the
 * public API: `wallet.createPresentation` (request checks, registry checks, Merkle path,
 * witness, proof) and `verifyPresentation` (binding, the root against the verifier's view of the
 * issuer's roots, verification-key hash, pairing or BBS check).
 *
 *   Groth16 age-only        presentation-16-1-1-20: ageAtLeast 18, nothing disclosed (the baseline)
 *   Groth16 four-predicate  presentation-16-4-32-20: ageAtLeast 18 + nationality in EU27 + givenName disclosed
 *   BBS bbs+2020 / bbs-2023 BBS-only presentations disclosing givenName and nationality (no predicate)
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { base64urlnopad } from '@scure/base';
import {
  ARTIFACTS_DIR, type BbsSuite, createRequest, generateBbsKeyPair, generateHolderKeys, generateIssuerKeys, Issuer, PERSON_SCHEMA, type Presentation,
  type PresentationRequest, type RegistryExport, RootViews, verifyPresentation, Wallet, createProver, defaultAcceptedKeys, loadVerificationKey,
} from '../../src/index.js';
import { buildScenario, buildWorld, type CircuitCase, SHIPPED_CASES } from '../proving.js';
import type { PeerSystem, ProofSizes } from './system.js';

const GROTH16_COMPRESSED_BYTES = 32 + 64 + 32;

const artifactBytes = (circuit: string): number =>
  ['circuit.zkey', 'circuit.wasm'].reduce((sum, f) => sum + statSync(join(ARTIFACTS_DIR, circuit, f)).size, 0);

function groth16Sizes(p: Presentation): ProofSizes {
  const n = p.zk!.publicSignals.length;
  return { proofBytes: GROTH16_COMPRESSED_BYTES, publicInputs: n, publicBytes: 32 * n, presentationJsonBytes: JSON.stringify(p).length };
}

/** Our Groth16 presentation for one shipped circuit (warmed up by the scenario's first presentation). */
export async function oursGroth16System(which: 'age-only' | 'four-predicate'): Promise<PeerSystem<Presentation>> {
  const c: CircuitCase = which === 'age-only' ? SHIPPED_CASES[0]! : SHIPPED_CASES[1]!;
  const world = buildWorld();
  const scenario = await buildScenario(world, c);
  return {
    id: `zkdisclose Groth16 · ${which}`,
    family: 'zkdisclose',
    env: 'node',
    statement: which === 'age-only'
      ? 'signed Poseidon-committed credential in the issuer\'s registry (depth-20 tree), birthDate ≤ today − 18 y; nothing disclosed'
      : 'as age-only, plus nationality ∈ EU27 and givenName disclosed',
    sameStatement: which === 'age-only',
    proofSystem: `Groth16 (BN254), \`${c.circuit}\``,
    setup: 'trusted: the shipped development ceremony (single party)',
    artifactBytes: artifactBytes(c.circuit),
    setupMs: null,
    prove: () => world.wallet.createPresentation({ request: scenario.request, registries: world.registries }),
    verify: async (p) => (await verifyPresentation(p, scenario.request, { verificationKeys: scenario.verificationKeys, rootViews: world.rootViews })).verified,
    sizes: groth16Sizes,
  };
}

/** Our BBS-only presentation (no SNARK) in one suite, disclosing givenName and nationality. */
export async function oursBbsSystem(suite: BbsSuite): Promise<PeerSystem<Presentation>> {
  const bbsKeys = [await generateBbsKeyPair({ suite })];
  const issuer = new Issuer({ keys: generateIssuerKeys(), bbsKeys });
  const holder = generateHolderKeys();
  const wallet = new Wallet({ holderSecret: holder.secret, prover: createProver() });
  wallet.accept(await issuer.addBbsSignatures(issuer.issue({
    schema: PERSON_SCHEMA,
    attributes: { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' },
    holder: holder.commitment,
    validUntil: '2031-12-31',
  }), PERSON_SCHEMA));
  const registries: RegistryExport[] = [issuer.exportRegistry()];
  const rootViews = new RootViews();
  rootViews.addExport(registries[0]!);
  // A request needs accepted circuits even when it asks only for BBS disclosure: the shipped ones.
  const acceptedKeys = defaultAcceptedKeys();
  const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
  const request: PresentationRequest = createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, bbs: { suite, disclose: ['givenName', 'nationality'], mode: 'bearer' },
    validForSeconds: 24 * 3600,
  });
  return {
    id: `zkdisclose BBS · ${suite} selective disclosure`,
    family: 'zkdisclose',
    env: 'node',
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
