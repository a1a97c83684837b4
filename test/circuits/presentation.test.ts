/**
 * The shipped Presentation mains (full and compact, over binary depth-20 and 4-ary depth-10 and
 * depth-6 registries), on the committed artifacts/<name>/circuit.wasm and circuit.r1cs, not a
 * recompile: an honest witness built with the TypeScript reference (RegistryTree of the
 * circuit's shape, circuitInput) satisfies the
 * r1cs (snarkjs.wtns.check) and its public part equals expectedPublicSignals; cheating provers
 * (altered outputs or public inputs on an honest witness) fail the r1cs; every public signal has
 * a non-zero coefficient in some constraint, the only public inputs an edit alone leaves
 * satisfied are operands the slot's operator ignores, and such operands may take any value;
 * pinned constraint counts.
 * Witness-generation failures are in presentation-soundness.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedNullifier } from '../../src/commitment.js';
import { OP_CODES } from '../../src/constants.js';
import { readPublicSignals } from '../../src/internal/circuit-input.js';
import { SHIPPED, TODAY, expectedOf, inputOf, publicSignalNames, sampleWitness, scenario, shippedCircuit, type ShippedName } from '../helpers/presentation.js';
import { patchWitness, releaseCurve, unsatisfiedConstraints, type Witness } from '../helpers/witness.js';

const PINNED: Record<ShippedName, number> = {
  'presentation-16-4-32-20': 14213,
  'presentation-16-1-1-20': 7045,
  'presentation-16-4-32-4ary-10': 12423,
  'presentation-16-1-1-4ary-10': 5255,
  'presentation-16-4-32-4ary-6': 11203,
  'presentation-16-1-1-4ary-6': 4035,
};

afterAll(releaseCurve);

describe.each(SHIPPED)('%s (committed artifacts)', (name) => {
  const s = scenario(name);
  const circuit = shippedCircuit(name);
  const nPublic = publicSignalNames(s.params).length;
  /** The honest witness of the scenario; tests that edit it work on copies. */
  let honest: Witness;

  beforeAll(async () => {
    honest = await circuit.expectPass(inputOf(s));
  });

  describe('an honest witness', () => {
    it('satisfies the r1cs (snarkjs.wtns.check) and its public signals equal expectedPublicSignals', async () => {
      expect(await circuit.check(honest)).toBe(true);
      expect(honest.values[0]).toBe(1n);
      expect(honest.values.slice(1, 1 + nPublic).map(String)).toEqual(expectedOf(s));
    });

    it('has the documented public-signal layout (outputs, then public inputs)', () => {
      const r1cs = circuit.constraints();
      expect(r1cs.nOutputs).toBe(s.params.nAttributes + 2);
      expect(r1cs.nOutputs + r1cs.nPubInputs).toBe(nPublic);
    });

    it('outputs the disclosed attributes, the nullifier and the link by name', () => {
      const mask = s.statement.discloseMask;
      expect(circuit.readArray(honest, 'disclosed')).toEqual(s.witness.attributes.map((v, i) => (((mask >> BigInt(i)) & 1n) === 1n ? v : 0n)));
      expect(circuit.read(honest, 'nullifier')).toBe(scopedNullifier(s.witness.holderSecret, s.statement.scope));
      expect(circuit.read(honest, 'linkedCommitment')).toBe(s.statement.linkable ? s.commitment : 0n);
      const layout = readPublicSignals(s.params, honest.values.slice(1, 1 + nPublic).map(String));
      expect(layout?.root).toBe(s.tree.root);
      expect(layout?.nonce).toBe(s.statement.nonce);
    });

    it('accepts a credential that expires today (validUntil = today)', async () => {
      const { tree, witness } = sampleWitness({ validUntil: TODAY }, s.params);
      await circuit.expectPass(inputOf(s, { root: tree.root }, witness));
    });
  });

  describe('soundness: the r1cs rejects an edited honest witness', () => {
    it('with an altered disclosed output', async () => {
      await circuit.editWitness(honest, { 'disclosed[0]': s.witness.attributes[0]! + 1n });
    });

    it('with a hidden attribute placed in the output', async () => {
      expect(circuit.read(honest, 'disclosed[2]')).toBe(0n);
      await circuit.editWitness(honest, { 'disclosed[2]': s.witness.attributes[2]! });
    });

    it('with another nullifier', async () => {
      await circuit.editWitness(honest, { nullifier: circuit.read(honest, 'nullifier') + 1n });
    });

    it('with another root', async () => {
      await circuit.editWitness(honest, { root: s.tree.root + 1n });
    });

    it('with a later today (an expired credential re-dated)', async () => {
      await circuit.editWitness(honest, { today: 20300102n });
    });

    it('with another nonce', async () => {
      await circuit.editWitness(honest, { nonce: s.statement.nonce + 1n });
    });
  });

  describe('public inputs are constrained', () => {
    it('every public signal has a non-zero coefficient in some constraint', () => {
      const r1cs = circuit.constraints();
      const touched = new Set<number>();
      for (const constraint of r1cs.constraints) {
        for (const lc of constraint) {
          for (const [wire, coefficient] of lc) if (coefficient % r1cs.prime !== 0n) touched.add(wire);
        }
      }
      const untouched = publicSignalNames(s.params).filter((_, i) => !touched.has(i + 1));
      expect(untouched).toEqual([]);
    });

    // Changing one public signal of an honest witness, alone, must violate a constraint: operands
    // an operator ignores are constrained to 0, so no public input is free.
    it('changing any one public signal alone violates a constraint', () => {
      const r1cs = circuit.constraints();
      const unbound = publicSignalNames(s.params).filter((_, i) => {
        const wire = i + 1;
        const edited = patchWitness(honest, new Map([[wire, honest.values[wire]! + 1n]]));
        return unsatisfiedConstraints(r1cs, edited.values).length === 0;
      });
      expect(unbound).toEqual([]);
    });

    it('refuses a non-zero value in an operand the operator ignores', async () => {
      const slots = s.statement.slots.map((slot) => {
        if (slot.op === OP_CODES.in || slot.op === OP_CODES.notIn || slot.op === OP_CODES.noop) return { ...slot, a: 999n };
        if (slot.op !== OP_CODES.between) return { ...slot, b: 999n };
        return slot;
      });
      expect(slots).not.toEqual(s.statement.slots);
      await circuit.expectFail(inputOf(s, { slots }));
    });
  });

  it(`has ${PINNED[name]} constraints`, async () => {
    expect(await circuit.constraintCount()).toBe(PINNED[name]);
  });
});
