/**
 * `zkdisclose serve`: the verifier service (src/service/) on a verifier directory, until SIGINT
 * or SIGTERM, then a graceful shutdown (in-flight verifications finish). The admin token that
 * allows request bodies on POST /requests comes from the ZKD_ADMIN_TOKEN environment variable,
 * never from the command line (where other users could read it).
 */
import type { Command } from 'commander';
import { parseCount, untilStopped } from './serving.js';

export function addServeCommand(program: Command, print: (line: string) => void, warn: (line: string) => void): void {
  program.command('serve').description('run the verifier service (policies from <dir>/service.json) until stopped (Ctrl-C)')
    .requiredOption('--verifier <dir>', 'verifier directory (service.json; verifier.key.json signs requests when present)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0: any free port)', '8080')
    .option('--database <url>', 'sqlite:<path> (relative to the verifier directory) or postgres://user@host:port/db', 'sqlite:service.sqlite')
    .option('--workers <n>', 'verification worker threads (default: one per core)')
    .action(async (o: { verifier: string; host: string; port: string; database: string; workers?: string }) => {
      const port = parseCount(o.port, '--port', 0, 65535);
      const workers = o.workers === undefined ? undefined : parseCount(o.workers, '--workers', 1, 256);
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
