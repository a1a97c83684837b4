/**
 * The onchain suite's registration and views (bench/RESULTS.md section and README block): one
 * table of the verifiers per circuit, ours against snarkjs's, and one of the gate's operations.
 * Cheap to import: the measuring code (bench/onchain.ts) loads only when the suite runs.
 */
import { int, table } from './format.js';
import type { Row, StoredSuite, SuiteDef } from './suite.js';

const verifierRows = (rows: Row[]): Row[] => rows.filter((r) => r.contract === 'Groth16 verifier');
const gateRows = (rows: Row[]): Row[] => rows.filter((r) => r.contract !== 'Groth16 verifier');

function verifierTable(rows: Row[]): string {
  return table(
    ['circuit', 'public signals (zero)', 'verify tx', 'verify tx, snarkjs', 'per-input share, snarkjs', 'deploy', 'deploy, snarkjs'],
    verifierRows(rows).map((r) => [
      String(r.circuit), `${int(r['public signals'])} (${int(r['zero signals'])})`, int(r['verify tx (gas)']), int(r['verify tx, snarkjs (gas)']),
      int(r['per-input share, snarkjs (gas)']), int(r['deploy (gas)']), int(r['deploy, snarkjs (gas)']),
    ]),
  );
}

function gateTable(rows: Row[]): string {
  return table(['operation', 'gas', 'of which call data'], gateRows(rows).map((r) => [
    String(r.operation), int(r.gas), r['calldata gas'] === undefined ? '' : `${int(r['calldata gas'])} (${int(r['calldata bytes'])} bytes)`,
  ]));
}

export const onchainSuite: SuiteDef = {
  name: 'onchain',
  title: 'On-chain verification (gas)',
  describe: 'EVM gas (in-process @ethereumjs/vm): each circuit\'s verifier, ours vs snarkjs\'s, and the age-only PresentationGate',
  run: async () => (await import('./onchain.js')).runOnchainBench(),
  markdown: (rows) => [
    'Groth16 verifiers (gas of one transaction: 21,000 intrinsic + call data + execution):', '', verifierTable(rows), '',
    'PresentationGate (circuit onchain-16-1-1-20-2; policy: age >= 18, nationality disclosed, one claim per scope):', '', gateTable(rows),
  ].join('\n'),
  readme: (suite: StoredSuite) => [
    'On-chain gas (one transaction each, 21,000 intrinsic and call data included; see "On-chain verification"):', '',
    verifierTable(suite.rows), '', gateTable(suite.rows),
  ],
};
