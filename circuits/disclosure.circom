pragma circom 2.1.0;

include "bitify.circom";

/**
 * @title Disclosure
 * @notice Reveals the attributes selected by a public bit mask: disclosed[i] = values[i] when
 *         bit i of `mask` is set, else 0.
 * @param N number of values
 * @input values the attribute encodings (private)
 * @input mask the disclosure mask, bit i selects values[i]; constrained to [0, 2^N)
 * @output disclosed the masked values
 * NOTE: a disclosed 0 and a hidden slot look alike; the verifier reads the mask from its own
 *       request, never from the proof.
 * Cost (--O2, N=16): 32.
 */
template Disclosure(N) {
    signal input values[N];
    signal input mask;
    signal output disclosed[N];

    signal bits[N] <== Num2Bits(N)(mask);
    for (var i = 0; i < N; i++) {
        disclosed[i] <== values[i] * bits[i];
    }
}
