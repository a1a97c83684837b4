pragma circom 2.1.0;

include "presentation.circom";
include "hash-many.circom";
include "select.circom";

/**
 * @title OnchainPresentation
 * @notice The Presentation statement (DESIGN section 4) for a smart-contract verifier, with
 *         fewer public signals: every request parameter a contract fixes once (schema, scope,
 *         what to disclose, the predicate slots) is private and enters as ONE public hash,
 *           requestHash = HashMany(schemaId, scope, discloseAttr[N_DISCLOSED],
 *                                  predOp[P], predAttr[P], predA[P], predB[P],
 *                                  predRelA[P], predRelB[P], predSetCommitment[P])
 *         (src/onchain/request.ts computes the same value), which the contract stores.
 *         Values that change per call stay public: root, today, nonce.
 *         Date operands may follow `today`: the operand the slot checks is
 *           a = predA + predRelA * today,  b = predB + predRelB * today   (mod p),
 *         so "age >= 18" is predA = -180000 with predRelA = 1 and stays true to the calendar
 *         while the contract's stored hash never changes.
 *         Disclosure: disclosed[k] = attributes[discloseAttr[k] - 1], or 0 when discloseAttr[k]
 *         is 0 (an unused disclosure slot); each index is constrained to 0..N_ATTRS.
 *         The credential is never linkable here (linkable = 0, no commitment output).
 * @param N_ATTRS, N_PREDICATES, SET_SIZE, ARITY, DEPTH as in Presentation
 * @param N_DISCLOSED disclosure slots (public outputs)
 * Public signals, in snarkjs order: nullifier, disclosed[N_DISCLOSED], root, today, nonce,
 *   requestHash.
 * SECURITY: predRelA/predRelB are constrained to 0 or 1; the inner Presentation keeps all
 *           its checks (membership, holder binding, expiry against today, predicates).
 * Cost (--O2): (16, 1, 1, 2, 20, 2): 7,612 (Presentation: 7,045).
 */
template OnchainPresentation(N_ATTRS, N_PREDICATES, SET_SIZE, ARITY, DEPTH, N_DISCLOSED) {
    signal input root;
    signal input today;
    signal input nonce;
    signal input requestHash;

    signal input schemaId;
    signal input scope;
    signal input discloseAttr[N_DISCLOSED];
    signal input predOp[N_PREDICATES];
    signal input predAttr[N_PREDICATES];
    signal input predA[N_PREDICATES];
    signal input predB[N_PREDICATES];
    signal input predRelA[N_PREDICATES];
    signal input predRelB[N_PREDICATES];
    signal input predSetCommitment[N_PREDICATES];

    signal input attributes[N_ATTRS];
    signal input salt;
    signal input holderSecret;
    signal input validUntil;
    signal input pathElements[DEPTH][ARITY - 1];
    signal input pathIndices[DEPTH];
    signal input predSet[N_PREDICATES][SET_SIZE];

    signal output nullifier;
    signal output disclosed[N_DISCLOSED];

    // The request parameters are exactly the ones the contract committed to.
    var N_PARAMS = 2 + N_DISCLOSED + 7 * N_PREDICATES;
    signal params[N_PARAMS];
    params[0] <== schemaId;
    params[1] <== scope;
    for (var k = 0; k < N_DISCLOSED; k++) params[2 + k] <== discloseAttr[k];
    for (var j = 0; j < N_PREDICATES; j++) {
        var base = 2 + N_DISCLOSED;
        params[base + j] <== predOp[j];
        params[base + N_PREDICATES + j] <== predAttr[j];
        params[base + 2 * N_PREDICATES + j] <== predA[j];
        params[base + 3 * N_PREDICATES + j] <== predB[j];
        params[base + 4 * N_PREDICATES + j] <== predRelA[j];
        params[base + 5 * N_PREDICATES + j] <== predRelB[j];
        params[base + 6 * N_PREDICATES + j] <== predSetCommitment[j];
    }
    signal paramsHash <== HashMany(N_PARAMS)(params);
    requestHash === paramsHash;

    // Operands relative to today.
    signal effectiveA[N_PREDICATES];
    signal effectiveB[N_PREDICATES];
    for (var j = 0; j < N_PREDICATES; j++) {
        predRelA[j] * (predRelA[j] - 1) === 0;
        predRelB[j] * (predRelB[j] - 1) === 0;
        effectiveA[j] <== predA[j] + predRelA[j] * today;
        effectiveB[j] <== predB[j] + predRelB[j] * today;
    }

    // The full statement, with no mask disclosure and no link.
    component statement = Presentation(N_ATTRS, N_PREDICATES, SET_SIZE, ARITY, DEPTH);
    statement.root <== root;
    statement.today <== today;
    statement.nonce <== nonce;
    statement.scope <== scope;
    statement.schemaId <== schemaId;
    statement.discloseMask <== 0;
    statement.linkable <== 0;
    statement.predOp <== predOp;
    statement.predAttr <== predAttr;
    statement.predA <== effectiveA;
    statement.predB <== effectiveB;
    statement.predSetCommitment <== predSetCommitment;
    statement.attributes <== attributes;
    statement.salt <== salt;
    statement.holderSecret <== holderSecret;
    statement.validUntil <== validUntil;
    statement.pathElements <== pathElements;
    statement.pathIndices <== pathIndices;
    statement.predSet <== predSet;
    nullifier <== statement.nullifier;

    // Disclosure by index: slot 0 of the selectable values is the constant 0 (nothing).
    signal selectable[N_ATTRS + 1];
    selectable[0] <== 0;
    for (var i = 0; i < N_ATTRS; i++) selectable[i + 1] <== attributes[i];
    for (var k = 0; k < N_DISCLOSED; k++) {
        disclosed[k] <== SelectByIndex(N_ATTRS + 1)(selectable, discloseAttr[k]);
    }
}
