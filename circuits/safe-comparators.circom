pragma circom 2.1.0;

include "bitify.circom";
include "comparators.circom";

/**
 * @title RangeCheck
 * @notice Constrains `in` to [0, 2^n).
 * @param n bit width, at most 252 (so that 2^n < p and the decomposition is unique)
 * @input in the value to check
 * Cost (--O2): n constraints (n=64: 64).
 */
template RangeCheck(n) {
    assert(n <= 252);
    signal input in;
    _ <== Num2Bits(n)(in);
}

/**
 * @title SafeLessThan
 * @notice out = 1 if in[0] < in[1], else 0, for inputs that are range-checked here to n bits.
 * @param n bit width of both inputs, at most 252
 * @input in the two values to compare
 * @output out the comparison bit
 * SECURITY: circomlib's LessThan(n) alone is unsound for inputs of n bits or more (a field
 *           element near p wraps around); this template range-checks both inputs first.
 * Cost (--O2): n=32: 97; n=64: 193.
 */
template SafeLessThan(n) {
    assert(n <= 252);
    signal input in[2];
    signal output out;
    RangeCheck(n)(in[0]);
    RangeCheck(n)(in[1]);
    out <== LessThan(n)(in);
}

/**
 * @title SafeLessEqThan
 * @notice out = 1 if in[0] <= in[1], else 0, for range-checked n-bit inputs.
 * @param n bit width of both inputs, at most 252
 * @input in the two values to compare
 * @output out the comparison bit
 * NOTE: computed as NOT(in[1] < in[0]), so in[1] + 1 never has to fit n bits.
 * Cost (--O2): n=32: 97; n=64: 193.
 */
template SafeLessEqThan(n) {
    signal input in[2];
    signal output out;
    signal greater <== SafeLessThan(n)([in[1], in[0]]);
    out <== 1 - greater;
}
