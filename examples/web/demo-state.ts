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
  /** The wallet's leakage summary of the last request, one line each. */
  leakage?: string[];
}
