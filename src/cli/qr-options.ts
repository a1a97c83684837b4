/**
 * The CLI's compact and QR options (issue 16), kept apart from main.ts's commands:
 *   --qr                 print the compact text form and its QR code in the terminal
 *   --qr-out <file>      write the QR code as PNG or SVG (by the file's extension)
 *   --request-qr, --presentation-qr <source>
 *                        read a compact form from a PNG of its QR code, a text file holding the
 *                        text form, or the text itself ("ZKR:..." / "zkr...." and "ZKP:..." / "zkp....")
 * Both sides of the CLI refer to the shipped accepted keys (defaultAcceptedKeys) by index, so a
 * request made with `request --qr` decodes in `present --request-qr` of the same version.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { defaultAcceptedKeys } from '../artifacts.js';
import type { CompactKind } from '../compact/cbor.js';
import { MAX_COMPACT_BYTES } from '../constants.js';
import { renderQr } from '../compact/qr.js';
import type { CompactReferences } from '../compact/request.js';
import { readQrPng } from '../compact/scan.js';
import { fromCompactText, toCompactText } from '../compact/text.js';
import { decodePresentation } from '../compact/presentation.js';
import { CompactError, InputError } from '../errors.js';
import type { RootViews } from '../registry/root-view.js';
import { writeFileAtomic } from '../files.js';

export interface QrOutputOptions {
  qr?: boolean;
  qrOut?: string;
}

/** What both sides of the CLI may send by reference. */
export function cliReferences(): CompactReferences {
  return { keys: defaultAcceptedKeys() };
}

/** Adds --qr and --qr-out to a command that outputs a compact form. */
export function addQrOutputOptions(command: Command, what: string): Command {
  return command
    .option('--qr', `also print the ${what} as compact text and a QR code (terminal)`)
    .option('--qr-out <file>', `also write the ${what} as a QR code image: .png or .svg`);
}

/**
 * Whether the command is to output a QR code; checks --qr-out's extension first, so that a
 * wrong one fails before any work is done.
 * @throws {InputError} for a --qr-out file that is neither .png nor .svg
 */
export function wantsQr(options: QrOutputOptions): boolean {
  if (options.qrOut !== undefined && !['.png', '.svg'].includes(extname(options.qrOut).toLowerCase())) {
    throw new InputError('--qr-out', `expected a .png or .svg file name, got "${options.qrOut.slice(0, 80)}"`);
  }
  return options.qr === true || options.qrOut !== undefined;
}

/** Prints and/or writes the QR code of compact bytes, as the options ask (see wantsQr). */
export async function emitQr(kind: CompactKind, bytes: Uint8Array, options: QrOutputOptions, print: (line: string) => void): Promise<void> {
  const text = toCompactText(bytes, kind, 'qr');
  if (options.qrOut !== undefined) {
    const format = extname(options.qrOut).toLowerCase() === '.png' ? 'png' : 'svg';
    writeFileAtomic(options.qrOut, format === 'png' ? await renderQr(text, 'png') : await renderQr(text, 'svg'));
  }
  if (options.qr === true) {
    print(await renderQr(text, 'terminal'));
    print(text);
  }
  print(`${kind}: ${bytes.length} compact bytes`);
}

/**
 * Reads a compact form from a PNG of its QR code, a text file, or the text itself.
 * @throws {CompactError} when the image or text holds no valid text form
 */
export function readCompactSource(source: string, kind: CompactKind, flag: string): Uint8Array {
  if (!existsSync(source)) return fromCompactText(source, kind);
  if (statSync(source).size > 16 * 1024 * 1024) throw new InputError(flag, `${source.slice(0, 80)} is larger than 16 MiB`);
  const content = readFileSync(source);
  const isPng = content.length > 8 && content[0] === 0x89 && content[1] === 0x50;
  if (isPng) return fromCompactText(readQrPng(content), kind);
  if (content.length > 2 * MAX_COMPACT_BYTES + 16) throw new InputError(flag, `${source.slice(0, 80)} is neither a PNG nor a compact text form`);
  return fromCompactText(content.toString('utf8'), kind);
}

/**
 * The presentation in a QR image or text form, rebuilt from the verifier's request and root
 * views; or, when it does not decode, the failed verification to print (untrusted content that
 * does not decode fails like any other, with its COMPACT_* code).
 * @throws {InputError} only for a source file that is too large or neither PNG nor text
 */
export function readPresentationSource(source: string, request: unknown, roots: RootViews):
  { presentation: unknown } | { failed: { verified: false; errors: { code: string; message: string }[]; disclosed: Record<string, never> } } {
  try {
    return { presentation: decodePresentation(readCompactSource(source, 'presentation', '--presentation-qr'), { request, roots }) };
  } catch (err) {
    if (!(err instanceof CompactError)) throw err;
    return { failed: { verified: false, errors: [{ code: err.code, message: err.message }], disclosed: {} } };
  }
}
