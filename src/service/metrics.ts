/**
 * The service's Prometheus metrics, in the text exposition format (version 0.0.4), kept by hand:
 * counters of verifications by result and error code, a latency histogram of POST
 * /presentations, requests created by policy, refusals by HTTP status, and gauges filled at
 * scrape time (store rows, workers busy, seconds since each issuer's last root refresh).
 */

/** Latency histogram bucket bounds, in seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Gauge {
  name: string;
  help: string;
  samples: { labels?: Record<string, string>; value: number }[];
}

const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function labelText(labels: Record<string, string> | undefined): string {
  if (labels === undefined || Object.keys(labels).length === 0) return '';
  return `{${Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

export class ServiceMetrics {
  private readonly verifications = new Map<string, number>();
  private readonly created = new Map<string, number>();
  private readonly refusals = new Map<string, number>();
  private readonly buckets = new Array<number>(LATENCY_BUCKETS.length).fill(0);
  private latencyCount = 0;
  private latencySum = 0;

  /** One finished verification: `code` is the first error code, or "" when verified. */
  verification(verified: boolean, code: string, seconds: number): void {
    const key = `${verified ? 'verified' : 'rejected'}\u0000${code}`;
    this.verifications.set(key, (this.verifications.get(key) ?? 0) + 1);
    this.latencyCount += 1;
    this.latencySum += seconds;
    LATENCY_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) this.buckets[i]! += 1;
    });
  }

  requestCreated(policy: string): void {
    this.created.set(policy, (this.created.get(policy) ?? 0) + 1);
  }

  /** A request answered with an error status (400, 413, 429, 503, ...). */
  refusal(status: number): void {
    const key = String(status);
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
  }

  /** The exposition text, with the gauges read at scrape time. */
  render(gauges: Gauge[]): string {
    const lines: string[] = [];
    lines.push('# HELP zkd_verifications_total Presentations verified, by result and first error code.', '# TYPE zkd_verifications_total counter');
    for (const [key, n] of this.verifications) {
      const [result, code] = key.split('\u0000') as [string, string];
      lines.push(`zkd_verifications_total${labelText({ result, code })} ${n}`);
    }
    lines.push('# HELP zkd_verification_seconds Time to answer POST /presentations.', '# TYPE zkd_verification_seconds histogram');
    LATENCY_BUCKETS.forEach((bound, i) => lines.push(`zkd_verification_seconds_bucket{le="${bound}"} ${this.buckets[i]}`));
    lines.push(`zkd_verification_seconds_bucket{le="+Inf"} ${this.latencyCount}`, `zkd_verification_seconds_sum ${this.latencySum}`, `zkd_verification_seconds_count ${this.latencyCount}`);
    lines.push('# HELP zkd_requests_created_total Requests created, by policy ("(body)" for admin-supplied ones).', '# TYPE zkd_requests_created_total counter');
    for (const [policy, n] of this.created) lines.push(`zkd_requests_created_total${labelText({ policy })} ${n}`);
    lines.push('# HELP zkd_http_refusals_total Requests answered with an error status.', '# TYPE zkd_http_refusals_total counter');
    for (const [status, n] of this.refusals) lines.push(`zkd_http_refusals_total${labelText({ status })} ${n}`);
    for (const gauge of gauges) {
      lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
      for (const sample of gauge.samples) lines.push(`${gauge.name}${labelText(sample.labels)} ${sample.value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
