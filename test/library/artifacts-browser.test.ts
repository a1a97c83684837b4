/**
 * What a browser needs from the package, tested in Node: the verification-key hashes compiled into
 * the code (shipped-keys.ts) equal the shipped keys; fetchVerificationKeys and
 * fetchArtifactLoader pin what a server sends to them (a coherent but foreign key set is
 * refused); copyArtifacts writes exactly the browser's files and nothing when a source file is
 * altered; warmUp builds the curve snarkjs verifies with.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBn128 } from 'ffjavascript';
import { afterAll, afterEach, expect, test, vi } from 'vitest';
import {
  ArtifactError, BROWSER_ARTIFACT_FILES, InputError, SHIPPED_VKEY_HASHES, copyArtifacts, fetchArtifactLoader, fetchVerificationKeys,
  loadVerificationKey, releaseCurve, shippedAcceptedKeys, verificationKeyHash, warmUp,
} from '../../src/index.js';
import { CIRCUIT_PARAMS } from '../../src/internal/circuit-input.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'zkd-artifacts-'));
const CIRCUIT = 'presentation-16-1-1-20';

afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.unstubAllGlobals());

/** A fetch that serves `dir` at https://cdn.example/a/ (404 elsewhere), counting requests. */
function serve(dir: string): string[] {
  const requested: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    requested.push(url);
    const path = join(dir, decodeURIComponent(url.replace('https://cdn.example/a/', '')));
    return existsSync(path) ? new Response(readFileSync(path)) : new Response('not found', { status: 404 });
  });
  return requested;
}

