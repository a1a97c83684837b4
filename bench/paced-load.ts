/**
 * An open-loop load generator with evenly spaced arrivals, for the service bench's "half peak"
 * rows. autocannon's rate option is a per-second quota per connection: each connection sends as
 * fast as it can until its quota for the second is spent, then waits for the next second, so
 * "half the peak rate" arrives as a burst at full speed in the first half of every second, and
 * its p99 is the peak's queueing delay, not the latency at half load. Here request i is due at
 * start + i / rate, sent then over keep-alive connections, and its latency runs from that due
 * time to the end of the answer: a generator that falls behind adds its own lag to the figures
 * (no coordinated omission) instead of hiding it.
 */
import { Agent, request } from 'node:http';

export interface PacedResult {
  /** Answers per second over the run's wall time. */
  rate: number;
  p50: number;
  p99: number;
  total: number;
  /** Answers that were not 2xx, or requests that failed. */
  failures: number;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** POSTs `bodies` in turn to `url` at `rate` per second for `seconds` seconds; latencies in ms. */
export async function pacedLoad(url: string, bodies: readonly string[], rate: number, seconds: number): Promise<PacedResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const count = Math.max(1, Math.round(rate * seconds));
  const latencies: number[] = [];
  let failures = 0;

  const send = (body: string, due: number): Promise<void> => new Promise((resolve) => {
    const req = request({
      agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - due);
        if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300) failures += 1;
        resolve();
      });
    });
    req.on('error', () => {
      failures += 1;
      resolve();
    });
    req.end(body);
  });

  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(bodies[i % bodies.length]!, due));
  }
  await Promise.all(pending);
  const wall = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rate: latencies.length / wall, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), total: latencies.length, failures };
}
