/**
 * Secrets the CLI reads, never from its arguments (other users see them in `ps`): the holder
 * directory's passphrase from --passphrase-file or $ZKDISCLOSE_PASSPHRASE, and backup words from
 * --words-file or standard input. Nothing read here is printed.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

/** The environment variable that holds the holder directory's passphrase. */
export const PASSPHRASE_ENV = 'ZKDISCLOSE_PASSPHRASE';

/** The most a passphrase or words file may hold. */
const MAX_SECRET_FILE = 4096;

function readSecretFile(path: string | 0, field: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new InputError(field, code === 'ENOENT' ? `file not found: ${String(path)}` : `cannot read ${path === 0 ? 'standard input' : path} (${code ?? 'error'})`);
  }
  if (text.length > MAX_SECRET_FILE) throw new InputError(field, `is more than ${MAX_SECRET_FILE} characters`);
  return text;
}

/**
 * The passphrase: the first line of `file` (its line ending removed, nothing else), else the
 * environment variable (unset or empty: none), else none (`{}`).
 * @throws {InputError} when the file is missing or its first line empty
 */
export function readPassphrase(file: string | undefined): { passphrase?: string } {
  if (file === undefined) {
    const passphrase = process.env[PASSPHRASE_ENV];
    return passphrase === undefined || passphrase === '' ? {} : { passphrase };
  }
  const passphrase = readSecretFile(file, '--passphrase-file').split(/\r?\n/)[0]!;
  if (passphrase === '') throw new InputError('--passphrase-file', `${file} holds an empty first line: no passphrase`);
  return { passphrase };
}

/** Backup words from `file`, else standard input (with a prompt on stderr when it is a terminal). */
export function readWords(file: string | undefined, warn: (line: string) => void): string {
  if (file !== undefined) return readSecretFile(file, '--words-file');
  if (process.stdin.isTTY) warn('type or paste the 24 backup words, then press Enter and Ctrl-D:');
  return readSecretFile(0, 'words');
}
