/**
 * QR codes of the compact text forms (text.ts), with `qrcode` (npm): PNG bytes, SVG text or a
 * terminal rendering, always at error-correction level M (15 % of the code may be lost: a
 * phone camera at arm's length, a scuffed screen) and in alphanumeric mode, which the "ZKP:" /
 * "ZKR:" + base45 text is made for. `qrVersion` tells the size (version 1..40: 21 + 4·(v − 1)
 * modules a side) without rendering, for the sizes bench and for callers choosing a layout.
 * Reading a code back from pixels is scan.ts.
 */
import QRCode from 'qrcode';
import { CompactError } from '../errors.js';

/** How a QR code is rendered: PNG bytes, SVG markup, or text for a terminal. */
export type QrFormat = 'png' | 'svg' | 'terminal';

/** The error-correction level every code is made at. */
export const QR_ERROR_CORRECTION = 'M';

/** QR alphanumeric mode's character set: text outside it would fall back to byte mode. */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

function segments(text: string): QRCode.QRCodeSegment[] {
  return [ALPHANUMERIC.test(text) ? { data: text, mode: 'alphanumeric' } : { data: new TextEncoder().encode(text), mode: 'byte' }];
}

/**
 * The QR version (1..40) that holds `text` at level M.
 * @throws {CompactError} COMPACT_OVERSIZED when no QR code holds it
 * @example qrVersion('ZKP:...') // e.g. 9
 */
export function qrVersion(text: string): number {
  try {
    return QRCode.create(segments(text), { errorCorrectionLevel: QR_ERROR_CORRECTION }).version;
  } catch {
    throw new CompactError('COMPACT_OVERSIZED', `${text.length} characters do not fit a QR code at level ${QR_ERROR_CORRECTION}`);
  }
}

/**
 * Renders `text` as a QR code.
 * @param format 'png' (bytes), 'svg' (markup) or 'terminal' (text drawn with block characters)
 * @param scale pixels per module for PNG (default 6)
 * @throws {CompactError} COMPACT_OVERSIZED when no QR code holds it
 * @example const png = await renderQr(toCompactText(bytes, 'presentation'), 'png');
 */
export async function renderQr(text: string, format: 'png', scale?: number): Promise<Uint8Array>;
export async function renderQr(text: string, format: 'svg' | 'terminal'): Promise<string>;
export async function renderQr(text: string, format: QrFormat, scale = 6): Promise<Uint8Array | string> {
  qrVersion(text);
  const options = { errorCorrectionLevel: QR_ERROR_CORRECTION, margin: 4 } as const;
  if (format === 'png') return new Uint8Array(await QRCode.toBuffer(segments(text), { ...options, type: 'png', scale }));
  if (format === 'svg') return QRCode.toString(segments(text), { ...options, type: 'svg' });
  return QRCode.toString(segments(text), { ...options, type: 'terminal', small: true });
}
