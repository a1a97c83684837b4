pragma circom 2.1.0;

include "comparators.circom";
include "safe-comparators.circom";
include "select.circom";
include "set-membership.circom";

/**
 * @title PredicateSlot
 * @notice Proves that one predicate holds over one attribute. Operator codes (src/constants.ts):
 *           0 noop     always holds (an unused slot)
 *           1 eq       v == a            2 ne       v != a
 *           3 lt       v <  a            4 lte      v <= a
 *           5 gt       v >  a            6 gte      v >= a
 *           7 between  a <= v <= b
 *           8 in       v in set          9 notIn    v not in set
 *         where v = attributes[attrIndex]. eq, ne, in and notIn compare full field elements
 *         (string hashes included); the order comparisons range-check v, a and b to 64 bits.
 * @param N_ATTRS number of attributes
 * @param SET_SIZE number of set elements
 * @input attributes the attribute encodings (private)
 * @input op operator code (public); any value outside 0..9 makes the proof impossible
 * @input attrIndex index of the attribute (public), constrained to [0, N_ATTRS)
 * @input operandA first operand (public); must be 0 for noop, in and notIn
 * @input operandB second operand (public); must be 0 for every operator but between
 * @input setCommitment HashMany(set) for in/notIn, 0 for every other operator (public)
 * @input set the padded set (private, bound by setCommitment)
 * SECURITY: range checks apply when the operator is an order comparison (op 3..7). The
 *           checked values are v*isOrder etc., so a string hash (>= 2^64) can still be used
 *           with eq/in, while an order comparison on a value of 2^64 or more is unsatisfiable.
 *           For operators other than in/notIn, setCommitment must be 0, so the private set has
 *           no effect on the statement.
 * Cost (--O2): (N_ATTRS, SET_SIZE) = (4, 4): 739; (16, 1): 688; (16, 32): 1,964.
 */
template PredicateSlot(N_ATTRS, SET_SIZE) {
    signal input attributes[N_ATTRS];
    signal input op;
    signal input attrIndex;
    signal input operandA;
    signal input operandB;
    signal input setCommitment;
    signal input set[SET_SIZE];

    var N_OPS = 10;
    signal isOp[N_OPS];
    var opCount = 0;
    for (var k = 0; k < N_OPS; k++) {
        isOp[k] <== IsEqual()([op, k]);
        opCount += isOp[k];
    }
    opCount === 1;

    // Operands an operator ignores must be 0: every public input then has exactly one meaning,
    // and a proof cannot carry arbitrary values in unused operands.
    operandA * (isOp[0] + isOp[8] + isOp[9]) === 0;
    operandB * (1 - isOp[7]) === 0;

    signal value <== SelectByIndex(N_ATTRS)(attributes, attrIndex);

    // Order comparisons on 64-bit range-checked values.
    signal isOrder <== isOp[3] + isOp[4] + isOp[5] + isOp[6] + isOp[7];
    signal orderValue <== value * isOrder;
    signal orderA <== operandA * isOrder;
    signal orderB <== operandB * isOrder;
    RangeCheck(64)(orderValue);
    RangeCheck(64)(orderA);
    RangeCheck(64)(orderB);
    signal valueBelowA <== LessThan(64)([orderValue, orderA]);
    signal aBelowValue <== LessThan(64)([orderA, orderValue]);
    signal bBelowValue <== LessThan(64)([orderB, orderValue]);
    signal inRange <== (1 - valueBelowA) * (1 - bBelowValue);

    signal equal <== IsEqual()([value, operandA]);

    component membership = SetMembership(SET_SIZE);
    membership.value <== value;
    membership.set <== set;
    signal isSetOp <== isOp[8] + isOp[9];
    setCommitment === isSetOp * membership.commitment;

    // holds = sum over operators of isOp[k] * (truth of operator k); exactly one isOp is 1.
    signal term[N_OPS];
    term[0] <== isOp[0];
    term[1] <== isOp[1] * equal;
    term[2] <== isOp[2] * (1 - equal);
    term[3] <== isOp[3] * valueBelowA;
    term[4] <== isOp[4] * (1 - aBelowValue);
    term[5] <== isOp[5] * aBelowValue;
    term[6] <== isOp[6] * (1 - valueBelowA);
    term[7] <== isOp[7] * inRange;
    term[8] <== isOp[8] * membership.member;
    term[9] <== isOp[9] * (1 - membership.member);
    var holds = 0;
    for (var k = 0; k < N_OPS; k++) {
        holds += term[k];
    }
    holds === 1;
}
