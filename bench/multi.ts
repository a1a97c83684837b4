/**
 * Suite "multi": a two-credential presentation (identity card "ageAtLeast 18" + driving licence
 * "classB eq true", multi-request.ts) against the two single presentations it combines, in one
 * process with one prover (the default path: native when built, else wasm), for the binary
 * depth-20 registries and the 4-ary depth-6 ones:
 *   proving   wall time of each single presentation, their sum, the two-credential one, and the
 *             ratio two-credential / sum (issue 18's goal: at most 1.1; the parts are proved
 *             concurrently, so on several cores it can be below 1);
 *   size      JSON bytes of the two singles together and of the two-credential presentation;
 *   verify    verifyPresentation of both singles, and verifyMultiPresentation.
 * Medians of alternating runs (single, single, multi, then again), after one warm-up of each.
 *
 * Run alone: `npx tsx bench/multi.ts [--quick]` prints the rows; bench/suites.ts registers it.
 */
import { pathToFileURL } from 'node:url';
import { createProver, defaultAcceptedKeys, loadVerificationKey } from '../src/artifacts.js';
import { resolveProverPath } from '../src/proving/native-prover.js';
import { Issuer } from '../src/issuer.js';
import { Wallet } from '../src/holder.js';
import { generateHolderKeys, generateIssuerKeys } from '../src/keys.js';
import { createMultiRequest } from '../src/multi-request.js';
import { verifyMultiPresentation } from '../src/multi-presentation.js';
import { RootViews } from '../src/registry/index.js';
import { createRequest } from '../src/request.js';
import { DRIVING_LICENCE_SCHEMA, LICENCE_CLASSES, PERSON_SCHEMA } from '../src/schema.js';
import type { TreeShape } from '../src/registry/tree.js';
import { verifyPresentation } from '../src/verifier.js';
import { progress } from './machine.js';
import type { Row } from './suite.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

/** One shape: the medians and sizes. */
async function measureShape(shape: TreeShape, runs: number, prover: ReturnType<typeof createProver>): Promise<Row> {
  const label = `${shape.arity === 2 ? 'binary' : `${shape.arity}-ary`} depth ${shape.depth}`;
  const state = new Issuer({ keys: generateIssuerKeys(), shape });
  const dmv = new Issuer({ keys: generateIssuerKeys(), shape });
  const holder = generateHolderKeys();
  const wallet = new Wallet({ holderSecret: holder.secret, prover });
  wallet.accept(state.issue({ schema: PERSON_SCHEMA, attributes: { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' }, holder: holder.commitment, validUntil: '2031-12-31' }));
  const classes = Object.fromEntries(LICENCE_CLASSES.map((c) => [`class${c}`, c === 'B']));
  wallet.accept(dmv.issue({ schema: DRIVING_LICENCE_SCHEMA, attributes: { ...classes, issueDate: '2015-03-02', expiryDate: '2030-03-01' }, holder: holder.commitment, validUntil: '2031-12-31' }));
  const registries = [state.exportRegistry(), dmv.exportRegistry()];
  const acceptedKeys = defaultAcceptedKeys();
  const verificationKeys = Object.fromEntries(acceptedKeys.map((k) => [k.circuit, loadVerificationKey(k.circuit).vkey]));
  const rootViews = new RootViews();
  for (const r of registries) rootViews.addExport(r);
  const personPart = { schema: PERSON_SCHEMA, trustedIssuers: [state.did], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 } as const], acceptedKeys };
  const licencePart = { schema: DRIVING_LICENCE_SCHEMA, trustedIssuers: [dmv.did], predicates: [{ attribute: 'classB', op: 'eq', value: true } as const], acceptedKeys };

  const single = async (part: typeof personPart | typeof licencePart): Promise<[number, number, number]> => {
    const request = createRequest(part);
    const [presentation, ms] = await timed(() => wallet.createPresentation({ request, registries }));
    const [result, verifyMs] = await timed(() => verifyPresentation(presentation, request, { verificationKeys, rootViews }));
    if (!result.verified) throw new Error(`${label}: a single presentation does not verify`);
    return [ms, JSON.stringify(presentation).length, verifyMs];
  };
  const multi = async (): Promise<[number, number, number]> => {
    const request = createMultiRequest({ parts: [personPart, licencePart] });
    const [presentation, ms] = await timed(() => wallet.createMultiPresentation({ request, registries }));
    const [result, verifyMs] = await timed(() => verifyMultiPresentation(presentation, request, { verificationKeys, rootViews }));
    if (!result.verified) throw new Error(`${label}: the two-credential presentation does not verify`);
    return [ms, JSON.stringify(presentation).length, verifyMs];
  };

  progress('multi', label, 'warm-up');
  await single(personPart);
  await single(licencePart);
  await multi();
  const samples = { person: [] as number[], licence: [] as number[], multi: [] as number[], verifySingles: [] as number[], verifyMulti: [] as number[] };
  let bytes = { singles: 0, multi: 0 };
  for (let i = 0; i < runs; i++) {
    progress('multi', label, `run ${i + 1}/${runs}`);
    const p = await single(personPart);
    const l = await single(licencePart);
    const m = await multi();
    samples.person.push(p[0]);
    samples.licence.push(l[0]);
    samples.multi.push(m[0]);
    samples.verifySingles.push(p[2] + l[2]);
    samples.verifyMulti.push(m[2]);
    bytes = { singles: p[1] + l[1], multi: m[1] };
  }
  const sum = samples.person.map((x, i) => x + samples.licence[i]!);
  return {
    suite: 'multi',
    registry: label,
    circuit: (await wallet.createMultiPresentation({ request: createMultiRequest({ parts: [personPart, licencePart] }), registries })).parts[0]!.zk!.circuit,
    singlePersonMs: median(samples.person),
    singleLicenceMs: median(samples.licence),
    sumOfSinglesMs: median(sum),
    twoCredentialMs: median(samples.multi),
    ratio: median(samples.multi.map((m, i) => m / sum[i]!)),
    singlesBytes: bytes.singles,
    twoCredentialBytes: bytes.multi,
    verifySinglesMs: median(samples.verifySingles),
    verifyTwoCredentialMs: median(samples.verifyMulti),
    runs,
  };
}

/**
 * Measures both registry shapes.
 * @param opts.quick - 2 runs per shape instead of 7
 * @throws Error if a presentation does not verify (a bug, not a measurement)
 */
export async function runMultiBench(opts: { quick: boolean }): Promise<{ rows: Row[]; notes: string[] }> {
  const prover = createProver();
  const runs = opts.quick ? 2 : 7;
  try {
    const rows: Row[] = [];
    for (const shape of [{ arity: 2, depth: 20 }, { arity: 4, depth: 6 }]) rows.push(await measureShape(shape, runs, prover));
    return {
      rows,
      notes: [
        `Proving path: ${resolveProverPath()} (the default). Wall times, medians of ${runs} alternating runs in one process after a warm-up; ratio = two-credential / (person + licence), per run, then the median.`,
        'Each presentation includes the wallet\'s checks and Merkle path from a registry export; verification includes the pairing of each part and the binding check.',
      ],
    };
  } finally {
    await prover.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, notes } = await runMultiBench({ quick: process.argv.includes('--quick') });
  for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
  for (const note of notes) process.stdout.write(`${note}\n`);
}