/** A copy of one circuit's artifacts whose verification key was changed and its manifest re-hashed to match. */
function foreignKeySet(): string {
  const dir = join(work, 'foreign');
  mkdirSync(join(dir, CIRCUIT), { recursive: true });
  for (const file of BROWSER_ARTIFACT_FILES) copyFileSync(join(ROOT, 'artifacts', CIRCUIT, file), join(dir, CIRCUIT, file));
  const vkey = JSON.parse(readFileSync(join(dir, CIRCUIT, 'verification_key.json'), 'utf8')) as { IC: string[][] };
  vkey.IC[0]![0] = '1';
  const bytes = `${JSON.stringify(vkey)}\n`;
  writeFileSync(join(dir, CIRCUIT, 'verification_key.json'), bytes);
  const manifest = JSON.parse(readFileSync(join(dir, CIRCUIT, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
  manifest.files['verification_key.json'] = bytesToHex(sha256(new TextEncoder().encode(bytes)));
  writeFileSync(join(dir, CIRCUIT, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

test('SHIPPED_VKEY_HASHES equals the hash of every shipped verification key, for every shipped circuit', () => {
  expect(Object.keys(SHIPPED_VKEY_HASHES).sort()).toEqual(Object.keys(CIRCUIT_PARAMS).sort());
  for (const circuit of Object.keys(CIRCUIT_PARAMS)) expect(SHIPPED_VKEY_HASHES[circuit], circuit).toBe(loadVerificationKey(circuit).vkeyHash);
  expect(shippedAcceptedKeys([CIRCUIT])).toEqual([{ circuit: CIRCUIT, vkeyHash: SHIPPED_VKEY_HASHES[CIRCUIT] }]);
  expect(() => shippedAcceptedKeys(['constructor'])).toThrow(InputError);
});

test('fetchVerificationKeys returns the pinned keys, fetching only manifests and verification keys', async () => {
  const requested = serve(join(ROOT, 'artifacts'));
  const keys = await fetchVerificationKeys({ baseUrl: 'https://cdn.example/a/', acceptedKeys: shippedAcceptedKeys([CIRCUIT]) });
  expect(Object.keys(keys)).toEqual([CIRCUIT]);
  expect(verificationKeyHash(keys[CIRCUIT])).toBe(SHIPPED_VKEY_HASHES[CIRCUIT]);
  expect(requested.sort()).toEqual([`https://cdn.example/a/${CIRCUIT}/manifest.json`, `https://cdn.example/a/${CIRCUIT}/verification_key.json`]);
});

test('a server sending a coherent but foreign key set is refused by the pin, by both helpers', async () => {
  serve(foreignKeySet());
  await expect(fetchVerificationKeys({ baseUrl: 'https://cdn.example/a', acceptedKeys: shippedAcceptedKeys([CIRCUIT]) }))
    .rejects.toThrow(new ArtifactError(`${CIRCUIT}: verification key hash ${verificationKeyHash(JSON.parse(readFileSync(join(work, 'foreign', CIRCUIT, 'verification_key.json'), 'utf8')))} is not the expected ${SHIPPED_VKEY_HASHES[CIRCUIT]}`));
  await expect(fetchArtifactLoader({ baseUrl: 'https://cdn.example/a' })(CIRCUIT)).rejects.toThrow(/is not the expected/);
  // Keys from your own ceremony: pin them instead.
  const own = verificationKeyHash(JSON.parse(readFileSync(join(work, 'foreign', CIRCUIT, 'verification_key.json'), 'utf8')));
  expect((await fetchArtifactLoader({ baseUrl: 'https://cdn.example/a', expectedVkeyHashes: { [CIRCUIT]: own } })(CIRCUIT)).vkeyHash).toBe(own);
});

test('a verification key that does not match its manifest is refused before the pin is consulted', async () => {
  const dir = foreignKeySet();
  copyFileSync(join(ROOT, 'artifacts', CIRCUIT, 'manifest.json'), join(dir, CIRCUIT, 'manifest.json'));
  serve(dir);
  await expect(fetchVerificationKeys({ baseUrl: 'https://cdn.example/a', acceptedKeys: shippedAcceptedKeys([CIRCUIT]) })).rejects.toThrow(/does not match the sha256 in manifest.json/);
});

test('copyArtifacts writes the four browser files per circuit; an altered source writes nothing', () => {
  const to = join(work, 'public');
  const { files, bytes } = copyArtifacts({ to, circuits: [CIRCUIT] });
  expect(files).toEqual(BROWSER_ARTIFACT_FILES.map((f) => `${CIRCUIT}/${f}`));
  expect(bytes).toBe(files.reduce((n, f) => n + readFileSync(join(to, f)).byteLength, 0));
  expect(readdirSync(join(to, CIRCUIT)).sort()).toEqual([...BROWSER_ARTIFACT_FILES].sort());

  const altered = join(work, 'altered');
  mkdirSync(join(altered, CIRCUIT), { recursive: true });
  for (const file of BROWSER_ARTIFACT_FILES) copyFileSync(join(ROOT, 'artifacts', CIRCUIT, file), join(altered, CIRCUIT, file));
  const zkey = readFileSync(join(altered, CIRCUIT, 'circuit.zkey'));
  zkey[zkey.length - 1] ^= 1;
  writeFileSync(join(altered, CIRCUIT, 'circuit.zkey'), zkey);
  const nowhere = join(work, 'nowhere');
  expect(() => copyArtifacts({ to: nowhere, circuits: [CIRCUIT], artifactsDir: altered })).toThrow(/circuit.zkey does not match the sha256/);
  expect(existsSync(nowhere)).toBe(false);
  expect(() => copyArtifacts({ to: nowhere, circuits: ['presentation-1'] })).toThrow(InputError);
});

test('warmUp builds the curve that snarkjs then finds cached (verification skips its set-up)', async () => {
  await releaseCurve();
  expect((globalThis as { curve_bn128?: unknown }).curve_bn128 ?? null).toBeNull();
  await warmUp();
  const built = (globalThis as { curve_bn128?: unknown }).curve_bn128;
  expect(built).not.toBeNull();
  expect(await buildBn128()).toBe(built);
  await releaseCurve();
});
