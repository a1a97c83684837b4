/**
 * Standalone measurement for issue 13 item 2: what refusing a worst-case document costs,
 * against an honest verification of the same request. The worst cases are the generated ones
 * of test/helpers/worst-cases.ts (about 1 MB each, or nested 100,000 deep); the honest case is
 * a linkable SNARK + BBS (bbs+2020) presentation of the person credential, verified in full
 * (binding, root, Groth16 pairing, BBS proof, disclosure).
 *
 *   time      median of the runs of verifyPresentation (presentations), parseRequest (requests),
 *             openCredential (credentials), or parseDocumentText (text); × honest = that median
 *             over the honest presentation's verification median
 *   heap      heap growth over one call, after a full GC (the input itself is built before)
 *
 * The goal (issue 13): at most 2× the honest time and 50 MB more memory.
 * Run: `npx tsx bench/limits.ts [--runs=N]` (default 15 runs per case; about a minute). Prints a
 * markdown table; not part of `npm test` or bench/run.ts.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  Issuer, LIMITS, PERSON_SCHEMA, Wallet, createProver, createRequest, defaultAcceptedKeys, generateBbsKeyPair, generateHolderKeys,
  generateIssuerKeys, loadVerificationKey, openCredential, parseDocumentText, parseRequest, releaseCurve, RootViews, verifyPresentation,
} from '../src/index.js';
import { CREDENTIAL_CASES, PRESENTATION_CASES, REQUEST_CASES } from '../test/helpers/worst-cases.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15);

/** Median milliseconds of `runs` calls, and the heap growth of one call after a full GC. */
async function measure(call: () => unknown): Promise<{ ms: number; heapMb: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    try {
      await call();
    } catch {
      // refusals throw; only the time counts
    }
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  gc();
  const before = process.memoryUsage().heapUsed;
  try {
    await call();
  } catch {
    // as above
  }
  const heapMb = (process.memoryUsage().heapUsed - before) / (1024 * 1024);
  return { ms: times[Math.floor(times.length / 2)]!, heapMb };
}

async function main(): Promise<void> {
  const now = new Date();
  const issuer = new Issuer({ keys: generateIssuerKeys(), bbsKeys: [await generateBbsKeyPair({ suite: 'bbs+2020' })] });
  const holder = generateHolderKeys();
  const prover = createProver();
  const wallet = new Wallet({ holderSecret: holder.secret, prover });
  const credential = await issuer.addBbsSignatures(issuer.issue({
    schema: PERSON_SCHEMA, holder: holder.commitment, validUntil: '2031-12-31',
    attributes: { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' },
  }), PERSON_SCHEMA);
  wallet.accept(credential);
  const acceptedKeys = defaultAcceptedKeys();
  const request = createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys, disclose: ['givenName'], validForSeconds: 3600,
    predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }], bbs: { suite: 'bbs+2020', disclose: ['nationality'] },
  });
  const presentation = await wallet.createPresentation({ request, registries: [issuer.exportRegistry()], now, allow: { linkable: true } });
  await prover.close();
  const rootViews = new RootViews();
  rootViews.addExport(issuer.exportRegistry());
  const options = { verificationKeys: Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey])), rootViews };
  const honestResult = await verifyPresentation(presentation, request, options);
  if (!honestResult.verified) throw new Error(`the honest presentation does not verify: ${JSON.stringify(honestResult.errors)}`);

  const honestText = JSON.stringify(presentation);
  const honest = await measure(() => verifyPresentation(presentation, request, options));
  const honestFromText = await measure(() => verifyPresentation(parseDocumentText(honestText, 'presentation'), request, options));
  const rows: string[][] = [];
  const row = (what: string, label: string, limit: string, bytes: number, m: { ms: number; heapMb: number }): void => {
    rows.push([what, label, `\`${limit}\``, bytes === 0 ? '' : (bytes / 1024).toFixed(0), m.ms.toFixed(2), (m.ms / honest.ms).toFixed(3), m.heapMb.toFixed(1)]);
  };
  row('honest', 'linkable SNARK + BBS presentation, verified in full', '-', honestText.length, honest);
  row('honest', 'the same, from text (parseDocumentText, then verify)', '-', honestText.length, honestFromText);
  const textOf = (value: unknown): string | undefined => {
    try {
      return JSON.stringify(value);
    } catch {
      return undefined; // too deep for JSON.stringify
    }
  };
  const size = (value: unknown): number => textOf(value)?.length ?? 0;
  for (const [label, make, limit] of PRESENTATION_CASES) {
    const worst = make(presentation);
    row('presentation', label, limit, size(worst), await measure(() => verifyPresentation(worst, request, options)));
    const text = textOf(worst);
    if (text !== undefined && text.length > LIMITS.presentation.text) {
      row('presentation text', label, 'presentation.text', text.length, await measure(() => parseDocumentText(text, 'presentation')));
    }
  }
  for (const [label, make, limit] of REQUEST_CASES) {
    const worst = make(request);
    row('request', label, limit, size(worst), await measure(() => parseRequest(worst)));
  }
  for (const [label, make, limit] of CREDENTIAL_CASES) {
    const worst = make(credential);
    row('credential', label, limit, size(worst), await measure(() => openCredential(worst)));
  }
  await releaseCurve();

  const header = ['document', 'worst case', 'refused by', 'KiB', 'median ms', '× honest', 'heap Δ MB'];
  console.log(`Refusing worst cases vs an honest verification (${runs} runs each, median; Node ${process.version}, ${new Date().toISOString()})\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map((_, i) => (i >= 3 ? '---:' : '---')).join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  const worst = rows.slice(2).reduce((a, b) => (Number(b[5]) > Number(a[5]) ? b : a));
  const worstHeap = rows.slice(2).reduce((a, b) => (Number(b[6]) > Number(a[6]) ? b : a));
  console.log(`\nSlowest refusal: ${worst[1]} (${worst[0]}) at ${worst[5]}× honest; most heap: ${worstHeap[1]} (${worstHeap[0]}) at ${worstHeap[6]} MB.`);
}

await main();
