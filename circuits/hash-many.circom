pragma circom 2.1.0;

include "poseidon.circom";

/**
 * @title HashMany
 * @notice Poseidon over any number of field elements: a single Poseidon(n) when n <= 16
 *         (circomlib's widest instance), otherwise a chain that absorbs 16 elements, then up
 *         to 15 more per step with the running hash as the first input.
 * @param n number of inputs (>= 1)
 * @input in the elements to hash, in order
 * @output out the hash; `hashMany` in src/internal/poseidon.ts computes the same value
 * NOTE: different n give unrelated hashes (Poseidon's width depends on n), so callers that
 *       hash variable-length data must fix n or prefix the length, as the string encoding does.
 * Cost (--O2): n=1: 213; n=16: 609; n=17: 849; n=32: 1,458.
 */
template HashMany(n) {
    signal input in[n];
    signal output out;

    if (n <= 16) {
        out <== Poseidon(n)(in);
    } else {
        var nSteps = 1 + (n - 16 + 14) \ 15;
        component step[nSteps];
        step[0] = Poseidon(16);
        for (var i = 0; i < 16; i++) {
            step[0].inputs[i] <== in[i];
        }
        var pos = 16;
        for (var s = 1; s < nSteps; s++) {
            var k = n - pos < 15 ? n - pos : 15;
            step[s] = Poseidon(k + 1);
            step[s].inputs[0] <== step[s - 1].out;
            for (var j = 0; j < k; j++) {
                step[s].inputs[j + 1] <== in[pos + j];
            }
            pos += k;
        }
        out <== step[nSteps - 1].out;
    }
}
