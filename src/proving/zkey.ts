/**
 * Reading a Groth16 proving key (snarkjs's .zkey) and a witness (.wtns) from memory, once: the
 * sections a proof needs are views into the bytes the caller loaded, never copies.
 *
 * Both files use iden3's binary container: a 4-byte magic, a u32 version, a u32 section count,
 * then sections of (u32 type, u64 byte length, data), all little-endian. A Groth16 zkey holds:
 *   1 header (u32 protocol, 1 = Groth16)
 *   2 Groth16 header: n8q, q, n8r, r, nVars, nPublic, domainSize, then α₁, β₁, β₂, γ₂, δ₁, δ₂
 *     (G1 points 2·n8q bytes, G2 points 4·n8q bytes, Montgomery form)
 *   3 IC (verifier only)   4 the QAP coefficients of A and B: u32 count, then
 *     (u32 matrix 0|1, u32 constraint, u32 signal, n8r-byte Montgomery value) entries
 *   5 A bases   6 B bases in G1   7 B bases in G2   8 C bases (private signals)   9 H bases
 * A .wtns holds 1 (u32 n8, the prime, u32 count) and 2 (the values, n8 bytes each, plain form).
 */

/** A proving key's sections and parameters, as views into its bytes. */
export interface ZkeySections {
  n8q: number;
  n8r: number;
  /** The scalar field's prime (must be the curve's). */
  r: bigint;
  nVars: number;
  nPublic: number;
  domainSize: number;
  /** α₁, β₁, δ₁ (G1) and β₂, δ₂ (G2), Montgomery little-endian bytes. */
  alpha1: Uint8Array;
  beta1: Uint8Array;
  beta2: Uint8Array;
  delta1: Uint8Array;
  delta2: Uint8Array;
  /** Section 4 without its count: 12 + n8r bytes per entry. */
  coefficients: Uint8Array;
  basesA: Uint8Array;
  basesB1: Uint8Array;
  basesB2: Uint8Array;
  basesC: Uint8Array;
  basesH: Uint8Array;
}

/** A witness: its values (n8 bytes each, little-endian, plain form) and prime. */
export interface WitnessSections {
  n8: number;
  prime: bigint;
  count: number;
  values: Uint8Array;
}

const GROTH16 = 1;

/** Sections of an iden3 binary file by type (the first of each type). */
function sectionsOf(bytes: Uint8Array, magic: string, what: string): Map<number, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== magic) throw new Error(`${what}: not a ${magic} file`);
  const count = view.getUint32(8, true);
  const sections = new Map<number, Uint8Array>();
  let offset = 12;
  for (let i = 0; i < count; i++) {
    if (offset + 12 > bytes.byteLength) throw new Error(`${what}: truncated section table`);
    const type = view.getUint32(offset, true);
    const length = Number(view.getBigUint64(offset + 4, true));
    offset += 12;
    if (offset + length > bytes.byteLength) throw new Error(`${what}: section ${type} runs past the end`);
    if (!sections.has(type)) sections.set(type, bytes.subarray(offset, offset + length));
    offset += length;
  }
  return sections;
}

function section(sections: Map<number, Uint8Array>, type: number, what: string): Uint8Array {
  const s = sections.get(type);
  if (s === undefined) throw new Error(`${what}: no section ${type}`);
  return s;
}

/** A little-endian unsigned integer of `bytes`. */
function leInteger(bytes: Uint8Array): bigint {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]!);
  return x;
}

/**
 * Reads a Groth16 zkey held in memory.
 * @throws {Error} when the bytes are not a Groth16 zkey
 */
export function readZkey(bytes: Uint8Array): ZkeySections {
  const what = 'zkey';
  const sections = sectionsOf(bytes, 'zkey', what);
  const header = section(sections, 1, what);
  if (header.byteLength < 4 || new DataView(header.buffer, header.byteOffset).getUint32(0, true) !== GROTH16) throw new Error(`${what}: not a Groth16 key`);
  const g = section(sections, 2, what);
  const view = new DataView(g.buffer, g.byteOffset, g.byteLength);
  let p = 0;
  const u32 = (): number => { const v = view.getUint32(p, true); p += 4; return v; };
  const take = (n: number): Uint8Array => { const v = g.subarray(p, p + n); p += n; return v; };
  const n8q = u32();
  take(n8q);
  const n8r = u32();
  const r = leInteger(take(n8r));
  const nVars = u32();
  const nPublic = u32();
  const domainSize = u32();
  const alpha1 = take(2 * n8q);
  const beta1 = take(2 * n8q);
  const beta2 = take(4 * n8q);
  take(4 * n8q); // γ₂: the verifier's
  const delta1 = take(2 * n8q);
  const delta2 = take(4 * n8q);
  if (p > g.byteLength) throw new Error(`${what}: truncated Groth16 header`);

  const coefficientSection = section(sections, 4, what);
  const nCoefficients = new DataView(coefficientSection.buffer, coefficientSection.byteOffset).getUint32(0, true);
  const coefficients = coefficientSection.subarray(4);
  if (coefficients.byteLength !== nCoefficients * (12 + n8r)) throw new Error(`${what}: coefficient section has the wrong length`);
  const zkey: ZkeySections = {
    n8q, n8r, r, nVars, nPublic, domainSize, alpha1, beta1, beta2, delta1, delta2, coefficients,
    basesA: section(sections, 5, what),
    basesB1: section(sections, 6, what),
    basesB2: section(sections, 7, what),
    basesC: section(sections, 8, what),
    basesH: section(sections, 9, what),
  };
  const expect = (name: string, actual: Uint8Array, points: number, size: number): void => {
    if (actual.byteLength !== points * size) throw new Error(`${what}: ${name} holds ${actual.byteLength} bytes, expected ${points * size}`);
  };
  expect('A bases', zkey.basesA, nVars, 2 * n8q);
  expect('B1 bases', zkey.basesB1, nVars, 2 * n8q);
  expect('B2 bases', zkey.basesB2, nVars, 4 * n8q);
  expect('C bases', zkey.basesC, nVars - nPublic - 1, 2 * n8q);
  expect('H bases', zkey.basesH, domainSize, 2 * n8q);
  return zkey;
}

/**
 * Reads a witness held in memory (what circom's witness calculator's calculateWTNSBin returns).
 * @throws {Error} when the bytes are not a witness file
 */
export function readWitness(bytes: Uint8Array): WitnessSections {
  const what = 'witness';
  const sections = sectionsOf(bytes, 'wtns', what);
  const header = section(sections, 1, what);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const n8 = view.getUint32(0, true);
  const prime = leInteger(header.subarray(4, 4 + n8));
  const count = view.getUint32(4 + n8, true);
  const values = section(sections, 2, what);
  if (values.byteLength !== count * n8) throw new Error(`${what}: ${values.byteLength} bytes of values, expected ${count * n8}`);
  return { n8, prime, count, values };
}
