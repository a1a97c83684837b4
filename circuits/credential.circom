pragma circom 2.1.0;

include "poseidon.circom";
include "hash-many.circom";

/**
 * @title CredentialCommitment
 * @notice The credential commitment of DESIGN section 2, and the holder binding inside it:
 *           holderCommitment = Poseidon(holderSecret)
 *           attributesHash   = HashMany(N_ATTRS)(attributes)
 *           commitment       = Poseidon(schemaId, attributesHash, holderCommitment, validUntil, salt)
 *         Knowing a preimage of `commitment` therefore means knowing the holder secret: a
 *         stolen credential (attributes and salt without the secret) cannot be presented.
 * @param N_ATTRS number of attribute slots in the schema layout
 * @input schemaId field encoding of the schema id
 * @input attributes attribute encodings, in schema order (unused slots are 0)
 * @input holderSecret the holder's secret (private)
 * @input validUntil expiry date as YYYYMMDD
 * @input salt random blinding value chosen by the issuer
 * @output commitment the registry leaf
 * NOTE: src/internal/commitment.ts computes the same values.
 * Cost (--O2, N_ATTRS=16): 1,143.
 */
template CredentialCommitment(N_ATTRS) {
    signal input schemaId;
    signal input attributes[N_ATTRS];
    signal input holderSecret;
    signal input validUntil;
    signal input salt;
    signal output commitment;

    signal holderCommitment <== Poseidon(1)([holderSecret]);
    signal attributesHash <== HashMany(N_ATTRS)(attributes);
    commitment <== Poseidon(5)([schemaId, attributesHash, holderCommitment, validUntil, salt]);
}
