/**
 * The test mains of the template tests, one per template instance whose behaviour or cost is
 * pinned. Each compiles once at --O2 into build/test-circuits/<name>/ (see witness.ts).
 */
import type { TestMain } from './witness.js';

const main = (name: string, file: string, template: string, params: number[] = []): TestMain => ({ name, file, template, params });

export const MAINS = {
  rangeCheck64: main('range-check-64', 'safe-comparators.circom', 'RangeCheck', [64]),
  safeLessThan32: main('safe-less-than-32', 'safe-comparators.circom', 'SafeLessThan', [32]),
  safeLessThan64: main('safe-less-than-64', 'safe-comparators.circom', 'SafeLessThan', [64]),
  safeLessEqThan32: main('safe-less-eq-than-32', 'safe-comparators.circom', 'SafeLessEqThan', [32]),
  safeLessEqThan64: main('safe-less-eq-than-64', 'safe-comparators.circom', 'SafeLessEqThan', [64]),
  hashMany1: main('hash-many-1', 'hash-many.circom', 'HashMany', [1]),
  hashMany16: main('hash-many-16', 'hash-many.circom', 'HashMany', [16]),
  hashMany17: main('hash-many-17', 'hash-many.circom', 'HashMany', [17]),
  hashMany32: main('hash-many-32', 'hash-many.circom', 'HashMany', [32]),
  merkleRoot4: main('merkle-root-4', 'merkle.circom', 'MerkleRoot', [4]),
  merkleRoot20: main('merkle-root-20', 'merkle.circom', 'MerkleRoot', [20]),
  merkleRoot4x3: main('merkle-root4-3', 'merkle4.circom', 'MerkleRoot4', [3]),
  merkleRoot4x6: main('merkle-root4-6', 'merkle4.circom', 'MerkleRoot4', [6]),
  merkleRoot4x10: main('merkle-root4-10', 'merkle4.circom', 'MerkleRoot4', [10]),
  credentialCommitment16: main('credential-commitment-16', 'credential.circom', 'CredentialCommitment', [16]),
  scopedNullifier: main('scoped-nullifier', 'nullifier.circom', 'ScopedNullifier'),
  disclosure16: main('disclosure-16', 'disclosure.circom', 'Disclosure', [16]),
  selectByIndex16: main('select-by-index-16', 'select.circom', 'SelectByIndex', [16]),
  setMembership32: main('set-membership-32', 'set-membership.circom', 'SetMembership', [32]),
  predicateSlot4x4: main('predicate-slot-4-4', 'predicate.circom', 'PredicateSlot', [4, 4]),
  predicateSlot16x32: main('predicate-slot-16-32', 'predicate.circom', 'PredicateSlot', [16, 32]),
  predicateSlot16x1: main('predicate-slot-16-1', 'predicate.circom', 'PredicateSlot', [16, 1]),
} as const satisfies Record<string, TestMain>;
