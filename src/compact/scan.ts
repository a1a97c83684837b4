/**
 * Reads a QR code back from an image: the pixels through `pngjs` (PNG files) or the caller's own
 * RGBA buffer (a browser canvas, a camera frame), the code through `jsQR`. Returns the text the
 * code holds (a compact text form, text.ts); what it says is checked by the compact decoders.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { MAX_SCAN_SIDE } from '../constants.js';
import { CompactError } from '../errors.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function readQrPixelsSize(width: number, height: number): void {
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1 || width > MAX_SCAN_SIDE || height > MAX_SCAN_SIDE) {
    throw new CompactError('COMPACT_OVERSIZED', `image: expected sides of 1..${MAX_SCAN_SIDE} pixels`);
  }
}

/**
 * The text of the QR code in RGBA pixels (4 bytes a pixel, rows top to bottom).
 * @throws {CompactError} COMPACT_MALFORMED when the buffer does not match the size or holds no readable code
 * @example readQrPixels(imageData.data, imageData.width, imageData.height)
 */
export function readQrPixels(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): string {
  readQrPixelsSize(width, height);
  if (rgba.length !== width * height * 4) throw new CompactError('COMPACT_MALFORMED', 'image: the pixel buffer does not match width x height x 4');
  const pixels = rgba instanceof Uint8ClampedArray ? rgba : new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length);
  const code = jsQR(pixels, width, height);
  if (code === null) throw new CompactError('COMPACT_MALFORMED', 'image: no readable QR code found');
  return code.data;
}

/**
 * The text of the QR code in a PNG file's bytes.
 * @throws {CompactError} COMPACT_MALFORMED when the bytes are no PNG or hold no readable code;
 *   COMPACT_OVERSIZED for an image larger than MAX_SCAN_SIDE a side
 * @example readQrPng(readFileSync('presentation.png'))
 */
export function readQrPng(png: Uint8Array): string {
  // The image header (signature, IHDR length and type, width, height) first: its sides bound
  // the memory decoding takes, so they are checked before pngjs allocates anything.
  if (!(png instanceof Uint8Array) || png.length < 24 || !PNG_SIGNATURE.every((b, i) => png[i] === b)) {
    throw new CompactError('COMPACT_MALFORMED', 'image: not a PNG file');
  }
  const view = new DataView(png.buffer, png.byteOffset, png.length);
  readQrPixelsSize(view.getUint32(16), view.getUint32(20));
  let image: PNG;
  try {
    image = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.length));
  } catch {
    throw new CompactError('COMPACT_MALFORMED', 'image: not a readable PNG file');
  }
  return readQrPixels(image.data, image.width, image.height);
}
