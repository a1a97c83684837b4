/**
 * Tests for src/bbs.ts: both suites round trip through one interface; bbs-2023 reproduces the
 * IETF draft's BLS12-381-SHA-256 fixtures (test/vectors/bbs-2023-sha256.json); verification
 * returns false, never throws, on bad proof content; misuse throws InputError naming the field;
 * the credential message encoding is exact.
 *
 * Determinism: key pairs come from fixed seeds; bbs-2023 signatures are deterministic. Proof
 * derivation draws randomness inside both libraries (neither exposes a seed through its public
 * API), so proofs are only checked by verification, and byte-exact proof checks use the draft's
 * fixed proofs.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BBS_MAX_MESSAGES, BBS_SUITES, bbsDeriveProof, bbsMessage, bbsMessageLayout, bbsMessages, bbsSign,
  bbsVerifyProof, bbsVerifySignature, generateBbsKeyPair, type BbsKeyPair, type BbsSuite,
  type BbsVerifyProofOptions,
} from '../src/bbs.js';
import { FIELD_MODULUS } from '../src/constants.js';
import { InputError } from '../src/errors.js';

const utf8 = new TextEncoder();
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
const seed = (byte: number): Uint8Array => new Uint8Array(32).fill(byte);

/** Five attributes + schemaId, validUntil, commitment = 8 messages. */
const CREDENTIAL = {
  schemaId: 'urn:zkdisclose:schema:person:1',
  attributes: [
    { name: 'givenName', canonical: 'Erika' },
    { name: 'familyName', canonical: 'Mustermann' },
    { name: 'birthDate', canonical: '1990-05-17' },
    { name: 'nationality', canonical: 'DE' },
    { name: 'score', canonical: '742' },
  ],
  validUntil: '2031-12-31',
  commitment: '7337419280375204732398474198328723784723894723894723894723894723',
};
const DISCLOSED = [0, 3, 7] as const;
const NONCE = utf8.encode('verifier-nonce-0001');

/** Expected proof sizes, as documented in src/bbs.ts. */
function proofSize(suite: BbsSuite, total: number, disclosed: number): number {
  const hidden = total - disclosed;
  return suite === 'bbs+2020' ? 383 + Math.floor(total / 8) + 32 * hidden : 272 + 32 * hidden;
}

/** Awaits `promise` and returns the InputError it rejects with (fails if it resolves or throws another type). */
async function inputError(promise: Promise<unknown>): Promise<InputError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

function syncInputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

interface Issued {
  keys: BbsKeyPair;
  otherKeys: BbsKeyPair;
  messages: Uint8Array[];
  signature: Uint8Array;
  proof: Uint8Array;
}

const issued = {} as Record<BbsSuite, Issued>;

beforeAll(async () => {
  const messages = bbsMessages(CREDENTIAL);
  for (const suite of BBS_SUITES) {
    const keys = await generateBbsKeyPair({ suite, seed: seed(1) });
    const otherKeys = await generateBbsKeyPair({ suite, seed: seed(2) });
    const signature = await bbsSign({ suite, secretKey: keys.secretKey, publicKey: keys.publicKey, messages });
    const proof = await bbsDeriveProof({
      suite, publicKey: keys.publicKey, signature, messages, disclosedIndexes: [...DISCLOSED], presentationHeader: NONCE,
    });
    issued[suite] = { keys, otherKeys, messages, signature, proof };
  }
});

/** The verification request for the shared proof of `suite`; override fields per test. */
function request(suite: BbsSuite, override: Partial<BbsVerifyProofOptions> = {}): BbsVerifyProofOptions {
  const { keys, messages, proof } = issued[suite];
  return {
    suite,
    publicKey: keys.publicKey,
    proof,
    disclosedMessages: DISCLOSED.map((i) => messages[i]),
    disclosedIndexes: [...DISCLOSED],
    totalMessages: messages.length,
    presentationHeader: NONCE,
    ...override,
  };
}

