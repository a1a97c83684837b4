/**
 * The browser demo (wallet + verifier). `npm run web` serves it with Vite's dev server;
 * `vite build examples/web` writes a static site (examples/web/dist) with the artifacts copied in.
 *
 * - `zkdisclose` resolves to the package's browser entry, src/browser.ts (no Node-only modules),
 *   with src/bbs/mattr-loader.js swapped for its browser stand-in, as in the built package.
 * - bbs+2020 (@mattrglobal/bbs-signatures) needs its browser build, a stub for Node's crypto,
 *   a global Buffer and provideBbs2020Library (main.ts); bbs-2023 needs nothing.
 * - The repository's artifacts/ are served at <base>artifacts/<circuit>/<file> (dev and preview
 *   servers) and copied there by `vite build`: only what the browser needs (manifest.json,
 *   circuit.wasm, circuit.zkey, verification_key.json; not the 13 MB of r1cs). The page checks
 *   each file's sha256 against the manifest before use (fetchArtifactLoader).
 */
import { copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Plugin, defineConfig } from 'vite';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const ARTIFACTS_DIR = join(REPO, 'artifacts');
const SERVED_FILES: Record<string, string> = {
  'manifest.json': 'application/json',
  'verification_key.json': 'application/json',
  'circuit.wasm': 'application/wasm',
  'circuit.zkey': 'application/octet-stream',
};

function circuits(): string[] {
  return readdirSync(ARTIFACTS_DIR).filter((name) => existsSync(join(ARTIFACTS_DIR, name, 'manifest.json')));
}

/** Serves and copies the circuit artifacts under <base>artifacts/. */
function artifacts(): Plugin {
  let base = '/';
  let outDir = '';
  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '').split('?')[0]!;
    const prefix = `${base}artifacts/`;
    if (!path.startsWith(prefix)) return next();
    const match = /^([a-z0-9-]+)\/([a-z_.]+)$/.exec(path.slice(prefix.length));
    const type = match ? SERVED_FILES[match[2]!] : undefined;
    const file = match ? join(ARTIFACTS_DIR, match[1]!, match[2]!) : '';
    if (type === undefined || !existsSync(file)) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Length', String(statSync(file).size));
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'zkdisclose-artifacts',
    configResolved(config) {
      // A relative base ('./', for a static site deployable under any path) serves from '/'.
      base = config.base.startsWith('/') ? config.base.replace(/\/?$/, '/') : '/';
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
    // writeBundle runs only when a build writes its output (a dev server's close runs closeBundle).
    writeBundle(options) {
      const dir = options.dir ?? outDir;
      if (dir === '') return;
      for (const circuit of circuits()) {
        mkdirSync(join(dir, 'artifacts', circuit), { recursive: true });
        for (const file of Object.keys(SERVED_FILES)) copyFileSync(join(ARTIFACTS_DIR, circuit, file), join(dir, 'artifacts', circuit, file));
      }
    },
  };
}

export default defineConfig({
  root: HERE,
  base: './',
  clearScreen: false,
  resolve: {
    alias: [
      { find: /^zkdisclose$/, replacement: join(REPO, 'src', 'browser.ts') },
      { find: /^\.\/mattr-loader\.js$/, replacement: join(REPO, 'src', 'bbs', 'mattr-loader.browser.js') },
      // bbs+2020: the package's browser build (its `browser` field names a path bundlers miss),
      // and a stub for Node's crypto, which its random source requires only outside browsers.
      { find: /^@mattrglobal\/bbs-signatures$/, replacement: join(REPO, 'node_modules', '@mattrglobal', 'bbs-signatures', 'lib', 'index.web.js') },
      { find: /^crypto$/, replacement: join(HERE, 'node-crypto-stub.js') },
    ],
  },
  plugins: [artifacts()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    target: 'es2022',
    // snarkjs + ffjavascript are ~1.1 MB of the page's script: one chunk, loaded once.
    chunkSizeWarningLimit: 2048,
  },
});
