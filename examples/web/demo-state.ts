/**
 * What the demo page publishes on `window.zkdDemo`: its state and timings, read by the browser
 * test and the Chromium benchmark through driver.ts.
 */
import type { MultiPresentation, MultiPresentationRequest, Presentation, PresentationRequest } from '../../src/browser.js';

export interface DemoState {
  ready: boolean;
  error?: string;
  proveMs?: number;
  artifactsMs?: number;
  presentMs?: number;
  verifyMs?: number;
  circuit?: string;
  presentation?: Presentation | MultiPresentation;
  request?: PresentationRequest | MultiPresentationRequest;
  /** The verifier service the page uses ("verifier service" mode), once switched to it. */
  service?: string;
  /** Why the page could not switch to the verifier service. */
  serviceError?: string;
  /** The wallet's leakage summary of the last request, one line each. */
  leakage?: string[];
}
