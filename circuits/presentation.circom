pragma circom 2.1.0;

include "credential.circom";
include "merkle.circom";
include "merkle4.circom";
include "safe-comparators.circom";
include "predicate.circom";
include "disclosure.circom";
include "nullifier.circom";

/**
 * @title Presentation
 * @notice The statement of DESIGN section 4. For private attributes, salt, holder secret,
 *         expiry and Merkle path, it proves:
 *           1. Poseidon(schemaId, HashMany(attributes), Poseidon(holderSecret), validUntil, salt)
 *              is a leaf of the issuer's registry tree with root `root` (issued, not revoked);
 *           2. the prover knows holderSecret (it is inside the leaf);
 *           3. validUntil >= today (both range-checked dates YYYYMMDD);
 *           4. each predicate slot holds (PredicateSlot);
 *           5. disclosed[i] = attributes[i] for each bit i set in discloseMask, else 0;
 *           6. nullifier = Poseidon(holderSecret, scope) when scope != 0, else 0;
 *           7. the proof is bound to `nonce`;
 *           8. linkedCommitment = the leaf when linkable = 1, else 0 (for presentations that
 *              pair this proof with a BBS proof of the same credential; linkable by design).
 * @param N_ATTRS attribute slots; @param N_PREDICATES predicate slots;
 * @param SET_SIZE elements per in/notIn set
 * @param ARITY registry tree arity (2: MerkleRoot, 4: MerkleRoot4); @param DEPTH its depth
 * The path's private inputs are pathElements[DEPTH][ARITY - 1] (siblings in child order) and
 * pathIndices[DEPTH] (the running node's position, 0..ARITY - 1), as src/registry/tree.ts
 * gives them.
 * Public signals, in snarkjs order (outputs, then public inputs as declared here):
 *   disclosed[N_ATTRS], nullifier, linkedCommitment,
 *   root, today, nonce, scope, schemaId, discloseMask, linkable,
 *   predOp[N_PREDICATES], predAttr[...], predA[...], predB[...], predSetCommitment[...]
 * Every public input takes part in a constraint: none is free for the prover to choose
 * independently of the statement.
 * Cost (--O2): (16, 4, 32, 2, 20): 14,213; (16, 1, 1, 2, 20): 7,045;
 *              (16, 1, 1, 4, 6): 4,035; (16, 1, 1, 4, 10): 5,255;
 *              (16, 4, 32, 4, 6): 11,203; (16, 4, 32, 4, 10): 12,423.
 */
template Presentation(N_ATTRS, N_PREDICATES, SET_SIZE, ARITY, DEPTH) {
    assert(ARITY == 2 || ARITY == 4);
    signal input root;
    signal input today;
    signal input nonce;
    signal input scope;
    signal input schemaId;
    signal input discloseMask;
    signal input linkable;
    signal input predOp[N_PREDICATES];
    signal input predAttr[N_PREDICATES];
    signal input predA[N_PREDICATES];
    signal input predB[N_PREDICATES];
    signal input predSetCommitment[N_PREDICATES];

    signal input attributes[N_ATTRS];
    signal input salt;
    signal input holderSecret;
    signal input validUntil;
    signal input pathElements[DEPTH][ARITY - 1];
    signal input pathIndices[DEPTH];
    signal input predSet[N_PREDICATES][SET_SIZE];

    signal output disclosed[N_ATTRS];
    signal output nullifier;
    signal output linkedCommitment;

    // 1-2. Membership of the holder-bound commitment.
    signal commitment <== CredentialCommitment(N_ATTRS)(schemaId, attributes, holderSecret, validUntil, salt);
    signal computedRoot;
    if (ARITY == 2) {
        signal siblings[DEPTH];
        for (var i = 0; i < DEPTH; i++) siblings[i] <== pathElements[i][0];
        computedRoot <== MerkleRoot(DEPTH)(commitment, siblings, pathIndices);
    } else {
        computedRoot <== MerkleRoot4(DEPTH)(commitment, pathElements, pathIndices);
    }
    computedRoot === root;

    // 3. Not expired.
    signal notExpired <== SafeLessEqThan(32)([today, validUntil]);
    notExpired === 1;

    // 4. Predicates.
    for (var j = 0; j < N_PREDICATES; j++) {
        PredicateSlot(N_ATTRS, SET_SIZE)(attributes, predOp[j], predAttr[j], predA[j], predB[j],
                                         predSetCommitment[j], predSet[j]);
    }

    // 5. Selective disclosure.
    disclosed <== Disclosure(N_ATTRS)(attributes, discloseMask);

    // 6. Scoped nullifier.
    nullifier <== ScopedNullifier()(holderSecret, scope);

    // 7. The nonce has no role in the statement; this constraint makes that explicit (snarkjs
    //    binds every public input to the proof anyway).
    signal nonceSquare <== nonce * nonce;

    // 8. Optional link to a BBS presentation of the same credential.
    linkable * (linkable - 1) === 0;
    linkedCommitment <== linkable * commitment;
}
