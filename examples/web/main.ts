/**
 * The browser demo: a wallet and a verifier in one page. The request and the presentation travel
 * as QR codes (the compact forms, issue 16): the verifier shows its request as one, the wallet
 * reads it and shows its presentation as one, and the verifier verifies a presentation read back
 * from the QR image's pixels (jsQR), the wallet's on screen or an image file. The plain objects
 * are verified too ("Verify"). Everything runs in the page: the issuer (in memory), the Groth16
 * prover (snarkjs, with web workers) and the verifier.
 *
 * Artifacts come from <page>/artifacts/<circuit>/ and are checked against their manifest's
 * sha256 in the page before use: by fetchArtifactLoader for the wallet's prover, and here for
 * the verifier's verification keys.
 *
 * "Verifier service" mode (service-mode.ts; `npm run demo:service` starts the Node side,
 * service-demo.ts): with a service URL, a policy name and the demo issuer's URL (fields of the
 * verifier panel, or the query `?service=...&policy=...&issuer=...`), the wallet first gets a
 * credential from that issuer for its holder commitment (its secret stays here), the verifier
 * panel asks the service for a request from the policy (POST /requests), the wallet presents as
 * usual, and the service verifies (POST /presentations): the page shows its result and codes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Buffer } from 'buffer';
import { loadBbs2020Library } from './bbs2020-library.js';
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import type { DemoState } from './demo-state.js';
import { EU_NATIONALITIES, SAMPLE_PERSON, SERVICE_DEMO_POLICY, VALID_UNTIL } from './sample-data.js';
import {
  type ServiceSettings, type ServiceVerification, ServiceCallError, checkSettings, credentialFromIssuer, registryFromIssuer, requestFromService, settingsFromQuery, verifyAtService,
} from './service-mode.js';
import {
  type BbsSuite, bbsDeriveProof, bbsMessages, bbsSign, bbsVerifyProof, generateBbsKeyPair, type AcceptedKey, type ArtifactLoader, type Credential, type Presentation, type PresentationRequest, type VerificationResult,
  type MultiPresentation, type MultiPresentationRequest, type MultiVerificationResult,
  DRIVING_LICENCE_SCHEMA, Issuer, LICENCE_CLASSES, MemoryNonceStore, PERSON_SCHEMA, Prover, Wallet, createMultiRequest, createRequest, encodeString, fetchArtifactLoader,
  RootViews, generateHolderKeys, generateIssuerKeys, provideBbs2020Library, verificationKeyHash, verifyMultiPresentation, verifyPresentation,
  type CompactReferences, CompactError, decodePresentation, decodeRequest, encodePresentation, encodeRequest, fromCompactText, toCompactText,
} from 'zkdisclose';

// bbs+2020: the package's browser build imports no bbs+2020 library; this page hands it over
// (resolved by vite.config.ts's aliases, loaded on the first bbs+2020 call). The library decodes
// its embedded wasm with Buffer, which browsers lack: set before that first call.
(globalThis as { Buffer?: unknown }).Buffer ??= Buffer;
provideBbs2020Library(loadBbs2020Library);

const CIRCUITS = ['presentation-16-4-32-20', 'presentation-16-1-1-20'];
/** A licence of categories AM and B. */
const SAMPLE_CATEGORIES = ['AM', 'B'];
const SAMPLE_LICENCE = { ...Object.fromEntries(LICENCE_CLASSES.map((c) => [`class${c}`, SAMPLE_CATEGORIES.includes(c)])), issueDate: '2012-06-01', expiryDate: '2032-05-31' };
const ARTIFACTS_URL = new URL('artifacts', document.baseURI).href;

// What the page measured; the browser test reads it (and the #timing data attributes).
const demo: DemoState = { ready: false };
(window as unknown as { zkdDemo: DemoState }).zkdDemo = demo;

// ---------------------------------------------------------------- small DOM helpers

function $(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`#${id} missing`);
  return node;
}

