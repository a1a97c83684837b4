/**
 * The sizes suite (issue 16): how large requests and presentations are in each form, and what
 * the compact forms cost in time. For each case: the JSON document (compact JSON.stringify),
 * the compact bytes (src/compact/: header + deterministic CBOR), the QR text ("ZKP:"/"ZKR:" +
 * base45) and the QR version that holds it at error-correction level M (alphanumeric mode),
 * the URL form's length, and the median time to encode and to decode (decode includes parsing
 * the verifier's request, which hashes every set value: that is most of the EU case's time).
 * Presentations are real proofs from the shipped artifacts; the wallet's root travels by
 * reference (sequence number) and requests refer to the shipped accepted keys and, where
 * noted, to a published EU set. Linkable (SNARK + BBS) and bearer (BBS alone) cases carry the
 * BBS proof and the issuer's BBS key statement inline (format version 2); `fitsOneQr` says
 * whether any QR code (version 40 at most) holds them at level M.
 */
import {
  CompactError, Issuer, PERSON_SCHEMA, RootViews, Wallet, createProver, createRequest, decodePresentation, decodeRequest, defaultAcceptedKeys,
  encodePresentation, encodeRequest, generateBbsKeyPair, generateHolderKeys, generateIssuerKeys, qrVersion, releaseCurve, toCompactText,
  type CompactReferences, type CreateRequestOptions, type PresentationRequest,
} from '../src/index.js';
import type { Measured, Row } from './suite.js';

const EU = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];
const AGE = { attribute: 'birthDate', op: 'ageAtLeast', value: 18 } as const;

interface Case {
  label: string;
  options: Partial<CreateRequestOptions>;
  references: CompactReferences;
}

/** Median milliseconds of `runs` calls. */
function median(runs: number, call: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 1000) / 1000;
}

/** The QR version at level M that holds `text`, or null when no QR code does. */
function versionOrNull(text: string): number | null {
  try {
    return qrVersion(text);
  } catch (err) {
    if (err instanceof CompactError && err.code === 'COMPACT_OVERSIZED') return null;
    throw err;
  }
}

function formRow(what: 'request' | 'presentation', label: string, json: unknown, bytes: Uint8Array, encodeMs: number, decodeMs: number): Row {
  const text = toCompactText(bytes, what, 'qr');
  const version = versionOrNull(text);
  return {
    suite: 'sizes',
    what,
    case: label,
    jsonBytes: JSON.stringify(json).length,
    compactBytes: bytes.length,
    qrTextChars: text.length,
    qrVersionM: version,
    fitsOneQr: version !== null,
    urlChars: toCompactText(bytes, what, 'url').length,
    encodeMs,
    decodeMs,
  };
}

export async function runSizesBench(options: { quick: boolean }): Promise<Measured> {
  const runs = options.quick ? 10 : 100;
  const keys = defaultAcceptedKeys();
  const bbsKeys = await Promise.all((['bbs-2023', 'bbs+2020'] as const).map((suite) => generateBbsKeyPair({ suite })));
  const issuer = new Issuer({ keys: generateIssuerKeys(), bbsKeys });
  const holder = generateHolderKeys();
  const prover = createProver();
  const wallet = new Wallet({ holderSecret: holder.secret, prover });
  wallet.accept(await issuer.addBbsSignatures(issuer.issue({
    schema: PERSON_SCHEMA, holder: holder.commitment, validUntil: '2031-12-31',
    attributes: { givenName: 'Alexandra', familyName: 'Lovelace', birthDate: '1990-12-10', nationality: 'FR', documentNumber: 'FR-2041-77' },
  }), PERSON_SCHEMA));
  const registry = issuer.exportRegistry();
  const roots = new RootViews();
  roots.addExport(registry);
  const cases: Case[] = [
    { label: 'age ≥ 18, no scope', options: { predicates: [AGE] }, references: { keys } },
    { label: 'age ≥ 18, scoped (nullifier)', options: { predicates: [AGE], scope: 'https://shop.example/age-gate' }, references: { keys } },
    { label: 'age ≥ 18 + EU nationality (27 values) + given name', options: { predicates: [AGE, { attribute: 'nationality', op: 'in', values: EU }], disclose: ['givenName'] }, references: { keys } },
    { label: 'age ≥ 18 + EU nationality (published set) + given name', options: { predicates: [AGE, { attribute: 'nationality', op: 'in', values: EU }], disclose: ['givenName'] }, references: { keys, sets: { EU } } },
    { label: 'linkable: age ≥ 18 (SNARK) + given name (bbs-2023)', options: { predicates: [AGE], bbs: { suite: 'bbs-2023', disclose: ['givenName'] } }, references: { keys } },
    { label: 'linkable: age ≥ 18 (SNARK) + given name (bbs+2020)', options: { predicates: [AGE], bbs: { suite: 'bbs+2020', disclose: ['givenName'] } }, references: { keys } },
    { label: 'bearer: given name + nationality (bbs-2023 alone)', options: { bbs: { suite: 'bbs-2023', disclose: ['givenName', 'nationality'], mode: 'bearer' } }, references: { keys } },
  ];
  const rows: Row[] = [];
  try {
    for (const c of cases) {
      const request: PresentationRequest = createRequest({ schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], acceptedKeys: keys, ...c.options });
      const requestBytes = encodeRequest(request, c.references);
      rows.push(formRow('request', c.label, request, requestBytes,
        median(runs, () => encodeRequest(request, c.references)), median(runs, () => decodeRequest(requestBytes, c.references))));
      if (c.references.sets !== undefined) continue; // the presentation does not depend on how the request travelled
      const presentation = await wallet.createPresentation({ request, registries: [registry], allow: { linkable: true, bearer: true } });
      const encodeOptions = { request, rootStatements: [registry.rootStatement] };
      const bytes = encodePresentation(presentation, encodeOptions);
      rows.push(formRow('presentation', c.label, presentation, bytes,
        median(runs, () => encodePresentation(presentation, encodeOptions)), median(runs, () => decodePresentation(bytes, { request, roots }))));
    }
  } finally {
    await prover.close();
    await releaseCurve();
  }
  return {
    rows,
    notes: [
      `Median of ${runs} runs each. JSON is compact JSON.stringify; compact = header byte + deterministic CBOR; QR text = "ZKP:"/"ZKR:" + base45, QR version at level M in alphanumeric mode (version v is 17 + 4v modules a side); URL = "zkp."/"zkr." + base64url.`,
      'Encoding a presentation decodes it once to check it rebuilds exactly; decoding parses the verifier\'s request, which hashes each set value (27 Poseidon string hashes for the EU set).',
      'Requests refer to the shipped accepted keys by index (both sides know defaultAcceptedKeys()); "published set" also sends the EU set by name.',
      'Linkable and bearer presentations (format version 2) carry the BBS proof (bbs-2023: 272 B + 32 B per hidden message; bbs+2020: 384 B + 32 B per hidden message for 8 messages) and the issuer\'s BBS key statement inline (two 96-byte keys, the Ed25519 signature, issuedAt); the linked commitment travels once. A QR version of "–" means no QR code holds it at level M.',
    ],
  };
}