describe('libraries load under vitest (ESM)', () => {
  it.each(BBS_SUITES)('%s: seeded key generation is deterministic and yields 32/96-byte keys', async (suite) => {
    const again = await generateBbsKeyPair({ suite, seed: seed(1) });
    expect(again).toEqual(issued[suite].keys);
    expect(again.suite).toBe(suite);
    expect(again.secretKey).toHaveLength(32);
    expect(again.publicKey).toHaveLength(96);
  });

  it('the two suites derive different key pairs from the same seed', () => {
    expect(issued['bbs+2020'].keys.publicKey).not.toEqual(issued['bbs-2023'].keys.publicKey);
  });
});

describe.each(BBS_SUITES)('%s round trip: sign, derive, verify with 8 messages disclosing [0, 3, 7]', (suite) => {
  it('the holder accepts the signature', async () => {
    const { keys, messages, signature } = issued[suite];
    expect(signature).toHaveLength(suite === 'bbs+2020' ? 112 : 80);
    await expect(bbsVerifySignature({ suite, publicKey: keys.publicKey, signature, messages })).resolves.toBe(true);
  });

  it('the verifier accepts the proof, which has the documented size', async () => {
    expect(issued[suite].proof).toHaveLength(proofSize(suite, 8, DISCLOSED.length));
    await expect(bbsVerifyProof(request(suite))).resolves.toBe(true);
  });

  it('a second derivation is a different proof that also verifies', async () => {
    const { keys, messages, signature, proof } = issued[suite];
    const again = await bbsDeriveProof({
      suite, publicKey: keys.publicKey, signature, messages, disclosedIndexes: [...DISCLOSED], presentationHeader: NONCE,
    });
    expect(again).not.toEqual(proof);
    await expect(bbsVerifyProof(request(suite, { proof: again }))).resolves.toBe(true);
  });

  it('disclosing nothing and disclosing everything both verify', async () => {
    const { keys, messages, signature } = issued[suite];
    for (const disclosedIndexes of [[], messages.map((_, i) => i)]) {
      const proof = await bbsDeriveProof({ suite, publicKey: keys.publicKey, signature, messages, disclosedIndexes, presentationHeader: NONCE });
      expect(proof).toHaveLength(proofSize(suite, 8, disclosedIndexes.length));
      const ok = await bbsVerifyProof(request(suite, {
        proof, disclosedIndexes, disclosedMessages: disclosedIndexes.map((i) => messages[i]),
      }));
      expect(ok).toBe(true);
    }
  });
});

describe('bbs-2023 determinism and header', () => {
  it('signs the same messages to the same bytes', async () => {
    const { keys, messages, signature } = issued['bbs-2023'];
    const again = await bbsSign({ suite: 'bbs-2023', secretKey: keys.secretKey, publicKey: keys.publicKey, messages });
    expect(again).toEqual(signature);
  });

  it('binds the header: a proof made with one header fails under another', async () => {
    const { keys, messages } = issued['bbs-2023'];
    const header = utf8.encode('issuer-context');
    const signature = await bbsSign({ suite: 'bbs-2023', secretKey: keys.secretKey, publicKey: keys.publicKey, header, messages });
    const proof = await bbsDeriveProof({
      suite: 'bbs-2023', publicKey: keys.publicKey, signature, header, messages, disclosedIndexes: [...DISCLOSED], presentationHeader: NONCE,
    });
    await expect(bbsVerifyProof(request('bbs-2023', { proof, header }))).resolves.toBe(true);
    await expect(bbsVerifyProof(request('bbs-2023', { proof }))).resolves.toBe(false);
    await expect(bbsVerifyProof(request('bbs-2023', { proof, header: utf8.encode('issuer-contexT') }))).resolves.toBe(false);
  });
});

