/**
 * `zkdisclose serve`: the verifier service (src/service/) on a verifier directory, until SIGINT
 * or SIGTERM, then a graceful shutdown (in-flight verifications finish). The admin token that
 * allows request bodies on POST /requests comes from the ZKD_ADMIN_TOKEN environment variable,
 * never from the command line (where other users could read it).
 */
import type { Command } from 'commander';
import { InputError } from '../errors.js';

function parsePort(value: string, flag: string, max: number): number {
  const n = Number(value);
  if (!/^[0-9]{1,5}$/.test(value) || n > max) throw new InputError(flag, `expected an integer in 0..${max}, got "${value.slice(0, 20)}"`);
  return n;
}

/** Resolves at the first SIGINT or SIGTERM. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function addServeCommand(program: Command, print: (line: string) => void, warn: (line: string) => void): void {
  program.command('serve').description('run the verifier service (policies from <dir>/service.json) until stopped (Ctrl-C)')
    .requiredOption('--verifier <dir>', 'verifier directory (service.json; verifier.key.json signs requests when present)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0: any free port)', '8080')
    .option('--database <url>', 'sqlite:<path> (relative to the verifier directory) or postgres://user@host:port/db', 'sqlite:service.sqlite')
    .option('--workers <n>', 'verification worker threads (default: one per core)')
    .action(async (o: { verifier: string; host: string; port: string; database: string; workers?: string }) => {
      const port = parsePort(o.port, '--port', 65535);
      const workers = o.workers === undefined ? undefined : parsePort(o.workers, '--workers', 256);
      if (workers === 0) throw new InputError('--workers', 'expected at least one worker');
      const { startVerifierService } = await import('../service/start.js');
      const adminToken = process.env.ZKD_ADMIN_TOKEN;
      const service = await startVerifierService({
        dir: o.verifier, database: o.database, host: o.host, port, warn,
        ...(workers !== undefined && { workers }), ...(adminToken !== undefined && adminToken !== '' && { adminToken }),
      });
      print(`verifier service listening at ${service.address} (${[...service.config.policies.keys()].join(', ')})`);
      await untilStopped();
      await service.close();
    });
}
