/**
 * Replay and artifact integrity. A Groth16 proof can be re-randomised into different bytes that
 * still verify (A' = A/r, B' = rB): the test shows such a copy of a used presentation is
 * refused, because replay protection keys on the nonce, never on proof bytes; and that the
 * nonce stays spent after the verifier restarts (SQLite store). A zkey or wasm whose sha256
 * differs from the manifest is refused before use.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ARTIFACTS_DIR, ArtifactError, Issuer, PERSON_SCHEMA, RootViews, createProver, Wallet, createRequest, defaultAcceptedKeys, generateHolderKeys, generateIssuerKeys, loadArtifacts, loadVerificationKey, verifyPresentation, type Presentation, type PresentationRequest,
} from '../../src/index.js';
import { SqliteNonceStore } from '../../src/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'zkd-replay-'));
const CIRCUIT = 'presentation-16-1-1-20';
const NOW = new Date('2026-11-29T12:00:00Z');
const prover = createProver();
let presentation: Presentation;
let request: PresentationRequest;
let verificationKeys: Record<string, Record<string, unknown>>;
let wallet: Wallet;
let registries: ReturnType<Issuer['exportRegistry']>[];
const rootViews = new RootViews();

beforeAll(async () => {
  const issuer = new Issuer({ keys: generateIssuerKeys(), clock: () => NOW });
  const holder = generateHolderKeys();
  wallet = new Wallet({ holderSecret: holder.secret, prover });
  wallet.accept(issuer.issue({
    schema: PERSON_SCHEMA, holder: holder.commitment, validUntil: '2030-01-01', validFrom: NOW,
    attributes: { givenName: 'Ada', familyName: 'L', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'N1' },
  }));
  request = createRequest({
    schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], now: NOW, acceptedKeys: defaultAcceptedKeys(),
    predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }],
  });
  registries = [issuer.exportRegistry()];
  rootViews.addExport(registries[0]!);
  presentation = await wallet.createPresentation({ request, registries, now: NOW });
  verificationKeys = { [CIRCUIT]: loadVerificationKey(CIRCUIT).vkey };
});

afterAll(async () => {
  await prover.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Re-randomises a Groth16 proof: A' = A * r^-1, B' = B * r, C' = C. */
async function rerandomise(proof: NonNullable<Presentation['zk']>['proof']): Promise<NonNullable<Presentation['zk']>['proof']> {
  const curve = (await snarkjs.curves.getCurveFromName('bn128')) as {
    G1: { fromObject(o: bigint[]): Uint8Array; toObject(p: Uint8Array): bigint[]; timesFr(p: Uint8Array, s: Uint8Array): Uint8Array; toAffine(p: Uint8Array): Uint8Array };
    G2: { fromObject(o: bigint[][]): Uint8Array; toObject(p: Uint8Array): bigint[][]; timesFr(p: Uint8Array, s: Uint8Array): Uint8Array; toAffine(p: Uint8Array): Uint8Array };
    Fr: { e(x: bigint): Uint8Array; inv(x: Uint8Array): Uint8Array };
  };
  const r = curve.Fr.e(123456789123456789n);
  const a = curve.G1.toAffine(curve.G1.timesFr(curve.G1.fromObject(proof.pi_a.map(BigInt)), curve.Fr.inv(r)));
  const b = curve.G2.toAffine(curve.G2.timesFr(curve.G2.fromObject(proof.pi_b.map((row) => row.map(BigInt))), r));
  return {
    ...proof,
    pi_a: curve.G1.toObject(a).map(String),
    pi_b: curve.G2.toObject(b).map((row) => row.map(String)),
  };
}

describe('replay', () => {
  test('a re-randomised copy of a used presentation verifies as a proof but is refused as a replay', async () => {
    const store = new SqliteNonceStore(join(dir, 'nonces.sqlite'));
    const first = await verifyPresentation(presentation, request, { verificationKeys, nonceStore: store, now: NOW, rootViews });
    expect(first.verified).toBe(true);
    const copy: Presentation = { ...presentation, zk: { ...presentation.zk!, proof: await rerandomise(presentation.zk!.proof) } };
    expect(copy.zk!.proof.pi_a).not.toEqual(presentation.zk!.proof.pi_a);
    expect(await snarkjs.groth16.verify(verificationKeys[CIRCUIT]!, copy.zk!.publicSignals, copy.zk!.proof)).toBe(true);
    const second = await verifyPresentation(copy, request, { verificationKeys, nonceStore: store, now: NOW, rootViews });
    expect(second.verified).toBe(false);
    expect(second.errors.map((e) => e.code)).toEqual(['NONCE_REPLAYED']);
    store.close();
  });

  test('the nonce stays spent after the verifier restarts (SQLite)', async () => {
    const reopened = new SqliteNonceStore(join(dir, 'nonces.sqlite'));
    const result = await verifyPresentation(presentation, request, { verificationKeys, nonceStore: reopened, now: NOW, rootViews });
    expect(result.errors.map((e) => e.code)).toEqual(['NONCE_REPLAYED']);
    reopened.close();
  });

  test('a wallet refuses to answer a request past its expiry, and makes no proof', async () => {
    const later = new Date(Date.parse(request.expiresAt) + 1000);
    await expect(wallet.createPresentation({ request, registries, now: later })).rejects.toMatchObject({ code: 'REQUEST_EXPIRED' });
  });

  test('a request past its expiry is refused', async () => {
    const later = new Date(Date.parse(request.expiresAt) + 1000);
    const result = await verifyPresentation(presentation, request, { verificationKeys, now: later, rootViews });
    expect(result.errors.map((e) => e.code)).toContain('REQUEST_EXPIRED');
  });
});

describe('artifact integrity', () => {
  for (const file of ['circuit.zkey', 'circuit.wasm', 'verification_key.json']) {
    test(`a ${file} that does not match the manifest is refused before use`, () => {
      const copy = join(dir, `artifacts-${file}`);
      cpSync(join(ARTIFACTS_DIR, CIRCUIT), join(copy, CIRCUIT), { recursive: true });
      const path = join(copy, CIRCUIT, file);
      const bytes = readFileSync(path);
      bytes[bytes.length - 2] ^= 1;
      writeFileSync(path, bytes);
      expect(() => loadArtifacts(CIRCUIT, { artifactsDir: copy })).toThrow(ArtifactError);
      expect(() => loadArtifacts(CIRCUIT, { artifactsDir: copy })).toThrow(new RegExp(`${file.replace('.', '\\.')} does not match the sha256`));
    });
  }

  test('a presentation made with a key the request does not accept is refused', async () => {
    const narrow = { ...request, acceptedKeys: request.acceptedKeys.filter((k) => k.circuit !== CIRCUIT) };
    const result = await verifyPresentation(presentation, narrow, { verificationKeys, now: NOW, rootViews });
    expect(result.errors.map((e) => e.code)).toEqual(['UNKNOWN_VERIFICATION_KEY']);
  });
});
