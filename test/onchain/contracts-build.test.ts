/**
 * The shipped contract builds (contracts/compiled/, what loadContract returns) are exactly what
 * `npm run build:contracts` makes from the current contracts/ sources: deploying them deploys
 * the reviewed sources and the committed verifier keys.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compileContracts } from '../../scripts/contracts.js';
import { CONTRACTS_BUILD_DIR, DEPLOYABLE, contractBuild } from '../../scripts/build-contracts.js';
import { loadContract } from '../../src/index.js';

it.each(DEPLOYABLE)('contracts/compiled/%s.json matches a fresh compile of contracts/', (name) => {
  expect(readFileSync(join(CONTRACTS_BUILD_DIR, `${name}.json`), 'utf8')).toBe(contractBuild(name, compileContracts()[name]!));
  expect(loadContract(name).bytecode).toBe(compileContracts()[name]!.bytecode);
});

it('loadContract refuses other names', () => {
  expect(() => loadContract('Groth16Verifier' as 'RootRegistry')).toThrow(expect.objectContaining({ field: 'name' }));
});
