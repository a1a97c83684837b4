/**
 * Declarations for @zk-kit/incremental-merkle-tree 1.1.0, whose bundled types do not resolve
 * through its package.json "exports": only the members zkdisclose uses.
 */
declare module '@zk-kit/incremental-merkle-tree' {
  type Node = bigint | string | number;
  export interface MerkleProof {
    root: Node;
    leaf: Node;
    siblings: Node[][];
    pathIndices: number[];
  }
  export class IncrementalMerkleTree {
    constructor(hash: (values: bigint[]) => bigint, depth: number, zeroValue: Node, arity?: number);
    readonly root: Node;
    readonly leaves: Node[];
    insert(leaf: Node): void;
    update(index: number, leaf: Node): void;
    createProof(index: number): MerkleProof;
  }
}
