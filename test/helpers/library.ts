/**
 * Shared builders for the library tests (test/library/*.test.ts): fixed keys, a fixed clock and
 * calendar day, sample person attributes, temporary directories, and small helpers over
 * verification results. Everything here is deterministic except what the library draws itself
 * (credential salts and ids, request nonces), which the tests never depend on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Issuer, PERSON_SCHEMA, RootViews, holderKeysFromSecret, issuerKeysFromSecret,
  type Credential, type HolderKeys, type IssuerKeys, type RegistryStore, type VerificationResult,
} from '../../src/index.js';

/** The verifier's (and issuers') fixed instant and its calendar day. */
export const NOW: Date = new Date('2026-11-29T10:00:00.000Z');
export const TODAY = '2026-11-29';
/** Issuance instant of every sample credential. */
export const ISSUED_AT: Date = new Date('2026-01-15T09:00:00.000Z');
/** Expiry of valid sample credentials (after TODAY) and of the expired one (before TODAY). */
export const VALID_UNTIL = '2030-12-31';
export const EXPIRED_ON = '2026-06-30';

/** `NOW` plus some seconds. */
export function later(seconds: number): Date {
  return new Date(NOW.getTime() + seconds * 1000);
}

/** Issuer keys from a one-byte seed (the Ed25519 secret key is that byte repeated). */
export function issuerKeys(seed: number): IssuerKeys {
  return issuerKeysFromSecret(new Uint8Array(32).fill(seed));
}

/** Holder keys from a small fixed secret. */
export function holderKeys(secret: bigint): HolderKeys {
  return holderKeysFromSecret(secret);
}

/** An issuer whose clock always reads `NOW` (so root statements are dated NOW). */
export function makeIssuer(keys: IssuerKeys, store?: RegistryStore): Issuer {
  return new Issuer({ keys, clock: () => NOW, ...(store !== undefined && { store }) });
}

/** A verifier's root views holding the latest statements of these issuers (as exported now). */
export function rootViewsOf(...issuers: Issuer[]): RootViews {
  const views = new RootViews();
  for (const issuer of issuers) views.addExport(issuer.exportRegistry());
  return views;
}

/** Adult German "Erika Mustermann", born 1990-05-17. */
export const ERIKA = {
  givenName: 'Erika',
  familyName: 'Mustermann',
  birthDate: '1990-05-17',
  nationality: 'DE',
  documentNumber: 'T22000129',
} as const;

/** A minor: 17 on TODAY (turns 18 on 2026-11-30). */
export const MINOR = {
  givenName: 'Jonas',
  familyName: 'Beispiel',
  birthDate: '2008-11-30',
  nationality: 'AT',
  documentNumber: 'P1234567',
} as const;

/** Issues a PERSON_SCHEMA credential to a holder, valid until VALID_UNTIL unless given. */
export function issuePerson(
  issuer: Issuer,
  holder: HolderKeys,
  attributes: Record<string, unknown> = ERIKA,
  validUntil: string = VALID_UNTIL,
): Credential {
  return issuer.issue({ schema: PERSON_SCHEMA, attributes: { ...attributes }, holder: holder.commitment, validUntil, validFrom: ISSUED_AT });
}

/** The 27 EU member states, ISO 3166-1 alpha-2. */
export const EU_COUNTRIES: readonly string[] = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
];

/** A JSON deep copy (what a tampering verifier or holder would send). */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** The error codes of a verification result, in order. */
export function codes(result: VerificationResult): string[] {
  return result.errors.map((e) => e.code);
}

/** The distinct error codes of a verification result, sorted. */
export function codeSet(result: VerificationResult): string[] {
  return [...new Set(codes(result))].sort();
}

/** A fresh temporary directory under os.tmpdir(); `cleanup` removes it. */
export function tempDir(prefix = 'zkd-lib-'): { dir: string; file(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `fn` and returns what it throws (fails the test when it does not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw');
}

/** Awaits `promise` and returns its rejection (fails the test when it resolves). */
export async function rejected(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}
