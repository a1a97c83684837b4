pragma circom 2.1.0;

include "poseidon.circom";
include "comparators.circom";

/**
 * @title ScopedNullifier
 * @notice A per-verifier pseudonym: Poseidon(holderSecret, scope) when scope != 0, and 0 when
 *         the request has no scope. The same holder gets the same value within one scope and
 *         unlinkable values across scopes.
 * @input holderSecret the holder's secret (private)
 * @input scope field encoding of the verifier's scope, 0 for none
 * @output nullifier the pseudonym, or 0
 * Cost (--O2): 243.
 */
template ScopedNullifier() {
    signal input holderSecret;
    signal input scope;
    signal output nullifier;

    signal noScope <== IsZero()(scope);
    signal pseudonym <== Poseidon(2)([holderSecret, scope]);
    nullifier <== (1 - noScope) * pseudonym;
}
