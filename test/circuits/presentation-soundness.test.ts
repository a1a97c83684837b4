/**
 * Soundness of the shipped Presentation mains at witness generation (committed
 * artifacts/<name>/circuit.wasm): a wrong root, sibling or direction, a revoked leaf, a wrong
 * holder secret or schema id, an expired credential, today >= 2^32, a false predicate, a string
 * hash (>= 2^64) or an operand of 2^64 in an order comparison, a set commitment on a non-set
 * operator, linkable = 2, discloseMask = 2^16, op code 10 and attrIndex 16 each fail in the
 * intended template, and failures that share a template fail at distinct asserts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { OP_CODES } from '../../src/constants.js';
import { encodeString } from '../../src/encoding.js';
import type { PredicateSlot, StatementInputs } from '../../src/internal/circuit-input.js';
import { AGE_18, ATTRIBUTES, LEAF_INDEX, SHIPPED, TODAY, inputOf, sampleWitness, scenario, shippedCircuit, type Scenario } from '../helpers/presentation.js';
import { failsIn, releaseCurve, type CircuitInput } from '../helpers/witness.js';

// The shipped wasm may predate comment edits in circuits/ (the source hash ignores comments),
// so failures are identified by their template call chain, innermost first, not by line.
const IN_PRESENTATION = failsIn('Presentation');
const TODAY_RANGE = failsIn('Num2Bits', 'RangeCheck', 'SafeLessThan', 'SafeLessEqThan', 'Presentation');
const MASK = failsIn('Num2Bits', 'Disclosure', 'Presentation');
const IN_PREDICATE = failsIn('PredicateSlot', 'Presentation');
const OUT_OF_RANGE = failsIn('Num2Bits', 'RangeCheck', 'PredicateSlot', 'Presentation');
const ATTR_INDEX = failsIn('SelectByIndex', 'PredicateSlot', 'Presentation');

/** The statement's slots with slot 0 replaced. */
const withSlot0 = (s: Scenario, slot: PredicateSlot): Partial<StatementInputs> => ({ slots: [slot, ...s.statement.slots.slice(1)] });

/** The honest input with public input `name[0]` replaced. */
function withFirst(input: CircuitInput, name: 'predOp' | 'predAttr' | 'predSetCommitment', value: string): CircuitInput {
  return { ...input, [name]: (input[name] as string[]).map((c, j) => (j === 0 ? value : c)) };
}

afterAll(releaseCurve);

