/**
 * How the sizes suite (bench/sizes.ts) is shown: its RESULTS.md section and its README lines,
 * with the proof-only sizes of the other proof systems measured by the systems and peers suites
 * beside it (for researchers: the proof alone, not a whole presentation).
 */
import { int, ms, table } from './format.js';
import type { Row, StoredSuite } from './suite.js';

type Suites = ReadonlyMap<string, StoredSuite>;
const rowsOf = (all: Suites, suite: string): Row[] => {
  const s = all.get(suite);
  return s === undefined || s.skipped !== null ? [] : s.rows;
};

function formsTable(rows: Row[]): string {
  return table(
    ['document', 'case', 'JSON', 'compact', 'QR text', 'QR version (M)', 'one QR code', 'URL form', 'encode', 'decode'],
    rows.map((r) => [String(r.what), String(r.case), `${int(r.jsonBytes)} B`, `${int(r.compactBytes)} B`, `${int(r.qrTextChars)} chars`,
      r.qrVersionM === null ? '–' : String(r.qrVersionM), r.fitsOneQr === false ? 'no (over version 40)' : 'yes',
      `${int(r.urlChars)} chars`, `${ms(r.encodeMs)} ms`, `${ms(r.decodeMs)} ms`]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r'],
  );
}

function proofOnlyTable(all: Suites): string | undefined {
  const body: string[][] = [
    ...rowsOf(all, 'systems').map((r) => [`${String(r.system)} (\`${String(r.circuit)}\`)`, 'systems', `${int(r.proofJsonBytes)} B`, `${int(r.proofCompactBytes)} B`]),
    ...rowsOf(all, 'peers').filter((r) => typeof r.proofBytes === 'number' && r.environment !== 'chromium').map((r) => [String(r.system), 'peers', '–', `${int(r.proofBytes)} B`]),
  ];
  return body.length === 0 ? undefined : table(['proof system', 'suite', 'proof JSON', 'proof binary'], body, ['l', 'l', 'r', 'r']);
}

export function sizesSection(rows: Row[], all: Suites): string {
  const out = ['Requests and presentations in each form (issue 16 goals: age-only presentation without a scope ≤ 200 bytes and QR version ≤ 10 at level M with its text prefix; age + EU nationality + one disclosed name ≤ 400 bytes):\n', formsTable(rows)];
  const proofs = proofOnlyTable(all);
  if (proofs !== undefined) out.push('\nProof-only sizes of the proof systems the systems and peers suites measure (a proof alone, without public inputs or disclosed values):\n', proofs);
  return out.join('\n');
}

export function sizesReadme(suite: StoredSuite, all: Suites): string[] {
  const lines = ['Compact and QR forms (`npm run bench -- --only=sizes`; JSON vs compact CBOR, QR version at level M):', '', ...formsTable(suite.rows).split('\n')];
  const proofs = proofOnlyTable(all);
  if (proofs !== undefined) lines.push('', 'Proof-only sizes, for comparison (systems and peers suites):', '', ...proofs.split('\n'));
  return lines;
}
