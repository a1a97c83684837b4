/**
 * Small request guards for the verifier service, each with one job:
 *   - jsonDepth: the nesting depth of a JSON text, scanned before JSON.parse (strings skipped),
 *     so a deeply nested body is refused without building it;
 *   - RateLimiter: requests per client address per fixed one-minute window; the table is
 *     dropped at each window, so it holds at most one window's clients;
 *   - corsHeaders: the CORS answer for an Origin on the allow-list (none by default).
 */

/** The deepest nesting of objects and arrays in a JSON text (0 for a scalar). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return deepest;
}

export class RateLimiter {
  private window = 0;
  private counts = new Map<string, number>();

  constructor(private readonly perMinute: number, private readonly clock: () => number = Date.now) {}

  /** Counts a request from `client`; returns the seconds to wait when over the limit, else 0. */
  take(client: string): number {
    const now = this.clock();
    const window = Math.floor(now / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const n = (this.counts.get(client) ?? 0) + 1;
    this.counts.set(client, n);
    return n > this.perMinute ? Math.ceil(((window + 1) * 60_000 - now) / 1000) : 0;
  }
}

/** CORS response headers for `origin` when it is allowed; undefined otherwise (no CORS headers at all). */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> | undefined {
  if (origin === undefined || !allowed.includes(origin)) return undefined;
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': 'content-type, authorization',
    'access-control-max-age': '600',
    vary: 'origin',
  };
}