function el(tag: string, text?: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

function row(label: string, value: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.append(el('th', label), el('td', value));
  return tr;
}

function short(text: string, keep = 18): string {
  return text.length <= 2 * keep + 1 ? text : `${text.slice(0, keep)}…${text.slice(-8)}`;
}

const ms = (value: number): string => `${Math.round(value).toLocaleString('en')} ms`;

function button(id: string): HTMLButtonElement {
  return $(id) as HTMLButtonElement;
}

// ---------------------------------------------------------------- the verifier's keys

/** Fetches a circuit's verification key and checks it against the manifest's sha256. */
async function fetchVerificationKey(circuit: string): Promise<{ circuit: string; vkey: Record<string, unknown>; vkeyHash: string }> {
  const get = async (file: string): Promise<Uint8Array> => {
    const response = await fetch(`${ARTIFACTS_URL}/${circuit}/${file}`);
    if (!response.ok) throw new Error(`${circuit}/${file}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const [manifestBytes, vkeyBytes] = await Promise.all([get('manifest.json'), get('verification_key.json')]);
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as { circuit: string; files: Record<string, string> };
  if (manifest.circuit !== circuit) throw new Error(`${circuit}: manifest describes ${manifest.circuit}`);
  if (bytesToHex(sha256(vkeyBytes)) !== manifest.files['verification_key.json']) {
    throw new Error(`${circuit}: verification_key.json does not match the manifest's sha256 (refusing it)`);
  }
  const vkey = JSON.parse(new TextDecoder().decode(vkeyBytes)) as Record<string, unknown>;
  return { circuit, vkey, vkeyHash: verificationKeyHash(vkey) };
}

// ---------------------------------------------------------------- setup

const issuer = new Issuer({ keys: generateIssuerKeys() });
/** The second issuer, of driving licences (the two-credential request). */
const dmv = new Issuer({ keys: generateIssuerKeys() });
const holderKeys = generateHolderKeys();

/**
 * The wallet's artifact loader: fetch + sha256 check against the manifest (fetchArtifactLoader),
 * pinned to the verification-key hashes of the request being answered, and timed for the page.
 */
let pinnedVkeyHashes: Record<string, string> = {};
let artifactsMs = 0;
const loader: ArtifactLoader = async (circuit) => {
  stage(`fetching and checking ${circuit} artifacts (wasm + zkey)`);
  const started = performance.now();
  const artifacts = await fetchArtifactLoader({ baseUrl: ARTIFACTS_URL, expectedVkeyHashes: pinnedVkeyHashes })(circuit);
  artifactsMs += performance.now() - started;
  stage('computing the witness and the Groth16 proof');
  return artifacts;
};
const prover = new Prover({ loader });
const wallet = new Wallet({ holderSecret: holderKeys.secret, prover });

const nonceStore = new MemoryNonceStore();
let verificationKeys: Record<string, Record<string, unknown>> = {};
let acceptedKeys: AcceptedKey[] = [];
let currentRequest: PresentationRequest | MultiPresentationRequest | undefined;
let received: Presentation | MultiPresentation | undefined;
const isMulti = (request: PresentationRequest | MultiPresentationRequest): request is MultiPresentationRequest => 'parts' in request;
/** What both sides may send by reference: the verifier's keys and its published EU set. */
let references: CompactReferences = {};
/** The request as the wallet read it from the verifier's QR code. */
let scannedRequest: PresentationRequest | MultiPresentationRequest | undefined;
/** In "verifier service" mode: where requests come from and presentations go to. */
let service: ServiceSettings | undefined;

// ---------------------------------------------------------------- QR codes

/** The QR symbol of a compact text form: level M, alphanumeric mode ("ZKP:"/"ZKR:" + base45). */
const qrSegments = (text: string) => [{ data: text, mode: 'alphanumeric' as const }];

/** The text of the QR code in an image (jsQR over its pixels). */
function readQrImage(image: CanvasImageSource, width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(image, 0, 0, width, height);
  const code = jsQR(context.getImageData(0, 0, width, height).data, width, height);
  if (code === null) throw new Error('no readable QR code in the image');
  return code.data;
}

function showCredential(credential: Credential): void {
  const table = $('credential');
  table.replaceChildren();
  for (const [name, value] of Object.entries(SAMPLE_PERSON)) table.append(row(name, value));
  $('credential-meta').textContent =
    `Issuer ${short(credential.issuer, 24)} · valid until ${VALID_UNTIL} · holder commitment ${short(holderKeys.commitment.toString())}`;
}

// ---------------------------------------------------------------- progress

let timer: number | undefined;
let stageStarted = 0;

function stage(text: string): void {
  $('progress').hidden = false;
  $('progress-stage').textContent = text;
}

function startProgress(): void {
  stageStarted = performance.now();
  $('progress-elapsed').textContent = '';
  timer = window.setInterval(() => {
    $('progress-elapsed').textContent = `${((performance.now() - stageStarted) / 1000).toFixed(1)} s`;
  }, 100);
}

function stopProgress(text: string): void {
  window.clearInterval(timer);
  $('progress-stage').textContent = text;
  $('progress-elapsed').textContent = '';
  ($('progress-bar') as HTMLProgressElement).value = 1;
  ($('progress-bar') as HTMLProgressElement).max = 1;
}

// ---------------------------------------------------------------- verifier: request

function makeRequest(): void {
  if (service !== undefined) {
    void makeServiceRequest(service);
    return;
  }
  const request = createRequest({
    schema: PERSON_SCHEMA,
    trustedIssuers: [issuer.did],
    disclose: ['givenName'],
    predicates: [
      { attribute: 'birthDate', op: 'ageAtLeast', value: 18 },
      { attribute: 'nationality', op: 'in', values: EU_NATIONALITIES },
    ],
    acceptedKeys,
  });
  send(request, [
    'birthDate: age at least 18 (nothing else about the date is revealed)',
    `nationality: one of ${EU_NATIONALITIES.length} EU codes (which one stays private)`,
    'disclose: givenName',
    `trusted issuer: ${short(issuer.did, 24)}`,
  ]);
}

/** Asks the verifier service for a request from its policy (POST /requests) and hands it to the wallet. */
async function makeServiceRequest(settings: ServiceSettings): Promise<void> {
  button('request').disabled = true;
  try {
    const { id, request } = await requestFromService(settings);
    send(request, [
      `what the verifier service's policy "${settings.policy}" asks (pending request ${id.slice(0, 8)}…)`,
      `trusted issuer: ${short(request.trustedIssuers.join(', '), 24)}`,
    ]);
  } catch (error) {
    $('request-summary').replaceChildren(el('p', `The verifier service gave no request: ${callErrorText(error)}`, 'error'));
  } finally {
    button('request').disabled = false;
  }
}

function makeMultiRequest(): void {
  const request = createMultiRequest({
    parts: [
      { schema: PERSON_SCHEMA, trustedIssuers: [issuer.did], predicates: [{ attribute: 'birthDate', op: 'ageAtLeast', value: 18 }], acceptedKeys },
      { schema: DRIVING_LICENCE_SCHEMA, trustedIssuers: [dmv.did], predicates: [{ attribute: 'classB', op: 'eq', value: true }], acceptedKeys },
    ],
  });
  send(request, [
    `identity card from ${short(issuer.did, 24)}: age at least 18`,
    `driving licence from ${short(dmv.did, 24)}: category B`,
    'both credentials of one holder (a tag fresh to this request binds the two proofs)',
  ]);
}

/** The verifier sends a request; the wallet shows it, and what answering it reveals (leakage summary). */
function send(request: PresentationRequest | MultiPresentationRequest, asks: string[]): void {
  currentRequest = request;
  demo.request = request;
  received = undefined;
  for (const id of ['result', 'tamper-result']) {
    $(id).dataset.state = 'none';
    $(id).replaceChildren();
  }
  button('verify').disabled = true;
  button('tamper').disabled = true;
  button('verify-qr').disabled = true;
  ($('qr-file') as HTMLInputElement).disabled = true;
  for (const id of ['qr-result']) {
    $(id).dataset.state = 'none';
    $(id).replaceChildren();
  }
  const summary = $('request-summary');
  summary.replaceChildren(
    el('p', `Request shown to the wallet: nonce ${short(request.nonce, 10)}, day ${request.today}, expires ${request.expiresAt}.`),
  );
  // A single-credential request travels as a QR code, and the wallet answers what it reads from
  // the code's text (a phone would from its camera); multi-credential requests have no compact form.
  $('presentation-qr').hidden = true;
  $('request-qr').hidden = isMulti(request) || service !== undefined;
  scannedRequest = request;
  if (!isMulti(request) && service === undefined) {
    const requestText = toCompactText(encodeRequest(request, references), 'request');
    const symbol = QRCode.create(qrSegments(requestText), { errorCorrectionLevel: 'M' });
    void QRCode.toString(qrSegments(requestText), { type: 'svg', errorCorrectionLevel: 'M' }).then((svg) => {
      $('request-qr-image').innerHTML = svg;
    });
    $('request-qr-caption').textContent = `The request as a QR code: ${requestText.length} characters, version ${symbol.version} at level M (${JSON.stringify(request).length.toLocaleString('en')} bytes as JSON).`;
    scannedRequest = decodeRequest(fromCompactText(requestText, 'request'), references);
  }
  // The wallet receives it, and tells the holder what answering would reveal before proving.
  const incoming = $('incoming');
  incoming.className = '';
  const list = el('ul');
  list.append(...asks.map((line) => el('li', line)));
  incoming.replaceChildren(el('div', 'The verifier asks to prove:'), list);
  const leakage = wallet.describeLeakage(request);
  demo.leakage = leakage.lines;
  $('leakage-lines').textContent = leakage.lines.join('\n') + (leakage.refusal === undefined ? '' : `\nThe wallet's policy refuses it: ${leakage.refusal.message}`);
  $('leakage').hidden = false;
  button('present').disabled = false;
}

// ---------------------------------------------------------------- wallet: prove and present

async function present(): Promise<void> {
  if (scannedRequest === undefined) return;
  const request = scannedRequest;
  button('present').disabled = true;
  button('request').disabled = true;
  button('request-multi').disabled = true;
  $('timing').textContent = '';
  $('timing').className = 'small';
  pinnedVkeyHashes = Object.fromEntries((isMulti(request) ? request.parts.flatMap((p) => p.acceptedKeys) : request.acceptedKeys).map((k) => [k.circuit, k.vkeyHash]));
  artifactsMs = 0;
  startProgress();
  stage('computing the witness and the Groth16 proof');
  // Let the progress text paint before the main thread gets busy.
  await new Promise((resolve) => setTimeout(resolve, 30));
  const started = performance.now();
  try {
    // In service mode the credential's registry is the demo issuer's, as published now; the
    // wallet also checks that the request is bound to this page's origin (the service's audience).
    const registry = service !== undefined ? await registryFromIssuer(service) : issuer.exportRegistry();
    const registries = service !== undefined ? [registry] : [registry, dmv.exportRegistry()];
    const presentation = isMulti(request)
      ? await wallet.createMultiPresentation({ request, registries })
      : await wallet.createPresentation({ request, registries, ...(service !== undefined && { origin: location.origin }) });
    const total = performance.now() - started;
    const proofs = 'parts' in presentation ? presentation.parts.map((p) => p.zk) : [presentation.zk];
    if (proofs.some((zk) => zk === undefined)) throw new Error('the wallet answered without a zero-knowledge proof');
    const circuits = proofs.map((zk) => zk!.circuit).join(' + ');
    const proveMs = total - artifactsMs;
    Object.assign(demo, { presentMs: total, artifactsMs, proveMs, circuit: circuits, presentation });
    stopProgress('proof ready');
    const timing = $('timing');
    timing.dataset.proveMs = String(Math.round(proveMs));
    timing.dataset.artifactsMs = String(Math.round(artifactsMs));
    timing.textContent = `Proved with ${circuits} in ${ms(proveMs)} (witness + Groth16)`
      + (artifactsMs > 0 ? `; artifacts fetched and sha256-checked in ${ms(artifactsMs)}` : '; artifacts already loaded') + '.';
    const json = JSON.stringify(presentation, null, 2);
    $('presentation').textContent = json;
    $('presentation-size').textContent = `${json.length.toLocaleString('en')} bytes of JSON`;
    $('presentation-details').hidden = false;
    received = presentation;
    if (!isMulti(request) && !('parts' in presentation) && service === undefined) {
      const compact = encodePresentation(presentation, { request, rootStatements: [registry.rootStatement] });
      const text = toCompactText(compact, 'presentation');
      ($('presentation-qr-image') as HTMLImageElement).src = await QRCode.toDataURL(qrSegments(text), { errorCorrectionLevel: 'M', scale: 4 });
      const version = QRCode.create(qrSegments(text), { errorCorrectionLevel: 'M' }).version;
      $('presentation-qr-caption').textContent = `The presentation as a QR code: ${compact.length} compact bytes (${json.length.toLocaleString('en')} as JSON), ${text.length} characters, version ${version} at level M.`;
      $('presentation-qr').dataset.bytes = String(compact.length);
      $('presentation-qr').hidden = false;
    }
    // The tampered copy and the QR codes are checked by the page's own verifier: not in service mode.
    const localOnly = isMulti(request) || service !== undefined;
    button('verify').disabled = false;
    button('tamper').disabled = localOnly;
    button('verify-qr').disabled = localOnly;
    ($('qr-file') as HTMLInputElement).disabled = localOnly;
  } catch (error) {
    stopProgress('failed');
    $('timing').className = 'small error';
    $('timing').textContent = `The wallet refused or failed: ${(error as Error).message}`;
    demo.error = (error as Error).message;
  } finally {
    button('request').disabled = false;
    button('request-multi').disabled = service !== undefined;
  }
}

// ---------------------------------------------------------------- verifier: verify

/** A verification result, or a QR code that did not decode (its COMPACT_* code). */
type ShownResult = Pick<VerificationResult, 'verified' | 'disclosed' | 'issuer'> & { errors: { code: string; message: string }[] };

function showResult(id: string, title: string, result: ShownResult, elapsed: number, proven = 'Proven: age at least 18 · nationality in the EU · issued by the trusted issuer and not revoked'): void {
  const box = $(id);
  box.dataset.state = result.verified ? 'verified' : 'rejected';
  box.dataset.errors = result.errors.map((e) => e.code).join(' ');
  const parts: HTMLElement[] = [el('div', `${title}: ${result.verified ? 'verified ✓' : 'rejected ✗'} (${ms(elapsed)})`, 'verdict')];
  if (result.verified) {
    const table = document.createElement('table');
    table.id = `${id}-disclosed`;
    for (const [name, value] of Object.entries(result.disclosed)) {
      const tr = row(name, String(value));
      tr.dataset.attribute = name;
      table.append(tr);
    }
    parts.push(
      el('div', proven),
      el('div', 'Disclosed:'), table,
      el('div', `Issuer: ${short(result.issuer ?? '', 24)}`, 'small muted'),
    );
  } else {
    const list = el('ul');
    for (const error of result.errors) list.append(el('li', `${error.code}: ${error.message}`, 'error'));
    parts.push(list);
  }
  box.replaceChildren(...parts);
}

/** The verifier's view of both issuers' roots (in a real deployment: RegistryClient.updateRootView). */
function rootViewsOfIssuers(): RootViews {
  const rootViews = new RootViews();
  rootViews.addExport(issuer.exportRegistry());
  rootViews.addExport(dmv.exportRegistry());
  return rootViews;
}

function showMultiResult(result: MultiVerificationResult, elapsed: number): void {
  const box = $('result');
  box.dataset.state = result.verified ? 'verified' : 'rejected';
  box.dataset.errors = result.errors.map((e) => e.code).join(' ');
  const parts: HTMLElement[] = [el('div', `Two-credential presentation: ${result.verified ? 'verified ✓' : 'rejected ✗'} (${ms(elapsed)})`, 'verdict')];
  if (result.verified) {
    parts.push(el('div', 'Proven: age at least 18 (identity card) · category B (driving licence) · both held by one holder, issued by the trusted issuers and not revoked'));
  } else {
    const list = el('ul');
    for (const error of result.errors) list.append(el('li', `${error.code}: ${error.message}`, 'error'));
    parts.push(list);
  }
  box.replaceChildren(...parts);
}

async function verify(tampered: boolean): Promise<void> {
  if (received === undefined || currentRequest === undefined) return;
  if (service !== undefined) {
    await verifyAtTheService(service, received);
    return;
  }
  if (isMulti(currentRequest)) {
    const started = performance.now();
    const result = await verifyMultiPresentation(received, currentRequest, { verificationKeys, rootViews: rootViewsOfIssuers(), nonceStore });
    const elapsed = performance.now() - started;
    demo.verifyMs = elapsed;
    showMultiResult(result, elapsed);
    return;
  }
  let presentation = received as Presentation;
  if (tampered) {
    // An attacker keeps the proof but claims another given name, consistently in the disclosed
    // plaintext and in its public signal: only the Groth16 check can catch it.
    presentation = structuredClone(presentation);
    const zk = presentation.zk!;
    const genuine = encodeString('Ada', 'givenName').toString();
    const index = zk.publicSignals.indexOf(genuine);
    if (index < 0) throw new Error('givenName signal not found');
    zk.publicSignals[index] = encodeString('Eve', 'givenName').toString();
    presentation.disclosed = { ...presentation.disclosed, givenName: 'Eve' };
  }
  const started = performance.now();
  // The tampered copy is checked as if it had arrived first (a fresh spent-nonce store), so that
  // only the tampering can reject it.
  // The verifier's view of the issuer's roots: in a real deployment RegistryClient.updateRootView
  // fetches it from the issuer's published registry; here the issuer is in the same page.
  const result = await verifyPresentation(presentation, currentRequest, { verificationKeys, rootViews: rootViewsOfIssuers(), nonceStore: tampered ? new MemoryNonceStore() : nonceStore });
  const elapsed = performance.now() - started;
  if (!tampered) demo.verifyMs = elapsed;
  showResult(tampered ? 'tamper-result' : 'result', tampered ? 'Tampered copy (givenName "Eve")' : 'Presentation', result, elapsed);
}

/**
 * Posts the presentation to the verifier service (POST /presentations) and shows its result and
 * error codes; the service finds its pending request by the nonce, so a second post of the same
 * presentation is its replay (NONCE_REPLAYED).
 */
async function verifyAtTheService(settings: ServiceSettings, presentation: Presentation | MultiPresentation): Promise<void> {
  const started = performance.now();
  let result: ShownResult;
  try {
    const answer: ServiceVerification = await verifyAtService(settings, presentation);
    result = { verified: answer.verified, errors: answer.errors, disclosed: answer.disclosed as ShownResult['disclosed'], issuer: answer.issuer ?? undefined };
  } catch (error) {
    result = { verified: false, errors: [{ code: error instanceof ServiceCallError ? error.code : 'UNREACHABLE', message: (error as Error).message }], disclosed: {}, issuer: undefined };
  }
  const elapsed = performance.now() - started;
  demo.verifyMs = elapsed;
  showResult('result', `Verified by the service at ${new URL(settings.serviceUrl).host}`, result, elapsed,
    `Proven to the service: what its policy "${settings.policy}" asks · issued by an issuer it trusts and not revoked`);
}

/**
 * Verifies a presentation read from a QR image: the text from its pixels, the presentation
 * rebuilt from this verifier's own request and root view, then verifyPresentation as usual.
 * Bytes that do not decode are shown as a rejection with their COMPACT_* code.
 */
async function verifyFromQr(image: CanvasImageSource, width: number, height: number): Promise<void> {
  if (currentRequest === undefined || isMulti(currentRequest)) return;
  const started = performance.now();
  const rootViews = new RootViews();
  rootViews.addExport(issuer.exportRegistry());
  let result: ShownResult;
  try {
    const bytes = fromCompactText(readQrImage(image, width, height), 'presentation');
    const presentation = decodePresentation(bytes, { request: currentRequest, roots: rootViews });
    result = await verifyPresentation(presentation, currentRequest, { verificationKeys, rootViews, nonceStore });
  } catch (error) {
    const code = error instanceof CompactError ? error.code : 'UNREADABLE_QR';
    result = { verified: false, errors: [{ code, message: (error as Error).message }], disclosed: {}, issuer: undefined };
  }
  showResult('qr-result', 'Presentation read from the QR code', result, performance.now() - started);
}

async function verifyQrFile(file: File): Promise<void> {
  const bitmap = await createImageBitmap(file);
  await verifyFromQr(bitmap, bitmap.width, bitmap.height);
}

// ---------------------------------------------------------------- verifier service mode

function input(id: string): HTMLInputElement {
  return $(id) as HTMLInputElement;
}

function callErrorText(error: unknown): string {
  return error instanceof ServiceCallError ? `${error.code}: ${error.message}` : (error as Error).message;
}

/**
 * Switches the page to the verifier service of the panel's fields: the wallet gets a credential
 * from the demo issuer the service trusts (for its holder commitment only), then requests come
 * from the service and presentations go to it. The two-credential request, the tampered copy and
 * the QR codes stay with the page's own verifier.
 */
async function useService(): Promise<void> {
  const status = $('service-status');
  status.className = 'small';
  button('service-connect').disabled = true;
  try {
    const settings = checkSettings({ serviceUrl: input('service-url').value.trim(), policy: input('service-policy').value.trim(), issuerUrl: input('service-issuer').value.trim() });
    status.textContent = `Asking the demo issuer at ${settings.issuerUrl} for a credential…`;
    const { credential } = await credentialFromIssuer(settings, holderKeys.commitment.toString());
    wallet.accept(credential);
    showCredential(credential);
    service = settings;
    demo.service = settings.serviceUrl;
    demo.serviceError = undefined;
    currentRequest = undefined;
    received = undefined;
    for (const id of ['verify', 'tamper', 'verify-qr', 'request-multi', 'present']) button(id).disabled = true;
    status.textContent = `Requests come from ${settings.serviceUrl} (policy "${settings.policy}") and presentations are verified there; the wallet holds a credential from the issuer it trusts.`;
    $('verifier-mode').textContent = `Verifier service mode: ${settings.serviceUrl}, policy "${settings.policy}".`;
  } catch (error) {
    demo.serviceError = callErrorText(error);
    status.className = 'small error';
    status.textContent = `Not switched to the service: ${callErrorText(error)}`;
  } finally {
    button('service-connect').disabled = false;
  }
}

// ---------------------------------------------------------------- BBS in the page

/**
 * A BBS round trip in the page for one suite: key generation, signing five messages, a proof
 * disclosing two of them bound to a nonce, its verification, and a tampered disclosed value.
 * Exposed as window.zkdBbsRoundTrip for the browser test.
 */
async function bbsRoundTrip(suite: BbsSuite): Promise<{ verified: boolean; tamperedVerified: boolean; proofBytes: number }> {
  const { publicKey, secretKey } = await generateBbsKeyPair({ suite });
  const messages = bbsMessages({
    schemaId: PERSON_SCHEMA.id,
    attributes: [{ name: 'givenName', canonical: 'Ada' }, { name: 'nationality', canonical: 'FR' }],
    validUntil: VALID_UNTIL,
    commitment: '42',
  });
  const signature = await bbsSign({ suite, secretKey, publicKey, messages });
  const presentationHeader = crypto.getRandomValues(new Uint8Array(32));
  const disclosedIndexes = [0, 3];
  const proof = await bbsDeriveProof({ suite, publicKey, signature, messages, disclosedIndexes, presentationHeader });
  const check = (disclosedMessages: Uint8Array[]) =>
    bbsVerifyProof({ suite, publicKey, proof, disclosedMessages, disclosedIndexes, totalMessages: messages.length, presentationHeader });
  const verified = await check(disclosedIndexes.map((i) => messages[i]!));
  const tamperedVerified = await check([new TextEncoder().encode('givenName=Eve'), messages[3]!]);
  return { verified, tamperedVerified, proofBytes: proof.length };
}
(window as unknown as { zkdBbsRoundTrip: typeof bbsRoundTrip }).zkdBbsRoundTrip = bbsRoundTrip;

// ---------------------------------------------------------------- boot

async function boot(): Promise<void> {
  const credential = issuer.issue({ schema: PERSON_SCHEMA, attributes: SAMPLE_PERSON, holder: holderKeys.commitment, validUntil: VALID_UNTIL });
  wallet.accept(credential);
  showCredential(credential);
  wallet.accept(dmv.issue({ schema: DRIVING_LICENCE_SCHEMA, attributes: SAMPLE_LICENCE, holder: holderKeys.commitment, validUntil: VALID_UNTIL }));
  $('licence').replaceChildren(row('categories', SAMPLE_CATEGORIES.join(', ')), row('issueDate', SAMPLE_LICENCE.issueDate), row('expiryDate', SAMPLE_LICENCE.expiryDate));
  const keys = await Promise.all(CIRCUITS.map(fetchVerificationKey));
  verificationKeys = Object.fromEntries(keys.map((k) => [k.circuit, k.vkey]));
  acceptedKeys = keys.map((k) => ({ circuit: k.circuit, vkeyHash: k.vkeyHash }));
  references = { keys: acceptedKeys, sets: { EU: EU_NATIONALITIES } };
  $('keys').textContent = `Verification keys checked against their manifests: ${keys.map((k) => `${k.circuit} (${k.vkeyHash.slice(0, 12)}…)`).join(', ')}.`;
  button('request').disabled = false;
  button('request-multi').disabled = false;
  $('boot').textContent = `Ready. Artifacts from ${ARTIFACTS_URL}/; ${navigator.hardwareConcurrency} cores for the prover's workers.`;
  button('service-connect').disabled = false;
  const fromQuery = settingsFromQuery(location.search);
  input('service-policy').value = fromQuery.policy ?? SERVICE_DEMO_POLICY;
  if (fromQuery.serviceUrl !== undefined) {
    input('service-url').value = fromQuery.serviceUrl;
    input('service-issuer').value = fromQuery.issuerUrl ?? '';
    ($('service-panel') as HTMLDetailsElement).open = true;
    await useService();
  }
  demo.ready = true;
}

button('request').addEventListener('click', makeRequest);
button('request-multi').addEventListener('click', makeMultiRequest);
button('present').addEventListener('click', () => void present());
button('verify').addEventListener('click', () => void verify(false));
button('tamper').addEventListener('click', () => void verify(true));
button('service-connect').addEventListener('click', () => void useService());
button('verify-qr').addEventListener('click', () => {
  const image = $('presentation-qr-image') as HTMLImageElement;
  void verifyFromQr(image, image.naturalWidth, image.naturalHeight);
});
$('qr-file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file !== undefined) void verifyQrFile(file);
});
boot().catch((error: unknown) => {
  demo.error = (error as Error).message;
  $('boot').className = 'error';
  $('boot').textContent = `Could not start: ${(error as Error).message}`;
});
