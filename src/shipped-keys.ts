/**
 * The verification-key hashes of the circuits this package ships (artifacts/<circuit>/), compiled
 * into the code so that a browser can pin the keys it fetches without trusting the server that
 * serves them, and can make a request without reading files. A key from your own ceremony has
 * another hash: pass it explicitly (`expectedVkeyHashes`, `acceptedKeys`).
 * test/library/shipped-keys.test.ts keeps the table equal to the shipped verification keys.
 */
import { InputError } from './errors.js';
import type { AcceptedKey } from './request.js';

/** circuit -> sha256 of its verification key's canonical JSON (verificationKeyHash). */
export const SHIPPED_VKEY_HASHES: Readonly<Record<string, string>> = Object.freeze({
  'presentation-16-4-32-20': 'b028aa8dfacd47a6f931cdf8f01358a9e498842c8be2908765fd8aca6dedb1ed',
  'presentation-16-1-1-20': '39e25b48abf2154bfb930497117e0d5a79695bcea540feb0b80f5b214ce87908',
  'presentation-16-4-32-4ary-10': '864f559181b6ed75e51e5544c25c5d30a4ccb9c00760ecce7a581977a388a609',
  'presentation-16-1-1-4ary-10': 'c886aed78b687a75e4fc70dad257b761fc3993a366279965b2f126a11f503677',
  'presentation-16-4-32-4ary-6': '39de596e11815d0f50a45a992cc640b19be13365ce051e883814baa311bd6882',
  'presentation-16-1-1-4ary-6': 'e32bd15f43cc4b049be1c0bedb4602f6fb9eeb510e58b178b7ee1b957d8f0ab7',
});

/**
 * The shipped circuits as a request's `acceptedKeys`, without reading any file (browsers).
 * @param circuits only these (default: every shipped circuit)
 * @throws {InputError} on a circuit that is not shipped
 * @example
 * createRequest({ ..., acceptedKeys: shippedAcceptedKeys(['presentation-16-1-1-20']) });
 */
export function shippedAcceptedKeys(circuits: readonly string[] = Object.keys(SHIPPED_VKEY_HASHES)): AcceptedKey[] {
  return circuits.map((circuit, i) => {
    const vkeyHash = Object.hasOwn(SHIPPED_VKEY_HASHES, circuit) ? SHIPPED_VKEY_HASHES[circuit] : undefined;
    if (vkeyHash === undefined) throw new InputError(`circuits[${i}]`, `"${String(circuit).slice(0, 64)}" is not a shipped circuit (${Object.keys(SHIPPED_VKEY_HASHES).join(', ')})`);
    return { circuit, vkeyHash };
  });
}
