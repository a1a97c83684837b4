// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { Groth16Verifier_onchain_16_1_1_20_2 } from "./verifiers/Groth16Verifier_onchain_16_1_1_20_2.sol";

/// @notice The part of RootRegistry a gate reads.
interface IRootRegistry {
    function acceptance(bytes32 issuerId, uint256 root, uint256 window) external view returns (uint8);
}

/// @title PresentationGate
/// @notice Checks an on-chain presentation (circuit onchain-16-1-1-20-2, circuits/onchain.circom)
///         against the policy fixed at deployment, as strictly as the TypeScript verifier:
///           - the request: its parameters (schema, scope, disclosure slots, predicate) enter the
///             proof as one Poseidon hash, `requestHash`, stored here (src/onchain/request.ts
///             computes it from a readable policy);
///           - the issuer: trusted by this gate, bound in the RootRegistry, and the proved root
///             accepted there with this gate's history window;
///           - today: the UTC date of block.timestamp or of the day before (a proof made just
///             before midnight and mined after);
///           - the caller: the proof's nonce must be callerNonce(msg.sender), so a proof copied
///             from the mempool and sent from another account fails;
///           - one claim per scope: the nullifier is recorded and a second use reverts;
///           - the Groth16 proof over the seven public signals.
///         Each failure reverts with its own error (src/onchain/errors.ts decodes them); success
///         records the nullifier and emits Presented with the disclosed values. Applications
///         inherit the gate and call _checkPresentation, or read the event.
contract PresentationGate is Groth16Verifier_onchain_16_1_1_20_2 {
    string public constant CIRCUIT = "onchain-16-1-1-20-2";

    IRootRegistry public immutable registry;
    uint256 public immutable requestHash;
    /// Seconds a superseded root stays accepted (the verifier's revocation latency).
    uint256 public immutable rootWindow;
    mapping(bytes32 issuerId => bool) public trustedIssuer;
    mapping(uint256 nullifier => bool) public spent;

    event Presented(address indexed caller, bytes32 indexed issuerId, uint256 indexed nullifier, uint256 root, uint256 today, uint256[2] disclosed);

    error IssuerNotTrusted(bytes32 issuerId);
    error IssuerNotRegistered(bytes32 issuerId);
    error RootUnknown(bytes32 issuerId, uint256 root);
    error RootSuperseded(bytes32 issuerId, uint256 root);
    error TodayOutOfRange(uint256 today, uint256 chainToday);
    error NullifierMissing();
    error NullifierSpent(uint256 nullifier);
    error InvalidProof();

    constructor(IRootRegistry registry_, uint256 requestHash_, uint256 rootWindow_, bytes32[] memory trustedIssuers) {
        registry = registry_;
        requestHash = requestHash_;
        rootWindow = rootWindow_;
        for (uint256 i = 0; i < trustedIssuers.length; i++) trustedIssuer[trustedIssuers[i]] = true;
    }

    /// @notice Checks a presentation from msg.sender and records its nullifier.
    /// @param issuerId keccak256 of the issuer's DID
    /// @param root the registry root the proof is about
    /// @param today the proof's date, YYYYMMDD
    /// @param nullifier the holder's pseudonym in this gate's scope
    /// @param disclosed the disclosed attribute encodings (0 for an unused slot)
    /// @param proof A.x, A.y, B.x.im, B.x.re, B.y.im, B.y.re, C.x, C.y
    function present(bytes32 issuerId, uint256 root, uint256 today, uint256 nullifier, uint256[2] calldata disclosed, uint256[8] calldata proof) external {
        _checkPresentation(issuerId, root, today, nullifier, disclosed, proof);
        emit Presented(msg.sender, issuerId, nullifier, root, today, disclosed);
    }

    function _checkPresentation(bytes32 issuerId, uint256 root, uint256 today, uint256 nullifier, uint256[2] calldata disclosed, uint256[8] calldata proof) internal {
        uint256 chainToday = utcDate(block.timestamp);
        if (today != chainToday && today != utcDate(block.timestamp - 1 days)) revert TodayOutOfRange(today, chainToday);
        if (nullifier == 0) revert NullifierMissing();
        if (spent[nullifier]) revert NullifierSpent(nullifier);
        if (!trustedIssuer[issuerId]) revert IssuerNotTrusted(issuerId);
        uint8 status = registry.acceptance(issuerId, root, rootWindow);
        if (status == 1) revert IssuerNotRegistered(issuerId);
        if (status == 2) revert RootUnknown(issuerId, root);
        if (status != 0) revert RootSuperseded(issuerId, root);

        uint256[7] memory input = [nullifier, disclosed[0], disclosed[1], root, today, callerNonce(msg.sender), requestHash];
        if (!_verifyProof(proof, input)) revert InvalidProof();
        spent[nullifier] = true;
    }

    /// @notice The nonce a proof for `caller` carries: bound to this chain, this gate and the
    ///         caller, below the field (248 bits).
    function callerNonce(address caller) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), caller))) >> 8;
    }

    /// @notice The UTC calendar date of a Unix time as YYYYMMDD (proleptic Gregorian).
    function utcDate(uint256 timestamp) public pure returns (uint256) {
        unchecked {
            // Days since 0000-03-01, then era / day-of-era / year-of-era (H. Hinnant's civil_from_days).
            uint256 z = timestamp / 1 days + 719468;
            uint256 era = z / 146097;
            uint256 doe = z - era * 146097;
            uint256 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            uint256 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            uint256 mp = (5 * doy + 2) / 153;
            uint256 day = doy - (153 * mp + 2) / 5 + 1;
            uint256 month = mp < 10 ? mp + 3 : mp - 9;
            uint256 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
            return year * 10000 + month * 100 + day;
        }
    }
}
