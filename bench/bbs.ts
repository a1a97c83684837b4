/**
 * Suite "bbs": cost and size of BBS selective disclosure (src/bbs.ts) for both suites,
 * 'bbs+2020' (@mattrglobal/bbs-signatures 2.0.0, wasm) and 'bbs-2023' (IETF draft BLS12-381-SHA-256,
 * @digitalbazaar/bbs-signatures 3.0.0, pure JS), through the library's public functions, so
 * the times include its validation (and, for signing, the ~10 ms check that the public key
 * belongs to the secret key).
 *
 *   sign    bbsSign over n credential messages (bbsMessages with n - 3 attributes)
 *   derive  bbsDeriveProof hiding h messages and disclosing the other n - h
 *   verify  bbsVerifyProof of that proof
 *
 * for n = 8, 16, 32, 64 and h = 1, 2, n - 1 (full), or n = 8, 32 and h = 1, n - 1 (--quick,
 * fewer samples, under a minute on an idle 2-core machine). `bytes` is the signature size for
 * sign rows and the proof size otherwise.
 *
 * Run alone: `npx tsx bench/bbs.ts [--quick]` prints a markdown table; bench/suites.ts registers
 * `runBbsBench` as the "bbs" suite of `npm run bench`.
 */
import { pathToFileURL } from 'node:url';
import {
  BBS_SUITES, bbsDeriveProof, bbsMessages, bbsSign, bbsVerifyProof, generateBbsKeyPair, type BbsSuite,
} from '../src/bbs.js';
import { type AsyncCase, measure, progress } from './machine.js';

/** One measurement. In these rows `suite` is the BBS suite. */
export type BbsBenchRow = {
  suite: BbsSuite;
  /** Messages signed. */
  messages: number;
  /** Messages the proof hides; null for sign. */
  hidden: number | null;
  op: 'sign' | 'derive' | 'verify';
  meanMs: number;
  /** benchmark.js relative margin of error, percent. */
  rme: number;
  samples: number;
  /** Signature bytes (sign) or proof bytes (derive, verify). */
  bytes: number;
};

export interface BbsBenchOptions {
  /** Fewer sizes and samples: under a minute. */
  quick: boolean;
}

const NONCE = new TextEncoder().encode('bench-nonce');

/** n credential messages: n - 3 attributes plus schemaId, validUntil and commitment. */
function credentialMessages(n: number): Uint8Array[] {
  return bbsMessages({
    schemaId: 'urn:zkdisclose:bench',
    attributes: Array.from({ length: n - 3 }, (_, i) => ({ name: `attribute${i}`, canonical: `value-${i}-${'x'.repeat(i % 7)}` })),
    validUntil: '2031-12-31',
    commitment: '1234567890123456789012345678901234567890',
  });
}

/**
 * Measures sign, derive and verify for both suites. Each case is prepared (signature, proof)
 * and checked to verify before it is timed.
 *
 * @param opts.quick - fewer message counts, hidden counts and samples
 * @returns one row per (suite, messages, hidden, op)
 * @throws Error if a prepared proof does not verify (a bug, not a measurement)
 */
export async function runBbsBench(opts: BbsBenchOptions): Promise<BbsBenchRow[]> {
  const sizes = opts.quick ? [8, 32] : [8, 16, 32, 64];
  const hiddenCounts = (n: number): number[] => (opts.quick ? [1, n - 1] : [1, 2, n - 1]);
  const measureOptions = opts.quick ? { warmup: 0, minSamples: 2, maxTime: 0.3 } : { warmup: 1, minSamples: 5, maxTime: 3 };
  const rows: BbsBenchRow[] = [];

  for (const suite of BBS_SUITES) {
    const keys = await generateBbsKeyPair({ suite, seed: new Uint8Array(32).fill(7) });
    const { secretKey, publicKey } = keys;
    for (const n of sizes) {
      const messages = credentialMessages(n);
      progress('bbs', suite, `${n} messages`, 'prepare');
      const signature = await bbsSign({ suite, secretKey, publicKey, messages });
      const cases: (AsyncCase & { row: Omit<BbsBenchRow, 'meanMs' | 'rme' | 'samples'> })[] = [{
        name: `${suite} sign n=${n}`,
        fn: () => bbsSign({ suite, secretKey, publicKey, messages }),
        row: { suite, messages: n, hidden: null, op: 'sign', bytes: signature.length },
      }];
      for (const hidden of hiddenCounts(n)) {
        // Hide the first `hidden` messages; which ones does not change the cost.
        const disclosedIndexes = Array.from({ length: n - hidden }, (_, i) => i + hidden);
        const disclosedMessages = disclosedIndexes.map((i) => messages[i]);
        const derive = () => bbsDeriveProof({ suite, publicKey, signature, messages, disclosedIndexes, presentationHeader: NONCE });
        const proof = await derive();
        const verify = () => bbsVerifyProof({
          suite, publicKey, proof, disclosedMessages, disclosedIndexes, totalMessages: n, presentationHeader: NONCE,
        });
        if (!(await verify())) throw new Error(`${suite}: prepared proof (n=${n}, hidden=${hidden}) does not verify`);
        cases.push(
          { name: `${suite} derive n=${n} hidden=${hidden}`, fn: derive, row: { suite, messages: n, hidden, op: 'derive', bytes: proof.length } },
          { name: `${suite} verify n=${n} hidden=${hidden}`, fn: verify, row: { suite, messages: n, hidden, op: 'verify', bytes: proof.length } },
        );
      }
      const results = await measure(cases, measureOptions, (name) => progress('bbs', name));
      results.forEach((m, i) => {
        rows.push({ ...cases[i].row, meanMs: m.meanMs, rme: m.rme, samples: m.samples });
      });
    }
  }
  return rows;
}

/** The rows as a markdown table (times in ms). */
export function bbsMarkdownTable(rows: readonly BbsBenchRow[]): string {
  const lines = [
    '| suite | messages | hidden | op | mean ms | rme | samples | bytes |',
    '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const mean = r.meanMs < 100 ? r.meanMs.toFixed(1) : r.meanMs.toFixed(0);
    lines.push(`| ${r.suite} | ${r.messages} | ${r.hidden ?? '–'} | ${r.op} | ${mean} | ±${r.rme.toFixed(1)} % | ${r.samples} | ${r.bytes} |`);
  }
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const started = performance.now();
  const rows = await runBbsBench({ quick });
  process.stdout.write(`\n${bbsMarkdownTable(rows)}\n\n${quick ? 'quick' : 'full'} run, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
