/**
 * `npm run demo:service [-- --port 5173] [-- --dir DIR]`: the demo page talking to a verifier
 * service, in one command. Starts the demo issuer and the verifier service (service-demo.ts:
 * service.json trusting that issuer, the page's origin in its CORS allow-list), then the page on
 * Vite's dev server at http://127.0.0.1:<port>/, and prints the page's URL with the query that
 * selects service mode. Ctrl-C stops everything (and removes the verifier directory unless
 * --dir named one to keep).
 */
import { createServer } from 'vite';
import { InputError } from '../../src/errors.js';
import { parseCount, untilStopped } from '../../src/cli/serving.js';
import { CONFIG } from './driver.js';
import { startServiceDemo } from './service-demo.js';

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  if (at < 0) return undefined;
  const value = process.argv[at + 1];
  if (value === undefined) throw new InputError(name, 'needs a value');
  return value;
}

async function main(): Promise<void> {
  const port = parseCount(flag('--port') ?? '5173', '--port', 1, 65535);
  const dir = flag('--dir');
  const origin = `http://127.0.0.1:${port}`;
  const demo = await startServiceDemo({ pageOrigins: [origin], ...(dir !== undefined && { dir }) });
  const page = await createServer({ configFile: CONFIG, logLevel: 'warn', server: { host: '127.0.0.1', port, strictPort: true } }).catch(async (err: unknown) => {
    await demo.close();
    throw err;
  });
  try {
    await page.listen();
  } catch (err) {
    await demo.close();
    throw new InputError('--port', `the page cannot listen on ${origin} (${(err as { code?: string }).code ?? (err as Error).message}): pick another with -- --port N`);
  }
  console.log(`demo issuer      ${demo.issuerUrl} (issuer ${demo.issuerDid.slice(0, 32)}…, key in this process only)`);
  console.log(`verifier service ${demo.serviceUrl} (policy "${demo.policy}", verifier directory ${demo.dir})`);
  console.log(`open the page:   ${origin}/${demo.query}`);
  console.log('Ctrl-C stops the page, the service and the issuer.');
  await untilStopped();
  await page.close();
  await demo.close();
}

main().catch((err: unknown) => {
  console.error(err instanceof InputError ? `error: ${err.message}` : err);
  process.exit(2);
});
