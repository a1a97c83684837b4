/**
 * The on-disk layout of the CLI's issuer, holder and verifier directories, and loading them:
 *   issuer:   issuer.key.json (0600: did, Ed25519 and BBS secret keys), registry.sqlite
 *   holder:   a FileWalletStore (wallet-store/files.ts): holder.key.json (0600: holder secret +
 *             commitment, or both encrypted with a passphrase), credentials/<issuer>~<id>.json (0600)
 *   verifier: verifier.key.json (0600: did and Ed25519 secret key, to sign requests), nonces.sqlite (spent nonces)
 * A key file readable by group or others is used, with a warning on stderr.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, KeyError, StoreError } from '../errors.js';
import { isExposed, readJsonFile, toJson, writeSecretFile } from '../files.js';
import { type IssuerKeys, generateIssuerKeys, issuerKeysFromSecret } from '../keys.js';
import { Issuer } from '../issuer.js';
import { migrateRegistry } from '../registry/migrate.js';
import { Registry } from '../registry/registry.js';
import type { RootStatement } from '../registry/statements.js';
import { SqliteRegistryStore } from '../registry/sqlite-store.js';
import { DEFAULT_TREE_SHAPE, type TreeShape } from '../registry/tree.js';
import { Wallet } from '../holder.js';
import { HolderCommitment } from '../holder-commitment.js';
import type { Prover } from '../prover.js';
import type { WalletPolicy } from '../policy.js';
import { FileWalletStore, HOLDER_KEY_FILE } from '../wallet-store/files.js';
import { WalletPersistence } from '../wallet-store/persistence.js';
import { openSecretRecord, recordedCommitment } from '../wallet-store/vault.js';
import { holderSecretToWords } from '../wallet-store/backup.js';
import { type BbsKeyPair, type BbsSuite, BBS_SUITES, generateBbsKeyPair } from '../bbs.js';

const ISSUER_KEY = 'issuer.key.json';
const VERIFIER_KEY = 'verifier.key.json';
const REGISTRY_FILE = 'registry.sqlite';

function prepareDir(dir: string, keyFile: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (existsSync(join(dir, keyFile))) throw new InputError('dir', `${dir} is already initialised (${keyFile} exists)`);
}

function readKeyFile(path: string, warn: (line: string) => void): Record<string, unknown> {
  const json = readJsonFile(path, path);
  if (isExposed(path)) warn(`warning: ${path} is readable by other users; run: chmod 600 ${path}`);
  if (typeof json !== 'object' || json === null) throw new KeyError(`${path}: not a key file`);
  return json as Record<string, unknown>;
}

/**
 * Registry capacities `issuer init --capacity` offers, each with the tree shape that shipped
 * circuits prove. 4-ary trees prove faster than the binary one (fewer constraints per
 * credential bit); the binary depth-20 tree stays the default for existing deployments.
 */
export const REGISTRY_CAPACITIES: Readonly<Record<string, TreeShape>> = Object.freeze({
  4096: { arity: 4, depth: 6 },
  1048576: { arity: 4, depth: 10 },
});

/** The tree shape for `--capacity` (undefined: the default binary depth-20 tree). */
export function shapeForCapacity(capacity: string | undefined): TreeShape {
  if (capacity === undefined) return DEFAULT_TREE_SHAPE;
  const shape = Object.hasOwn(REGISTRY_CAPACITIES, capacity) ? REGISTRY_CAPACITIES[capacity] : undefined;
  if (shape === undefined) throw new InputError('--capacity', `expected one of ${Object.keys(REGISTRY_CAPACITIES).join(', ')}, got "${capacity.slice(0, 20)}"`);
  return shape;
}

/**
 * Creates an issuer directory (Ed25519 key, BBS keys for both suites, a registry of the given
 * tree shape, fixed from then on); returns the DID.
 */
export async function initIssuer(dir: string, shape: TreeShape = DEFAULT_TREE_SHAPE): Promise<string> {
  prepareDir(dir, ISSUER_KEY);
  const keys = generateIssuerKeys();
  const bbs = await Promise.all(BBS_SUITES.map((suite) => generateBbsKeyPair({ suite })));
  // The registry opens first: without better-sqlite3 that fails (UNSUPPORTED, naming the install
  // command) before any key is written, so the same command works once the driver is installed.
  const store = new SqliteRegistryStore(join(dir, REGISTRY_FILE));
  try {
    writeSecretFile(join(dir, ISSUER_KEY), toJson({
      type: 'zkdisclose-issuer-key',
      did: keys.did,
      secretKey: bytesToHex(keys.secretKey),
      bbs: bbs.map((k) => ({ suite: k.suite, secretKey: bytesToHex(k.secretKey), publicKey: bytesToHex(k.publicKey) })),
    }));
    new Registry({ keys, store, shape });
  } finally {
    store.close();
  }
  return keys.did;
}