describe.each(SHIPPED)('%s (committed artifacts)', (name) => {
  const s = scenario(name);
  const circuit = shippedCircuit(name);
  const expired = sampleWitness({ validUntil: TODAY - 1 }, s.params);
  const falsePredicate = (): CircuitInput => inputOf(s, withSlot0(s, { ...AGE_18, a: 19900516n }));

  describe('witness generation fails', () => {
    it('for a wrong root', async () => {
      await circuit.expectFail(inputOf(s, { root: s.tree.root + 1n }), IN_PRESENTATION);
    });

    it('for a wrong sibling in the Merkle path', async () => {
      const path = { ...s.witness.path, siblings: s.witness.path.siblings.map((x, i) => (i === 5 ? x.map((v, k) => (k === 0 ? v + 1n : v)) : x)) };
      await circuit.expectFail(inputOf(s, {}, { path }), IN_PRESENTATION);
    });

    it('for another position in the Merkle path', async () => {
      const path = { ...s.witness.path, positions: s.witness.path.positions.map((x, i) => (i === 0 ? (x + 1) % s.params.arity : x)) };
      await circuit.expectFail(inputOf(s, {}, { path }), IN_PRESENTATION);
    });

    it('for a revoked credential (its leaf set to 0) against the new root', async () => {
      const { tree } = sampleWitness({}, s.params);
      tree.update(LEAF_INDEX, 0n);
      await circuit.expectFail(inputOf(s, { root: tree.root }), IN_PRESENTATION);
    });

    it('for a wrong holder secret (a stolen credential)', async () => {
      await circuit.expectFail(inputOf(s, {}, { holderSecret: s.witness.holderSecret + 1n }), IN_PRESENTATION);
    });

    it('for another schema id', async () => {
      await circuit.expectFail(inputOf(s, { schemaId: encodeString('https://example.org/schemas/other/v1', 'schemaId') }), IN_PRESENTATION);
    });

    it('for an expired credential (validUntil = today - 1), with a valid Merkle path', async () => {
      await circuit.expectFail(inputOf(s, { root: expired.tree.root }, expired.witness), IN_PRESENTATION);
    });

    it('for today >= 2^32 (range-checked date)', async () => {
      await circuit.expectFail(inputOf(s, { today: 2 ** 32 }), TODAY_RANGE);
    });

    it('for a false predicate (age >= 18 with a cutoff one day before the birth date)', async () => {
      await circuit.expectFail(falsePredicate(), IN_PREDICATE);
    });

    it('for an order comparison on a string hash (gt 0 on givenName)', async () => {
      const slot: PredicateSlot = { op: OP_CODES.gt, attrIndex: ATTRIBUTES.givenName, a: 0n, b: 0n, set: [] };
      expect(s.witness.attributes[ATTRIBUTES.givenName]! >= 2n ** 64n).toBe(true);
      await circuit.expectFail(inputOf(s, withSlot0(s, slot)), OUT_OF_RANGE);
    });

    it('for an operand of 2^64 (lte on birthDate)', async () => {
      await circuit.expectFail(inputOf(s, withSlot0(s, { ...AGE_18, a: 2n ** 64n })), OUT_OF_RANGE);
    });

    it('for a non-zero set commitment on a non-set operator', async () => {
      await circuit.expectFail(withFirst(inputOf(s), 'predSetCommitment', '12345'), IN_PREDICATE);
    });

    it('for linkable = 2', async () => {
      await circuit.expectFail({ ...inputOf(s), linkable: '2' }, IN_PRESENTATION);
    });

    it('for discloseMask = 2^16', async () => {
      await circuit.expectFail(inputOf(s, { discloseMask: 2n ** 16n }), MASK);
    });

    it('for op code 10', async () => {
      await circuit.expectFail(withFirst(inputOf(s), 'predOp', '10'), IN_PREDICATE);
    });

    it('for attrIndex 16 (= N_ATTRS)', async () => {
      await circuit.expectFail(withFirst(inputOf(s), 'predAttr', '16'), ATTR_INDEX);
    });
  });

  // Failures inside one template differ only by line. Comment edits may have moved lines since
  // the artifacts were built but never reorder code: each cheat must fail at its own assert, and
  // the asserts must come in source order.
  describe('failures that share a template fail at distinct asserts', () => {
    async function linesOf(inputs: CircuitInput[], frames: string[]): Promise<number[]> {
      const lines: number[] = [];
      for (const input of inputs) {
        const failure = await circuit.failure(input);
        expect(failure.map((f) => f.template)).toEqual(frames);
        lines.push(failure[0]!.line);
      }
      return lines;
    }

    it('wrong root, expiry and linkable: three Presentation asserts, in source order', async () => {
      const lines = await linesOf([
        inputOf(s, { root: s.tree.root + 1n }),
        inputOf(s, { root: expired.tree.root }, expired.witness),
        { ...inputOf(s), linkable: '2' },
      ], ['Presentation']);
      expect(new Set(lines).size).toBe(3);
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
    });

    it('op code, set commitment and a false predicate: three PredicateSlot asserts, in source order', async () => {
      const lines = await linesOf([
        withFirst(inputOf(s), 'predOp', '10'),
        withFirst(inputOf(s), 'predSetCommitment', '12345'),
        falsePredicate(),
      ], ['PredicateSlot', 'Presentation']);
      expect(new Set(lines).size).toBe(3);
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
    });
  });
});
