/**
 * Text forms (src/compact/text.ts): base45 against RFC 9285's examples and as a strict inverse,
 * the QR form within QR alphanumeric mode, the URL form within base64url, and each refusal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base45Decode, base45Encode, fromCompactText, toCompactText } from '../../src/index.js';
import { codeOf } from './helpers.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);


describe('base45', () => {
  it('matches the examples of RFC 9285 section 4.3 and 4.4', () => {
    expect(base45Encode(utf8('AB'))).toBe('BB8');
    expect(base45Encode(utf8('Hello!!'))).toBe('%69 VD92EX0');
    expect(base45Encode(utf8('base-45'))).toBe('UJCLQE7W581');
    expect(base45Decode('QED8WEX0')).toEqual(utf8('ietf!'));
  });

  it('round-trips any bytes, in the QR alphanumeric set', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = base45Encode(bytes);
      expect(text).toMatch(/^[0-9A-Z $%*+\-./:]*$/);
      expect(base45Decode(text)).toEqual(bytes);
    }), { seed: 45, numRuns: 200 });
  });

  it('refuses a lower-case character, a 3k+1 length and groups above their byte range', () => {
    expect(codeOf(() => base45Decode('bb8'))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => base45Decode('BB8B'))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => base45Decode(':::'))).toBe('COMPACT_MALFORMED'); // 44 + 44·45 + 44·2025 = 91124 > 65535
    expect(codeOf(() => base45Decode('::'))).toBe('COMPACT_MALFORMED'); // 44 + 44·45 = 2024 > 255
  });
});

describe('toCompactText / fromCompactText', () => {
  const bytes = Uint8Array.of(0x11, 0x85, 0, 1, 2, 250);

  it('writes the QR form with its kind prefix and reads it back', () => {
    const text = toCompactText(bytes, 'presentation', 'qr');
    expect(text.startsWith('ZKP:')).toBe(true);
    expect(fromCompactText(text, 'presentation')).toEqual(bytes);
    expect(toCompactText(bytes, 'request', 'qr').startsWith('ZKR:')).toBe(true);
  });

  it('writes the URL form in base64url and reads it back', () => {
    const text = toCompactText(bytes, 'presentation', 'url');
    expect(text).toMatch(/^zkp\.[A-Za-z0-9_-]+$/);
    expect(fromCompactText(text, 'presentation')).toEqual(bytes);
  });

  it('refuses a request text where a presentation is expected', () => {
    expect(codeOf(() => fromCompactText(toCompactText(bytes, 'request'), 'presentation'))).toBe('COMPACT_VERSION');
  });

  it('refuses text without a known prefix, and base64url with padding', () => {
    expect(codeOf(() => fromCompactText('HC1:BB8', 'presentation'))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => fromCompactText('zkp.AQ==', 'presentation'))).toBe('COMPACT_MALFORMED');
    expect(codeOf(() => fromCompactText(42, 'presentation'))).toBe('COMPACT_MALFORMED');
  });

  it('refuses text longer than the largest compact form', () => {
    expect(codeOf(() => fromCompactText(`ZKP:${'0'.repeat(5000)}`, 'presentation'))).toBe('COMPACT_OVERSIZED');
  });
});
