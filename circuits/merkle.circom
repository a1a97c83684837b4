pragma circom 2.1.0;

include "poseidon.circom";

/**
 * @title MerkleRoot
 * @notice Recomputes the root of a binary Poseidon Merkle tree from a leaf and its path, the
 *         tree that @zk-kit/incremental-merkle-tree builds with poseidon-lite (zero value 0).
 * @param DEPTH number of levels (the tree holds 2^DEPTH leaves)
 * @input leaf the leaf value
 * @input pathElements the sibling at each level, from the leaf up
 * @input pathIndices 0 when the running node is the left child at that level, 1 when right
 * @output root the recomputed root; the caller constrains it to the public root
 * SECURITY: each path index is constrained to 0 or 1; a non-binary index would blend the two
 *           children and let a prover reach any root.
 * Cost (--O2): 242 per level; DEPTH=20: 4,840.
 */
template MerkleRoot(DEPTH) {
    signal input leaf;
    signal input pathElements[DEPTH];
    signal input pathIndices[DEPTH];
    signal output root;

    signal node[DEPTH + 1];
    signal left[DEPTH];
    node[0] <== leaf;
    for (var i = 0; i < DEPTH; i++) {
        pathIndices[i] * (pathIndices[i] - 1) === 0;
        // left = index ? sibling : node; right is the other one (a linear expression).
        left[i] <== node[i] + pathIndices[i] * (pathElements[i] - node[i]);
        node[i + 1] <== Poseidon(2)([left[i], node[i] + pathElements[i] - left[i]]);
    }
    root <== node[DEPTH];
}
