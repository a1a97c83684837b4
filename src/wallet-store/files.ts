/**
 * FileWalletStore (Node): a wallet in a directory, the CLI's holder directory layout:
 *   holder.key.json             the secret record (mode 0600)
 *   credentials/<issuer>~<id>.json  one record per credential (0600; see credentialFileName)
 * Directories are created 0700; every write is atomic (temporary file, then rename), and the
 * secret record is created only where none exists. Directories written by earlier versions open
 * as they are: same files, same plain records; a credential file under an earlier version's name
 * is read, and a later write under the current name supersedes it.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, StoreError } from '../errors.js';
import { createFileAtomic, isExposed, readJsonFile, toJson, writeFileAtomic } from '../files.js';
import { LIMITS } from '../limits.js';
import { isRecord } from '../internal/field.js';
import { type StoredRecord, type WalletStore, walletExists } from './store.js';

export const HOLDER_KEY_FILE = 'holder.key.json';
const CREDENTIALS_DIR = 'credentials';

/** An encrypted record is base64 of the document plus a small header. */
const MAX_RECORD_BYTES = Math.ceil((LIMITS.credential.text * 4) / 3) + 4096;

/** Letters, digits and "-" as they are; every other UTF-8 byte as "_" and two hex digits. */
function escapeName(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9-]/.test(c) ? c : `_${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/**
 * The file name of a credential: `<issuer>~<id>.json`, each escaped by escapeName. Injective:
 * the escaping is reversible and never produces "~", so distinct (issuer, id) pairs get
 * distinct names (an earlier version's `id` with every odd character as "_" mapped many ids to one).
 * @throws {InputError} when the name would exceed 255 bytes
 */
export function credentialFileName(issuer: string, id: string): string {
  const name = `${escapeName(issuer)}~${escapeName(id)}.json`;
  if (name.length > 255) throw new InputError('credential.id', `is too long to name a file (${name.length} bytes escaped, at most 255)`);
  return name;
}

export class FileWalletStore implements WalletStore {
  readonly dir: string;
  private readonly warn: (line: string) => void;

  /**
   * @param dir the holder directory (created on the first write)
   * @param options.warn told when the secret record is readable by other users (default: console.warn)
   */
  constructor(dir: string, options: { warn?: (line: string) => void } = {}) {
    this.dir = dir;
    this.warn = options.warn ?? ((line) => console.warn(line));
  }

  async readSecret(): Promise<unknown> {
    const path = join(this.dir, HOLDER_KEY_FILE);
    if (!existsSync(path)) return undefined;
    if (isExposed(path)) this.warn(`warning: ${path} is readable by other users; run: chmod 600 ${path}`);
    return readJsonFile(path, path);
  }

  async createSecret(record: StoredRecord): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (!createFileAtomic(join(this.dir, HOLDER_KEY_FILE), toJson(record), 0o600)) throw walletExists(this.dir);
    mkdirSync(join(this.dir, CREDENTIALS_DIR), { recursive: true, mode: 0o700 });
  }

  async readCredentials(): Promise<unknown[]> {
    const dir = join(this.dir, CREDENTIALS_DIR);
    if (!existsSync(dir)) return [];
    const names = new Set(readdirSync(dir).filter((f) => f.endsWith('.json')));
    const records: unknown[] = [];
    for (const name of [...names].sort()) {
      const path = join(dir, name);
      if (statSync(path).size > MAX_RECORD_BYTES) throw new StoreError('STORE_TAMPERED', `${path} is more than ${MAX_RECORD_BYTES} bytes`);
      const record = readJsonFile(path, path);
      if (isRecord(record) && typeof record.issuer === 'string' && typeof record.id === 'string') {
        const current = credentialFileName(record.issuer, record.id);
        if (current !== name && names.has(current)) continue; // an earlier version's file, superseded
      }
      records.push(record);
    }
    return records;
  }

  async writeCredential(issuer: string, id: string, record: StoredRecord): Promise<void> {
    const dir = join(this.dir, CREDENTIALS_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(join(dir, credentialFileName(issuer, id)), toJson(record), 0o600);
  }

  async close(): Promise<void> {}
}
