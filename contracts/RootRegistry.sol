// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RootRegistry
/// @notice Issuers' registry roots on chain, for presentation contracts to check a proved root.
///         An issuer is named by keccak256 of its DID (`issuerId`). The EVM has no Ed25519
///         precompile, so the chain cannot check an issuer's signature itself: the registry's
///         owner binds an issuer DID to an account after checking, off chain, an account
///         binding the issuer signed with its Ed25519 key (src/onchain/binding.ts). That check
///         is the trust step this contract rests on. From then on only that account publishes
///         the issuer's roots, each with its sequence number (strictly increasing) and size.
///         Acceptance follows the off-chain rule (src/registry/root-view.ts): a root is accepted
///         while it is the latest, and for `window` seconds after the root that superseded it
///         was published; revocation thus takes effect on chain within the window.
contract RootRegistry {
    /// Acceptance results (acceptance()).
    uint8 public constant ACCEPTED = 0;
    uint8 public constant ISSUER_NOT_REGISTERED = 1;
    uint8 public constant ROOT_UNKNOWN = 2;
    uint8 public constant ROOT_SUPERSEDED = 3;

    struct Issuer {
        address account;
        uint64 latestSequence;
        bool published;
    }

    struct RootRecord {
        /// The sequence the root was published with, plus one (0: never published).
        uint64 sequencePlusOne;
        /// When a newer root replaced it (0: it is the latest).
        uint64 supersededAt;
    }

    address public owner;
    mapping(bytes32 issuerId => Issuer) public issuers;
    mapping(address account => bytes32 issuerId) public issuerOfAccount;
    mapping(bytes32 issuerId => uint256 root) public latestRoot;
    mapping(bytes32 issuerId => mapping(uint256 root => RootRecord)) internal roots;

    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event IssuerBound(bytes32 indexed issuerId, address indexed account, string did);
    event IssuerUnbound(bytes32 indexed issuerId, address indexed account);
    event RootPublished(bytes32 indexed issuerId, uint64 sequence, uint256 root, uint64 size);

    error NotOwner(address caller);
    error NotIssuerAccount(address caller);
    error AccountInUse(address account, bytes32 issuerId);
    error IssuerAlreadyBound(bytes32 issuerId, address account);
    error IssuerNotBound(bytes32 issuerId);
    error SequenceNotIncreasing(uint64 sequence, uint64 latestSequence);
    error RootOutOfField(uint256 root);

    /// BN254 scalar field: a root is a field element.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    constructor() {
        owner = msg.sender;
        emit OwnershipTransferred(address(0), msg.sender);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    function transferOwnership(address newOwner) external onlyOwner {
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    /// @notice Binds an issuer DID to the account that will publish its roots. Call only after
    ///         checking the issuer's Ed25519-signed binding for this chain, registry and account.
    function bindIssuer(string calldata did, address account) external onlyOwner {
        bytes32 issuerId = keccak256(bytes(did));
        if (issuers[issuerId].account != address(0)) revert IssuerAlreadyBound(issuerId, issuers[issuerId].account);
        if (issuerOfAccount[account] != bytes32(0)) revert AccountInUse(account, issuerOfAccount[account]);
        issuers[issuerId].account = account;
        issuerOfAccount[account] = issuerId;
        emit IssuerBound(issuerId, account, did);
    }

    /// @notice Removes an issuer's account (a lost or compromised key): its roots stop being
    ///         accepted at once. Its sequence history is kept, so a rebound account continues it.
    function unbindIssuer(bytes32 issuerId) external onlyOwner {
        address account = issuers[issuerId].account;
        if (account == address(0)) revert IssuerNotBound(issuerId);
        issuers[issuerId].account = address(0);
        delete issuerOfAccount[account];
        emit IssuerUnbound(issuerId, account);
    }

    /// @notice Publishes the calling issuer account's root statement (sequence, root, size).
    function publishRoot(uint64 sequence, uint256 root, uint64 size) external {
        bytes32 issuerId = issuerOfAccount[msg.sender];
        if (issuerId == bytes32(0)) revert NotIssuerAccount(msg.sender);
        if (root >= R) revert RootOutOfField(root);
        Issuer storage issuer = issuers[issuerId];
        if (issuer.published && sequence <= issuer.latestSequence) revert SequenceNotIncreasing(sequence, issuer.latestSequence);
        if (issuer.published) roots[issuerId][latestRoot[issuerId]].supersededAt = uint64(block.timestamp);
        issuer.latestSequence = sequence;
        issuer.published = true;
        latestRoot[issuerId] = root;
        roots[issuerId][root] = RootRecord({ sequencePlusOne: sequence + 1, supersededAt: 0 });
        emit RootPublished(issuerId, sequence, root, size);
    }

    /// @notice Whether `root` of `issuerId` is accepted now with a history window of `window`
    ///         seconds: ACCEPTED, ISSUER_NOT_REGISTERED, ROOT_UNKNOWN or ROOT_SUPERSEDED.
    function acceptance(bytes32 issuerId, uint256 root, uint256 window) external view returns (uint8) {
        if (issuers[issuerId].account == address(0)) return ISSUER_NOT_REGISTERED;
        RootRecord memory record = roots[issuerId][root];
        if (record.sequencePlusOne == 0) return ROOT_UNKNOWN;
        if (record.supersededAt != 0 && block.timestamp - record.supersededAt > window) return ROOT_SUPERSEDED;
        return ACCEPTED;
    }

    /// @notice The sequence `root` was published with (reverts-free: `known` is false if never).
    function sequenceOf(bytes32 issuerId, uint256 root) external view returns (bool known, uint64 sequence, uint64 supersededAt) {
        RootRecord memory record = roots[issuerId][root];
        if (record.sequencePlusOne == 0) return (false, 0, 0);
        return (true, record.sequencePlusOne - 1, record.supersededAt);
    }
}
