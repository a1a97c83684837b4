pragma circom 2.1.0;

include "comparators.circom";

/**
 * @title SelectByIndex
 * @notice out = values[index], with `index` constrained to [0, N).
 * @param N number of values
 * @input values the array to select from
 * @input index the position to select
 * @output out the selected value
 * SECURITY: without the "exactly one match" constraint an out-of-range index would select 0,
 *           and a predicate such as "eq 0" would hold for an attribute that does not exist.
 * Cost (--O2, N=16): 48.
 */
template SelectByIndex(N) {
    signal input values[N];
    signal input index;
    signal output out;

    signal match[N];
    signal picked[N];
    var matches = 0;
    var sum = 0;
    for (var i = 0; i < N; i++) {
        match[i] <== IsEqual()([index, i]);
        picked[i] <== match[i] * values[i];
        matches += match[i];
        sum += picked[i];
    }
    matches === 1;
    out <== sum;
}