describe('bbs+2020 proof layout', () => {
  it.each([
    [1, [0]], [1, []], [9, [8]], [16, [0, 15]], [17, [1, 2, 3]],
  ])('%i messages disclosing %j: size, embedded count and bitmap match the documented layout', async (total, disclosed) => {
    const { keys } = issued['bbs+2020'];
    const messages = Array.from({ length: total }, (_, i) => utf8.encode(`m${i}`));
    const signature = await bbsSign({ suite: 'bbs+2020', secretKey: keys.secretKey, publicKey: keys.publicKey, messages });
    const proof = await bbsDeriveProof({
      suite: 'bbs+2020', publicKey: keys.publicKey, signature, messages, disclosedIndexes: disclosed, presentationHeader: NONCE,
    });
    expect(proof).toHaveLength(proofSize('bbs+2020', total, disclosed.length));
    expect((proof[0] << 8) | proof[1]).toBe(total);
    const width = Math.floor(total / 8) + 1;
    let bitmap = 0n;
    for (const b of proof.subarray(2, 2 + width)) bitmap = (bitmap << 8n) | BigInt(b);
    expect(bitmap).toBe(disclosed.reduce((acc, i) => acc | (1n << BigInt(i)), 0n));
    const ok = await bbsVerifyProof({
      suite: 'bbs+2020', publicKey: keys.publicKey, proof, disclosedMessages: disclosed.map((i) => messages[i]),
      disclosedIndexes: disclosed, totalMessages: total, presentationHeader: NONCE,
    });
    expect(ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

interface SignatureFixture {
  name: string;
  publicKey: string;
  header: string;
  messages: string[];
  signature: string;
  valid: boolean;
}
interface ProofFixture {
  name: string;
  publicKey: string;
  header: string;
  presentationHeader: string;
  proof: string;
  disclosedIndexes: number[];
  disclosedMessages: string[];
  totalMessages: number;
  valid: boolean;
}
interface Vectors {
  source: string;
  keyPair: { secretKey: string; publicKey: string };
  messages: string[];
  signatureFixtures: SignatureFixture[];
  proofFixtures: ProofFixture[];
}

const VECTORS = JSON.parse(
  readFileSync(new URL('./vectors/bbs-2023-sha256.json', import.meta.url), 'utf8'),
) as Vectors;

describe('bbs-2023 against the IETF draft BLS12-381-SHA-256 fixtures', () => {
  it('the vector file names its source', () => {
    expect(VECTORS.source).toMatch(/draft-irtf-cfrg-bbs-signatures/);
    expect(VECTORS.signatureFixtures.length).toBeGreaterThanOrEqual(3);
  });

  it.each(VECTORS.signatureFixtures.map((f) => [f.name, f] as const))('signature fixture: %s', async (_, f) => {
    const ok = await bbsVerifySignature({
      suite: 'bbs-2023', publicKey: hex(f.publicKey), signature: hex(f.signature), header: hex(f.header), messages: f.messages.map(hex),
    });
    expect(ok).toBe(f.valid);
  });

  it.each(VECTORS.signatureFixtures.filter((f) => f.valid).map((f) => [f.name, f] as const))(
    'signing reproduces the fixture byte for byte: %s',
    async (_, f) => {
      const signature = await bbsSign({
        suite: 'bbs-2023', secretKey: hex(VECTORS.keyPair.secretKey), publicKey: hex(f.publicKey), header: hex(f.header), messages: f.messages.map(hex),
      });
      expect(Buffer.from(signature).toString('hex')).toBe(f.signature);
    },
  );

  it.each(VECTORS.proofFixtures.map((f) => [f.name, f] as const))('proof fixture: %s', async (_, f) => {
    const ok = await bbsVerifyProof({
      suite: 'bbs-2023', publicKey: hex(f.publicKey), proof: hex(f.proof), header: hex(f.header),
      presentationHeader: hex(f.presentationHeader), disclosedMessages: f.disclosedMessages.map(hex),
      disclosedIndexes: f.disclosedIndexes, totalMessages: f.totalMessages,
    });
    expect(ok).toBe(f.valid);
  });

  it('a proof derived from the fixture signature verifies (and is fresh, not the fixture proof)', async () => {
    const f = VECTORS.proofFixtures.find((p) => p.name === 'Valid Multi-Message, Some Messages Disclosed Proof')!;
    const signature = VECTORS.signatureFixtures.find((s) => s.name === 'Valid Multi-Message Signature')!;
    const proof = await bbsDeriveProof({
      suite: 'bbs-2023', publicKey: hex(f.publicKey), signature: hex(signature.signature), header: hex(f.header),
      messages: VECTORS.messages.map(hex), disclosedIndexes: f.disclosedIndexes, presentationHeader: hex(f.presentationHeader),
    });
    expect(Buffer.from(proof).toString('hex')).not.toBe(f.proof);
    const ok = await bbsVerifyProof({
      suite: 'bbs-2023', publicKey: hex(f.publicKey), proof, header: hex(f.header), presentationHeader: hex(f.presentationHeader),
      disclosedMessages: f.disclosedMessages.map(hex), disclosedIndexes: f.disclosedIndexes, totalMessages: f.totalMessages,
    });
    expect(ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe.each(BBS_SUITES)('%s verification returns false (never throws) on bad proof content', (suite) => {
  const other: BbsSuite = suite === 'bbs+2020' ? 'bbs-2023' : 'bbs+2020';

  it('a tampered disclosed message', async () => {
    const disclosedMessages = DISCLOSED.map((i) => issued[suite].messages[i]);
    disclosedMessages[1] = utf8.encode('nationality=FR');
    await expect(bbsVerifyProof(request(suite, { disclosedMessages }))).resolves.toBe(false);
  });

  it('a wrong presentation header (nonce)', async () => {
    await expect(bbsVerifyProof(request(suite, { presentationHeader: utf8.encode('verifier-nonce-0002') }))).resolves.toBe(false);
    await expect(bbsVerifyProof(request(suite, { presentationHeader: new Uint8Array(0) }))).resolves.toBe(false);
  });

  it('a wrong public key', async () => {
    await expect(bbsVerifyProof(request(suite, { publicKey: issued[suite].otherKeys.publicKey }))).resolves.toBe(false);
  });

  it('the proof checked against other indexes (same count, and fewer)', async () => {
    const { messages } = issued[suite];
    for (const disclosedIndexes of [[0, 3, 6], [0, 3]]) {
      const ok = await bbsVerifyProof(request(suite, { disclosedIndexes, disclosedMessages: disclosedIndexes.map((i) => messages[i]) }));
      expect(ok).toBe(false);
    }
  });

  it('truncated, empty, padded and same-length garbage proof bytes', async () => {
    const { proof } = issued[suite];
    const padded = new Uint8Array(proof.length + 1);
    padded.set(proof);
    let x = 0x2545f491;
    const garbage = proof.map(() => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24);
    for (const bad of [proof.subarray(0, proof.length - 1), proof.subarray(0, 40), proof.subarray(0, 1), new Uint8Array(0), padded, garbage]) {
      await expect(bbsVerifyProof(request(suite, { proof: bad }))).resolves.toBe(false);
    }
  });

  it('single-byte corruptions across the proof', async () => {
    const { proof } = issued[suite];
    for (let k = 0; k < 12; k++) {
      const bad = proof.slice();
      bad[Math.floor((k * (proof.length - 1)) / 11)] ^= 0x5a;
      await expect(bbsVerifyProof(request(suite, { proof: bad }))).resolves.toBe(false);
    }
  });

  it(`a ${other} proof presented as ${suite}`, async () => {
    const foreign = issued[other].proof;
    // Under the key the verifier trusts for this suite, and under the key that made the proof.
    await expect(bbsVerifyProof(request(suite, { proof: foreign }))).resolves.toBe(false);
    await expect(bbsVerifyProof(request(suite, { proof: foreign, publicKey: issued[other].keys.publicKey }))).resolves.toBe(false);
  });

  it(`a ${other} signature presented as ${suite}`, async () => {
    const ok = await bbsVerifySignature({
      suite, publicKey: issued[other].keys.publicKey, signature: issued[other].signature, messages: issued[other].messages,
    });
    expect(ok).toBe(false);
  });

  it('a wrong totalMessages (one more, many more, one fewer)', async () => {
    await expect(bbsVerifyProof(request(suite, { totalMessages: 9 }))).resolves.toBe(false);
    await expect(bbsVerifyProof(request(suite, { totalMessages: 64 }))).resolves.toBe(false);
    // With 7 messages index 7 is out of range (misuse), so the last disclosed index moves to 6.
    const disclosedIndexes = [0, 3, 6];
    const disclosedMessages = disclosedIndexes.map((i) => issued[suite].messages[i]);
    await expect(bbsVerifyProof(request(suite, { totalMessages: 7, disclosedIndexes, disclosedMessages }))).resolves.toBe(false);
  });

  it('a signature over other messages, truncated or empty', async () => {
    const { keys, messages, signature } = issued[suite];
    const changed = [...messages];
    changed[2] = utf8.encode('birthDate=1990-05-18');
    const verify = (s: Uint8Array, m: Uint8Array[]) => bbsVerifySignature({ suite, publicKey: keys.publicKey, signature: s, messages: m });
    await expect(verify(signature, changed)).resolves.toBe(false);
    await expect(verify(signature.subarray(0, signature.length - 1), messages)).resolves.toBe(false);
    await expect(verify(new Uint8Array(0), messages)).resolves.toBe(false);
  });
});

describe('bbs+2020: malformed length fields that crash the wasm are screened out', () => {
  // Body offsets (after u16 count + 2-byte bitmap for 8 messages) of the three u32 fields.
  it.each([148, 200, 316])('u32 at proof offset %i set to 0xffffffff', async (offset) => {
    const bad = issued['bbs+2020'].proof.slice();
    bad.set([0xff, 0xff, 0xff, 0xff], offset);
    await expect(bbsVerifyProof(request('bbs+2020', { proof: bad }))).resolves.toBe(false);
  });

  it('the process survives and still verifies the original proof', async () => {
    await expect(bbsVerifyProof(request('bbs+2020'))).resolves.toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('misuse throws InputError naming the field', () => {
  it('an unknown suite', async () => {
    const e = await inputError(bbsVerifyProof(request('bbs-2023', { suite: 'bbs-2024' as BbsSuite })));
    expect(e).toMatchObject({ field: 'suite', code: 'UNSUPPORTED' });
    expect(e.message).toBe('"suite" expected "bbs+2020" or "bbs-2023", got "bbs-2024"');
    expect((await inputError(generateBbsKeyPair({ suite: undefined as unknown as BbsSuite })))).toMatchObject({ field: 'suite' });
  });

  it('a missing options object', async () => {
    expect(await inputError(bbsVerifyProof(null as unknown as BbsVerifyProofOptions))).toMatchObject({ field: 'options' });
  });

  it.each([
    ['proof', 'a number array', { proof: Array.from(new Uint8Array(8)) }],
    ['proof', 'a base64 string', { proof: 'AAEC' }],
    ['presentationHeader', 'a string nonce', { presentationHeader: 'nonce' }],
    ['publicKey', 'a 48-byte (G1-sized) key', { publicKey: new Uint8Array(48) }],
    ['disclosedMessages', 'a string instead of an array', { disclosedMessages: 'x' }],
    ['disclosedMessages[1]', 'a string among the messages', { disclosedMessages: [new Uint8Array(1), 'b', new Uint8Array(1)] }],
    ['disclosedMessages', 'one message for three indexes', { disclosedMessages: [new Uint8Array(1)] }],
    ['disclosedIndexes[2]', 'index 8 of 8 messages', { disclosedIndexes: [0, 3, 8] }],
    ['disclosedIndexes[0]', 'index -1', { disclosedIndexes: [-1, 3, 7] }],
    ['disclosedIndexes[1]', 'unsorted indexes', { disclosedIndexes: [3, 0, 7] }],
    ['disclosedIndexes[1]', 'a duplicated index', { disclosedIndexes: [3, 3, 7] }],
    ['disclosedIndexes[0]', 'a fractional index', { disclosedIndexes: [0.5, 3, 7] }],
    ['disclosedIndexes', 'a string of indexes', { disclosedIndexes: '0,3,7' }],
    ['totalMessages', 'zero messages', { totalMessages: 0 }],
    ['totalMessages', 'a fractional count', { totalMessages: 8.5 }],
    ['totalMessages', 'more than BBS_MAX_MESSAGES', { totalMessages: BBS_MAX_MESSAGES + 1 }],
  ] as const)('bbsVerifyProof: "%s" for %s', async (field, _, override) => {
    for (const suite of BBS_SUITES) {
      const e = await inputError(bbsVerifyProof(request(suite, override as Partial<BbsVerifyProofOptions>)));
      expect(e.field).toBe(field);
      expect(e.message.startsWith(`"${field}" `)).toBe(true);
    }
  });

  it('sparse arrays: a hole is reported, not passed on as undefined', async () => {
    const holeyMessages: Uint8Array[] = new Array<Uint8Array>(3);
    holeyMessages[0] = new Uint8Array(1);
    holeyMessages[2] = new Uint8Array(1);
    const holeyIndexes: number[] = new Array<number>(3);
    holeyIndexes[0] = 0;
    holeyIndexes[2] = 7;
    expect(await inputError(bbsVerifyProof(request('bbs-2023', { disclosedMessages: holeyMessages })))).toMatchObject({ field: 'disclosedMessages[1]' });
    expect(await inputError(bbsVerifyProof(request('bbs-2023', { disclosedIndexes: holeyIndexes })))).toMatchObject({ field: 'disclosedIndexes[1]' });
  });

  it('a public key of the wrong length has code INVALID_KEY', async () => {
    const e = await inputError(bbsVerifyProof(request('bbs-2023', { publicKey: new Uint8Array(95) })));
    expect(e).toMatchObject({ field: 'publicKey', code: 'INVALID_KEY' });
    expect(e.message).toBe('"publicKey" expected 96 bytes, got 95');
  });

  it('a header with bbs+2020 (which has none) is refused, not silently dropped', async () => {
    const { keys, messages } = issued['bbs+2020'];
    const header = utf8.encode('ctx');
    const e1 = await inputError(bbsSign({ suite: 'bbs+2020', secretKey: keys.secretKey, publicKey: keys.publicKey, header, messages }));
    expect(e1).toMatchObject({ field: 'header', code: 'UNSUPPORTED' });
    expect(await inputError(bbsVerifyProof(request('bbs+2020', { header })))).toMatchObject({ field: 'header' });
    await expect(bbsVerifyProof(request('bbs+2020', { header: new Uint8Array(0) }))).resolves.toBe(true);
  });

  it('bbsSign: a public key that does not belong to the secret key, no messages, a short secret key', async () => {
    const { keys, otherKeys, messages } = issued['bbs-2023'];
    const base = { suite: 'bbs-2023' as const, secretKey: keys.secretKey, publicKey: keys.publicKey, messages };
    expect(await inputError(bbsSign({ ...base, publicKey: otherKeys.publicKey }))).toMatchObject({ field: 'publicKey', code: 'INVALID_KEY' });
    expect(await inputError(bbsSign({ ...base, messages: [] }))).toMatchObject({ field: 'messages' });
    expect(await inputError(bbsSign({ ...base, secretKey: keys.secretKey.subarray(1) }))).toMatchObject({ field: 'secretKey' });
    expect(await inputError(bbsSign({ ...base, secretKey: new Uint8Array(32) }))).toMatchObject({ field: 'secretKey', code: 'INVALID_KEY' });
  });

  it('bbsDeriveProof: a signature of the wrong length, indexes beyond the messages', async () => {
    const { keys, messages, signature } = issued['bbs+2020'];
    const base = { suite: 'bbs+2020' as const, publicKey: keys.publicKey, signature, messages, disclosedIndexes: [0], presentationHeader: NONCE };
    expect(await inputError(bbsDeriveProof({ ...base, signature: signature.subarray(0, 80) }))).toMatchObject({ field: 'signature' });
    expect(await inputError(bbsDeriveProof({ ...base, disclosedIndexes: [8] }))).toMatchObject({ field: 'disclosedIndexes[0]' });
  });

  it('generateBbsKeyPair: a seed shorter than 32 bytes', async () => {
    expect(await inputError(generateBbsKeyPair({ suite: 'bbs+2020', seed: new Uint8Array(16) }))).toMatchObject({ field: 'seed' });
  });
});

// ---------------------------------------------------------------------------------------------

describe('bbsMessages encoding', () => {
  it('encodes name=value per attribute, then schemaId, validUntil, and commitment last', () => {
    expect(bbsMessages(CREDENTIAL).map(text)).toEqual([
      'givenName=Erika',
      'familyName=Mustermann',
      'birthDate=1990-05-17',
      'nationality=DE',
      'score=742',
      'schemaId=urn:zkdisclose:schema:person:1',
      'validUntil=2031-12-31',
      `commitment=${CREDENTIAL.commitment}`,
    ]);
  });

  it('bbsMessageLayout gives the indexes bbsMessages uses', () => {
    expect(bbsMessageLayout({ attributeCount: 5 })).toEqual({
      attributeCount: 5, schemaIdIndex: 5, validUntilIndex: 6, commitmentIndex: 7, totalMessages: 8,
    });
    expect(bbsMessageLayout({ attributeCount: 0 }).commitmentIndex).toBe(2);
  });

  it('writes UTF-8, keeps "=" inside values, and normalises a bigint commitment to decimal', () => {
    const messages = bbsMessages({
      schemaId: 's', attributes: [{ name: 'name', canonical: 'Zoë 🙂' }, { name: 'eq', canonical: 'a=b' }], validUntil: '2030-01-01', commitment: 42n,
    });
    expect(messages[0]).toEqual(Uint8Array.from([...utf8.encode('name=Zo'), 0xc3, 0xab, 0x20, 0xf0, 0x9f, 0x99, 0x82]));
    expect(text(messages[1])).toBe('eq=a=b');
    expect(text(messages[4])).toBe('commitment=42');
  });

  it('bbsMessage encodes the same bytes a verifier needs for a disclosed attribute', () => {
    expect(bbsMessage({ name: 'nationality', value: 'DE' })).toEqual(bbsMessages(CREDENTIAL)[3]);
  });

  it('round-trips any attribute list: splitting each message at its first "=" gives name and value back', () => {
    const name = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((s) => !s.includes('=') && !['schemaId', 'validUntil', 'commitment'].includes(s));
    fc.assert(fc.property(
      fc.uniqueArray(fc.record({ name, canonical: fc.string({ maxLength: 20, unit: 'grapheme' }) }), { selector: (a) => a.name, maxLength: 10 }),
      fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n }),
      (attributes, commitment) => {
        const messages = bbsMessages({ schemaId: 'x', attributes, validUntil: '2030-06-30', commitment: commitment.toString() });
        const layout = bbsMessageLayout({ attributeCount: attributes.length });
        expect(messages).toHaveLength(layout.totalMessages);
        attributes.forEach((a, i) => {
          const s = text(messages[i]);
          expect([s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)]).toEqual([a.name, a.canonical]);
        });
        expect(text(messages[layout.commitmentIndex])).toBe(`commitment=${commitment}`);
      },
    ), { numRuns: 100, seed: 20240611 });
  });

  it.each([
    ['attributes[1].name', 'a name containing "="', { attributes: [{ name: 'a', canonical: '1' }, { name: 'b=c', canonical: '2' }] }],
    ['attributes[0].name', 'an empty name', { attributes: [{ name: '', canonical: '1' }] }],
    ['attributes[0].name', 'the reserved name "commitment"', { attributes: [{ name: 'commitment', canonical: '1' }] }],
    ['attributes[1].name', 'a duplicated name', { attributes: [{ name: 'a', canonical: '1' }, { name: 'a', canonical: '2' }] }],
    ['attributes[0].canonical', 'a number value', { attributes: [{ name: 'a', canonical: 1 }] }],
    ['attributes[0].canonical', 'a lone surrogate', { attributes: [{ name: 'a', canonical: 'bad \uD800' }] }],
    ['attributes[0]', 'a null attribute', { attributes: [null] }],
    ['attributes', 'a string instead of an array', { attributes: 'a=1' }],
    ['schemaId', 'an empty schema id', { schemaId: '' }],
    ['validUntil', 'February 30th', { validUntil: '2031-02-30' }],
    ['validUntil', 'a DD.MM.YYYY date', { validUntil: '31.12.2031' }],
    ['commitment', 'a negative decimal', { commitment: '-1' }],
    ['commitment', 'a hex string', { commitment: '0x10' }],
    ['commitment', 'the BN254 modulus p', { commitment: FIELD_MODULUS.toString() }],
    ['commitment', 'a number', { commitment: 7 }],
  ] as const)('rejects "%s": %s', (field, _, override) => {
    const e = syncInputError(() => bbsMessages({ ...CREDENTIAL, ...(override as object) } as Parameters<typeof bbsMessages>[0]));
    expect(e.field).toBe(field);
  });
});
