pragma circom 2.1.0;

include "comparators.circom";
include "hash-many.circom";

/**
 * @title SetMembership
 * @notice member = 1 if `value` equals some element of `set`, else 0; also outputs the set's
 *         commitment HashMany(SET_SIZE)(set), which the caller ties to a public input.
 * @param SET_SIZE number of set elements; shorter sets are padded by repeating their last
 *        element (src/internal/predicates.ts), which changes neither membership nor the
 *        meaning of notIn
 * @input value the value to test (any field element: string hashes work)
 * @input set the set elements (private; bound by the commitment)
 * @output member membership bit
 * @output commitment the set commitment
 * NOTE: membership is Prod(value - set[i]) == 0, which is exact in a prime field.
 * Cost (--O2, SET_SIZE=32): 1,491 (1,458 of them the commitment).
 */
template SetMembership(SET_SIZE) {
    signal input value;
    signal input set[SET_SIZE];
    signal output member;
    signal output commitment;

    signal product[SET_SIZE];
    product[0] <== value - set[0];
    for (var i = 1; i < SET_SIZE; i++) {
        product[i] <== product[i - 1] * (value - set[i]);
    }
    member <== IsZero()(product[SET_SIZE - 1]);
    commitment <== HashMany(SET_SIZE)(set);
}
