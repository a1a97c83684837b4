/**
 * Text forms of the compact bytes (cbor.ts), in two flavours:
 *
 *   QR   "ZKP:" or "ZKR:" + base45 (RFC 9285): every character is in the QR code's alphanumeric
 *        set (0-9 A-Z space $ % * + - . / :), which packs 11 bits per 2 characters, so a QR code
 *        holds the bytes at 5.5 bits each (base45's 1.5 characters per byte), against 8 in byte
 *        mode and 8 for base64 (whose lower case forces byte mode). The same choice as EU
 *        Digital COVID Certificates ("HC1:" + base45).
 *   URL  "zkp." or "zkr." + base64url without padding (RFC 4648 section 5), safe in a path,
 *        query or fragment without escaping: for links and deep links.
 *
 * P is a presentation and R a request. Decoding accepts either flavour, checks the prefix
 * against the kind asked for, and is strict: base45 groups must be canonical (no value above
 * 255 or 65535), base64url must have no padding and zero trailing bits. Errors are CompactError
 * COMPACT_MALFORMED (COMPACT_VERSION for the other kind's prefix, COMPACT_OVERSIZED for text
 * longer than the largest compact form can be).
 */
import { base64urlnopad } from '@scure/base';
import { MAX_COMPACT_BYTES } from '../constants.js';
import { CompactError } from '../errors.js';
import type { CompactKind } from './cbor.js';

const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const PREFIX: Record<CompactKind, { qr: string; url: string }> = {
  presentation: { qr: 'ZKP:', url: 'zkp.' },
  request: { qr: 'ZKR:', url: 'zkr.' },
};
const MAX_TEXT = 4 + Math.ceil((MAX_COMPACT_BYTES * 3) / 2);

export type TextForm = 'qr' | 'url';

/**
 * Base45 (RFC 9285): each 2 bytes become 3 characters (c + 45·d + 45²·e), a last single byte 2.
 * @example base45Encode(new TextEncoder().encode('AB')) // 'BB8'
 */
export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let n = bytes[i]! * 256 + bytes[i + 1]!;
      for (let k = 0; k < 3; k++, n = Math.floor(n / 45)) out += BASE45[n % 45];
    } else {
      out += BASE45[bytes[i]! % 45]! + BASE45[Math.floor(bytes[i]! / 45)]!;
    }
  }
  return out;
}

/**
 * Strict base45 decoding.
 * @throws {CompactError} COMPACT_MALFORMED on a character outside the alphabet, a length of 3k + 1
 *   or a group above its byte range
 * @example base45Decode('BB8') // bytes 'AB'
 */
export function base45Decode(text: string): Uint8Array {
  if (text.length % 3 === 1) throw new CompactError('COMPACT_MALFORMED', `base45: a length of ${text.length} characters is impossible`);
  const digits = [...text].map((c) => {
    const d = BASE45.indexOf(c);
    if (d < 0 || c.length !== 1) throw new CompactError('COMPACT_MALFORMED', 'base45: a character outside the alphabet');
    return d;
  });
  const out = new Uint8Array(Math.floor(digits.length / 3) * 2 + (digits.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < digits.length; i += 3) {
    if (i + 2 < digits.length) {
      const n = digits[i]! + 45 * digits[i + 1]! + 2025 * digits[i + 2]!;
      if (n > 0xffff) throw new CompactError('COMPACT_MALFORMED', 'base45: a group above 65535');
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = digits[i]! + 45 * digits[i + 1]!;
      if (n > 0xff) throw new CompactError('COMPACT_MALFORMED', 'base45: a final group above 255');
      out[o++] = n;
    }
  }
  return out;
}

/**
 * The text form of compact bytes.
 * @param form 'qr' (alphanumeric, for QR codes) or 'url' (base64url, for links)
 * @example toCompactText(encodePresentation(p, { request }), 'presentation', 'qr') // 'ZKP:...'
 */
export function toCompactText(bytes: Uint8Array, kind: CompactKind, form: TextForm = 'qr'): string {
  return form === 'qr' ? PREFIX[kind].qr + base45Encode(bytes) : PREFIX[kind].url + base64urlnopad.encode(bytes);
}

/**
 * The compact bytes of a text form (either flavour), for the kind expected.
 * @throws {CompactError} COMPACT_MALFORMED (no known prefix, bad characters), COMPACT_VERSION (the
 *   other kind's prefix), COMPACT_OVERSIZED
 * @example fromCompactText(text, 'presentation') // bytes for decodePresentation
 */
export function fromCompactText(text: unknown, kind: CompactKind): Uint8Array {
  if (typeof text !== 'string') throw new CompactError('COMPACT_MALFORMED', `compact ${kind}: expected text`);
  const trimmed = text.trim();
  if (trimmed.length > MAX_TEXT) throw new CompactError('COMPACT_OVERSIZED', `compact ${kind}: ${trimmed.length} characters, at most ${MAX_TEXT}`);
  for (const [k, prefix] of Object.entries(PREFIX) as [CompactKind, { qr: string; url: string }][]) {
    const form = trimmed.startsWith(prefix.qr) ? 'qr' : trimmed.startsWith(prefix.url) ? 'url' : undefined;
    if (form === undefined) continue;
    if (k !== kind) throw new CompactError('COMPACT_VERSION', `this text is a compact ${k}, not a ${kind}`);
    const body = trimmed.slice(prefix[form].length);
    if (form === 'qr') return base45Decode(body);
    try {
      return base64urlnopad.decode(body);
    } catch {
      throw new CompactError('COMPACT_MALFORMED', `compact ${kind}: not canonical base64url`);
    }
  }
  throw new CompactError('COMPACT_MALFORMED', `compact ${kind}: expected text starting ${PREFIX[kind].qr} or ${PREFIX[kind].url}`);
}