function loadIssuerKeys(dir: string, warn: (line: string) => void): { keys: IssuerKeys; bbsKeys: BbsKeyPair[] } {
  const path = join(dir, ISSUER_KEY);
  const json = readKeyFile(path, warn);
  if (json.type !== 'zkdisclose-issuer-key' || typeof json.secretKey !== 'string' || !/^[0-9a-f]{64}$/.test(json.secretKey)) {
    throw new KeyError(`${path}: not an issuer key file`);
  }
  const bbs = Array.isArray(json.bbs) ? (json.bbs as Record<string, unknown>[]) : [];
  const bbsKeys = bbs.map((k): BbsKeyPair => {
    if (!BBS_SUITES.includes(k.suite as BbsSuite) || typeof k.secretKey !== 'string' || typeof k.publicKey !== 'string') throw new KeyError(`${path}: malformed BBS key`);
    return { suite: k.suite as BbsSuite, secretKey: hexToBytes(k.secretKey), publicKey: hexToBytes(k.publicKey) };
  });
  return { keys: issuerKeysFromSecret(hexToBytes(json.secretKey)), bbsKeys };
}

/**
 * Rebuilds an issuer directory's registry as a tree of `shape` (registry/migrate.ts): written to
 * a new file first, then swapped in; the old file is kept beside it, named after its shape and
 * last sequence, and its path returned with the new statement. Run it with no other process
 * issuing or revoking from the directory.
 */
export function migrateIssuerRegistry(dir: string, shape: TreeShape, warn: (line: string) => void): { statement: RootStatement; kept: string } {
  const { keys } = loadIssuerKeys(dir, warn);
  const current = join(dir, REGISTRY_FILE);
  const staging = join(dir, 'registry.migrating.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(staging + suffix, { force: true });
  const source = new Registry({ keys, store: new SqliteRegistryStore(current) });
  let statement: RootStatement;
  let kept: string;
  try {
    const target = new SqliteRegistryStore(staging);
    try {
      statement = migrateRegistry(source, target, shape, { keys });
    } finally {
      target.close();
    }
    kept = join(dir, `registry.${source.shape.arity}ary-${source.shape.depth}.until-${statement.sequence - 1}.sqlite`);
  } finally {
    source.close();
  }
  renameSync(current, kept);
  renameSync(staging, current);
  return { statement, kept };
}

/** Opens an issuer directory (keys + durable registry). Close it when done. */
export function openIssuer(dir: string, warn: (line: string) => void): Issuer {
  const { keys, bbsKeys } = loadIssuerKeys(dir, warn);
  return new Issuer({ keys, bbsKeys, store: new SqliteRegistryStore(join(dir, REGISTRY_FILE)) });
}

/** Creates a verifier's signing key (its identity in requests); returns the DID. */
export function initVerifier(dir: string): string {
  prepareDir(dir, VERIFIER_KEY);
  const keys = generateIssuerKeys();
  writeSecretFile(join(dir, VERIFIER_KEY), toJson({ type: 'zkdisclose-verifier-key', did: keys.did, secretKey: bytesToHex(keys.secretKey) }));
  return keys.did;
}

/** The verifier's signing keys (an Ed25519 did:key, like an issuer's). */
export function loadVerifierKeys(dir: string, warn: (line: string) => void): IssuerKeys {
  const path = join(dir, VERIFIER_KEY);
  const json = readKeyFile(path, warn);
  if (json.type !== 'zkdisclose-verifier-key' || typeof json.secretKey !== 'string' || !/^[0-9a-f]{64}$/.test(json.secretKey)) {
    throw new KeyError(`${path}: not a verifier key file (create one with: zkdisclose verifier init ${dir})`);
  }
  return issuerKeysFromSecret(hexToBytes(json.secretKey));
}

/**
 * Creates a holder directory (a new secret, or the given one restored from backup words),
 * encrypted when a passphrase is given; returns the holder commitment.
 * @throws {StoreError} WALLET_EXISTS when `dir` already holds a wallet (kept as it was)
 */
export async function initHolder(dir: string, options: { passphrase?: string; holderSecret?: bigint; kdf?: { N: number } } = {}): Promise<HolderCommitment> {
  const persistence = await WalletPersistence.create({ store: new FileWalletStore(dir), ...options });
  await persistence.close();
  return HolderCommitment.fromSecret(persistence.secret);
}

function holderStore(dir: string, warn: (line: string) => void): FileWalletStore {
  if (!existsSync(join(dir, HOLDER_KEY_FILE))) throw new StoreError('WALLET_NOT_FOUND', `${dir} is not a holder directory (no ${HOLDER_KEY_FILE}): create one with zkdisclose holder init ${dir}`);
  return new FileWalletStore(dir, { warn });
}

/** The holder commitment of a holder directory (no passphrase needed). */
export async function holderCommitmentOf(dir: string, warn: (line: string) => void): Promise<HolderCommitment> {
  return recordedCommitment(await holderStore(dir, warn).readSecret(), join(dir, HOLDER_KEY_FILE));
}

/**
 * Opens the wallet of a holder directory with every stored credential (each re-checked on
 * load; one that needs re-issuance is skipped with a warning). Directories written by earlier
 * versions open as they are. Close it when done (it flushes what accept started writing).
 */
export function openWallet(dir: string, prover: Prover, warn: (line: string) => void, options: { passphrase?: string; policy?: WalletPolicy } = {}): Promise<Wallet> {
  return Wallet.open({ store: holderStore(dir, warn), prover, warn, ...options });
}

/** The backup words of a holder directory's secret (decrypted with the passphrase when encrypted). */
export async function holderBackupWords(dir: string, warn: (line: string) => void, passphrase?: string): Promise<string> {
  const path = join(dir, HOLDER_KEY_FILE);
  const vault = await openSecretRecord(await holderStore(dir, warn).readSecret(), passphrase, path);
  return holderSecretToWords(vault.secret);
}
