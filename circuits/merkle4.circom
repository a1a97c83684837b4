pragma circom 2.1.0;

include "poseidon.circom";
include "bitify.circom";

/**
 * @title MerkleRoot4
 * @notice Recomputes the root of a 4-ary Poseidon Merkle tree from a leaf and its path, with the
 *         registry's conventions (src/registry/tree.ts, test/vectors/registry-tree.json): a node
 *         is Poseidon(4) of its children, child i being Poseidon input i; the position at each
 *         level is one base-4 digit of the leaf index, least significant first; the empty leaf
 *         is 0.
 * @param DEPTH number of levels (the tree holds 4^DEPTH leaves)
 * @input leaf the leaf value
 * @input pathElements the three siblings at each level, from the leaf up, in child order with
 *        the running node left out
 * @input pathIndices the running node's child position at each level (0..3)
 * @output root the recomputed root; the caller constrains it to the public root
 * SECURITY: each position is decomposed into two constrained bits (Num2Bits(2)), so it is one of
 *           0..3; the four children are then selected by those bits alone, so the running node
 *           sits in exactly one slot and the three siblings fill the others in order. A
 *           non-digit position, or a node placed in two slots, cannot satisfy the constraints.
 * With bits b0 (low) and b1 (high) of the position p:
 *   child0 = p == 0 ? node : s0
 *   child1 = b1 ? s1 : (b0 ? node : s0)
 *   child2 = b1 ? (b0 ? s2 : node) : s1
 *   child3 = node + s0 + s1 + s2 - child0 - child1 - child2   (linear: the one slot left)
 * Cost (--O2): 305 per level (Poseidon(4), two bits, six selection products);
 *              DEPTH=6: 1,830; DEPTH=10: 3,050.
 */
template MerkleRoot4(DEPTH) {
    signal input leaf;
    signal input pathElements[DEPTH][3];
    signal input pathIndices[DEPTH];
    signal output root;

    signal node[DEPTH + 1];
    signal bits[DEPTH][2];
    signal both[DEPTH];
    signal lowOrNode[DEPTH];
    signal nodeOrHigh[DEPTH];
    signal child[DEPTH][4];
    node[0] <== leaf;
    for (var i = 0; i < DEPTH; i++) {
        var s0 = pathElements[i][0];
        var s1 = pathElements[i][1];
        var s2 = pathElements[i][2];
        bits[i] <== Num2Bits(2)(pathIndices[i]);
        both[i] <== bits[i][0] * bits[i][1];
        // child0: node exactly when both bits are 0, i.e. (1 - b0)(1 - b1) = 1 - b0 - b1 + b0·b1.
        child[i][0] <== s0 + (1 - bits[i][0] - bits[i][1] + both[i]) * (node[i] - s0);
        lowOrNode[i] <== s0 + bits[i][0] * (node[i] - s0);
        child[i][1] <== lowOrNode[i] + bits[i][1] * (s1 - lowOrNode[i]);
        nodeOrHigh[i] <== node[i] + bits[i][0] * (s2 - node[i]);
        child[i][2] <== s1 + bits[i][1] * (nodeOrHigh[i] - s1);
        child[i][3] <== node[i] + s0 + s1 + s2 - child[i][0] - child[i][1] - child[i][2];
        node[i + 1] <== Poseidon(4)(child[i]);
    }
    root <== node[DEPTH];
}
