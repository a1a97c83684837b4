/**
 * The `registry serve` and `registry publish` commands: publish an issuer directory's registry in
 * the publication layout (src/registry/publication.ts), over HTTP (fastify, until SIGINT or
 * SIGTERM) or as files for a static host or CDN. And `registry migrate`: rebuild the registry
 * as a tree of another shape (src/registry/migrate.ts).
 */
import type { Command } from 'commander';
import { InputError, ZkdError } from '../errors.js';
import { DEFAULT_REGISTRY_BASE_PATH } from '../registry/publication.js';
import { DEFAULT_FRESHNESS_REFRESH_SECONDS } from '../registry/registry.js';
import { registerRegistryRoutes } from '../registry/server.js';
import { DEFAULT_KEEP_SEQUENCES, publishStatic } from '../registry/static-publish.js';
import { migrateIssuerRegistry, openIssuer, shapeForCapacity } from './dirs.js';
import { parseCount, untilStopped } from './serving.js';

/** Adds `serve` and `publish` to the CLI's `registry` command. */
export function addRegistryPublicationCommands(registry: Command, print: (line: string) => void, warn: (line: string) => void): void {
  registry.command('serve').description(`serve the registry over HTTP under ${DEFAULT_REGISTRY_BASE_PATH} until stopped (Ctrl-C)`)
    .requiredOption('--issuer <dir>', 'issuer directory')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', '8080')
    .option('--refresh <seconds>', 're-sign the freshness statement once it is this old', String(DEFAULT_FRESHNESS_REFRESH_SECONDS))
    .action(async (o: { issuer: string; host: string; port: string; refresh: string }) => {
      const port = parseCount(o.port, '--port', 0, 65535);
      const refreshSeconds = parseCount(o.refresh, '--refresh', 1, 86_400);
      // Loaded here so that the other commands do not load the HTTP server, and so that fastify,
      // an optional peer dependency, is needed only by those who serve.
      const { default: Fastify } = await import('fastify').catch((err: unknown) => {
        if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
        throw new ZkdError('UNSUPPORTED', 'registry serve needs fastify, an optional peer dependency: run `npm install fastify@5`');
      });
      const issuer = openIssuer(o.issuer, warn);
      const app = Fastify({ logger: false });
      try {
        registerRegistryRoutes(app, issuer.registry, { refreshSeconds });
        let address: string;
        try {
          address = await app.listen({ host: o.host, port });
        } catch (err) {
          throw new InputError('--port', `cannot listen on ${o.host.slice(0, 80)}:${port} (${(err as { code?: string }).code ?? 'error'})`);
        }
        print(`serving the registry of ${issuer.did} at ${address}${DEFAULT_REGISTRY_BASE_PATH}`);
        await untilStopped();
      } finally {
        await app.close();
        issuer.close();
      }
    });

  registry.command('publish').description('write the registry as static files (current sequence, then the freshness pointer); rerun more often than verifiers\' window to keep freshness current')
    .requiredOption('--issuer <dir>', 'issuer directory')
    .requiredOption('--out <dir>', `output directory: serve it as ${DEFAULT_REGISTRY_BASE_PATH} of your host`)
    .option('--keep <n>', 'sequences whose files are kept', String(DEFAULT_KEEP_SEQUENCES))
    .action((o: { issuer: string; out: string; keep: string }) => {
      const keep = parseCount(o.keep, '--keep', 1, 10_000);
      const issuer = openIssuer(o.issuer, warn);
      try {
        const r = publishStatic(issuer.registry, o.out, { keep });
        const pruned = r.pruned.length === 0 ? '' : `; pruned sequences ${r.pruned.join(', ')}`;
        print(`published sequence ${r.sequence} (size ${r.size}, root ${r.root}): ${r.bucketsWritten} buckets, ${r.bytesWritten} bytes written to ${o.out}${pruned}`);
      } finally {
        issuer.close();
      }
    });
}

/** Adds `migrate` to the CLI's `registry` command. */
export function addRegistryMigrateCommand(registry: Command, print: (line: string) => void, warn: (line: string) => void): void {
  registry.command('migrate').description('rebuild the registry as a 4-ary tree (same leaves and indices, the next sequence names the new shape); stop issuing while it runs')
    .requiredOption('--issuer <dir>', 'issuer directory')
    .requiredOption('--capacity <n>', 'the new capacity: 4096 (4-ary, depth 6) or 1048576 (4-ary, depth 10)')
    .action((o: { issuer: string; capacity: string }) => {
      const { statement, kept } = migrateIssuerRegistry(o.issuer, shapeForCapacity(o.capacity), warn);
      print(`migrated to a ${statement.arity}-ary tree of depth ${statement.depth}: sequence ${statement.sequence}, size ${statement.size}, root ${statement.root}; the previous registry is kept as ${kept}`);
      print('publish the new root now (registry publish / serve): verifiers accept proofs against the old root for one freshness window, then only against the new one');
    });
}
