/**
 * File helpers for the CLI and Node users: atomic writes (temp file + rename, so nothing is
 * ever half-written), secret files created with mode 0600, and a permission check that
 * reports key files readable by group or others. Node-only.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from './errors.js';
import { type DocumentKind, LIMITS, LimitError, assertWithinLimits } from './limits.js';

/**
 * Writes `content` to `path` atomically with the given mode (the temp file gets the mode at
 * creation, so a secret is never readable by others, not even briefly).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o644): void {
  const tmp = writeTempFile(path, content, mode);
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Like writeFileAtomic, but never replaces an existing file: returns false (and writes nothing)
 * when `path` exists. A hard link is the atomic create-if-absent.
 */
export function createFileAtomic(path: string, content: string | Uint8Array, mode = 0o644): boolean {
  const tmp = writeTempFile(path, content, mode);
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** A synced temporary file beside `path` with `mode` from its creation on. */
function writeTempFile(path: string, content: string | Uint8Array, mode: number): string {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
    chmodSync(tmp, mode);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  return tmp;
}

/** Writes a secret (key file): mode 0600, atomic. */
export function writeSecretFile(path: string, content: string): void {
  writeFileAtomic(path, content, 0o600);
}

/** Whether a file is readable or writable by group or others. */
export function isExposed(path: string): boolean {
  return (statSync(path).mode & 0o077) !== 0;
}

/**
 * Reads and parses a JSON file, naming it in errors. With `kind`, the file is an untrusted
 * document of that kind: its size is checked against the kind's text limit before it is read,
 * and the parsed document against its limits (limits.ts).
 * @throws {InputError} INVALID_INPUT when missing or not JSON; LimitError over a limit
 */
export function readJsonFile(path: string, field: string, kind?: DocumentKind): unknown {
  let text: string;
  try {
    if (kind !== undefined && statSync(path).size > LIMITS[kind].text) {
      throw new LimitError({ limit: `${kind}.text`, max: LIMITS[kind].text, field, message: `${path} is more than ${LIMITS[kind].text} bytes (limit ${kind}.text)` });
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof LimitError) throw err;
    const code = (err as { code?: string }).code;
    throw new InputError(field, code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path} (${code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new InputError(field, `${path} is not valid JSON`);
  }
  if (kind !== undefined) assertWithinLimits(value, kind);
  return value;
}

/** JSON with bigints as decimal strings, two-space indented, newline-terminated. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

