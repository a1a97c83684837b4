/**
 * The compact forms (issue 16), browser-safe part: deterministic CBOR encodings of
 * presentations and requests (presentation.ts, request.ts) in their envelope (cbor.ts), the
 * proof's compressed points (points.ts) and the QR / URL text forms (text.ts). QR rendering
 * (qr.ts) and reading codes from PNG files (scan.ts) are in the Node entry.
 */
export { MAX_COMPACT_BYTES } from '../constants.js';
export { COMPACT_VERSION, type CompactKind } from './cbor.js';
export { COMPRESSED_PROOF_BYTES, compressProof, decompressProof } from './points.js';
export { encodePresentation, decodePresentation, type EncodePresentationOptions, type DecodePresentationOptions } from './presentation.js';
export { encodeRequest, decodeRequest, type CompactReferences } from './request.js';
export { base45Encode, base45Decode, toCompactText, fromCompactText, type TextForm } from './text.js';
