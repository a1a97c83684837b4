/**
 * `zkdisclose demo`: the whole trust triangle in one process, narrated. An issuer and a holder
 * are created in a temporary directory; a person credential is issued and accepted; a verifier
 * asks for "age at least 18, nationality in the EU, disclose givenName"; the holder proves and
 * the verifier (a Verifier object: pending requests, spent nonces, root views) checks; then the
 * same credential discloses two attributes through BBS; a second issuer (a driving-licence
 * authority) issues a licence to the same holder, and one multi-credential request asks for
 * "over 18 on the identity card and a class B licence", answered with both credentials bound to
 * one holder. Then the issuer revokes the credential and the same request fails: the wallet refuses to present, and the earlier presentation is
 * refused against the new root.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProver, shippedVerificationKeys } from '../artifacts.js';
import { ZkdError } from '../errors.js';
import { Issuer } from '../issuer.js';
import { generateIssuerKeys } from '../keys.js';
import { DRIVING_LICENCE_SCHEMA, LICENCE_CLASSES, PERSON_SCHEMA } from '../schema.js';
import { verifyPresentation } from '../verifier.js';
import { Verifier } from '../verifier-node.js';
import { initHolder, initIssuer, openIssuer, openWallet } from './dirs.js';

export const EU_COUNTRIES = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];

/** One-line JSON with bigints (disclosed integers) as decimal strings. */
const showJson = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Runs `work` while printing elapsed seconds (on a TTY, one updating line). */
async function withProgress<T>(label: string, out: NodeJS.WriteStream, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const tty = out.isTTY === true;
  const tick = (): void => {
    if (tty) out.write(`\r  ${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  if (!tty) out.write(`  ${label} ...\n`);
  const timer = setInterval(tick, 100);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    if (tty) out.write('\r\x1b[K');
  }
}

export async function runDemo(out: NodeJS.WriteStream = process.stdout): Promise<boolean> {
  const say = (line: string): void => void out.write(`${line}\n`);
  const time = async <T>(label: string, work: () => Promise<T> | T, slow = false): Promise<T> => {
    const started = performance.now();
    const result = slow ? await withProgress(label, out, async () => work()) : await work();
    say(`  ✓ ${label} (${(performance.now() - started).toFixed(0)} ms)`);
    return result;
  };
  const warn = (line: string): void => void process.stderr.write(`${line}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'zkdisclose-demo-'));
  const prover = createProver();
  const issuerDir = join(dir, 'issuer');
  const holderDir = join(dir, 'holder');
  let ok = true;
  try {
    say(`zkdisclose demo (working directory ${dir})\n`);
    say('1. Issuer and holder');
    const did = await time('issuer keys (Ed25519 + BBS) and registry created', () => initIssuer(issuerDir));
    say(`     issuer DID: ${did}`);
    await time('holder secret created (only its commitment leaves the wallet)', () => initHolder(holderDir));

    say('\n2. Issuance');
    const issuer = openIssuer(issuerDir, warn);
    const wallet0 = await openWallet(holderDir, prover, warn);
    const attributes = { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' };
    const credential = await time('credential issued, committed to the registry and BBS-signed', () =>
      issuer.addBbsSignatures(issuer.issue({ schema: PERSON_SCHEMA, attributes, holder: wallet0.holderCommitment, validUntil: '2031-12-31' }), PERSON_SCHEMA));
    say(`     attributes: ${JSON.stringify(attributes)}`);
    await time('wallet checked the issuer signature and the commitment, and stored it', async () => {
      wallet0.accept(credential);
      await wallet0.close();
    });

    say('\n3. Request: age at least 18, nationality in the EU (27 codes), disclose givenName');
    const verifier = new Verifier(); // the shipped verification keys; pending requests and spent nonces in memory
    await verifier.addRegistryExport(issuer.exportRegistry());
    const makeRequest = async () => (await verifier.createRequest({
      schema: PERSON_SCHEMA,
      trustedIssuers: [did],
      disclose: ['givenName'],
      predicates: [
        { attribute: 'birthDate', op: 'ageAtLeast', value: 18 },
        { attribute: 'nationality', op: 'in', values: EU_COUNTRIES },
      ],
      // Zero revocation window: this verifier refreshes its root view before every check.
      maxRootAgeSeconds: 0,
    })).request;
    const request = await makeRequest();
    say(`     nonce ${request.nonce.slice(0, 16)}..., today ${request.today}`);

    say('\n4. Presentation');
    const wallet = await openWallet(holderDir, prover, warn);
    await time('loaded proving artifacts (sha256 checked against the manifest)', () => prover.warm('presentation-16-4-32-20'));
    const registry = issuer.exportRegistry();
    const presentation = await time('Groth16 proof made', () => wallet.createPresentation({ request, registries: [registry] }), true);
    say(`     circuit ${presentation.zk!.circuit}, proof ${JSON.stringify(presentation.zk!.proof).length} bytes of JSON, ${presentation.zk!.publicSignals.length} public signals`);

    say('\n5. Verification');
    const result = await time('verified', () => verifier.verify(presentation));
    say(`     verified: ${result.verified}; disclosed: ${showJson(result.disclosed)}; issuer ${result.issuer ?? '-'}`);
    say('     the verifier learned: over 18, an EU national, given name Ada. Nothing else.');
    ok &&= result.verified;
    const replay = await verifier.verify(presentation);
    say(`     replaying the same presentation: verified ${replay.verified} (${replay.errors.map((e) => e.code).join(', ')})`);
    ok &&= !replay.verified;

    say('\n6. BBS disclosure (no trusted setup, no predicates): givenName and nationality with bbs-2023, bearer mode');
    say('     bearer: BBS alone proves no holder secret (anyone with a copy of the credential could answer); the verifier asks for it by name');
    const { request: bbsRequest } = await verifier.createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [did], bbs: { suite: 'bbs-2023', disclose: ['givenName', 'nationality'], mode: 'bearer' } });
    try {
      await wallet.createPresentation({ request: bbsRequest, registries: [registry] });
      say('     unexpected: the wallet presented in bearer mode without the holder\'s consent');
      ok = false;
    } catch (err) {
      if (!(err instanceof ZkdError)) throw err;
      say(`  ✓ without the holder's consent the wallet refuses: ${err.code}`);
    }
    const bbsPresentation = await time('the holder allows bearer mode for this request; BBS proof derived', () =>
      wallet.createPresentation({ request: bbsRequest, registries: [registry], allow: { bearer: true } }));
    const bbsResult = await time('BBS proof verified against the issuer\'s signed BBS key', () => verifier.verify(bbsPresentation));
    say(`     verified: ${bbsResult.verified}; disclosed: ${showJson(bbsResult.disclosed)}`);
    ok &&= bbsResult.verified;

    say('\n7. Two credentials in one presentation: over 18 on the identity card and a class B driving licence');
    const dmv = new Issuer({ keys: generateIssuerKeys(), shape: { arity: 4, depth: 6 } }); // a second issuer, in memory
    const classes = Object.fromEntries(LICENCE_CLASSES.map((c) => [`class${c}`, c === 'B']));
    await time('a driving-licence authority issued a licence (class B) to the same holder', () => {
      wallet.accept(dmv.issue({ schema: DRIVING_LICENCE_SCHEMA, attributes: { ...classes, issueDate: '2015-03-02', expiryDate: '2030-03-01' }, holder: wallet.holderCommitment, validUntil: '2031-12-31' }));
    });
    await verifier.addRegistryExport(dmv.exportRegistry());
    const { request: multiRequest } = await verifier.createMultiRequest({
      parts: [
        { schema: PERSON_SCHEMA, trustedIssuers: [did], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }] },
        { schema: DRIVING_LICENCE_SCHEMA, trustedIssuers: [dmv.did], predicates: [{ attribute: 'classB', op: 'eq', value: true }] },
      ],
    });
    say('     what answering reveals, as the wallet tells the holder before proving:');
    for (const line of wallet.describeLeakage(multiRequest).lines) say(`       ${line}`);
    const multi = await time('two Groth16 proofs made (concurrently), bound to one holder', () =>
      wallet.createMultiPresentation({ request: multiRequest, registries: [registry, dmv.exportRegistry()] }), true);
    const multiResult = await time('verified: each part, and that one holder secret is behind both', () => verifier.verifyMulti(multi));
    say(`     verified: ${multiResult.verified}; issuers: ${multiResult.parts.map((p) => p.issuer === did ? 'identity card issuer' : 'licence authority').join(', ')}`);
    ok &&= multiResult.verified;

    say('\n8. Revocation');
    await time('issuer revoked the credential and signed a new root', () => issuer.revoke(credential.id));
    const after = issuer.exportRegistry();
    const second = await makeRequest();
    try {
      await wallet.createPresentation({ request: second, registries: [after] });
      say('     unexpected: the wallet presented a revoked credential');
      ok = false;
    } catch (err) {
      if (!(err instanceof ZkdError)) throw err;
      say(`  ✓ the same request now fails: ${err.code}: ${err.message}`);
    }
    await verifier.addRegistryExport(after);
    // The earlier request is answered (its nonce spent): check the earlier proof alone against the new root.
    const stale = await verifyPresentation(presentation, request, { verificationKeys: shippedVerificationKeys(), rootViews: verifier.rootViews });
    say(`  ✓ the earlier proof, checked against the verifier's refreshed root view (zero window): verified ${stale.verified} (${stale.errors.map((e) => e.code).join(', ')})`);
    ok &&= !stale.verified;
    await wallet.close();
    issuer.close();
    say(ok ? '\nDemo complete.' : '\nDemo FAILED.');
    return ok;
  } finally {
    await prover.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
